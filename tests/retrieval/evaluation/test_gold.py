"""retrieval.evaluation.gold: the eval README's normalisation, and gold texts found in citations."""

from __future__ import annotations

import pytest

from retrieval.evaluation.gold import contains_gold, normalize_for_match
from retrieval.evaluation.metrics import first_rank


def test_normalisation_folds_letters_drops_marks_and_punctuation() -> None:
    assert normalize_for_match("قالَ: «أحمد»  إلى   المدرسة_") == "قال احمد الي المدرسه"


@pytest.mark.parametrize(
    ("gold", "text", "expected"),
    [
        pytest.param(["القاهرة"], "عاصمة مصر هي القاهرة.", True, id="substring"),
        pytest.param(["القاهرة"], "عاصمة مصر هي القاهره", True, id="taa-marbuta-folded"),
        pytest.param(["أكبر مدنها"], "وهي اكبرُ مدنها", True, id="hamza-and-harakat"),
        pytest.param(["الإسكندرية", "القاهرة"], "القاهرة كبيرة", True, id="any-of-several"),
        pytest.param(["الإسكندرية"], "القاهرة كبيرة", False, id="absent"),
        pytest.param(["«»", " "], "أي نص", False, id="gold-empty-once-normalised"),
        pytest.param([], "أي نص", False, id="no-gold"),
    ],
)
def test_contains_gold(gold: list[str], text: str, expected: bool) -> None:
    assert contains_gold(gold)(text) is expected


def test_first_citation_holding_a_gold_text() -> None:
    citations = ["نهر النيل طويل.", "ينبع من بحيرة فِكتوريا.", "بحيرة فكتوريا في أفريقيا."]
    assert first_rank(citations, contains_gold(["بحيرة فكتوريا"])) == 2
    assert first_rank(citations, contains_gold(["البحر المتوسط"])) is None
