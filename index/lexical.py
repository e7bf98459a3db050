"""The BM25 index over analysed sentence tokens (bm25s, stored without pickle).

Documents are given as token lists already produced by :func:`index.analyze.analyze`; bm25s's
own tokenizer is never used, because it splits Arabic words at harakat and knows no Arabic
stop words. Document ``i`` is the sentence with sid ``i``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

__all__ = ["LexicalIndex", "VocabularyBuilder"]

logger = logging.getLogger(__name__)


class VocabularyBuilder:
    """Turns token lists into id lists as documents stream in, keeping memory small."""

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.documents: list[list[int]] = []

    def add(self, tokens: Iterable[str]) -> None:
        """Append one document's tokens."""
        vocab = self.vocab
        self.documents.append([vocab.setdefault(t, len(vocab)) for t in tokens])


class LexicalIndex:
    """Query-time access to a saved bm25s index."""

    def __init__(self, retriever: object) -> None:
        self._retriever = retriever
        self._vocab: dict[str, int] = retriever.vocab_dict  # type: ignore[attr-defined]

    @staticmethod
    def build(vocabulary: VocabularyBuilder, directory: Path, k1: float = 1.5, b: float = 0.75) -> None:
        """Index the documents of ``vocabulary`` with BM25 and save them to ``directory``."""
        import bm25s

        vocab = dict(vocabulary.vocab)
        # bm25s scores a document with no tokens through the empty token.
        vocab.setdefault("", len(vocab))
        retriever = bm25s.BM25(k1=k1, b=b)
        retriever.index((vocabulary.documents, vocab), show_progress=False)
        retriever.save(str(directory), show_progress=False)

    @classmethod
    def load(cls, directory: Path, mmap: bool = True) -> LexicalIndex:
        """Load a saved index; ``mmap`` keeps the score matrix on disk until touched."""
        import bm25s

        return cls(bm25s.BM25.load(str(directory), mmap=mmap, show_progress=False, verbosity=0))

    def known(self, tokens: Sequence[str]) -> list[str]:
        """The tokens that occur in the index, duplicates kept."""
        return [t for t in tokens if t and t in self._vocab]

    def scores(self, tokens: Sequence[str]) -> np.ndarray:
        """BM25 score of every document for the query tokens (zeros when none is known)."""
        ids = [self._vocab[t] for t in self.known(tokens)]
        if not ids:
            return np.zeros(0, dtype=np.float32)
        return np.asarray(self._retriever.get_scores_from_ids(ids), dtype=np.float32)  # type: ignore[attr-defined]

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
        if token_id is None:
            return np.zeros(len(sids), dtype=bool)
        scores = self._retriever.scores  # type: ignore[attr-defined]
        indptr = scores["indptr"]
        postings = scores["indices"][indptr[token_id] : indptr[token_id + 1]]
        if len(postings) == 0:
            return np.zeros(len(sids), dtype=bool)
        # A token's postings are sorted document ids: a binary search per sid costs
        # O(len(sids) log n), where np.isin would sort the whole posting list again.
        at = np.searchsorted(postings, sids)
        return (at < len(postings)) & (postings[np.minimum(at, len(postings) - 1)] == sids)

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
