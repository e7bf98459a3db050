"""Speaker phrases word by word: a sentence's tokens, titles and their head words, names apart from titles.

Pure text logic over one phrase or sentence, shared by :mod:`index.speech.attribution` (who speaks)
and :mod:`index.speech.people` (who is who).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from index.speech.lexicon import (
    COMPOUND_SECONDS,
    HEAD_WORDS,
    HONORIFICS,
    INSTITUTION_WORDS,
    JOINING,
    L_NAMES,
    MAKSURA_FOLDED,
    MAX_NAME_WORDS,
    NAME_JOINERS,
    NAME_LIKE_HEADS,
    NOT_NAMES,
    PHRASE_STOPS,
    PLACES,
    ROLE_WORDS,
    SAME_HEAD,
    SPEECH_VERBS,
    SYNONYMS,
    TWO_WORD_PLACES,
    UNSPLIT,
)
from index.text.analyze import STOP_WORDS, analyze_words, unfolded_tokens
from index.text.normalize import normalize_arabic

__all__ = [
    "VERB_TOKENS",
    "bare_word",
    "head_of",
    "is_institution",
    "phrase_words",
    "speech_tokens",
    "speech_verb",
    "split_name_title",
    "title_head",
    "token_words",
]


def speech_tokens(text: str) -> list[str]:
    """Normalised words and punctuation; «على»/«إلى» keep their alef maksura, so that they stay
    apart from the name «علي» and the governor «والي» once ى and ي are folded."""
    return list(_cached_tokens(text))


@functools.lru_cache(maxsize=4096)
def _cached_tokens(text: str) -> tuple[str, ...]:
    raw = unfolded_tokens(text)
    # Word by word, so that a character whose lower case adds a mark («İ») cannot split a word;
    # the words are NFC and unmarked already, so this is the sentence's normalisation, cut up.
    folded = [_normalized_word(word) for word in raw]
    if MAKSURA_FOLDED.isdisjoint(folded):
        return tuple(folded)
    out = []
    for word, token in zip(raw, folded):
        if token in MAKSURA_FOLDED and (word.endswith("ى") or "إ" in word):
            token = token[:-1] + "ى"
        out.append(token)
    return tuple(out)


# Words repeat: most of a sentence's are looked up, not normalised again.
_normalized_word = functools.lru_cache(maxsize=1 << 16)(normalize_arabic)


# bare_word and head_of are pure functions of one word, asked of every word of every sentence
# (and again of a phrase's words): a news vocabulary is small next to its token count.
@functools.lru_cache(maxsize=1 << 16)
def bare_word(token: str) -> str:
    """A token without a leading conjunction و/ف, for matching verbs and stops («وعبر» is «عبر»)."""
    if len(token) > 3 and token[0] in "وف" and token not in UNSPLIT and token not in HEAD_WORDS:
        if token[1:] in SPEECH_VERBS or token[1:] in PHRASE_STOPS:
            return token[1:]
    return token


#: Every token that is a speech verb under ``bare_word`` (the verbs, with و or ف before them).
VERB_TOKENS = frozenset(t for v in SPEECH_VERBS for t in (v, "و" + v, "ف" + v) if bare_word(t) in SPEECH_VERBS)


@functools.lru_cache(maxsize=1 << 16)
def head_of(word: str) -> str | None:
    """The head word a token carries under its article and prepositions («للنقابة» → «نقابه»)."""
    for prefix in ("", "و", "ف"):
        if prefix and not word.startswith(prefix):
            continue
        rest = word[len(prefix) :]
        for article in ("ال", "لل", "بال", "كال", "ل", "ب", ""):
            if rest.startswith(article) and rest[len(article) :] in HEAD_WORDS and len(rest) > len(article) + 1:
                return rest[len(article) :]
    return None


def _definite(word: str) -> bool:
    """Whether a word carries the article, under any proclitic («الجهوي», «للتجارة», «بالمهدية»)."""
    if word in HEAD_WORDS:  # «والي» is a governor, not و + ال
        return False
    return word.startswith(("ال", "لل", "بال", "وال", "كال", "فال", "ولل", "وبال")) and len(word) > 3


def _is_honorific(words: Sequence[str], i: int) -> bool:
    """A rank or honorific standing before a name («العقيد منير», not «العميد» of a faculty)."""
    return words[i] in HONORIFICS and i + 1 < len(words) and not _definite(words[i + 1])


def _is_head(words: Sequence[str], i: int) -> bool:
    head = head_of(words[i])
    if head is None or _is_honorific(words, i):
        return False
    return head not in NAME_LIKE_HEADS or i == 0 or _definite(words[i])


def is_institution(title: str) -> bool:
    """Whether a title names an institution («وزاره الداخليه») rather than an official's role."""
    words = title.split()
    return bool(words) and head_of(words[0]) in INSTITUTION_WORDS


def title_head(phrase: str) -> str | None:
    """The head word of a phrase that opens with a title or an institution, honorifics skipped.

    Feminine and synonymous heads are one («المتحدثة», «الناطق»: «متحدث»). A head that
    takes a genitive is returned with it marked by «+» («رئيس+» of «رئيس الوزراء
    التركي»), as it names another office than the bare head («الرئيس التركي»); «عام» and
    «باسم» after a head are no genitive («كاتب عام النقابة» is «الكاتب العام للنقابة»).
    """
    words = phrase.split()
    i = 0
    while i < len(words) and _is_honorific(words, i):
        i += 1
    if i >= len(words) or not _is_head(words, i):
        return None
    head = head_of(words[i])
    construct = not _definite(words[i]) and words[i] == head and i + 1 < len(words) and words[i + 1] not in JOINING
    if head.endswith("ه") and head[:-1] in ROLE_WORDS:
        head = head[:-1]  # «المتحدثة» holds the office of «المتحدث»
    head = SAME_HEAD.get(head, head)
    return f"{head}+" if construct else head


def _place_at(words: Sequence[str], i: int) -> int:
    """How many words a place after a preposition takes at ``i`` («بنابل» 1, «ببن عروس» 2), else 0."""
    word = words[i]
    if word[:1] not in ("ب", "ل") or len(word) < 3:
        return 0
    if word[1:] in PLACES and len(word) > 3:
        return 1
    if i + 1 < len(words) and (word[1:], words[i + 1]) in TWO_WORD_PLACES:
        return 2
    return 0


def _prepositional_construct(words: Sequence[str], i: int) -> bool:
    word = words[i]
    return (
        word[:1] == "ل"
        and len(word) > 3
        and not _definite(word)
        and word not in L_NAMES
        and i + 1 < len(words)
        and _definite(words[i + 1])
    )


def _title_end(words: Sequence[str], start: int, name_follows: bool = True) -> int:
    """Where a title that begins at ``start`` ends.

    It runs over definite words («الجهوي», «للتجارة»), heads («لنقابة»), «باسم», places after a
    preposition («بنابل», «ببن عروس») and the genitive of an indefinite word («والي سوسة»,
    «وزير خارجية روسيا»); it ends at an honorific or a name («... قيس اليازيدي»). After a name
    (``name_follows`` false: «سامي رابح، الكاتب العام لنقابة أطباء أسنان تونس») only an honorific
    or a bare head after a complete title («..., مراسل الجوهرة») ends it.
    """
    i = start + 1
    construct = not _definite(words[start])  # an indefinite head takes a genitive after it
    while i < len(words):
        word = words[i]
        if _is_honorific(words, i):
            break
        if construct and i + 1 < len(words) and (word, words[i + 1]) in TWO_WORD_PLACES:
            i, construct = i + 2, False
            continue
        place = _place_at(words, i)
        if place:
            i, construct = i + place, False
            continue
        head = head_of(word)
        # «لأصحاب النزل», «لحفظ الصحة»: a preposition, a noun and its genitive, unless a first
        # name («لطفي المرايحي»).
        if _prepositional_construct(words, i):
            i, construct = i + 1, True
            continue
        # A bare head after a complete title starts another phrase («..., مراسل الجوهرة»).
        if not (construct or _definite(word) or (head and head != word) or word in JOINING):
            if name_follows or head == word:
                break
        # Heads in construct take a genitive in turn («لنقابة أطباء»), other genitives do not
        # («وزير خارجية روسيا سيرغي لافروف»: the name is not part of the title).
        construct = (head is not None and not _definite(word)) or word in JOINING
        i += 1
    return i


# An article's phrases are split once for its appositions and again for its speakers.
@functools.lru_cache(maxsize=4096)
def split_name_title(phrase: str) -> tuple[str, str]:
    """Split a speaker phrase into its name and its title.

    «جون كيرى وزير الخارجية الامريكي» → («جون كيرى», «وزير الخارجية الامريكي»);
    «وزير الخارجية الروسي سيرغي لافروف» → («سيرغي لافروف», «وزير الخارجية الروسي»);
    «المدير الجهوي للتجارة بباجة قيس اليازيدي» → («قيس اليازيدي», «المدير الجهوي للتجارة بباجة»);
    honorifics before a name («العقيد», «الدكتور») are dropped; a phrase with no title word is
    all name, one that is all title («وزارة الداخلية») has no name.
    """
    words = phrase.split()
    title_at = next((i for i in range(len(words)) if _is_head(words, i)), None)
    if title_at is None:
        return _name_only(_without_honorifics(words)), ""
    end = _title_end(words, title_at, name_follows=title_at == 0)
    title = " ".join(words[title_at:end])
    if title_at > 0:
        return _name_only(_without_honorifics(words[:title_at])), title
    name = _name_only(_without_honorifics(words[end:]))
    # What follows a title is its holder's full name («والي سوسة فتحي بديرة»), or the rest of
    # the sentence («وزارة الداخلية فقد أسفرت», «الوزارة جميع وسائل الإعلام»): that is no name.
    return (name if len(name.split()) >= 2 and _looks_like_name(name) else ""), title


def _looks_like_name(name: str) -> bool:
    words = name.split()
    if not words or any(w in STOP_WORDS or w in NOT_NAMES for w in words):
        return False
    first = words[0]
    if head_of(first) is not None:
        return False  # «وزارة الداخلية إدارة شرطة المرور»: another title
    verb_like = first.endswith(("ت", "وا")) and first.startswith(("ت", "ي", "ا")) and len(first) > 4
    return not verb_like and speech_verb(first) is None


def _without_honorifics(words: Sequence[str]) -> list[str]:
    return [w for i, w in enumerate(words) if not _is_honorific(words, i)]


def _name_only(words: list[str]) -> str:
    """The name at the head of ``words``.

    A name ends where a definite word begins, which is where the verb's object starts
    («دعا لافروف المعارضة السورية»), except after «عبد»/«أبو»/«محمد» («محمد الهادي»), as
    the phrase's last word («بشار الأسد», «محمد علي العروي») and before an indefinite word
    («نفى سامي الرقيق وجود تقصير»: a surname, then the object); it also ends at a word joined
    by و («جون كيري ونظيره»).
    """
    for i, word in enumerate(words[1:], start=1):
        last = i == len(words) - 1
        surname = not last and not words[i + 1].startswith("ال")
        if word in COMPOUND_SECONDS:
            continue
        if word.startswith("ال") and words[i - 1] not in NAME_JOINERS and not last and not surname:
            return " ".join(words[:i])
        if word.startswith("و") and len(word) > 3 and head_of(word[1:]) is None:
            return " ".join(words[:i])
    return " ".join(words[:MAX_NAME_WORDS])


def phrase_words(phrase: str) -> list[frozenset[str]]:
    """A phrase as analysed words, each the set of its stems (a leading ل/ب/ك also dropped).

    «والي» (a governor, which the analyser drops as و + إلى) is kept as «وال», the stem of
    «الوالي»; «الناطق» and «المتحدث» share their stems.
    """
    return [stems for token in phrase.split() for stems in token_words(token)]


@functools.lru_cache(maxsize=65536)
def token_words(token: str) -> tuple[frozenset[str], ...]:
    """One token of a phrase as analysed words (see :func:`phrase_words`); usually one."""
    groups = analyze_words(token)
    if not groups and normalize_arabic(token) in ("والي", "لوالي"):
        groups = [("وال",)]
    words = []
    for group in groups:
        stems = set(group)
        for stem in group:
            if len(stem) > 3 and stem[0] in "لبك":
                stems.add(stem[1:])
        stems |= {SYNONYMS[s] for s in stems if s in SYNONYMS}
        words.append(frozenset(stems))
    return tuple(words)



def speech_verb(token: str, with_object: bool = False) -> str | None:
    """The speech verb a token is (under و/ف), or with an object pronoun («أعلنته») if allowed."""
    verb = bare_word(token)
    if verb in SPEECH_VERBS:
        return verb
    if with_object:
        for suffix in ("ها", "ه"):
            if verb.endswith(suffix) and verb[: -len(suffix)] in SPEECH_VERBS:
                return verb[: -len(suffix)]
    return None
