"""People who speak in the corpus, with the names and titles they go by, learnt at index time.

Each sentence's speaker phrase (:mod:`index.speakers`) is resolved to a *speaker key*:

- a phrase with a name is keyed by the name's last word, its surname («جون كيرى» and
  «كيري» are both ``كير``; «سيرغي لافروف», «سيرجى لافروف» and «لافروف» are ``لافروف``);
- a title-only phrase («وزير الخارجية الروسي») is keyed by the person that title named in
  the same article's appositions, else by the person it named everywhere it was used, if
  only one; otherwise it stays a role of its own (``role:`` plus its words).

Every name, title and full phrase a key was seen with becomes one of its aliases, so a
question about «وزير الخارجية الأمريكي» or «جون كيري» finds Kerry's statements. The
registry is saved as ``people.json`` beside the index.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from index.layout import PEOPLE_NAME
from index.speakers import attribute_speakers, find_appositions, phrase_words, split_name_title

__all__ = ["Apposition", "PeopleRegistry", "SpeakerPhrase", "alias_closeness", "find_speakers", "surname_key"]

ROLE_PREFIX = "role:"


def _primary(stems: frozenset[str]) -> str:
    """One stable stem for a word's variants: the shortest, then the first in order."""
    return min(stems, key=lambda s: (len(s), s))


def surname_key(name: str) -> str | None:
    """The key of a name: its last word's primary stem."""
    words = phrase_words(name)
    if not words:
        return None
    return _primary(words[-1])


def _role_key(title: str) -> str:
    return ROLE_PREFIX + " ".join(_primary(w) for w in phrase_words(title))


def _title_key(title: str) -> str:
    return " ".join(sorted(_primary(w) for w in phrase_words(title)))


def alias_closeness(subject: Sequence[frozenset[str]], alias: Sequence[frozenset[str]]) -> float:
    """How closely an alias names the subject, from 0 (not at all) to 1 (word for word).

    The share of subject words the alias contains, over the longer of the two: an alias
    that says more («الناطق باسم الرئيس التركي») is less close than the title itself
    («الرئيس التركي»). One subject word may be missing when the subject has three words
    or more («مدير المرصد السوري» is «مدير المرصد»); a subject with fewer misses nothing.
    """
    if not subject or not alias:
        return 0.0
    found = sum(1 for word in subject if any(word & a for a in alias))
    missing = len(subject) - found
    if missing > (1 if len(subject) >= 3 else 0):
        return 0.0
    return found / max(len(alias), len(subject))


class Apposition(NamedTuple):
    """A ``(name, title)`` apposition with the keys the registry files it under (computed once, cached).

    A named tuple, not a dataclass: a build reads one per apposition of the whole corpus.
    """

    name: str
    title: str
    key: str | None
    title_key: str

    @classmethod
    def of(cls, name: str, title: str) -> Apposition:
        """Analyse one apposition."""
        return cls(name, title, surname_key(name), _title_key(title))

    @classmethod
    def from_row(cls, row: Sequence) -> Apposition:
        """Read a JSON row of its fields."""
        return cls(*row)


class SpeakerPhrase(NamedTuple):
    """A sentence's speaker phrase, split and keyed (computed once, cached; a named tuple, like :class:`Apposition`).

    ``keys`` are the candidate keys of its name in the order the registry tries them: the
    surname's, then those of ever shorter leading words («انتقد لافروف فشل واشنطن»: the
    object ran into the name); ``None`` where a part has no words.
    """

    phrase: str
    name: str
    title: str
    keys: tuple[str | None, ...]
    title_key: str
    role_key: str

    @classmethod
    def of(cls, phrase: str) -> SpeakerPhrase:
        """Analyse one phrase."""
        name, title = split_name_title(phrase)
        words = name.split()
        keys = (surname_key(name), *(surname_key(" ".join(words[:end])) for end in range(len(words) - 1, 0, -1)))
        return cls(phrase, name, title, keys if name else (), _title_key(title), _role_key(title))

    @classmethod
    def from_row(cls, row: Sequence) -> SpeakerPhrase:
        """Read a JSON row of its fields."""
        phrase, name, title, keys, title_key, role_key = row
        return cls(phrase, name, title, tuple(keys), title_key, role_key)


def find_speakers(sentences: Sequence[str]) -> tuple[list[Apposition], list[SpeakerPhrase | None]]:
    """An article's appositions (in order) and each sentence's speaker phrase, analysed."""
    appositions = [Apposition.of(name, title) for text in sentences for name, title in find_appositions(text)]
    phrases = [SpeakerPhrase.of(p) if p else None for p in attribute_speakers(sentences)]
    return appositions, phrases


@dataclass
class PeopleRegistry:
    """Speaker keys with their aliases; filled article by article, then saved."""

    aliases: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _title_people: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _pending: list[tuple[int, SpeakerPhrase]] = field(default_factory=list)
    _analysed: dict[str, list[list[frozenset[str]]]] | None = None

    def add_article(self, sids: Sequence[int], sentences: Sequence[str]) -> dict[int, str]:
        """Learn from one article; return the speaker key of each sentence resolved now.

        Title-only speakers that the article itself cannot resolve wait for
        :meth:`resolve_pending`, when every article's appositions are known.
        """
        return self.learn(sids, *find_speakers(sentences))

    def learn(
        self, sids: Sequence[int], appositions: Sequence[Apposition], phrases: Sequence[SpeakerPhrase | None]
    ) -> dict[int, str]:
        """:meth:`add_article` from the article's :func:`find_speakers` (which builds cache per article)."""
        local: dict[str, str] = {}
        for found in appositions:
            if found.key:
                local[found.title_key] = found.key
                self._title_people[found.title_key].add(found.key)
                self.aliases[found.key].update((found.name, found.title, f"{found.name} {found.title}"))
        keys: dict[int, str] = {}
        for sid, phrase in zip(sids, phrases):
            if phrase is not None:
                key = self._key_for(phrase, local)
                if key is None:
                    self._pending.append((sid, phrase))
                else:
                    keys[sid] = key
        return keys

    def _key_for(self, phrase: SpeakerPhrase, local: dict[str, str]) -> str | None:
        self_key = self._known_key(phrase.keys)
        if self_key:
            self.aliases[self_key].update(a for a in (phrase.name, phrase.phrase) if a)
            if phrase.title:
                self.aliases[self_key].add(phrase.title)
            return self_key
        return local.get(phrase.title_key)

    def _known_key(self, keys: Sequence[str | None]) -> str | None:
        """The name's surname key; when that is new but an earlier word is a known person,
        that person («انتقد لافروف فشل واشنطن»: the object ran into the name)."""
        if not keys:
            return None
        for key in keys:
            if key in self.aliases:
                return key
        return keys[0]

    def resolve_pending(self) -> dict[int, str]:
        """Keys for title-only speakers, from appositions anywhere in the corpus."""
        keys: dict[int, str] = {}
        for sid, phrase in self._pending:
            people = self._title_people.get(phrase.title_key, set())
            key = next(iter(people)) if len(people) == 1 else phrase.role_key
            self.aliases[key].add(phrase.title)
            keys[sid] = key
        self._pending.clear()
        return keys

    def matching_keys(self, subject: str) -> set[str]:
        """The speaker keys whose aliases name ``subject`` most closely.

        See :func:`alias_closeness`: «وزير الخارجية الروسي» is Lavrov's title word for word
        and only two words of Kerry's «وزير الخارجية الأمريكي», so only Lavrov matches.
        """
        words = phrase_words(subject)
        if self._analysed is None:
            self._analysed = {key: [phrase_words(a) for a in names] for key, names in self.aliases.items()}
        closeness = {key: max(alias_closeness(words, a) for a in aliases) for key, aliases in self._analysed.items()}
        best = max(closeness.values(), default=0.0)
        return {key for key, value in closeness.items() if value > 0 and value >= best}

    def save(self, directory: Path) -> None:
        """Write ``people.json`` into ``directory``."""
        payload = {key: sorted(names) for key, names in sorted(self.aliases.items())}
        (directory / PEOPLE_NAME).write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> PeopleRegistry:
        """Read ``people.json``; an index without one has no known speakers."""
        path = directory / PEOPLE_NAME
        registry = cls()
        if path.is_file():
            for key, names in json.loads(path.read_text(encoding="utf-8")).items():
                registry.aliases[key].update(names)
        return registry

