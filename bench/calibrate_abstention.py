"""Calibrate abstention on real answerable and unanswerable questions.

Answerable: each SQuAD benchmark's questions against its own contexts, the seed questions
against the seeds and against the ANT archive, the ANT dev questions (``bench/ant-dev.jsonl``)
against the archive. Unanswerable: the benchmark questions asked against the news archive
(encyclopaedia questions Tunisian news does not answer), the seed questions asked against the
benchmark contexts, and the questions marked ``unanswerable``.

For each question the top hybrid hits are kept with their cosine, coverage and whether they
answer (a gold text in the sentence). A policy ``cosine + w * coverage >= t`` then answers a
question when any hit passes; the sweep prints, per (w, t): the share of answerable questions
answered, the share answered with a right sentence among the first five cited, and the share
of unanswerable questions left unanswered: the curve the default is chosen from.

    python -m bench.calibrate_abstention --work-dir data/eval-work [--per-set 300]
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.memo import memo_engine
from retrieval.evaluation.devset import load_questions
from retrieval.evaluation.gold import contains_gold
from retrieval.evaluation.metrics import first_rank
from retrieval.evaluation.squad import load_squad
from retrieval.evaluation.suites import define_suites
from retrieval.ranking.search import analyze_query, search

DEPTH = 20
#: Citations a user sees: a right sentence counts when it is among them.
CITED = 5
#: The rank whose cosine stands for "what any sentence of this corpus scores" for a question.
BACKGROUND_RANK = 50
WEIGHTS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3)
THRESHOLDS = tuple(round(t, 3) for t in np.arange(0.80, 0.95, 0.005))
MARGINS = tuple(round(t, 3) for t in np.arange(0.0, 0.15, 0.005))


@dataclass
class Candidates:
    """One question's top hits against one index."""

    group: str
    answerable: bool
    cosine: np.ndarray
    coverage: np.ndarray
    relevant: np.ndarray
    background: float = 0.0


def _collect(engine, question: str, gold: list[str], group: str, answerable: bool) -> Candidates:
    vectors = engine.question_vectors
    hits = search(engine.index, analyze_query(engine.index, question), DEPTH, engine.options, vectors.soon(question))
    texts = engine.index.store.sentences([h.sid for h in hits])
    answers = contains_gold(gold)
    relevant = [answers(texts[h.sid].text) for h in hits]
    _, scores = engine.index.vectors.search(vectors.vector(question), BACKGROUND_RANK)
    background = float(scores[-1]) if len(scores) else 0.0
    return Candidates(group, answerable, np.array([h.dense for h in hits]), np.array([h.coverage for h in hits]),
                      np.array(relevant, dtype=bool), background)


def _sample(items: list, n: int) -> list:
    return items if len(items) <= n else random.Random(0).sample(items, n)


def collect(work_dir: Path, shared: Path, per_set: int, ant_dev: Path) -> list[Candidates]:
    suites = define_suites(shared)
    archive = memo_engine(work_dir / "archive" / "index")
    seeds = memo_engine(work_dir / "seeds" / "index")
    out: list[Candidates] = []
    dev = load_questions(suites["seeds"].questions)
    dev_answerable = [q for q in dev if q.gold]
    for q in dev:
        out.append(_collect(seeds, q.question, list(q.gold), "seeds", bool(q.gold)))
        out.append(_collect(archive, q.question, list(q.gold), "seeds@archive", bool(q.gold)))
    if ant_dev.is_file():
        for q in load_questions(ant_dev):
            out.append(_collect(archive, q.question, list(q.gold), "ant-dev@archive", bool(q.gold)))
    for name in ("xquad", "xquad-en-ar", "arcd", "mlqa", "tydi"):
        index_dir = work_dir / ("xquad" if name == "xquad-en-ar" else name) / "index"
        if not index_dir.exists():
            continue
        engine = memo_engine(index_dir)
        questions = _sample(list(load_squad(suites[name].questions, name).questions), per_set)
        for q in questions:
            out.append(_collect(engine, q.question, list(q.answers), name, True))
            out.append(_collect(archive, q.question, list(q.answers), f"{name}@archive", False))
        for q in dev_answerable:
            out.append(_collect(engine, q.question, [], f"seeds@{name}", False))
    return out


def _decide(c: Candidates, weight: float, threshold: float, margin: bool = False) -> tuple[bool, bool]:
    """(answered, answered with a right sentence among the first five cited).

    ``margin``: the cosine counts above the question's background (its 50th best cosine).
    """
    cosine = c.cosine - c.background if margin else c.cosine
    passing = (cosine + weight * c.coverage) >= threshold
    right = first_rank(c.relevant[passing], bool)
    return bool(passing.any()), right is not None and right <= CITED


def sweep(rows: list[Candidates], margin: bool = False) -> list[dict]:
    curve = []
    thresholds = MARGINS if margin else THRESHOLDS
    for weight in WEIGHTS:
        for threshold in thresholds:
            answerable = [_decide(c, weight, threshold, margin) for c in rows if c.answerable]
            unanswerable = [_decide(c, weight, threshold, margin)[0] for c in rows if not c.answerable]
            answered = float(np.mean([a for a, _ in answerable]))
            right = float(np.mean([r for _, r in answerable]))
            abstained = 1.0 - float(np.mean(unanswerable))
            curve.append({"margin": margin, "weight": weight, "threshold": float(threshold), "answered": round(answered, 3),
                          "right@5": round(right, 3), "abstained_unanswerable": round(abstained, 3),
                          "balanced": round((right + abstained) / 2, 3)})
    return curve


def per_group(rows: list[Candidates], weight: float, threshold: float, margin: bool) -> dict[str, float]:
    """Per question group: right@5 for answerable questions, abstained share for unanswerable ones."""
    groups: dict[str, list[float]] = {}
    for c in rows:
        answered, right = _decide(c, weight, threshold, margin)
        group = c.group if c.answerable or "@" in c.group else c.group + " unanswerable"
        groups.setdefault(group, []).append(right if c.answerable else (not answered))
    return {g: round(float(np.mean(v)), 3) for g, v in groups.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work-dir", type=Path, required=True)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--per-set", type=int, default=300)
    parser.add_argument("--ant-dev", type=Path, default=Path(__file__).parent / "ant-dev.jsonl")
    parser.add_argument("--out", type=Path, default=None, help="write the whole curve as JSON")
    parser.add_argument("--rows", type=Path, default=None, help="pickle the collected candidates (for further sweeps)")
    args = parser.parse_args()
    rows = collect(args.work_dir, args.shared, args.per_set, args.ant_dev)
    print(f"{sum(c.answerable for c in rows)} answerable, {sum(not c.answerable for c in rows)} unanswerable")
    curves = []
    for margin in (False, True):
        curve = sweep(rows, margin)
        curves += curve
        print(f"\n{'margin over the 50th cosine' if margin else 'cosine'} + weight x coverage >= threshold")
        for weight in WEIGHTS:
            print(f"coverage weight {weight}: threshold answered right@5 abstained(unanswerable)")
            for point in (p for p in curve if p["weight"] == weight):
                print(f"  {point['threshold']:.3f}  {point['answered']:.3f}  {point['right@5']:.3f}  "
                      f"{point['abstained_unanswerable']:.3f}")
        best = max(curve, key=lambda p: p["balanced"])
        print("best balanced:", best)
        print(json.dumps(per_group(rows, best["weight"], best["threshold"], margin), ensure_ascii=False, indent=1))
    if args.out:
        args.out.write_text(json.dumps(curves, indent=1), encoding="utf-8")
    import pickle

    if args.rows:
        args.rows.write_bytes(pickle.dumps(rows))


if __name__ == "__main__":
    main()
