"""Where each dev question's gold sentence ranks in each leg, and why an answer missed it.

    python -m bench.diagnose --index-dir data/eval-work/archive/index --questions bench/ant-dev.jsonl [--kind paraphrase]

For every answerable question: the gold's rank in the lexical leg, the dense leg and the fused
list (depth 200), the answer's first gold rank (what the user sees), and the best hit's evidence
against the bar; for unanswerable ones, whether the answer abstained and the best evidence.
A tool for reading failures on the dev sets; never run it on the held-out files.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from retrieval.engine import Engine
from retrieval.evaluation.devset import load_questions
from retrieval.evaluation.gold import contains_gold
from retrieval.evaluation.metrics import first_rank
from retrieval.ranking.search import SearchOptions, analyze_query, search
from retrieval.question.understand import understand_text

DEPTH = 200


def _rank(index, sids: list[int], gold) -> int | None:
    texts = index.store.sentences(sids)
    return first_rank([texts[s].text for s in sids if s in texts], contains_gold(gold))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--questions", type=Path, required=True)
    parser.add_argument("--kind", default=None)
    args = parser.parse_args()
    engine = Engine(args.index_dir)
    index = engine.index
    for q in load_questions(args.questions):
        if args.kind and q.kind != args.kind:
            continue
        understood = understand_text(q.question)
        ranks = {}
        for mode in ("lexical", "dense", "hybrid"):
            query = analyze_query(index, understood.resolved, understood.normalized)
            hits = search(index, query, DEPTH, SearchOptions(mode=mode))
            ranks[mode] = _rank(index, [h.sid for h in hits], q.gold) if q.gold else None
            if mode == "hybrid":
                best = max((engine.policy.evidence(h) for h in hits[:21]), default=0.0)
        answer = engine.answer(q.question, 5)
        shown = first_rank([c.text for c in answer.citations], contains_gold(q.gold)) if q.gold else None
        bar = engine.policy.bar(understood.arabic)
        print(f"{q.id} {q.kind:15s} lex={ranks['lexical']} dense={ranks['dense']} hyb={ranks['hybrid']} "
              f"shown={shown} cited={len(answer.citations)} best={best - bar:+.3f} speaker={bool(understood.speaker)} "
              f"| {q.question[:70]}")


if __name__ == "__main__":
    main()
