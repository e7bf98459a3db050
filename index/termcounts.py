"""The BM25 documents as term counts: what a build keeps so the next one can re-score, not re-analyse.

BM25 scores hold global statistics (the number of documents, their average length and each
token's document frequency), so adding one document changes every score and a saved bm25s
index cannot be merged with another. What can be merged is the counts under it: for each
document (sentence id order) its distinct token ids, how often each occurs, and its length.
:class:`CountsAssembler` splices the previous build's rows with the rows of new articles, and
:func:`index.lexical.LexicalIndex.build_from_counts` scores the result in a few vectorised passes.

Token ids index :attr:`TermCounts.vocab`; an id keeps its token across builds until no document
holds the token any more (then :meth:`CountsAssembler.finish` drops it and renumbers).
"""

from __future__ import annotations

import json
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["CountsAssembler", "TermCounts"]

_ARRAYS = ("indptr", "tokens", "counts", "lengths")
_VOCAB = "vocab.json"


@dataclass(frozen=True)
class TermCounts:
    """A CSR matrix of term counts, one row per BM25 document.

    Attributes:
        vocab: The token of each id.
        indptr: Row ``i`` is ``tokens[indptr[i]:indptr[i + 1]]`` (int64, documents + 1).
        tokens: Token ids (int32).
        counts: How often each token occurs in its document (int32; saved as uint16 where they fit).
        lengths: Each document's length in tokens, repeats counted (int64).
    """

    vocab: list[str]
    indptr: np.ndarray
    tokens: np.ndarray
    counts: np.ndarray
    lengths: np.ndarray

    @property
    def documents(self) -> int:
        """How many documents (rows) there are."""
        return len(self.lengths)

    def save(self, directory: Path) -> None:
        """Write the arrays (``.npy``) and the vocabulary (JSON) into ``directory``."""
        directory.mkdir(parents=True, exist_ok=True)
        for name in _ARRAYS:
            array = getattr(self, name)
            if name == "counts" and (array.size == 0 or int(array.max()) <= np.iinfo(np.uint16).max):
                array = array.astype(np.uint16)  # half the bytes to write and read; loaded as any int
            np.save(directory / f"{name}.npy", array, allow_pickle=False)
        (directory / _VOCAB).write_text(json.dumps(self.vocab, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> TermCounts:
        """Read what :meth:`save` wrote; the arrays are memory-mapped, read only when sliced."""
        arrays = {name: np.load(directory / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in _ARRAYS}
        vocab = json.loads((directory / _VOCAB).read_text(encoding="utf-8"))
        return cls(vocab=vocab, **arrays)


class CountsAssembler:
    """Builds the next :class:`TermCounts` in document order from old rows and new documents.

    Args:
        previous: The previous build's counts (rows are copied from it), or ``None``.
    """

    def __init__(self, previous: TermCounts | None = None) -> None:
        self._previous = previous
        self.vocab: list[str] = list(previous.vocab) if previous is not None else []
        self._ids: dict[str, int] = {token: i for i, token in enumerate(self.vocab)}
        self._pieces: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []  # row sizes, tokens, counts, lengths
        self._new = _NewRows()

    def ids(self, tokens: Sequence[str]) -> list[int]:
        """The ids of ``tokens``, new tokens added to the vocabulary."""
        ids, vocab = self._ids, self.vocab
        out = []
        for token in tokens:
            token_id = ids.get(token)
            if token_id is None:
                token_id = ids[token] = len(vocab)
                vocab.append(token)
            out.append(token_id)
        return out

    def add_document(self, token_ids: Sequence[int]) -> None:
        """Append one new document, given as token ids (:meth:`ids`)."""
        self._new.add(token_ids)

    def copy_rows(self, start: int, stop: int) -> None:
        """Append the previous build's rows ``start`` to ``stop`` (exclusive) unchanged."""
        if self._previous is None:
            raise ValueError("no previous counts to copy rows from")
        self._flush_new()
        old = self._previous
        lo, hi = int(old.indptr[start]), int(old.indptr[stop])
        sizes = np.diff(np.asarray(old.indptr[start : stop + 1]))
        self._pieces.append((sizes, old.tokens[lo:hi], old.counts[lo:hi], old.lengths[start:stop]))

    def _flush_new(self) -> None:
        if self._new.sizes:
            self._pieces.append(self._new.arrays())
            self._new = _NewRows()

    def finish(self) -> TermCounts:
        """The assembled counts, with tokens no document holds any more dropped."""
        self._flush_new()
        sizes = np.concatenate([p[0] for p in self._pieces]) if self._pieces else np.zeros(0, np.int64)
        tokens = _concat([p[1] for p in self._pieces], np.int32)
        counts = _concat([p[2] for p in self._pieces], np.int32)
        lengths = _concat([p[3] for p in self._pieces], np.int64)
        indptr = np.zeros(len(sizes) + 1, dtype=np.int64)
        np.cumsum(sizes, out=indptr[1:])
        vocab = self.vocab
        held = np.bincount(tokens, minlength=len(vocab)) > 0
        if not held.all():
            renumber = np.cumsum(held, dtype=np.int64) - 1
            tokens = renumber[tokens].astype(np.int32)
            vocab = [token for token, keep in zip(vocab, held.tolist()) if keep]
        return TermCounts(vocab, indptr, tokens, counts, lengths)


class _NewRows:
    """New documents' rows, gathered in compact arrays."""

    def __init__(self) -> None:
        self.sizes = array("q")
        self.tokens = array("i")
        self.counts = array("i")
        self.lengths = array("q")

    def add(self, token_ids: Sequence[int]) -> None:
        counted = Counter(token_ids)
        self.sizes.append(len(counted))
        self.tokens.extend(counted.keys())
        self.counts.extend(counted.values())
        self.lengths.append(len(token_ids))

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        return (np.frombuffer(self.sizes, dtype=np.int64), np.frombuffer(self.tokens, dtype=np.int32),
                np.frombuffer(self.counts, dtype=np.int32), np.frombuffer(self.lengths, dtype=np.int64))


def _concat(parts: list[np.ndarray], dtype: type) -> np.ndarray:
    if not parts:
        return np.zeros(0, dtype=dtype)
    return np.concatenate([np.asarray(p, dtype=dtype) for p in parts])
