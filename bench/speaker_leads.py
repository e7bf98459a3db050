"""Whose statements lead the answer to each speaker question of a question set.

For every question the speaker parser recognises, prints the subject, the speaker keys it
matches, how many statements they hold, and each citation of the answer with the speaker key
stored for its sentence (``-`` none), ``*`` where it is one of the leading statements and
``+`` where it holds a gold snippet. A question whose first statement belongs to another
speaker than the one asked about shows up as a lead with a wrong key.

    PYTHONPATH=$PWD python -m bench.speaker_leads --index-dir data/eval-work/archive/index \\
        --questions bench/ant-dev.jsonl --kind speaker_org
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from retrieval.answer import answer_question
from retrieval.engine import Engine
from retrieval.evaluate import load_questions, normalize_for_match
from retrieval.search import SearchOptions
from retrieval.speakers import parse_speaker_question, statements_for


def _sentence(index, article_id: str, position: int) -> tuple[int, str]:
    """The sid and stored speaker key (``-``: none) of one sentence (the store has no public getter)."""
    rows = index.store._query("SELECT sid, speaker FROM sentences WHERE article_id = ? AND position = ?", (article_id, position))
    return rows[0][0], rows[0][1] or "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--questions", type=Path, required=True)
    parser.add_argument("--kind", action="append", help="question kinds to show (default: every kind)")
    parser.add_argument("--mode", default="hybrid")
    parser.add_argument("-k", type=int, default=5)
    args = parser.parse_args(argv)
    engine = Engine(args.index_dir)
    index = engine.index
    hits = total = 0
    for q in load_questions(args.questions):
        if args.kind and q.kind not in args.kind:
            continue
        total += 1
        speaker = parse_speaker_question(q.question)
        print(f"\n{q.id} [{q.kind}] {q.question}")
        if speaker is None:
            print("  not a speaker question")
            lead: set[int] = set()
        else:
            keys = index.people.matching_keys(speaker.subject)
            statements = statements_for(index, speaker)
            lead = {s.sid for s in statements}
            shown = ", ".join(sorted(keys)[:6]) + (f" (+{len(keys) - 6})" if len(keys) > 6 else "")
            print(f"  subject «{speaker.subject}» topic «{speaker.topic}» keys {len(keys)}: {shown}; statements {len(lead)}")
        answer = answer_question(index, q.question, args.k, SearchOptions(mode=args.mode))
        gold = [normalize_for_match(g) for g in q.gold]
        found = False
        for c in answer.citations:
            sid, key = _sentence(index, c.doc_id, c.sentence)
            has_gold = any(g in normalize_for_match(c.text) for g in gold)
            found |= has_gold
            mark = ("*" if sid in lead else " ") + ("+" if has_gold else " ")
            print(f"  {c.rank} {mark} [{key}] {c.doc_id}: {c.text[:110]}")
        hits += found
    print(f"\nhit@{args.k}: {hits}/{total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
