"""index.build.caches: embeddings kept per model and text, across builds."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from index.build.caches import EmbeddingCache, text_key


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
