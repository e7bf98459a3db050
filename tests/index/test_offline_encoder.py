"""Training the offline encoder: a loadable, deterministic sentence-transformers model."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from index.embed import load_encoder
from index.offline_encoder import train_offline_encoder
from tests.conftest import SEEDS


def _train(out: Path) -> Path:
    return train_offline_encoder([SEEDS], out, vocab_size=400, dim=8, seed=0)


def test_trained_model_loads_offline_and_folds_arabic(tmp_path: Path) -> None:
    encoder = load_encoder(str(_train(tmp_path / "model")), allow_fallback=False)
    assert encoder.info.dimension == 8
    a, b = encoder.encode_queries(["قال كيرى", "قال كيري"])
    np.testing.assert_allclose(a, b, atol=1e-6)


def test_training_is_deterministic(tmp_path: Path) -> None:
    first = _train(tmp_path / "one")
    second = _train(tmp_path / "two")
    assert (first / "model.safetensors").read_bytes() == (second / "model.safetensors").read_bytes()
    assert (first / "tokenizer.json").read_bytes() == (second / "tokenizer.json").read_bytes()
