"""Who speaks in a sentence: speech verbs, speaker phrases, appositions and continuations.

Arabic news attributes statements with a speech verb (قال، أعلن، أكد، أضاف ...) whose subject
usually follows it (VSO: «وقال كيري»), sometimes precedes it («وكان مسؤول أميركي قال»), and
is often a name in apposition with a title («جون كيرى وزير الخارجية الأمريكى»,
«وزير الخارجية الروسي، سيرغي لافروف»). A verb with no subject after it at the start of a
sentence («وقال 'لن نكون ...'», «وأضاف أن ...») continues the previous sentence's speaker.

All functions here are pure text logic over one sentence or one article's sentences.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from index.analyze import STOP_WORDS, analyze_words
from index.normalize import normalize_arabic

__all__ = [
    "SPEECH_VERBS",
    "TITLE_WORDS",
    "Mention",
    "attribute_speakers",
    "find_appositions",
    "find_mention",
    "phrase_words",
    "split_name_title",
]

# Normalised speech verbs, perfect and imperfect, masculine, feminine and plural.
SPEECH_VERBS = frozenset(
    normalize_arabic(v)
    for v in (
        "قال قالت قالوا قالا يقول تقول أعلن أعلنت أعلنوا يعلن أكد أكدت أكدوا يؤكد أضاف أضافت أضافوا "
        "اعتبر اعتبرت اعتبروا أوضح أوضحت أوضحوا صرح صرحت صرحوا دعا دعت دعوا حث حثت حذر حذرت حذروا "
        "انتقد انتقدت انتقدوا تابع تابعت ذكر ذكرت أفاد أفادت أشار أشارت شدد شددت نفى نفت رأى رأت "
        "أعرب أعربت لفت لفتت كشف كشفت طالب طالبت وصف وصفت اتهم اتهمت"
    ).split()
)
# Words that begin a title or a role rather than a name («وزير»، «مبعوث»، «مصدر»), with
# their feminine forms («المستشارة», «الوزيرة»).
_TITLE_STEMS = frozenset(
    normalize_arabic(w)
    for w in (
        "وزير وزيرة الوزير رئيس الرئيس رئيسة مبعوث المبعوث مدير المدير قائد القائد الناطق ناطق المتحدث "
        "متحدث مندوب المندوب سفير السفير مسؤول المسؤول مسؤولة مصدر المصدر مصادر مراسل دبلوماسي "
        "الجنرال جنرال نائب النائب أمين الأمين زعيم الزعيم ملك الملك أمير الأمير مستشار المستشار ممثل "
        "عضو العقيد اللواء العميد الشيخ رئيسا وزارة الوزارة القيادة قيادة البيت المرصد الجيش"
    ).split()
)
TITLE_WORDS = _TITLE_STEMS | frozenset(w + "ه" for w in _TITLE_STEMS if not w.endswith("ه"))
# Words that end a speaker phrase: the statement or a circumstance begins.
_PHRASE_STOPS = frozenset(
    normalize_arabic(w)
    for w in (
        "إن أن ان إنه أنه انه إنها أنها بأن بأنه لأن في فى من يوم اليوم خلال أمام عقب بعد قبل مع عن على إلى "
        "الى لوكالة للصحفيين لصحيفة بيان إثر أمس غدا الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت"
    ).split()
)
# Discourse openers that may stand before the verb without being its subject.
_OPENERS = tuple(
    normalize_arabic(o) for o in ("من جانبه", "من جانبها", "من جهته", "من جهتها", "بدوره", "بدورها", "في المقابل")
)
_QUOTES = "«»“”\"':"
_WORD = re.compile(r"[^\W_]+|[«»“”\"':،,]")
MAX_PHRASE_WORDS = 8
MAX_VERB_POSITION = 8


@dataclass(frozen=True)
class Mention:
    """A speech verb in a sentence and the phrase naming its speaker (empty: a pronoun)."""

    verb: str
    phrase: str


def _tokens(text: str) -> list[str]:
    return _WORD.findall(normalize_arabic(text))


def _bare(token: str) -> str:
    """A token without a leading conjunction و/ف, for matching verbs and stops."""
    if len(token) > 3 and token[0] in "وف" and (token[1:] in SPEECH_VERBS or token[1:] in _PHRASE_STOPS):
        return token[1:]
    return token


def _phrase_after(tokens: list[str], start: int) -> list[str]:
    words: list[str] = []
    for token in tokens[start:]:
        if token in _QUOTES or _bare(token) in _PHRASE_STOPS or len(words) >= MAX_PHRASE_WORDS:
            break
        if token in "،,":
            # A comma inside «وزير الخارجية الروسي، سيرغي لافروف،» separates apposition parts.
            if words and words[-1] != "،":
                words.append("،")
            continue
        words.append(token)
    while words and words[-1] == "،":
        words.pop()
    return words


def _phrase_before(tokens: list[str], verb_at: int) -> list[str]:
    before = [t for t in tokens[:verb_at] if t not in "،,"]
    if before and before[0] in ("كان", "كانت", "وكان", "وكانت"):
        before = before[1:]
    text = " ".join(tokens[:verb_at])
    if not before or "،" in tokens[:verb_at] or text.startswith(_OPENERS) or len(before) > 4:
        return []
    return before


def find_mention(sentence: str) -> Mention | None:
    """The first speech verb near the start of a sentence, with its speaker phrase.

    Args:
        sentence: The sentence text.

    Returns:
        The mention, or None when no speech verb opens the sentence. An empty phrase means
        the speaker is a pronoun (continued from an earlier sentence).
    """
    tokens = _tokens(sentence)
    for i, token in enumerate(tokens[: MAX_VERB_POSITION + 1]):
        verb = _bare(token)
        if verb not in SPEECH_VERBS:
            continue
        after = _phrase_after(tokens, i + 1)
        words = after or _phrase_before(tokens, i)
        return Mention(verb, " ".join(w for w in words if w != "،"))
    return None


def split_name_title(phrase: str) -> tuple[str, str]:
    """Split a speaker phrase into its name and its title.

    «جون كيري وزير الخارجية الامريكي» → («جون كيري», «وزير الخارجية الامريكي»);
    «وزير الخارجية الروسي سيرغي لافروف» → («سيرغي لافروف», «وزير الخارجية الروسي»);
    a phrase with no title word is all name, one that is all title has no name.
    """
    words = phrase.split()
    title_at = next((i for i, w in enumerate(words) if w in TITLE_WORDS), None)
    if title_at is None:
        return _name_only(words), ""
    if title_at > 0:
        return _name_only(words[:title_at]), " ".join(words[title_at:])
    end = 1
    while end < len(words) and (words[end].startswith(("ال", "لل")) or words[end] in STOP_WORDS):
        end += 1
    return _name_only(words[end:]), " ".join(words[:end])


_NAME_JOINERS = frozenset({"عبد", "ابو", "بن", "ابن", "بو", "ال"})
MAX_NAME_WORDS = 4


def _name_only(words: list[str]) -> str:
    """The name at the head of ``words``.

    A name ends where a definite word begins, which is where the verb's object starts
    («دعا لافروف المعارضة السورية»), except after «عبد»/«أبو» and as the phrase's last word
    («بشار الأسد»); it also ends at a word joined by و («جون كيري ونظيره»).
    """
    for i, word in enumerate(words[1:], start=1):
        last = i == len(words) - 1
        if word.startswith("ال") and words[i - 1] not in _NAME_JOINERS and not (last and i == 1):
            return " ".join(words[:i])
        if word.startswith("و") and len(word) > 3 and word[1:] not in TITLE_WORDS:
            return " ".join(words[:i])
    return " ".join(words[:MAX_NAME_WORDS])


def phrase_words(phrase: str) -> list[frozenset[str]]:
    """A phrase as analysed words, each the set of its stems (a leading ل/ب/ك also dropped)."""
    words = []
    for group in analyze_words(phrase):
        stems = set(group)
        for stem in group:
            if len(stem) > 3 and stem[0] in "لبك":
                stems.add(stem[1:])
        words.append(frozenset(stems))
    return words


def _between_commas(words: list[str]) -> list[str]:
    """«وزير الخارجية الأميركي، جون كيري، مباحثاته» → the title and the name, up to the second comma."""
    out: list[str] = []
    commas = 0
    for word in words:
        if word == "،":
            commas += 1
            if commas == 2:
                break
            continue
        out.append(word)
    return out


def find_appositions(sentence: str) -> list[tuple[str, str]]:
    """Every (name, title) pair a sentence states after a speech verb, or as «TITLE، NAME،».

    These teach which titles stand for which people, even where the verb is not the
    sentence's opening one («... فقد أعلن وزير الخارجية الروسي سيرغي لافروف أن ...»).
    """
    tokens = _tokens(sentence)
    pairs = []
    for i, token in enumerate(tokens):
        if _bare(token) in SPEECH_VERBS:
            phrase = " ".join(w for w in _phrase_after(tokens, i + 1) if w != "،")
        elif token in TITLE_WORDS and "،" in tokens[i + 1 : i + 5]:
            phrase = " ".join(_between_commas(_phrase_after(tokens, i)))
        else:
            continue
        name, title = split_name_title(phrase)
        if name and title:
            pairs.append((name, title))
    return list(dict.fromkeys(pairs))


def attribute_speakers(sentences: Sequence[str]) -> list[str | None]:
    """The speaker phrase of each sentence of one article, continuations resolved.

    A sentence opened by a speech verb with no subject continues the previous sentence's
    speaker; any other sentence without a speech verb has none.
    """
    out: list[str | None] = []
    previous: str | None = None
    for text in sentences:
        mention = find_mention(text)
        if mention is None:
            out.append(None)
            previous = None
            continue
        speaker = mention.phrase or previous
        out.append(speaker)
        previous = speaker
    return out
