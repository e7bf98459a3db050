"""Arabic text analysis for lexical search: tokenise, drop stop words, light-stem.

One analyser serves the index and the queries, so that a word and its query form always
meet. The chain is: :func:`index.text.normalize.normalize_arabic` → :func:`tokenize` → stop
words (normalised with the same function, since a raw list would miss folded forms) →
:func:`stem_light`.

The light stemmer follows Lucene's ArabicStemmer and Larkey's Light10: it removes one
conjunction clitic (و, ف; both readings are kept, see :func:`stem_variants`), then one article-bearing prefix (ال, وال, بال, كال, فال, لل), then
up to two common suffixes (verb ت and adverbial ا included); every removal keeps at least ``MIN_STEM`` letters, because short
Arabic words are mostly roots whose first or last letter only looks like a clitic.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import chain

from index.text.normalize import normalize_arabic, strip_invisible, strip_marks

__all__ = [
    "ANALYZER_VERSION",
    "MIN_STEM",
    "STOP_WORDS",
    "VARIANT_SPELLINGS",
    "analyze",
    "analyze_words",
    "is_stop_word",
    "stem_variants",
    "stem_light",
    "tokenize",
    "unfolded_tokens",
]

#: Bumped whenever the output of :func:`analyze` changes, so old indexes are rebuilt.
ANALYZER_VERSION = 4

#: The shortest stem a clitic or suffix removal may leave.
MIN_STEM = 3

CONJUNCTIONS = ("و", "ف")
#: Prepositions glued to a word without the article («لكاليفورنيا», «بمحاولة»).
PREPOSITIONS = ("ب", "ل", "ك")
# Longest first: the first match wins.
ARTICLE_PREFIXES = ("وال", "فال", "بال", "كال", "لل", "ال")
# Longest first, like the prefixes. After normalisation ة is ه, so "ية" appears here as "يه".
SUFFIXES = ("هما", "كما", "ها", "ان", "ات", "ون", "ين", "يه", "ته", "تي", "هم", "كم", "نا", "ه", "ي", "ت", "ا")
#: Suffix removals per word: two lets "روسيا" and "روسية" meet at "روس" with "روسي".
SUFFIX_PASSES = 2

_TOKEN = re.compile(r"[^\W_]+")

_RAW_STOP_WORDS = """
في فى من إلى الى على عن مع ما ماذا لماذا متى أين اين كم كيف هل من أي أى الذي التي الذين اللذين
اللتين اللواتي اللاتي هذا هذه هذان هاتان هؤلاء ذلك تلك أولئك هنا هناك هو هي هم هن هما أنا نحن
أنت أنتم إن أن إنه أنه إنها أنها لأن كان كانت كانوا يكون تكون قد لقد لم لن لا ليس ليست ثم أو أم
بل لكن لكنه لكنها و ف ب ك ل ال إذا اذا إذ حتى كل بعض غير بين عند عندما منذ خلال حول نحو دون
أمام وراء فوق تحت قبل بعد أيضا أيضاً كما مثل ضد لدى لدي عليه عليها عليهم منه منها منهم له لها
لهم به بها بهم فيه فيها فيهم إليه إليها إليهم ذات ذو وهو وهي وفي ومن وإلى وعلى وعن وقد ولم ولا
وأن وإن فإن فقد كذلك أيّ يا ألا إلا الا سوى حيث بينما ريثما ما زال مازال التى الذى هى
والذي والتي والذين لكي كي لمن عما مما ممن بما لما أية يمكن يتم تم
"""


def tokenize(text: str) -> list[str]:
    """Split normalised text into word tokens of two or more characters (or digits).

    Args:
        text: Text already passed through ``normalize_arabic``.

    Returns:
        Tokens in order; punctuation and single letters are dropped.
    """
    return [t for t in _TOKEN.findall(text) if len(t) > 1 or t.isdigit()]


def _build_stop_words(raw: str) -> frozenset[str]:
    return frozenset(tokenize(normalize_arabic(raw)))


#: Function words and question words, normalised like every other token.
STOP_WORDS: frozenset[str] = _build_stop_words(_RAW_STOP_WORDS)


def is_stop_word(token: str) -> bool:
    """Whether a normalised token is a stop word."""
    return token in STOP_WORDS


def _by_length(affixes: tuple[str, ...]) -> tuple[tuple[int, frozenset[str]], ...]:
    """``affixes`` (listed longest first) grouped by length, longest first.

    A word begins (or ends) with at most one affix of a given length, so looking its prefix
    (suffix) of each length up in turn finds what scanning the list finds, at set speed.
    """
    if [len(a) for a in affixes] != sorted((len(a) for a in affixes), reverse=True):
        raise ValueError(f"affixes must be listed longest first: {affixes!r}")
    lengths = sorted({len(a) for a in affixes}, reverse=True)
    return tuple((n, frozenset(a for a in affixes if len(a) == n)) for n in lengths)


_PREFIX_GROUPS = _by_length(ARTICLE_PREFIXES)
_SUFFIX_GROUPS = _by_length(SUFFIXES)


def _strip_prefix(word: str) -> str:
    for n, prefixes in _PREFIX_GROUPS:
        if len(word) - n >= MIN_STEM and word[:n] in prefixes:
            return word[n:]
    return word


def _strip_suffix(word: str) -> str:
    for n, suffixes in _SUFFIX_GROUPS:
        if len(word) - n >= MIN_STEM and word[-n:] in suffixes:
            return word[:-n]
    return word


def _stem_word(word: str) -> str:
    word = _strip_prefix(word)
    for _ in range(SUFFIX_PASSES):
        word = _strip_suffix(word)
    return word


#: Spellings of one name or word that stemming alone does not bring together: transliterated
#: names (g as غ, ج or ك; a long vowel written or not) and the Maghrebi and Levantine month
#: names. Each variant's stem is replaced by its canonical form's stem, at index and query
#: time alike. Left out on purpose, because their stems are other words too: آب (August)
#: is أب (father), ماي "my", نيسان Nissan and its stem نيس Nice, شباط and تموز surnames.
VARIANT_SPELLINGS: dict[str, tuple[str, ...]] = {
    "أمريكا": ("أميركا",),
    "أوروبا": ("أوربا",),
    "سيرغي": ("سيرجي", "سيرجيه"),
    "غوغل": ("جوجل",),
    "إنجلترا": ("إنكلترا",),
    "ديمقراطية": ("ديموقراطية",),
    "البنتاغون": ("البنتاجون",),
    "الكونغرس": ("الكونجرس",),
    "ترامب": ("ترمب",),
    "يناير": ("جانفي",),
    "فبراير": ("فيفري",),
    "مارس": ("آذار",),
    "أبريل": ("أفريل",),
    "مايو": ("أيار",),
    "يونيو": ("جوان", "حزيران"),
    "يوليو": ("جويلية",),
    "أغسطس": ("أوت",),
    "سبتمبر": ("أيلول",),
}


def _is_arabic(token: str) -> bool:
    return bool(token) and "\u0600" <= token[0] <= "\u06ff"


def _conjunction_rest(token: str) -> str | None:
    """The word after a leading و or ف, when one may be a clitic there."""
    if token[0] in CONJUNCTIONS and not token.startswith(ARTICLE_PREFIXES[:2]) and len(token) - 1 >= MIN_STEM:
        return token[1:]
    return None


def _preposition_rest(word: str) -> str | None:
    """The word after a leading ب, ل or ك (not an article prefix), when one may be a clitic there."""
    if word[0] in PREPOSITIONS and not word.startswith(ARTICLE_PREFIXES) and len(word) > 3:
        return word[1:]
    return None


def _readings(token: str) -> list[str] | None:
    """The token and what it may be without a leading conjunction and preposition.

    The conjunction-stripped reading comes first (the primary stem), the token next, and a
    preposition-stripped reading last, only when its stem keeps more than ``MIN_STEM``
    letters: short words that start with ب, ل or ك are mostly roots («بلاد», «كبير»).
    None when a clitic is glued to a stop word («وكان», «بذلك»): a function word.
    """
    rest = _conjunction_rest(token)
    if rest is not None and rest in STOP_WORDS:
        return None
    readings = [token] if rest is None else [rest, token]
    for word in list(readings):
        inner = _preposition_rest(word)
        if inner is None:
            continue
        if inner in STOP_WORDS:
            return None
        if len(_stem_word(inner)) > MIN_STEM:
            readings.append(inner)
    return readings


def _build_variant_stems(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    def stem(word: str) -> str:
        return _stem_word(normalize_arabic(word))

    return {stem(variant): stem(canonical) for canonical, variants in table.items() for variant in variants}


_VARIANT_STEMS = _build_variant_stems(VARIANT_SPELLINGS)


def _fold_variant(stem: str) -> str:
    return _VARIANT_STEMS.get(stem, stem)


# Pure and called for every word of every sentence, at index and at query time (coverage):
# a news vocabulary is small next to its token count, so a cache saves most of the work.
@lru_cache(maxsize=1 << 18)
def stem_variants(token: str) -> tuple[str, ...]:
    """The stems a normalised token may stand for; empty for a glued function word.

    A leading و or ف is a conjunction in «وقال» but part of the word in «وزير» and
    «فشل», and nothing but a dictionary tells them apart. Such a word yields both stems,
    with and without the letter, at index and at query time alike, so «الوزير» still
    meets «وزير» and «قال» still meets «وقال». A leading ب, ل or ك before a word without
    the article is read both ways too («لكاليفورنيا» meets «كاليفورنيا»). A clitic glued to
    a stop word («وكان», «وذلك», «بذلك») drops the word.
    """
    if not _is_arabic(token):
        return (token,)
    readings = _readings(token)
    if readings is None:
        return ()
    return tuple(dict.fromkeys(_fold_variant(_stem_word(r)) for r in readings))


def stem_light(token: str) -> str:
    """The primary stem of a normalised token: conjunction, article prefix and suffixes removed.

    Args:
        token: A normalised token.

    Returns:
        The stem; non-Arabic tokens (digits, Latin) are returned unchanged.
    """
    variants = stem_variants(token)
    return variants[0] if variants else token


def analyze_words(text: str) -> list[tuple[str, ...]]:
    """Normalise, tokenise, drop stop words, and stem each word to its variants.

    Args:
        text: Raw text (an article sentence or a user's question).

    Returns:
        One tuple of stems per content word, in order of appearance.
    """
    return analyze_normalized_words(normalize_arabic(text))


def analyze_normalized_words(normalized: str) -> list[tuple[str, ...]]:
    """:func:`analyze_words` for text already passed through ``normalize_arabic`` (a question
    understood once per turn is not normalised again)."""
    return [group for group in map(_word_stems, _TOKEN.findall(normalized)) if group]


@lru_cache(maxsize=1 << 18)
def _word_stems(word: str) -> tuple[str, ...]:
    """The stems of one word as :func:`tokenize` cuts it, empty where it is not a content word
    (a single letter or a stop word): every filter on a word in one cached look-up."""
    if (len(word) > 1 or word.isdigit()) and word not in STOP_WORDS:
        return stem_variants(word)
    return ()


#: Words, and the quotation marks and commas that end a speaker phrase (:mod:`index.speech.attribution`).
_WORD_OR_MARK = re.compile(r"[^\W_]+|[«»“”\"':،,]")
# Σ, whose lower case depends on its neighbours, and İ (or I + U+0307), whose lower case adds a
# mark: the only characters for which normalising word by word differs from normalising the text.
_CONTEXT_CASED = re.compile("[\u03a3\u0130\u0307]")


@lru_cache(maxsize=4096)
def unfolded_tokens(text: str) -> tuple[str, ...]:
    """The words and quotation marks of ``text`` after the first steps of ``normalize_arabic``
    (no invisible characters, NFC, no harakat or tatweel), not yet folded or lower-cased.

    Cached: an article's sentences are cut into words once, for its speakers and its tokens.
    """
    return tuple(_WORD_OR_MARK.findall(strip_marks(unicodedata.normalize("NFC", strip_invisible(text)))))


@lru_cache(maxsize=1 << 18)
def _unfolded_word_stems(word: str) -> tuple[str, ...]:
    return _word_stems(normalize_arabic(word))


def analyze(text: str) -> list[str]:
    """The tokens the BM25 index holds: every stem variant of every content word, in order.

    Each word is normalised alone (and looked up, once seen): the folding steps and the lower
    case go character by character, so this is the text's normalisation, cut into words (a
    mark or comma normalises to a single character, no content word), except for the
    characters of ``_CONTEXT_CASED``.
    """
    if _CONTEXT_CASED.search(text):
        return analyze_normalized(normalize_arabic(text))
    return list(chain.from_iterable(map(_unfolded_word_stems, unfolded_tokens(text))))


def analyze_normalized(normalized: str) -> list[str]:
    """:func:`analyze` for text already passed through ``normalize_arabic``."""
    return list(chain.from_iterable(analyze_normalized_words(normalized)))
