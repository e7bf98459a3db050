"""Who speaks in a sentence: speech verbs, speaker phrases, appositions and continuations.

Arabic news attributes statements with a speech verb (قال، أعلن، أكد، أضاف ...) whose subject
usually follows it (VSO: «وقال كيري»), sometimes precedes it («وكان مسؤول أميركي قال»), and
is often a name in apposition with a title («جون كيرى وزير الخارجية الأمريكى»,
«وزير الخارجية الروسي، سيرغي لافروف»). A verb with no subject after it at the start of a
sentence («وقال 'لن نكون ...'», «وأضاف أن ...») continues the previous sentence's speaker.

All functions here are pure text logic over one sentence or one article's sentences.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from index.text.analyze import STOP_WORDS, analyze_words, unfolded_tokens
from index.text.normalize import normalize_arabic

__all__ = [
    "HEAD_WORDS",
    "SPEECH_VERBS",
    "TITLE_WORDS",
    "VERB_AGREEMENT",
    "Mention",
    "attribute_speakers",
    "find_appositions",
    "find_mention",
    "is_institution",
    "phrase_words",
    "split_name_title",
    "title_head",
    "token_words",
]

# Speech verbs of news, perfect: masculine, feminine (a woman, an institution, a plural of things:
# «أفادت وزارة الداخلية», «أكدت مصادر»), plural («قالوا»); a leading «-» marks a form left out
# because it is also another word («بين»: between).
_PERFECT = """
قال قالت قالوا | أعلن أعلنت أعلنوا | أكد أكدت أكدوا | أضاف أضافت أضافوا | اعتبر اعتبرت اعتبروا
أوضح أوضحت أوضحوا | صرح صرحت صرحوا | دعا دعت دعوا | حث حثت حثوا | حذر حذرت حذروا
انتقد انتقدت انتقدوا | تابع تابعت تابعوا | ذكر ذكرت ذكروا | أفاد أفادت أفادوا | أشار أشارت أشاروا
شدد شددت شددوا | نفى نفت نفوا | رأى رأت رأوا | أعرب أعربت أعربوا | لفت لفتت لفتوا
كشف كشفت كشفوا | طالب طالبت طالبوا | وصف وصفت وصفوا | اتهم اتهمت اتهموا | -بين بينت بينوا
أبرز أبرزت أبرزوا | نبه نبهت نبهوا | أقر أقرت أقروا | اعترف اعترفت اعترفوا | رد ردت ردوا
أورد أوردت أوردوا | أبلغ أبلغت أبلغوا | ناشد ناشدت ناشدوا | استنكر استنكرت استنكروا
ندد نددت نددوا | أدان أدانت أدانوا | رجح رجحت رجحوا | توقع توقعت توقعوا | أوصى أوصت أوصوا
اقترح اقترحت اقترحوا | أشاد أشادت أشادوا | أعلم أعلمت أعلموا | عبر عبرت عبروا | قالا
"""
# «عبّر» speaks only as «عبّر عن» (expressed); bare, it is «عبر» (via, crossed).
_NEEDS_ABOUT = frozenset(normalize_arabic(w) for w in "عبر عبرت عبروا".split())
# Imperfect forms, masculine then feminine.
_IMPERFECT = "يقول تقول | يعلن تعلن | يؤكد تؤكد | يرى ترى"


def _agreement() -> dict[str, str]:
    """Each speech verb's agreement: ``m`` (he), ``f`` (she, or things), ``p`` (they)."""
    out: dict[str, str] = {}
    for forms in re.split(r"[|\n]", _PERFECT):
        words = forms.split()
        for word, gender in zip(words, "mfp"):
            if not word.startswith("-"):
                out[normalize_arabic(word)] = "p" if word == "قالا" else gender
    for forms in re.split(r"[|\n]", _IMPERFECT):
        for word, gender in zip(forms.split(), "mf"):
            out[normalize_arabic(word)] = gender
    return out


#: Normalised speech verb → its agreement (``m``, ``f`` or ``p``).
VERB_AGREEMENT: dict[str, str] = _agreement()
#: Normalised speech verbs, perfect and imperfect, masculine, feminine and plural.
SPEECH_VERBS = frozenset(VERB_AGREEMENT)

# Words that head an official's role or an institution; a phrase that opens with one is a title
# («والي المهدية», «الكاتب العام للنقابة», «وزارة الداخلية»), not a name. Indefinite forms:
# «المدير» and «للمدير» are found by taking the article and a preposition off.
_ROLES = """
وزير وزيرة رئيس رئيسة رئيسا مبعوث مبعوثة مدير مديرة قائد ناطق ناطقة متحدث متحدثة مندوب مندوبة
سفير سفيرة قنصل مسؤول مسؤولة مسؤولون مسؤولين مصدر مصادر مراسل مراسلة دبلوماسي دبلوماسية نائب نائبة
أمين أمينة زعيم ملك أمير مستشار مستشارة ممثل ممثلة عضو عضوة والي معتمد عمدة كاتب كاتبة متفقد
مراقب محافظ قاضي قاضية وكيل محامي محامية عميد نقيب خبير خبيرة باحث باحثة قيادي قيادية منسق منسقة
مكلف مكلفة آمر جنرال
"""
_INSTITUTIONS = """
وزارة رئاسة حكومة جامعة نقابة اتحاد هيئة منظمة جمعية رابطة حركة حزب جبهة ائتلاف تحالف كتلة شرطة
حرس جيش قوات وحدات حماية ديوانة إدارة مصالح مندوبية ولاية بلدية معتمدية محكمة نيابة وكالة شركة
مؤسسة مجلس لجنة خلية فرقة مرصد قيادة بيت سفارة قنصلية بنك صندوق ديوان مكتب مركز معهد كلية عمادة
سلطة سلطات سلط أجهزة تنسيقية مجمع كنفدرالية فيدرالية دائرة محافظة برلمان كرملين بنتاغون أمم
مديرية صحيفة جريدة قناة إذاعة تلفزيون تلفزة
"""
_ROLE_WORDS = frozenset(normalize_arabic(w) for w in _ROLES.split())
_INSTITUTION_WORDS = frozenset(normalize_arabic(w) for w in _INSTITUTIONS.split())
#: Words that head a role or an institution (indefinite, normalised).
HEAD_WORDS = _ROLE_WORDS | _INSTITUTION_WORDS
# Heads that are also first names («محمد أمين», «أمير»): heads only when definite or first.
_NAME_LIKE_HEADS = frozenset(normalize_arabic(w) for w in "أمين أمير ملك قاضي عميد نائب".split())
# Ranks and honorifics before a name («العقيد منير الريابي», «الدكتور سامي الرقيق»): neither
# name nor title, dropped where a definite one stands before a name.
_HONORIFICS = frozenset(
    normalize_arabic(w)
    for w in "العقيد العميد اللواء المقدم الرائد الدكتور الدكتورة الأستاذ الأستاذة الشيخ السيد السيدة "
    "المهندس الحاج الجنرال الأميرال المشير".split()
)
# Tunisian governorates, which follow a regional official with a preposition and no article
# («المدير الجهوي للتجارة بنابل», «والي سوسة»); two-word ones are matched word by word.
_PLACES = frozenset(
    normalize_arabic(w)
    for w in "تونس أريانة منوبة نابل زغوان بنزرت باجة جندوبة سليانة سوسة صفاقس قفصة توزر قبلي قابس "
    "مدنين تطاوين جربة".split()
)
_TWO_WORD_PLACES = frozenset((normalize_arabic(a), normalize_arabic(b)) for a, b in (("بن", "عروس"), ("سيدي", "بوزيد")))
# Kept for callers of the former name: every word that begins a title, with its definite forms.
TITLE_WORDS = HEAD_WORDS | frozenset("ال" + w for w in HEAD_WORDS) | _HONORIFICS
# Words that end a speaker phrase: the statement or a circumstance begins. «على» and «إلى» are
# kept apart from the name «علي» and the title «والي» by their spelling (see :func:`_tokens`).
_PHRASE_STOPS = frozenset(
    normalize_arabic(w)
    for w in (
        "إن أن ان إنه أنه انه إنها أنها بأن بأنه بأنها لأن في فى من يوم اليوم خلال أمام عقب بعد قبل مع عن إلى "
        "الى لوكالة للصحفيين لصحيفة بيان بلاغ إثر أمس غدا الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس "
        "الجمعة السبت مساء صباح صباحا ظهر ليلة عشية لدى أثناء بمناسبة ضمن بخصوص حول حيث إذ عبر أيضا كذلك "
        "لمراسل لمراسلة للجوهرة لجوهرة لإذاعة لقناة لجريدة لموقع لشبكة لشبكات لوسائل مؤكدا مشيرا مضيفا "
        "موضحا معتبرا قائلا مبرزا مؤكدة مشيرة مضيفة موضحة قد فقد لقد فإن فإنه فإنها كما لكن ولكن بينما "
        "الذي التي الذين"
    ).split()
) | {"على", "والى", "فالى", "وعلى"}
# Discourse openers that may stand before the verb without being its subject.
_OPENERS = tuple(
    normalize_arabic(o) for o in ("من جانبه", "من جانبها", "من جهته", "من جهتها", "بدوره", "بدورها", "في المقابل")
)
# «حسب ما أفادت به وزارة الداخلية», «وفق ما أعلنته الوزارة», «بحسب المتحدث باسم الحرس»: a statement
# attributed after its content, anywhere in the sentence.
_ACCORDING = frozenset(
    normalize_arabic(w) for w in "حسب بحسب وحسب وبحسب حسبما بحسبما وحسبما وفق وفقا ووفق طبقا وطبقا".split()
)
_WHAT = frozenset(normalize_arabic(w) for w in "ما لما".split())
_SOURCE_NOUNS = frozenset(normalize_arabic(w) for w in "بلاغ بيان تصريح تصريحات معطيات مصادر".split())
_ISSUED = normalize_arabic("صادر")  # «بيان صادر عن ...»
_BY = frozenset(normalize_arabic(w) for w in "به بها عنه عنها".split())
# Speech verbs that are also names («فوزي طالب»).
_NAME_VERBS = frozenset({normalize_arabic("طالب")})
# «وردت» (it came) is not «و» + «ردت» (she replied).
_UNSPLIT = frozenset(normalize_arabic(w) for w in "وردت وردوا".split())
# First names that begin with ل, which a title's «لـ» + noun could be taken for.
_L_NAMES = frozenset(normalize_arabic(w) for w in "لطفي لسعد ليلى لمياء لبنى لزهر لمين لينا".split())
# Words inside a title that take what follows with them («الناطق باسم ...», «أمين عام حركة ...»).
_JOINING = frozenset(normalize_arabic(w) for w in "باسم عام عامة".split())
_QUOTES = "«»“”\"':"
MAX_PHRASE_WORDS = 12
MAX_VERB_POSITION = 8


@dataclass(frozen=True)
class Mention:
    """A speech verb in a sentence and the phrase naming its speaker (empty: a pronoun)."""

    verb: str
    phrase: str


def _tokens(text: str) -> list[str]:
    """Normalised words and punctuation; «على»/«إلى» keep their alef maksura, so that they stay
    apart from the name «علي» and the governor «والي» once ى and ي are folded."""
    return list(_cached_tokens(text))


@functools.lru_cache(maxsize=4096)
def _cached_tokens(text: str) -> tuple[str, ...]:
    raw = unfolded_tokens(text)
    # Word by word, so that a character whose lower case adds a mark («İ») cannot split a word;
    # the words are NFC and unmarked already, so this is the sentence's normalisation, cut up.
    folded = [_normalized_word(word) for word in raw]
    if _MAKSURA_FOLDED.isdisjoint(folded):
        return tuple(folded)
    out = []
    for word, token in zip(raw, folded):
        if token in _MAKSURA_FOLDED and (word.endswith("ى") or "إ" in word):
            token = token[:-1] + "ى"
        out.append(token)
    return tuple(out)


# Words repeat: most of a sentence's are looked up, not normalised again.
_normalized_word = functools.lru_cache(maxsize=1 << 16)(normalize_arabic)

# «على», «وإلى» and «فإلى» as folded (ى → ي, إ → ا): the words whose spelling _tokens restores.
_MAKSURA_FOLDED = frozenset(("علي", "والي", "فالي"))


# _bare and _head_of are pure functions of one word, asked of every word of every sentence
# (and again of a phrase's words): a news vocabulary is small next to its token count.
@functools.lru_cache(maxsize=1 << 16)
def _bare(token: str) -> str:
    """A token without a leading conjunction و/ف, for matching verbs and stops («وعبر» is «عبر»)."""
    if len(token) > 3 and token[0] in "وف" and token not in _UNSPLIT and token not in HEAD_WORDS:
        if token[1:] in SPEECH_VERBS or token[1:] in _PHRASE_STOPS:
            return token[1:]
    return token


#: Every token that is a speech verb under ``_bare`` (the verbs, with و or ف before them).
_VERB_TOKENS = frozenset(t for v in SPEECH_VERBS for t in (v, "و" + v, "ف" + v) if _bare(t) in SPEECH_VERBS)


@functools.lru_cache(maxsize=1 << 16)
def _head_of(word: str) -> str | None:
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
    return words[i] in _HONORIFICS and i + 1 < len(words) and not _definite(words[i + 1])


def _is_head(words: Sequence[str], i: int) -> bool:
    head = _head_of(words[i])
    if head is None or _is_honorific(words, i):
        return False
    return head not in _NAME_LIKE_HEADS or i == 0 or _definite(words[i])


def is_institution(title: str) -> bool:
    """Whether a title names an institution («وزاره الداخليه») rather than an official's role."""
    words = title.split()
    return bool(words) and _head_of(words[0]) in _INSTITUTION_WORDS


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
    head = _head_of(words[i])
    construct = not _definite(words[i]) and words[i] == head and i + 1 < len(words) and words[i + 1] not in _JOINING
    if head.endswith("ه") and head[:-1] in _ROLE_WORDS:
        head = head[:-1]  # «المتحدثة» holds the office of «المتحدث»
    head = _SAME_HEAD.get(head, head)
    return f"{head}+" if construct else head


def _place_at(words: Sequence[str], i: int) -> int:
    """How many words a place after a preposition takes at ``i`` («بنابل» 1, «ببن عروس» 2), else 0."""
    word = words[i]
    if word[:1] not in ("ب", "ل") or len(word) < 3:
        return 0
    if word[1:] in _PLACES and len(word) > 3:
        return 1
    if i + 1 < len(words) and (word[1:], words[i + 1]) in _TWO_WORD_PLACES:
        return 2
    return 0


def _prepositional_construct(words: Sequence[str], i: int) -> bool:
    word = words[i]
    return (
        word[:1] == "ل"
        and len(word) > 3
        and not _definite(word)
        and word not in _L_NAMES
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
        if construct and i + 1 < len(words) and (word, words[i + 1]) in _TWO_WORD_PLACES:
            i, construct = i + 2, False
            continue
        place = _place_at(words, i)
        if place:
            i, construct = i + place, False
            continue
        head = _head_of(word)
        # «لأصحاب النزل», «لحفظ الصحة»: a preposition, a noun and its genitive, unless a first
        # name («لطفي المرايحي»).
        if _prepositional_construct(words, i):
            i, construct = i + 1, True
            continue
        # A bare head after a complete title starts another phrase («..., مراسل الجوهرة»).
        if not (construct or _definite(word) or (head and head != word) or word in _JOINING):
            if name_follows or head == word:
                break
        # Heads in construct take a genitive in turn («لنقابة أطباء»), other genitives do not
        # («وزير خارجية روسيا سيرغي لافروف»: the name is not part of the title).
        construct = (head is not None and not _definite(word)) or word in _JOINING
        i += 1
    return i


def _phrase_after(tokens: list[str], start: int) -> list[str]:
    words: list[str] = []
    count = 0
    for token in tokens[start:]:
        if not words and token in _BY:
            continue  # «حسب ما أفادت به وزارة ...»
        if token in _QUOTES or _bare(token) in _PHRASE_STOPS or token in _ACCORDING or count >= MAX_PHRASE_WORDS:
            break
        if words and token not in _NAME_VERBS and _speech_verb(token):
            break  # «وفق دبلوماسي روسي كبير قال إن ...»: the subject's own verb
        if token in "،,":
            # A comma inside «وزير الخارجية الروسي، سيرغي لافروف،» separates apposition parts.
            if words and words[-1] != "،":
                words.append("،")
            continue
        words.append(token)
        count += 1
    while words and words[-1] == "،":
        words.pop()
    return words


def _phrase_before(tokens: list[str], verb_at: int) -> list[str]:
    """The subject before its verb: «وكان مسؤول أميركي قال», «وكانت وزارة الدفاع، قد أفادت»."""
    head = list(tokens[:verb_at])
    if head and head[-1] == "قد":
        head.pop()
        while head and head[-1] in "،,":
            head.pop()
    before = [t for t in head if t not in "،,"]
    if before and before[0] in ("كان", "كانت", "وكان", "وكانت"):
        before = before[1:]
    text = " ".join(head)
    if not before or "،" in head or text.startswith(_OPENERS) or len(before) > 4:
        return []
    return before


def _speech_verb(token: str, with_object: bool = False) -> str | None:
    """The speech verb a token is (under و/ف), or with an object pronoun («أعلنته») if allowed."""
    verb = _bare(token)
    if verb in SPEECH_VERBS:
        return verb
    if with_object:
        for suffix in ("ها", "ه"):
            if verb.endswith(suffix) and verb[: -len(suffix)] in SPEECH_VERBS:
                return verb[: -len(suffix)]
    return None


def _source_phrase(tokens: list[str], j: int) -> list[str]:
    """The speaker phrase at ``j``, past a communiqué that carries it: «بيان صادر عن الرئاسة»,
    «بلاغ لوزارة الداخلية» (the preposition is dropped from the head)."""
    if j < len(tokens) and tokens[j] in _SOURCE_NOUNS:
        j += 1
        if j < len(tokens) and _ISSUED in tokens[j]:
            j += 1
        if j < len(tokens) and tokens[j] in ("عن", "من"):
            j += 1
    words = [w for w in _phrase_after(tokens, j) if w != "،"]
    if words and words[0][:1] in ("ل", "ب") and _head_of(words[0][1:]):
        words[0] = words[0][1:]
    return words


def _according_to(tokens: list[str]) -> Mention | None:
    """«حسب ما أفادت به وزارة الداخلية», «وفق ما أعلنته الوزارة», «بحسب المتحدث باسم الحرس»."""
    for i, token in enumerate(tokens):
        if token not in _ACCORDING:
            continue
        j = i + 1
        if j < len(tokens) and tokens[j] in ("ل", "لما"):
            j += tokens[j] == "ل"
        if j < len(tokens) and (tokens[j] in _WHAT or token.endswith("ما")):
            j += tokens[j] in _WHAT
            verb = _speech_verb(tokens[j], with_object=True) if j < len(tokens) else None
            if verb:
                words = [w for w in _phrase_after(tokens, j + 1) if w != "،"]
                if words:
                    return Mention(verb, " ".join(words))
            continue
        words = _source_phrase(tokens, j)
        if words and title_head(" ".join(words)):
            return Mention("حسب", " ".join(words))
    return None


def find_mention(sentence: str) -> Mention | None:
    """The speech verb near the start of a sentence, with its speaker phrase.

    A sentence that attributes what it says after the fact («..., حسب ما أفادت به وزارة
    الداخلية», «وفق ما أعلنته ...», «بحسب المتحدث باسم ...») has that speaker, unless a verb
    at its start names one.

    Args:
        sentence: The sentence text.

    Returns:
        The mention, or None when no speech verb opens the sentence and none attributes it.
        An empty phrase means the speaker is a pronoun (continued from an earlier sentence).
    """
    tokens = _tokens(sentence)
    opening: Mention | None = None
    for i, token in enumerate(tokens[: MAX_VERB_POSITION + 1]):
        verb = _speech_verb(token)
        if verb is None or (i > 0 and tokens[i - 1] in _WHAT | _ACCORDING):
            continue
        after = _phrase_after(tokens, i + 1)
        if not after and i + 1 < len(tokens) and tokens[i + 1] in _SOURCE_NOUNS:
            after = _source_phrase(tokens, i + 1)  # «وقال بيان صادر عن الرئاسة إن ...»
        if verb in _NEEDS_ABOUT and "عن" not in tokens[i + 1 : i + 30]:
            continue
        words = after or _phrase_before(tokens, i)
        opening = Mention(verb, " ".join(w for w in words if w != "،"))
        break
    if opening is not None and opening.phrase:
        return opening
    return _according_to(tokens) or opening


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
    if not words or any(w in STOP_WORDS or w in _NOT_NAMES for w in words):
        return False
    first = words[0]
    if _head_of(first) is not None:
        return False  # «وزارة الداخلية إدارة شرطة المرور»: another title
    verb_like = first.endswith(("ت", "وا")) and first.startswith(("ت", "ي", "ا")) and len(first) > 4
    return not verb_like and _speech_verb(first) is None


def _without_honorifics(words: Sequence[str]) -> list[str]:
    return [w for i, w in enumerate(words) if not _is_honorific(words, i)]


_NAME_JOINERS = frozenset({"عبد", "ابو", "بن", "ابن", "بو", "ال", "محمد"})
# The second half of a compound first name («نور الدين», «زين العابدين», «نصر الله»): part of the
# name, not the object that a definite word would start.
_COMPOUND_SECONDS = frozenset({"الدين", "العابدين", "الله", "الاسلام"})
# Words after a title that are the object or the rest of the sentence, not a name.
_NOT_NAMES = frozenset(normalize_arabic(w) for w in "جميع كافة كل بعض مختلف عدد نفس ذاته ذاتها المذكور".split())
MAX_NAME_WORDS = 4


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
        if word in _COMPOUND_SECONDS:
            continue
        if word.startswith("ال") and words[i - 1] not in _NAME_JOINERS and not last and not surname:
            return " ".join(words[:i])
        if word.startswith("و") and len(word) > 3 and _head_of(word[1:]) is None:
            return " ".join(words[:i])
    return " ".join(words[:MAX_NAME_WORDS])


# Words that stand for one another in a speaker's title.
_SYNONYMS = {"ناطق": "متحدث", "متحدث": "ناطق"}
_SAME_HEAD = {"ناطق": "متحدث"}


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
        stems |= {_SYNONYMS[s] for s in stems if s in _SYNONYMS}
        words.append(frozenset(stems))
    return tuple(words)


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
    if _VERB_TOKENS.isdisjoint(tokens) and TITLE_WORDS.isdisjoint(tokens):
        return []  # a quarter of news sentences: no verb or title to look after, found at set speed
    pairs = []
    for i, token in enumerate(tokens):
        if token in _VERB_TOKENS:
            phrase = " ".join(w for w in _phrase_after(tokens, i + 1) if w != "،")
        elif token in TITLE_WORDS and "،" in tokens[i + 1 : i + 5]:
            phrase = " ".join(_between_commas(_phrase_after(tokens, i)))
        else:
            continue
        name, title = split_name_title(phrase)
        if name and title:
            pairs.append((name, title))
    return list(dict.fromkeys(pairs))


_SAME = frozenset(normalize_arabic(w) for w in "نفسه نفسها ذاته ذاتها المذكور المذكورة".split())
_SOURCE = normalize_arabic("المصدر")
# «المصدر ...», «نفس المصدر», «ذات المصدر».
_SOURCE_OPENERS = (_SOURCE, normalize_arabic("نفس"), normalize_arabic("ذات"))


def _antecedent(phrase: str, named: Sequence[str]) -> str:
    """The article's earlier speaker that a short reference stands for.

    «المصدر نفسه» is the last speaker named; a title-only reference («الوزارة», «مندوب التربية»,
    «الكاتب العام للشغل بالمهدية») is the last speaker whose title has its head and holds its
    words («المندوب الجهوي للتربية بالمهدية»). Any other phrase stands for itself.
    """
    words = phrase.split()
    if not named:
        return phrase
    if words[0] in _SOURCE_OPENERS and len(words) <= 2:
        if _SOURCE in words and (len(words) == 1 or words[1] in _SAME or words[0] != _SOURCE):
            return named[0]
    head = (title_head(phrase) or "").rstrip("+")
    name, title = split_name_title(phrase)
    if not head or name:
        return phrase
    title_words = phrase_words(" ".join(w for w in title.split() if w not in _SAME))
    for earlier in named:
        if earlier != phrase and (title_head(earlier) or "").rstrip("+") == head:
            earlier_words = phrase_words(earlier)
            if len(earlier_words) > len(title_words) and all(any(w & e for e in earlier_words) for w in title_words):
                return earlier
    return phrase


def attribute_speakers(sentences: Sequence[str]) -> list[str | None]:
    """The speaker phrase of each sentence of one article, continuations resolved.

    A short reference to a speaker named earlier in the article («وأضافت الوزارة», «المصدر
    نفسه», «مندوب التربية») is that speaker (see :func:`_antecedent`). A sentence opened by a
    speech verb with no subject continues the previous sentence's speaker when the verbs agree («أفادت وزارة الداخلية ...» then «وأضافت أن ...»); a verb of
    another gender or number («وأضاف أن ...» after «قالت») speaks for someone not named, and
    has no speaker. Any other sentence without a speech verb has none.
    """
    out: list[str | None] = []
    previous: str | None = None
    previous_agreement: str | None = None
    named: list[str] = []  # the article's speakers so far, last first
    for text in sentences:
        mention = find_mention(text)
        if mention is None:
            out.append(None)
            previous = None
            continue
        agreement = VERB_AGREEMENT.get(mention.verb)
        if mention.phrase:
            speaker = _antecedent(mention.phrase, named)
            named.insert(0, speaker)
            previous_agreement = agreement
        elif agreement and previous_agreement and agreement != previous_agreement:
            speaker = None
        else:
            speaker = previous
        out.append(speaker)
        previous = speaker
    return out
