"""retrieval.evaluation.squad: SQuAD loading, paragraph ranking and answer hits on a tiny benchmark."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.build.run import BuildOptions, build_index
from index.reader import OpenIndex, open_index
from retrieval.answer import AbstainPolicy
from retrieval.evaluation.squad import (
    BenchmarkScore,
    load_squad,
    rank_paragraphs,
    score_benchmark_question,
    summarize_benchmark,
    write_articles,
)
from retrieval.ranking.search import SearchOptions
from tests.conftest import fake_encoder

CAIRO = "القاهرة هي عاصمة مصر وأكبر مدنها. يعيش فيها أكثر من عشرين مليون نسمة."
NILE = "نهر النيل أطول أنهار أفريقيا. ينبع من بحيرة فكتوريا ويصب في البحر المتوسط."
DESERT = "الصحراء الكبرى أكبر صحراء حارة في العالم. تمتد عبر عشر دول في شمال أفريقيا."

SQUAD = {
    "version": "1.1",
    "data": [
        {
            "title": "مصر",
            "paragraphs": [
                {
                    "context": CAIRO,
                    "qas": [
                        {"id": "q1", "question": "ما هي عاصمة مصر؟", "answers": [{"text": "القاهرة", "answer_start": 0}]},
                        {"id": "q2", "question": "كم نسمة يعيش في القاهرة؟",
                         "answers": [{"text": "عشرين مليون", "answer_start": 0}, {"text": "عشرين مليون", "answer_start": 0}]},
                    ],
                },
                {"context": f"  {CAIRO} ", "qas": [
                    {"id": "q3", "question": "ما أكبر مدن مصر؟", "answers": [{"text": "القاهرة", "answer_start": 0}]}]},
            ],
        },
        {
            "title": "أفريقيا",
            "paragraphs": [
                {"context": NILE, "qas": [
                    {"id": "q4", "question": "من أين ينبع نهر النيل؟", "answers": [{"text": "بحيرة فكتوريا", "answer_start": 0}]}]},
                {"context": DESERT, "qas": [
                    {"id": "q5", "question": "كم دولة تمتد عبرها الصحراء الكبرى؟", "answers": [{"text": "عشر دول", "answer_start": 0}]}]},
            ],
        },
    ],
}


@pytest.fixture
def squad_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(SQUAD, ensure_ascii=False), encoding="utf-8")
    return path


def test_load_squad_dedupes_contexts_and_answers(squad_file: Path) -> None:
    squad = load_squad(squad_file)
    assert squad.name == "tiny"
    assert [c.text for c in squad.contexts] == [CAIRO, NILE, DESERT]
    assert [c.title for c in squad.contexts] == ["مصر", "أفريقيا", "أفريقيا"]
    assert [q.id for q in squad.questions] == ["q1", "q2", "q3", "q4", "q5"]
    # the same context text (here with spaces around it) is one document for both its questions
    assert squad.questions[0].context_id == squad.questions[2].context_id == squad.contexts[0].id
    assert squad.questions[1].answers == ("عشرين مليون",)
    assert load_squad(squad_file).contexts[0].id == squad.contexts[0].id  # stable ids


def test_write_articles_is_jsonl_the_indexer_reads(squad_file: Path, tmp_path: Path) -> None:
    squad = load_squad(squad_file)
    path = write_articles(squad, tmp_path / "articles.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["title"], r["text"]) for r in rows] == [(c.id, c.title, c.text) for c in squad.contexts]


@pytest.fixture
def tiny_index(squad_file: Path, tmp_path: Path) -> OpenIndex:
    encoder = fake_encoder()
    articles = write_articles(load_squad(squad_file), tmp_path / "articles.jsonl")
    build_index([articles], tmp_path / "index", encoder, BuildOptions(progress=False))
    return open_index(tmp_path / "index", encoder_factory=lambda _: encoder)


@pytest.mark.parametrize("mode", ["lexical", "hybrid"])
def test_every_question_finds_its_own_paragraph_first(squad_file: Path, tiny_index: OpenIndex, mode: str) -> None:
    squad = load_squad(squad_file)
    options = SearchOptions(mode=mode)
    scores = [score_benchmark_question(tiny_index, q, options, AbstainPolicy()) for q in squad.questions]
    assert [s.paragraph_rank for s in scores] == [1, 1, 1, 1, 1]
    # each paragraph appears once in the ranking, however many of its sentences were found
    ranked = rank_paragraphs(tiny_index, "أفريقيا", options)
    assert len(ranked) == len(set(ranked))
    summary = summarize_benchmark(scores)
    assert (summary.questions, summary.ndcg10, summary.recall10, summary.mrr10) == (5, 1.0, 1.0, 1.0)
    assert summary.hit5 == 1.0 and summary.abstained == 0.0


def test_answer_hits_come_from_citations_so_abstention_counts(squad_file: Path, tiny_index: OpenIndex) -> None:
    question = load_squad(squad_file).questions[3]
    strict = score_benchmark_question(tiny_index, question, SearchOptions(mode="lexical"), AbstainPolicy(min_coverage=1.1))
    # the paragraph ranking ignores abstention; the answer does not
    assert strict.paragraph_rank == 1
    assert strict.abstained and strict.answer_rank is None
    # the user's view of the ranking is what was shown: nothing
    assert strict.shown == () and summarize_benchmark([strict]).shown_ndcg10 == 0.0
    shown = score_benchmark_question(tiny_index, question, SearchOptions(mode="lexical"), AbstainPolicy())
    assert shown.shown[0] == question.context_id and summarize_benchmark([shown]).shown_ndcg10 == 1.0


def test_summary_of_known_ranks() -> None:
    scores = [
        BenchmarkScore("a", "p1", ("p1", "p2"), 1, False),  # paragraph rank 1, answer rank 1
        BenchmarkScore("b", "p1", ("p2", "p3", "p1"), 4, False),  # paragraph rank 3, answer rank 4
        BenchmarkScore("c", "p1", ("p2",), None, True),  # paragraph not in the top 10, abstained
        BenchmarkScore("d", "p1", ("p2", "p1"), 6, False),  # paragraph rank 2, answer below 5
    ]
    summary = summarize_benchmark(scores)
    assert summary.ndcg10 == pytest.approx((1 + 0.5 + 0 + 0.6309298) / 4)
    assert summary.recall10 == pytest.approx(0.75)
    assert summary.mrr10 == pytest.approx((1 + 1 / 3 + 0 + 1 / 2) / 4)
    assert (summary.hit1, summary.hit5, summary.abstained) == (0.25, 0.5, 0.25)
    assert summary.shown_ndcg10 == 0.0  # no citation's article was recorded as shown
