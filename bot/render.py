"""Render answers and build reports as terminal text and as JSON."""

from __future__ import annotations

import json
from dataclasses import asdict

from index.build import BuildReport
from retrieval.answer import Answer

__all__ = ["answer_json", "answer_text", "report_text"]


def answer_json(answer: Answer) -> str:
    """The stable one-line JSON form of an answer (``isnad repl --json``)."""
    payload = {
        "question": answer.question,
        "answered": answer.answered,
        "citations": [asdict(c) for c in answer.citations],
    }
    return json.dumps(payload, ensure_ascii=False)


def answer_text(answer: Answer) -> str:
    """Cited sentences for a terminal: the sentence, then ``[title · sentence N]``."""
    if not answer.answered:
        return answer.message or "لم أجد جواباً."
    lines = []
    for c in answer.citations:
        lines.append(f"{c.rank}. {c.text}")
        lines.append(f"   [{c.title or c.doc_id} · sentence {c.sentence}]")
    return "\n".join(lines)


def report_text(report: BuildReport) -> str:
    """The summary printed after ``isnad index``."""
    model = report.model.name + (" (offline fallback)" if report.model.fallback else "")
    lines = [
        f"Indexed {report.articles} articles, {report.sentences} sentences into {report.index_dir}",
        f"Embeddings: {report.embeddings_reused} reused, {report.embeddings_computed} computed ({model})",
        f"Skipped {len(report.skipped)} input(s)" + (":" if report.skipped else ""),
    ]
    lines += [f"  - {s.origin}: {s.reason}" for s in report.skipped]
    lines.append(f"Took {report.seconds:.2f} s")
    return "\n".join(lines)
