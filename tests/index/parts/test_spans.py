"""Each sentence's period and outlet: written by the build, read back the same, from the store for an older build."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np

from index.build.run import BuildOptions, build_index
from index.parts.layout import SPANS_NAME
from index.parts.spans import load_spans
from index.parts.store import SentenceStore
from tests.conftest import fake_encoder


def test_the_build_writes_spans_that_agree_with_the_store(tmp_path: Path) -> None:
    corpus = tmp_path / "news.jsonl"
    records = [{"id": "a", "date": "2017-05-12", "source": "وات", "text": "قال الوزير إن الإصلاح بدأ. وأضاف أنه مستمر."},
               {"id": "b", "text": "خبر بلا تاريخ ولا مصدر."},
               {"id": "c", "date": "2016-08", "source": "الصباح", "text": "أعلنت الوزارة عن برنامج جديد."}]
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    report = build_index([corpus], tmp_path / "index", fake_encoder(), BuildOptions(progress=False))
    build = (tmp_path / "index").resolve()
    store = SentenceStore.open_readonly(build / "store.sqlite")
    written = load_spans(build, store)
    assert isinstance(written.first, np.memmap) and written.sources == ["وات", "الصباح"]
    assert written.codes.tolist() == [0, 0, -1, 1] and report.undated == 1
    assert written.last.tolist()[2] == -1 and written.first[3] < written.last[3]  # a month: 31 days
    shutil.rmtree(build / SPANS_NAME)  # a build from before spans: the store answers the same
    read = load_spans(build, store)
    assert np.array_equal(read.first, written.first) and np.array_equal(read.codes, written.codes)
    store.close()
