"""retrieval.evaluation.devset: loading question sets and scoring answers against gold snippets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrieval.answer import Answer, Citation
from retrieval.evaluation.devset import (
    DevQuestion,
    load_questions,
    score_answer,
    summarize,
)


def _answer(*texts: str) -> Answer:
    citations = tuple(Citation(rank, text, f"d{rank}", None, rank, 0.5) for rank, text in enumerate(texts, start=1))
    return Answer("?", bool(texts), citations)


CITED = _answer("نص لا يجيب.", "قال كيري إن الاتفاق قريب.", "وقال لافروف: لا اتفاق.")


@pytest.mark.parametrize(
    ("gold", "need", "expected"),
    [
        # gold at rank 2: hit@5 and MRR 1/2, no hit@1
        pytest.param(("الاتفاق قريب",), "all", (0.0, 1.0, 1.0, 0.5), id="second"),
        # two snippets, one found (rank 3): recall@5 halves unless one is enough
        pytest.param(("لا اتفاق", "غير موجود"), "all", (0.0, 1.0, 0.5, 1 / 3), id="half-recall"),
        pytest.param(("لا اتفاق", "غير موجود"), "any", (0.0, 1.0, 1.0, 1 / 3), id="need-any"),
        # the best rank of any snippet counts for hit@1 and MRR
        pytest.param(("لا يجيب", "لافروف"), "all", (1.0, 1.0, 1.0, 1.0), id="best-rank"),
        pytest.param(("غير موجود",), "all", (0.0, 0.0, 0.0, 0.0), id="missed"),
    ],
)
def test_score_answer(gold: tuple[str, ...], need: str, expected: tuple[float, ...]) -> None:
    score = score_answer(DevQuestion("q", "fact", "?", gold, need), CITED)
    assert (score.hit1, score.hit5, score.recall5, score.rr) == pytest.approx(expected)
    assert not score.abstained


def test_unanswerable_questions_score_abstention_only() -> None:
    score = score_answer(DevQuestion("u", "unanswerable", "?", ()), _answer())
    assert score.abstained and (score.hit1, score.hit5, score.recall5, score.rr) == (0.0, 0.0, 0.0, 0.0)


def test_summary_leaves_unanswerable_and_foreign_questions_out_of_all() -> None:
    scores = [
        score_answer(DevQuestion("a", "fact", "?", ("الاتفاق قريب",)), CITED),
        score_answer(DevQuestion("b", "fact", "?", ("نص لا يجيب",)), CITED),
        score_answer(DevQuestion("c", "english", "?", ("لافروف",)), CITED),
        score_answer(DevQuestion("u", "unanswerable", "?", ()), _answer()),
    ]
    rows = {row.kind: row for row in summarize(scores)}
    assert list(rows) == ["english", "fact", "unanswerable", "answerable", "all"]
    assert (rows["all"].count, rows["all"].hit1, rows["all"].mrr) == (2, 0.5, 0.75)
    assert rows["unanswerable"].abstained == 1.0 and rows["all"].ids == ["a", "b"]
    # Every answerable question in any language, as the user sees them: the unanswerable one is out.
    assert (rows["answerable"].count, rows["answerable"].ids) == (3, ["a", "b", "c"])


def test_summary_has_no_answerable_row_when_every_answerable_question_is_arabic() -> None:
    scores = [score_answer(DevQuestion("a", "fact", "?", ("الاتفاق قريب",)), CITED),
              score_answer(DevQuestion("u", "unanswerable", "?", ()), _answer())]
    assert [row.kind for row in summarize(scores)] == ["fact", "unanswerable", "all"]


def test_load_questions_reads_single_questions_and_conversations(tmp_path: Path) -> None:
    path = tmp_path / "dev.jsonl"
    rows = [{"id": "q1", "kind": "fact", "q": "من؟", "gold": ["كيري"], "need": "any"},
            {"id": "c1", "turns": ["ماذا قال كيري؟", "ولافروف؟"], "gold": ["لافروف"]}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n\n", encoding="utf-8")
    single, conversation = load_questions(path)
    assert single == DevQuestion("q1", "fact", "من؟", ("كيري",), "any")
    assert conversation == DevQuestion("c1", "conversation", "ولافروف؟", ("لافروف",), "all", ("ماذا قال كيري؟",))
