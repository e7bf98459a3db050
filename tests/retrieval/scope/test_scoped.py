"""Questions scoped to a period: candidates filtered before ranking, in both legs and the speaker path."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from index.build.run import BuildOptions, build_index
from index.reader import OpenIndex, open_index
from retrieval.answer import NOT_FOUND_IN_PERIOD, answer_question
from retrieval.ranking.search import SearchOptions
from retrieval.question.understand import hear, understand, understand_text
from tests.conftest import fake_encoder

ENCODER = fake_encoder()
#: The same minister on the same subject in three months, and the rest of the news around him.
SOURCES = {"a1": "وات", "a2": "الصباح", "a3": "وات", "a4": "الصباح", "a5": "موزاييك"}
ARTICLES = [
    ("a1", "2017-01-10T09:00:00+01:00", "وقال وزير الفلاحة إن إصلاح قطاع الحبوب يبدأ هذا العام. وأضاف أن الفلاحين سيحصلون على قروض."),
    ("a2", "12/05/2017", "وقال وزير الفلاحة إن إصلاح قطاع الحبوب تأخر بسبب الجفاف. وأكد أن الدولة ستعوض الخسائر."),
    ("a3", "2016-08-03 10:00:00", "وقال وزير الفلاحة إن إصلاح قطاع الحبوب ضروري. وشدد على دور التعاضديات."),
    ("a4", "2017-05-20", "افتتح معرض الكتاب أبوابه في العاصمة بمشاركة مئة دار نشر."),
    ("a5", None, "وقال وزير الفلاحة إن إصلاح قطاع الحبوب مسألة وقت."),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> OpenIndex:
    root = tmp_path_factory.mktemp("scoped")
    corpus = root / "news.jsonl"
    corpus.write_text("".join(json.dumps({"id": i, "date": d, "text": t, "source": SOURCES[i]}, ensure_ascii=False) + "\n"
                              for i, d, t in ARTICLES), encoding="utf-8")
    report = build_index([corpus], root / "index", ENCODER, BuildOptions(progress=False))
    assert report.undated == 1
    return open_index(root / "index", encoder_factory=lambda _: ENCODER)


def cited(index: OpenIndex, question: str, mode: str = "hybrid") -> list[tuple[str, str | None]]:
    answer = answer_question(index, understand_text(question), options=SearchOptions(mode=mode))
    return [(c.doc_id, c.date) for c in answer.citations]


@pytest.mark.parametrize("mode", ["lexical", "dense", "hybrid"])
def test_a_scoped_question_cites_only_its_period(index: OpenIndex, mode: str) -> None:
    found = cited(index, "ماذا قال وزير الفلاحة عن إصلاح الحبوب في ماي 2017؟", mode)
    assert found and {doc for doc, _ in found} <= {"a2", "a4"} and ("a2", "2017-05-12") in found


def test_without_a_period_every_date_may_be_cited(index: OpenIndex) -> None:
    assert {"a1", "a2", "a3"} <= {doc for doc, _ in cited(index, "ماذا قال وزير الفلاحة عن إصلاح الحبوب؟")}


def test_a_period_with_nothing_in_it_says_which_period(index: OpenIndex) -> None:
    answer = answer_question(index, understand_text("ماذا قال وزير الفلاحة في مارس 2015؟"))
    assert not answer.answered and answer.message == NOT_FOUND_IN_PERIOD.format(start="2015/03/01", end="2015/03/31")


def test_a_year_and_a_relative_period_count_from_the_newest_article(index: OpenIndex) -> None:
    assert {doc for doc, _ in cited(index, "ماذا قال وزير الفلاحة عن الحبوب في 2016؟")} == {"a3"}
    assert {doc for doc, _ in cited(index, "ماذا قال وزير الفلاحة عن الحبوب منذ بداية العام؟")} <= {"a1", "a2", "a4"}


def test_a_follow_up_keeps_the_period_or_changes_it(index: OpenIndex) -> None:
    first = understand_text("ماذا قال وزير الفلاحة عن إصلاح الحبوب في ماي 2017؟")
    moved = understand(hear("وفي جانفي 2017؟"), first)
    assert moved.when == "وفي جانفي 2017" and moved.speaker == first.speaker
    assert {c.doc_id for c in answer_question(index, moved).citations} <= {"a1"}
    kept = understand(hear("وماذا عن التعاضديات؟"), first)
    assert kept.when == first.when


def test_every_citation_carries_its_date_source_and_link(index: OpenIndex) -> None:
    answer = answer_question(index, understand_text("ماذا قال وزير الفلاحة عن إصلاح الحبوب؟"))
    dated = {c.doc_id: (c.date, c.source) for c in answer.citations}
    assert dated["a1"] == ("2017-01-10", "وات") and dated.get("a5", (None, "موزاييك")) == (None, "موزاييك")


@pytest.mark.parametrize(
    ("question", "allowed"),
    [
        ("حسب وات، ماذا قال وزير الفلاحة عن إصلاح الحبوب؟", {"a1", "a3"}),
        ("ماذا نشرت الصباح عن إصلاح قطاع الحبوب؟", {"a2", "a4"}),
        ("ماذا نشرت الصباح عن إصلاح الحبوب في ماي 2017؟", {"a2", "a4"}),
        ("ماذا قال وزير الفلاحة عن الحبوب حسب صحيفة الصباح؟", {"a2", "a4"}),
    ],
)
def test_an_outlet_scopes_what_is_cited(index: OpenIndex, question: str, allowed: set[str]) -> None:
    found = {doc for doc, _ in cited(index, question)}
    assert found and found <= allowed


def test_the_newest_first_when_asked(index: OpenIndex) -> None:
    latest = cited(index, "آخر ما قاله وزير الفلاحة عن إصلاح الحبوب؟")
    dates = [d for _, d in latest if d]
    assert dates and dates == sorted(dates, reverse=True) and dates[0] == "2017-05-12"


def test_a_scope_is_asked_as_an_index_of_its_own(tmp_path: Path) -> None:
    """Its background is its own 50th nearest: a story the whole archive covers would inflate the index's."""
    from concurrent.futures import Future

    from retrieval.ranking.search import BACKGROUND_RANK, analyze_query, search

    corpus = tmp_path / "news.jsonl"
    lines = [json.dumps({"id": f"n{i}", "source": "A" if i < 600 else "B",
                         "text": f"خبر رقم {i} عن الطقس والأمطار في الولاية {i % 7} والمدينة {i % 11}."},
                        ensure_ascii=False) for i in range(700)]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    build_index([corpus], tmp_path / "index", ENCODER, BuildOptions(progress=False))
    index = open_index(tmp_path / "index", encoder_factory=lambda _: ENCODER)
    query = analyze_query(index, "الأمطار في المدينة")
    vector = ENCODER.encode_queries(["الأمطار في المدينة"])[0]
    codes, sources = index.sentence_sources()
    for outlet in ("A", "B"):
        scope = np.flatnonzero(codes == sources.index(outlet)).astype(np.int64)
        ready: Future = Future()
        ready.set_result(vector)
        hit = search(index, query, 5, SearchOptions(mode="hybrid"), ready, scope)[0]
        nth = float(np.sort(index.vectors.similarities(vector, scope))[::-1][BACKGROUND_RANK - 1])
        assert hit.background == pytest.approx(nth, abs=1e-6) and hit.sid in set(scope.tolist())

def test_today_moves_what_a_relative_period_means(index: OpenIndex) -> None:
    from datetime import date

    from retrieval.answer import question_scope

    asked = understand_text("ماذا قال وزير الفلاحة الشهر الماضي؟")
    newest, _ = question_scope(index, asked)  # the newest article is of 2017-05-20: April
    set_today, _ = question_scope(index, asked, date(2017, 2, 3))
    assert (newest.start, newest.end) == (date(2017, 4, 1), date(2017, 4, 30))
    assert (set_today.start, set_today.end) == (date(2017, 1, 1), date(2017, 1, 31))
    assert {doc for doc, _ in cited(index, "ماذا قال وزير الفلاحة عن الحبوب الشهر الماضي؟")} == set()


def test_a_scope_too_large_to_scan_is_searched_deeper_with_the_same_result(
    index: OpenIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    import numpy as np

    from retrieval.ranking import search as search_module

    vector = ENCODER.encode_queries(["إصلاح قطاع الحبوب"])[0]
    scope = np.arange(index.manifest.sentences - 2, dtype=np.int64)
    scanned = search_module._dense_leg(index, vector, 3, scope)
    monkeypatch.setattr(search_module, "SCOPE_SCAN_MAX", 1)
    assert search_module._dense_leg(index, vector, 3, scope) == scanned


def test_a_scope_too_large_to_score_one_by_one_gets_the_same_words_leg(index: OpenIndex,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from retrieval.ranking import search as search_module

    query = search_module.analyze_query(index, "إصلاح قطاع الحبوب")
    scope = np.arange(1, index.manifest.sentences, dtype=np.int64)
    one_by_one = search_module._lexical_leg(index, query, 4, scope)
    monkeypatch.setattr(search_module, "SCOPE_SCAN_MAX", 1)
    at_once = search_module._lexical_leg(index, query, 4, scope)
    assert [sid for sid, _ in at_once] == [sid for sid, _ in one_by_one]
    assert [score for _, score in at_once] == pytest.approx([score for _, score in one_by_one], rel=1e-5)
    assert search_module.within(np.array([0, 3, 99]), np.array([1, 3, 5])).tolist() == [False, True, False]
