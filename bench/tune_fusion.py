"""Sweep fusion settings over the evaluation indexes that ``isnad eval --work-dir DIR`` left.

Each question's vector is computed once and reused for every setting, so a sweep costs
lexical searches only. Prints paragraph nDCG@10 per SQuAD suite and hit@1 / hit@5 on the
seed questions, one row per setting.

    python -m bench.tune_fusion --work-dir data/eval-work [--shared ../shared]
"""

from __future__ import annotations

import argparse
import itertools
import random
from dataclasses import replace
from pathlib import Path

from bench.memo import memo_engine as _engine
from retrieval.engine import Engine
from retrieval.evaluation.devset import evaluate, load_questions, summarize
from retrieval.evaluation.metrics import mean, ndcg_at_k
from retrieval.evaluation.squad import PARAGRAPH_K, load_squad, rank_paragraphs
from retrieval.evaluation.suites import define_suites
from retrieval.ranking.search import SearchOptions

GRID = [("convex", w) for w in (1, 4, 8, 12, 16)] + [("minmax", w) for w in (0.5, 1, 1.1, 1.25, 1.5, 2, 3)] + [
    ("rrf", w) for w in (1, 2)
]


def _squad_ndcg(engine: Engine, questions, options: SearchOptions) -> float:
    return mean(
        ndcg_at_k(rank_paragraphs(engine.index, q.question, options)[:PARAGRAPH_K], {q.context_id}, PARAGRAPH_K)
        for q in questions
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work-dir", type=Path, required=True)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--suite", action="append", default=None)
    parser.add_argument("--only", action="append", default=None, help="settings to run, e.g. minmax:1.5")
    parser.add_argument("--per-suite", type=int, default=400, help="questions sampled per SQuAD suite (0: all)")
    args = parser.parse_args()
    suites = define_suites(args.shared)
    names = args.suite or ["seeds", "archive", "ant-dev", "xquad", "xquad-en-ar", "arcd", "mlqa", "tydi"]
    engines, data = {}, {}
    for name in names:
        index_dir = args.work_dir / suites[name].index_key / "index"
        if not index_dir.exists():
            print(f"skip {name}: no index at {index_dir}")
            continue
        engines[name] = _engine(index_dir)
        suite = suites[name]
        if suite.squad:
            questions = list(load_squad(suite.questions, name).questions)
            if args.per_suite and len(questions) > args.per_suite:
                questions = random.Random(0).sample(questions, args.per_suite)
            data[name] = questions
        else:
            data[name] = load_questions(suite.questions)
    print("fusion weight " + " ".join(f"{n:>12}" for n in engines))
    grid = [g for g in GRID if not args.only or f"{g[0]}:{g[1]}" in args.only]
    for fusion, weight in itertools.chain([("lexical", 0)], grid):
        cells = []
        for name, engine in engines.items():
            mode = "lexical" if fusion == "lexical" else "hybrid"
            options = replace(SearchOptions(), mode=mode, fusion=fusion if mode == "hybrid" else "convex",
                              dense_weight=float(weight))
            if suites[name].squad:
                cells.append(f"{_squad_ndcg(engine, data[name], options):12.3f}")
            else:
                engine.options = options
                overall = summarize(evaluate(data[name], lambda q: engine.answer(q.question, 5)))[-1]
                cells.append(f"{overall.hit1:5.3f}/{overall.hit5:5.3f} ")
        print(f"{fusion:>6} {weight:>6} " + " ".join(cells), flush=True)


if __name__ == "__main__":
    main()
