"""The answering engine the front ends share: one open index, swapped atomically on reload."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from index.errors import IndexDamaged, IndexError_
from index.parts.manifest import rebuild_advice
from index.parts.store import StoredArticle, StoredSentence
from index.reader import OpenIndex, load_index_encoder, open_index
from retrieval.answer import AbstainPolicy, Answer, Cited, answer_question
from retrieval.ranking.question_vectors import QuestionVectors
from retrieval.ranking.search import SearchOptions
from retrieval.question.understand import Understood, understand_text

logger = logging.getLogger(__name__)

__all__ = ["OutletCount", "CorpusStats", "Engine"]


@dataclass(frozen=True)
class OutletCount:
    """One outlet of the index («عكاظ», «JawharaFM»): how many articles, and from when to when."""

    source: str
    articles: int
    first_date: str | None
    last_date: str | None


@dataclass(frozen=True)
class CorpusStats:
    """The numbers a front end shows about the corpus and the index."""

    articles: int
    sentences: int
    built_at: str
    build_seconds: float
    model: str
    model_is_fallback: bool
    model_requested: str
    first_date: str | None
    last_date: str | None


@dataclass
class Engine:
    """Answers questions from the index in ``index_dir``; safe to call from many threads."""

    index_dir: Path
    options: SearchOptions = field(default_factory=SearchOptions)
    policy: AbstainPolicy = field(default_factory=AbstainPolicy)
    hub_endpoint: str | None = None
    model_cache_dir: str | None = None
    models_dir: Path | None = None
    _index: OpenIndex | None = None
    _vectors: QuestionVectors | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def index(self) -> OpenIndex:
        """The open index, opened on first use, and opened again when a newer build was swapped in.

        Another process (``isnad index``, a cron job) may rebuild the index while a REPL or the
        bot serves it: the index directory's symlink then points at another build, which the
        next question notices (one ``resolve`` per question) and serves, with no restart.
        """
        with self._lock:
            if self._index is None:
                self._index = self._open()
            current = self._index
        if self._swapped(current):
            try:
                return self.reload()
            except IndexError_ as exc:  # a build half-written by hand: keep serving what works
                logger.warning("A newer build of %s cannot be opened (%s); still serving %s", self.index_dir, exc,
                               current.path)
        return current

    def _swapped(self, current: OpenIndex) -> bool:
        try:
            return Path(self.index_dir).resolve() != current.path
        except OSError:
            return False

    def _open(self, load_encoder: bool = True) -> OpenIndex:
        factory = partial(load_index_encoder, hub_endpoint=self.hub_endpoint, cache_folder=self.model_cache_dir,
                          models_dir=self.models_dir, index_dir=self.index_dir)
        load_encoder = load_encoder and self.options.mode != "lexical"
        return open_index(self.index_dir, encoder_factory=factory, load_encoder=load_encoder)

    def reload(self) -> OpenIndex:
        """Open the index directory's current build and serve from it from now on.

        Queries already running finish on the old build, which stays readable on disk.
        The new build's encoder is loaded before the swap, so no question waits on it.
        """
        fresh = self._open(load_encoder=False)  # the current encoder may serve it
        current = self._index
        if current is not None and fresh.manifest.model.same_model(current.manifest.model):
            fresh._encoder = current._encoder
        if self.options.mode != "lexical":
            _ = fresh.encoder
        with self._lock:
            self._index = fresh
        return fresh

    def answer(self, question: Understood | str, k: int = 5, mode: str | None = None, offset: int = 0,
               previous: Sequence[Cited] = ()) -> Answer:
        """Answer one question with up to ``k`` citations, after the first ``offset``.

        A conversation passes the question as it understood it, and the citations it showed last
        (a question about the previous answer is answered from them); plain text is understood on
        its own (``isnad ask``, benchmarks).
        """
        options = self.options if mode is None else replace(self.options, mode=mode)
        understood = understand_text(question) if isinstance(question, str) else question
        vectors = self.question_vectors
        try:
            return answer_question(vectors.index, understood, k, options, self.policy, offset, vectors, previous)
        except IndexDamaged as exc:
            raise IndexDamaged(f"{exc}. {rebuild_advice(self.index_dir, vectors.index.manifest.sources)}") from exc

    @property
    def question_vectors(self) -> QuestionVectors:
        """The question vectors remembered for the index served now."""
        index = self.index
        with self._lock:
            if self._vectors is None or self._vectors.index is not index:
                self._vectors = QuestionVectors(index)
            return self._vectors

    def neighbours(self, doc_id: str, sentence: int, radius: int = 2) -> list[StoredSentence]:
        """A cited sentence with up to ``radius`` sentences either side, in article order."""
        return self.index.store.neighbours(doc_id, sentence, radius)

    def article(self, doc_id: str) -> StoredArticle | None:
        """An article's metadata, or None when the index does not hold it."""
        return self.index.store.articles([doc_id]).get(doc_id)

    def outlets(self) -> tuple[OutletCount, ...]:
        """The index's outlets with their article counts and date ranges, the largest first."""
        return tuple(OutletCount(*row) for row in self.index.store.outlets())

    def stats(self) -> CorpusStats:
        """What the index holds and how it was built."""
        index = self.index
        first, last = index.store.date_range()
        m = index.manifest
        return CorpusStats(m.articles, m.sentences, m.built_at, m.build_seconds, m.model.name,
                           m.model.fallback, m.model.requested or m.model.name, first, last)
