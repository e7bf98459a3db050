"""Engines whose question vectors are computed once per process, for sweeps over many settings."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from retrieval.engine import Engine

_VECTORS: dict[str, np.ndarray] = {}


class MemoEncoder:
    """Wraps an encoder; a question's vector is reused across settings and indexes of one model."""

    def __init__(self, encoder) -> None:
        self._encoder, self.info = encoder, encoder.info

    def encode_queries(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        key = self.info.cache_key()
        missing = [t for t in dict.fromkeys(texts) if (key, t) not in _VECTORS]
        if missing:
            for text, vector in zip(missing, self._encoder.encode_queries(missing)):
                _VECTORS[(key, text)] = vector
        return np.stack([_VECTORS[(key, t)] for t in texts])


def memo_engine(index_dir: Path) -> Engine:
    """An engine over ``index_dir`` whose encoder remembers question vectors."""
    engine = Engine(index_dir)
    engine.index._encoder = MemoEncoder(engine.index.encoder)
    return engine
