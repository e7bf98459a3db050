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

import contextlib
import hashlib
import logging
import sqlite3
import time
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from index.build.prepared import PreparedArticle
from index.errors import says_disk_full
from index.parts.store import select_in

__all__ = ["ArticleCache", "BlobCache", "EmbeddingCache", "text_key"]

logger = logging.getLogger(__name__)


class BlobCache:
    """One SQLite table of ``key`` → bytes, each entry with its CRC-32; writes are durable at :meth:`commit`.

    An entry whose bytes no longer match its checksum is a miss (counted in ``damaged``, recomputed
    by the build). A file SQLite cannot read (a damaged header, a truncated page) is set aside as
    ``<name>.damaged-<time>`` with a warning naming it, and an empty cache takes its place: a cache
    can cost work, never a build. Entries written before checksums (``crc`` NULL) are checked by
    :meth:`plausible` instead.
    """

    def __init__(self, path: Path, table: str, key: str, value: str) -> None:
        self.path = path
        self.damaged = 0
        self._schema = f"CREATE TABLE IF NOT EXISTS {table} ({key} TEXT PRIMARY KEY, {value} BLOB NOT NULL, crc INTEGER)"
        self._table = table
        self._select = f"SELECT {key}, {value}, crc FROM {table} WHERE {key} IN ({{marks}})"
        self._insert = f"INSERT OR REPLACE INTO {table} ({key}, {value}, crc) VALUES (?, ?, ?)"
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = self._open()

    def _open(self) -> sqlite3.Connection:
        try:
            return self._connect()
        except sqlite3.DatabaseError as exc:
            return self._replace(exc)

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path)
        try:
            conn.execute(self._schema)
            if "crc" not in {row[1] for row in conn.execute(f"PRAGMA table_info({self._table})")}:
                conn.execute(f"ALTER TABLE {self._table} ADD COLUMN crc INTEGER")  # a cache from before checksums
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return conn

    def _replace(self, exc: sqlite3.DatabaseError) -> sqlite3.Connection:
        """Set the unreadable file aside and start an empty cache in its place; a full disk is no damage
        (the file is kept, and the error goes to the build, which says how much space to free)."""
        if says_disk_full(exc):
            raise exc
        aside = self.path.with_name(f"{self.path.name}.damaged-{time.strftime('%Y%m%dT%H%M%S')}")
        with contextlib.suppress(OSError):
            self.path.replace(aside)
        for suffix in ("-journal", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                self.path.with_name(self.path.name + suffix).unlink()
        logger.warning("The cache %s is damaged (%s); set aside as %s, and an empty cache started: the build "
                       "goes on and recomputes what it held", self.path, exc, aside.name)
        return self._connect()

    def plausible(self, blob: bytes) -> bool:
        """Whether an entry written before checksums looks like one (subclasses know their values)."""
        return True

    def get_blobs(self, keys: Sequence[str]) -> dict[str, bytes]:
        """The stored bytes of ``keys`` that pass their checksum; misses and damaged entries are absent."""
        try:
            rows = list(select_in(self._conn.execute, self._select, list(dict.fromkeys(keys))))
        except sqlite3.DatabaseError as exc:
            self._conn = self._replace(exc)
            return {}
        found = {}
        for key, blob, crc in rows:
            if (zlib.crc32(blob) == crc) if crc is not None else self.plausible(blob):
                found[key] = blob
            else:
                self.damaged += 1
        return found

    def put_blobs(self, rows: Iterable[tuple[str, bytes]]) -> None:
        """Store ``(key, bytes)`` pairs with their checksums, replacing what a key held."""
        checked = [(key, blob, zlib.crc32(blob)) for key, blob in rows]
        try:
            self._conn.executemany(self._insert, checked)
        except sqlite3.DatabaseError as exc:
            self._conn = self._replace(exc)
            self._conn.executemany(self._insert, checked)

    def commit(self) -> None:
        """Make what was put so far durable (a build calls it once per chunk, not per batch)."""
        try:
            self._conn.commit()
        except sqlite3.DatabaseError as exc:
            self._conn = self._replace(exc)

    def close(self) -> None:
        """Commit and close; say how many damaged entries were read as misses."""
        self.commit()
        self._conn.close()
        if self.damaged:
            logger.warning("%d damaged entries in %s were read as misses and recomputed", self.damaged, self.path)


def text_key(model_key: str, text: str) -> str:
    """The cache key of one text under one model."""
    return f"{model_key}:{hashlib.sha1(text.encode('utf-8')).hexdigest()}"


class EmbeddingCache(BlobCache):
    """Sentence vectors of one model."""

    def __init__(self, path: Path, model_key: str, dimension: int) -> None:
        super().__init__(path, "vectors", "key", "vec")
        self._model_key = model_key
        self._dimension = dimension

    def plausible(self, blob: bytes) -> bool:
        """An unchecked vector is trusted only when it has the right length, is finite and of unit length."""
        if len(blob) != 4 * self._dimension:
            return False
        vector = np.frombuffer(blob, dtype=np.float32)
        return bool(np.isfinite(vector).all()) and abs(float(vector @ vector) - 1.0) < 1e-3

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
