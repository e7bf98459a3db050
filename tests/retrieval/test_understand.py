"""Commands, question kinds and follow-up resolution."""

from __future__ import annotations

import pytest

from retrieval.speakers import parse_speaker_question
from retrieval.understand import has_answer_cue, parse_command, question_kind, understand


@pytest.mark.parametrize(
    ("text", "name", "number"),
    [
        ("المزيد", "more", None), ("مزيد", "more", None), ("more", "more", None), ("المزيد؟", "more", None),
        ("السياق 2", "context", 2), ("السياق", "context", None), ("context 3", "context", 3),
        ("المصدر 1", "source", 1), ("source 4", "source", 4), ("السياق ٢", "context", 2),
        ("ماذا قال كيري عن المزيد من الغارات؟", "question", None), ("مصدر عسكري قال ماذا؟", "question", None),
    ],
)
def test_parse_command(text: str, name: str, number: int | None) -> None:
    command = parse_command(text)
    assert (command.name, command.number) == (name, number)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("ماذا قال كيري؟", "speaker"), ("بماذا صرح لافروف؟", "speaker"), ("ماذا أعلنت وزارة الخارجية الروسية؟", "speaker"),
        ("ما موقف تركيا من الهدنة؟", "speaker"), ("متى ينتهي العمل باتفاق وقف إطلاق النار؟", "date"),
        ("أين يقع حي الهلك؟", "place"), ("كم عدد القتلى؟", "number"), ("على كم طائرة سلمت الأسلحة؟", "number"),
        ("لماذا فشلت الهدنة؟", "reason"), ("هل انتهت الهدنة؟", "yes-no"), ("من هو مبعوث الأمم المتحدة إلى سوريا؟", "person"),
        ("ما المعقل الرئيسي لتنظيم داعش؟", "other"),
    ],
)
def test_question_kind(question: str, kind: str) -> None:
    assert question_kind(question) == kind


@pytest.mark.parametrize(
    ("question", "subject", "topic"),
    [
        ("ماذا قال كيري؟", "كيري", ""),
        ("ماذا قال لافروف عن جبهة النصرة؟", "لافروف", "جبهه النصره"),
        ("ما موقف وزير الخارجية الروسي من الاتفاق؟", "وزير الخارجيه الروسي", "الاتفاق"),
        ("بماذا صرح مدير المرصد السوري؟", "مدير المرصد السوري", ""),
    ],
)
def test_parse_speaker_question(question: str, subject: str, topic: str) -> None:
    parsed = parse_speaker_question(question)
    assert parsed is not None and (parsed.subject, parsed.topic) == (subject, topic)


def _resolve(*turns: str):
    understood = None
    for turn in turns:
        understood = understand(turn, understood)
    return understood


@pytest.mark.parametrize(
    ("turns", "resolved", "kind"),
    [
        (("ماذا قال كيري؟", "ولافروف؟"), "ماذا قال لافروف؟", "speaker"),
        (("ماذا قال كيري؟", "وماذا عن لافروف؟"), "ماذا قال لافروف؟", "speaker"),
        (("ماذا أعلن كيري؟", "ولافروف؟"), "ماذا اعلن لافروف؟", "speaker"),
        (("ماذا قال لافروف عن جبهة النصرة؟", "وكيري؟"), "ماذا قال كيري عن جبهه النصره؟", "speaker"),
        (("من هو مبعوث الأمم المتحدة إلى سوريا؟", "ماذا قال؟"), "ماذا قال مبعوث الامم المتحده الي سوريا؟", "speaker"),
        (("ماذا قال كيري؟", "ماذا قال عن الهدنة؟"), "ماذا قال كيري عن الهدنه؟", "speaker"),
        (("ماذا قال مدير المرصد السوري؟", "ومتى قال ذلك؟"), "متي: ماذا قال مدير المرصد السوري؟", "date"),
        (("ماذا قال كيري؟", "وأين؟"), "اين: ماذا قال كيري؟", "place"),
        (("ماذا قال كيري؟", "ما هي عاصمة اليابان؟"), "ما هي عاصمة اليابان؟", "other"),
        (("ماذا قال كيري؟", "متى ينتهي العمل باتفاق وقف إطلاق النار؟"), "متى ينتهي العمل باتفاق وقف إطلاق النار؟", "date"),
    ],
)
def test_follow_ups(turns: tuple[str, ...], resolved: str, kind: str) -> None:
    understood = _resolve(*turns)
    assert (understood.resolved, understood.kind) == (resolved, kind)
    assert understood.about_previous == resolved.startswith(("متي:", "اين:"))


def test_a_follow_up_without_a_previous_question_is_a_question() -> None:
    assert understand("ولافروف؟", None).resolved == "ولافروف؟"


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("date", "وقال مدير المرصد رامي عبد الرحمن يوم الأحد لوكالة فرانس برس", True),
        ("date", "وقال كيري 'التقيت وزير الخارجية'", False),
        ("number", "قتل 26 عنصرا من قوات النظام", True),
        ("reason", "لأن روسيا والولايات المتحدة لم تتوصلا إلى اتفاق", True),
        ("other", "أي نص", False),
    ],
)
def test_answer_cues(kind: str, text: str, expected: bool) -> None:
    assert has_answer_cue(kind, text) is expected
