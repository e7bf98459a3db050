"""SQuAD-format benchmarks (XQuAD, ARCD, MLQA, TyDi QA GoldP) as retrieval tasks.

A benchmark becomes a corpus and a question set the way MTEB's XQuADRetrieval does it: each
unique context is one document (its id a hash of its text), and each question's own context
is its one relevant document. Contexts are written as articles in the JSONL format the index
reads, so they go through the same cleaning, splitting and analysis as news.

Two levels are scored per question:

- paragraph: the raw ranked sentence list of :func:`retrieval.ranking.search.search` (``depth``
  sentences, no abstention), deduplicated by article, so a paragraph ranks where its first
  sentence does; nDCG@10, Recall@10 and MRR@10 over that list. Abstention must not cut it:
  a ranking metric needs a full ranking.
- answer sentence: the citations of :func:`retrieval.answer.answer_question`, as a user gets
  them (abstention included); hit@k when a citation among the first k contains a gold answer
  text, both normalised (:func:`retrieval.evaluation.gold.contains_gold`).
- the user's view of paragraphs: nDCG@10 over the articles of the first ``SHOWN_K`` citations
  actually shown (after abstention: an abstention scores 0), beside the raw ranking's.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from index.reader import OpenIndex
from retrieval.answer import AbstainPolicy, answer_question
from retrieval.evaluation.gold import contains_gold
from retrieval.evaluation.metrics import (
    dedupe,
    first_rank,
    mean,
    ndcg_at_k,
    recall_at_k,
    reciprocal_rank_at_k,
)
from retrieval.ranking.question_vectors import QuestionVectors
from retrieval.ranking.search import SearchOptions, analyze_query, search
from retrieval.question.understand import understand_text

__all__ = [
    "BenchmarkScore",
    "BenchmarkSummary",
    "SquadContext",
    "SquadQuestion",
    "SquadSet",
    "load_squad",
    "rank_paragraphs",
    "score_benchmark_question",
    "summarize_benchmark",
    "write_articles",
]

#: Sentences fetched for the paragraph ranking: enough that ten distinct paragraphs appear.
PARAGRAPH_DEPTH = 100
#: The cut-off of the paragraph metrics (MTEB's main score is nDCG@10).
PARAGRAPH_K = 10
#: Citations scored for hit@k per question.
ANSWER_K = 5
#: Citations asked for per question: the user's view of nDCG@10 reads this many.
SHOWN_K = 10


@dataclass(frozen=True)
class SquadContext:
    """One unique context: a document of the benchmark corpus."""

    id: str
    title: str | None
    text: str


@dataclass(frozen=True)
class SquadQuestion:
    """One question, its own context's id, and its gold answer texts."""

    id: str
    question: str
    context_id: str
    answers: tuple[str, ...]


@dataclass(frozen=True)
class SquadSet:
    """A benchmark's unique contexts and its questions."""

    name: str
    contexts: tuple[SquadContext, ...]
    questions: tuple[SquadQuestion, ...]


def _context_id(text: str) -> str:
    return "ctx-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def load_squad(path: Path, name: str | None = None) -> SquadSet:
    """Read a SQuAD v1.1-format JSON file; identical contexts become one document.

    Args:
        path: The JSON file (``{"data": [{"title", "paragraphs": [{"context", "qas"}]}]}``).
        name: The benchmark's name (default: the file's stem).

    Returns:
        The unique contexts in order of first appearance, and every question.
    """
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    contexts: dict[str, SquadContext] = {}
    questions: list[SquadQuestion] = []
    for article in raw["data"]:
        for paragraph in article["paragraphs"]:
            text = paragraph["context"].strip()
            cid = _context_id(text)
            contexts.setdefault(cid, SquadContext(cid, article.get("title"), text))
            for qa in paragraph["qas"]:
                answers = tuple(dict.fromkeys(a["text"] for a in qa.get("answers", ()) if a["text"].strip()))
                questions.append(SquadQuestion(str(qa["id"]), qa["question"].strip(), cid, answers))
    return SquadSet(name or Path(path).stem, tuple(contexts.values()), tuple(questions))


def write_articles(squad: SquadSet, path: Path) -> Path:
    """Write the contexts as a JSONL article file the indexer reads; returns ``path``.

    The title travels as metadata, so a one-line context is not taken for its own title;
    titles are shown with citations but not searched.
    """
    with Path(path).open("w", encoding="utf-8") as out:
        for c in squad.contexts:
            out.write(json.dumps({"id": c.id, "title": c.title, "text": c.text}, ensure_ascii=False) + "\n")
    return Path(path)


@dataclass(frozen=True)
class BenchmarkScore:
    """How one question scored: the paragraphs ranked first, and its first answering citation's rank."""

    id: str
    context_id: str
    ranked: tuple[str, ...]
    answer_rank: int | None
    abstained: bool
    #: The articles of the citations shown, in order of first appearance.
    shown: tuple[str, ...] = ()

    @property
    def paragraph_rank(self) -> int | None:
        """The rank of the question's own context among the first ``PARAGRAPH_K``."""
        return first_rank(self.ranked, lambda paragraph: paragraph == self.context_id)


def rank_paragraphs(index: OpenIndex, question: str, options: SearchOptions, depth: int = PARAGRAPH_DEPTH,
                    vectors: QuestionVectors | None = None) -> list[str]:
    """Article ids in the order their first sentence appears in the raw ranked search."""
    vector = vectors.soon(question) if vectors is not None and options.mode != "lexical" else None
    hits = search(index, analyze_query(index, question), depth, options, vector)
    sentences = index.store.sentences([h.sid for h in hits])
    return dedupe(sentences[h.sid].article_id for h in hits if h.sid in sentences)


def score_benchmark_question(
    index: OpenIndex,
    question: SquadQuestion,
    options: SearchOptions,
    policy: AbstainPolicy,
    depth: int = PARAGRAPH_DEPTH,
    vectors: QuestionVectors | None = None,
) -> BenchmarkScore:
    """Rank paragraphs and answer one question; keeps the first ``PARAGRAPH_K`` paragraph ids.

    ``vectors`` remembers question vectors across both and across search modes.
    """
    vectors = vectors or QuestionVectors(index)
    ranked = rank_paragraphs(index, question.question, options, depth, vectors)
    answer = answer_question(index, understand_text(question.question), SHOWN_K, options, policy, vectors=vectors)
    return BenchmarkScore(
        question.id,
        question.context_id,
        tuple(ranked[:PARAGRAPH_K]),
        first_rank([c.text for c in answer.citations[:ANSWER_K]], contains_gold(question.answers)),
        not answer.citations,
        tuple(dedupe(c.doc_id for c in answer.citations)),
    )


@dataclass(frozen=True)
class BenchmarkSummary:
    """Mean scores over a benchmark's questions."""

    questions: int
    ndcg10: float
    recall10: float
    mrr10: float
    hit1: float
    hit5: float
    abstained: float
    shown_ndcg10: float = 0.0


def summarize_benchmark(scores: Sequence[BenchmarkScore]) -> BenchmarkSummary:
    """Paragraph nDCG@10, Recall@10, MRR@10 and answer-sentence hit@1/hit@5, averaged."""
    k = PARAGRAPH_K
    return BenchmarkSummary(
        questions=len(scores),
        ndcg10=mean(ndcg_at_k(s.ranked, {s.context_id}, k) for s in scores),
        recall10=mean(recall_at_k(s.ranked, {s.context_id}, k) for s in scores),
        mrr10=mean(reciprocal_rank_at_k(s.ranked, {s.context_id}, k) for s in scores),
        hit1=mean(1.0 if s.answer_rank == 1 else 0.0 for s in scores),
        hit5=mean(1.0 if s.answer_rank is not None and s.answer_rank <= ANSWER_K else 0.0 for s in scores),
        abstained=mean(1.0 if s.abstained else 0.0 for s in scores),
        shown_ndcg10=mean(ndcg_at_k(s.shown, {s.context_id}, k) for s in scores),
    )
