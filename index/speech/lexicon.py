"""The words attribution reads: speech verbs, titles and institutions, places, and the words around them.

Data only, normalised once at import with the same function as the text they are matched against
(:func:`index.text.normalize.normalize_arabic`); the logic that reads them is in
:mod:`index.speech.titles` and :mod:`index.speech.attribution`.
"""

from __future__ import annotations

import re

from index.text.normalize import normalize_arabic

__all__ = [
    "ACCORDING",
    "BY",
    "COMPOUND_SECONDS",
    "HEAD_WORDS",
    "HONORIFICS",
    "INSTITUTION_WORDS",
    "ISSUED",
    "JOINING",
    "L_NAMES",
    "MAKSURA_FOLDED",
    "MAX_NAME_WORDS",
    "MAX_PHRASE_WORDS",
    "MAX_VERB_POSITION",
    "NAME_JOINERS",
    "NAME_LIKE_HEADS",
    "NAME_VERBS",
    "NEEDS_ABOUT",
    "NOT_NAMES",
    "OPENERS",
    "PHRASE_STOPS",
    "PLACES",
    "QUOTES",
    "ROLE_WORDS",
    "SAME",
    "SAME_HEAD",
    "SOURCE",
    "SOURCE_NOUNS",
    "SOURCE_OPENERS",
    "SPEECH_VERBS",
    "SYNONYMS",
    "TITLE_WORDS",
    "TWO_WORD_PLACES",
    "UNSPLIT",
    "VERB_AGREEMENT",
    "WHAT",
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
NEEDS_ABOUT = frozenset(normalize_arabic(w) for w in "عبر عبرت عبروا".split())
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
ROLE_WORDS = frozenset(normalize_arabic(w) for w in _ROLES.split())
INSTITUTION_WORDS = frozenset(normalize_arabic(w) for w in _INSTITUTIONS.split())
#: Words that head a role or an institution (indefinite, normalised).
HEAD_WORDS = ROLE_WORDS | INSTITUTION_WORDS
# Heads that are also first names («محمد أمين», «أمير»): heads only when definite or first.
NAME_LIKE_HEADS = frozenset(normalize_arabic(w) for w in "أمين أمير ملك قاضي عميد نائب".split())
# Ranks and honorifics before a name («العقيد منير الريابي», «الدكتور سامي الرقيق»): neither
# name nor title, dropped where a definite one stands before a name.
HONORIFICS = frozenset(
    normalize_arabic(w)
    for w in "العقيد العميد اللواء المقدم الرائد الدكتور الدكتورة الأستاذ الأستاذة الشيخ السيد السيدة "
    "المهندس الحاج الجنرال الأميرال المشير".split()
)
# Tunisian governorates, which follow a regional official with a preposition and no article
# («المدير الجهوي للتجارة بنابل», «والي سوسة»); two-word ones are matched word by word.
PLACES = frozenset(
    normalize_arabic(w)
    for w in "تونس أريانة منوبة نابل زغوان بنزرت باجة جندوبة سليانة سوسة صفاقس قفصة توزر قبلي قابس "
    "مدنين تطاوين جربة".split()
)
TWO_WORD_PLACES = frozenset((normalize_arabic(a), normalize_arabic(b)) for a, b in (("بن", "عروس"), ("سيدي", "بوزيد")))
# Kept for callers of the former name: every word that begins a title, with its definite forms.
TITLE_WORDS = HEAD_WORDS | frozenset("ال" + w for w in HEAD_WORDS) | HONORIFICS
# Words that end a speaker phrase: the statement or a circumstance begins. «على» and «إلى» are
# kept apart from the name «علي» and the title «والي» by their spelling (see :func:`speech_tokens`).
PHRASE_STOPS = frozenset(
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
OPENERS = tuple(
    normalize_arabic(o) for o in ("من جانبه", "من جانبها", "من جهته", "من جهتها", "بدوره", "بدورها", "في المقابل")
)
# «حسب ما أفادت به وزارة الداخلية», «وفق ما أعلنته الوزارة», «بحسب المتحدث باسم الحرس»: a statement
# attributed after its content, anywhere in the sentence.
ACCORDING = frozenset(
    normalize_arabic(w) for w in "حسب بحسب وحسب وبحسب حسبما بحسبما وحسبما وفق وفقا ووفق طبقا وطبقا".split()
)
WHAT = frozenset(normalize_arabic(w) for w in "ما لما".split())
SOURCE_NOUNS = frozenset(normalize_arabic(w) for w in "بلاغ بيان تصريح تصريحات معطيات مصادر".split())
ISSUED = normalize_arabic("صادر")  # «بيان صادر عن ...»
BY = frozenset(normalize_arabic(w) for w in "به بها عنه عنها".split())
# Speech verbs that are also names («فوزي طالب»).
NAME_VERBS = frozenset({normalize_arabic("طالب")})
# «وردت» (it came) is not «و» + «ردت» (she replied).
UNSPLIT = frozenset(normalize_arabic(w) for w in "وردت وردوا".split())
# First names that begin with ل, which a title's «لـ» + noun could be taken for.
L_NAMES = frozenset(normalize_arabic(w) for w in "لطفي لسعد ليلى لمياء لبنى لزهر لمين لينا".split())
# Words inside a title that take what follows with them («الناطق باسم ...», «أمين عام حركة ...»).
JOINING = frozenset(normalize_arabic(w) for w in "باسم عام عامة".split())
QUOTES = "«»“”\"':"
MAX_PHRASE_WORDS = 12
MAX_VERB_POSITION = 8

# «على», «وإلى» and «فإلى» as folded (ى → ي, إ → ا): the words whose spelling speech_tokens restores.
MAKSURA_FOLDED = frozenset(("علي", "والي", "فالي"))


NAME_JOINERS = frozenset({"عبد", "ابو", "بن", "ابن", "بو", "ال", "محمد"})
# The second half of a compound first name («نور الدين», «زين العابدين», «نصر الله»): part of the
# name, not the object that a definite word would start.
COMPOUND_SECONDS = frozenset({"الدين", "العابدين", "الله", "الاسلام"})
# Words after a title that are the object or the rest of the sentence, not a name.
NOT_NAMES = frozenset(normalize_arabic(w) for w in "جميع كافة كل بعض مختلف عدد نفس ذاته ذاتها المذكور".split())
MAX_NAME_WORDS = 4


# Words that stand for one another in a speaker's title.
SYNONYMS = {"ناطق": "متحدث", "متحدث": "ناطق"}
SAME_HEAD = {"ناطق": "متحدث"}


SAME = frozenset(normalize_arabic(w) for w in "نفسه نفسها ذاته ذاتها المذكور المذكورة".split())
SOURCE = normalize_arabic("المصدر")
# «المصدر ...», «نفس المصدر», «ذات المصدر».
SOURCE_OPENERS = (SOURCE, normalize_arabic("نفس"), normalize_arabic("ذات"))
