"""The BM25 index over analysed sentence tokens (bm25s's format and query code, stored without pickle).

Documents are given as term counts of tokens already produced by :func:`index.text.analyze.analyze`
(:mod:`index.parts.termcounts`); bm25s's own tokenizer is never used, because it splits Arabic words
at harakat and knows no Arabic stop words. Document ``i`` is the sentence with sid ``i``.

The score matrix is computed here rather than by ``bm25s.BM25.index``: that walks every
document in Python (a ``Counter`` each), which for a million sentences takes minutes, and it
cannot add documents to an index (IDF and the average length are global, so every score
changes). :func:`bm25_matrix` computes the same Lucene BM25 scores, bit for bit (a test holds
it to bm25s), from the counts in vectorised passes; bm25s saves, loads and queries the result.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from index.parts.termcounts import TermCounts

__all__ = ["LexicalIndex", "bm25_matrix"]

logger = logging.getLogger(__name__)


class LexicalIndex:
    """Query-time access to a saved bm25s index."""

    def __init__(self, retriever: object) -> None:
        self._retriever = retriever
        self._vocab: dict[str, int] = retriever.vocab_dict  # type: ignore[attr-defined]

    @staticmethod
    def build(counts: TermCounts, directory: Path, k1: float = 1.5, b: float = 0.75) -> None:
        """Score the documents of ``counts`` with BM25 and save them to ``directory`` in bm25s's format."""
        import bm25s

        data, indices, indptr = bm25_matrix(counts, k1, b)
        vocab = {token: i for i, token in enumerate(counts.vocab)}
        # bm25s scores a document with no tokens through the empty token, which no document holds.
        vocab.setdefault("", len(vocab))
        retriever = bm25s.BM25(k1=k1, b=b)
        retriever.scores = {"data": data, "indices": indices, "indptr": indptr, "num_docs": counts.documents}
        retriever.vocab_dict = vocab
        retriever.nonoccurrence_array = None
        retriever.save(str(directory), show_progress=False)

    @classmethod
    def load(cls, directory: Path, mmap: bool = True) -> LexicalIndex:
        """Load a saved index; ``mmap`` keeps the score matrix on disk until touched."""
        import bm25s

        return cls(bm25s.BM25.load(str(directory), mmap=mmap, show_progress=False, verbosity=0))

    def known(self, tokens: Sequence[str]) -> list[str]:
        """The tokens that occur in the index, duplicates kept."""
        return [t for t in tokens if t and t in self._vocab]

    def _column(self, token_id: int) -> tuple[np.ndarray, np.ndarray]:
        """A token's column of the score matrix: its documents (ascending sids) and their scores."""
        matrix = self._retriever.scores  # type: ignore[attr-defined]
        start, stop = int(matrix["indptr"][token_id]), int(matrix["indptr"][token_id + 1])
        return matrix["indices"][start:stop], matrix["data"][start:stop]

    def _postings(self, tokens: Sequence[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """:meth:`_column` of each known token, in order."""
        return [self._column(self._vocab[token]) for token in self.known(tokens)]

    def scores(self, tokens: Sequence[str]) -> np.ndarray:
        """BM25 score of every document for the query tokens (zeros when none is known)."""
        ids = [self._vocab[t] for t in self.known(tokens)]
        if not ids:
            return np.zeros(0, dtype=np.float32)
        return np.asarray(self._retriever.get_scores_from_ids(ids), dtype=np.float32)  # type: ignore[attr-defined]

    def scores_of(self, tokens: Sequence[str], sids: np.ndarray) -> np.ndarray:
        """:meth:`scores` of the documents ``sids`` alone (zeros when no token is known): a binary
        search per token in its postings, summed in float32 in token order as bm25s sums, with
        no array over every document (0.5 ms for 500 sentences at a million, where ``scores`` takes 1 ms)."""
        sids = np.asarray(sids, dtype=np.int64)
        out = np.zeros(len(sids), dtype=np.float32)
        for documents, values in self._postings(tokens):
            if len(documents) == 0:
                continue
            at, held = _find(documents, sids)
            out[held] += values[at[held]]
        return out

    def top(self, tokens: Sequence[str], k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-``k`` ``(sids, scores)`` with a positive score, best first."""
        scores = self.scores(tokens)
        if scores.size == 0 or k <= 0:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
        k = min(k, scores.size)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        top = top[scores[top] > 0]
        return top.astype(np.int64), scores[top]

    def holding(self, token: str, sids: np.ndarray) -> np.ndarray:
        """Which of ``sids`` hold ``token`` in their BM25 document (the sentence with its context)."""
        token_id = self._vocab.get(token)
        postings = self._column(token_id)[0] if token_id is not None else ()
        if len(postings) == 0:
            return np.zeros(len(sids), dtype=bool)
        return _find(postings, sids)[1]

    def document_frequencies(self) -> list[tuple[str, int]]:
        """Every token with the number of documents that hold it."""
        indptr = np.asarray(self._retriever.scores["indptr"])  # type: ignore[attr-defined]
        counts = np.diff(indptr)
        return [(token, int(counts[i])) for token, i in self._vocab.items() if token and i < len(counts)]

    @property
    def size(self) -> int:
        """How many documents the index holds."""
        return int(self._retriever.scores["num_docs"])  # type: ignore[attr-defined]

    def idf(self, token: str) -> float:
        """BM25 (Lucene) inverse document frequency of a token.

        A token the index has never seen gets the highest IDF there is: a question word
        that no sentence contains is the strongest sign that nothing answers it.
        """
        token_id = self._vocab.get(token)
        df = 0
        if token_id is not None:
            indptr = self._retriever.scores["indptr"]  # type: ignore[attr-defined]
            df = int(indptr[token_id + 1] - indptr[token_id])
        return float(np.log(1.0 + (self.size - df + 0.5) / (df + 0.5)))


def _find(postings: np.ndarray, sids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each of ``sids`` would be in a token's postings (sorted sids, not empty), and whether
    it is there: a binary search per sid, O(len(sids) log n), where ``np.isin`` would sort the
    whole posting list again."""
    at = np.minimum(np.searchsorted(postings, sids), len(postings) - 1)
    return at, postings[at] == sids


def bm25_matrix(counts: TermCounts, k1: float = 1.5, b: float = 0.75) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The (Lucene) BM25 score of every (document, token) pair, as bm25s's CSC arrays.

    Each operation is the one bm25s 0.3 does per document, in the same order and precision
    (float32 IDF from ``math.log``, the term-frequency part in float64, the product stored as
    float32), so the scores are identical to ``bm25s.BM25(k1, b).index(...)``'s.

    Returns:
        ``(data, indices, indptr)``: column ``t`` (one per vocabulary token, plus an empty one
        for bm25s's empty token) holds ``data[indptr[t]:indptr[t+1]]`` for the documents
        ``indices[...]``, in ascending order.
    """
    import scipy.sparse as sp

    documents = counts.documents
    n_vocab = len(counts.vocab) + 1  # the empty token
    tokens = np.asarray(counts.tokens, dtype=np.int32)
    lengths = np.asarray(counts.lengths, dtype=np.int64)
    if documents == 0 or tokens.size == 0:
        return np.zeros(0, np.float32), np.zeros(0, np.int32), np.zeros(n_vocab + 1, np.int64)
    average = lengths.mean()
    frequencies = np.bincount(tokens, minlength=n_vocab).tolist()
    idf = np.array([math.log(1 + (documents - df + 0.5) / (df + 0.5)) if df else 0.0 for df in frequencies],
                   dtype=np.float32)
    norm = k1 * ((1 - b) + b * lengths / average)
    tf = np.asarray(counts.counts, dtype=np.float64)
    tfc = tf / (np.repeat(norm, np.diff(np.asarray(counts.indptr))) + tf)
    del tf
    scores = (idf[tokens].astype(np.float64) * tfc).astype(np.float32)
    del tfc
    matrix = sp.csr_matrix((scores, tokens, np.asarray(counts.indptr)), shape=(documents, n_vocab)).tocsc()
    return matrix.data.astype(np.float32, copy=False), matrix.indices.astype(np.int32, copy=False), \
        matrix.indptr.astype(np.int64, copy=False)
