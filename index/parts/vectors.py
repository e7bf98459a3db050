"""The FAISS index of sentence vectors: inner product on L2-normalised vectors (cosine).

Exact search (``IndexIDMap2(IndexFlatIP)``) up to ``approximate_above`` vectors. Above it, two
parts over the same sentence ids (an incremental build copies the kept vectors into a new index,
or extends the previous one when every kept sentence keeps its id; nothing is ever removed):

- the **codes**: every vector as 8-bit scalar-quantised codes by id (``IndexIDMap2`` over
  ``IndexScalarQuantizer``: a quarter of the memory of float vectors), for :meth:`VectorIndex.similarities`,
  :meth:`VectorIndex.take` and re-scoring;
- the **shortlist**: an inverted file (``IndexIVFPQFastScan``) of ~√n lists (the power of two at
  or above it, at least 256) probing an eighth of them (at least 96), whose 4-bit product codes of
  each vector's offset from its list centroid (48 bytes for 384 dimensions) are scanned with SIMD
  table lookups, ~3 ns a vector where the 8-bit codes take ~90 ns here. Its best
  ``max(2000, 4·k)`` are re-scored from the 8-bit codes, read by row (the ids a build stores
  ascend, so a binary search finds them).

e5 questions fall where the lists are largest (the 128 of 1,024 lists a question probes hold
~35 % of a million vectors), so scanning 8-bit codes there took 31 ms a question; the shortlist
scans them in a few. Measured with ``bench/vector_recall.py`` (docs/evaluation.md) against
exact search with 1,500 real questions, one search thread, on the 2-core machine:

- 44,239 real multilingual-e5-small sentence vectors, 256 lists: recall@10 0.965 probing 96
  (0.929 probing 48), 462 bytes a vector;
- 1,000,000 stand-in vectors (the real ones and noisy copies of them, see the bench), 1,024
  lists: recall@10 0.955 probing 128 (0.927 probing 64, 0.965 probing 256), 4.2 ms a question
  (p50, one thread; the 8-bit inverted file before it: 31 ms at 0.962). Building it (k-means on
  40,960 vectors, 10 iterations, assigning and encoding a million) took 24 s of CPU (76 s until
  FAISS's OpenBLAS was told which kernel this CPU runs, see :mod:`index.parts.openblas`); 450 bytes a
  vector. A shortlist of 1,000 gave 0.948; 4,000 gave 0.963 at 11.6 ms.

More lists cost more to build (2,048: 115 s) without scanning fewer vectors for the same recall;
an HNSW coarse quantiser with two-level k-means, centring the vectors before clustering and L2
k-means did not change recall per vector scanned either. PQ fast-scan cannot keep a direct map
of ids, so the shortlist has none and the codes index keeps the ids.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

try:
    import faiss  # entry points import it first through index.parts.openblas.load_faiss
except ImportError as exc:  # pragma: no cover - faiss-cpu is a hard dependency
    raise ImportError("Faiss is not available - install faiss-cpu ('make install')") from exc

__all__ = ["VectorIndex", "DEFAULT_APPROXIMATE_ABOVE", "set_search_threads", "shortlist_path"]

DEFAULT_APPROXIMATE_ABOVE = 200_000
#: Vectors the inverted file's k-means trains on, per list (FAISS warns below 39).
TRAIN_PER_LIST = 40
MIN_LISTS = 256
#: An eighth of the lists are probed, and at least ``MIN_PROBED``.
PROBED_SHARE = 8
MIN_PROBED = 96
#: k-means iterations when training the lists (FAISS defaults to 25): 10 cost 55 % less CPU and
#: 0.005 of recall@10 on real e5 vectors.
TRAIN_ITERATIONS = 10
RANGE_MARGIN = 0.2
#: The shortlist's product quantiser: sub-vectors of (about) 4 dimensions with 4-bit codes (48
#: bytes a vector for 384 dimensions), scanned with SIMD table lookups (PQ fast-scan).
DIMENSIONS_PER_CODE = 4
#: Candidates the shortlist gives per hit asked for (at least ``MIN_SHORTLIST``), re-scored from
#: the 8-bit codes.
SHORTLIST_FACTOR = 4
MIN_SHORTLIST = 2000
#: Vectors added to FAISS at a time (bounds a large build's memory).
ADD_CHUNK = 65_536


def inverted_lists(expected: int) -> int:
    """The inverted file's list count for about ``expected`` vectors: ~√n, a power of two."""
    target = max(MIN_LISTS, int(np.ceil(np.sqrt(max(expected, 1)))))
    return 1 << (target - 1).bit_length()


def probed_lists(lists: int) -> int:
    """How many of ``lists`` inverted lists a search probes: an eighth, at least ``MIN_PROBED``."""
    return min(lists, max(MIN_PROBED, lists // PROBED_SHARE))


_search_threads: int | None = None
_thread_state = threading.local()


def set_search_threads(threads: int) -> None:
    """Set how many OpenMP threads FAISS searches with, in every thread; entry points call it.

    A question is one query vector, and for one vector FAISS's thread start-up costs more than
    it saves: exact search over 36,163 vectors took 12 ms with 2 threads and 2.3 ms with one.
    OpenMP keeps the setting per thread (a thread started later, such as the bot's workers,
    starts from the default), so each thread applies it again before its first search.
    """
    global _search_threads
    _search_threads = threads
    faiss.omp_set_num_threads(threads)
    _thread_state.threads = threads


def _apply_search_threads() -> None:
    if _search_threads is not None and getattr(_thread_state, "threads", None) != _search_threads:
        faiss.omp_set_num_threads(_search_threads)
        _thread_state.threads = _search_threads


def _subvectors(dimension: int) -> int:
    """The most sub-vectors of at least ``DIMENSIONS_PER_CODE`` dimensions that split ``dimension`` evenly."""
    return next(m for m in range(max(1, dimension // DIMENSIONS_PER_CODE), 0, -1) if dimension % m == 0)


def _shortlist(dimension: int, lists: int) -> faiss.IndexIVFPQFastScan:
    """The inverted file that shortlists candidates: 4-bit PQ codes scanned by SIMD table lookups."""
    shortlist = faiss.IndexIVFPQFastScan(
        faiss.IndexFlatIP(dimension), dimension, lists, _subvectors(dimension), 4, faiss.METRIC_INNER_PRODUCT
    )
    shortlist.by_residual = True  # codes of each vector's offset from its list's centroid: finer
    shortlist.nprobe = probed_lists(lists)
    shortlist.cp.niter = TRAIN_ITERATIONS
    return shortlist


def _codes_by_id(dimension: int) -> faiss.IndexIDMap2:
    """8-bit scalar-quantised vectors by sentence id: what the shortlist is re-scored with."""
    codes = faiss.IndexScalarQuantizer(dimension, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT)
    # Each dimension's range is learnt from the training vectors; widened so that vectors added
    # later (an incremental build extends the index) are rarely clipped.
    codes.sq.rangestat = faiss.ScalarQuantizer.RS_minmax
    codes.sq.rangestat_arg = RANGE_MARGIN
    return faiss.IndexIDMap2(codes)


def shortlist_path(path: Path) -> Path:
    """Where :meth:`VectorIndex.save` writes the shortlist of an index saved at ``path``."""
    return path.with_name(path.stem + ".shortlist" + path.suffix)


def _probe_current_share(index: faiss.Index | None) -> None:
    inverted = faiss.downcast_index(index) if index is not None else None
    if isinstance(inverted, faiss.IndexIVF):
        inverted.nprobe = probed_lists(inverted.nlist)


class VectorIndex:
    """A FAISS index mapping sentence ids to vectors.

    Exact: ``IndexIDMap2(IndexFlatIP)``. Approximate: ``IndexIDMap2`` over 8-bit codes (stored
    vectors by id, for :meth:`similarities`, :meth:`take` and re-scoring) beside the shortlist,
    an ``IndexIVFPQFastScan`` over the same ids. An index written by an earlier version (one
    ``IndexIVFScalarQuantizer``) still loads and searches; a build replaces it.
    """

    def __init__(self, index: faiss.Index, shortlist: faiss.Index | None = None) -> None:
        self._index = index
        self._shortlist = shortlist
        self._untrained: list[tuple[np.ndarray, np.ndarray]] = []
        self._ordered: np.ndarray | None = None  # the stored ids, when they ascend (see _decoded)

    @classmethod
    def empty(cls, dimension: int, expected: int, approximate_above: int = DEFAULT_APPROXIMATE_ABOVE) -> VectorIndex:
        """A new index for about ``expected`` vectors: exact, or shortlisted above ``approximate_above``."""
        if expected <= approximate_above:
            return cls(faiss.IndexIDMap2(faiss.IndexFlatIP(dimension)))
        return cls(_codes_by_id(dimension), _shortlist(dimension, inverted_lists(expected)))

    @classmethod
    def load(cls, path: Path) -> VectorIndex:
        """Read an index written by :meth:`save`; an inverted file probes :func:`probed_lists` of its lists."""
        index = faiss.read_index(str(path))
        listed = shortlist_path(path)
        shortlist = faiss.read_index(str(listed)) if listed.exists() else None
        for part in (index, shortlist):
            _probe_current_share(part)
        return cls(index, shortlist)

    def _inverted(self) -> faiss.IndexIVF | None:
        """The inverted file: the shortlist, or an earlier version's whole index."""
        inverted = faiss.downcast_index(self._shortlist if self._shortlist is not None else self._index)
        return inverted if isinstance(inverted, faiss.IndexIVF) else None

    def suits(self, expected: int, approximate_above: int = DEFAULT_APPROXIMATE_ABOVE) -> bool:
        """Whether this index may be extended to hold about ``expected`` vectors: the same kind
        :meth:`empty` would choose, and for a shortlist at least half the lists it would have."""
        if self.exact:
            return expected <= approximate_above
        return self._shortlist is not None and expected > approximate_above and 2 * self._shortlist.nlist >= min(
            inverted_lists(expected), max(1, expected // TRAIN_PER_LIST)
        )

    @property
    def exact(self) -> bool:
        """Whether search is exhaustive (else approximate, with quantised vectors)."""
        return self._inverted() is None

    @property
    def kind(self) -> str:
        """A short description, for the manifest."""
        inverted = self._inverted()
        if inverted is None:
            return f"IndexIDMap2({type(faiss.downcast_index(self._index.index)).__name__})"
        described = f"{type(inverted).__name__}(lists={inverted.nlist}, probed={inverted.nprobe})"
        return described + (" + IndexScalarQuantizer(8-bit) by id" if self._shortlist is not None else "")

    @property
    def dimension(self) -> int:
        """The vectors' dimension."""
        return int(self._index.d)

    def __len__(self) -> int:
        return int(self._index.ntotal) + sum(len(ids) for ids, _ in self._untrained)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        """Add vectors under the given sentence ids.

        An inverted file first collects ``TRAIN_PER_LIST`` vectors per list, trains its lists
        on them, then adds them (:meth:`save` and searches train on what there is).
        """
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        ids = np.ascontiguousarray(ids, dtype=np.int64)
        if self._trained:
            self._add_trained(ids, vectors)
            return
        self._untrained.append((ids, vectors))
        if sum(len(i) for i, _ in self._untrained) >= TRAIN_PER_LIST * self._shortlist.nlist:
            self._train()

    @property
    def _trained(self) -> bool:
        return self._index.is_trained and (self._shortlist is None or self._shortlist.is_trained)

    def _add_trained(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        self._ordered = None
        # In chunks: the shortlist works on each vector's offset from its centroid and the
        # quantisers on copies, so a million vectors at once would hold gigabytes more.
        for start in range(0, len(ids), ADD_CHUNK):
            chunk, part = ids[start : start + ADD_CHUNK], vectors[start : start + ADD_CHUNK]
            self._index.add_with_ids(part, chunk)
            if self._shortlist is not None:
                self._shortlist.add_with_ids(part, chunk)

    def _train(self) -> None:
        if not self._untrained:
            return
        ids = np.concatenate([i for i, _ in self._untrained])
        vectors = np.concatenate([v for _, v in self._untrained])
        self._untrained.clear()
        fitting = 1 << max(0, (len(vectors) // TRAIN_PER_LIST).bit_length() - 1)
        if fitting < self._shortlist.nlist:  # fewer vectors than expected: fewer lists
            self._shortlist = _shortlist(self._shortlist.d, fitting)
        # k-means costs in proportion to its sample: ``TRAIN_PER_LIST`` per list, spread evenly
        # over what was collected (a build may hand over every vector at once). A small index
        # (fewer than ``MIN_LISTS`` lists) learns from every vector.
        if self._shortlist.nlist >= MIN_LISTS:
            sample = np.linspace(0, len(vectors) - 1, min(len(vectors), TRAIN_PER_LIST * self._shortlist.nlist))
            vectors_seen = vectors[sample.astype(np.int64)]
        else:
            vectors_seen = vectors
        self._shortlist.train(vectors_seen)
        self._index.train(vectors_seen)
        self._add_trained(ids, vectors)

    def take(self, start: int, stop: int) -> np.ndarray:
        """The vectors of sids ``start`` to ``stop`` (exclusive), each of which must be in the index.

        An exact index whose vectors lie in sid order (every index a build writes) gives a
        view of its memory, valid while this object lives; any other is reconstructed.
        """
        stored = self._in_sid_order()
        if stored is not None:
            return stored[start:stop]
        return self._index.reconstruct_batch(np.arange(start, stop, dtype=np.int64))

    def _in_sid_order(self) -> np.ndarray | None:
        if not self.exact:
            return None
        inner = faiss.downcast_index(self._index.index)
        if not isinstance(inner, faiss.IndexFlat):
            return None
        n, d = len(self), self.dimension
        ids = faiss.vector_to_array(self._index.id_map)
        if not np.array_equal(ids, np.arange(n, dtype=ids.dtype)):
            return None
        return faiss.rev_swig_ptr(inner.get_xb(), n * d).reshape(n, d)

    def save(self, path: Path) -> None:
        """Write the index to ``path``."""
        self._train()
        faiss.write_index(self._index, str(path))
        if self._shortlist is not None:
            faiss.write_index(self._shortlist, str(shortlist_path(path)))

    def similarities(self, query: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """Inner products of ``query`` with the stored vectors of ``ids`` (each must be in the index)."""
        if len(ids) == 0:
            return np.empty(0, dtype=np.float32)
        self._train()
        ids = np.ascontiguousarray(ids, dtype=np.int64)
        stored = self._decoded(ids)
        if stored is None:
            stored = self._index.reconstruct_batch(ids)
        # einsum, not ``@``: a matrix-vector product goes to OpenBLAS, whose threads then spin
        # for a while and take the cores the question's encoder and the word search need
        # (hybrid p50 at 1M: 23 ms with einsum, 28 ms with ``@``).
        return np.einsum("ij,j->i", stored, np.asarray(query, dtype=np.float32).reshape(-1))

    def _decoded(self, ids: np.ndarray) -> np.ndarray | None:
        """The 8-bit codes of ``ids`` decoded, read straight from the codes array: the ids a build
        stores ascend (it adds in sid order), so a binary search
        finds each one's row (thousands a question, where a look-up per id costs ~1 µs)."""
        if self._shortlist is None:
            return None
        if self._ordered is None:
            n = int(self._index.ntotal)
            rows = faiss.rev_swig_ptr(self._index.id_map.data(), n) if n else np.empty(0, dtype=np.int64)
            self._ordered = rows if n and bool(np.all(rows[1:] > rows[:-1])) else np.empty(0, dtype=np.int64)
        rows = self._ordered
        if len(rows) == 0:
            return None  # not stored in order: reconstruct_batch reads them
        # With no gap in the ids (every index a build writes), a row is its id less the first.
        at = ids - rows[0] if rows[-1] - rows[0] == len(rows) - 1 else np.searchsorted(rows, ids)
        if at.min() < 0 or at.max() >= len(rows) or not np.array_equal(rows[at], ids):
            return None  # an id is missing: reconstruct_batch says which
        codes = faiss.downcast_index(self._index.index)
        table = faiss.rev_swig_ptr(codes.codes.data(), len(rows) * codes.code_size).reshape(len(rows), codes.code_size)
        return codes.sa_decode(np.ascontiguousarray(table[at]))

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-``k`` ``(ids, scores)`` for one query vector; missing slots are dropped."""
        if len(self) == 0 or k <= 0:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
        self._train()
        _apply_search_threads()
        query = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        if self._shortlist is None:
            scores, ids = self._index.search(query, k)
            keep = ids[0] >= 0
            return ids[0][keep], scores[0][keep]
        # The shortlist's 4-bit codes rank roughly; its best are re-scored from the 8-bit codes.
        listed = self._shortlist.search(query, max(MIN_SHORTLIST, SHORTLIST_FACTOR * k))[1][0]
        listed = listed[listed >= 0]
        scores = self.similarities(query[0], listed)
        best = np.argsort(-scores, kind="stable")[:k]
        return listed[best], scores[best]
