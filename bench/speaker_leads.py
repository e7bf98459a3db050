"""Whose statements lead the answer to each speaker question of a question set.

For every question, prints the subject and topic the speaker parser found, the speaker keys
the subject matches and how many statements they hold, then each citation of the answer with
the speaker key stored for its sentence (``-``: none), ``*`` where it is one of the subject's
statements and ``+`` where it holds a gold snippet. A closing table gives, per question, the
key of the first citation, the key of the gold sentence in the question's ``article``, and
the verdict: ``same speaker`` (the answer opens with a statement of the speaker who said the
gold), ``other speaker`` (it opens with somebody else's statement: the failure to avoid),
``relevance`` (no statement leads: the ordinary answer) or ``no answer``.

    PYTHONPATH=$PWD python -m bench.speaker_leads --index-dir data/eval-work/archive/index \\
        --questions bench/ant-dev.jsonl --kind speaker_org
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from index.reader import OpenIndex
from retrieval.answer import answer_question
from retrieval.engine import Engine
from retrieval.evaluation.gold import normalize_for_match
from retrieval.ranking.search import SearchOptions
from retrieval.speakers import statements_for
from retrieval.question.understand import understand_text


def _sentence(index: OpenIndex, article_id: str, position: int) -> tuple[int, str]:
    """The sid and stored speaker key (``-``: none) of one sentence (the store has no public getter)."""
    rows = index.store._query("SELECT sid, speaker FROM sentences WHERE article_id = ? AND position = ?", (article_id, position))
    return rows[0][0], rows[0][1] or "-"


def _gold_keys(index: OpenIndex, article_id: str | None, gold: list[str]) -> set[str]:
    """The speaker keys of the sentences of ``article_id`` (any article, if none) that hold a gold snippet."""
    if article_id:
        rows = index.store._query("SELECT text, speaker FROM sentences WHERE article_id = ?", (article_id,))
    else:
        rows = index.store._query("SELECT text, speaker FROM sentences")
    return {key or "-" for text, key in rows if any(g in normalize_for_match(text) for g in gold)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--questions", type=Path, required=True)
    parser.add_argument("--kind", action="append", help="question kinds to show (default: every kind)")
    parser.add_argument("--mode", default="hybrid")
    parser.add_argument("-k", type=int, default=5)
    args = parser.parse_args(argv)
    index = Engine(args.index_dir).index
    rows = []
    for line in args.questions.read_text(encoding="utf-8").splitlines():
        q = json.loads(line)
        if args.kind and q["kind"] not in args.kind:
            continue
        understood = understand_text(q["q"])
        speaker = understood.speaker if understood.speaker and understood.speaker.subject else None
        print(f"\n{q['id']} [{q['kind']}] {q['q']}")
        lead: set[int] = set()
        subject = "-"
        if speaker is None:
            print("  not a speaker question")
        else:
            subject = speaker.subject
            keys = sorted(index.people.match(speaker.subject).keys)
            lead = {s.sid for s in statements_for(index, speaker)}
            shown = ", ".join(keys[:6]) + (f" (+{len(keys) - 6})" if len(keys) > 6 else "")
            print(f"  subject «{speaker.subject}» topic «{speaker.topic}» keys {len(keys)}: {shown}; statements {len(lead)}")
        answer = answer_question(index, understood, args.k, SearchOptions(mode=args.mode))
        gold = [normalize_for_match(g) for g in q["gold"]]
        hit = False
        first: tuple[str, bool] | None = None
        for c in answer.citations:
            sid, key = _sentence(index, c.doc_id, c.sentence)
            has_gold = any(g in normalize_for_match(c.text) for g in gold)
            hit |= has_gold
            first = first or (key, sid in lead)
            mark = ("*" if sid in lead else " ") + ("+" if has_gold else " ")
            print(f"  {c.rank} {mark} [{key}] {c.doc_id}: {c.text[:110]}")
        gold_keys = _gold_keys(index, q.get("article"), gold)
        if first is None:
            verdict = "no answer"
        elif not first[1]:
            verdict = "relevance"
        else:
            verdict = "same speaker" if first[0] in gold_keys else "other speaker"
        rows.append((q["id"], subject, first[0] if first else "-", ", ".join(sorted(gold_keys)) or "-", verdict, hit))
    print(f"\n| id | subject | first citation's speaker | gold sentence's speaker | leads | hit@{args.k} |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(str(x) for x in row[:5]) + f" | {'yes' if row[5] else 'no'} |")
    verdicts = [r[4] for r in rows]
    print(f"\nhit@{args.k}: {sum(r[5] for r in rows)}/{len(rows)}; "
          + ", ".join(f"{v}: {verdicts.count(v)}" for v in ("same speaker", "other speaker", "relevance", "no answer")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
