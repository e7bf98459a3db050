"""Fusion of the lexical and dense rankings, on hand-made lists."""

from __future__ import annotations

import pytest

from retrieval.ranking.fuse import FUSERS, fuse_convex, fuse_minmax, fuse_rrf, select_fuser

LEXICAL = [(1, 12.0), (2, 6.0), (3, 3.0)]
DENSE = [(3, 0.88), (2, 0.80), (4, 0.72)]


def test_rrf_sums_weighted_reciprocal_ranks() -> None:
    fused = fuse_rrf({"lexical": LEXICAL, "dense": DENSE}, {"lexical": 1.0, "dense": 2.0}, k=60)
    assert fused[2] == pytest.approx(1 / 62 + 2 / 62)
    assert fused[4] == pytest.approx(2 / 63)


def test_convex_divides_each_leg_by_its_best_score() -> None:
    fused = fuse_convex({"lexical": LEXICAL, "dense": DENSE}, {"lexical": 1.0, "dense": 1.0})
    assert fused[1] == pytest.approx(1.0)
    assert fused[3] == pytest.approx(3 / 12 + 1.0)
    assert fused[4] == pytest.approx(0.72 / 0.88)


def test_minmax_spreads_bunched_cosines_over_the_whole_range() -> None:
    fused = fuse_minmax({"lexical": LEXICAL, "dense": DENSE}, {"lexical": 1.0, "dense": 1.0})
    assert fused[4] == pytest.approx(0.0)  # the worst cosine counts nothing, however close to the best
    assert fused[2] == pytest.approx(3 / 9 + 0.5)
    assert fused[3] == pytest.approx(0.0 + 1.0)


def test_minmax_gives_a_flat_leg_its_full_weight() -> None:
    assert fuse_minmax({"dense": [(7, 0.8), (8, 0.8)]}, {"dense": 2.0}) == {7: 2.0, 8: 2.0}


def test_an_empty_leg_adds_nothing() -> None:
    for fuse in FUSERS.values():
        assert fuse({"lexical": [], "dense": DENSE}, {"lexical": 1.0, "dense": 1.0}).keys() == {3, 2, 4}


def test_unknown_fusion_names_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="convex"):
        select_fuser("borda")
