"""Evaluation over question sets with gold evidence snippets (``../shared/eval`` format).

A citation matches a gold snippet when the snippet, normalised, is a substring of the
citation's text, normalised (:mod:`retrieval.evaluation.gold`). Metrics per question:

- hit@1 / hit@5: a gold snippet is matched by the first / one of the first five citations;
- recall@5: the share of gold snippets matched in the first five (``need: any``: one is enough);
- MRR: reciprocal rank of the first matching citation;
- abstained: no citation (the right output for ``unanswerable`` questions);
- hedged: citations shown as only the closest found (they still count as shown).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from retrieval.answer import Answer
from retrieval.evaluation.gold import contains_gold
from retrieval.evaluation.metrics import first_rank

__all__ = [
    "DevQuestion",
    "QuestionScore",
    "KindSummary",
    "load_questions",
    "score_answer",
    "summarize",
]


@dataclass(frozen=True)
class DevQuestion:
    """One evaluation question; ``turns`` holds earlier turns of a conversation."""

    id: str
    kind: str
    question: str
    gold: tuple[str, ...]
    need: str = "all"
    turns: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuestionScore:
    """How one answer scored."""

    id: str
    kind: str
    hit1: float
    hit5: float
    recall5: float
    rr: float
    abstained: bool
    hedged: bool = False


@dataclass
class KindSummary:
    """Mean scores over the questions of one kind (or ``all``)."""

    kind: str
    count: int = 0
    hit1: float = 0.0
    hit5: float = 0.0
    recall5: float = 0.0
    mrr: float = 0.0
    abstained: float = 0.0
    hedged: float = 0.0
    ids: list[str] = field(default_factory=list)


def load_questions(path: Path) -> list[DevQuestion]:
    """Read a ``seeds-dev.jsonl`` or ``seeds-dev-conversations.jsonl`` file."""
    questions = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        turns = tuple(raw.get("turns", ()))
        question = raw.get("q") or (turns[-1] if turns else "")
        questions.append(
            DevQuestion(
                id=raw["id"],
                kind=raw.get("kind", "conversation" if turns else "other"),
                question=question,
                gold=tuple(raw.get("gold", ())),
                need=raw.get("need", "all"),
                turns=turns[:-1],
            )
        )
    return questions


def score_answer(question: DevQuestion, answer: Answer) -> QuestionScore:
    """Score one answer against the question's gold snippets."""
    texts = [c.text for c in answer.citations]
    abstained = not answer.citations
    if not question.gold:
        return QuestionScore(question.id, question.kind, 0.0, 0.0, 0.0, 0.0, abstained, answer.hedged)
    ranks = [first_rank(texts, contains_gold([snippet])) for snippet in question.gold]
    found = [r for r in ranks if r is not None]
    best = min(found) if found else None
    in5 = [r for r in found if r <= 5]
    recall = (1.0 if in5 else 0.0) if question.need == "any" else len(in5) / len(question.gold)
    return QuestionScore(
        question.id,
        question.kind,
        hit1=1.0 if best == 1 else 0.0,
        hit5=1.0 if best is not None and best <= 5 else 0.0,
        recall5=recall,
        rr=1.0 / best if best else 0.0,
        abstained=abstained,
        hedged=answer.hedged,
    )


#: Kinds left out of the overall row (the answerable Arabic questions): unanswerable questions
#: are scored by abstention only, English and French ones have rows of their own.
NOT_IN_OVERALL = frozenset({"unanswerable", "english", "french"})


def summarize(scores: Iterable[QuestionScore]) -> list[KindSummary]:
    """Mean scores per kind, then over every answerable question in any language (``answerable``,
    when English or French ones are among them), then over the answerable Arabic ones (the last
    row, ``all``)."""
    groups: dict[str, KindSummary] = {}
    total = KindSummary("all")
    answerable = KindSummary("answerable")
    for s in scores:
        targets = [groups.setdefault(s.kind, KindSummary(s.kind))]
        if s.kind not in NOT_IN_OVERALL:
            targets.append(total)
        if s.kind != "unanswerable":
            targets.append(answerable)
        for summary in targets:
            summary.count += 1
            summary.hit1 += s.hit1
            summary.hit5 += s.hit5
            summary.recall5 += s.recall5
            summary.mrr += s.rr
            summary.abstained += 1.0 if s.abstained else 0.0
            summary.hedged += 1.0 if s.hedged else 0.0
            summary.ids.append(s.id)
    mixed = answerable.count > total.count
    rows = [*sorted(groups.values(), key=lambda g: g.kind), *([answerable] if mixed else []), total]
    for row in rows:
        for name in ("hit1", "hit5", "recall5", "mrr", "abstained", "hedged"):
            setattr(row, name, getattr(row, name) / max(row.count, 1))
    return rows


def evaluate(questions: Sequence[DevQuestion], ask: Callable[[DevQuestion], Answer]) -> list[QuestionScore]:
    """Ask every question and score the answers."""
    return [score_answer(q, ask(q)) for q in questions]
