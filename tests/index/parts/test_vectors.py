"""The FAISS wrapper: exact below the threshold, a PQ fast-scan shortlist re-scored from 8-bit codes above it, ids kept, removal, threads set in every thread."""

from __future__ import annotations

import threading
from pathlib import Path

import faiss
import numpy as np
import pytest

from index.parts.vectors import (
    VectorIndex,
    inverted_lists,
    probed_lists,
    set_search_threads,
    shortlist_path,
)


def _unit(rows: int, dimension: int = 32, seed: int = 0) -> np.ndarray:
    vectors = np.random.default_rng(seed).normal(size=(rows, dimension)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_small_indexes_are_exact_and_large_ones_approximate() -> None:
    assert VectorIndex.empty(32, expected=100, approximate_above=1000).exact
    approximate = VectorIndex.empty(32, expected=5000, approximate_above=1000)
    assert not approximate.exact and "IVF" in approximate.kind
    assert [inverted_lists(n) for n in (1000, 44_000, 300_000, 1_000_000)] == [256, 256, 1024, 1024]


@pytest.mark.parametrize(("lists", "probed"), [(16, 16), (256, 96), (1024, 128), (4096, 512)])
def test_an_eighth_of_the_lists_is_probed_and_at_least_96(lists: int, probed: int) -> None:
    assert probed_lists(lists) == probed


def test_a_million_vectors_get_1024_lists_probed_128_with_residual_codes() -> None:
    index = VectorIndex.empty(384, 1_000_000, approximate_above=0)
    assert index.kind == "IndexIVFPQFastScan(lists=1024, probed=128) + IndexScalarQuantizer(8-bit) by id"
    shortlist = faiss.downcast_index(index._shortlist)
    assert shortlist.by_residual  # codes of the offsets from the list centroids
    assert (shortlist.pq.M, shortlist.pq.nbits) == (96, 4)  # 48 bytes a vector


def test_the_approximate_index_finds_the_same_neighbours_and_keeps_ids(tmp_path: Path) -> None:
    vectors = _unit(3000)
    ids = np.arange(3000, dtype=np.int64) * 7 + 11  # sentence ids, not positions
    exact, approximate = VectorIndex.empty(32, 3000, 10_000), VectorIndex.empty(32, 3000, 100)
    for start in range(0, 3000, 1000):  # added in chunks, as a build does
        exact.add(ids[start : start + 1000], vectors[start : start + 1000])
        approximate.add(ids[start : start + 1000], vectors[start : start + 1000])
    approximate.save(tmp_path / "dense.faiss")
    loaded = VectorIndex.load(tmp_path / "dense.faiss")
    assert not loaded.exact and len(loaded) == 3000
    # A stored sentence finds itself (recall on real vectors and questions: bench/vector_recall.py).
    assert all(loaded.search(vectors[i], 1)[0][0] == ids[i] for i in range(0, 3000, 60))
    found, scores = loaded.search(vectors[123], 1)
    assert found[0] == ids[123] and abs(scores[0] - 1.0) < 0.02  # 8-bit codes: cosines within ~0.01
    assert np.allclose(loaded.similarities(vectors[5], ids[:3]), vectors[:3] @ vectors[5], atol=0.02)


def test_search_threads_apply_in_threads_started_later() -> None:
    index = VectorIndex.empty(32, 10)
    index.add(np.arange(10, dtype=np.int64), _unit(10))
    set_search_threads(1)
    seen: list[int] = []

    def worker() -> None:
        index.search(_unit(1)[0], 3)
        seen.append(faiss.omp_get_max_threads())

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert seen == [1]


def test_a_loaded_inverted_file_probes_the_current_share_of_its_lists(tmp_path: Path) -> None:
    index = VectorIndex.empty(32, 3000, approximate_above=100)
    index.add(np.arange(3000, dtype=np.int64), _unit(3000))
    index.save(tmp_path / "dense.faiss")
    stored = faiss.read_index(str(shortlist_path(tmp_path / "dense.faiss")))
    stored.nprobe = stored.nlist // 4  # as indexes written before probed a quarter
    faiss.write_index(stored, str(shortlist_path(tmp_path / "dense.faiss")))
    loaded = faiss.downcast_index(VectorIndex.load(tmp_path / "dense.faiss")._shortlist)
    assert loaded.nprobe == probed_lists(loaded.nlist)


def test_an_index_of_the_earlier_single_inverted_file_still_loads_and_searches(tmp_path: Path) -> None:
    vectors = _unit(3000)
    earlier = faiss.IndexIVFScalarQuantizer(
        faiss.IndexFlatIP(32), 32, 16, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
    )
    earlier.set_direct_map_type(faiss.DirectMap.Hashtable)
    earlier.train(vectors)
    earlier.add_with_ids(vectors, np.arange(3000, dtype=np.int64))
    faiss.write_index(earlier, str(tmp_path / "dense.faiss"))
    loaded = VectorIndex.load(tmp_path / "dense.faiss")
    assert not loaded.exact and loaded.kind.startswith("IndexIVFScalarQuantizer(lists=16")
    assert loaded.search(vectors[42], 1)[0][0] == 42
    assert not loaded.suits(3000, approximate_above=100)  # a build replaces it with the current kind


def test_rescoring_reads_codes_by_row_and_agrees_with_reconstructing() -> None:
    vectors, ids = _unit(3000), np.arange(3000, dtype=np.int64) * 5
    index = VectorIndex.empty(32, 3000, 100)
    index.add(ids, vectors)
    asked = ids[[2999, 4, 17, 1000]]
    direct = index.similarities(vectors[3], asked)
    assert np.allclose(direct, index._index.reconstruct_batch(asked) @ vectors[3], atol=1e-6)
    with pytest.raises(RuntimeError):
        index.similarities(vectors[3], ids[:1] + 1)  # in a gap between stored ids: FAISS says it is missing


def test_rescoring_contiguous_ids_reads_rows_by_offset_and_agrees_with_reconstructing() -> None:
    vectors, ids = _unit(3000), np.arange(700, 3700, dtype=np.int64)
    index = VectorIndex.empty(32, 3000, 100)
    index.add(ids, vectors)
    asked = ids[[2999, 0, 4, 17, 1000, 4]]
    direct = index.similarities(vectors[3], asked)
    assert np.allclose(direct, index._index.reconstruct_batch(asked) @ vectors[3], atol=1e-6)
    for missing in (ids[:1] - 1, ids[-1:] + 1):
        with pytest.raises(RuntimeError):
            index.similarities(vectors[3], missing)
