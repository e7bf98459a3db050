"""How sentences are composed for the encoder, and that a build records it and never mixes two."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.build.prepared import PASSAGE_COMPOSITIONS, prepare
from index.build.run import BuildOptions, build_index
from index.text.articles import Article
from tests.conftest import fake_encoder

ARTICLE = Article("a1", "قال الوزير إن الاجتماع انتهى. وأضاف أن الاتفاق قريب. ولم يذكر موعدا.", title="لقاء في تونس")


def test_each_composition_gives_one_passage_a_sentence() -> None:
    prepared = prepare(ARTICLE)
    texts = prepared.texts
    assert len(texts) == 3
    assert prepared.passages("sentence") == texts
    assert prepared.passages("title") == [f"لقاء في تونس. {t}" for t in texts]
    assert prepared.passages("previous") == [texts[0], f"{texts[0]} {texts[1]}", f"{texts[1]} {texts[2]}"]
    assert prepared.passages("window") == [" ".join(texts[:2]), " ".join(texts), " ".join(texts[1:])]
    with pytest.raises(ValueError, match="window"):
        prepared.passages("paragraph")
    assert set(PASSAGE_COMPOSITIONS) == {"sentence", "title", "previous", "window"}


def test_an_untitled_article_embeds_its_sentences_alone_under_title() -> None:
    prepared = prepare(Article("a2", "قال الوزير إن الاجتماع انتهى. وأضاف أن الاتفاق قريب."))
    assert prepared.title is None and prepared.passages("title") == prepared.texts


def _write(tmp_path: Path) -> Path:
    path = tmp_path / "articles.jsonl"
    path.write_text(json.dumps({"id": ARTICLE.id, "title": ARTICLE.title, "text": ARTICLE.text}, ensure_ascii=False)
                    + "\n", encoding="utf-8")
    return path


def test_a_build_records_its_composition_and_another_one_embeds_again(tmp_path: Path) -> None:
    corpus, index_dir, encoder = _write(tmp_path), tmp_path / "index", fake_encoder()
    first = build_index([corpus], index_dir, encoder, BuildOptions(progress=False))
    assert json.loads((index_dir / "manifest.json").read_text())["passage"] == "sentence"
    titled = build_index([corpus], index_dir, encoder, BuildOptions(progress=False, passage="title"))
    assert json.loads((index_dir / "manifest.json").read_text())["passage"] == "title"
    # other texts, other vectors: nothing is copied from the sentence-alone build
    assert first.embeddings_computed == 3 and titled.embeddings_computed == 3 and titled.reused_from == ""
    again = build_index([corpus], index_dir, encoder, BuildOptions(progress=False, passage="title"))
    assert again.embeddings_computed == 0
