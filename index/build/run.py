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
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

from index.build.assemble import PartsWritten, write_parts
from index.build.caches import ArticleCache
from index.build.options import BuildOptions, BuildReport
from index.build.plan import BuildPlan, plan_build
from index.build.prepared import analysis_key
from index.build.space import disk_full_error
from index.build.previous import PreviousBuild, find_previous, write_records
from index.build.timing import StageTimer
from index.encoder.checksums import record_files
from index.encoder.embed import Encoder
from index.errors import BuildFailed, says_disk_full
from index.parts.layout import MANIFEST_NAME, TMP_PREFIX, builds_root, lock_path, swap_link_path
from index.parts.manifest import Manifest, write_manifest
from index.parts.spans import write_spans
from index.text.analyze import ANALYZER_VERSION

__all__ = ["BuildOptions", "BuildReport", "build_index"]

logger = logging.getLogger(__name__)

_KEEP_BUILDS = 2


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
        if says_disk_full(exc):
            raise disk_full_error(exc, root.parent, root, None) or BuildFailed(str(exc)) from exc
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
    timer = StageTimer()
    try:
        with _collector_paused():  # the records of every article are made with it paused too
            plan, previous = _plan(index_dir, paths, encoder, options, timer)
            written = write_parts(tmp, index_dir, plan, previous, encoder, options, timer)
            with timer("swap"):
                manifest = _finish(tmp, paths, encoder, options, plan, previous, written, timer, started)
        with timer("swap"):
            final = root / tmp.name[len(TMP_PREFIX) :]
            tmp.rename(final)
            tmp = final
            if options.before_swap is not None:
                options.before_swap(final)
            _swap_in(index_dir, final)
    except BaseException as exc:
        full = disk_full_error(exc, root, tmp, _served(index_dir)) if isinstance(exc, Exception) else None
        shutil.rmtree(tmp, ignore_errors=True)
        if full is not None:
            raise full from exc
        if isinstance(exc, BuildFailed) or not isinstance(exc, Exception):
            raise
        raise BuildFailed(f"index build failed, previous index kept: {exc}") from exc
    with timer("swap"):
        _clean_builds(root, final)  # the index now points at ``final``
    return BuildReport(index_dir, manifest, tuple(plan.skipped), tuple(plan.decoded), plan.from_cache,
                       len(plan.removed) - plan.changed, plan.changed, timer.wall(), timer.cpu())


def _plan(index_dir: Path, paths: Sequence[Path], encoder: Encoder, options: BuildOptions,
          timer: StageTimer) -> tuple[BuildPlan, PreviousBuild | None]:
    """What the build copies from the previous one (``None``: nothing) and what it prepares anew."""
    with timer("read"):
        previous, why = (None, "a full build") if options.full else find_previous(
            index_dir, encoder.info, options.lexical_context, options.passage)
        logger.info("Previous build: %s", why)
        article_cache = ArticleCache(options.article_cache_for(index_dir))
        try:
            plan = plan_build(paths, previous, article_cache, read_cache=not options.full, timer=timer)
        finally:
            article_cache.close()
    if plan.sentences == 0:
        listed = ", ".join(str(p) for p in paths)
        raise BuildFailed(f"no article text found in {listed}; nothing to index (previous index kept)")
    if previous is not None and not plan.copied:
        previous = None  # nothing to copy: a new store beats deleting every row of a copy
    return plan, previous


def _finish(directory: Path, paths: Sequence[Path], encoder: Encoder, options: BuildOptions, plan: BuildPlan,
            previous: PreviousBuild | None, written: PartsWritten, timer: StageTimer, started: float) -> Manifest:
    """Write the articles' records for the next build, and the manifest; return the manifest."""
    write_records(directory, [a.record() for a in plan.articles])
    manifest = Manifest(
        model=encoder.info,
        analyzer_version=ANALYZER_VERSION,
        articles=len(plan.articles),
        sentences=plan.sentences,
        built_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        build_seconds=round(time.perf_counter() - started, 3),
        dense_index=written.dense_index,
        embeddings_reused=written.embeddings_reused,
        embeddings_computed=written.embeddings_computed,
        embedding_seconds=timer.with_nested("embedding"),
        encoder_engine=encoder.engine,
        sources=[str(p) for p in paths],
        skipped=[asdict(s) for s in plan.skipped],
        decoded=[asdict(s) for s in plan.decoded],
        lexical_context=asdict(options.lexical_context),
        passage=options.passage,
        analysis_key=analysis_key(),
        reused_from=previous.directory.name if previous is not None else "",
        articles_reused=len(plan.copied),
        articles_analysed=plan.analysed,
        stage_seconds=timer.wall(),
        undated=write_spans(directory),
        parts=record_files(directory, skip=(MANIFEST_NAME,)),
    )
    write_manifest(directory, manifest)
    return manifest
