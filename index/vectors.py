"""The FAISS index of sentence vectors: inner product on L2-normalised vectors (cosine).

Exact search (``IndexIDMap2(IndexFlatIP)``) up to ``approximate_above`` vectors; above it an
inverted file over 8-bit scalar-quantised vectors (``IndexIVFScalarQuantizer``: a quarter of
the memory of float vectors). Both return sentence ids, never list positions, and both can
remove vectors (an incremental build drops a removed article's sentences).

The inverted file has about ``√n`` lists (the power of two at or above it, at least 256) and
probes an eighth of them, at least 96. Its codes are the vectors themselves, not their residuals
to the list centroid (the same recall, a third less search time, one range for every list).
Measured with ``bench/vector_recall.py`` (docs/evaluation.md) against exact search with 1,500
real questions, one search thread, on the 2-core machine with other jobs running:

- 44,239 real multilingual-e5-small sentence vectors, 256 lists: recall@10 0.967 probing 96
  (0.81 ms), 0.948 probing 64;
- 1,000,000 stand-in vectors (the real ones and noisy copies of them, see the bench), 1,024
  lists: recall@10 0.962 probing 128, 0.931 probing 64. Building it (k-means on 40,960 vectors,
  10 iterations, then assigning and encoding a million) took 76 s of CPU, where 4,096 lists took
  5 min 07 s at 300,000; 410 bytes a vector. A question costs 31 ms of CPU (p50; 17 ms probing
  64): e5 questions fall where the lists are largest, and the 128 lists it probes hold ~35 % of
  the vectors.

More lists cost more to build than the ~60 s budget (2,048: 115 s) without scanning fewer
vectors for the same recall; an HNSW coarse quantiser with two-level k-means (4,096 lists, 70 s),
centring the vectors before clustering and L2 k-means did not change recall per vector scanned
either. HNSW-SQ8 and PQ fast-scan search faster but cannot remove vectors by id.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

try:
    import faiss
except ImportError as exc:  # pragma: no cover - faiss-cpu is a hard dependency
    raise ImportError("Faiss is not available - install faiss-cpu ('make install')") from exc

__all__ = ["VectorIndex", "DEFAULT_APPROXIMATE_ABOVE", "set_search_threads"]

DEFAULT_APPROXIMATE_ABOVE = 200_000
#: Vectors the inverted file's k-means trains on, per list (FAISS warns below 39).
TRAIN_PER_LIST = 40
MIN_LISTS = 256
#: An eighth of the lists are probed, and at least ``MIN_PROBED`` (64 of 256 gave 0.948).
PROBED_SHARE = 8
MIN_PROBED = 96
#: k-means iterations when training the lists (FAISS defaults to 25): 10 cost 55 % less CPU and
#: 0.005 of recall@10 on real e5 vectors.
TRAIN_ITERATIONS = 10
RANGE_MARGIN = 0.2


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


def _inverted_file(dimension: int, lists: int) -> faiss.IndexIVFScalarQuantizer:
    inverted = faiss.IndexIVFScalarQuantizer(
        faiss.IndexFlatIP(dimension), dimension, lists, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT, False
    )
    inverted.set_direct_map_type(faiss.DirectMap.Hashtable)  # stored vectors by sentence id
    # Each dimension's range is learnt from the training vectors; widened so that vectors added
    # later (an incremental build extends the index) are rarely clipped.
    inverted.sq.rangestat = faiss.ScalarQuantizer.RS_minmax
    inverted.sq.rangestat_arg = RANGE_MARGIN
    inverted.nprobe = probed_lists(lists)
    inverted.cp.niter = TRAIN_ITERATIONS
    return inverted


class VectorIndex:
    """A FAISS index mapping sentence ids to vectors."""

    def __init__(self, index: faiss.Index) -> None:
        self._index = index
        self._untrained: list[tuple[np.ndarray, np.ndarray]] = []

    @classmethod
    def empty(cls, dimension: int, expected: int, approximate_above: int = DEFAULT_APPROXIMATE_ABOVE) -> VectorIndex:
        """A new index for about ``expected`` vectors: exact, or IVF-SQ8 above ``approximate_above``."""
        if expected <= approximate_above:
            return cls(faiss.IndexIDMap2(faiss.IndexFlatIP(dimension)))
        return cls(_inverted_file(dimension, inverted_lists(expected)))

    @classmethod
    def load(cls, path: Path) -> VectorIndex:
        """Read an index written by :meth:`save`; an inverted file probes :func:`probed_lists` of its lists.

        (An index written before the lists were ~√n probed a quarter of its 4·√n lists.)
        """
        index = faiss.read_index(str(path))
        inverted = faiss.downcast_index(index)
        if isinstance(inverted, faiss.IndexIVF):
            inverted.nprobe = probed_lists(inverted.nlist)
        return cls(index)

    def suits(self, expected: int, approximate_above: int = DEFAULT_APPROXIMATE_ABOVE) -> bool:
        """Whether this index may be extended to hold about ``expected`` vectors: the same kind
        :meth:`empty` would choose, and for an inverted file at least half the lists it would have."""
        if self.exact:
            return expected <= approximate_above
        return expected > approximate_above and 2 * self._index.nlist >= min(
            inverted_lists(expected), max(1, expected // TRAIN_PER_LIST)
        )

    @property
    def exact(self) -> bool:
        """Whether search is exhaustive (else approximate, with quantised vectors)."""
        return not isinstance(faiss.downcast_index(self._index), faiss.IndexIVF)

    @property
    def kind(self) -> str:
        """A short description, for the manifest."""
        index = faiss.downcast_index(self._index)
        if isinstance(index, faiss.IndexIVF):
            return f"{type(index).__name__}(lists={index.nlist}, probed={index.nprobe})"
        return f"IndexIDMap2({type(faiss.downcast_index(index.index)).__name__})"

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
        if self._index.is_trained:
            self._index.add_with_ids(vectors, ids)
            return
        self._untrained.append((ids, vectors))
        if sum(len(i) for i, _ in self._untrained) >= TRAIN_PER_LIST * self._index.nlist:
            self._train()

    def _train(self) -> None:
        if not self._untrained:
            return
        ids = np.concatenate([i for i, _ in self._untrained])
        vectors = np.concatenate([v for _, v in self._untrained])
        self._untrained.clear()
        fitting = 1 << max(0, (len(vectors) // TRAIN_PER_LIST).bit_length() - 1)
        if fitting < self._index.nlist:  # fewer vectors than expected: fewer lists
            self._index = _inverted_file(self._index.d, fitting)
        # k-means costs in proportion to its sample: ``TRAIN_PER_LIST`` per list, spread evenly
        # over what was collected (a build may hand over every vector at once). A small index
        # (fewer than ``MIN_LISTS`` lists) learns its quantiser's ranges from every vector.
        if self._index.nlist >= MIN_LISTS:
            sample = np.linspace(0, len(vectors) - 1, min(len(vectors), TRAIN_PER_LIST * self._index.nlist))
            self._index.train(vectors[sample.astype(np.int64)])
        else:
            self._index.train(vectors)
        self._index.add_with_ids(vectors, ids)

    def remove(self, ids: np.ndarray) -> int:
        """Remove the vectors of ``ids``; returns how many there were."""
        self._train()
        return int(self._index.remove_ids(np.ascontiguousarray(ids, dtype=np.int64)))

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

    def similarities(self, query: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """Inner products of ``query`` with the stored vectors of ``ids`` (each must be in the index)."""
        if len(ids) == 0:
            return np.empty(0, dtype=np.float32)
        self._train()
        stored = self._index.reconstruct_batch(np.ascontiguousarray(ids, dtype=np.int64))
        return stored @ np.asarray(query, dtype=np.float32).reshape(-1)

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-``k`` ``(ids, scores)`` for one query vector; missing slots are dropped."""
        if len(self) == 0 or k <= 0:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
        self._train()
        _apply_search_threads()
        scores, ids = self._index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), k)
        keep = ids[0] >= 0
        return ids[0][keep], scores[0][keep]
