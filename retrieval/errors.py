"""Errors raised on the query side; ``bot/`` turns them into messages."""

from __future__ import annotations

from index.errors import IndexError_, IndexNotFound, ModelMismatch, ModelUnavailable

__all__ = ["RetrievalError", "IndexNotFound", "ModelMismatch", "ModelUnavailable", "UnknownMode"]


class RetrievalError(IndexError_):
    """Base class of query-side errors."""


class UnknownMode(RetrievalError):
    """A search mode that does not exist; the message lists the valid ones."""
