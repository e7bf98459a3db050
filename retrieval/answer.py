"""Answers: cited sentences for a question, or an explicit «لم أجد» when nothing answers it.

Abstention rule, for an embedded question: a hit's *evidence* is how far its cosine with the
question stands above the question's *background* (the cosine of its 50th nearest sentence: what
any sentence of this corpus scores for it), plus ``coverage_weight`` times its *coverage* (the
IDF-weighted share of the question's content words in its BM25 document). The question is
answered when some hit's evidence reaches ``margin`` (``margin_other_scripts`` for a question
not in Arabic script: cross-lingual cosines run lower), and then every hit within
``citation_slack`` of that bar is cited. Either leg can carry a sentence: an English question
shares no words with Arabic news; an Arabic paraphrase may be covered by its context. The
numbers were calibrated on 1,571 answerable and 1,599 unanswerable questions
(``bench/calibrate_abstention.py``, docs/evaluation.md). In lexical mode, with no question
vector, coverage alone decides (``min_coverage``). Only evidence is cited: the answer never
pads itself with the least-bad sentences.

Between answering and abstaining lies a middle ground: when the best evidence falls short of the
bar by less than ``hedge_band`` (``hedge_band_other_scripts`` for a question not in Arabic script),
the closest sentences are shown under a header that says so (:data:`HEDGED`, «أقرب ما وجدته»), and
the answer is marked ``hedged``: a cross-lingual question's answer often stands just under its bar,
and an honest "closest I found" serves the reader better than nothing. The bands were chosen from
the abstention curves of the archive dev sets (docs/evaluation.md).

A speaker question («ماذا قال X؟») cites X's own statements first (see
:mod:`retrieval.speakers`), grouped by article, then the evidence that merely mentions X.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

import numpy as np

from index.parts.store import StoredArticle, StoredSentence
from index.reader import OpenIndex
from index.text.analyze import analyze_normalized
from retrieval.crossscript import arabic_phrase
from retrieval.ranking.question_vectors import QuestionVectors
from retrieval.ranking.search import Hit, SearchOptions, analyze_query, search, within
from retrieval.ranking.copies import group_copies
from retrieval.question.question_text import without_phrase
from retrieval.scope.outlets import find_outlet, outlet_names, topic_after
from retrieval.scope.periods import Period, resolve_period
from retrieval.speakers import (
    TOPIC_COVERAGE,
    group_by_article,
    rank_statements,
    statements_for,
    topic_coverage,
)
from retrieval.question.understand import SpeakerQuestion, Understood, has_answer_cue, hear, understand

__all__ = [
    "Answer", "Citation", "Cited", "CopySource", "AbstainPolicy", "answer_question", "HEDGED", "NOT_FOUND", "NOT_FOUND_IN_PERIOD", "NOT_IN_PREVIOUS",
    "NOT_UNDERSTOOD", "NO_MORE",
]

NOT_FOUND = "لم أجد في الأخبار المفهرسة ما يجيب عن هذا السؤال. جرّب صياغة أخرى، أو اسماً أو مكاناً مذكوراً في الأخبار."
#: The reply when nothing in the period a question names answers it: {start} and {end} are its days.
NOT_FOUND_IN_PERIOD = ("لم أجد في أخبار الفترة من \u2066{start}\u2069 إلى \u2066{end}\u2069 ما يجيب عن هذا السؤال. "
                       "جرّب فترة أوسع، أو اسأل دون تاريخ.")
NO_MORE = "لا مزيد من النتائج لهذا السؤال."
#: The header of a hedged answer: the closest sentences found, not a sure answer.
HEDGED = "أقرب ما وجدته، وقد لا يجيب تماماً عن سؤالك:"
NOT_IN_PREVIOUS = "لم أجد في الجواب السابق ما يجيب عن هذا. جرّب سؤالاً كاملاً."
NOT_UNDERSTOOD = "لم أجد في السؤال كلمات أبحث عنها. اكتب سؤالاً فيه اسم شخص أو مكان أو حدث، مثل: ماذا قال كيري؟"


@dataclass(frozen=True)
class Cited:
    """A citation shown earlier: its rank in the answer, its article and sentence."""

    rank: int
    doc_id: str
    sentence: int


@dataclass(frozen=True)
class CopySource:
    """One article that carries a cited statement: where to read it, and when and by whom it was published."""

    doc_id: str
    sentence: int
    title: str | None
    date: str | None
    source: str | None
    url: str | None


@dataclass(frozen=True)
class Citation:
    """One cited sentence: the JSON contract of ``isnad repl --json``."""

    rank: int
    text: str
    doc_id: str
    title: str | None
    sentence: int
    score: float
    #: When the article was published (``2017-01-20``, ``2017-01``, ``2017``), its outlet and its link, where known.
    date: str | None = None
    source: str | None = None
    url: str | None = None
    #: Every article that says the same (:mod:`retrieval.ranking.copies`), this one first; empty when only this one does.
    sources: tuple[CopySource, ...] = ()


@dataclass(frozen=True)
class Answer:
    """The engine's reply to one question."""

    question: str
    answered: bool
    citations: tuple[Citation, ...]
    message: str | None = None
    has_more: bool = False
    #: The citations are the closest found, under the bar: shown under :data:`HEDGED`.
    hedged: bool = False


@dataclass(frozen=True)
class AbstainPolicy:
    """When a question is answered and which hits are cited (see the module docstring)."""

    margin: float = 0.07
    margin_other_scripts: float = 0.04
    citation_slack: float = 0.04
    coverage_weight: float = 0.05
    min_coverage: float = 0.3
    hedge_band: float = 0.0
    hedge_band_other_scripts: float = 0.02
    #: Below this many sentences an answer also needs a cited hit with ``min_coverage`` (see :meth:`select`).
    lexical_support_below: int = 500

    def evidence(self, hit: Hit) -> float:
        """How strongly both legs vouch for an embedded hit."""
        return hit.dense - hit.background + self.coverage_weight * hit.coverage

    def bar(self, arabic: bool) -> float:
        """The evidence the best hit of a question (in Arabic script or not) needs for it to be answered."""
        return self.margin if arabic else self.margin_other_scripts

    def select(self, hits: list[Hit], arabic: bool = True, sentences: int | None = None) -> tuple[list[Hit], bool]:
        """The hits that may be cited, best first (empty when the question is not answered), and
        whether they are only the closest found (the best is within ``hedge_band`` under the bar).

        In an index of fewer than ``lexical_support_below`` sentences the 50th nearest is the corpus's
        median, not the question's neighbourhood, so a cosine alone cannot tell an on-topic question
        from noise («ok», «&amp;»): some cited hit must also share ``min_coverage`` of its words.
        """
        if not hits or not hits[0].embedded:
            return [h for h in hits if h.coverage >= self.min_coverage], False
        bar = self.bar(arabic)
        strength = [self.evidence(h) for h in hits]
        best = max(strength)
        if best < bar - (self.hedge_band if arabic else self.hedge_band_other_scripts):
            return [], False
        hedged = best < bar
        # The closest found are shown with their near equals only: half the slack from the best.
        floor = best - self.citation_slack / 2 if hedged else bar - self.citation_slack
        cited = [h for h, s in zip(hits, strength) if s >= floor]
        if sentences is not None and sentences < self.lexical_support_below:
            if all(h.coverage < self.min_coverage for h in cited):
                return [], False
        return cited, hedged


def answer_question(
    index: OpenIndex,
    question: Understood,
    k: int = 5,
    options: SearchOptions = SearchOptions(),
    policy: AbstainPolicy = AbstainPolicy(),
    offset: int = 0,
    vectors: QuestionVectors | None = None,
    previous: Sequence[Cited] = (),
) -> Answer:
    """Answer a question with up to ``k`` cited sentences, or abstain.

    Args:
        index: The open index.
        question: The question as understood (:func:`retrieval.question.understand.understand`).
        k: The most citations to return.
        options: Search mode and fusion.
        policy: The abstention thresholds.
        offset: How many citations earlier pages showed («المزيد» asks for the next page).
        vectors: The open index's remembered question vectors (a fresh set when not given).
        previous: The citations the previous answer showed, which a question about that answer
            («ومتى قال ذلك؟», ``question.about_previous``) is answered from.

    Returns:
        The answer; ``answered`` is False and ``message`` says why when nothing answers it.
        Ranks continue from ``offset + 1``; ``has_more`` says whether another page exists.
    """
    if question.about_previous:
        return _answer_from_previous(index, question, previous, k)
    question, outlet = _outlet_asked(index, question)
    text = question.resolved
    # The question's vector is computed beside the word search and the speaker lookup.
    vectors = vectors or QuestionVectors(index)
    vector = vectors.soon(text) if options.mode in ("dense", "hybrid") else None
    query = analyze_query(index, text, question.normalized)
    speaker = question.speaker if question.speaker and question.speaker.subject else None
    if speaker is not None and not question.arabic:
        speaker = _in_arabic(index, speaker)
    period, scope = _scope(index, question, outlet, options.today)
    statements, partial = _speaker_statements(index, speaker, query.tokens, scope) if speaker else ([], [])
    hits = search(index, query, (offset + max(k, 1)) * 4 + 1, options, vector, scope)
    if not query.tokens and options.mode != "dense":
        return Answer(question.text, False, (), NOT_UNDERSTOOD)
    scores = {h.sid: h.score for h in hits}
    lead = [s.sid for s in statements]
    if not question.arabic:
        # An English or French topic has no Arabic words to rank by: the search's own ranking does.
        lead = sorted(lead, key=lambda sid: -scores.get(sid, float("-inf")))
    evidence, hedged = policy.select(hits, question.arabic, index.manifest.sentences if scope is None else len(scope))
    ordered, lead, hedged = _order(lead, [h.sid for h in evidence], [s.sid for s in partial], hedged)
    if question.latest:
        ordered = _newest_first(index, ordered, set(lead))
    ordered, members = _grouped(index, ordered, offset + k)
    page = ordered[offset : offset + k]
    if not page:
        return Answer(question.text, False, (), NO_MORE if offset else _not_found(period))
    if not question.latest:  # «آخر»: the dates give the order, not the articles
        page = _group_statements(page, set(lead), index, by_position=not (speaker and speaker.topic))
    citations = _cite(index, page, scores, offset, members)
    return Answer(question.text, True, citations, HEDGED if hedged else None, len(ordered) > offset + k, hedged)


def question_scope(index: OpenIndex, question: Understood,
                   today: date | None = None) -> tuple[Period | None, np.ndarray | None]:
    """The period a question names and the sentences it allows (ascending sids); ``(None, None)`` for none.

    A relative period («الشهر الماضي») or a month without a year counts back from ``today``, else from the
    newest article; an article without a date is never in a period.
    """
    if not question.when:
        return None, None
    first, last = index.sentence_periods()
    dated = last >= 0
    if not dated.any():
        return None, None  # an index without dates: the period cannot be applied, so it is not
    period = resolve_period(question.when, today or date.fromordinal(int(last[dated].max())))
    if period is None:
        return None, None
    start, end = period.ordinals()
    return period, np.flatnonzero(dated & (first <= end) & (last >= start)).astype(np.int64)


def _scope(index: OpenIndex, question: Understood, outlet: np.ndarray | None,
           today: date | None) -> tuple[Period | None, np.ndarray | None]:
    """The question's period, and the sentences both it and the outlet asked allow (None: no limit)."""
    period, scope = question_scope(index, question, today)
    if outlet is None or scope is None:
        return period, outlet if scope is None else scope
    return period, np.intersect1d(scope, outlet, assume_unique=True)


def _outlet_asked(index: OpenIndex, question: Understood) -> tuple[Understood, np.ndarray | None]:
    """The question without the outlet it names («ماذا نشرت عكاظ عن الحج»: «الحج»), and that outlet's
    sentences; the question as it is and None when it names none of the index's outlets."""
    codes, sources = index.sentence_sources()
    outlet, rest = find_outlet(question.normalized, outlet_names(sources))
    if outlet is None or not rest:
        return question, None
    own_words = topic_after(outlet, without_phrase(question.resolved, outlet.text))  # its own spelling, for the vector
    asked = replace(understand(hear(own_words), None), text=question.text, when=question.when, latest=question.latest)
    return asked, np.flatnonzero(codes == sources.index(outlet.source)).astype(np.int64)


def _not_found(period: Period | None) -> str:
    if period is None:
        return NOT_FOUND
    return NOT_FOUND_IN_PERIOD.format(start=period.start.strftime("%Y/%m/%d"), end=period.end.strftime("%Y/%m/%d"))


def _newest_first(index: OpenIndex, sids: list[int], spoken: set[int]) -> list[int]:
    """``sids`` by their article's publication, the newest first (undated last; one day's in sentence order),
    the speaker's own statements (``spoken``) still before the rest."""
    first, _ = index.sentence_periods()
    return sorted(sids, key=lambda sid: (sid not in spoken, -int(first[sid]), sid))


def _within(sentences: list[StoredSentence], scope: np.ndarray) -> list[StoredSentence]:
    inside = within(np.asarray([s.sid for s in sentences], dtype=np.int64), scope)
    return [s for s, keep in zip(sentences, inside.tolist()) if keep]


def _answer_from_previous(index: OpenIndex, question: Understood, previous: Sequence[Cited], k: int) -> Answer:
    """Answer «ومتى قال ذلك؟» from the previous answer's citations and their neighbours."""
    candidates: list[StoredSentence] = []
    for cited in previous[:k]:
        around = index.store.neighbours(cited.doc_id, cited.sentence, 1)
        candidates.extend(s for s in around if s.position == cited.sentence)
        candidates.extend(s for s in around if s.position != cited.sentence)
    fitting = list({s.sid: s for s in candidates if has_answer_cue(question.kind, s.text)}.values())
    if not fitting:
        return Answer(question.text, False, (), NOT_IN_PREVIOUS)
    articles = index.store.articles(list({s.article_id for s in fitting}))
    citations = tuple(
        Citation(rank, s.text, s.article_id, getattr(articles.get(s.article_id), "title", None), s.position, 1.0)
        for rank, s in enumerate(fitting[:k], start=1)
    )
    return Answer(question.text, True, citations)


def _order(lead: list[int], evidence: list[int], partial: list[int], hedged: bool) -> tuple[list[int], list[int], bool]:
    """The citations in order, the statements that lead them, and whether the answer is only the closest found.

    The speaker's statements come first, then the evidence, then statements on part of the topic;
    when nothing answers surely (no statement on the topic, evidence absent or hedged), the
    statements near the topic lead, and the answer is hedged.
    """
    if partial and not lead and (hedged or not evidence):
        return list(dict.fromkeys([*partial, *evidence])), partial, True
    return list(dict.fromkeys([*lead, *evidence, *partial])), lead, hedged and not lead


def _in_arabic(index: OpenIndex, speaker: SpeakerQuestion) -> SpeakerQuestion | None:
    """An English or French speaker question's subject and topic in the archive's words (None: no subject)."""
    subject = arabic_phrase(index.lexical, speaker.subject)
    return replace(speaker, subject=subject, topic=arabic_phrase(index.lexical, speaker.topic)) if subject else None


def _speaker_statements(
    index: OpenIndex, speaker: SpeakerQuestion, tokens: tuple[str, ...], scope: np.ndarray | None = None
) -> tuple[list[StoredSentence], list[StoredSentence]]:
    """The subject's statements (within ``scope`` when given) that answer; or, when none of them holds
    ``TOPIC_COVERAGE`` of the topic asked, none, and those that hold part of it (to show only as the closest found)."""
    statements = statements_for(index, speaker)
    if scope is not None:
        statements = _within(statements, scope)
    topic = analyze_normalized(speaker.topic) if speaker.topic else []
    ranked = rank_statements(index, statements, topic or tokens, interleave=not topic)
    if not topic or not ranked:
        return ranked, []
    if max(topic_coverage(index, [s.sid for s in ranked], topic)) >= TOPIC_COVERAGE:
        return ranked, []
    return [], ranked


def _group_statements(page: list[int], lead: set[int], index: OpenIndex, by_position: bool) -> list[int]:
    """A page's statements grouped by article, other citations after them.

    Within an article, statements go in sentence order, or best match first when the
    question names a topic («ماذا قال لافروف عن الاتفاق؟»: the topic ranks).
    """
    spoken = [s for s in page if s in lead]
    if len(spoken) < 2:
        return page
    found = index.store.sentences(spoken)
    grouped = [s.sid for s in group_by_article([found[sid] for sid in spoken], by_position)]
    return grouped + [s for s in page if s not in lead]


def _grouped(index: OpenIndex, ordered: list[int], wanted: int) -> tuple[list[int], dict[int, tuple[int, ...]]]:
    """``ordered`` with copies of one statement cited once (:mod:`retrieval.ranking.copies`), and each shown
    sentence's members; only the first pages' worth is grouped (four times ``wanted``), the rest kept."""
    head, tail = ordered[: wanted * 4], ordered[wanted * 4 :]
    texts = {sid: s.text for sid, s in index.store.sentences(head).items()}
    groups = group_copies(head, texts)
    return [shown for shown, _ in groups] + tail, dict(groups)


def _cite(index: OpenIndex, sids: list[int], scores: dict[int, float], offset: int,
          members: dict[int, tuple[int, ...]]) -> tuple[Citation, ...]:
    every = list(dict.fromkeys(m for sid in sids for m in members.get(sid, (sid,))))
    sentences = index.store.sentences(every)
    articles = index.store.articles([s.article_id for s in sentences.values()])
    citations = []
    for rank, sid in enumerate(sids, start=offset + 1):
        s = sentences[sid]
        article = articles.get(s.article_id)
        title = article.title if article else None
        found = [sentences[m] for m in members.get(sid, (sid,)) if m in sentences]
        copies = tuple(_copy_source(c, articles.get(c.article_id)) for c in found) if len(found) > 1 else ()
        citations.append(Citation(rank, s.text, s.article_id, title, s.position, round(scores.get(sid, 0.0), 6),
                                  article.published if article else None, article.source if article else None,
                                  article.url if article else None, copies))
    return tuple(citations)


def _copy_source(sentence: StoredSentence, article: StoredArticle | None) -> CopySource:
    return CopySource(sentence.article_id, sentence.position, article.title if article else None,
                      article.published if article else None, article.source if article else None,
                      article.url if article else None)
