"""The outlet a question names: every cue, names across scripts, and none where there is none."""

from __future__ import annotations

import pytest

from retrieval.scope.outlets import find_outlet, outlet_names
from retrieval.question.understand import hear

NAMES = outlet_names(["okaz", "alriyadh", "alwatan", "alyaum", "was", "JawharaFM", "وات"])


def outlet(question: str) -> tuple[str | None, str]:
    found, rest = find_outlet(hear(question).normalized, NAMES)
    return (found.source if found else None), rest


@pytest.mark.parametrize(
    ("question", "source", "rest"),
    [
        ("ماذا نشرت عكاظ عن الحج؟", "okaz", "الحج"),
        ("حسب الرياض، ما أسباب ارتفاع الأسعار؟", "alriyadh", "ما اسباب ارتفاع الاسعار"),
        ("ماذا قالت صحيفة الوطن عن الأمطار؟", "alwatan", "الامطار"),
        ("في صحيفة اليوم ما أخبار الدمام؟", "alyaum", "ما اخبار الدمام"),
        ("ماذا ذكرت واس عن زيارة الأمير؟", "was", "زياره الامير"),
        ("بحسب وات ماذا قال الوزير؟", "وات", "ماذا قال الوزير"),
        ("نقلا عن جوهرة أف أم، ماذا حدث في سوسة؟", "JawharaFM", "ماذا حدث في سوسه"),
        ("According to Okaz, what happened in Mecca?", "okaz", "what happened in mecca"),
        ("What did Al Riyadh report about the rain?", "alriyadh", "the rain"),
        ("Selon Okaz, que s'est-il passé ?", "okaz", "que s'est-il passé"),
        ("ماذا نشرت اليوم عن الدمام؟", "alyaum", "الدمام"),  # an everyday word after a verb of publishing
        ("كيف توزع الضحايا في خبر الرياض؟", "alriyadh", "كيف توزع الضحايا"),
    ],
)
def test_an_outlet_named_the_ways_readers_name_it(question: str, source: str, rest: str) -> None:
    assert outlet(question) == (source, rest)


@pytest.mark.parametrize(
    "question",
    ["حسب الوزير ما الأسباب؟", "ماذا قال الوطن؟", "ما الطقس في الرياض؟", "ماذا قال اليوم الوزير؟",
     "ماذا حدث في الرياض اليوم؟", "ماذا قال كيري؟"],
)
def test_no_outlet_where_a_name_is_an_everyday_word_or_a_place(question: str) -> None:
    assert outlet(question)[0] is None


def test_an_index_without_sources_names_no_outlet() -> None:
    assert find_outlet("ماذا نشرت عكاظ عن الحج", {}) == (None, "ماذا نشرت عكاظ عن الحج")
