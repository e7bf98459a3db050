"""Incremental builds: the same index as a build from scratch, at a cost in proportion to the change.

An index is built, then its corpus gains, changes and loses articles (one inserted mid-folder
so later sentence ids move, one JSONL record inserted at the top so every later origin moves,
a URL changed, and an article whose appositions re-key an unchanged article's speaker); the
incremental rebuild must equal a ``--full`` build of the new corpus in every part: the store
row for row (sids and speakers included), BM25 scores of every token, every sentence's vector,
the people registry.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pytest

import index.build.plan
from index.build.run import BuildOptions, BuildReport, build_index
from index.parts.context import LexicalContext
from index.parts.layout import (
    DENSE_NAME,
    LEXICAL_NAME,
    PEOPLE_NAME,
    REUSE_ARTICLES_NAME,
    REUSE_NAME,
    STORE_NAME,
)
from index.parts.lexical import LexicalIndex
from index.parts.manifest import read_manifest
from index.parts.vectors import VectorIndex
from tests.conftest import fake_encoder
from tests.corpus_changes import KERRY, change_corpus, make_corpus


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return make_corpus(tmp_path / "corpus")


def _build(paths: list[Path], index_dir: Path, **kwargs: object) -> BuildReport:
    encoder = kwargs.pop("encoder", None) or fake_encoder()
    return build_index(paths, index_dir, encoder, BuildOptions(progress=False, **kwargs))


def _store_rows(index_dir: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(index_dir / STORE_NAME)
    try:
        return {
            "articles": conn.execute("SELECT * FROM articles ORDER BY id").fetchall(),
            "sentences": conn.execute("SELECT * FROM sentences ORDER BY sid").fetchall(),
            "headings": conn.execute('SELECT * FROM headings ORDER BY article_id, start, "end"').fetchall(),
        }
    finally:
        conn.close()


def _bm25(index_dir: Path) -> tuple[int, dict[str, list[float]]]:
    lexical = LexicalIndex.load(index_dir / LEXICAL_NAME, mmap=False)
    tokens = lexical.known(list(lexical._vocab))
    return lexical.size, {t: lexical.scores([t]).tolist() for t in tokens}


def _vectors(index_dir: Path, sentences: int) -> np.ndarray:
    vectors = VectorIndex.load(index_dir / DENSE_NAME)
    assert len(vectors) == sentences
    return vectors.take(0, sentences).copy()


def _assert_close_codes(incremental: np.ndarray, full: np.ndarray) -> None:
    """8-bit codes of the same vectors from quantisers trained on different samples: a bin or two
    apart, except where an appended vector fell outside the ranges the first build learnt (the
    fake encoder's vectors are sparse; real e5 vectors spread over every dimension)."""
    close = np.isclose(incremental, full, atol=0.02).all(axis=1)
    assert close.mean() >= 0.95 and np.abs(incremental - full).mean() < 0.01


def assert_same_index(incremental: Path, full: Path) -> None:
    """Every part of two built indexes holds the same thing."""
    sentences = read_manifest(full).sentences
    assert read_manifest(incremental).sentences == sentences
    assert _store_rows(incremental) == _store_rows(full)
    assert _bm25(incremental) == _bm25(full)
    assert np.array_equal(_vectors(incremental, sentences), _vectors(full, sentences))
    people = json.loads((full / PEOPLE_NAME).read_text(encoding="utf-8"))
    assert json.loads((incremental / PEOPLE_NAME).read_text(encoding="utf-8")) == people


def test_an_incremental_build_equals_a_full_build_of_the_changed_corpus(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    first = _build([corpus], index_dir)
    assert first.reused_from == "" and first.articles_analysed == first.articles == 9
    change_corpus(corpus)
    encoder = fake_encoder()
    again = _build([corpus], index_dir, encoder=encoder)
    assert again.reused_from == first.index_dir.resolve().name or again.reused_from
    # 6 kept unchanged (j1-j3 among them, though their lines moved); 001 changed; 002a, 011, j0 new; 003 gone
    # 001 is changed, not removed: the report tells the two apart
    assert (again.articles_reused, again.articles_analysed, again.articles_changed, again.articles_removed) == (7, 4, 1, 1)
    assert sorted(encoder._model.encoded) == sorted(
        ["ولم يتحدث كيري صراحة عن فشل.", "وقال كيري إن المحادثات في جنيف كانت صعبة.",
         "وأضاف المرصد أن القصف استمر حتى المساء.", "وصل الوفد إلى جنيف صباح اليوم.",
         "وقال وزير الخارجية الروسي سيرغي لافروف إن موسكو تدعم الهدنة في حلب."]
    )
    reference = tmp_path / "reference"
    _build([corpus], reference, full=True, cache_path=tmp_path / "other-cache" / "embeddings.sqlite")
    assert_same_index(index_dir, reference)
    speakers = {row[6]: row[7] for row in _store_rows(index_dir)["sentences"]}
    assert speakers["وقال وزير الخارجية الروسي إن الحل في سوريا سياسي."] == "افروف"


def test_a_chain_of_incremental_builds_stays_equal_to_a_full_build(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    _build([corpus], index_dir)
    moved = corpus / "004_7456d795c60e2cad.txt"
    kept = moved.read_text(encoding="utf-8")
    moved.unlink()
    assert _build([corpus], index_dir).articles_removed == 1
    change_corpus(corpus)
    _build([corpus], index_dir)
    moved.write_text(kept, encoding="utf-8")
    back = _build([corpus], index_dir)
    assert back.articles_analysed == 0 and back.articles_from_cache == 1  # prepared before: read from the cache
    reference = tmp_path / "reference"
    _build([corpus], reference, full=True, cache_path=tmp_path / "other-cache" / "embeddings.sqlite")
    assert_same_index(index_dir, reference)


def test_an_unchanged_article_is_never_prepared_again(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    index_dir = tmp_path / "index"
    _build([corpus], index_dir)
    prepared: list[str] = []
    real = index.build.plan.prepare

    def counting(article):
        prepared.append(article.id)
        return real(article)

    monkeypatch.setattr(index.build.plan, "prepare", counting)
    (corpus / "012_kerry.txt").write_text(KERRY, encoding="utf-8")
    assert _build([corpus], index_dir).articles_reused == 9
    assert prepared == ["012_kerry"]
    # Without a previous build (the index folder gone), the article cache still saves all the work.
    shutil.rmtree(tmp_path / ".index.builds")
    (tmp_path / "index").unlink()
    report = _build([corpus], index_dir)
    assert report.reused_from == "" and report.articles_from_cache == 10 and prepared == ["012_kerry"]


def test_another_lexical_context_builds_afresh_from_the_article_cache(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    _build([corpus], index_dir)
    context = LexicalContext(sentence_weight=1, paragraph=False, neighbours=1, title_weight=1)
    report = _build([corpus], index_dir, lexical_context=context)
    assert report.reused_from == "" and report.articles_analysed == 0 and report.embeddings_computed == 0
    change_corpus(corpus)
    _build([corpus], index_dir, lexical_context=context)
    reference = tmp_path / "reference"
    _build([corpus], reference, full=True, lexical_context=context,
           cache_path=tmp_path / "other-cache" / "embeddings.sqlite")
    assert_same_index(index_dir, reference)


def test_an_approximate_index_is_extended_when_articles_are_only_added(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    _build([corpus], index_dir, approximate_above=1)
    (corpus / "zz_kerry.txt").write_text(KERRY, encoding="utf-8")  # sorts last: an append
    report = _build([corpus], index_dir, approximate_above=1)
    assert report.embeddings_computed == 2 and read_manifest(index_dir).dense_index.startswith("IndexIVFPQFastScan")
    reference = tmp_path / "reference"
    _build([corpus], reference, full=True, approximate_above=1,
           cache_path=tmp_path / "other-cache" / "embeddings.sqlite")
    sentences = read_manifest(reference).sentences
    _assert_close_codes(_vectors(index_dir, sentences), _vectors(reference, sentences))
    (corpus / "000_b30e27f7553fe46c.txt").unlink()  # a removal: a new inverted file is filled in sid order
    _build([corpus], index_dir, approximate_above=1)
    _build([corpus], reference, full=True, approximate_above=1,
           cache_path=tmp_path / "other-cache" / "embeddings.sqlite")
    sentences = read_manifest(reference).sentences
    _assert_close_codes(_vectors(index_dir, sentences), _vectors(reference, sentences))
    assert _store_rows(index_dir) == _store_rows(reference)


def test_a_build_whose_reuse_state_is_unreadable_is_not_copied(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    _build([corpus], index_dir)
    (index_dir / REUSE_NAME / REUSE_ARTICLES_NAME).write_text("[]", encoding="utf-8")  # an older layout
    report = _build([corpus], index_dir)
    assert report.reused_from == "" and report.articles_from_cache == report.articles
    reference = tmp_path / "reference"
    _build([corpus], reference, full=True, cache_path=tmp_path / "other-cache" / "embeddings.sqlite")
    assert_same_index(index_dir, reference)
