"""Serve a built index as the product does and time its answers; run in a fresh process.

    python -m bench.scale_query --index-dir D --questions Q.jsonl --out queries.json [--started EPOCH]

In order: time to first answer (from ``--started``, the parent's clock just before it started
this process: interpreter, imports, index open, query encoder load and one hybrid answer);
serving RSS after 100 hybrid answers; each question answered once per mode (lexical, dense,
hybrid), milliseconds per answer summarised per mode and per kind (speaker questions apart);
the query encoder alone; then throughput with 20 and 50 concurrent questions (hybrid).

The open index remembers the vectors of recent questions («المزيد» asks again); the benchmark
turns that memory off, so that every dense or hybrid answer pays for its real query encoder
(the model's ONNX export on two threads, as the product loads it, computed beside the BM25 leg).
FAISS searches with one thread, as ``isnad`` sets it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from itertools import cycle, islice
from pathlib import Path

from bench.scale_questions import BenchQuestion, load_questions
from index.parts.vectors import set_search_threads
from retrieval.ranking import question_vectors
from retrieval.engine import Engine
from retrieval.ranking.search import MODES

__all__ = ["Latency", "latency", "process_memory_mb", "serve"]

WARM_ANSWERS = 100
CONCURRENCY = (20, 50)


@dataclass(frozen=True)
class Latency:
    """Wall milliseconds per answer (how many, median, 95th percentile, worst) and median CPU milliseconds.

    The CPU time is the process's while the answer ran (answers are timed one at a time; the
    question's vector is computed on other threads): on a machine other work also loads, it
    is what an answer costs, where the wall time also holds the waits for a core.
    """

    n: int
    p50: float
    p95: float
    max: float
    cpu_p50: float | None = None


def latency(milliseconds: Sequence[float], cpu: Sequence[float] = ()) -> Latency:
    """Summarise answer times (nearest-rank percentiles)."""
    ordered = sorted(milliseconds)
    if not ordered:
        return Latency(0, 0.0, 0.0, 0.0)
    rank = max(0, min(len(ordered) - 1, round(0.95 * len(ordered)) - 1))
    cpu_p50 = round(statistics.median(cpu), 2) if cpu else None
    return Latency(len(ordered), round(statistics.median(ordered), 2), round(ordered[rank], 2), round(ordered[-1], 2),
                   cpu_p50)


def process_memory_mb() -> dict[str, float]:
    """This process's resident memory now (``rss``) and at its peak (``peak``), from /proc."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields["rss" if name == "VmRSS" else "peak"] = round(int(value.split()[0]) / 1024, 1)
    return fields


def _ms(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def _wall_cpu_ms(call: Callable[[], object]) -> tuple[float, float]:
    cpu = time.process_time()  # the process's: the question's vector is computed on other threads
    wall = _ms(call)
    return wall, (time.process_time() - cpu) * 1000


def _summary(times: list[tuple[str, float, float]]) -> dict[str, Latency]:
    """``(kind, wall ms, cpu ms)`` summarised for all questions and per kind."""
    summary = {"all": latency([w for _, w, _ in times], [c for _, _, c in times])}
    for kind in sorted({kind for kind, _, _ in times}):
        summary[kind] = latency([w for k, w, _ in times if k == kind], [c for k, _, c in times if k == kind])
    return summary


def _per_kind(engine: Engine, questions: list[BenchQuestion], mode: str) -> dict[str, Latency]:
    return _summary([(q.kind, *_wall_cpu_ms(lambda q=q: engine.answer(q.q, mode=mode))) for q in questions])


def _throughput(engine: Engine, questions: list[BenchQuestion], workers: int, count: int) -> dict[str, object]:
    asked = [q.q for q in islice(cycle(questions), count)]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        times = list(pool.map(lambda q: _ms(lambda: engine.answer(q)), asked))
    wall = time.perf_counter() - started
    return {"workers": workers, "questions": count, "seconds": round(wall, 2),
            "per_second": round(count / wall, 2), "latency": asdict(latency(times))}


def serve(index_dir: Path, questions: list[BenchQuestion], started: float, count: int) -> dict[str, object]:
    """Every serving measurement, in the order the module docstring gives."""
    question_vectors.QUESTION_VECTORS_KEPT = 0  # every question pays for its own vector
    set_search_threads(1)
    engine = Engine(index_dir)
    open_ms = _ms(lambda: engine.index)
    first_ms = _ms(lambda: engine.answer(questions[0].q))
    first_answer = time.time() - started
    for q in islice(cycle(questions), WARM_ANSWERS):
        engine.answer(q.q)
    serving = process_memory_mb()
    modes = {mode: {k: asdict(v) for k, v in _per_kind(engine, questions, mode).items()} for mode in MODES}
    encoder = engine.index.encoder
    encoded = _summary([("all", *_wall_cpu_ms(lambda q=q: encoder.encode_queries([q.q]))) for q in questions])
    return {
        "first_answer_seconds": round(first_answer, 3), "open_ms": round(open_ms, 1),
        "first_answer_ms": round(first_ms, 1), "serving_rss_mb": serving["rss"], "questions": len(questions),
        "modes": modes, "query_encoder": asdict(encoded["all"]),
        "throughput": [_throughput(engine, questions, workers, count) for workers in CONCURRENCY],
        "peak_rss_mb": process_memory_mb()["peak"], "load_average": os.getloadavg(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--questions", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--started", type=float, help="epoch seconds the parent started this process at")
    parser.add_argument("--concurrent-questions", type=int, default=200, help="questions per throughput run")
    args = parser.parse_args()
    result = serve(args.index_dir, load_questions(args.questions), args.started or time.time(),
                   args.concurrent_questions)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
