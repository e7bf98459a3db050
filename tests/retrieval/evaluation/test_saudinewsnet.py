"""The SaudiNewsNet slice: stable, every outlet kept, JSONL the indexer reads."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from index.text.articles import ArticleReader
from retrieval.evaluation.saudinewsnet import (
    DAYS,
    KEEP_ALL,
    slice_articles,
    write_slice,
)

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "corpora" / "saudinewsnet"


def _day(folder: Path, day: str, records: list[dict]) -> None:
    with zipfile.ZipFile(folder / f"{day}.zip", "w") as archive:
        archive.writestr(f"{day}.json", json.dumps(records, ensure_ascii=False))


def _record(source: str, n: int, content: str = "قال المتحدث إن الاجتماع انتهى.") -> dict:
    return {"source": source, "url": f"http://{source}.example/{n}", "date_extracted": "2015-08-06 10:00:00",
            "title": f"خبر {n}", "author": "", "content": content}


def test_a_small_outlet_is_kept_whole_and_a_large_one_thinned(tmp_path: Path) -> None:
    big = [_record("alriyadh", n) for n in range(KEEP_ALL * 2)]
    small = [_record("was", n) for n in range(5)] + [_record("was", 99, content="  ")]
    _day(tmp_path, DAYS[0], big[:KEEP_ALL] + small)
    _day(tmp_path, DAYS[1], big[KEEP_ALL:])
    for day in DAYS[2:]:
        _day(tmp_path, day, [])
    records = list(slice_articles(tmp_path))
    outlets = [r["source"] for r in records]
    assert outlets.count("was") == 5  # every one with text
    assert 0.1 * len(big) < outlets.count("alriyadh") < 0.4 * len(big)
    assert records == list(slice_articles(tmp_path))  # the same slice every time
    path = write_slice(tmp_path, tmp_path / "out" / "slice.jsonl")
    articles = list(ArticleReader([path]))
    assert [a.id for a in articles] == [r["id"] for r in records]
    assert articles[0].source == "alriyadh" and articles[0].date == "2015-08-06 10:00:00"


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/corpora/saudinewsnet is absent")
def test_the_real_slice_has_about_three_thousand_articles_from_every_outlet_in_it() -> None:
    records = list(slice_articles(SHARED))
    assert 2_500 <= len(records) <= 3_500
    assert len({r["source"] for r in records}) >= 13
    assert len({r["id"] for r in records}) == len(records)


def test_the_suites_need_every_day_of_the_slice(tmp_path: Path) -> None:
    from retrieval.evaluation.suites import define_suites

    folder = tmp_path / "corpora" / "saudinewsnet"
    folder.mkdir(parents=True)
    for day in DAYS[:-1]:
        _day(folder, day, [])
    suite = define_suites(tmp_path)["snn-dev"]
    assert suite.missing() == [folder / f"{DAYS[-1]}.zip"]  # skipped with the missing day named, never a crash
