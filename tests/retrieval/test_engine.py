"""The engine over a live index directory: a build swapped in elsewhere is served next."""

from __future__ import annotations

from pathlib import Path

from index.build.run import BuildOptions, build_index
from retrieval.engine import Engine
from retrieval.ranking.search import SearchOptions
from tests.conftest import fake_encoder


def test_an_engine_serves_a_build_swapped_in_by_another_process(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("خبر\n\nقال كيري إن المحادثات صعبة.\n", encoding="utf-8")
    index_dir = tmp_path / "index"
    build_index([corpus], index_dir, fake_encoder(), BuildOptions(progress=False))
    engine = Engine(index_dir, SearchOptions(mode="lexical"))
    assert not engine.answer("ماذا قال لافروف عن الهدنة؟").answered
    (corpus / "b.txt").write_text("خبر آخر\n\nقال لافروف إن الهدنة انتهت.\n", encoding="utf-8")
    build_index([corpus], index_dir, fake_encoder(), BuildOptions(progress=False))  # as `isnad index` elsewhere would
    answer = engine.answer("ماذا قال لافروف عن الهدنة؟")
    assert answer.answered and "لافروف" in answer.citations[0].text
    assert engine.index.path == index_dir.resolve()
