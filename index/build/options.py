"""How to build an index (:class:`BuildOptions`) and what a finished build reports (:class:`BuildReport`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from index.encoder.embed import ModelInfo
from index.parts.context import DEFAULT_CONTEXT, LexicalContext
from index.parts.layout import (
    ARTICLE_CACHE_NAME,
    default_article_cache_path,
    default_cache_path,
)
from index.parts.manifest import Manifest
from index.parts.vectors import DEFAULT_APPROXIMATE_ABOVE
from index.text.articles import Skipped

__all__ = ["BuildOptions", "BuildReport"]


@dataclass(frozen=True)
class BuildOptions:
    """How to build an index; the defaults are what ``isnad index`` does.

    Attributes:
        full: Build from scratch: ignore the previous build, prepare every article again and
            embed every sentence again (the caches are refilled, not read).
        cache_path: The embedding cache (default: beside the index directory, see
            :func:`index.parts.layout.default_cache_path`); the prepared-article cache sits beside it.
        progress: Show a progress bar over embedding on stderr.
        batch_size: Sentences per encoder call.
        approximate_above: Sentence count above which FAISS uses HNSW instead of exact search.
        lexical_context: What each sentence's BM25 document holds besides the sentence;
            recorded in the manifest.
        passage: How each sentence is composed for the encoder (``PASSAGE_COMPOSITIONS``);
            recorded in the manifest. The embedding cache is keyed by the composed text.
        before_swap: Called with the finished build directory just before the swap (tests
            use it to fail a build at its last step).
    """

    full: bool = False
    cache_path: Path | None = None
    progress: bool = True
    batch_size: int = 64
    approximate_above: int = DEFAULT_APPROXIMATE_ABOVE
    lexical_context: LexicalContext = DEFAULT_CONTEXT
    passage: str = "sentence"
    before_swap: Callable[[Path], None] | None = None

    def cache_for(self, index_dir: Path) -> Path:
        """The embedding cache a build of ``index_dir`` reads and fills."""
        return self.cache_path or default_cache_path(index_dir)

    def article_cache_for(self, index_dir: Path) -> Path:
        """The prepared-article cache a build of ``index_dir`` reads and fills."""
        if self.cache_path is not None:
            return self.cache_path.parent / ARTICLE_CACHE_NAME
        return default_article_cache_path(index_dir)


@dataclass(frozen=True)
class BuildReport:
    """The summary of a finished build: its :class:`Manifest`, and what the manifest does not keep.

    ``articles_from_cache`` were read from the prepared-article cache, ``articles_removed`` were in
    the previous build and are not in this one, ``articles_changed`` are in both with other content. The stage times are each stage's own seconds
    (:class:`index.build.timing.StageTimer`), the swap included, which the manifest's are not.
    """

    index_dir: Path
    manifest: Manifest
    skipped: tuple[Skipped, ...] = ()
    decoded: tuple[Skipped, ...] = ()
    articles_from_cache: int = 0
    articles_removed: int = 0
    articles_changed: int = 0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    stage_cpu_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def articles(self) -> int:
        return self.manifest.articles

    @property
    def sentences(self) -> int:
        return self.manifest.sentences

    @property
    def model(self) -> ModelInfo:
        return self.manifest.model

    @property
    def seconds(self) -> float:
        return self.manifest.build_seconds

    @property
    def embeddings_reused(self) -> int:
        return self.manifest.embeddings_reused

    @property
    def embeddings_computed(self) -> int:
        return self.manifest.embeddings_computed

    @property
    def embedding_seconds(self) -> float:
        return self.manifest.embedding_seconds

    @property
    def articles_reused(self) -> int:
        """Articles copied from the previous build (``reused_from``)."""
        return self.manifest.articles_reused

    @property
    def articles_analysed(self) -> int:
        """Articles prepared and analysed by this build."""
        return self.manifest.articles_analysed

    @property
    def reused_from(self) -> str:
        return self.manifest.reused_from

    @property
    def undated(self) -> int:
        """Articles without a publication date."""
        return self.manifest.undated

    @property
    def embedding_rate(self) -> float | None:
        """Sentences embedded per second by the encoder, when any were."""
        if not self.embeddings_computed or self.embedding_seconds <= 0:
            return None
        return self.embeddings_computed / self.embedding_seconds
