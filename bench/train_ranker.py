"""A second stage measured and not shipped: a logistic model over the evidence search computes,
re-ranking the fused candidates and saying how likely the best answers (docs/evaluation.md).

    python -m bench.train_ranker --index-dir data/eval-work/archive/index --questions bench/ant-dev.jsonl

Each candidate (a :class:`retrieval.ranking.search.Hit` among the first ``CANDIDATES`` fused hybrid hits)
is described by :data:`FEATURES`: its cosine above the question's background, its coverage of the
question's words, each leg's score relative to the best of the list, its fused rank, whether BM25
found it, the question's script, its place in the article, its length, and how much of the
question its article's title holds. Training data is licence-clean and never a set we report as
held out: our ANT dev split (ANT is Apache-2.0). Candidates are labelled by whether they hold a
gold snippet; unanswerable questions give negatives only. Folds split by question. The report
compares, per held-out-fold question, the user's view under the model (abstain when the best
probability is under the bar; cite the first five by probability) with today's evidence rule.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from index.reader import OpenIndex
from index.text.analyze import analyze
from retrieval.answer import AbstainPolicy
from retrieval.engine import Engine
from retrieval.evaluation.devset import DevQuestion, load_questions
from retrieval.evaluation.gold import contains_gold
from retrieval.ranking.search import Hit, Query, SearchOptions, analyze_query, search
from retrieval.question.understand import understand_text

#: Fused candidates the second stage reads.
CANDIDATES = 50
FEATURES = (
    "evidence", "coverage", "lexical_share", "dense_share", "fused_share", "log_rank", "lexical_found",
    "arabic", "log_position", "log_length", "title_coverage",
)


@lru_cache(maxsize=4096)
def _title_tokens(title: str) -> frozenset[str]:
    return frozenset(analyze(title))


def _share(value: float, low: float, high: float) -> float:
    return (value - low) / (high - low) if high > low else 1.0


def candidate_features(index: OpenIndex, query: Query, hits: Sequence[Hit], arabic: bool) -> np.ndarray:
    """One row of :data:`FEATURES` per hit, in the hits' order."""
    if not hits:
        return np.zeros((0, len(FEATURES)), dtype=np.float32)
    sentences = index.store.sentences([h.sid for h in hits])
    articles = index.store.articles(list({s.article_id for s in sentences.values()}))
    lexical = [h.lexical for h in hits]
    dense = [h.dense for h in hits]
    fused = [h.score for h in hits]
    words = list(dict.fromkeys(query.words))
    total = sum(query.word_weight(w) for w in words) or 1.0
    rows = []
    for rank, hit in enumerate(hits, start=1):
        sentence = sentences.get(hit.sid)
        article = articles.get(sentence.article_id) if sentence else None
        title = _title_tokens(article.title) if article and article.title else frozenset()
        title_cover = sum(query.word_weight(w) for w in words if title & set(w)) / total
        rows.append((
            hit.dense - hit.background if hit.embedded else 0.0,
            hit.coverage,
            hit.lexical / max(lexical) if max(lexical) > 0 else 0.0,
            _share(hit.dense, min(dense), max(dense)) if hit.embedded else 0.0,
            _share(hit.score, min(fused), max(fused)),
            math.log1p(rank),
            1.0 if hit.lexical > 0 else 0.0,
            1.0 if arabic else 0.0,
            math.log1p(sentence.position if sentence else 0),
            math.log1p(len(sentence.text) if sentence else 0),
            title_cover,
        ))
    return np.asarray(rows, dtype=np.float32)


@dataclass(frozen=True)
class Ranker:
    """A fitted logistic model: standardisation and weights."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """How likely each candidate answers the question."""
        if len(features) == 0:
            return np.zeros(0)
        z = ((features - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-z))


BARS = (0.3, 0.4, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97)


@dataclass
class Sample:
    question: DevQuestion
    features: np.ndarray
    labels: np.ndarray
    evidence: np.ndarray
    bar: float


def collect(engine: Engine, questions: list[DevQuestion]) -> list[Sample]:
    index, policy = engine.index, engine.policy
    samples = []
    for q in questions:
        understood = understand_text(q.question)
        query = analyze_query(index, understood.resolved, understood.normalized)
        hits = search(index, query, CANDIDATES, SearchOptions())
        texts = index.store.sentences([h.sid for h in hits])
        match = contains_gold(q.gold) if q.gold else (lambda _: False)
        labels = np.array([bool(h.sid in texts and match(texts[h.sid].text)) for h in hits], dtype=bool)
        samples.append(Sample(q, candidate_features(index, query, hits, understood.arabic), labels,
                              np.array([policy.evidence(h) for h in hits]), policy.bar(understood.arabic)))
    return samples


def fit(samples: list[Sample], c: float = 1.0) -> Ranker:
    from sklearn.linear_model import LogisticRegression

    x = np.concatenate([s.features for s in samples if len(s.features)])
    y = np.concatenate([s.labels for s in samples if len(s.features)])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000).fit((x - mean) / scale, y)
    return Ranker(mean, scale, model.coef_[0], float(model.intercept_[0]))


def _shown_hit(order: np.ndarray, labels: np.ndarray, cited: np.ndarray) -> bool:
    shown = [i for i in order if cited[i]][:5]
    return any(labels[i] for i in shown)


def score(samples: list[Sample], probabilities: list[np.ndarray], bar: float, slack: float) -> tuple[float, float, float]:
    """(answered answerable, abstained unanswerable, hit@5 shown) under the model at ``bar``."""
    answered = abstained = hits = 0
    answerable = [s for s in samples if s.question.gold]
    for s, p in zip(samples, probabilities):
        ok = len(p) and p.max() >= bar
        if s.question.gold:
            answered += bool(ok)
            hits += bool(ok) and _shown_hit(np.argsort(-p, kind="stable"), s.labels, p >= max(bar - slack, 0))
        else:
            abstained += not ok
    unanswerable = len(samples) - len(answerable)
    return answered / len(answerable), abstained / max(unanswerable, 1), hits / len(answerable)


def evidence_rule(samples: list[Sample], policy: AbstainPolicy) -> tuple[float, float, float]:
    answered = abstained = hits = 0
    answerable = [s for s in samples if s.question.gold]
    for s in samples:
        ok = len(s.evidence) and s.evidence.max() >= s.bar
        if s.question.gold:
            answered += bool(ok)
            cited = s.evidence >= s.bar - policy.citation_slack
            hits += bool(ok) and _shown_hit(np.arange(len(s.labels)), s.labels, cited)
        else:
            abstained += not ok
    return answered / len(answerable), abstained / max(len(samples) - len(answerable), 1), hits / len(answerable)


def cross_validate(samples: list[Sample], folds: int, c: float) -> list[np.ndarray]:
    order = np.arange(len(samples))
    probabilities: list[np.ndarray] = [np.zeros(0)] * len(samples)
    for f in range(folds):
        test = order[f::folds]
        ranker = fit([samples[i] for i in order if i % folds != f], c)
        for i in test:
            probabilities[i] = ranker.probabilities(samples[i].features)
    return probabilities


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--questions", type=Path, action="append", required=True)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("-C", type=float, default=1.0)
    parser.add_argument("--slack", type=float, default=0.15)
    args = parser.parse_args()
    engine = Engine(args.index_dir)
    questions = [q for path in args.questions for q in load_questions(path)]
    samples = collect(engine, questions)
    print("evidence rule (today): answered %.3f, abstained %.3f, hit@5 shown %.3f" % evidence_rule(samples, engine.policy))
    probabilities = cross_validate(samples, args.folds, args.C)
    print(f"model, {args.folds}-fold by question:")
    for bar in BARS:
        print("  bar %.2f: answered %.3f, abstained %.3f, hit@5 shown %.3f" % (bar, *score(samples, probabilities, bar, args.slack)))


if __name__ == "__main__":
    main()
