"""bench.prepare_rate: the rate of preparing articles, and a clean skip without the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.prepare_rate import main, measure, read_articles
from index.text.articles import Article


def test_measure_counts_the_prepared_sentences() -> None:
    articles = [Article("a", "قال الوزير إن الاجتماع انتهى. وأضاف أن القرار نهائي."), Article("b", "")]
    result = measure(articles)
    assert (result["articles"], result["sentences"]) == (2, 2)
    assert result["cpu_seconds"] >= 0 and result["ms_per_sentence"] >= 0


def test_read_articles_stops_at_the_count(tmp_path: Path) -> None:
    path = tmp_path / "ant.jsonl"
    lines = [f'{{"id": "{i}", "text": "نص {i}."}}\n' for i in range(5)]
    path.write_text("".join(lines), encoding="utf-8")
    assert [a.id for a in read_articles(path, 3)] == ["0", "1", "2"]


def test_main_skips_without_the_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.argv", ["prepare_rate", "--shared", str(tmp_path)])
    main()
    assert capsys.readouterr().out.startswith("skipped: no ANT corpus at")
