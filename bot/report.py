"""Render evaluation summaries as a markdown table or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict

from retrieval.evaluation.suites import SuiteResult

__all__ = ["curve_table", "results_json", "results_table", "kinds_table"]

#: The per-kind columns, in table order.
_KIND_COLUMNS = ("hit1", "hit5", "recall5", "mrr", "abstained", "hedged")

_RESULT_COLUMNS = (
    ("ndcg10", "nDCG@10"),
    ("recall10", "R@10"),
    ("mrr10", "MRR@10"),
    ("hit1", "hit@1"),
    ("hit5", "hit@5"),
    ("recall5", "recall@5"),
    ("mrr", "MRR"),
    ("abstained_answerable", "abstained (answerable)"),
    ("abstained_unanswerable", "abstained (unanswerable)"),
    ("shown_ndcg10", "nDCG@10 shown"),
)


def _cell(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _grouped(results: Sequence[SuiteResult]) -> list[SuiteResult]:
    """Results grouped by suite in order of first appearance, modes in their given order."""
    order = {name: i for i, name in enumerate(dict.fromkeys(r.suite for r in results))}
    return sorted(results, key=lambda r: order[r.suite])


def results_table(results: Sequence[SuiteResult]) -> str:
    """A markdown table, one row per suite and mode; ``–`` where a suite has no such metric.

    nDCG@10, R@10 and MRR@10 rank paragraphs (SQuAD benchmarks); hit@k are answer sentences
    among the citations; recall@5 and MRR score the seed questions.
    """
    head = " | ".join(title for _, title in _RESULT_COLUMNS)
    lines = [f"| suite | mode | n | {head} | seconds |", "|---|---|---" + "|---" * (len(_RESULT_COLUMNS) + 1) + "|"]
    for r in _grouped(results):
        cells = " | ".join(_cell(getattr(r, name)) for name, _ in _RESULT_COLUMNS)
        lines.append(f"| {r.suite} | {r.mode} | {r.questions} | {cells} | {r.seconds:.1f} |")
    return "\n".join(lines)


def kinds_table(results: Sequence[SuiteResult]) -> str:
    """A markdown table of the seed suites per question kind (empty when none was run)."""
    lines = ["| suite | mode | kind | n | hit@1 | hit@5 | recall@5 | MRR | abstained | hedged |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    rows = [(r, k) for r in _grouped(results) for k in r.kinds]
    for result, row in rows:
        cells = " | ".join(f"{getattr(row, c):.3f}" for c in _KIND_COLUMNS)
        lines.append(f"| {result.suite} | {result.mode} | {row.kind} | {row.count} | {cells} |")
    return "\n".join(lines) if rows else ""


def curve_table(results: Sequence[SuiteResult]) -> str:
    """A markdown table of the abstention curves (empty when no run has one)."""
    lines = ["| suite | margin | answered (answerable) | of them hedged | abstained (unanswerable) | hedged (unanswerable) "
             "| hit@5 shown |", "|---|---|---|---|---|---|---|"]
    rows = [(r, p) for r in _grouped(results) for p in r.curve]
    for result, p in rows:
        lines.append(f"| {result.suite} | {p.margin:.2f} | {p.answered_answerable:.3f} | {p.hedged_answerable:.3f} | "
                     f"{p.abstained_unanswerable:.3f} | {p.hedged_unanswerable:.3f} | {p.hit5:.3f} |")
    return "\n".join(lines) if rows else ""


def results_json(results: Sequence[SuiteResult]) -> str:
    """Newline-delimited JSON, one object per suite and mode; ``[]`` when there is none."""
    if not results:
        return "[]"
    return "\n".join(json.dumps(asdict(r), ensure_ascii=False) for r in results)
