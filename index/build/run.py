"""Build an index: read, clean, split, analyse, embed, and swap the result in atomically.

A build writes into a temporary directory in the index directory's builds folder and, only
when every part is written, renames it and replaces the index directory's symlink with
``os.replace``, which is atomic on POSIX. A build that fails or is killed leaves the previous
index serving; its temporary directory is removed by the next build. The names on disk are
in :mod:`index.parts.layout`.

A build costs in proportion to what changed (:mod:`index.build.plan`): articles the served build
already holds unchanged are copied from it, never prepared again: its store is copied and
patched (articles deleted and inserted, later sentence ids moved), its BM25 term counts are
spliced with the new articles' and re-scored (BM25 statistics are global, so every score is
recomputed, from counts, in vectorised passes), its vectors are copied (FAISS) and only new
sentences are embedded, and the people registry is replayed from every article's cached
speaker findings. New articles come from the prepared-article cache when their content was
seen before. Sentence ids are those a build from scratch assigns, so both give the same index.
``full`` ignores the previous build and both caches.
"""

from __future__ import annotations

import fcntl
import gc
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from tqdm.auto import tqdm

from index.text.analyze import ANALYZER_VERSION
from index.build.article_cache import ArticleCache
from index.build.articles import Skipped
from index.build.caches import EmbeddingCache
from index.parts.context import DEFAULT_CONTEXT, LexicalContext, document_parts
from index.encoder.embed import Encoder, ModelInfo
from index.errors import BuildFailed
from index.parts.layout import (
    ARTICLE_CACHE_NAME,
    DENSE_NAME,
    LEXICAL_NAME,
    REUSE_COUNTS_NAME,
    REUSE_NAME,
    STORE_NAME,
    TMP_PREFIX,
    builds_root,
    default_article_cache_path,
    default_cache_path,
    lock_path,
    swap_link_path,
)
from index.parts.lexical import LexicalIndex
from index.parts.manifest import Manifest, write_manifest
from index.speech.people import PeopleRegistry
from index.build.plan import BuildPlan, plan_build
from index.build.prepared import analysis_key
from index.build.previous import PreviousBuild, find_previous, write_records
from index.parts.store import SentenceStore
from index.parts.termcounts import CountsAssembler, TermCounts
from index.parts.vectors import DEFAULT_APPROXIMATE_ABOVE, VectorIndex

__all__ = ["BuildOptions", "BuildReport", "build_index"]

logger = logging.getLogger(__name__)

_EMBED_CHUNK = 4096
#: Embeddings reach the cache on disk at least this often (and after every chunk): a killed
#: build loses at most this much encoder work, and a fast encoder does not wait on commits.
_COMMIT_SECONDS = 10.0
_KEEP_BUILDS = 2
#: Vectors copied from the previous build per FAISS call.
_COPY_CHUNK = 65536


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
    """The summary of a finished build.

    ``articles_reused`` were copied from the previous build (``reused_from``), ``articles_analysed``
    prepared and analysed now, ``articles_from_cache`` read from the prepared-article cache.
    """

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
    articles_reused: int = 0
    articles_analysed: int = 0
    articles_from_cache: int = 0
    articles_removed: int = 0
    reused_from: str = ""
    stage_seconds: dict[str, float] = field(default_factory=dict)
    stage_cpu_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def embedding_rate(self) -> float | None:
        """Sentences embedded per second by the encoder, when any were."""
        if not self.embeddings_computed or self.embedding_seconds <= 0:
            return None
        return self.embeddings_computed / self.embedding_seconds


class _Stages:
    """Wall-clock and CPU seconds of each stage of a build."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.wall[name] = round(self.wall.get(name, 0.0) + time.perf_counter() - wall, 3)
            self.cpu[name] = round(self.cpu.get(name, 0.0) + time.process_time() - cpu, 3)


def _write_store(path: Path, plan: BuildPlan, previous: PreviousBuild | None) -> SentenceStore:
    """The new store: a patched copy of the previous build's, or a new one."""
    if previous is None:
        store = SentenceStore.create(path)
    else:
        store = SentenceStore.copy_of(previous.store_path, path)
        copied = plan.copied
        store.delete_articles(plan.removed)
        store.move_sentences({a.id: a.sid - a.previous_sid for a in copied if a.sid != a.previous_sid})
        store.update_sources([(*a.sources, a.id) for a in copied if a.sources_changed])
    for a in plan.new:
        store.add_document(a.prepared.document(a.article), first_sid=a.sid)
    return store


def _learn_people(plan: BuildPlan, store: SentenceStore) -> PeopleRegistry:
    """Replay every article's speaker findings in order; record the speaker keys that changed."""
    people = PeopleRegistry()
    keys: dict[int, str] = {}
    for a in plan.articles:
        sids = range(a.sid, a.sid + a.sentences)
        if a.copied is not None:
            keys.update(people.learn(sids, a.copied.appositions, a.copied.phrase_list()))
        else:
            keys.update(people.learn(sids, a.prepared.appositions, a.prepared.phrases))
    keys.update(people.resolve_pending())
    stored = store.speakers()
    changes: dict[int, str | None] = {sid: key for sid, key in keys.items() if stored.get(sid) != key}
    changes.update({sid: None for sid in stored if sid not in keys})
    store.set_speakers(changes)
    return people


def _assemble_counts(plan: BuildPlan, previous: PreviousBuild | None, context: LexicalContext) -> TermCounts:
    """The BM25 term counts: the previous build's rows for copied articles, new rows for the rest."""
    assembler = CountsAssembler(previous.counts() if previous is not None else None)
    pending: list[int] | None = None  # previous rows [start, stop) still to copy
    for a in plan.articles:
        if a.copied is not None:
            if pending is not None and pending[1] == a.previous_sid:
                pending[1] += a.sentences
                continue
            if pending is not None:
                assembler.copy_rows(*pending)
            pending = [a.previous_sid, a.previous_sid + a.sentences]
            continue
        if pending is not None:
            assembler.copy_rows(*pending)
            pending = None
        prepared = a.prepared
        parts = [assembler.ids(tokens) for tokens in prepared.tokens]
        title = assembler.ids(prepared.title_tokens) if context.title_weight else []
        parts.append(title)
        assembler.add_documents(parts, document_parts(prepared.paragraphs, bool(title), context))
    if pending is not None:
        assembler.copy_rows(*pending)
    return assembler.finish()


def _embed_new(
    texts: list[str],
    encoder: Encoder,
    cache: EmbeddingCache,
    *,
    use_cache: bool,
    batch_size: int,
    progress: bool,
) -> tuple[np.ndarray, int, int]:
    """Vectors for ``texts`` (row i for ``texts[i]``) from the cache or the encoder; and how many of each."""
    out = np.zeros((len(texts), encoder.info.dimension), dtype=np.float32)
    reused = computed = 0
    committed = time.monotonic()
    with tqdm(total=len(texts), desc="embedding", unit="sent", disable=not progress, leave=False) as bar:
        for offset in range(0, len(texts), _EMBED_CHUNK):
            chunk = texts[offset : offset + _EMBED_CHUNK]
            found = cache.get_many(chunk) if use_cache else {}
            # Similar lengths in one batch: padding to the longest sentence is what costs.
            missing = sorted((i for i in range(len(chunk)) if i not in found), key=lambda i: len(chunk[i]))
            for i, vec in found.items():
                out[offset + i] = vec
            bar.update(len(found))
            for start in range(0, len(missing), batch_size):
                part = missing[start : start + batch_size]
                encoded = encoder.encode_documents([chunk[i] for i in part], batch_size=batch_size)
                out[[offset + i for i in part]] = encoded
                cache.put_many([chunk[i] for i in part], encoded)
                bar.update(len(part))
                if time.monotonic() - committed > _COMMIT_SECONDS:
                    cache.commit()
                    committed = time.monotonic()
            cache.commit()
            committed = time.monotonic()
            reused += len(found)
            computed += len(missing)
    return out, reused, computed


def _assemble_vectors(
    plan: BuildPlan, previous: PreviousBuild | None, new: np.ndarray, dimension: int, approximate_above: int
) -> VectorIndex:
    """The FAISS index: previous vectors for copied sentences, ``new`` (in sid order) for the rest.

    When the new build starts with every previous sentence in place and the previous index suits
    the new size (:meth:`VectorIndex.suits`), it is extended (training an inverted file's lists
    is what costs); otherwise a new index is filled in sid order, from the previous vectors
    (an inverted file's are its 8-bit codes decoded: within ~0.005 of the original).
    """
    runs = plan.runs()
    target = VectorIndex.empty(dimension, plan.sentences, approximate_above)
    old = previous.vectors() if previous is not None and any(r.previous_sid is not None for r in runs) else None
    if old is not None and old.suits(plan.sentences, approximate_above) and runs[0].sid == runs[0].previous_sid == 0 \
            and runs[0].count == len(old):
        target, runs = old, runs[1:]
    offset = 0
    for run in runs:
        if run.previous_sid is None:
            target.add(np.arange(run.sid, run.sid + run.count, dtype=np.int64), new[offset : offset + run.count])
            offset += run.count
            continue
        for start in range(0, run.count, _COPY_CHUNK):
            count = min(_COPY_CHUNK, run.count - start)
            ids = np.arange(run.sid + start, run.sid + start + count, dtype=np.int64)
            target.add(ids, old.take(run.previous_sid + start, run.previous_sid + start + count))
    return target


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


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused for the block (reference counting still frees).

    A build keeps millions of small objects alive (every prepared article's sentences, tokens
    and findings) while it allocates millions more, so the collector kept scanning what could
    not be garbage: 7.3 s of a 300k-sentence build's 117 s of CPU. A build makes next to no
    reference cycles (after 40,000 prepared articles, a collection found 53 objects to free);
    the collector runs again as usual once the block ends. It is paused for the whole process:
    a bot serving from the same process meanwhile frees by reference counting alone.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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
        with _collector_paused():
            report = _build_into(tmp, index_dir, paths, encoder, options, started)
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
    return report


def _build_into(
    directory: Path,
    index_dir: Path,
    paths: Sequence[Path],
    encoder: Encoder,
    options: BuildOptions,
    started: float,
) -> BuildReport:
    """Write every part of a build into ``directory`` (the caller swaps it in), copying what it can."""
    stages = _Stages()
    with stages("plan"):
        previous, why = (None, "a full build") if options.full else find_previous(
            index_dir, encoder.info, options.lexical_context, options.passage)
        logger.info("Previous build: %s", why)
        article_cache = ArticleCache(options.article_cache_for(index_dir))
        try:
            plan = plan_build(paths, previous, article_cache, read_cache=not options.full)
        finally:
            article_cache.close()
    if plan.sentences == 0:
        listed = ", ".join(str(p) for p in paths)
        raise BuildFailed(f"no article text found in {listed}; nothing to index (previous index kept)")
    if previous is not None and not plan.copied:
        previous = None  # nothing to copy: a new store beats deleting every row of a copy
    with stages("store"):
        store = _write_store(directory / STORE_NAME, plan, previous)
    try:
        with stages("people"):
            _learn_people(plan, store).save(directory)
            store.commit()
        with stages("lexical"):
            counts = _assemble_counts(plan, previous, options.lexical_context)
            LexicalIndex.build(counts, directory / LEXICAL_NAME)
            counts.save(directory / REUSE_NAME / REUSE_COUNTS_NAME)
            del counts
        with stages("embedding"):
            cache = EmbeddingCache(options.cache_for(index_dir), encoder.info.cache_key(), encoder.info.dimension)
            try:
                texts = [t for a in plan.new for t in a.prepared.passages(options.passage)]
                new, reused, computed = _embed_new(texts, encoder, cache, use_cache=not options.full,
                                                   batch_size=options.batch_size, progress=options.progress)
                reused += plan.sentences - len(texts)  # copied from the previous build
            finally:
                cache.close()
        with stages("vectors"):
            vectors = _assemble_vectors(plan, previous, new, encoder.info.dimension, options.approximate_above)
            del new
            vectors.save(directory / DENSE_NAME)
        with stages("store"):
            store.commit()
    finally:
        store.close()
    write_records(directory, [a.record() for a in plan.articles])
    copied = len(plan.copied)
    manifest = Manifest(
        model=encoder.info,
        analyzer_version=ANALYZER_VERSION,
        articles=len(plan.articles),
        sentences=plan.sentences,
        built_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        build_seconds=round(time.perf_counter() - started, 3),
        dense_index=vectors.kind,
        embeddings_reused=reused,
        embeddings_computed=computed,
        embedding_seconds=stages.wall["embedding"],
        sources=[str(p) for p in paths],
        skipped=[asdict(s) for s in plan.skipped],
        decoded=[asdict(s) for s in plan.decoded],
        lexical_context=asdict(options.lexical_context),
        passage=options.passage,
        analysis_key=analysis_key(),
        reused_from=previous.directory.name if previous is not None else "",
        articles_reused=copied,
        articles_analysed=plan.analysed,
        stage_seconds=stages.wall,
    )
    write_manifest(directory, manifest)
    return BuildReport(index_dir, manifest.articles, manifest.sentences, tuple(plan.skipped), reused, computed,
                       manifest.build_seconds, encoder.info, manifest.embedding_seconds, tuple(plan.decoded),
                       articles_reused=copied, articles_analysed=plan.analysed, articles_from_cache=plan.from_cache,
                       articles_removed=len(plan.removed), reused_from=manifest.reused_from,
                       stage_seconds=dict(stages.wall), stage_cpu_seconds=dict(stages.cpu))
