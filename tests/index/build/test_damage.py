"""Damaged caches and reuse/ parts cost work, never a build, and never change a vector silently."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np

from index.build.caches import ArticleCache, EmbeddingCache
from index.build.run import BuildOptions, build_index
from index.parts.layout import REUSE_COUNTS_NAME, REUSE_NAME
from index.reader import open_index
from tests.conftest import SEEDS, fake_encoder


def _unit(n: int, dimension: int = 8) -> np.ndarray:
    vectors = np.random.default_rng(0).normal(size=(n, dimension)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_a_vector_whose_bytes_changed_is_a_miss_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "embeddings.sqlite"
    cache = EmbeddingCache(path, "m", 8)
    cache.put_many(["أ", "ب", "ج"], _unit(3))
    cache.close()
    with sqlite3.connect(path) as conn:
        (key, blob), *_ = conn.execute("SELECT key, vec FROM vectors ORDER BY key").fetchall()
        flipped = bytearray(blob)
        flipped[5] ^= 0x40  # one bit of one float: the vector looks like a vector still
        conn.execute("UPDATE vectors SET vec = ? WHERE key = ?", (bytes(flipped), key))
    cache = EmbeddingCache(path, "m", 8)
    assert len(cache.get_many(["أ", "ب", "ج"])) == 2 and cache.damaged == 1
    cache.close()


def test_an_entry_from_before_checksums_is_trusted_only_when_it_is_a_unit_vector(tmp_path: Path) -> None:
    path = tmp_path / "embeddings.sqlite"
    with sqlite3.connect(path) as conn:  # the cache as it was before checksums
        conn.execute("CREATE TABLE vectors (key TEXT PRIMARY KEY, vec BLOB NOT NULL)")
        from index.build.caches import text_key

        good, bad = _unit(2)
        conn.execute("INSERT INTO vectors VALUES (?, ?)", (text_key("m", "good"), good.tobytes()))
        conn.execute("INSERT INTO vectors VALUES (?, ?)", (text_key("m", "bad"), (bad * 85_000).tobytes()))
    cache = EmbeddingCache(path, "m", 8)
    found = cache.get_many(["good", "bad"])
    assert list(found) == [0] and np.array_equal(found[0], good) and cache.damaged == 1
    cache.put_many(["bad"], bad[None])  # recomputed and written with its checksum
    assert set(cache.get_many(["good", "bad"])) == {0, 1}
    cache.close()


def test_an_unreadable_cache_file_is_set_aside_and_the_build_goes_on(tmp_path: Path) -> None:
    cache_path = tmp_path / "cache" / "embeddings.sqlite"
    options = BuildOptions(progress=False, cache_path=cache_path)
    build_index([SEEDS], tmp_path / "index", fake_encoder(), options)
    for name in ("embeddings.sqlite", "articles.sqlite"):
        damaged = tmp_path / "cache" / name
        damaged.write_bytes(b"\x00garbage header" * 8 + damaged.read_bytes()[128:])
    report = build_index([SEEDS], tmp_path / "index", fake_encoder(), BuildOptions(progress=False, cache_path=cache_path,
                                                                                  full=True))
    assert report.sentences > 60 and report.embeddings_computed == report.sentences
    aside = sorted(p.name.split(".damaged-")[0] for p in (tmp_path / "cache").glob("*.damaged-*"))
    assert aside == ["articles.sqlite", "embeddings.sqlite"]
    cache = ArticleCache(tmp_path / "cache" / "articles.sqlite")  # the new cache is whole again
    assert cache.get_blobs(["x"]) == {} and cache.damaged == 0
    cache.close()


def test_damaged_reuse_parts_fall_back_to_a_full_build_by_themselves(tmp_path: Path) -> None:
    encoder = fake_encoder()
    options = BuildOptions(progress=False, cache_path=tmp_path / "cache" / "embeddings.sqlite")
    build_index([SEEDS], tmp_path / "index", encoder, options)
    full = open_index(tmp_path / "index", encoder_factory=lambda _: encoder)
    reuse = (tmp_path / "index").resolve() / REUSE_NAME / REUSE_COUNTS_NAME
    damages = [
        lambda: (reuse / "indptr.npy").unlink(),
        lambda: (reuse / "tokens.npy").write_bytes((reuse / "tokens.npy").read_bytes()[:200]),
        lambda: (reuse / "vocab.json").write_bytes(b"\xff\xfe not json"),
    ]
    for damage in damages:
        damage()
        report = build_index([SEEDS], tmp_path / "index", encoder, options)
        assert report.reused_from == "" and report.articles == full.manifest.articles
        rebuilt = open_index(tmp_path / "index", encoder_factory=lambda _: encoder)
        n = rebuilt.manifest.sentences
        assert rebuilt.store.sentences(range(n)) == full.store.sentences(range(n))
        assert np.allclose(rebuilt.vectors.take(0, n), full.vectors.take(0, n))
        reuse = (tmp_path / "index").resolve() / REUSE_NAME / REUSE_COUNTS_NAME



def test_a_sentence_repeated_across_articles_is_embedded_once(tmp_path: Path) -> None:
    corpus = tmp_path / "articles"
    corpus.mkdir()
    agency = "وقالت الوكالة إن الاجتماع سيعقد في جنيف الأسبوع المقبل."
    for n in range(60):
        (corpus / f"{n}.txt").write_text(f"خبر رقم {n}\n\nافتتح المعرض رقم {n} أبوابه صباح اليوم. {agency}\n",
                                         encoding="utf-8")
    encoder = fake_encoder()
    report = build_index([corpus], tmp_path / "index", encoder, BuildOptions(progress=False,
                                                                            cache_path=tmp_path / "c" / "e.sqlite"))
    assert encoder._model.encoded.count(agency) == 1
    assert report.embeddings_computed == 61 and report.embeddings_reused == 59
    index = open_index(tmp_path / "index", encoder_factory=lambda _: encoder)
    copies = [s.sid for s in index.store.sentences(range(report.sentences)).values() if s.text == agency]
    assert len(copies) == 60 and np.allclose(index.vectors.take(copies[0], copies[0] + 1),
                                             index.vectors.take(copies[-1], copies[-1] + 1))
