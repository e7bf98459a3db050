"""The BM25 documents as term counts: what a build keeps so the next one can re-score, not re-analyse.

BM25 scores hold global statistics (the number of documents, their average length and each
token's document frequency), so adding one document changes every score and a saved bm25s
index cannot be merged with another. What can be merged is the counts under it: for each
document (sentence id order) its distinct token ids, how often each occurs, and its length.
:class:`CountsAssembler` splices the previous build's rows with the rows of new articles, and
:meth:`index.parts.lexical.LexicalIndex.build` scores the result in a few vectorised passes (new documents
are counted together, as weighted sums of their sentences' and titles' tokens: :class:`_NewRows`).

Token ids index :attr:`TermCounts.vocab`; an id keeps its token across builds until no document
holds the token any more (then :meth:`CountsAssembler.finish` drops it and renumbers).
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["CountsAssembler", "TermCounts"]

_ARRAYS = ("indptr", "tokens", "counts", "lengths")
#: New documents' token ids counted together (bounds the sparse product's memory).
_NEW_TOKENS_PER_PIECE = 4_000_000
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
        out = list(map(self._ids.get, tokens))  # most tokens are known: one C-level pass
        if None in out:
            ids, vocab = self._ids, self.vocab
            for i, token in enumerate(tokens):
                if out[i] is None:
                    token_id = ids.get(token)
                    if token_id is None:
                        token_id = ids[token] = len(vocab)
                        vocab.append(token)
                    out[i] = token_id
        return out

    def add_document(self, token_ids: Sequence[int]) -> None:
        """Append one new document, given as token ids (:meth:`ids`)."""
        self.add_documents([token_ids], [[(0, 1)]])

    def add_documents(self, parts: Sequence[Sequence[int]], documents: Sequence[Sequence[tuple[int, int]]]) -> None:
        """Append new documents, each a sum of ``parts`` (token ids) taken some times: document
        ``d`` holds ``parts[p]`` ``times`` times for each ``(p, times)`` of ``documents[d]``
        (:func:`index.parts.context.document_parts`). Counted together later, in C."""
        self._new.add(parts, documents)
        if self._new.pending >= _NEW_TOKENS_PER_PIECE:
            self._flush_new()

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
        if len(self._new.entries):
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
    """New documents as weighted sums of parts (a sentence's tokens, a title's), counted at once.

    A document repeats its sentence and shares its context with its neighbours, so it is never
    spelled out: :meth:`arrays` multiplies a sparse (document × part) weight matrix by the
    sparse (part × token) count matrix. Counting each spelled-out document with a ``Counter``
    took ~3× the CPU.
    """

    def __init__(self) -> None:
        self.tokens = array("i")  # every part's token ids, part after part
        self.part_lengths = array("q")
        self.entries = array("q")  # each document's number of (part, times) pairs
        self.parts = array("q")  # the pairs' parts (indexes into part_lengths) ...
        self.times = array("i")  # ... and times

    @property
    def pending(self) -> int:
        """How many token ids are gathered."""
        return len(self.tokens)

    def add(self, parts: Sequence[Sequence[int]], documents: Sequence[Sequence[tuple[int, int]]]) -> None:
        first = len(self.part_lengths)
        for part in parts:
            self.tokens.extend(part)
            self.part_lengths.append(len(part))
        for pairs in documents:
            self.entries.append(len(pairs))
            for part, times in pairs:
                self.parts.append(first + part)
                self.times.append(times)

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Row sizes, token ids, counts and lengths: each document's distinct tokens in ascending id order."""
        import scipy.sparse as sp

        tokens = np.frombuffer(self.tokens, dtype=np.int32)
        part_lengths = np.frombuffer(self.part_lengths, dtype=np.int64)
        entries = np.frombuffer(self.entries, dtype=np.int64)
        width = int(tokens.max()) + 1 if tokens.size else 1
        part_indptr = np.zeros(len(part_lengths) + 1, dtype=np.int64)
        np.cumsum(part_lengths, out=part_indptr[1:])
        counted = sp.csr_matrix((np.ones(len(tokens), dtype=np.int32), tokens, part_indptr),
                                shape=(len(part_lengths), width))
        counted.sum_duplicates()
        weight_indptr = np.zeros(len(entries) + 1, dtype=np.int64)
        np.cumsum(entries, out=weight_indptr[1:])
        weights = sp.csr_matrix((np.frombuffer(self.times, dtype=np.int32), np.frombuffer(self.parts, dtype=np.int64),
                                 weight_indptr), shape=(len(entries), len(part_lengths)))
        documents = (weights @ counted).tocsr()
        documents.sum_duplicates()  # also sorts each row's token ids
        lengths = weights @ part_lengths
        return (np.diff(documents.indptr).astype(np.int64), documents.indices.astype(np.int32),
                documents.data.astype(np.int32), np.asarray(lengths, dtype=np.int64))


def _concat(parts: list[np.ndarray], dtype: type) -> np.ndarray:
    if not parts:
        return np.zeros(0, dtype=dtype)
    return np.concatenate([np.asarray(p, dtype=dtype) for p in parts])
