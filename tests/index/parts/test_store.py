"""index.parts.store: moving sentence ids, in place or by copying the table, keeps every row."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.build.prepared import prepare
from index.parts.store import SentenceStore
from index.text.articles import Article


def _store(path: Path, articles: int) -> SentenceStore:
    store = SentenceStore.create(path)
    for i in range(articles):
        article = Article(f"a{i}", f"وقال المتحدث إن الاجتماع {i} انتهى.\nوأضاف أن الوفد غادر.\n")
        store.add_document(prepare(article).document(article))
    store.commit()
    return store


@pytest.mark.parametrize("shifts", [{"a7": 2}, {f"a{i}": -2 for i in range(1, 8)}],
                         ids=["few rows: in place", "most rows: table copied"])
def test_moving_sentences_keeps_every_row_under_its_new_id(tmp_path: Path, shifts: dict[str, int]) -> None:
    store = _store(tmp_path / "store.sqlite", 8)
    before = store.sentences(range(16))
    store.set_speakers({15: "كير"})
    store.delete_articles(["a0"])  # frees sids 0 and 1
    store.move_sentences(shifts)
    store.commit()
    after = store.sentences(range(-2, 18))
    assert len(after) == 14
    for sid, sentence in before.items():
        if sentence.article_id != "a0":
            moved = after[sid + shifts.get(sentence.article_id, 0)]
            assert (moved.article_id, moved.position, moved.text) == (sentence.article_id, sentence.position, sentence.text)
    assert store.speakers() == {15 + shifts["a7"]: "كير"}
    assert store.neighbours("a7", 2, 0)[0].sid == 15 + shifts["a7"]


def test_a_store_from_before_publication_dates_is_read_and_copied_with_them(tmp_path: Path) -> None:
    import sqlite3

    from index.build.run import BuildOptions, build_index
    from tests.conftest import SEEDS, fake_encoder

    build_index([SEEDS], tmp_path / "index", fake_encoder(), BuildOptions(progress=False))
    current = (tmp_path / "index").resolve() / "store.sqlite"
    with sqlite3.connect(current) as conn:
        expected = dict(conn.execute("SELECT id, published FROM articles"))
    old = tmp_path / "old.sqlite"
    old.write_bytes(current.read_bytes())
    with sqlite3.connect(old) as conn:
        conn.execute("ALTER TABLE articles DROP COLUMN published")
    reader = SentenceStore.open_readonly(old)
    assert {a.published for a in reader.articles(list(expected)).values()} == {None}
    assert reader.count_undated() == len(expected) and int(reader.sentence_periods()[1].max()) == -1
    reader.close()
    copy = SentenceStore.copy_of(old, tmp_path / "copy.sqlite")
    assert {i: a.published for i, a in copy.articles(list(expected)).items()} == expected
    assert any(expected.values())
    copy.close()
