"""A persistent cache of sentence embeddings, keyed by model and text.

It lives beside the index directory, not inside it, so that it survives the atomic swap of
one build for the next: a rebuild embeds only sentences it has never embedded with the
same model. Keys are ``<model cache key>:<sha1 of the text>``; vectors are float32 bytes.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np

__all__ = ["EmbeddingCache", "text_key"]

_CHUNK = 900


def text_key(model_key: str, text: str) -> str:
    """The cache key of one text under one model."""
    return f"{model_key}:{hashlib.sha1(text.encode('utf-8')).hexdigest()}"


class EmbeddingCache:
    """Get and put embeddings for one model in a SQLite file."""

    def __init__(self, path: Path, model_key: str, dimension: int) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(path)
        self._conn.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vec BLOB NOT NULL)")
        self._model_key = model_key
        self._dimension = dimension

    def close(self) -> None:
        """Commit and close."""
        self._conn.commit()
        self._conn.close()

    def get_many(self, texts: Sequence[str]) -> dict[int, np.ndarray]:
        """Cached vectors for ``texts``, by position in ``texts``; misses are absent."""
        keys = [text_key(self._model_key, t) for t in texts]
        positions: dict[str, list[int]] = {}
        for i, key in enumerate(keys):
            positions.setdefault(key, []).append(i)
        found: dict[int, np.ndarray] = {}
        unique = list(positions)
        for start in range(0, len(unique), _CHUNK):
            chunk = unique[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            for key, blob in self._conn.execute(f"SELECT key, vec FROM vectors WHERE key IN ({marks})", chunk):
                vec = np.frombuffer(blob, dtype=np.float32)
                if vec.shape[0] == self._dimension:
                    for i in positions[key]:
                        found[i] = vec
        return found

    def put_many(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Store vectors for texts (row i belongs to ``texts[i]``)."""
        rows = [(text_key(self._model_key, t), v.astype(np.float32).tobytes()) for t, v in zip(texts, vectors)]
        self._conn.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)

    def commit(self) -> None:
        """Make what was put so far durable (a build calls it once per chunk of sentences, not per batch)."""
        self._conn.commit()
