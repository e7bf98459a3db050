"""Names across scripts: the Arabic words an English or French question means by its Latin names.

«What did Chahed say about corruption?» shares no word with an Arabic archive, so the lexical leg
finds nothing and the speaker path has no subject. Here each Latin name of the question (a word
written with a capital letter, not a question or function word) is matched against the index's
own Arabic vocabulary by its *sound skeleton*:

- both sides become a sequence of consonant classes and vowel slots: «الشاهد» → ش ا ه د →
  ``S [a] h d``; "Chahed" → ``S [a] h [ae] d`` (ch/sh → ش, kh → خ, gh → غ, ou → و, x → ks ...);
- the consonants must agree (Latin doubled letters count once; ع and hamza are silent), and the
  Arabic stem may stop one suffix consonant short («قيروان» is stemmed «قيرو»: "Kairouan");
- among the stems that agree, those whose long vowels (ا و ي ة) the Latin spelling also writes
  win, then the most frequent: "Kerry" is «كيري», not «كرة».

A small glossary (:mod:`retrieval.crossscript.glossary`) gives the news words that name roles and institutions
(minister → وزير, ministry → وزارة ...). What comes out is added to the question's lexical query.
The vocabulary's skeletons are computed once per open index, on the first Latin question.
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from index.text.analyze import analyze_words
from retrieval.crossscript.glossary import GLOSSARY

__all__ = ["Bridge", "arabic_phrase", "arabic_skeleton", "bridged_words", "bridge_question", "latin_names", "latin_skeleton"]

# Vowel slots: which long vowel (or none) a position may stand for.
_A, _I, _U = "a", "i", "u"

_ARABIC_CONSONANTS = {
    "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "K", "د": "d", "ذ": "d", "ر": "r", "ز": "z",
    "س": "s", "ش": "S", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "G", "ف": "f", "ڤ": "f", "ق": "k",
    "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "پ": "b", "چ": "S", "گ": "k",
}
_ARABIC_VOWELS = {"ا": _A, "أ": _A, "إ": _A, "آ": _A, "ى": _A, "ة": _A, "و": _U, "ي": _I}
_ARABIC_SILENT = frozenset("عءئؤ")

# Latin spellings, longest first; each maps to consonant classes (any may match) or a vowel set.
_LATIN_UNITS: tuple[tuple[str, tuple[str, ...] | frozenset[str]], ...] = (
    ("sch", ("S",)), ("tch", ("S",)), ("ch", ("S",)), ("sh", ("S",)), ("kh", ("K", "k")), ("gh", ("G",)),
    ("th", ("t", "d")), ("dh", ("d",)), ("ph", ("f",)), ("dj", ("j",)), ("ck", ("k",)), ("qu", ("k",)),
    ("ou", frozenset(_U)), ("oo", frozenset(_U)), ("ee", frozenset(_I)), ("ai", frozenset(_A + _I)),
    ("ei", frozenset(_A + _I)), ("ay", frozenset(_A + _I)),
    ("a", frozenset(_A)), ("e", frozenset(_A + _I)), ("i", frozenset(_I)), ("y", frozenset(_I)),
    ("o", frozenset(_U)), ("u", frozenset(_U)), ("w", frozenset(_U)),
    ("b", ("b",)), ("p", ("b",)), ("t", ("t",)), ("d", ("d",)), ("j", ("j",)), ("g", ("j", "k")),
    ("h", ("h",)), ("k", ("k", "K")), ("q", ("k",)), ("c", ("k", "s")),
    ("r", ("r",)), ("z", ("z", "s")), ("s", ("s", "z")), ("f", ("f",)), ("v", ("f",)), ("l", ("l",)),
    ("m", ("m",)), ("n", ("n",)),
)
#: Consonants an Arabic stem may have lost to its suffix (ان ون ين ات ت ه): "Kairouan" → «قيرو».
_SUFFIX_CONSONANTS = frozenset("nth")
#: The Latin article glued to a name ("El", "Al", and "Es", "Ech" ... before their sun letter).
_LATIN_ARTICLE = re.compile(r"^(?:el|al|al-|el-)|^[ae](?=(ss|tt|zz|dd|rr|nn|ch|sh|ch)[aeiouy])")

#: Endings that Arabic stemming removes (ية, ة, ي, ان, ون, ين), as Latin spellings write them.
_LATIN_ENDING = re.compile(r"(?<=[^aeiouy])(?:iyya|iya|ia|ah|a|e|i|y|an|oun|ine|in)$")

#: Words that start a question or tie it together, capitalised or not: never a name.
_FUNCTION_WORDS = frozenset("""
what who whom whose which when where why how did does do is are was were has have had will would can could
should the a an of in on at to for from by with about and or but not no as than that this these those it its
his her their there according said say says tell told latest last first new
que qu quoi qui quel quelle quels quelles quand ou où pourquoi comment combien est sont a ont été le la les
l un une des du de d et ou mais pas ne en dans sur pour par avec selon dit dire déclaré annoncé au aux ce cette
ces son sa ses leur leurs il elle ils elles y
""".split())


_LATIN_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’-]*")


@dataclass(frozen=True)
class Bridge:
    """What a Latin question means in the archive's words: each entry a word's Arabic stem variants."""

    names: dict[str, tuple[str, ...]]
    glossed: dict[str, tuple[str, ...]]

    @property
    def words(self) -> list[tuple[str, ...]]:
        """Every bridged word's stems, names first, for the lexical query."""
        return [*self.names.values(), *self.glossed.values()]


def _fold(word: str) -> str:
    """Lowercase without accents: "Sfax" → "sfax", "Béja" → "beja"."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


def latin_skeleton(word: str) -> tuple[tuple[frozenset[str] | None, tuple[str, ...]], ...]:
    """A Latin word as ``(vowels before it, consonant classes)`` per consonant, then the trailing vowels.

    Each element pairs the vowel slot that precedes a consonant (None when none is written)
    with the classes that consonant may be; the last element has no classes and holds the
    vowels after the last consonant.
    """
    text = re.sub(r"[^a-z]", "", _fold(word)).replace("x", "ks")
    units: list[tuple[str, ...] | frozenset[str]] = []
    i = 0
    while i < len(text):
        for spelling, value in _LATIN_UNITS:
            if text.startswith(spelling, i):
                units.append(value)
                i += len(spelling)
                break
        else:
            i += 1
    out: list[tuple[frozenset[str] | None, tuple[str, ...]]] = []
    vowels: set[str] = set()
    for unit in units:
        if isinstance(unit, frozenset):
            vowels |= unit
            continue
        if out and not vowels and out[-1][1] == unit:
            continue  # a doubled letter ("ss", "nn") is one consonant
        out.append((frozenset(vowels) or None, unit))
        vowels = set()
    out.append((frozenset(vowels) or None, ()))
    return tuple(out)


def arabic_skeleton(stem: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """An Arabic stem (normalised) as its consonant classes and the long vowels before each and after the last."""
    consonants: list[str] = []
    slots: list[tuple[str, ...]] = []
    vowels: list[str] = []
    for ch in stem:
        if ch in _ARABIC_CONSONANTS:
            c = _ARABIC_CONSONANTS[ch]
            if consonants and not vowels and consonants[-1] == c:
                continue
            consonants.append(c)
            slots.append(tuple(vowels))
            vowels = []
        elif ch in _ARABIC_VOWELS:
            vowels.append(_ARABIC_VOWELS[ch])
        elif ch not in _ARABIC_SILENT:
            return (), ()
    slots.append(tuple(vowels))
    return tuple(consonants), tuple(slots)


def _vowel_score(written: frozenset[str] | None, arabic: tuple[str, ...]) -> int:
    """+1 when a long vowel of the stem is written in the Latin spelling, -1 when it is not."""
    if not arabic:
        return 0
    return 1 if written and any(v in written for v in arabic) else -1


def _match(latin: tuple, consonants: tuple[str, ...], slots: tuple[tuple[str, ...], ...]) -> int | None:
    """How well a stem fits a Latin skeleton (higher is better), or None when its consonants disagree."""
    letters = latin[:-1]
    extra = len(letters) - len(consonants)
    if extra not in (0, 1) or not consonants:
        return None
    if extra == 1 and not (_SUFFIX_CONSONANTS & set(letters[-1][1])):
        return None
    for (_, classes), c in zip(letters, consonants):
        if c not in classes:
            return None
    # Vowels between consonants count both ways; a stem's final vowel only against it ("Kerry" is not
    # «قيرو»), since a stem has lost the ending its Latin spelling keeps.
    score = sum(_vowel_score(letters[i][0], slots[i]) for i in range(1, len(consonants)))
    after = latin[len(consonants)][0] if extra == 0 else letters[len(consonants)][0]
    score += min(_vowel_score(after, slots[-1]), 0)
    return score * 2 - extra


def latin_names(question: str) -> list[str]:
    """The words of a question that name someone or something: capitalised, not function words."""
    names = []
    for match in _LATIN_WORD.finditer(question):
        word = match.group(0).strip("'’-")
        for part in re.split(r"[-'’]", word):
            if len(part) >= 3 and part[0].isupper() and _fold(part) not in _FUNCTION_WORDS \
                    and _fold(part) not in GLOSSARY:
                names.append(part)
    return list(dict.fromkeys(names))


class _Vocabulary:
    """The index's Arabic stems by consonant skeleton, with their document frequencies."""

    def __init__(self, stems: Iterable[tuple[str, int]], min_df: int) -> None:
        self.by_consonants: dict[tuple[str, ...], list[tuple[str, tuple, int]]] = {}
        for stem, df in stems:
            if df < min_df:
                continue
            consonants, slots = arabic_skeleton(stem)
            if len(consonants) >= 2:
                self.by_consonants.setdefault(consonants, []).append((stem, slots, df))

    def lookup(self, word: str, limit: int = 2) -> tuple[str, ...]:
        """The best stems for a Latin word (with and without a glued article), best first."""
        found: dict[str, tuple[int, int]] = {}
        folded = _fold(word)
        bare = _LATIN_ARTICLE.sub("", folded)
        # The stem lost the ending the Latin spelling keeps: "Mahdia" «المهدية» is stemmed «مهد».
        spellings = {folded, bare, *(_LATIN_ENDING.sub("", w) for w in (folded, bare))}
        for spelling in spellings:
            skeleton = latin_skeleton(spelling)
            letters = len(skeleton) - 1
            if letters < 2:
                continue
            for consonants in _consonant_choices(skeleton, letters):
                for stem, slots, df in self.by_consonants.get(consonants, ()):
                    score = _match(skeleton, consonants, slots)
                    if score is not None and (score, df) > found.get(stem, (-99, 0)):
                        found[stem] = (score, df)
        if not found:
            return ()
        # A written long vowel counts as much as a hundredfold frequency: «الشاهد» beats «شهد» for
        # "Chahed", but the frequent «جربة» beats the rare «جوارب» for "Djerba".
        ranked = sorted(found, key=lambda s: -(2 * found[s][0] + math.log10(found[s][1])))
        return tuple(ranked[:limit])


def _consonant_choices(skeleton: tuple, letters: int) -> list[tuple[str, ...]]:
    """Every consonant-class sequence a Latin skeleton may spell (with its last letter as a lost suffix too)."""
    options: list[tuple[str, ...]] = [()]
    for _, classes in skeleton[:-1]:
        # A long name of ambiguous letters keeps each letter's first reading once 64 readings are out.
        choices = classes if len(options) * len(classes) <= MAX_READINGS else classes[:1]
        options = [o + (c,) for o in options for c in choices]
    shorter = {o[:-1] for o in options} if letters > 2 else set()
    return [*options, *sorted(shorter)]


#: The most consonant readings of one Latin spelling that are looked up.
MAX_READINGS = 64
_VOCABULARIES: WeakKeyDictionary = WeakKeyDictionary()
_LOCK = threading.Lock()
#: Stems seen in fewer sentences are not taken for a name: typos and one-off spellings.
MIN_NAME_DF = 2


def _vocabulary(lexical: object) -> _Vocabulary:
    with _LOCK:
        vocabulary = _VOCABULARIES.get(lexical)
        if vocabulary is None:
            vocabulary = _Vocabulary(lexical.document_frequencies(), MIN_NAME_DF)  # type: ignore[attr-defined]
            _VOCABULARIES[lexical] = vocabulary
    return vocabulary


def _glossed(question: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for match in _LATIN_WORD.finditer(question):
        arabic = GLOSSARY.get(match.group(0).lower())
        if arabic:
            for word in analyze_words(arabic):
                out.setdefault(" ".join(word), word)
    return out


def bridge_question(lexical: object, question: str) -> Bridge:
    """The Arabic stems that a Latin-script question's names and news words stand for in this index.

    Args:
        lexical: The index's :class:`index.parts.lexical.LexicalIndex`.
        question: The question as typed.
    """
    vocabulary = _vocabulary(lexical)
    names = {}
    for name in latin_names(question):
        stems = vocabulary.lookup(name)
        if stems:
            names[name] = stems
    return Bridge(names, _glossed(question))


def arabic_phrase(lexical: object, text: str) -> str:
    """A Latin phrase («Youssef Chahed», "the Ministry of Health") in the index's Arabic words, in order;
    empty when none of its words has an Arabic form."""
    names = set(latin_names(text))
    vocabulary = _vocabulary(lexical) if names else None
    out = []
    for match in _LATIN_WORD.finditer(text):
        for part in re.split(r"[-'’]", match.group(0)):
            if part in names and vocabulary is not None:
                out.extend(vocabulary.lookup(part, limit=1))
            elif part.lower() in GLOSSARY:
                out.append(GLOSSARY[part.lower()])
    return " ".join(out)


def bridged_words(lexical: object, question: str, words: Sequence[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """A Latin question's analysed words with the ones the index does not know replaced by the bridge;
    the words as they were when nothing bridges (the dense leg answers, and the question is no empty one)."""
    bridged = bridge_question(lexical, question).words
    if not bridged:
        return list(words)
    known = [w for w in words if any(lexical.known(list(w)))]  # type: ignore[attr-defined]
    return [*known, *bridged]
