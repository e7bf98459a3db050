"""A disk that fills up mid-build, wherever the write was: one line with the folder and the space to free.

Each failure is the one a full disk really raised when this was written (probed on a small tmpfs):
NumPy's OSError 28, SQLite's "database or disk is full", FAISS's assertion ending in strerror.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from index.build.run import BuildOptions, build_index
from index.errors import BuildFailed, DiskFull, says_disk_full
from index.parts.store import SentenceStore
from tests.conftest import SEEDS
from tests.faults.test_index_parts import ENCODER, answers


def _no_space_numpy(*_: object, **__: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def _no_space_sqlite(*_: object, **__: object) -> None:
    raise sqlite3.OperationalError("database or disk is full")


def _no_space_faiss(*_: object, **__: object) -> None:
    raise RuntimeError("Error in void faiss::write_index(const Index*, IOWriter*, int) at index_write.cpp:499: "
                       "Error: 'ret == (size * 4)' failed: write error in dense.faiss: 1273774 != 5990400 "
                       "(No space left on device)")


FAILURES = {
    "numpy": (np, "save", _no_space_numpy),
    "sqlite": (SentenceStore, "add_document", _no_space_sqlite),
    "faiss": ("faiss", "write_index", _no_space_faiss),
}


@pytest.mark.parametrize("where", sorted(FAILURES))
def test_a_full_disk_is_one_line_with_the_space_to_free_and_the_served_index_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    options = BuildOptions(progress=False, cache_path=tmp_path / "cache" / "embeddings.sqlite")
    build_index([SEEDS], tmp_path / "index", ENCODER, options)
    before = answers(tmp_path / "index")
    target, name, failure = FAILURES[where]
    if isinstance(target, str):
        target = pytest.importorskip(target)
    monkeypatch.setattr(target, name, failure)
    with pytest.raises(DiskFull) as error:
        build_index([SEEDS], tmp_path / "index", ENCODER, BuildOptions(progress=False, full=True,
                                                                      cache_path=options.cache_path))
    message = str(error.value)
    assert message.startswith(f"the disk holding {tmp_path / '.index.builds'} is full (")
    assert "free at least" in message and "then rerun `isnad index`" in message and "\n" not in message
    monkeypatch.undo()
    assert answers(tmp_path / "index") == before
    assert not list((tmp_path / ".index.builds").glob("tmp-*"))
    assert not list((tmp_path / "cache").glob("*.damaged-*"))  # a full disk is not a damaged cache


def test_a_cache_on_a_full_disk_is_kept_not_set_aside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from index.build.caches import EmbeddingCache

    path = tmp_path / "embeddings.sqlite"
    EmbeddingCache(path, "m", 8).close()
    monkeypatch.setattr(EmbeddingCache, "_connect", _no_space_sqlite)
    with pytest.raises(sqlite3.OperationalError):
        EmbeddingCache(path, "m", 8)
    assert path.exists() and not list(tmp_path.glob("*.damaged-*"))


def test_what_counts_as_a_full_disk() -> None:
    assert says_disk_full(OSError(errno.EDQUOT, "Disk quota exceeded"))
    wrapped = BuildFailed("index build failed")
    wrapped.__cause__ = sqlite3.OperationalError("disk I/O error")
    assert says_disk_full(wrapped)
    assert not says_disk_full(sqlite3.DatabaseError("file is not a database"))
    assert not says_disk_full(OSError(errno.EACCES, "Permission denied"))
