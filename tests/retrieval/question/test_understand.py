"""Commands, question kinds and follow-up resolution."""

from __future__ import annotations

import pytest

from retrieval.question.understand import (
    NEW_SUBJECT,
    SAME_SUBJECT,
    Understood,
    has_answer_cue,
    hear,
    normalize_question,
    parse_speaker_question,
    question_kind,
    understand,
    understand_text,
)


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
    command = hear(text).command
    assert (command.name, command.number) == (name, number)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("ماذا قال كيري؟", "speaker"), ("بماذا صرح لافروف؟", "speaker"), ("ماذا أعلنت وزارة الخارجية الروسية؟", "speaker"),
        ("ما موقف تركيا من الهدنة؟", "speaker"), ("متى ينتهي العمل باتفاق وقف إطلاق النار؟", "date"),
        ("أين يقع حي الهلك؟", "place"), ("كم عدد القتلى؟", "number"), ("على كم طائرة سلمت الأسلحة؟", "number"),
        ("لماذا فشلت الهدنة؟", "reason"), ("هل انتهت الهدنة؟", "yes-no"), ("من هو مبعوث الأمم المتحدة إلى سوريا؟", "person"),
        ("ما المعقل الرئيسي لتنظيم داعش؟", "other"), ("بم صرح لافروف؟", "speaker"), ("ما هو موقف لافروف؟", "speaker"),
        ("ما الذي قاله كيري؟", "speaker"), ("ماذا أفادت الحماية المدنية؟", "speaker"), ("ما رأيك؟", "other"),
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
        ("بم صرح لافروف؟", "لافروف", ""),
        ("ما هو موقف لافروف؟", "لافروف", ""),
        ("ما الذي أعلنته وزارة الداخلية بشأن العصابة؟", "وزاره الداخليه", "العصابه"),
        ("ماذا قال عن الهدنة؟", "", "الهدنه"),
        ("وما موقفه من الاتفاق؟", "", "الاتفاق"),
        ("بمَ ردّت رئاسة الجمهورية على تصريحات محسن مرزوق؟", "رئاسه الجمهوريه", "تصريحات محسن مرزوق"),
        ("ماذا قال زين العابدين بن علي؟", "زين العابدين بن علي", ""),
    ],
)
def test_parse_speaker_question(question: str, subject: str, topic: str) -> None:
    parsed = parse_speaker_question(normalize_question(question))
    assert parsed is not None and (parsed.subject, parsed.topic) == (subject, topic)


def _resolve(*turns: str) -> Understood:
    understood = None
    for turn in turns:
        understood = understand(hear(turn), understood)
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
    assert understand_text("ولافروف؟").resolved == "ولافروف؟"


#: Every form of speaker question, each about Kerry, with and without a topic.
SPEAKER_FORMS = [
    "ماذا قال كيري؟", "وماذا قال كيري؟", "بماذا صرح كيري؟", "بم صرح كيري؟", "ما الذي قاله كيري؟",
    "ماذا أعلنت كيري؟", "ما موقف كيري؟", "ما هو موقف كيري؟", "ما رأي كيري؟", "ما هي تصريحات كيري؟",
    "ماذا قال كيري عن الهدنة؟", "ما موقف كيري من الهدنة؟", "بم صرح كيري بشأن الهدنة؟",
]
#: Follow-ups naming another speaker.
NEW_SPEAKER = ["ولافروف؟", "و لافروف؟", "وماذا عن لافروف؟", "ماذا عن لافروف؟", "فماذا عن لافروف؟"]
#: Follow-ups about the same speaker on another topic.
SAME_SPEAKER = ["ماذا قال عن الاتفاق؟", "وماذا قال عن الاتفاق؟", "وما موقفه من الاتفاق؟", "بم صرح بشأن الاتفاق؟"]


@pytest.mark.parametrize("first", SPEAKER_FORMS)
@pytest.mark.parametrize("follow", NEW_SPEAKER)
def test_every_new_speaker_follow_up_keeps_the_form_and_topic(first: str, follow: str) -> None:
    asked = understand_text(first)
    understood = _resolve(first, follow)
    assert (understood.kind, understood.follow_up, understood.subject) == ("speaker", NEW_SUBJECT, "لافروف")
    assert understood.speaker == _replace_subject(asked, "لافروف")
    again = understand_text(understood.resolved)  # the resolved question says the same on its own
    assert (again.kind, again.speaker) == ("speaker", understood.speaker)


@pytest.mark.parametrize("first", SPEAKER_FORMS)
@pytest.mark.parametrize("follow", SAME_SPEAKER)
def test_every_same_speaker_follow_up_asks_the_previous_speaker(first: str, follow: str) -> None:
    understood = _resolve(first, follow)
    assert (understood.kind, understood.follow_up, understood.subject) == ("speaker", SAME_SUBJECT, "كيري")
    assert understood.topic == "الاتفاق"
    again = understand_text(understood.resolved)
    assert (again.speaker.subject, again.speaker.topic) == ("كيري", "الاتفاق")


@pytest.mark.parametrize("first", SPEAKER_FORMS)
@pytest.mark.parametrize(("follow", "asked"), [("ومتى قال ذلك؟", "متي"), ("وأين؟", "اين"), ("لماذا؟", "لماذا")])
def test_every_question_about_the_previous_answer(first: str, follow: str, asked: str) -> None:
    understood = _resolve(first, follow)
    assert understood.about_previous and understood.asked == asked and understood.base == first
    assert understood.subject == "كيري"
    chained = understand(hear("وأين؟"), understood)  # a second one still asks about the first question
    assert chained.base == first


def _replace_subject(understood: Understood, subject: str):
    from dataclasses import replace

    return replace(understood.speaker, subject=subject)


def test_a_title_is_not_an_ellipsis() -> None:
    understood = _resolve("ماذا قال كيري؟", "وزير الخارجية الروسي؟")
    assert understood.follow_up == "new" and understood.resolved == "وزير الخارجية الروسي؟"


def test_a_person_question_then_what_did_they_say() -> None:
    understood = _resolve("من هو مبعوث الأمم المتحدة إلى سوريا؟", "وماذا قال عن الهدنة؟")
    assert understood.resolved == "ماذا قال مبعوث الامم المتحده الي سوريا عن الهدنه؟"



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


@pytest.mark.parametrize(
    ("question", "subject", "topic"),
    [
        ("What did Youssef Chahed say about corruption?", "Youssef Chahed", "corruption"),
        ("what has the Ministry of Health announced", "the Ministry of Health", ""),
        ("Qu'a dit le ministre de l'Agriculture sur la sécheresse ?", "le ministre de l'Agriculture", "la sécheresse"),
        ("Qu’a déclaré Rached Ghannouchi ?", "Rached Ghannouchi", ""),
        ("Que dit Essebsi à propos de la loi ?", "Essebsi", "la loi"),
    ],
)
def test_english_and_french_speaker_questions_keep_their_latin_subject(question: str, subject: str, topic: str) -> None:
    understood = understand_text(question)
    assert understood.kind == "speaker" and not understood.arabic
    assert (understood.speaker.subject, understood.speaker.topic) == (subject, topic)


@pytest.mark.parametrize("question", ["How many people died in Sfax?", "Where is the Bardo museum?", "Qui a gagné ?"])
def test_other_latin_questions_are_not_speaker_questions(question: str) -> None:
    assert understand_text(question).speaker is None


@pytest.mark.parametrize(
    "typed",
    ["ماذا قال\x00 كيري؟", "ماذا قال\x00كيري؟", "\x1b[31mماذا قال كيري؟\x1b[0m", "ماذا\x07 قال\x7f كيري؟\x1b]0;title\x07"],
)
def test_control_characters_and_terminal_escapes_do_not_hide_a_speaker_question(typed: str) -> None:
    from retrieval.question.question_text import clean_question

    assert clean_question(typed) == "ماذا قال كيري؟"
    understood = understand_text(typed)
    assert understood.kind == "speaker" and understood.speaker.subject == "كيري"
