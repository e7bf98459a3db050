"""retrieval.evaluation.metrics on hand-made rankings whose scores are known by hand."""

from __future__ import annotations

import math

import pytest

from retrieval.evaluation.metrics import (
    dedupe,
    first_rank,
    hit_at_k,
    mean,
    ndcg_at_k,
    recall_at_k,
    reciprocal_rank_at_k,
)

RANKED = ["a", "b", "c", "d", "e"]


@pytest.mark.parametrize(
    ("relevant", "k", "expected"),
    [
        pytest.param({"a"}, 10, 1.0, id="first"),
        pytest.param({"b"}, 10, 1 / math.log2(3), id="second"),
        pytest.param({"c"}, 10, 0.5, id="third"),
        pytest.param({"e"}, 10, 1 / math.log2(6), id="fifth"),
        pytest.param({"e"}, 4, 0.0, id="below-the-cut"),
        pytest.param({"z"}, 10, 0.0, id="not-ranked"),
        pytest.param(set(), 10, 0.0, id="nothing-relevant"),
        # two relevant at ranks 1 and 3: (1 + 0.5) / (1 + 1/log2(3))
        pytest.param({"a", "c"}, 10, 1.5 / (1 + 1 / math.log2(3)), id="two-relevant"),
        # ideal DCG is cut at k too: one slot, one relevant at rank 1
        pytest.param({"a", "c"}, 1, 1.0, id="ideal-cut-at-k"),
    ],
)
def test_ndcg_at_k(relevant: set[str], k: int, expected: float) -> None:
    assert ndcg_at_k(RANKED, relevant, k) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("relevant", "k", "rr", "hit", "recall"),
    [
        ({"a"}, 10, 1.0, 1.0, 1.0),
        ({"d"}, 10, 0.25, 1.0, 1.0),
        ({"d"}, 3, 0.0, 0.0, 0.0),
        ({"b", "z"}, 10, 0.5, 1.0, 0.5),
        ({"z"}, 10, 0.0, 0.0, 0.0),
    ],
)
def test_rank_metrics(relevant: set[str], k: int, rr: float, hit: float, recall: float) -> None:
    assert reciprocal_rank_at_k(RANKED, relevant, k) == pytest.approx(rr)
    assert hit_at_k(RANKED, relevant, k) == hit
    assert recall_at_k(RANKED, relevant, k) == pytest.approx(recall)


def test_first_rank_is_the_one_based_rank_of_the_first_match() -> None:
    assert first_rank(RANKED, lambda item: item in {"c", "e"}) == 3
    assert first_rank(RANKED, "a".__eq__) == 1
    assert first_rank(RANKED, lambda item: item == "z") is None
    assert first_rank([], bool) is None


def test_first_rank_takes_any_items_and_stops_at_the_first_match() -> None:
    seen: list[str] = []

    def matches(item: str) -> bool:
        seen.append(item)
        return item.startswith("ا")

    texts = iter(["نص أول", "القاهرة", "الجيزة"])  # a one-pass iterable
    assert first_rank(texts, matches) == 2
    assert seen == ["نص أول", "القاهرة"]
    assert first_rank([False, False, True, True], bool) == 3  # relevance flags


def test_dedupe_keeps_first_appearance() -> None:
    # paragraphs of a ranked sentence list: p2's rank is where its first sentence appears
    assert dedupe(["p1", "p2", "p1", "p3", "p2"]) == ["p1", "p2", "p3"]


def test_mean_of_nothing_is_zero() -> None:
    assert mean([]) == 0.0
    assert mean([1.0, 0.0, 0.5]) == pytest.approx(0.5)
