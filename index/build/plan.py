"""Which articles of the next build are copied from the previous build and which are new.

:func:`plan_build` reads every article (reading and hashing is cheap; preparing is not), and
keeps, in reading order, each article's sentence ids in the new build. An article whose id and
content digest the previous build holds is *copied*: its sentences, BM25 rows, vectors and
speaker findings are taken from that build. Every other article is *new*: its prepared result
comes from the article cache, or it is prepared and analysed now (and cached).

Sentence ids are assigned in reading order exactly as a build from scratch assigns them, so an
incremental build and a full build of the same corpus are the same index.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from index.build.caches import ArticleCache
from index.build.prepared import PreparedArticle, content_digest, prepare
from index.build.previous import ArticleRecord, PreviousBuild, Sources, sources_key
from index.build.timing import StageTimer
from index.text.articles import Article, ArticleReader, Skipped

__all__ = ["BuildPlan", "PlannedArticle", "Run", "plan_build"]

logger = logging.getLogger(__name__)

_COMMIT_SECONDS = 10.0


@dataclass(slots=True)
class PlannedArticle:
    """One article of the next build (one per article of the corpus: kept small and quick to make).

    Attributes:
        id: The article id.
        sources: ``(url, date, source, origin)`` as read now.
        sources_key: Their :func:`index.build.previous.sources_key`.
        digest: Its content digest.
        sid: Its first sentence id in the new build.
        sentences: How many sentences it has.
        copied: Its record in the previous build, when it is copied from there.
        previous_sid: Its first sentence id in the previous build, when copied.
        article: The article as read, when it is new.
        prepared: Its prepared result, when it is new.
    """

    id: str
    sources: Sources
    sources_key: str
    digest: str
    sid: int
    sentences: int
    copied: ArticleRecord | None = None
    previous_sid: int | None = None
    article: Article | None = None
    prepared: PreparedArticle | None = None

    def record(self) -> ArticleRecord:
        """What the build after the next one needs of this article."""
        key = self.sources_key
        if self.copied is not None:
            return self.copied if self.copied.sources == key else self.copied._replace(sources=key)
        assert self.prepared is not None
        phrases = tuple((i, p) for i, p in enumerate(self.prepared.phrases) if p)
        return ArticleRecord(self.id, self.digest, self.sentences, key, self.prepared.appositions, phrases)

    @property
    def sources_changed(self) -> bool:
        """Whether a copied article's URL, date, source or origin differ from the previous build's."""
        return self.copied is not None and self.copied.sources != self.sources_key


@dataclass(frozen=True)
class Run:
    """Consecutive sentence ids of the new build, all new or all copied from consecutive previous ids."""

    sid: int
    count: int
    previous_sid: int | None


@dataclass
class BuildPlan:
    """Every article of the next build in sentence-id order, and what happened to the rest."""

    articles: list[PlannedArticle]
    #: The previous build's articles not copied: gone from the inputs, or changed (``changed``).
    removed: list[str]
    skipped: list[Skipped] = field(default_factory=list)
    decoded: list[Skipped] = field(default_factory=list)
    analysed: int = 0
    from_cache: int = 0
    #: How many of ``removed`` are in the new build still, changed.
    changed: int = 0

    @property
    def sentences(self) -> int:
        """How many sentences the new build holds."""
        return sum(a.sentences for a in self.articles)

    @property
    def copied(self) -> list[PlannedArticle]:
        """The articles copied from the previous build."""
        return [a for a in self.articles if a.copied is not None]

    @property
    def new(self) -> list[PlannedArticle]:
        """The articles prepared now or read from the article cache."""
        return [a for a in self.articles if a.prepared is not None]

    def runs(self) -> list[Run]:
        """The new build's sentence ids as maximal :class:`Run` s, in order."""
        runs: list[Run] = []
        for a in self.articles:
            if not a.sentences:
                continue
            last = runs[-1] if runs else None
            if last is not None and (last.previous_sid is None) == (a.previous_sid is None) and (
                a.previous_sid is None or last.previous_sid + last.count == a.previous_sid
            ):
                runs[-1] = replace(last, count=last.count + a.sentences)
            else:
                runs.append(Run(a.sid, a.sentences, a.previous_sid))
        return runs


def plan_build(
    paths: Sequence[Path], previous: PreviousBuild | None, cache: ArticleCache, *, read_cache: bool = True,
    timer: StageTimer | None = None,
) -> BuildPlan:
    """Read the articles and decide, for each, whether it is copied or new (preparing the new ones).

    Args:
        paths: Folders of ``.txt`` articles and/or ``.jsonl`` files.
        previous: The build to copy from, or ``None`` for a build from scratch.
        cache: The article cache; new articles are always written to it.
        read_cache: Whether to read prepared articles from the cache (``False`` for ``--full``).
        timer: The build's stage timer; preparing is charged to its ``prepare`` stage.
    """
    timer = timer or StageTimer()
    reader = ArticleReader(list(paths))
    plan = BuildPlan([], [])
    kept: set[str] = set()
    sid = 0
    committed = time.monotonic()
    for article in reader:
        digest = content_digest(article)
        sources = (article.url, article.date, article.source, article.origin)
        key = sources_key(sources)
        copied = _copyable(previous, article, digest)
        if copied is not None:
            assert previous is not None
            kept.add(article.id)
            plan.articles.append(PlannedArticle(article.id, sources, key, digest, sid, copied.sentences, copied,
                                                previous.first_sids[previous.by_id[article.id]]))
            sid += copied.sentences
            continue
        prepared = cache.get(digest) if read_cache else None
        if prepared is None:
            with timer("prepare"):
                prepared = prepare(article)
            cache.put(digest, prepared)
            plan.analysed += 1
        else:
            plan.from_cache += 1
        if time.monotonic() - committed > _COMMIT_SECONDS:
            cache.commit()
            committed = time.monotonic()
        if not prepared.sentences:
            plan.skipped.append(Skipped(article.origin, "no article text left after removing web boilerplate"))
            logger.warning("Skipped %s: no article text left after cleaning", article.origin)
            continue
        plan.articles.append(PlannedArticle(article.id, sources, key, digest, sid, len(prepared.sentences),
                                            article=article, prepared=prepared))
        sid += len(prepared.sentences)
    cache.commit()
    if previous is not None:
        plan.removed = [r.id for r in previous.articles if r.id not in kept]
        present = {a.id for a in plan.articles}
        plan.changed = sum(1 for article_id in plan.removed if article_id in present)
    plan.skipped = [*reader.skipped, *plan.skipped]
    plan.decoded = list(reader.decoded)
    return plan


def _copyable(previous: PreviousBuild | None, article: Article, digest: str) -> ArticleRecord | None:
    if previous is None:
        return None
    index = previous.by_id.get(article.id)
    if index is None:
        return None
    record = previous.articles[index]
    return record if record.digest == digest else None
