"""An incrementally built index answers exactly as a full build of the same corpus does."""

from __future__ import annotations

from pathlib import Path

from index.build.run import BuildOptions, build_index
from index.reader import open_index
from retrieval.ranking.search import SearchOptions, analyze_query, search
from tests.conftest import fake_encoder
from tests.corpus_changes import change_corpus, make_corpus

QUESTIONS = ["ماذا قال كيري عن المحادثات في جنيف؟", "ماذا قال وزير الخارجية الروسي؟", "أسعار النفط", "الهدنة في حلب"]


def test_searches_are_the_same_after_an_incremental_build(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    encoder = fake_encoder()
    build_index([corpus], tmp_path / "index", encoder, BuildOptions(progress=False))
    change_corpus(corpus)
    build_index([corpus], tmp_path / "index", encoder, BuildOptions(progress=False))
    build_index([corpus], tmp_path / "full", encoder,
                BuildOptions(progress=False, full=True, cache_path=tmp_path / "other" / "embeddings.sqlite"))
    incremental = open_index(tmp_path / "index", encoder_factory=lambda _: encoder)
    full = open_index(tmp_path / "full", encoder_factory=lambda _: encoder)
    assert incremental.manifest.reused_from and not full.manifest.reused_from
    for mode in ("lexical", "dense", "hybrid"):
        for question in QUESTIONS:
            got = search(incremental, analyze_query(incremental, question), 10, SearchOptions(mode=mode))
            assert got == search(full, analyze_query(full, question), 10, SearchOptions(mode=mode)), (mode, question)
            assert got or mode == "lexical"
    assert incremental.people.match("وزير الخارجية الروسي").keys == full.people.match("وزير الخارجية الروسي").keys
