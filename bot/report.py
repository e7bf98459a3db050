"""Render evaluation summaries as a markdown table or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict

from retrieval.evaluate import KindSummary

__all__ = ["summary_json", "summary_table"]

_COLUMNS = ("hit1", "hit5", "recall5", "mrr", "abstained")


def summary_table(rows: Sequence[KindSummary]) -> str:
    """A markdown table, one row per question kind, the overall row last."""
    lines = ["| kind | n | hit@1 | hit@5 | recall@5 | MRR | abstained |", "|---|---|---|---|---|---|---|"]
    for row in rows:
        cells = " | ".join(f"{getattr(row, c):.3f}" for c in _COLUMNS)
        lines.append(f"| {row.kind} | {row.count} | {cells} |")
    return "\n".join(lines)


def summary_json(rows: Sequence[KindSummary]) -> str:
    """The summary rows as JSON."""
    return json.dumps([asdict(r) for r in rows], ensure_ascii=False)
