"""The abstention curve over the real seed index: a higher bar never answers more."""

from __future__ import annotations

from pathlib import Path

from retrieval.engine import Engine
from retrieval.evaluation.curve import abstention_curve
from retrieval.evaluation.devset import DevQuestion

QUESTIONS = [
    DevQuestion("p01", "speaker", "ماذا قال كيري؟", ("تبادلنا الأفكار مع الروس",), "any"),
    DevQuestion("f01", "fact", "كم طائرة سلمت الأسلحة؟", ("طائرتين",), "any"),
    DevQuestion("u01", "unanswerable", "ما هي عاصمة اليابان؟", ()),
    DevQuestion("u02", "unanswerable", "كم عدد سكان القاهرة؟", ()),
]


def test_the_curve_moves_one_way_and_ends_abstaining(seed_index: Path) -> None:
    engine = Engine(seed_index)
    curve = abstention_curve(engine, QUESTIONS, margins=(0.0, 0.07, 0.5))
    assert [p.margin for p in curve] == [0.0, 0.07, 0.5]
    answered = [p.answered_answerable for p in curve]
    abstained = [p.abstained_unanswerable for p in curve]
    assert answered == sorted(answered, reverse=True) and abstained == sorted(abstained)
    assert curve[0].answered_answerable == 1.0 and curve[-1].abstained_unanswerable == 1.0
    assert all(p.hit5 <= p.answered_answerable for p in curve)


def test_no_curve_without_unanswerable_questions(seed_index: Path) -> None:
    assert abstention_curve(Engine(seed_index), QUESTIONS[:2]) == ()
