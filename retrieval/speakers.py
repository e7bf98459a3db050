"""Speaker questions: «ماذا قال X؟», «ما موقف X من Y؟», «بماذا صرح X؟» answered with X's statements.

The subject X is looked up in the index's people registry (names, surnames and titles
learnt at index time), and every sentence whose speaker is X comes first: ranked by how well
it matches the question (the topic Y, when there is one), one article at a time so that the
first page spans as many articles as it can, then shown grouped by article in sentence order.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from index.parts.store import StoredSentence
from index.reader import OpenIndex
from index.text.analyze import analyze_words
from retrieval.question.understand import SpeakerQuestion

__all__ = ["TOPIC_COVERAGE", "group_by_article", "rank_statements", "statements_for", "topic_coverage"]

MAX_STATEMENTS = 500
#: The IDF-weighted share of a topic's words a statement must hold to answer a question on that
#: topic: «ما موقف الطبوبي من خوصصة الخطوط التونسية؟» is not surely answered by whatever he said
#: that holds «التونسية» (such statements are only the closest found, see retrieval.answer).
TOPIC_COVERAGE = 0.4


def topic_coverage(index: OpenIndex, sids: Sequence[int], tokens: Sequence[str]) -> list[float]:
    """The IDF-weighted share of ``tokens`` each sentence's BM25 document holds."""
    # Words no sentence holds would weigh the most and be held by none: they are not the topic here.
    weights = {t: index.lexical.idf(t) for t in dict.fromkeys(index.lexical.known(list(tokens)))}
    total = sum(weights.values())
    if not sids or total <= 0:
        return [0.0] * len(sids)
    ids = np.asarray(sids, dtype=np.int64)
    held = sum((w * index.lexical.holding(t, ids) for t, w in weights.items()), np.zeros(len(ids)))
    return (held / total).tolist()


def rank_statements(
    index: OpenIndex, statements: Sequence[StoredSentence], tokens: Sequence[str], interleave: bool = True
) -> list[StoredSentence]:
    """Order statements by how well they match ``tokens``.

    With ``interleave`` (no topic asked), a round-robin over articles (best article first)
    puts one statement of every article on the first page before a second of any; with a
    topic, relevance alone decides, and a statement that matches nothing of the topic is
    dropped (the subject said nothing on it: relevance ranks the rest of the answer).
    """
    if not statements:
        return []
    scores = index.lexical.scores_of(list(tokens), np.array([s.sid for s in statements], dtype=np.int64))
    relevance = {s.sid: float(score) for s, score in zip(statements, scores.tolist())}
    ranked = sorted(statements, key=lambda s: (-relevance[s.sid], s.sid))
    if not interleave:
        return [s for s in ranked if relevance[s.sid] > 0]
    by_article: dict[str, list[StoredSentence]] = {}
    for s in ranked:
        by_article.setdefault(s.article_id, []).append(s)
    queues = sorted(by_article.values(), key=lambda q: (-relevance[q[0].sid], q[0].sid))
    ordered: list[StoredSentence] = []
    depth = 0
    while len(ordered) < len(statements):
        ordered.extend(q[depth] for q in queues if depth < len(q))
        depth += 1
    return ordered


def group_by_article(page: Sequence[StoredSentence], by_position: bool = True) -> list[StoredSentence]:
    """A page of statements grouped by article (articles in order of first appearance).

    Within an article: sentence order, or the page's own (relevance) order when not ``by_position``.
    """
    first_seen = {s.article_id: i for i, s in reversed(list(enumerate(page)))}
    rank = {s.sid: i for i, s in enumerate(page)}
    return sorted(page, key=lambda s: (first_seen[s.article_id], s.position if by_position else rank[s.sid]))


def statements_for(index: OpenIndex, speaker: SpeakerQuestion) -> list[StoredSentence]:
    """Every sentence the subject speaks, unordered (capped at ``MAX_STATEMENTS``).

    The registry says which speaker keys name the subject (:meth:`PeopleRegistry.match`). One
    key that surely is the subject (a person known by surname, titles resolved to them, an
    institution word for word) is trusted as it is. Otherwise a statement counts only where its
    BM25 document (the sentence with its paragraph), or an earlier statement of its article, names
    the subject (all but one word of three or more: «مدير المرصد»): keys learnt from garbled
    phrases («اسفرت وزارة الداخلية فقد» keyed «اسفر») must not lend «وزارة الداخلية» the
    statements of someone else. When the keys' aliases miss a word of the subject, its article
    must hold that word too («مدير المرصد السوري» is «مدير المرصد» where the article names
    «المرصد السوري»; «وزارة الداخلية اليابانية» is not «وزارة الداخلية»). A subject that names
    no key has no statements: the question is answered by relevance.
    """
    match = index.people.match(speaker.subject)
    if not match.keys:
        return []
    statements = index.store.statements(sorted(match.keys), limit=MAX_STATEMENTS)
    if match.trusted:
        return statements
    kept = _naming(index, statements, speaker.subject)
    if match.complete:
        return kept
    articles = _articles_naming(index, {s.article_id for s in kept}, speaker.subject)
    return [s for s in kept if s.article_id in articles]


#: More sentences than any article has: «every sentence of the article» for ``store.neighbours``.
ARTICLE_REACH = 100_000


def _words_held(index: OpenIndex, sids: np.ndarray, words: Sequence[Sequence[str]]) -> np.ndarray:
    """How many of ``words`` (each a tuple of stem variants) each sid's BM25 document holds."""
    found = np.zeros(len(sids), dtype=int)
    for variants in words:
        held = np.zeros(len(sids), dtype=bool)
        for token in variants:
            held |= index.lexical.holding(token, sids)
        found += held
    return found


def _articles_naming(index: OpenIndex, article_ids: set[str], subject: str) -> set[str]:
    """The articles among ``article_ids`` that hold every word of ``subject`` somewhere."""
    words = analyze_words(subject)
    out = set()
    for article_id in sorted(article_ids):
        sids = np.asarray([s.sid for s in index.store.neighbours(article_id, 0, ARTICLE_REACH)], dtype=np.int64)
        if all(_words_held(index, sids, [variants]).any() for variants in words):
            out.add(article_id)
    return out


def _naming(index: OpenIndex, statements: list[StoredSentence], subject: str) -> list[StoredSentence]:
    words = analyze_words(subject)
    if not statements or not words:
        return statements
    found = _words_held(index, np.asarray([s.sid for s in statements], dtype=np.int64), words)
    # As in alias matching, a subject of three words or more may miss one («مدير المرصد»).
    needed = len(words) - (1 if len(words) >= 3 else 0)
    # Once an article has named the subject, its later statements («وقال ادريس», «وأضاف أن»)
    # are the subject's too: statements come in sentence order.
    named: set[str] = set()
    kept = []
    for s, count in zip(statements, found.tolist()):
        if count >= needed:
            named.add(s.article_id)
        if s.article_id in named:
            kept.append(s)
    return kept
