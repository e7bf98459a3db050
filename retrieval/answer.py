"""Answers: cited sentences for a question, or an explicit «لم أجد» when nothing answers it.

Abstention rule: a sentence is evidence when it contains at least ``min_coverage`` of the
question's content words (IDF-weighted), or when its cosine similarity reaches
``min_dense`` (off by default: a threshold only means something for one encoder).
A question is answered when at least one retrieved sentence is evidence, and only evidence
is cited: the answer never pads itself with the least-bad sentences.
"""

from __future__ import annotations

from dataclasses import dataclass

from retrieval.opened import OpenIndex
from retrieval.search import Hit, SearchOptions, search

__all__ = ["Answer", "Citation", "AbstainPolicy", "answer_question", "NOT_FOUND", "NOT_UNDERSTOOD", "NO_MORE"]

NOT_FOUND = "لم أجد في الأخبار المفهرسة ما يجيب عن هذا السؤال. جرّب صياغة أخرى، أو اسماً أو مكاناً مذكوراً في الأخبار."
NO_MORE = "لا مزيد من النتائج لهذا السؤال."
NOT_UNDERSTOOD = "لم أجد في السؤال كلمات أبحث عنها. اكتب سؤالاً فيه اسم شخص أو مكان أو حدث، مثل: ماذا قال كيري؟"


@dataclass(frozen=True)
class Citation:
    """One cited sentence: the JSON contract of ``isnad repl --json``."""

    rank: int
    text: str
    doc_id: str
    title: str | None
    sentence: int
    score: float


@dataclass(frozen=True)
class Answer:
    """The engine's reply to one question."""

    question: str
    answered: bool
    citations: tuple[Citation, ...]
    message: str | None = None
    has_more: bool = False


@dataclass(frozen=True)
class AbstainPolicy:
    """When a retrieved sentence counts as evidence."""

    min_coverage: float = 0.3
    min_dense: float = 2.0


def _is_evidence(hit: Hit, policy: AbstainPolicy) -> bool:
    return hit.coverage >= policy.min_coverage or hit.dense >= policy.min_dense


def answer_question(
    index: OpenIndex,
    question: str,
    k: int = 5,
    options: SearchOptions = SearchOptions(),
    policy: AbstainPolicy = AbstainPolicy(),
    offset: int = 0,
) -> Answer:
    """Answer a question with up to ``k`` cited sentences, or abstain.

    Args:
        index: The open index.
        question: The user's question.
        k: The most citations to return.
        options: Search mode and fusion.
        policy: The abstention thresholds.
        offset: How many citations earlier pages showed («المزيد» asks for the next page).

    Returns:
        The answer; ``answered`` is False and ``message`` says why when nothing answers it.
        Ranks continue from ``offset + 1``; ``has_more`` says whether another page exists.
    """
    query, hits = search(index, question, (offset + max(k, 1)) * 4 + 1, options)
    if not query.tokens and options.mode != "dense":
        return Answer(question, False, (), NOT_UNDERSTOOD)
    all_evidence = [h for h in hits if _is_evidence(h, policy)]
    evidence = all_evidence[offset : offset + k]
    if not evidence:
        return Answer(question, False, (), NOT_FOUND if offset == 0 else NO_MORE)
    sentences = index.store.sentences([h.sid for h in evidence])
    articles = index.store.articles([sentences[h.sid].article_id for h in evidence])
    citations = []
    for rank, hit in enumerate(evidence, start=offset + 1):
        s = sentences[hit.sid]
        article = articles.get(s.article_id)
        citations.append(
            Citation(rank, s.text, s.article_id, article.title if article else None, s.position, round(hit.score, 6))
        )
    return Answer(question, True, tuple(citations), has_more=len(all_evidence) > offset + k)
