"""retrieval.speakers: statements of the speaker asked about, never of another one."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.build.run import BuildOptions, build_index
from index.reader import OpenIndex, open_index
from index.speech.people import SpeakerMatch
from retrieval.engine import Engine
from retrieval.speakers import SpeakerQuestion, statements_for
from tests.conftest import fake_encoder

ARTICLES = {
    "interior.txt": "عصابة في بن عروس\n\nأفادت وزارة الداخلية بأن أفراد عصابة بن عروس سقطوا في قبضة الأمن.\n",
    "history.txt": "حوار\n\nقال المناضل محمد العروسي إن الصراع بين بورقيبة وبن يوسف قديم.\n",
    "tourism.txt": "السياحة\n\nارتفع عدد السياح الوافدين على المهدية هذا الصيف.\n",
    "observatory.txt": "حلب\n\nتقدمت القوات وفق المرصد السوري لحقوق الإنسان.\n\n"
    "وقال مدير المرصد رامي عبد الرحمن إن الغارات تواصلت ليلا.\n",
}


@pytest.fixture
def index(tmp_path: Path) -> OpenIndex:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    encoder = fake_encoder()
    build_index([folder], tmp_path / "index", encoder, BuildOptions(progress=False))
    return open_index(tmp_path / "index", encoder_factory=lambda _: encoder)


def _every_statement(index: OpenIndex) -> list:
    everyone = {key for key in index.people.aliases}
    return index.store.statements(sorted(everyone))


def test_with_several_matching_keys_only_statements_naming_the_subject_count(index: OpenIndex, monkeypatch) -> None:
    statements = _every_statement(index)
    assert {"interior", "history"} <= {s.article_id for s in statements}
    # As a registry polluted by keys learnt from garbled phrases would answer:
    polluted = SpeakerMatch(frozenset(index.people.aliases), complete=True, trusted=False)
    monkeypatch.setattr(index.people, "match", lambda subject: polluted)
    found = statements_for(index, SpeakerQuestion("وزاره الداخليه", "عصابه بن عروس"))
    assert [s.article_id for s in found] == ["interior"]


def test_statements_off_the_topic_asked_do_not_lead(index: OpenIndex, tmp_path: Path) -> None:
    from index.text.analyze import analyze
    from retrieval.speakers import rank_statements

    his = [s for s in _every_statement(index) if "العروسي" in s.text]
    assert rank_statements(index, his, analyze("بورقيبة"), interleave=False) == his
    assert rank_statements(index, his, analyze("السياح"), interleave=False) == []
    engine = Engine(tmp_path / "index")
    engine._index = index
    answer = engine.answer("ماذا قال محمد العروسي عن بورقيبة؟", k=5)
    assert answer.citations and "العروسي" in answer.citations[0].text


@pytest.mark.parametrize(
    "subject",
    [
        "وزاره الداخليه المصريه",  # the ministry's alias misses «المصرية», and so does its statement
        "المناضل محمد الشابي",  # shares «المناضل محمد» with «المناضل محمد العروسي»
        "وزاره الصحه",
        "والي المهديه",
    ],
)
def test_a_speaker_not_in_the_registry_has_no_statements(index: OpenIndex, subject: str) -> None:
    assert statements_for(index, SpeakerQuestion(subject, "")) == []


@pytest.mark.parametrize(
    "question", ["ماذا قال المناضل محمد الشابي؟", "ماذا أعلنت وزارة الداخلية المصرية؟", "ماذا قال والي المهدية عن السياح؟"]
)
def test_a_speaker_not_in_the_registry_is_answered_by_relevance(index: OpenIndex, monkeypatch, question: str) -> None:
    from dataclasses import replace

    from retrieval.answer import answer_question
    from retrieval.ranking.search import SearchOptions
    from retrieval.question.understand import understand_text

    options = SearchOptions(mode="lexical")
    understood = understand_text(question)
    assert understood.speaker is not None
    asked = answer_question(index, understood, k=5, options=options)
    assert asked == answer_question(index, replace(understood, speaker=None, kind="other"), k=5, options=options)


def test_an_institution_answers_with_its_statement(index: OpenIndex, tmp_path: Path) -> None:
    engine = Engine(tmp_path / "index")
    engine._index = index
    answer = engine.answer("ماذا أفادت وزارة الداخلية؟", k=5)
    assert answer.citations and answer.citations[0].doc_id == "interior"


def test_a_word_no_alias_holds_must_be_in_the_article(index: OpenIndex) -> None:
    # «مدير المرصد السوري» is «مدير المرصد» where the article names «المرصد السوري»; the
    # interior ministry's article never says «اليابانية».
    found = statements_for(index, SpeakerQuestion("مدير المرصد السوري", ""))
    assert [s.article_id for s in found] == ["observatory"]
    assert statements_for(index, SpeakerQuestion("وزاره الداخليه اليابانيه", "")) == []
