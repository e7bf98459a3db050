"""index.build.caches: embeddings kept per model and text, prepared articles per digest, across builds."""

from __future__ import annotations

import json
import sqlite3
import zlib
from pathlib import Path

import numpy as np
import pytest

from index.build.caches import ArticleCache, EmbeddingCache, text_key
from index.build.prepared import PreparedArticle, content_digest, prepare
from index.text.articles import ArticleReader
from tests.conftest import SEEDS


def test_vectors_come_back_for_the_same_model_and_text_only(tmp_path: Path) -> None:
    path = tmp_path / "embeddings.sqlite"
    vectors = np.arange(6, dtype=np.float32).reshape(2, 3)
    cache = EmbeddingCache(path, "model-a", 3)
    cache.put_many(["قال كيري", "حلب"], vectors)
    cache.close()
    again = EmbeddingCache(path, "model-a", 3)
    found = again.get_many(["حلب", "نهر", "قال كيري", "حلب"])
    assert sorted(found) == [0, 2, 3]
    np.testing.assert_array_equal(found[0], vectors[1])
    np.testing.assert_array_equal(found[2], vectors[0])
    again.close()
    other = EmbeddingCache(path, "model-b", 3)
    assert other.get_many(["حلب"]) == {}
    other.close()


def test_a_vector_of_another_dimension_is_a_miss(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path / "e.sqlite", "m", 3)
    cache.put_many(["حلب"], np.ones((1, 3), dtype=np.float32))
    cache.close()
    assert EmbeddingCache(tmp_path / "e.sqlite", "m", 4).get_many(["حلب"]) == {}


def test_keys_depend_on_model_and_text() -> None:
    assert text_key("m", "حلب") == text_key("m", "حلب")
    assert len({text_key("m", "حلب"), text_key("n", "حلب"), text_key("m", "حلب ")}) == 3




@pytest.fixture(scope="module")
def prepared_seeds() -> list[tuple[str, PreparedArticle]]:
    return [(content_digest(a), prepare(a)) for a in ArticleReader([SEEDS])]


def test_every_seed_article_comes_back_equal(prepared_seeds, tmp_path: Path) -> None:
    cache = ArticleCache(tmp_path / "articles.sqlite")
    for digest, prepared in prepared_seeds:
        cache.put(digest, prepared)
    cache.close()
    reopened = ArticleCache(tmp_path / "articles.sqlite")
    for digest, prepared in prepared_seeds:
        back = reopened.get(digest)
        assert back == prepared
        assert [type(a) for a in back.appositions] == [type(a) for a in prepared.appositions]
        assert [type(p) for p in back.phrases] == [type(p) for p in prepared.phrases]
    assert any(prepared.appositions for _, prepared in prepared_seeds)  # the seeds exercise every field
    assert any(p is not None for _, prepared in prepared_seeds for p in prepared.phrases)


def test_the_encoding_is_compact(prepared_seeds) -> None:
    for _, prepared in prepared_seeds:
        text = "".join(s[3] for s in prepared.sentences).encode("utf-8")
        assert len(prepared.to_bytes()) < len(text)  # tokens and findings included, still smaller


@pytest.mark.parametrize(
    "payload",
    [b"", b"not compressed at all", zlib.compress(b'["an earlier encoding"]'), b"\x28\xb5\x2f\xfd garbage"],
    ids=["empty", "plain bytes", "an earlier json+zlib entry", "a damaged zstd frame"],
)
def test_a_damaged_or_foreign_entry_is_a_miss(prepared_seeds, tmp_path: Path, payload: bytes) -> None:
    digest, prepared = prepared_seeds[0]
    cache = ArticleCache(tmp_path / "articles.sqlite")
    cache.put(digest, prepared)
    cache.close()
    with sqlite3.connect(tmp_path / "articles.sqlite") as conn:
        conn.execute("UPDATE prepared SET payload = ? WHERE digest = ?", (payload, digest))
    assert ArticleCache(tmp_path / "articles.sqlite").get(digest) is None


def test_valid_json_of_the_wrong_shape_is_a_miss(prepared_seeds, tmp_path: Path) -> None:
    import zstandard

    digest, prepared = prepared_seeds[0]
    cache = ArticleCache(tmp_path / "articles.sqlite")
    cache.put(digest, prepared)
    cache.close()
    wrong = zstandard.ZstdCompressor().compress(json.dumps({"title": "x"}).encode())
    with sqlite3.connect(tmp_path / "articles.sqlite") as conn:
        conn.execute("UPDATE prepared SET payload = ? WHERE digest = ?", (wrong, digest))
    assert ArticleCache(tmp_path / "articles.sqlite").get(digest) is None
