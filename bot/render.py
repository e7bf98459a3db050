"""Render answers and build reports as terminal text and as JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict

from index import BuildReport
from retrieval.answer import HEDGED, Answer, CopySource
from retrieval.engine import OutletCount
from retrieval.conversation import Answered, ContextView, Notice, OutletsView, Reply, SourceView

__all__ = ["answer_json", "answer_text", "error_json", "reply_json", "reply_text", "report_text"]


def answer_json(answer: Answer) -> str:
    """The stable one-line JSON form of an answer (``isnad repl --json``)."""
    payload = {
        "question": answer.question,
        "answered": answer.answered,
        "hedged": answer.hedged,
        "citations": [asdict(c) for c in answer.citations],
    }
    return json.dumps(payload, ensure_ascii=False)


def error_json(question: str, error: str) -> str:
    """The JSON line for a question the index could not answer at all (then the command exits 1)."""
    payload = {"question": question, "answered": False, "citations": [], "error": error}
    return json.dumps(payload, ensure_ascii=False)


def reply_json(question: str, reply: Reply) -> str:
    """The JSON line for one REPL turn, with the question as understood and its kind.

    Commands that show no citations («السياق 2», «المصدر 1») answer ``false``; a notice instead of an
    answer (no such citation, no question yet, an internal error) carries ``notice``: its kind and text,
    so it is never mistaken for an abstention.
    """
    answer, understood = (reply.answer, reply.question) if isinstance(reply, Answered) else (None, None)
    payload = {
        "question": question,
        "answered": bool(answer and answer.answered),
        "hedged": bool(answer and answer.hedged),
        "citations": [asdict(c) for c in answer.citations] if answer else [],
        "resolved_question": understood.resolved if understood else question,
        "kind": understood.kind if understood else "other",
        "notice": {"kind": reply.kind, "text": reply.message} if isinstance(reply, Notice) else None,
    }
    if isinstance(reply, OutletsView):
        payload["outlets"] = [asdict(o) for o in reply.outlets]
    return json.dumps(payload, ensure_ascii=False)


def context_text(view: ContextView) -> str:
    """A citation among its neighbours, the cited sentence marked with ◀."""
    lines = [f"[{view.title or view.doc_id} · sentence {view.sentence}]"]
    for s in view.sentences:
        marker = "◀ " if s.position == view.sentence else "  "
        lines.append(f"{marker}{s.position}. {s.text}")
    return "\n".join(lines)


def source_text(view: SourceView) -> str:
    """Where a citation comes from."""
    lines = [f"{view.rank}. {view.title or view.doc_id}"]
    if view.date:
        lines.append(f"   date: {view.date}")
    if view.source:
        lines.append(f"   source: {view.source}")
    if view.url:
        lines.append(f"   url: {view.url}")
    lines.append(f"   article {view.doc_id}, sentence {view.sentence} of {view.sentence_count}")
    return "\n".join(lines)


def reply_text(reply: Reply) -> str:
    """Any conversation reply as terminal text."""
    match reply:
        case Answered(answer=answer):
            return answer_text(answer) + ("\n(المزيد: more)" if answer.has_more else "")
        case ContextView():
            return context_text(reply)
        case SourceView():
            return source_text(reply)
        case Notice(message=message):
            return message
        case OutletsView(outlets=outlets):
            return outlets_text(outlets)
    raise TypeError(f"not a conversation reply: {reply!r}")


def outlets_text(outlets: Sequence[OutletCount]) -> str:
    """The index's outlets for a terminal: name, article count, first and last dates."""
    if not outlets:
        return "لا تحمل المقالات المفهرسة اسم مصدرها."
    rows = [f"{o.source}: {o.articles} مقالة" + (f" ({o.first_date} – {o.last_date})" if o.first_date else "")
            for o in outlets]
    return "المصادر المفهرسة:\n" + "\n".join(rows)


def answer_text(answer: Answer) -> str:
    """Cited sentences for a terminal: the sentence, then ``[title · sentence N]``."""
    if not answer.answered:
        return answer.message or "لم أجد جواباً."
    lines = [HEDGED] if answer.hedged else []
    for c in answer.citations:
        lines.append(f"{c.rank}. {c.text}")
        where = " · ".join(part for part in (c.source, c.date) if part)
        lines.append(f"   [{c.title or c.doc_id} · sentence {c.sentence}{' · ' + where if where else ''}]")
        if c.sources:
            lines.append(f"   ورد في {len(c.sources)} مصادر: " + "، ".join(_copy_text(o) for o in c.sources))
    return "\n".join(lines)


def _copy_text(copy: CopySource) -> str:
    return " ".join(part for part in (copy.source or copy.title or copy.doc_id, copy.date) if part)


#: Below this many embedded sentences a rate says more about warming up than about the encoder.
MIN_RATED_SENTENCES = 100


def report_text(report: BuildReport, total_seconds: float | None = None) -> str:
    """The summary printed after ``isnad index``; ``total_seconds`` is the command's, model loading included."""
    rated = report.embedding_rate and report.embeddings_computed >= MIN_RATED_SENTENCES
    model = report.model.name + (" (fallback)" if report.model.fallback else "")
    lines = [
        f"Indexed {report.articles} articles, {report.sentences} sentences into {report.index_dir}",
        f"Embeddings: {report.embeddings_reused} reused, {report.embeddings_computed} computed ({model})"
        + (f" in {report.embedding_seconds:.1f} s, {report.embedding_rate:.1f} sentences/s" if rated else ""),
        f"Articles: {report.articles_reused} copied from the previous build"
        + (f" ({report.reused_from})" if report.reused_from else "")
        + f", {report.articles_analysed} analysed, {report.articles_from_cache} from the article cache, "
        f"{report.articles_changed} changed, {report.articles_removed} removed",
        f"Dates: {report.articles - report.undated} articles dated, {report.undated} without a date "
        "(none in their metadata, URL or dateline)",
        f"Skipped {len(report.skipped)} input(s)" + (":" if report.skipped else ""),
    ]
    lines += [f"  - {s.origin}: {s.reason}" for s in report.skipped]
    if report.decoded:
        lines.append(f"Read in another encoding or repaired: {len(report.decoded)} input(s):")
        lines += [f"  - {s.origin}: {s.reason}" for s in report.decoded]
    if total_seconds is None:
        lines.append(f"Took {report.seconds:.2f} s")
    else:
        lines.append(f"Took {total_seconds:.2f} s ({total_seconds - report.seconds:.2f} s loading the model, "
                     f"{report.seconds:.2f} s building)")
    return "\n".join(lines)
