"""The evaluation suites of ``isnad eval``: a corpus, a question set, and how they are scored.

- ``seeds``: the seed articles alone, with ``eval/seeds-dev.jsonl`` (and the multi-turn
  ``eval/seeds-dev-conversations.jsonl``, asked through :class:`retrieval.conversation.Conversation`);
- ``archive``: the same questions with the seeds hidden among the ANT archive (10,138 articles);
- ``ant-dev`` / ``ant-heldout``: our own questions over ANT articles (``bench/ant-dev.jsonl``, and the
  third held out for reporting only, ``bench/ant-heldout.jsonl``), against the archive;
- ``snn-dev`` / ``snn-heldout``: our own questions over a 3,000-article SaudiNewsNet slice
  (:mod:`retrieval.evaluation.saudinewsnet`; benchmark use only), the same way;
- ``xquad``, ``xquad-en-ar`` (English questions), ``arcd``, ``arcd-test``, ``mlqa``, ``tydi``: SQuAD-format benchmarks scored by
  :mod:`retrieval.evaluation.squad`, each over a throw-away index of its unique contexts.

Paths are relative to a ``shared`` folder (``../shared`` by default); a suite whose files are
absent is reported by :meth:`Suite.missing` and skipped by the caller.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from index.build.run import BuildOptions, build_index
from index.encoder.embed import Encoder
from index.parts.layout import CACHE_NAME
from retrieval.answer import Answer
from retrieval.conversation import Answered, Conversation
from retrieval.engine import Engine
from retrieval.evaluation.catalog import GROUPS, SUITES
from retrieval.evaluation.curve import CurvePoint, abstention_curve
from retrieval.evaluation.devset import (
    DevQuestion,
    KindSummary,
    evaluate,
    load_questions,
    summarize,
)
from retrieval.evaluation.saudinewsnet import DAYS, write_slice
from retrieval.evaluation.squad import (
    load_squad,
    score_benchmark_question,
    summarize_benchmark,
    write_articles,
)

__all__ = ["GROUPS", "SUITES", "Suite", "SuiteResult", "build_suite_index", "define_suites", "run_suite"]

#: Every suite, in the order ``all`` runs them.
#: Our own questions over ANT articles (paraphrases, officials and institutions as speakers,
#: English and French, unanswerable), asked against the archive: see bench/ant-dev.md.
_BENCH = Path(__file__).resolve().parents[2] / "bench"
ANT_DEV = _BENCH / "ant-dev.jsonl"
#: A third of each archive question set, never tuned on: reported apart.
ANT_HELDOUT = _BENCH / "ant-heldout.jsonl"
SNN_DEV = _BENCH / "snn-dev.jsonl"
SNN_HELDOUT = _BENCH / "snn-heldout.jsonl"

_SEEDS = "seeds"
_ANT = "corpora/ant/ant.jsonl"
_SNN = "corpora/saudinewsnet"
_DEV = "eval/seeds-dev.jsonl"
_CONVERSATIONS = "eval/seeds-dev-conversations.jsonl"
_BENCHMARKS = {
    "xquad": "benchmarks/xquad-ar/xquad.ar.json",
    # English questions over the same Arabic contexts: only the multilingual dense leg can answer.
    "xquad-en-ar": "benchmarks/xquad-en-ar/xquad.en-ar.json",
    "arcd": "benchmarks/arcd/arcd.json",
    "arcd-test": "benchmarks/arcd/arcd-test.json",
    "mlqa": "benchmarks/mlqa-ar-dev/mlqa-dev-ar-ar.json",
    "tydi": "benchmarks/tydiqa-ar-dev/tydiqa-goldp-dev-ar.json",
}


@dataclass(frozen=True)
class Suite:
    """One evaluation: the corpus to index, the questions to ask, and whether they are SQuAD."""

    name: str
    corpus: tuple[Path, ...]
    questions: Path
    conversations: Path | None = None
    squad: bool = False
    index_name: str | None = None
    #: The corpus is the SaudiNewsNet folder, indexed as its slice (:mod:`retrieval.evaluation.saudinewsnet`).
    saudinewsnet: bool = False

    @property
    def index_key(self) -> str:
        """The index this suite is asked against: suites with the same key share one build."""
        return self.index_name or self.name

    def missing(self) -> list[Path]:
        """The files this suite needs that do not exist (the conversation set is optional)."""
        needed = [*self.corpus, self.questions]
        if self.saudinewsnet:
            needed += [folder / f"{day}.zip" for folder in self.corpus for day in DAYS]
        return [p for p in needed if not p.exists()]


def define_suites(shared: Path, questions: Path | None = None) -> dict[str, Suite]:
    """Every suite, with its paths under ``shared``.

    Args:
        shared: The shared data folder (``../shared``).
        questions: A question set replacing ``eval/seeds-dev.jsonl`` in the seed suites.
    """
    dev = questions or shared / _DEV
    conversations = shared / _CONVERSATIONS
    suites = {
        "seeds": Suite("seeds", (shared / _SEEDS,), dev, conversations),
        "archive": Suite("archive", (shared / _SEEDS, shared / _ANT), dev, conversations),
        "ant-dev": Suite("ant-dev", (shared / _SEEDS, shared / _ANT), ANT_DEV, index_name="archive"),
        "ant-heldout": Suite("ant-heldout", (shared / _SEEDS, shared / _ANT), ANT_HELDOUT, index_name="archive"),
        "snn-dev": Suite("snn-dev", (shared / _SNN,), SNN_DEV, index_name="saudinewsnet", saudinewsnet=True),
        "snn-heldout": Suite("snn-heldout", (shared / _SNN,), SNN_HELDOUT, index_name="saudinewsnet",
                             saudinewsnet=True),
    }
    for name, rel in _BENCHMARKS.items():
        suites[name] = Suite(name, (), shared / rel, squad=True)
    # The same contexts as XQuAD-ar: one index for both.
    suites["xquad-en-ar"] = replace(suites["xquad-en-ar"], index_name="xquad")
    return suites


@dataclass(frozen=True)
class SuiteResult:
    """One suite scored in one search mode; metrics a suite does not measure are None.

    Paragraph metrics (``ndcg10``, ``recall10``, ``mrr10``) come from SQuAD benchmarks;
    ``hit1``/``hit5`` are answer-sentence hits in the citations; ``recall5`` and ``mrr``
    score seed questions; ``abstained_answerable`` is the share of answerable questions
    left without a citation, ``abstained_unanswerable`` the share of unanswerable ones.
    ``shown_ndcg10`` is the benchmarks' nDCG@10 over the citations shown (after abstention), and
    ``curve`` the abstention curve of a hybrid run over a set with unanswerable questions.
    """

    suite: str
    mode: str
    questions: int
    seconds: float
    ndcg10: float | None = None
    recall10: float | None = None
    mrr10: float | None = None
    hit1: float | None = None
    hit5: float | None = None
    recall5: float | None = None
    mrr: float | None = None
    abstained_answerable: float | None = None
    abstained_unanswerable: float | None = None
    shown_ndcg10: float | None = None
    kinds: tuple[KindSummary, ...] = ()
    curve: tuple[CurvePoint, ...] = ()


def build_suite_index(suite: Suite, work_dir: Path, encoder: Encoder, passage: str = "sentence") -> Path:
    """Index a suite's corpus under ``work_dir``; returns the index directory.

    The embedding cache is shared by every suite in ``work_dir``, so a second run with the
    same work directory embeds nothing again. ``passage`` is how sentences are composed for the
    encoder (:data:`index.build.prepared.PASSAGE_COMPOSITIONS`).
    """
    sources = list(suite.corpus)
    if suite.squad:
        sources = [write_articles(load_squad(suite.questions, suite.name), work_dir / f"{suite.index_key}.jsonl")]
    elif suite.saudinewsnet:
        sources = [write_slice(suite.corpus[0], work_dir / f"{suite.index_key}.jsonl")]
    index_dir = work_dir / suite.index_key / "index"
    options = BuildOptions(progress=False, cache_path=work_dir / CACHE_NAME, passage=passage)
    build_index(sources, index_dir, encoder, options)
    return index_dir


def _seed_result(suite: str, mode: str, rows: list[KindSummary], seconds: float,
                 curve: tuple[CurvePoint, ...] = ()) -> SuiteResult:
    overall = rows[-1]
    unanswerable = next((r for r in rows if r.kind == "unanswerable"), None)
    return SuiteResult(
        suite, mode, sum(r.count for r in rows[:-1] if r.kind != "answerable"), round(seconds, 2),
        hit1=overall.hit1, hit5=overall.hit5, recall5=overall.recall5, mrr=overall.mrr,
        abstained_answerable=overall.abstained,
        abstained_unanswerable=unanswerable.abstained if unanswerable else None,
        kinds=tuple(rows), curve=curve,
    )


def _ask_conversation(engine: Engine, question: DevQuestion, k: int, mode: str) -> Answer:
    conversation = Conversation(engine, k=k, mode=mode)
    for turn in question.turns:
        conversation.handle(turn)
    reply = conversation.handle(question.question)
    return reply.answer if isinstance(reply, Answered) else Answer(question.question, False, ())


def _run_questions(suite: Suite, engine: Engine, mode: str, k: int) -> list[SuiteResult]:
    started = time.perf_counter()
    questions = load_questions(suite.questions)
    scores = evaluate(questions, lambda q: engine.answer(q.question, k, mode))
    seconds = time.perf_counter() - started
    curve = abstention_curve(engine, questions, k) if mode == "hybrid" else ()
    results = [_seed_result(suite.name, mode, summarize(scores), seconds, curve)]
    if suite.conversations is not None and suite.conversations.is_file():
        started = time.perf_counter()
        scores = evaluate(load_questions(suite.conversations), lambda q: _ask_conversation(engine, q, k, mode))
        results.append(_seed_result(f"{suite.name}/conversations", mode, summarize(scores), time.perf_counter() - started))
    return results


def _run_squad(suite: Suite, engine: Engine, mode: str) -> SuiteResult:
    started = time.perf_counter()
    squad = load_squad(suite.questions, suite.name)
    options = replace(engine.options, mode=mode)
    scores = [score_benchmark_question(engine.index, q, options, engine.policy, vectors=engine.question_vectors)
              for q in squad.questions]
    s = summarize_benchmark(scores)
    return SuiteResult(
        suite.name, mode, s.questions, round(time.perf_counter() - started, 2),
        ndcg10=s.ndcg10, recall10=s.recall10, mrr10=s.mrr10, hit1=s.hit1, hit5=s.hit5,
        abstained_answerable=s.abstained, shown_ndcg10=s.shown_ndcg10,
    )


def run_suite(suite: Suite, engine: Engine, modes: Sequence[str], k: int = 5) -> list[SuiteResult]:
    """Score a suite against an engine's index in each search mode.

    Args:
        suite: The suite.
        engine: An engine over the suite's index; its options and policy apply, but for the mode.
        modes: Search modes to compare.
        k: Citations per answer for the seed questions (hit@5 needs at least 5).

    Returns:
        One result per mode (seed suites add one per mode for the conversations).
    """
    results: list[SuiteResult] = []
    for mode in modes:
        if suite.squad:
            results.append(_run_squad(suite, engine, mode))
        else:
            results.extend(_run_questions(suite, engine, mode, k))
    return results
