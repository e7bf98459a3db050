"""A persistent cache of prepared articles (:class:`index.build.prepared.PreparedArticle`), keyed by digest.

It lives beside the index directory with the embedding cache, so it survives the swap of one
build for the next: an article whose title, text and analysing code are unchanged
(:func:`index.build.prepared.content_digest`) is never cleaned, split or analysed again, whichever
build or index it was first prepared for.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from index.build.prepared import PreparedArticle

__all__ = ["ArticleCache"]


class ArticleCache:
    """Get and put prepared articles in a SQLite file."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(path)
        self._conn.execute("CREATE TABLE IF NOT EXISTS prepared (digest TEXT PRIMARY KEY, payload BLOB NOT NULL)")

    def close(self) -> None:
        """Commit and close."""
        self._conn.commit()
        self._conn.close()

    def get(self, digest: str) -> PreparedArticle | None:
        """The prepared article stored under ``digest``, or ``None``; an undecodable entry is a miss."""
        row = self._conn.execute("SELECT payload FROM prepared WHERE digest = ?", (digest,)).fetchone()
        if row is None:
            return None
        try:
            return PreparedArticle.from_bytes(row[0])
        except (ValueError, TypeError):  # what from_bytes raises on a damaged entry
            return None

    def put(self, digest: str, prepared: PreparedArticle) -> None:
        """Store a prepared article (committed by :meth:`commit` or :meth:`close`)."""
        self._conn.execute("INSERT OR REPLACE INTO prepared VALUES (?, ?)", (digest, prepared.to_bytes()))

    def commit(self) -> None:
        """Make what was put so far durable."""
        self._conn.commit()
