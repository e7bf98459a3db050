"""retrieval.search: coverage counts the words of a sentence's context, as BM25 indexed it."""

from __future__ import annotations

from pathlib import Path

from index.build import build_index
from retrieval.opened import open_index
from retrieval.search import SearchOptions, search
from tests.conftest import fake_encoder

ARTICLE = "وصل وزير الخارجية الروسي إلى جنيف صباح اليوم.\nوقال إن الهدنة في حلب انتهت.\n"


def test_a_sentence_is_covered_through_its_paragraph(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("عنوان الخبر\n\n" + ARTICLE.replace("\n", " ", 1), encoding="utf-8")
    (folder / "b.txt").write_text("خبر آخر\n\nارتفعت أسعار النفط في الأسواق العالمية اليوم.\n", encoding="utf-8")
    encoder = fake_encoder()
    build_index([folder], tmp_path / "index", encoder, progress=False)
    index = open_index(tmp_path / "index", encoder_factory=lambda _: encoder)
    query, hits = search(index, "ماذا قال وزير الخارجية الروسي عن الهدنة؟", 5, SearchOptions(mode="lexical"))
    texts = index.store.sentences([h.sid for h in hits])
    said = next(h for h in hits if texts[h.sid].text.startswith("وقال"))
    # «وقال إن الهدنة في حلب انتهت» names neither the minister nor Russia; its paragraph does
    assert said.coverage == 1.0
    assert all(0.0 <= h.coverage <= 1.0 for h in hits)
