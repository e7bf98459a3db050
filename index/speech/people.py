"""People who speak in the corpus, with the names and titles they go by, learnt at index time.

Each sentence's speaker phrase (:mod:`index.speech.attribution`) is resolved to a *speaker key*:

- a phrase with a name is keyed by the name's last word, its surname («جون كيرى» and
  «كيري» are both ``كير``; «سيرغي لافروف», «سيرجى لافروف» and «لافروف» are ``لافروف``);
- a title-only phrase («وزير الخارجية الروسي», «والي المهدية») is keyed by the person that
  title named in the same article's appositions, else by the person it named everywhere it
  was used, if only one; otherwise it stays a role of its own (``role:`` plus its words);
- an institution («وزارة الداخلية», «الجامعة العامة للبلديين») is always a role of its own,
  never a person, even where a person is named beside it.

Every name, title and full phrase a key was seen with becomes one of its aliases, so a
question about «وزير الخارجية الأمريكي» or «جون كيري» finds Kerry's statements. The
registry is saved as ``people.json`` beside the index.

A question's subject is looked up (:meth:`PeopleRegistry.match`) by its name's key when it
is a name, and otherwise by the aliases that hold its words and open with its head word
(«المدير» of «المدير الجهوي للتجارة بنابل»: not «نائب المدير ...»): a subject no key answers
matches nothing, so the question is answered by relevance, not by somebody else's words.
"""

from __future__ import annotations

import functools
import json
import threading
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from index.speech.attribution import attribute_speakers, find_appositions
from index.speech.titles import (
    is_institution,
    phrase_words,
    split_name_title,
    title_head,
    token_words,
)
from index.text.normalize import normalize_arabic

__all__ = ["Apposition", "PeopleRegistry", "SpeakerMatch", "SpeakerPhrase", "find_speakers", "surname_key"]

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
    words = title.split()
    if words and words[0][:1] in ("ل", "ب") and title_head(words[0][1:]):
        words[0] = words[0][1:]  # «لوزارة الداخلية» is «وزارة الداخلية»
    return ROLE_PREFIX + " ".join(_primary(w) for w in phrase_words(" ".join(words)))


def _title_key(title: str) -> str:
    return " ".join(sorted(_primary(w) for w in phrase_words(title)))


# Countries, nationalities and Tunisian regions: a word of these that an alias adds to the
# subject puts the speaker elsewhere («وزارة الداخلية المصرية», «... للحرس الوطني بالمهدية»).
# Tunisia itself is the corpus's default and adds nothing. Nationalities are given in the
# masculine; their feminine («المصرية») follows.
_NATIONALITIES = """
مصري بحريني هندي أمريكي أميركي روسي فرنسي جزائري ليبي مغربي ألماني بريطاني إيطالي إسباني سعودي إماراتي
قطري كويتي عماني أردني لبناني سوري عراقي فلسطيني إسرائيلي إيراني تركي صيني ياباني كوري باكستاني أفغاني
يمني سوداني موريتاني نيجيري أسترالي كندي برازيلي بلجيكي هولندي سويسري سويدي يوناني أوكراني أوروبي
"""
_PLACES_ELSEWHERE = """
مصر البحرين الهند أمريكا روسيا فرنسا الجزائر ليبيا المغرب ألمانيا بريطانيا إيطاليا إسبانيا السعودية
الإمارات قطر الكويت الأردن لبنان سوريا العراق فلسطين إسرائيل إيران تركيا الصين اليابان كوريا باكستان
أفغانستان اليمن السودان أوروبا أريانة منوبة نابل زغوان بنزرت باجة جندوبة الكاف سليانة سوسة المنستير
المهدية صفاقس القيروان القصرين بوزيد قفصة توزر قبلي قابس مدنين تطاوين جربة عروس الجهة
"""
_ELSEWHERE = frozenset(
    [normalize_arabic(w) for w in _PLACES_ELSEWHERE.split()]
    + [normalize_arabic(w) + ending for w in _NATIONALITIES.split() for ending in ("", "ه")]
)


@functools.lru_cache(maxsize=65536)
def _elsewhere(token: str) -> bool:
    """Whether a word names a country, a nationality or a region («بالمهدية», «المصرية»)."""
    for prefix in ("وبال", "بال", "لل", "وال", "ال", "ب", "ل", "و", ""):
        if token.startswith(prefix) and (token[len(prefix) :] in _ELSEWHERE or "ال" + token[len(prefix) :] in _ELSEWHERE):
            return True
    return False


_Alias = tuple[str | None, list[frozenset[str]], set[int], set[int]]


def _analyse(alias: str) -> _Alias:
    """An alias as (title head, analysed words, positions of the words it joins by و to the
    name before them («وزارة الفلاحة والموارد المائية»), positions of those that name a place
    (see :func:`_elsewhere`))."""
    words: list[frozenset[str]] = []
    joined: set[int] = set()
    places: set[int] = set()
    after_and = False
    for token in alias.split():
        if token.startswith("و") and len(token) > 3 and token[1:].startswith("ال"):
            after_and = True
        for stems in token_words(token):
            if after_and:
                joined.add(len(words))
            if _elsewhere(token):
                places.add(len(words))
            words.append(stems)
    return title_head(alias), words, joined, places


@dataclass(frozen=True)
class SpeakerMatch:
    """The keys a question's subject names; ``complete`` when their aliases hold every word of
    it, ``trusted`` when one key surely is the subject (its statements need no check)."""

    keys: frozenset[str]
    complete: bool
    trusted: bool


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
        """Analyse one apposition (an institution names nobody: «وزارة الداخلية» is its own speaker)."""
        return cls(name, title, None if is_institution(title) else surname_key(name), _title_key(title))

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
    institution: bool

    @classmethod
    def of(cls, phrase: str) -> SpeakerPhrase:
        """Analyse one phrase."""
        name, title = split_name_title(phrase)
        words = name.split()
        keys = (surname_key(name), *(surname_key(" ".join(words[:end])) for end in range(len(words) - 1, 0, -1)))
        return cls(phrase, name, title, keys if name else (), _title_key(title), _role_key(title), is_institution(title))

    @classmethod
    def from_row(cls, row: Sequence) -> SpeakerPhrase:
        """Read a JSON row of its fields."""
        phrase, name, title, keys, title_key, role_key, institution = row
        return cls(phrase, name, title, tuple(keys), title_key, role_key, bool(institution))


# Speakers are named again and again: 5,746 phrases in 3,000 ANT articles, 3,218 of them distinct.
_analyse_phrase = functools.lru_cache(maxsize=1 << 14)(SpeakerPhrase.of)


def find_speakers(sentences: Sequence[str]) -> tuple[list[Apposition], list[SpeakerPhrase | None]]:
    """An article's appositions (in order) and each sentence's speaker phrase, analysed."""
    appositions = [Apposition.of(name, title) for text in sentences for name, title in find_appositions(text)]
    phrases = [_analyse_phrase(p) if p else None for p in attribute_speakers(sentences)]
    return appositions, phrases


@dataclass
class PeopleRegistry:
    """Speaker keys with their aliases; filled article by article, then saved."""

    aliases: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _title_people: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _pending: list[tuple[int, SpeakerPhrase]] = field(default_factory=list)
    _raw_by_head: dict[str | None, list[tuple[str, str]]] | None = None
    _analysed: dict[str, list[tuple[str, _Alias]]] = field(default_factory=dict)
    _stems_by_head: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def learn(
        self, sids: Sequence[int], appositions: Sequence[Apposition], phrases: Sequence[SpeakerPhrase | None]
    ) -> dict[int, str]:
        """Learn from one article's :func:`find_speakers` findings; return the speaker key of each sentence resolved now.

        Title-only speakers that the article itself cannot resolve wait for
        :meth:`resolve_pending`, when every article's appositions are known.
        """
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
        if phrase.institution:
            self.aliases[phrase.role_key].add(phrase.title)
            return phrase.role_key
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

    def match(self, subject: str) -> SpeakerMatch:
        """The speaker keys that name ``subject``.

        A name («جون كيري», «الجنرال دانفورد») is its surname's key, if that key speaks. A
        title or an institution matches the aliases that open with its head word («المدير» of
        «المدير الجهوي للتجارة بنابل», not «نائب المدير ...»; «الرئيس التركي», not «رئيس
        الوزراء التركي») and hold the most of its words: all of them, or all but one of three
        or more, so «وزير الخارجية الروسي» is Lavrov's title and not Kerry's «وزير الخارجية
        الأمريكي». Of these, those that add no other country or region win: «وزارة الداخلية»
        is not «وزارة الداخلية المصرية», «المتحدث باسم الحرس الوطني» not the one «بالمهدية».
        """
        normal = normalize_arabic(subject)
        words = phrase_words(normal)
        if not words:
            return SpeakerMatch(frozenset(), False, False)
        head = title_head(normal)
        if head is None:
            return self._match_name(normal)
        allowed_missing = 1 if len(words) >= 3 else 0
        best: tuple[int, int] | None = None
        keys: set[str] = set()
        headed = self._headed(head)
        found_in = self._words_found(head, words)
        for position in sorted(p for p, found in found_in.items() if len(words) - found <= allowed_missing):
            key, (_, alias, joined, places) = headed[position]
            found = found_in[position]
            elsewhere = sum(
                1
                for i, a in enumerate(alias)
                if i in places and i not in joined and not any(a & w for w in words)
            )
            score = (found, -elsewhere)
            if best is None or score > best:
                best, keys = score, {key}
            elif score == best:
                keys.add(key)
        if best is None:
            return SpeakerMatch(frozenset(), False, False)
        complete = best[0] == len(words)
        return SpeakerMatch(frozenset(keys), complete, complete and len(keys) == 1)

    def _match_name(self, subject: str) -> SpeakerMatch:
        name, _ = split_name_title(subject)
        key = surname_key(name or subject)
        if key is None or key not in self.aliases:
            return SpeakerMatch(frozenset(), False, False)
        return SpeakerMatch(frozenset({key}), True, not self._other_first_names(key, name or subject))

    def _other_first_names(self, key: str, name: str) -> bool:
        """Whether ``key`` also stands for someone of the same surname and another first name
        («زهرة ادريس» beside «هشام ادريس»): then a name's first word must be checked."""
        words = phrase_words(name)
        if len(words) < 2:
            return False
        for alias in self.aliases.get(key, ()):
            other, _ = split_name_title(alias)
            other_words = phrase_words(other)
            if len(other_words) >= 2 and surname_key(other) == key and not (other_words[0] & words[0]):
                return True
        return False

    def _headed(self, head: str) -> list[tuple[str, _Alias]]:
        """The aliases whose title head is ``head``, analysed (see :func:`_analyse`) on first use.

        Aliases are filed by head once (a cheap look at their first words); a lookup analyses
        and compares only its own head's aliases («وزير ...», «وزارة ...»), never every alias.
        """
        with self._lock:
            if self._raw_by_head is None:
                by_head: dict[str | None, list[tuple[str, str]]] = defaultdict(list)
                for key, names in self.aliases.items():
                    for alias in names:
                        by_head[title_head(alias)].append((key, alias))
                self._raw_by_head = dict(by_head)
            if head not in self._analysed:
                self._analysed[head] = [(key, _analyse(alias)) for key, alias in self._raw_by_head.get(head, ())]
            return self._analysed[head]

    def _words_found(self, head: str, words: Sequence[frozenset[str]]) -> Counter[int]:
        """For each alias of ``head`` (by position in :meth:`_headed`) that shares a stem with any
        of ``words``: how many of ``words`` it holds. Through an index of the head's aliases by
        stem, built on first use: a common head («وزير», «رئيس») has thousands of aliases."""
        headed = self._headed(head)
        with self._lock:
            by_stem = self._stems_by_head.get(head)
            if by_stem is None:
                by_stem = defaultdict(list)
                for position, (_, (_, alias, _, _)) in enumerate(headed):
                    for stem in {stem for word in alias for stem in word}:
                        by_stem[stem].append(position)
                self._stems_by_head[head] = by_stem = dict(by_stem)
        found: Counter[int] = Counter()
        for word in words:
            found.update({position for stem in word for position in by_stem.get(stem, ())})
        return found

    def save(self, path: Path) -> None:
        """Write the registry as JSON to ``path`` (a build's ``people.json``)."""
        payload = {key: sorted(names) for key, names in sorted(self.aliases.items())}
        path.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> PeopleRegistry:
        """Read a registry saved by :meth:`save`; an index without one has no known speakers."""
        registry = cls()
        if path.is_file():
            for key, names in json.loads(path.read_text(encoding="utf-8")).items():
                registry.aliases[key].update(names)
        return registry

