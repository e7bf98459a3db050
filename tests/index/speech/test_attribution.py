"""Speaker phrases, appositions and continuations, on seed sentences and made-up ones."""

from __future__ import annotations

import pytest

from index.speech.attribution import attribute_speakers, find_appositions, find_mention
from index.speech.lexicon import VERB_AGREEMENT
from index.speech.titles import is_institution, split_name_title, title_head
from index.text.normalize import normalize_arabic


@pytest.mark.parametrize(
    ("sentence", "verb", "phrase"),
    [
        pytest.param("وقال كيري 'التقيت وزير الخارجية (لافروف)'.", "قال", "كيري", id="vso"),
        pytest.param("ومن جانبه، قال جون كيرى وزير الخارجية الأمريكى «تبادلنا الأفكار».", "قال",
                     "جون كيري وزير الخارجيه الامريكي", id="opener-then-apposition"),
        pytest.param("أكد وزير الخارجية الروسي، سيرغي لافروف، أمام الأمم المتحدة على ضرورة الحفاظ.", "اكد",
                     "وزير الخارجيه الروسي سيرغي لافروف", id="title-comma-name"),
        pytest.param("وكان مسؤول أميركي قال قبل مغادرة كيري هامبورغ إن المحادثات فشلت.", "قال", "مسؤول اميركي",
                     id="svo"),
        pytest.param("وزارة الخارجية الروسية أعلنت الأحد أن الوزيرين تحدثا.", "اعلنت", "وزاره الخارجيه الروسيه",
                     id="svo-before-a-day"),
        pytest.param("وقال 'لن نكون قادرين على تحسين الأوضاع'.", "قال", "", id="pronoun"),
        pytest.param("وأضافت أن الاجتماع سيعقد غدا.", "اضافت", "", id="pronoun-feminine"),
        pytest.param("وفي أنقرة،قال إبراهيم كالين إن بلاده أجرت محادثات.", "قال", "ابراهيم كالين", id="glued-comma"),
    ],
)
def test_find_mention(sentence: str, verb: str, phrase: str) -> None:
    mention = find_mention(sentence)
    assert mention is not None and (mention.verb, mention.phrase) == (verb, phrase)


@pytest.mark.parametrize(
    "sentence",
    ["وقتل أكثر من 70 مدنيًا في مجازر النظام.", "جاء هذا فى الوقت الذى شهدت فيه الأحياء الشرقية قصفا."],
)
def test_no_speech_verb_no_mention(sentence: str) -> None:
    assert find_mention(sentence) is None


@pytest.mark.parametrize(
    ("phrase", "name", "title"),
    [
        ("جون كيري وزير الخارجيه الامريكي", "جون كيري", "وزير الخارجيه الامريكي"),
        ("وزير الخارجيه الروسي سيرغي لافروف", "سيرغي لافروف", "وزير الخارجيه الروسي"),
        ("مدير المرصد رامي عبد الرحمن", "رامي عبد الرحمن", "مدير المرصد"),
        ("الرئيس السوري بشار الاسد", "بشار الاسد", "الرئيس السوري"),
        ("لافروف المعارضه السوريه", "لافروف", ""),
        ("وزير الخارجيه الروسي", "", "وزير الخارجيه الروسي"),
        ("جون كيري ونظيره", "جون كيري", ""),
    ],
)
def test_split_name_title(phrase: str, name: str, title: str) -> None:
    assert split_name_title(phrase) == (name, title)


def test_continuations_keep_the_speaker_until_a_sentence_without_one() -> None:
    sentences = [
        "وقال لافروف أمام الجمعية العامة إن 'لا بديل' من عملية السلام.",
        "وتابع أن الأزمة لن تحل.",
        "وقال 'لن نكون قادرين على تحسين الأوضاع'.",
        "وقتل أكثر من 70 مدنيا.",
        "وأضاف أن الهجوم مستمر.",
    ]
    assert attribute_speakers(sentences) == ["لافروف", "لافروف", "لافروف", None, None]


def test_appositions_anywhere_in_a_sentence() -> None:
    sentence = ("الجانب الأمريكي تراجع عن التوصل إلى اتفاق فقد أعلن وزير الخارجية الروسي سيرغي لافروف "
                "أن مبادرة نظيره قد فشلت.")
    assert find_appositions(sentence) == [("سيرغي لافروف", "وزير الخارجيه الروسي")]
    assert find_appositions("في حين يواصل وزير الخارجية الأميركي، جون كيري، مباحثاته.") == [
        ("جون كيري", "وزير الخارجيه الاميركي")
    ]


# Real sentences from the ANT corpus (JawharaFM, 2015-2017): institutions and officials as speakers.
@pytest.mark.parametrize(
    ("sentence", "verb", "phrase"),
    [
        pytest.param("أفادت وزارة الشؤون المحلية، في بلاغ لها اليوم الثلاثاء، بأنه تم حل 9 نيابات خصوصية، وتعويض تركيبتها.",
                     "افادت", "وزاره الشؤون المحليه", id="institution-feminine"),
        pytest.param("و قال متحدث باسم الشرطة الهندية إن حافلة مكتظة بالمسافرين هوت في قناة تقع بين جسرين متوازيين.",
                     "قال", "متحدث باسم الشرطه الهنديه", id="spokesman"),
        pytest.param('وقالت متحدث باسم الشرطة إن "الطائرة جاثمة حاليا على أرض المطار والتحقيق جار".',
                     "قالت", "متحدث باسم الشرطه", id="spokeswoman"),
        pytest.param("وأكّد والي المهدية محمد بودن خلال ترأسه لجلسة اللجنة الجهوية لمتابعة تطور الأسعار أنه تم ضبط قائمة.",
                     "اكد", "والي المهديه محمد بودن", id="governor-not-wa-ila"),
        pytest.param("وقال الكاتب العام للجامعة العامة للتخطيط والمالية، عبد الله القمودي في تصريح اليوم إن الإضراب يأتي.",
                     "قال", "الكاتب العام للجامعه العامه للتخطيط والماليه عبد الله القمودي", id="secretary-general"),
        pytest.param("أكد الناطق الرسمي باسم وزارة الداخلية،محمد علي العروي اليوم،الخميس في تصريح أن مواجهات اندلعت.",
                     "اكد", "الناطق الرسمي باسم وزاره الداخليه محمد علي العروي", id="name-ali-not-ala"),
        pytest.param("وأفادت وزارة الداخلية في بلاغ لها أن الشخص المذكور في حقه 11 سنة سجنا.",
                     "افادت", "وزاره الداخليه", id="reported-speech-an"),
        pytest.param("أكدّت المخرجة التونسية كوثر بن هنية أنّ قصة الفيلم مستوحاة من قصة واقعية.",
                     "اكدت", "المخرجه التونسيه كوثر بن هنيه", id="reported-speech-anna"),
        pytest.param("وأكدوا أن نضالاتهم ستتواصل في مختلف الولايات، إلى حين إيفاء الحكومة بتعهداتها.", "اكدوا", "",
                     id="plural-pronoun"),
        pytest.param("وتمثّل الحريق، بحسب ما أفادت به وزارة الداخلية، في اشتعال كميّة من فواضل الملابس المستعملة.",
                     "افادت", "وزاره الداخليه", id="according-to-what"),
        pytest.param("ووفق ما صرّح به المدير الجهوي للتجارة بنابل فوزي طالب لمراسلة الجوهرة اف ام، فقد تم رفع 965 مخالفة.",
                     "صرح", "المدير الجهوي للتجاره بنابل فوزي طالب", id="according-to-what-said-by"),
        pytest.param("قررت بولندا رفض استقبال مهاجرين على أراضيها وذلك إثر اعتداءات بروكسل وفق ما أعلنته رئيسة الوزراء البولندية.",
                     "اعلنت", "رئيسه الوزراء البولنديه", id="verb-with-object-pronoun"),
        pytest.param("ولكن ليس كل شخص مهدد في بلده بسبب الوضع السياسي، يعتبر بالضرورة\"ملاحقا سياسيا\" بشكل خاص، "
                     "حسب المتحدث باسم وزارة الداخلية الألمانية، مضيفا أن كل طالب لجوء سوري.",
                     "حسب", "المتحدث باسم وزاره الداخليه الالمانيه", id="according-to-no-verb"),
        pytest.param("وكانت وزارة الدفاع الوطني، قد أفادت يوم السبت بأن القضاء العسكري تعهّد بفتح تحقيق.",
                     "افادت", "وزاره الدفاع الوطني", id="subject-then-qad"),
        pytest.param("وقال بيان صادر عن الرئاسة إن الحكم الصادر جائر.", "قال", "الرئاسه", id="communique-from"),
        pytest.param("كما عبر الغنوشي عن أمله في أن يتراجع بالحاج علي عن قراره.", "عبر", "الغنوشي", id="expressed-about"),
    ],
)
def test_find_mention_in_tunisian_news(sentence: str, verb: str, phrase: str) -> None:
    mention = find_mention(sentence)
    assert mention is not None and (mention.verb, mention.phrase) == (verb, phrase)


def test_via_is_no_speech_verb() -> None:
    assert find_mention("عبر وسائل التواصل الاجتماعي، دعا الوزير إلى الحذر.") == find_mention("دعا الوزير إلى الحذر.")


@pytest.mark.parametrize(
    ("phrase", "name", "title"),
    [
        ("والي سوسه فتحي بديره", "فتحي بديره", "والي سوسه"),
        ("والي بن عروس عبد اللطيف الميساوي", "عبد اللطيف الميساوي", "والي بن عروس"),
        ("المدير الجهوي للتجاره ببن عروس محمد الهادي الاينوبلي", "محمد الهادي الاينوبلي", "المدير الجهوي للتجاره ببن عروس"),
        ("المدير الجهوي لحفظ الصحه بنابل عمر السليمي", "عمر السليمي", "المدير الجهوي لحفظ الصحه بنابل"),
        ("المدير الجهوي للحمايه المدنيه العقيد منير الريابي", "منير الريابي", "المدير الجهوي للحمايه المدنيه"),
        ("الكاتب العام لنقابه التعليم الثانوي لسعد اليعقوبي", "لسعد اليعقوبي", "الكاتب العام لنقابه التعليم الثانوي"),
        ("الدكتور سامي الرقيق المدير الجهوي للصحه مراسل الجوهره", "سامي الرقيق", "المدير الجهوي للصحه"),
        ("سامي رابح الكاتب العام لنقابه اطباء اسنان تونس", "سامي رابح", "الكاتب العام لنقابه اطباء اسنان تونس"),
        ("المدير الجهوي للصحه ببنزرت سامي الرقيق وجود اي تقصير", "سامي الرقيق", "المدير الجهوي للصحه ببنزرت"),
        ("وزاره الداخليه فقد اسفرت العمليه", "", "وزاره الداخليه"),
        ("وزاره الداخليه اداره شرطه المرور", "", "وزاره الداخليه"),
        ("الجامعه العامه للبلديين بالاتحاد العام التونسي للشغل", "", "الجامعه العامه للبلديين بالاتحاد العام التونسي للشغل"),
        ("محمد امين الحمامي", "محمد امين الحمامي", ""),
    ],
)
def test_split_officials_and_institutions(phrase: str, name: str, title: str) -> None:
    assert split_name_title(phrase) == (name, title)


@pytest.mark.parametrize(
    ("phrase", "head"),
    [
        ("وزاره الداخليه", "وزاره+"),
        ("الوزاره", "وزاره"),
        ("الناطق الرسمي باسم الاداره العامه للحرس الوطني", "متحدث"),
        ("المتحدثه باسم الشرطه", "متحدث"),
        ("الرئيس التركي", "رئيس"),
        ("رئيس الوزراء التركي", "رئيس+"),
        ("كاتب عام النقابه", "كاتب"),
        ("العقيد منير الريابي", None),
        ("كيري", None),
    ],
)
def test_title_head(phrase: str, head: str | None) -> None:
    assert title_head(phrase) == head


def test_institutions_are_not_roles() -> None:
    assert is_institution("وزاره الداخليه") and is_institution("الجامعه العامه للبلديين")
    assert not is_institution("المدير الجهوي للتجاره بنابل") and not is_institution("والي سوسه")


def test_a_short_reference_is_the_speaker_named_before() -> None:
    # JA-society-536-20170308 and JA-internationalNews-389-20170228.
    sentences = [
        "تفطن صباح اليوم الأربعاء، أعوان إدارة المعهد الثانوي أبو القاسم الشابي إلى حرق مكتب الشؤون التلاميذ.",
        "وحسبما أفاد به المندوب الجهوي للتربية بالمهدية، مراسل الجوهرة أف أم في الجهة، فقد تم فتح بحث تحقيقي في الحادثة.",
        "واكد مندوب التربية أن النيران لم تأتِ على كامل المكتب واقتصرت الأضرار على دفاتر الحضور.",
        "و قال متحدث باسم الشرطة الهندية إن حافلة مكتظة بالمسافرين هوت في قناة.",
        "وأضاف المصدر نفسه أن المعطيات الأولية تفيد بأن السائق ربما فقد السيطرة على الحافلة.",
    ]
    delegate = "المندوب الجهوي للتربيه بالمهديه مراسل الجوهره اف ام"
    police = "متحدث باسم الشرطه الهنديه"
    assert attribute_speakers(sentences) == [None, delegate, delegate, police, police]


def test_a_continuation_agrees_with_its_speaker() -> None:
    # JA-localNews-4535-20160519, then JA-diverse-242-20170404: a masculine verb after a
    # feminine speaker is somebody else, not named.
    ministry = ["قالت وزارة الصحّة إن نسبة المشاركة في إضراب أعوان الصحة اليوم الخميس كانت محدودة.",
                "وأكدت أنه تم تأمين استمرارية المرفق العمومي بصفة عادية تقريبا."]
    court = ["وقالت المحكمة إن ماكي خرقت العقد الخاص بالشركة.",
             "وأشار إلى أن المرأة أخطأت في تحليلها لأمر الملاحظات."]
    assert attribute_speakers(ministry) == ["وزاره الصحه"] * 2
    assert attribute_speakers(court) == ["المحكمه", None]
    assert VERB_AGREEMENT["اكدت"] == "f" and VERB_AGREEMENT["اكدوا"] == "p" and VERB_AGREEMENT["اشار"] == "m"


@pytest.mark.parametrize(
    ("phrase", "name"),
    [("نور الدين الطبوبي", "نور الدين الطبوبي"), ("نور الدين البحيري رئيس كتلة حركة النهضة", "نور الدين البحيري"),
     ("صلاح الدين الجورشي", "صلاح الدين الجورشي"), ("نصر الله الحاج", "نصر الله الحاج")],
)
def test_a_compound_first_name_is_not_cut_at_its_definite_half(phrase: str, name: str) -> None:
    # «نور الدين الطبوبي» is not «نور»: his statements must not be keyed with «سهيل بنور»'s
    assert split_name_title(normalize_arabic(phrase))[0] == normalize_arabic(name)


def test_attribution_stays_linear_in_a_long_article_of_titled_speakers(monkeypatch) -> None:
    """A minutes-style article of 1 MB names a few officials thousands of times; each reference is looked
    up among the distinct earlier speakers of its head, never among every earlier mention."""
    from index.speech import attribution

    calls = []
    real = attribution.title_head
    monkeypatch.setattr(attribution, "title_head", lambda phrase: calls.append(phrase) or real(phrase))
    lines = ["وقال وزير الخارجية الروسي إن الحل في سوريا سياسي.", "وأضافت الوزارة أن الاجتماع {} انتهى.",
             "وقال المندوب الجهوي للتربية بالمهدية إن الامتحانات ستجرى.", "وأكد مندوب التربية أن التلاميذ بخير.",
             "وقال المصدر نفسه إن الوضع هادئ.", "وأفادت وزارة الداخلية بأن الحادث {} وقع ليلا."]
    sentences, size = [], 0
    while size < 1 << 20:
        sentences.append(lines[len(sentences) % len(lines)].format(len(sentences)))
        size += len(sentences[-1].encode("utf-8")) + 1
    speakers = attribute_speakers(sentences)
    assert len(calls) < 4 * len(sentences)  # every earlier mention scanned for each: ~10^8
    assert speakers[3] == speakers[2] == "المندوب الجهوي للتربيه بالمهديه"  # «مندوب التربية» is the delegate named
    assert speakers[4] == speakers[3]  # «المصدر نفسه»: the last speaker


def test_thousands_of_distinct_speakers_of_one_title_cost_a_bounded_look_back_each(monkeypatch) -> None:
    """Every delegate a different one («المندوب الجهوي للفلاحة بـ…»), each followed by a reference that
    matches none of them («مندوب الصحة»): a reference is compared with the last ``ANTECEDENT_LOOKBACK``
    speakers of its head, not with all of them (4,000 × 4,000 comparisons before)."""
    from index.speech import attribution

    compared = []
    real = attribution.phrase_words
    monkeypatch.setattr(attribution, "phrase_words", lambda phrase: compared.append(phrase) or real(phrase))
    letters = "بتثجحخدذرزسشصضطظعغفق"
    sentences = []
    for n in range(4000):
        place = "".join(letters[int(d)] for d in f"{n:04d}")  # a different place name for every delegate
        sentences.append(f"وقال المندوب الجهوي للفلاحة بمدينة {place} إن المحصول جيد.")
        sentences.append("وأكد مندوب الصحة أن الوضع مستقر.")
    speakers = attribute_speakers(sentences)
    assert len(set(speakers[::2])) == 4000 and speakers[-1] == "مندوب الصحه"  # no delegate of health was named
    assert len(compared) <= (attribution.ANTECEDENT_LOOKBACK + 2) * len(sentences)
