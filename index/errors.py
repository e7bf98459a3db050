"""Errors raised by the ingest and build side; ``bot/`` turns them into messages."""

from __future__ import annotations

import errno

__all__ = [
    "BuildFailed",
    "DiskFull",
    "IndexNotFound",
    "IndexDamaged",
    "IndexError_",
    "ModelMismatch",
    "ModelUnavailable",
    "UnreadableInput",
    "says_disk_full",
]

#: What a full disk or quota says, whichever library was writing (the OS, SQLite, FAISS's strerror).
_FULL_DISK_SIGNS = ("No space left on device", "Disk quota exceeded", "database or disk is full", "disk I/O error")


class IndexError_(Exception):
    """Base class of every error this package raises (named to not shadow ``IndexError``)."""


class UnreadableInput(IndexError_):
    """An input file or record cannot be read as an article; the message is the reason."""


class IndexNotFound(IndexError_):
    """No usable index at the given directory."""


class IndexDamaged(IndexNotFound):
    """A part of the index fails when read (a corrupted store, a truncated file)."""


class ModelUnavailable(IndexError_):
    """The configured embedding model cannot be loaded."""


class ModelMismatch(IndexError_):
    """The index was built with another embedding model or analyser than the one asked for."""


class BuildFailed(IndexError_):
    """A build could not complete; the previous index is left in place."""


class DiskFull(BuildFailed):
    """A build ran out of disk space; the message says how much to free, and where."""


def says_disk_full(exc: BaseException | None) -> bool:
    """Whether ``exc``, or what caused it, reports a full disk or quota (SQLite's "disk I/O error" too)."""
    for _ in range(8):  # a cause chain is short; a cycle must not hang
        if exc is None:
            return False
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if any(sign in str(exc) for sign in _FULL_DISK_SIGNS):
            return True
        exc = exc.__cause__ or exc.__context__
    return False
