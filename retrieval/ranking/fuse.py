"""Fuse ranked lists from the lexical and dense legs into one ranking.

- ``fuse_rrf``: reciprocal-rank fusion, ``sum(weight / (k + rank))``; needs no score
  calibration, but gives a weak leg as much say as a strong one unless weighted.
- ``fuse_convex``: ``sum(weight * score / max score of the leg)``; lets a weak dense leg
  reorder near-ties without overruling the lexical leg.
- ``fuse_minmax``: ``sum(weight * (score - min) / (max - min))`` over each leg's over-fetched
  list: the spread a leg shows for this question, whatever range its scores live in (e5's
  cosines bunch in 0.7-0.9, BM25 scores are unbounded), so a weight means the same for both.

``select_fuser(name)`` picks one by name; ``FUSERS`` lists the valid names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

__all__ = ["FUSERS", "RankedList", "fuse_convex", "fuse_minmax", "fuse_rrf", "select_fuser"]

#: One leg's result: ``(sid, score)`` pairs, best first.
RankedList = Sequence[tuple[int, float]]

RRF_K = 60


def fuse_rrf(legs: Mapping[str, RankedList], weights: Mapping[str, float], k: int = RRF_K) -> dict[int, float]:
    """Reciprocal-rank fusion of the legs' rankings."""
    fused: dict[int, float] = {}
    for name, ranked in legs.items():
        weight = weights.get(name, 1.0)
        for rank, (sid, _) in enumerate(ranked, start=1):
            fused[sid] = fused.get(sid, 0.0) + weight / (k + rank)
    return fused


def fuse_convex(legs: Mapping[str, RankedList], weights: Mapping[str, float]) -> dict[int, float]:
    """Weighted sum of max-normalised scores."""
    fused: dict[int, float] = {}
    for name, ranked in legs.items():
        if not ranked:
            continue
        weight = weights.get(name, 1.0)
        top = max(score for _, score in ranked)
        if top <= 0:
            continue
        for sid, score in ranked:
            fused[sid] = fused.get(sid, 0.0) + weight * max(score, 0.0) / top
    return fused


def fuse_minmax(legs: Mapping[str, RankedList], weights: Mapping[str, float]) -> dict[int, float]:
    """Weighted sum of min-max-normalised scores.

    A leg whose scores are all equal adds its full weight to each of its hits.
    """
    fused: dict[int, float] = {}
    for name, ranked in legs.items():
        if not ranked:
            continue
        weight = weights.get(name, 1.0)
        scores = [score for _, score in ranked]
        low, spread = min(scores), max(scores) - min(scores)
        for sid, score in ranked:
            share = (score - low) / spread if spread > 0 else 1.0
            fused[sid] = fused.get(sid, 0.0) + weight * share
    return fused


#: A fusion: the legs' rankings and their weights in, one score per sentence out.
Fuser = Callable[[Mapping[str, RankedList], Mapping[str, float]], dict[int, float]]

FUSERS: dict[str, Fuser] = {"rrf": fuse_rrf, "convex": fuse_convex, "minmax": fuse_minmax}


def select_fuser(name: str) -> Fuser:
    """The fusion function called ``name``.

    Raises:
        ValueError: for an unknown name; the message lists the valid ones.
    """
    try:
        return FUSERS[name]
    except KeyError:
        raise ValueError(f"unknown fusion {name!r}; choose one of {sorted(FUSERS)}") from None
