"""The build's two persistent caches, one shape: a SQLite file holding one table of key → bytes.

Both live beside the index directory, not inside it, so they survive the atomic swap of one
build for the next:

- :class:`EmbeddingCache`: sentence vectors keyed by ``<model cache key>:<sha1 of the text>``
  (float32 bytes), so a rebuild embeds only sentences it has never embedded with the same model;
- :class:`ArticleCache`: prepared articles (:class:`index.build.prepared.PreparedArticle`) keyed
  by :func:`index.build.prepared.content_digest`, so an article whose title, text and analysing
  code are unchanged is never cleaned, split or analysed again, whichever build it was first
  prepared for.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from index.build.prepared import PreparedArticle
from index.parts.store import select_in

__all__ = ["ArticleCache", "BlobCache", "EmbeddingCache", "text_key"]


class BlobCache:
    """One SQLite table of ``key`` → bytes; writes are durable at :meth:`commit` or :meth:`close`."""

    def __init__(self, path: Path, table: str, key: str, value: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(path)
        self._conn.execute(f"CREATE TABLE IF NOT EXISTS {table} ({key} TEXT PRIMARY KEY, {value} BLOB NOT NULL)")
        self._select = f"SELECT {key}, {value} FROM {table} WHERE {key} IN ({{marks}})"
        self._insert = f"INSERT OR REPLACE INTO {table} VALUES (?, ?)"

    def get_blobs(self, keys: Sequence[str]) -> dict[str, bytes]:
        """The stored bytes of ``keys``; misses are absent."""
        return dict(select_in(self._conn.execute, self._select, list(dict.fromkeys(keys))))

    def put_blobs(self, rows: Iterable[tuple[str, bytes]]) -> None:
        """Store ``(key, bytes)`` pairs, replacing what a key held."""
        self._conn.executemany(self._insert, rows)

    def commit(self) -> None:
        """Make what was put so far durable (a build calls it once per chunk, not per batch)."""
        self._conn.commit()

    def close(self) -> None:
        """Commit and close."""
        self._conn.commit()
        self._conn.close()


def text_key(model_key: str, text: str) -> str:
    """The cache key of one text under one model."""
    return f"{model_key}:{hashlib.sha1(text.encode('utf-8')).hexdigest()}"


class EmbeddingCache(BlobCache):
    """Sentence vectors of one model."""

    def __init__(self, path: Path, model_key: str, dimension: int) -> None:
        super().__init__(path, "vectors", "key", "vec")
        self._model_key = model_key
        self._dimension = dimension

    def get_many(self, texts: Sequence[str]) -> dict[int, np.ndarray]:
        """Cached vectors for ``texts``, by position in ``texts``; misses are absent."""
        keys = [text_key(self._model_key, t) for t in texts]
        blobs = self.get_blobs(keys)
        found: dict[int, np.ndarray] = {}
        for i, key in enumerate(keys):
            blob = blobs.get(key)
            if blob is not None and len(blob) == 4 * self._dimension:
                found[i] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Store vectors for texts (row i belongs to ``texts[i]``)."""
        self.put_blobs((text_key(self._model_key, t), v.astype(np.float32).tobytes()) for t, v in zip(texts, vectors))


class ArticleCache(BlobCache):
    """Prepared articles by content digest."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, "prepared", "digest", "payload")

    def get(self, digest: str) -> PreparedArticle | None:
        """The prepared article stored under ``digest``, or ``None``; an undecodable entry is a miss."""
        blob = self.get_blobs([digest]).get(digest)
        if blob is None:
            return None
        try:
            return PreparedArticle.from_bytes(blob)
        except (ValueError, TypeError):  # what from_bytes raises on a damaged entry
            return None

    def put(self, digest: str, prepared: PreparedArticle) -> None:
        """Store a prepared article (committed by :meth:`commit` or :meth:`close`)."""
        self.put_blobs([(digest, prepared.to_bytes())])
