"""The abstention curve: how often a question set is answered as the abstention bar moves.

For each bar on :data:`MARGINS` (the Arabic-script margin; the other-scripts margin keeps its
ratio to it), every question is answered again and scored as the user sees it:
answered-when-answerable (some citation shown), abstained-when-unanswerable (none shown, hedged
answers included among the shown), hit@5 over the answerable questions (an abstention a miss), and
how many of each were hedged (shown under «أقرب ما وجدته»): the three outcomes.
The default is chosen from this curve (docs/evaluation.md), on the dev sets, never the held-out ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from retrieval.answer import AbstainPolicy, answer_question
from retrieval.engine import Engine
from retrieval.evaluation.devset import DevQuestion, score_answer
from retrieval.question.understand import understand_text

__all__ = ["MARGINS", "CurvePoint", "abstention_curve"]

#: The bars swept, around the default (``AbstainPolicy.margin``).
MARGINS = (0.0, 0.03, 0.05, 0.06, 0.07, 0.08, 0.09, 0.10, 0.12)


@dataclass(frozen=True)
class CurvePoint:
    """One bar and what it gives."""

    margin: float
    answered_answerable: float
    abstained_unanswerable: float
    hit5: float
    hedged_answerable: float = 0.0
    hedged_unanswerable: float = 0.0


def _policy_at(policy: AbstainPolicy, margin: float) -> AbstainPolicy:
    ratio = policy.margin_other_scripts / policy.margin if policy.margin else 1.0
    return replace(policy, margin=margin, margin_other_scripts=margin * ratio)


def abstention_curve(engine: Engine, questions: Sequence[DevQuestion], k: int = 5,
                     margins: Sequence[float] = MARGINS) -> tuple[CurvePoint, ...]:
    """The curve over ``margins`` for one question set (empty without unanswerable questions)."""
    answerable = [q for q in questions if q.gold]
    unanswerable = [q for q in questions if not q.gold]
    if not answerable or not unanswerable:
        return ()
    understood = {q.id: understand_text(q.question) for q in questions}
    points = []
    for margin in margins:
        policy = _policy_at(engine.policy, margin)
        scores = {q.id: score_answer(q, answer_question(engine.index, understood[q.id], k, engine.options, policy))
                  for q in questions}
        points.append(CurvePoint(
            margin,
            answered_answerable=sum(not scores[q.id].abstained for q in answerable) / len(answerable),
            abstained_unanswerable=sum(scores[q.id].abstained for q in unanswerable) / len(unanswerable),
            hit5=sum(scores[q.id].hit5 for q in answerable) / len(answerable),
            hedged_answerable=sum(scores[q.id].hedged for q in answerable) / len(answerable),
            hedged_unanswerable=sum(scores[q.id].hedged for q in unanswerable) / len(unanswerable),
        ))
    return tuple(points)
