"""One article of 1 MB of titled speakers (the benchmark's, bench/long_article.py) builds with linear work."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.long_article import long_article
from index.build.run import BuildOptions, build_index
from tests.conftest import fake_encoder


def test_a_one_megabyte_article_of_titled_speakers_builds_with_linear_attribution(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from index.speech import attribution

    calls = []
    real = attribution.title_head
    monkeypatch.setattr(attribution, "title_head", lambda phrase: calls.append(phrase) or real(phrase))
    record = long_article(1)
    assert len(record["text"].encode("utf-8")) >= 1 << 20
    corpus = tmp_path / "long.jsonl"
    corpus.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    report = build_index([corpus], tmp_path / "index", fake_encoder(), BuildOptions(progress=False))
    assert report.articles == 1 and report.sentences > 6_000
    assert len(calls) < 4 * report.sentences  # ~10^7 at the old complexity
