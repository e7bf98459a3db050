"""Build an index: read, clean, split, analyse, embed, and swap the result in atomically.

A build writes into a temporary directory in the index directory's builds folder and, only
when every part is written, renames it and replaces the index directory's symlink with
``os.replace``, which is atomic on POSIX. A build that fails or is killed leaves the previous
index serving; its temporary directory is removed by the next build. The names on disk are
in :mod:`index.layout`.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from tqdm.auto import tqdm

from index.analyze import ANALYZER_VERSION
from index.articles import ArticleReader, Skipped
from index.cache import EmbeddingCache
from index.context import DEFAULT_CONTEXT, LexicalContext, sentence_tokens
from index.document import prepare_article
from index.embed import Encoder, ModelInfo
from index.errors import BuildFailed
from index.layout import (
    DENSE_NAME,
    LEXICAL_NAME,
    STORE_NAME,
    TMP_PREFIX,
    builds_root,
    default_cache_path,
    lock_path,
    swap_link_path,
)
from index.lexical import LexicalIndex, VocabularyBuilder
from index.manifest import Manifest, write_manifest
from index.people import PeopleRegistry
from index.store import SentenceStore
from index.vectors import DEFAULT_APPROXIMATE_ABOVE, VectorIndex

__all__ = ["BuildOptions", "BuildReport", "build_index"]

logger = logging.getLogger(__name__)

_EMBED_CHUNK = 4096
#: Embeddings reach the cache on disk at least this often (and after every chunk): a killed
#: build loses at most this much encoder work, and a fast encoder does not wait on commits.
_COMMIT_SECONDS = 10.0
_KEEP_BUILDS = 2


@dataclass(frozen=True)
class BuildOptions:
    """How to build an index; the defaults are what ``isnad index`` does.

    Attributes:
        full: Ignore cached embeddings and embed every sentence again.
        cache_path: The embedding cache (default: beside the index directory, see
            :func:`index.layout.default_cache_path`).
        progress: Show a progress bar over embedding on stderr.
        batch_size: Sentences per encoder call.
        approximate_above: Sentence count above which FAISS uses HNSW instead of exact search.
        lexical_context: What each sentence's BM25 document holds besides the sentence;
            recorded in the manifest.
        before_swap: Called with the finished build directory just before the swap (tests
            use it to fail a build at its last step).
    """

    full: bool = False
    cache_path: Path | None = None
    progress: bool = True
    batch_size: int = 64
    approximate_above: int = DEFAULT_APPROXIMATE_ABOVE
    lexical_context: LexicalContext = DEFAULT_CONTEXT
    before_swap: Callable[[Path], None] | None = None

    def cache_for(self, index_dir: Path) -> Path:
        """The embedding cache a build of ``index_dir`` reads and fills."""
        return self.cache_path or default_cache_path(index_dir)


@dataclass(frozen=True)
class BuildReport:
    """The summary of a finished build."""

    index_dir: Path
    articles: int
    sentences: int
    skipped: tuple[Skipped, ...]
    embeddings_reused: int
    embeddings_computed: int
    seconds: float
    model: ModelInfo
    embedding_seconds: float = 0.0
    decoded: tuple[Skipped, ...] = ()

    @property
    def embedding_rate(self) -> float | None:
        """Sentences embedded per second by the encoder, when any were."""
        if not self.embeddings_computed or self.embedding_seconds <= 0:
            return None
        return self.embeddings_computed / self.embedding_seconds


def _ingest(
    paths: Sequence[Path],
    store: SentenceStore,
    vocabulary: VocabularyBuilder,
    people: PeopleRegistry,
    context: LexicalContext = DEFAULT_CONTEXT,
) -> tuple[int, list[Skipped], list[Skipped]]:
    reader = ArticleReader(list(paths))
    articles = 0
    empty: list[Skipped] = []
    for article in reader:
        doc = prepare_article(article)
        if not doc.sentences:
            empty.append(Skipped(article.origin, "no article text left after removing web boilerplate"))
            logger.warning("Skipped %s: no article text left after cleaning", article.origin)
            continue
        sids = store.add_document(doc)
        store.set_speakers(people.add_article(sids, [s.text for s in doc.sentences]))
        for tokens in sentence_tokens(doc, context):
            vocabulary.add(tokens)
        articles += 1
    store.set_speakers(people.resolve_pending())
    store.commit()
    return articles, [*reader.skipped, *empty], reader.decoded


def _embed_all(
    store: SentenceStore,
    vectors: VectorIndex,
    encoder: Encoder,
    cache: EmbeddingCache,
    *,
    use_cache: bool,
    batch_size: int,
    progress: bool,
) -> tuple[int, int]:
    reused = computed = 0
    committed = time.monotonic()
    total = store.count_sentences()
    with tqdm(total=total, desc="embedding", unit="sent", disable=not progress, leave=False) as bar:
        for rows in store.iter_sentence_texts(_EMBED_CHUNK):
            sids = np.array([sid for sid, _ in rows], dtype=np.int64)
            texts = [text for _, text in rows]
            found = cache.get_many(texts) if use_cache else {}
            # Similar lengths in one batch: padding to the longest sentence is what costs.
            missing = sorted((i for i in range(len(texts)) if i not in found), key=lambda i: len(texts[i]))
            batch = np.zeros((len(texts), encoder.info.dimension), dtype=np.float32)
            for i, vec in found.items():
                batch[i] = vec
            bar.update(len(found))
            for start in range(0, len(missing), batch_size):
                part = missing[start : start + batch_size]
                encoded = encoder.encode_documents([texts[i] for i in part], batch_size=batch_size)
                batch[part] = encoded
                cache.put_many([texts[i] for i in part], encoded)
                bar.update(len(part))
                if time.monotonic() - committed > _COMMIT_SECONDS:
                    cache.commit()
                    committed = time.monotonic()
            cache.commit()
            committed = time.monotonic()
            vectors.add(sids, batch)
            reused += len(found)
            computed += len(missing)
    return reused, computed


def _check_target(index_dir: Path) -> None:
    """Refuse to replace a directory that is not an index: it may hold someone's files."""
    if index_dir.is_symlink() or not index_dir.exists():
        return
    if index_dir.is_dir() and not any(index_dir.iterdir()):
        index_dir.rmdir()
        return
    raise BuildFailed(
        f"{index_dir} exists and is not an Isnad index (the index directory is a link to a build); "
        "choose another --index-dir or move that folder away"
    )


def _swap_in(index_dir: Path, build: Path) -> None:
    """Point ``index_dir`` at ``build`` atomically."""
    link_tmp = swap_link_path(index_dir)
    if link_tmp.is_symlink() or link_tmp.exists():
        link_tmp.unlink()
    link_tmp.symlink_to(os.path.relpath(build, index_dir.parent), target_is_directory=True)
    os.replace(link_tmp, index_dir)


@contextmanager
def _build_lock(root: Path) -> Iterator[None]:
    """Hold the index directory's build lock, or fail at once if another build holds it."""
    lock = lock_path(root)
    with open(lock, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BuildFailed(
                f"another build of this index is running (lock {lock}); wait for it to finish"
            ) from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _served(index_dir: Path) -> Path | None:
    """The build ``index_dir`` points at now, if it is a link."""
    try:
        return index_dir.resolve() if index_dir.is_symlink() else None
    except OSError:
        return None


def _clean_builds(root: Path, current: Path, served: Path | None = None) -> None:
    """Remove abandoned temporary builds and all but the newest finished ones.

    ``current`` (the build in progress or just swapped in) and ``served`` (what the index
    directory points at: leftovers of interrupted builds may be newer than it) are never removed.
    """
    keep = {p.resolve() for p in (current, served) if p is not None}
    finished = []
    for child in root.iterdir():
        if child.name.startswith("."):
            continue
        if child.name.startswith(TMP_PREFIX):
            if child.resolve() not in keep:
                shutil.rmtree(child, ignore_errors=True)
        elif child.is_dir():
            finished.append(child)
    finished.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for old in finished[_KEEP_BUILDS:]:
        if old.resolve() not in keep:
            shutil.rmtree(old, ignore_errors=True)


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f") + f"-{os.getpid()}"


def build_index(
    paths: Sequence[Path],
    index_dir: Path,
    encoder: Encoder,
    options: BuildOptions = BuildOptions(),
) -> BuildReport:
    """Build an index from article files and swap it in atomically.

    Args:
        paths: Folders of ``.txt`` articles and/or ``.jsonl`` files.
        index_dir: The index directory (a symlink to the current build after this call).
        encoder: The sentence encoder; its ``info`` goes into the manifest.
        options: Cache, batching, progress and the rest (:class:`BuildOptions`).

    Returns:
        The build summary.

    Raises:
        BuildFailed: when nothing could be indexed or any step failed; the previous index,
            if any, is untouched.
    """
    started = time.perf_counter()
    index_dir = Path(index_dir)
    missing = [str(p) for p in paths if not Path(p).exists()]
    if len(missing) == len(paths):
        # Before anything is written: a command run from the wrong folder leaves no stray data/.
        raise BuildFailed(
            f"none of the inputs exist ({', '.join(missing) or 'none given'}, relative to {Path.cwd()}); "
            "pass article folders or .jsonl files, or run from the folder they are relative to (previous index kept)"
        )
    _check_target(index_dir)
    root = builds_root(index_dir)
    try:
        root.mkdir(parents=True, exist_ok=True)
        with _build_lock(root):
            return _build_locked(root, index_dir, paths, encoder, options, started)
    except OSError as exc:  # the location itself: read-only, permission denied, a file in the way
        where = exc.filename or root
        raise BuildFailed(
            f"cannot write the index at {index_dir}: {exc.strerror or exc} ({where}). Fix: choose a writable "
            "folder with --index-dir or ISNAD_INDEX_DIR, or fix its permissions (previous index kept)"
        ) from exc


def _build_locked(
    root: Path,
    index_dir: Path,
    paths: Sequence[Path],
    encoder: Encoder,
    options: BuildOptions,
    started: float,
) -> BuildReport:
    """Build into a temporary directory and swap it in; the caller holds the build lock."""
    tmp = root / f"{TMP_PREFIX}{_stamp()}"
    _clean_builds(root, tmp, _served(index_dir))
    tmp.mkdir()
    try:
        report = _build_into(tmp, paths, encoder, options, options.cache_for(index_dir), started)
        final = root / tmp.name[len(TMP_PREFIX) :]
        tmp.rename(final)
        tmp = final
        if options.before_swap is not None:
            options.before_swap(final)
        _swap_in(index_dir, final)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, BuildFailed) or not isinstance(exc, Exception):
            raise
        raise BuildFailed(f"index build failed, previous index kept: {exc}") from exc
    _clean_builds(root, final)  # the index now points at ``final``
    return BuildReport(index_dir, report.articles, report.sentences, tuple(Skipped(**s) for s in report.skipped),
                       report.embeddings_reused, report.embeddings_computed, report.build_seconds, report.model,
                       report.embedding_seconds, tuple(Skipped(**s) for s in report.decoded))


def _build_into(
    directory: Path,
    paths: Sequence[Path],
    encoder: Encoder,
    options: BuildOptions,
    cache_path: Path,
    started: float,
) -> Manifest:
    store = SentenceStore.create(directory / STORE_NAME)
    try:
        vocabulary = VocabularyBuilder()
        people = PeopleRegistry()
        articles, skipped, decoded = _ingest(paths, store, vocabulary, people, options.lexical_context)
        people.save(directory)
        sentences = store.count_sentences()
        if sentences == 0:
            listed = ", ".join(str(p) for p in paths)
            raise BuildFailed(f"no article text found in {listed}; nothing to index (previous index kept)")
        LexicalIndex.build(vocabulary, directory / LEXICAL_NAME)
        del vocabulary
        vectors = VectorIndex.empty(encoder.info.dimension, sentences, options.approximate_above)
        cache = EmbeddingCache(cache_path, encoder.info.cache_key(), encoder.info.dimension)
        try:
            embedding_started = time.perf_counter()
            reused, computed = _embed_all(store, vectors, encoder, cache, use_cache=not options.full,
                                          batch_size=options.batch_size, progress=options.progress)
            embedding_seconds = time.perf_counter() - embedding_started
        finally:
            cache.close()
        vectors.save(directory / DENSE_NAME)
    finally:
        store.close()
    manifest = Manifest(
        model=encoder.info,
        analyzer_version=ANALYZER_VERSION,
        articles=articles,
        sentences=sentences,
        built_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        build_seconds=round(time.perf_counter() - started, 3),
        dense_index=vectors.kind,
        embeddings_reused=reused,
        embeddings_computed=computed,
        embedding_seconds=round(embedding_seconds, 3),
        sources=[str(p) for p in paths],
        skipped=[asdict(s) for s in skipped],
        decoded=[asdict(s) for s in decoded],
        lexical_context=asdict(options.lexical_context),
    )
    write_manifest(directory, manifest)
    return manifest
