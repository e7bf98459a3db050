"""Ranking metrics over ranked ids with binary relevance (MTEB / pytrec_eval conventions).

The metrics take the ranked ids, best first, and the set of relevant ids. Ranks are 1-based.
Duplicates in a ranking should be removed first (:func:`dedupe`): a paragraph that several of
its sentences bring back is one document, ranked where it first appears.

:func:`first_rank` is the one place that finds the first rank matching the gold, whatever the
gold is: a relevant id here, a paragraph id in :mod:`retrieval.evaluation.squad`, a gold text in
a citation (:func:`retrieval.evaluation.gold.contains_gold`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Hashable, Iterable, Sequence
from typing import TypeVar

__all__ = [
    "dedupe",
    "first_rank",
    "hit_at_k",
    "mean",
    "ndcg_at_k",
    "recall_at_k",
    "reciprocal_rank_at_k",
]

T = TypeVar("T", bound=Hashable)
Item = TypeVar("Item")


def dedupe(items: Iterable[T]) -> list[T]:
    """The items in order of first appearance, each once."""
    return list(dict.fromkeys(items))


def first_rank(ranked: Iterable[Item], matches: Callable[[Item], bool]) -> int | None:
    """The 1-based rank of the first item that ``matches``, or None when none does.

    Args:
        ranked: The items, best first (ids, citation texts, relevance flags ...).
        matches: Whether an item matches the gold.
    """
    for rank, item in enumerate(ranked, start=1):
        if matches(item):
            return rank
    return None


def _relevant_rank(ranked: Sequence[T], relevant: Collection[T], k: int) -> int | None:
    """The rank of the first relevant id among the first ``k``."""
    return first_rank(ranked[:k], lambda item: item in relevant)


def hit_at_k(ranked: Sequence[T], relevant: Collection[T], k: int) -> float:
    """1.0 when a relevant id is among the first ``k``, else 0.0."""
    return 0.0 if _relevant_rank(ranked, relevant, k) is None else 1.0


def recall_at_k(ranked: Sequence[T], relevant: Collection[T], k: int) -> float:
    """The share of the relevant ids found among the first ``k`` (0.0 when none is relevant)."""
    if not relevant:
        return 0.0
    return len(set(ranked[:k]) & set(relevant)) / len(relevant)


def reciprocal_rank_at_k(ranked: Sequence[T], relevant: Collection[T], k: int) -> float:
    """1 / rank of the first relevant id within the first ``k``, else 0.0."""
    rank = _relevant_rank(ranked, relevant, k)
    return 0.0 if rank is None else 1.0 / rank


def ndcg_at_k(ranked: Sequence[T], relevant: Collection[T], k: int) -> float:
    """Normalised discounted cumulative gain with binary gains and ``log2(rank + 1)`` discounts.

    The ideal ranking puts ``min(len(relevant), k)`` relevant ids first. With one relevant
    id at rank r this is ``1 / log2(r + 1)``: 1.0 at rank 1, 0.631 at rank 2, 0.5 at rank 3.
    """
    if not relevant:
        return 0.0
    dcg = sum(1.0 / math.log2(rank + 1) for rank, item in enumerate(ranked[:k], start=1) if item in relevant)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(relevant), k) + 1))
    return dcg / ideal


def mean(values: Iterable[float]) -> float:
    """The arithmetic mean; 0.0 for no values."""
    items = list(values)
    return sum(items) / len(items) if items else 0.0
