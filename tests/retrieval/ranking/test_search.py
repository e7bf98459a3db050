"""retrieval.ranking.search: coverage counts the words of a sentence's context, as BM25 indexed it."""

from __future__ import annotations

from pathlib import Path

from index.build.run import BuildOptions, build_index
from index.reader import open_index
from retrieval.ranking.question_vectors import QuestionVectors
from retrieval.ranking.search import SearchOptions, analyze_query, search
from tests.conftest import fake_encoder

ARTICLE = "وصل وزير الخارجية الروسي إلى جنيف صباح اليوم.\nوقال إن الهدنة في حلب انتهت.\n"


def test_a_sentence_is_covered_through_its_paragraph(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("عنوان الخبر\n\n" + ARTICLE.replace("\n", " ", 1), encoding="utf-8")
    (folder / "b.txt").write_text("خبر آخر\n\nارتفعت أسعار النفط في الأسواق العالمية اليوم.\n", encoding="utf-8")
    encoder = fake_encoder()
    build_index([folder], tmp_path / "index", encoder, BuildOptions(progress=False))
    index = open_index(tmp_path / "index", encoder_factory=lambda _: encoder)
    question = "ماذا قال وزير الخارجية الروسي عن الهدنة؟"
    hits = search(index, analyze_query(index, question), 5, SearchOptions(mode="lexical"))
    texts = index.store.sentences([h.sid for h in hits])
    said = next(h for h in hits if texts[h.sid].text.startswith("وقال"))
    # «وقال إن الهدنة في حلب انتهت» names neither the minister nor Russia; its paragraph does
    assert said.coverage == 1.0
    assert all(0.0 <= h.coverage <= 1.0 for h in hits)


def _two_articles(tmp_path: Path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("عنوان الخبر\n\n" + ARTICLE, encoding="utf-8")
    (folder / "b.txt").write_text("خبر آخر\n\nارتفعت أسعار النفط في الأسواق العالمية اليوم.\n", encoding="utf-8")
    encoder = fake_encoder()
    build_index([folder], tmp_path / "index", encoder, BuildOptions(progress=False))
    return encoder, open_index(tmp_path / "index", encoder_factory=lambda _: encoder)


def test_every_hit_of_an_embedded_question_carries_its_cosine(tmp_path: Path) -> None:
    import numpy as np

    encoder, index = _two_articles(tmp_path)
    question = "أسعار النفط"
    hits = search(index, analyze_query(index, question), 5, SearchOptions(mode="hybrid", overfetch=1))
    vector = encoder.encode_queries([question])[0]
    texts = index.store.sentences([h.sid for h in hits])
    assert len(hits) >= 2 and all(h.embedded for h in hits)
    for hit in hits:  # overfetch=1: the dense leg returned one hit, the others were looked up
        expected = float(encoder.encode_documents([texts[hit.sid].text])[0] @ vector)
        assert np.isclose(hit.dense, expected, atol=1e-5)
    lexical = search(index, analyze_query(index, question), 5, SearchOptions(mode="lexical"))
    assert not any(h.embedded for h in lexical)


def test_a_question_is_embedded_once_however_often_it_is_searched(tmp_path: Path) -> None:
    encoder, index = _two_articles(tmp_path)
    vectors = QuestionVectors(index)
    for _ in range(3):
        search(index, analyze_query(index, "أسعار النفط"), 5, SearchOptions(mode="hybrid"), vectors.soon("أسعار النفط"))
    assert encoder._model.encoded.count("أسعار النفط") == 1


def test_a_question_vector_computed_in_the_background_is_the_one_computed_in_place(tmp_path: Path) -> None:
    import numpy as np

    encoder, index = _two_articles(tmp_path)
    vectors = QuestionVectors(index)
    soon = vectors.soon("ماذا قال كيري؟").result()
    assert np.array_equal(soon, encoder.encode_queries(["ماذا قال كيري؟"])[0])
    assert vectors.soon("ماذا قال كيري؟").done()  # remembered: no second encoding


def test_only_the_last_questions_are_remembered(tmp_path: Path) -> None:
    encoder, index = _two_articles(tmp_path)
    vectors = QuestionVectors(index, kept=1)
    vectors.vector("أسعار النفط")
    vectors.vector("الهدنة")
    vectors.vector("أسعار النفط")
    assert encoder._model.encoded.count("أسعار النفط") == 2
