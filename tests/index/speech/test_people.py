"""Learning who speaks, under which names and titles, from made-up articles (not the seeds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.build.run import BuildOptions, build_index
from index.reader import open_index
from index.speech.people import PeopleRegistry, find_speakers, surname_key
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
        keys.update(registry.learn(sids, *find_speakers(sentences)))
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
    assert set(registry.match("الأمين العام للأمم المتحدة").keys) == {surname_key("غوتيريش")}
    assert set(registry.match("أنطونيو غوتيريش").keys) == {surname_key("غوتيريش")}
    assert set(registry.match("فولفجانج شويبله").keys) == {surname_key("شويبله")}


def test_a_title_two_people_bore_stays_a_role() -> None:
    first = ["وقال كارلوس مينديز وزير الدفاع إن القوات جاهزة."]
    second = ["وقال بيدرو ألفاريز وزير الدفاع إن الجيش سيعيد انتشاره."]
    third = ["وأكد وزير الدفاع أن التدريبات انتهت."]
    _, keys = _learn(first, second, third)
    assert keys[2].startswith("role:")


# Real sentences from the ANT corpus (one article each), and two made up after them.
OFFICIALS = [
    ["أفادت وزارة الداخلية في بلاغ لها أن الشخص المذكور في حقه 11 سنة سجنا وهو فار من السّجن المدني بالقصرين.",
     "وأكدت الوزارة في ذات البلاغ أنه تم الاحتفاظ به."],
    ["أعلنت وزارة الداخلية المصرية عن تزويد المراكز الأمنية بسيارات مجهزة بأحدث التقنيات."],
    ["أفادت وزارة الفلاحة والموارد المائية والصيد البحري بأن مرض الحمى المالطية مرض معدي يصيب الحيوانات."],
    ["أكد الناطق الرسمي باسم الإدارة العامة للحرس الوطني، العميد خليفة الشيباني، أنه تم الإطاحة ب11 خلية إرهابية."],
    ["وقال الناطق باسم منطقة الحرس الوطني بالمهدية إن الوحدات تدخلت في الإبان."],
    ["قال الرئيس التركي رجب طيب أردوغان إن بلاده لن تتراجع."],
    ["وقال رئيس الوزراء التركي بن علي يلدريم إن الحكومة ستواصل عملها."],
    ["قال والي سوسة فتحي بديرة إنه سيتم دراسة إمكانية تعزيز التواجد الأمني في منطقة أكودة."],
]


@pytest.fixture(scope="module")
def officials() -> tuple[PeopleRegistry, dict[int, str]]:
    return _learn(*OFFICIALS)


def test_an_institution_is_a_role_of_its_own(officials) -> None:
    _, keys = officials
    assert keys[0] == keys[1] == "role:زار داخل"  # «وأكدت الوزارة»: the ministry named before
    assert keys[2] != keys[0] and keys[2].startswith("role:")
    assert keys[4] == surname_key("الشيباني")  # the spokesman, a person named in apposition
    assert keys[8] == surname_key("بديرة")


@pytest.mark.parametrize(
    ("subject", "sid"),
    [
        ("وزارة الداخلية", 0),  # not the Egyptian one
        ("وزارة الداخلية المصرية", 2),
        ("وزارة الفلاحة", 3),  # «... والموارد المائية والصيد البحري» names the same ministry
        ("المتحدث باسم الحرس الوطني", 4),  # «الناطق الرسمي باسم الإدارة العامة ...», not the one «بالمهدية»
        ("الرئيس التركي", 6),  # not «رئيس الوزراء التركي»
        ("والي سوسة", 8),
        ("فتحي بديرة", 8),
    ],
)
def test_a_subject_matches_its_own_speaker_only(officials, subject: str, sid: int) -> None:
    registry, keys = officials
    match = registry.match(subject)
    assert match.keys == {keys[sid]} and match.complete and match.trusted


@pytest.mark.parametrize("subject", ["وزارة الصحة", "ماكرون", "الناطق باسم الرئيس التركي", "والي المهدية"])
def test_a_speaker_never_seen_matches_nothing(officials, subject: str) -> None:
    assert not officials[0].match(subject).keys


def test_a_subject_with_a_word_no_alias_holds_is_not_complete(officials) -> None:
    match = officials[0].match("وزارة الداخلية اليابانية")
    assert match.keys == {"role:زار داخل"} and not match.complete and not match.trusted


@pytest.mark.parametrize("subject", ["غوتيريش", "أنطونيو غوتيريش", "الأمين العام للأمم المتحدة"])
def test_speaker_answers_from_a_built_index(tmp_path: Path, subject: str) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, sentences in (("geneva", GENEVA), ("berlin", BERLIN), ("brussels", BRUSSELS)):
        (folder / f"{name}.txt").write_text("\n".join(sentences), encoding="utf-8")
    build_index([folder], tmp_path / "index", fake_encoder(), BuildOptions(progress=False))
    from retrieval.answer import answer_question
    from retrieval.ranking.search import SearchOptions
    from retrieval.question.understand import understand_text

    index = open_index(tmp_path / "index")
    answer = answer_question(index, understand_text(f"ماذا قال {subject}؟"), k=5, options=SearchOptions(mode="lexical"))
    spoken = [c.text for c in answer.citations[:4]]
    assert spoken == [GENEVA[1], GENEVA[2], GENEVA[3], BRUSSELS[0]] or spoken[:3] == [BRUSSELS[0], *GENEVA[1:3]]
    assert [c.doc_id for c in answer.citations[:4]] in (["geneva"] * 3 + ["brussels"], ["brussels"] + ["geneva"] * 3)


def test_a_lookup_analyses_only_the_aliases_of_its_own_head(monkeypatch) -> None:
    from index.speech import people

    registry = PeopleRegistry()
    registry.aliases["كير"].update({"جون كيري", "وزير الخارجيه الامريكي"})  # aliases are stored normalised
    registry.aliases["role:زار داخل"].add("وزاره الداخليه")
    registry.aliases["role:زار فلاح"].add("وزاره الفلاحه")
    analysed: list[str] = []
    original = people._analyse
    monkeypatch.setattr(people, "_analyse", lambda alias: analysed.append(alias) or original(alias))
    assert registry.match("وزارة الداخلية").keys == {"role:زار داخل"}
    assert sorted(analysed) == ["وزاره الداخليه", "وزاره الفلاحه"]
    registry.match("وزارة الداخلية")
    assert len(analysed) == 2  # analysed once, then kept
