"""The period a question names, in every convention, and no period where there is none."""

from __future__ import annotations

from datetime import date

import pytest

from index.text.dates import _MONTH_NAMES
from retrieval.question.understand import hear
from retrieval.scope.periods import resolve_period, split_period

REFERENCE = date(2017, 6, 21)  # the newest article of ANT


def period(question: str) -> tuple[date, date] | None:
    words, _ = split_period(hear(question).normalized)
    found = resolve_period(words, REFERENCE) if words else None
    return (found.start, found.end) if found else None


@pytest.mark.parametrize(("month", "name"), [(n, name) for n, names in _MONTH_NAMES.items() for name in names
                                             if len(name) > 3 or name in ("ماي", "آب", "may", "mai")])
def test_every_month_name_with_a_year(month: int, name: str) -> None:
    start, end = period(f"ماذا قال الوزير في {name} 2016؟")
    assert start == date(2016, month, 1) and end.month == month and end.day >= 28


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("ماذا قال الشاهد عن الفساد في ماي 2017؟", date(2017, 5, 1), date(2017, 5, 31)),
        ("ماذا قال السبسي في شهر أوت 2016؟", date(2016, 8, 1), date(2016, 8, 31)),
        ("ماذا قال الوزير خلال شهر ماي؟", date(2017, 5, 1), date(2017, 5, 31)),  # the last May up to the newest day
        ("ماذا قال الوزير في ديسمبر؟", date(2016, 12, 1), date(2016, 12, 31)),
        ("ماذا قال الغنوشي في كانون الثاني 2017؟", date(2017, 1, 1), date(2017, 1, 31)),
        ("ماذا حدث يوم 12 أفريل؟", date(2017, 4, 12), date(2017, 4, 12)),
        ("ماذا حدث يوم الاثنين 14 نوفمبر؟", date(2016, 11, 14), date(2016, 11, 14)),
        ("ماذا قال الوزير في ٣ جانفي ٢٠١٧؟", date(2017, 1, 3), date(2017, 1, 3)),
        ("ماذا قال الوزير بين مارس وماي؟", date(2017, 3, 1), date(2017, 5, 31)),
        ("ماذا قال بين ديسمبر 2016 وفيفري 2017؟", date(2016, 12, 1), date(2017, 2, 28)),
        ("ماذا حدث من 3 إلى 10 أفريل 2016؟", date(2016, 4, 3), date(2016, 4, 10)),
        ("ماذا قال الغنوشي في 2016؟", date(2016, 1, 1), date(2016, 12, 31)),
        ("ماذا قال الغنوشي عام 2015؟", date(2015, 1, 1), date(2015, 12, 31)),
        ("ماذا قالت الحكومة الأسبوع الماضي؟", date(2017, 6, 14), date(2017, 6, 21)),
        ("ما أخبار الفلاحة هذا الشهر؟", date(2017, 6, 1), date(2017, 6, 21)),
        ("ما أخبار الفلاحة الشهر الماضي؟", date(2017, 5, 1), date(2017, 5, 31)),
        ("ماذا قال الشاهد منذ بداية العام؟", date(2017, 1, 1), date(2017, 6, 21)),
        ("ماذا قال الشاهد العام الماضي؟", date(2016, 1, 1), date(2016, 12, 31)),
        ("ماذا حدث أمس؟", date(2017, 6, 20), date(2017, 6, 20)),
        ("What did Chahed say in January 2017?", date(2017, 1, 1), date(2017, 1, 31)),
        ("What did Chahed say last month?", date(2017, 5, 1), date(2017, 5, 31)),
        ("Qu'a dit Chahed en janvier 2017 ?", date(2017, 1, 1), date(2017, 1, 31)),
        ("Qu'a dit Chahed l'année dernière ?", date(2016, 1, 1), date(2016, 12, 31)),
    ],
)
def test_periods_in_the_forms_readers_ask(question: str, start: date, end: date) -> None:
    assert period(question) == (start, end)


@pytest.mark.parametrize(
    "question",
    ["مارس الرياضة منذ صغره، فماذا قال؟", "ماذا قال الأب؟", "ماذا قال ماي؟", "ما موقف نيسان من السيارات الكهربائية؟",
     "ماذا قالت تيريزا ماي عن بريكست؟", "كم عدد سكان تونس؟", "What did Theresa May say?", "ماذا قال كيري؟"],
)
def test_no_period_where_there_is_none(question: str) -> None:
    assert split_period(hear(question).normalized) == (None, hear(question).normalized)


def test_the_rest_of_the_question_is_what_is_searched() -> None:
    assert split_period(hear("ماذا قال الشاهد عن الفساد في ماي 2017؟").normalized) == (
        "في ماي 2017", "ماذا قال الشاهد عن الفساد")


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("آخر ما قاله السبسي؟", "ماذا قال السبسي"),
        ("ما آخر تصريحات الشاهد عن الفساد؟", "ما تصريحات الشاهد عن الفساد"),
        ("ما هو آخر ما صرح به الغنوشي؟", "ماذا صرح الغنوشي"),
        ("آخر أخبار الفيضانات", "ما اخبار الفيضانات"),
        ("أحدث تصريحات وزير الصحة", "ما تصريحات وزير الصحه"),
        ("What did Chahed say most recently?", "what did chahed say"),
        ("What are the latest statements of Chahed?", "what are statements of chahed"),
    ],
)
def test_the_newest_first_is_asked_and_what_is_asked_stays(question: str, asked: str) -> None:
    from retrieval.scope.periods import split_latest

    assert split_latest(hear(question).normalized) == (True, asked)


@pytest.mark.parametrize("question", ["آخر من وصل إلى القمة؟", "ماذا قال كيري؟", "ما هو الأخير في الترتيب؟"])
def test_no_newest_first_where_none_is_asked(question: str) -> None:
    from retrieval.scope.periods import split_latest

    assert split_latest(hear(question).normalized)[0] is False


def test_the_period_and_the_newest_first_survive_a_conversation_saved_and_loaded() -> None:
    from retrieval.question.understand import Understood, understand_text

    asked = understand_text("آخر ما قاله الشاهد في ماي 2017؟")
    assert asked.when == "في ماي 2017" and asked.latest and asked.speaker.subject == "الشاهد"
    assert Understood.from_dict(asked.to_dict()) == asked
