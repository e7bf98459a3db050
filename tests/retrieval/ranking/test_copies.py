"""One statement in several articles is cited once, by its fullest version, with every article as a source."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.build.run import BuildOptions, build_index
from index.reader import OpenIndex, open_index
from retrieval.answer import answer_question
from retrieval.ranking.copies import group_copies
from retrieval.ranking.search import SearchOptions
from retrieval.question.understand import understand_text
from tests.conftest import fake_encoder

AGENCY = "وقال وزير الصحة إن الوزارة ستفتح عشرة مستشفيات جديدة في المناطق الداخلية قبل نهاية العام"


def test_exact_and_near_copies_group_and_the_fullest_is_shown() -> None:
    texts = {
        1: AGENCY + ".",
        2: "قال وزير الصحة إن الحكومة تدرس ملف الأطباء الشبان وستعلن قرارها قريبا.",
        3: AGENCY + " حسب ما أفاد به مراسلنا.",  # the same, and a little more: the fullest
        4: AGENCY.replace("قبل نهاية", "قبل آخر") + ".",  # one word changed
        5: "وأضاف أن الوضع هادئ.",  # short: never grouped
        6: "وأضاف أن الوضع هادئ.",
    }
    assert group_copies([1, 2, 3, 4, 5, 6], texts) == [(3, (3, 1, 4)), (2, (2,)), (5, (5,)), (6, (6,))]


def test_another_figure_is_another_fact() -> None:
    ten, twelve = AGENCY.replace("عشرة", "10") + ".", AGENCY.replace("عشرة", "12") + "."
    assert group_copies([1, 2, 3], {1: ten, 2: twelve, 3: ten}) == [(1, (1, 3)), (2, (2,))]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> OpenIndex:
    root = tmp_path_factory.mktemp("copies")
    outlets = [("okaz", "2015-08-06"), ("alriyadh", "2015-08-06"), ("was", "2015-08-05"), ("alwatan", "2015-08-07")]
    records = [{"id": f"a{n}", "source": source, "date": day, "url": f"https://example.sa/{source}/{n}",
                "text": f"{AGENCY}{' في تصريح صحفي' if source == 'was' else ''}. ثم تحدث عن أمور أخرى رقم {n}."}
               for n, (source, day) in enumerate(outlets)]
    records.append({"id": "other", "source": "sabq", "date": "2015-08-06",
                    "text": "وقال وزير الصحة إن التطعيم إجباري لكل الحجاج هذا الموسم."})
    corpus = root / "news.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    encoder = fake_encoder()
    build_index([corpus], root / "index", encoder, BuildOptions(progress=False))
    return open_index(root / "index", encoder_factory=lambda _: encoder)


def test_an_agency_sentence_in_four_outlets_is_one_citation_with_four_sources(index: OpenIndex) -> None:
    answer = answer_question(index, understand_text("ماذا قال وزير الصحة عن المستشفيات الجديدة؟"),
                             options=SearchOptions(mode="lexical"))
    agency = [c for c in answer.citations if "عشرة مستشفيات" in c.text]
    assert len(agency) == 1
    (cited,) = agency
    assert cited.text.endswith("في تصريح صحفي.") and cited.source == "was"  # the fullest version
    assert [s.source for s in cited.sources][0] == "was"
    assert sorted(s.source for s in cited.sources) == ["alriyadh", "alwatan", "okaz", "was"]
    assert all(s.url and s.date for s in cited.sources)
