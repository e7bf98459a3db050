"""Errors raised by the ingest and build side; ``bot/`` turns them into messages."""

from __future__ import annotations

__all__ = [
    "BuildFailed",
    "IndexNotFound",
    "IndexDamaged",
    "IndexError_",
    "ModelMismatch",
    "ModelUnavailable",
    "UnreadableInput",
]


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
