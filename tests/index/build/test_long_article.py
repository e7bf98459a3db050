"""One article of titled speakers (the benchmark's, bench/long_article.py) builds with linear work, up to 20 MB."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.long_article import long_article
from bench.standin import RealVectors, StandInModel, default_model_info
from index.build.run import BuildOptions, build_index
from index.encoder.embed import Encoder


@pytest.mark.parametrize("megabytes", [1, pytest.param(20, marks=pytest.mark.slow)])
def test_one_long_article_of_titled_speakers_builds_with_linear_attribution(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, megabytes: int
) -> None:
    from index.speech import attribution

    calls = []
    real = attribution.title_head
    monkeypatch.setattr(attribution, "title_head", lambda phrase: calls.append(phrase) or real(phrase))
    record = long_article(megabytes)
    assert len(record["text"].encode("utf-8")) >= megabytes << 20
    corpus = tmp_path / "long.jsonl"
    corpus.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    encoder = Encoder(StandInModel(RealVectors.empty()), default_model_info())  # hashed vectors: no model
    report = build_index([corpus], tmp_path / "index", encoder, BuildOptions(progress=False))
    assert report.articles == 1 and report.sentences > 6_000 * megabytes
    assert len(calls) < 4 * report.sentences  # ~10^7 at 1 MB, ~4·10^9 at 20 MB at the old complexity
