"""Speaker phrases, appositions and continuations, on seed sentences and made-up ones."""

from __future__ import annotations

import pytest

from index.speakers import attribute_speakers, find_appositions, find_mention, split_name_title


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
