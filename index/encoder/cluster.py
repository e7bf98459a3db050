"""Passages embedded on a Dask cluster: workers embed, the one builder process writes.

``isnad index --dask ADDRESS`` (or ``ISNAD_DASK_SCHEDULER``) hands the build an encoder whose
``encode`` cuts the texts into slices and maps them over the cluster's workers. Each worker
process loads the passage encoder once (:func:`_worker_encoder`, kept for the life of the worker)
from an :class:`EncoderSpec`, and checks it gives the vectors the builder's encoder describes.
Everything else stays with the builder: the embedding cache, the index and the atomic swap, so a
distributed build is incremental and atomic as a local one is, and gives the same index.
``local`` starts a ``LocalCluster`` of one single-threaded worker process per core on this machine.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index.encoder.embed import Encoder
from index.errors import ModelUnavailable

__all__ = ["LOCAL", "SLICE", "DaskModel", "EncoderSpec", "dask_encoder"]

#: The scheduler address that starts a cluster on this machine.
LOCAL = "local"
#: Texts per task: large enough that a task outweighs its scheduling (~1 ms), small enough to spread.
SLICE = 64

_WORKER_ENCODERS: dict[EncoderSpec, Encoder] = {}
_WORKER_LOCK = threading.Lock()


@dataclass(frozen=True)
class EncoderSpec:
    """How a worker loads the passage encoder: model, engine, and where the model lives."""

    model: str
    engine: str
    models_dir: str | None = None
    threads: int = 1
    cache_key: str = ""


def _worker_encoder(spec: EncoderSpec) -> Encoder:
    """The worker's encoder for ``spec``, loaded on its first task and kept."""
    from index.encoder.engines import load_passage_encoder

    with _WORKER_LOCK:
        if spec not in _WORKER_ENCODERS:
            models_dir = Path(spec.models_dir) if spec.models_dir else None
            encoder = load_passage_encoder(spec.model, spec.engine, threads=spec.threads, allow_fallback=False,
                                           models_dir=models_dir)
            if spec.cache_key and encoder.info.cache_key() != spec.cache_key:
                raise ModelUnavailable(
                    f"a Dask worker loads {spec.model!r} as other vectors than the builder's "
                    f"({encoder.info.fingerprint}); install the same model on every worker (make model)")
            _WORKER_ENCODERS[spec] = encoder
        return _WORKER_ENCODERS[spec]


def _embed_slice(spec: EncoderSpec, texts: list[str], documents: bool) -> np.ndarray:
    """One task: a slice of texts embedded on a worker."""
    encoder = _worker_encoder(spec)
    return encoder.encode_documents(texts, len(texts)) if documents else encoder.encode_queries(texts, len(texts))


class DaskModel:
    """The ``encode(texts, prompt=...)`` an :class:`Encoder` calls, run on a Dask cluster."""

    def __init__(self, client: Any, spec: EncoderSpec, document_prompt: str, owns_cluster: bool = False) -> None:
        self.client = client
        self.spec = spec
        self._document_prompt = document_prompt
        self._owns_cluster = owns_cluster

    def encode(self, texts: Sequence[str], prompt: str | None = None, **_: Any) -> np.ndarray:
        """Vectors for ``texts``, slice by slice on the workers, in order."""
        documents = (prompt or "") == self._document_prompt
        slices = [list(texts[i : i + SLICE]) for i in range(0, len(texts), SLICE)]
        futures = self.client.map(_embed_slice, [self.spec] * len(slices), slices, [documents] * len(slices),
                                  pure=False)
        parts = self.client.gather(futures)
        return np.concatenate(parts) if parts else np.zeros((0, 0), dtype=np.float32)

    def close(self) -> None:
        """Disconnect, and stop the cluster when this process started it."""
        cluster = getattr(self.client, "cluster", None)
        self.client.close()
        if cluster is not None and self._owns_cluster:
            cluster.close()


def dask_encoder(address: str, local: Encoder, spec: EncoderSpec, workers: int | None = None) -> Encoder:
    """``local``'s vectors computed on the Dask cluster at ``address`` (``local``: one started here).

    Raises:
        ModelUnavailable: when the scheduler cannot be reached.
    """
    from dask.distributed import Client, LocalCluster

    try:
        if address == LOCAL:
            cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                                   processes=True, dashboard_address=None)
            client = Client(cluster)
        else:
            client = Client(address, timeout="10s")
    except OSError as exc:
        raise ModelUnavailable(f"cannot reach the Dask scheduler at {address} ({exc}). Fix: start one with "
                               "`dask scheduler` and workers with `dask worker ADDRESS`, or leave --dask out") from exc
    model = DaskModel(client, spec, local.info.document_prompt, owns_cluster=address == LOCAL)
    return Encoder(model, local.info, engine=local.engine)
