"""Hybrid sentence search: a BM25 leg and a dense leg, over-fetched, then fused.

Each hit carries the evidence that abstention needs: its BM25 score, its cosine similarity
with the question (for every hit, also those only the lexical leg found, whenever the
question was embedded), and its *coverage*, the share of the question's content words
(weighted by IDF) that the sentence's BM25 document holds: the sentence with its context,
as ``index.parts.context`` built it.
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from index.text.analyze import analyze_normalized_words, analyze_words
from retrieval.crossscript import bridged_words
from retrieval.errors import UnknownMode
from retrieval.ranking.fuse import select_fuser
from retrieval.question.question_text import is_arabic_script

if TYPE_CHECKING:  # the command line reads MODES without opening anything
    from index.reader import OpenIndex

__all__ = ["MODES", "Hit", "Query", "SearchOptions", "analyze_query", "search", "within"]

MODES = ("lexical", "dense", "hybrid")
#: The rank whose cosine is a question's background (the over-fetch reaches it).
BACKGROUND_RANK = 50
#: A scope up to this size is scanned vector by vector; a larger one is found by searching the index deeper.
SCOPE_SCAN_MAX = 20_000
#: The deepest search a large scope asks of the index (the shortlist re-scores about this many).
SCOPE_SEARCH_MAX = 2_000


@dataclass(frozen=True)
class SearchOptions:
    """How to search; the defaults are the measured best for multilingual-e5-small (docs/evaluation.md)."""

    mode: str = "hybrid"
    fusion: str = "minmax"
    lexical_weight: float = 1.0
    dense_weight: float = 1.25
    overfetch: int = 50
    #: The day relative periods count back from (:mod:`retrieval.scope.periods`); None: the newest article's.
    today: date | None = None


@dataclass(frozen=True)
class Query:
    """A question as the lexical leg sees it."""

    text: str
    words: tuple[tuple[str, ...], ...]
    weights: dict[str, float]

    @property
    def tokens(self) -> tuple[str, ...]:
        """Every stem variant of every content word, for BM25."""
        return tuple(t for word in self.words for t in word)

    def word_weight(self, word: tuple[str, ...]) -> float:
        """A word counts once, with its most specific variant's IDF."""
        return max(self.weights[t] for t in word)

    @property
    def total_weight(self) -> float:
        """The summed weight of the question's distinct content words."""
        return sum(self.word_weight(w) for w in dict.fromkeys(self.words))


@dataclass(frozen=True)
class Hit:
    """One retrieved sentence with its scores.

    ``embedded``: ``dense`` is its real cosine with the question, and ``background`` the cosine
    of the question's ``BACKGROUND_RANK``-th nearest sentence (what any sentence scores for it).
    """

    sid: int
    score: float
    lexical: float
    dense: float
    coverage: float
    embedded: bool = False
    background: float = 0.0


def analyze_query(index: OpenIndex, question: str, normalized: str | None = None) -> Query:
    """Analyse a question (from its ``normalized`` form when known) and weight its tokens by IDF.

    A question in Latin script searches the Arabic words its names and news words stand for
    (:mod:`retrieval.crossscript`) instead of its own words that the index does not hold.
    """
    words = tuple(analyze_normalized_words(normalized) if normalized is not None else analyze_words(question))
    if not is_arabic_script(question):
        words = tuple(bridged_words(index.lexical, question, words))
    tokens = [t for word in words for t in word]
    return Query(question, words, {t: index.lexical.idf(t) for t in dict.fromkeys(tokens)})


def _lexical_leg(index: OpenIndex, query: Query, n: int, scope: np.ndarray | None) -> list[tuple[int, float]]:
    if scope is None:
        sids, scores = index.lexical.top(list(query.tokens), n)
    elif len(scope) > SCOPE_SCAN_MAX:  # every document scored at once beats a look-up per scoped one
        every = index.lexical.scores(list(query.tokens))
        sids, scores = _best(scope, every[scope] if every.size else np.zeros(len(scope), np.float32), n, positive=True)
    else:
        sids, scores = _best(scope, index.lexical.scores_of(list(query.tokens), scope), n, positive=True)
    return [(int(s), float(v)) for s, v in zip(sids, scores)]


def _dense_leg(index: OpenIndex, vector: np.ndarray, n: int, scope: np.ndarray | None) -> list[tuple[int, float]]:
    if scope is None:
        sids, scores = index.vectors.search(vector, n)
    elif len(scope) > SCOPE_SCAN_MAX:
        sids, scores = _search_within(index, vector, n, scope)
    else:
        sids, scores = _best(scope, index.vectors.similarities(vector, scope), n)
    return [(int(s), float(v)) for s, v in zip(sids, scores)]


def _search_within(index: OpenIndex, vector: np.ndarray, n: int, scope: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The ``n`` nearest of a large scope: the index searched deeper in proportion to the share the
    scope holds, and what falls outside left out; every vector of the scope read only when too few fall in."""
    depth = min(SCOPE_SEARCH_MAX, int(n * 2 * index.manifest.sentences / len(scope)) + n)
    sids, scores = index.vectors.search(vector, depth)
    inside = within(sids, scope)
    if inside.sum() >= n:
        return sids[inside][:n], scores[inside][:n]
    return _best(scope, index.vectors.similarities(vector, scope), n)


def within(sids: np.ndarray, scope: np.ndarray) -> np.ndarray:
    """Which of ``sids`` are in ``scope`` (ascending): a binary search each, whatever the scope's size."""
    at = np.searchsorted(scope, sids)
    return (at < len(scope)) & (scope[np.minimum(at, len(scope) - 1)] == sids) if len(scope) else np.zeros(len(sids), bool)


def _best(sids: np.ndarray, scores: np.ndarray, n: int, positive: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """The ``n`` best-scored of ``sids``, best first (only those above zero when ``positive``)."""
    if positive:
        sids, scores = sids[scores > 0], scores[scores > 0]
    if len(sids) > n:
        top = np.argpartition(-scores, n - 1)[:n]
        sids, scores = sids[top], scores[top]
    order = np.lexsort((sids, -scores))
    return sids[order], scores[order]


def _cosines(index: OpenIndex, vector: np.ndarray | None, sids: list[int], known: dict[int, float]) -> list[float]:
    """Each sentence's cosine with the question: from the dense leg, else from its stored vector."""
    if vector is None:
        return [known.get(sid, 0.0) for sid in sids]
    missing = [sid for sid in sids if sid not in known]
    found = dict(zip(missing, index.vectors.similarities(vector, np.asarray(missing, dtype=np.int64)).tolist()))
    return [known[sid] if sid in known else float(found[sid]) for sid in sids]


def _coverages(index: OpenIndex, query: Query, sids: list[int]) -> list[float]:
    """The IDF-weighted share of the question's words each sentence's BM25 document holds.

    The document is the sentence with its context (``index.parts.context``), so a sentence found
    through its paragraph is evidence through it too; asking the index is also far cheaper
    than analysing every hit's text again.
    """
    if query.total_weight <= 0 or not sids:
        return [0.0] * len(sids)
    ids = np.asarray(sids, dtype=np.int64)
    found = np.zeros(len(ids))
    for word in dict.fromkeys(query.words):
        held = np.zeros(len(ids), dtype=bool)
        for token in word:
            held |= index.lexical.holding(token, ids)
        found += query.word_weight(word) * held
    return (found / query.total_weight).tolist()


def search(
    index: OpenIndex,
    query: Query,
    k: int,
    options: SearchOptions = SearchOptions(),
    vector: Future[np.ndarray] | None = None,
    scope: np.ndarray | None = None,
) -> list[Hit]:
    """Search an open index for an analysed question.

    Args:
        index: The open index.
        query: The question as :func:`analyze_query` analysed it (the encoder reads ``query.text``).
        k: How many hits to return at most.
        options: Mode, fusion and weights.
        vector: The question's vector being computed
            (:meth:`retrieval.ranking.question_vectors.QuestionVectors.soon`): the lexical leg runs while it
            is. Without it, a dense or hybrid search embeds the question itself.
        scope: The only sentences that may be hits (ascending sids: a question's period), both legs
            searching among them, and the background the scope's own, as if it were an index of its own
            (:meth:`retrieval.answer.AbstainPolicy.select` asks a small one for words in common too).

    Returns:
        Up to ``k`` hits, best first.

    Raises:
        UnknownMode: for a mode not in ``MODES``.
    """
    if options.mode not in MODES:
        raise UnknownMode(f"unknown search mode {options.mode!r}; choose one of {', '.join(MODES)}")
    n = max(options.overfetch, k, BACKGROUND_RANK)
    legs: dict[str, list[tuple[int, float]]] = {}
    if options.mode in ("lexical", "hybrid"):
        legs["lexical"] = _lexical_leg(index, query, n, scope)
    embedded = None
    neighbours: list[tuple[int, float]] = []
    if options.mode in ("dense", "hybrid"):
        embedded = vector.result() if vector is not None else index.encoder.encode_queries([query.text])[0]
        neighbours = _dense_leg(index, embedded, n, None)
        legs["dense"] = neighbours if scope is None else _dense_leg(index, embedded, n, scope)
    fuse = select_fuser(options.fusion)
    fused = fuse(legs, {"lexical": options.lexical_weight, "dense": options.dense_weight})
    ranked = sorted(fused.items(), key=lambda item: (-item[1], item[0]))[:k]
    sids = [sid for sid, _ in ranked]
    lexical = dict(legs.get("lexical", []))
    dense = legs.get("dense", [])
    # A scope is asked as an index of its own: a story the whole archive covers fills the 50 nearest with
    # other outlets' and months' copies (a small scope's weak background is made up for as a small index's).
    if scope is not None:
        neighbours = dense
    background = neighbours[min(BACKGROUND_RANK, len(neighbours)) - 1][1] if neighbours else 0.0
    cosines = _cosines(index, embedded, sids, dict(dense))
    coverages = _coverages(index, query, sids)
    return [
        Hit(sid, score, lexical.get(sid, 0.0), cosine, coverage, embedded is not None, background)
        for (sid, score), cosine, coverage in zip(ranked, cosines, coverages)
    ]
