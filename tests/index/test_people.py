"""Learning who speaks, under which names and titles, from made-up articles (not the seeds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.build import BuildOptions, build_index
from index.people import PeopleRegistry, alias_closeness, surname_key
from index.reader import open_index
from index.speakers import phrase_words
from tests.conftest import fake_encoder

GENEVA = [
    "اجتمع الوسطاء في جنيف لبحث الأزمة اليمنية.",
    "وقال أنطونيو غوتيريش الأمين العام للأمم المتحدة إن الحل يجب أن يكون سياسيا.",
    "وأضاف أن المساعدات ستصل قريبا.",
    "وأكد غوتيريش أن الهدنة صامدة.",
]
BERLIN = [
    "وقالت أنغيلا ميركل المستشارة الألمانية إن بلادها ستستقبل مزيدا من اللاجئين.",
    "من جهته، قال فولفغانغ شويبله وزير المالية إن الميزانية متوازنة.",
]
BRUSSELS = [
    "وأعلن الأمين العام للأمم المتحدة أن مؤتمر المانحين سيعقد في بروكسل.",
    "وقال فولفجانج شويبله إن أوروبا تتحمل مسؤوليتها.",
    "وصرحت المستشارة الألمانية بأن الاتحاد الأوروبي موحد.",
]


def _learn(*articles: list[str]) -> tuple[PeopleRegistry, dict[int, str]]:
    registry = PeopleRegistry()
    keys: dict[int, str] = {}
    sid = 0
    for sentences in articles:
        sids = list(range(sid, sid + len(sentences)))
        keys.update(registry.add_article(sids, sentences))
        sid += len(sentences)
    keys.update(registry.resolve_pending())
    return registry, keys


def test_names_titles_and_continuations_resolve_to_one_person() -> None:
    _, keys = _learn(GENEVA)
    guterres = surname_key("غوتيريش")
    assert keys == {1: guterres, 2: guterres, 3: guterres}


def test_spelling_variants_of_a_first_name_share_the_surname() -> None:
    _, keys = _learn(BERLIN, BRUSSELS)
    assert keys[1] == keys[3] == surname_key("شويبله")


def test_a_title_alone_resolves_through_appositions_in_other_articles() -> None:
    registry, keys = _learn(GENEVA, BERLIN, BRUSSELS)
    assert keys[6] == surname_key("غوتيريش")  # «وأعلن الأمين العام للأمم المتحدة» in Brussels
    assert keys[8] == surname_key("ميركل")  # «وصرحت المستشارة الألمانية»
    assert registry.matching_keys("الأمين العام للأمم المتحدة") == {surname_key("غوتيريش")}
    assert registry.matching_keys("أنطونيو غوتيريش") == {surname_key("غوتيريش")}
    assert registry.matching_keys("فولفجانج شويبله") == {surname_key("شويبله")}


def test_a_title_two_people_bore_stays_a_role() -> None:
    first = ["وقال كارلوس مينديز وزير الدفاع إن القوات جاهزة."]
    second = ["وقال بيدرو ألفاريز وزير الدفاع إن الجيش سيعيد انتشاره."]
    third = ["وأكد وزير الدفاع أن التدريبات انتهت."]
    _, keys = _learn(first, second, third)
    assert keys[2].startswith("role:")


def test_a_longer_alias_is_a_weaker_match() -> None:
    subject = phrase_words("الرئيس التركي")
    assert alias_closeness(subject, phrase_words("الرئيس التركي")) == 1.0
    assert 0 < alias_closeness(subject, phrase_words("الناطق باسم الرئيس التركي")) < 1.0
    assert alias_closeness(subject, phrase_words("الرئيس السوري")) == 0.0


@pytest.mark.parametrize("subject", ["غوتيريش", "أنطونيو غوتيريش", "الأمين العام للأمم المتحدة"])
def test_speaker_answers_from_a_built_index(tmp_path: Path, subject: str) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, sentences in (("geneva", GENEVA), ("berlin", BERLIN), ("brussels", BRUSSELS)):
        (folder / f"{name}.txt").write_text("\n".join(sentences), encoding="utf-8")
    build_index([folder], tmp_path / "index", fake_encoder(), BuildOptions(progress=False))
    from retrieval.answer import answer_question
    from retrieval.search import SearchOptions
    from retrieval.understand import understand_text

    index = open_index(tmp_path / "index")
    answer = answer_question(index, understand_text(f"ماذا قال {subject}؟"), k=5, options=SearchOptions(mode="lexical"))
    spoken = [c.text for c in answer.citations[:4]]
    assert spoken == [GENEVA[1], GENEVA[2], GENEVA[3], BRUSSELS[0]] or spoken[:3] == [BRUSSELS[0], *GENEVA[1:3]]
    assert [c.doc_id for c in answer.citations[:4]] in (["geneva"] * 3 + ["brussels"], ["brussels"] + ["geneva"] * 3)
