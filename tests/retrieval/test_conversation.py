"""Conversations over the seed index: speakers, follow-ups, pages, context, sources, persistence."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.conversation import (
    Answered,
    ContextView,
    Conversation,
    ConversationState,
    Notice,
    SourceView,
)
from retrieval.engine import Engine
from retrieval.evaluation.devset import load_questions, score_answer
from tests.conftest import SHARED

KERRY_SPEAKS = {("000_b30e27f7553fe46c", 5), ("001_19e06f0813bb1063", 7), ("001_19e06f0813bb1063", 8)}


@pytest.fixture
def conversation(seed_index: Path) -> Conversation:
    return Conversation(Engine(seed_index), k=5)


def test_kerry_statements_from_every_article_grouped_by_article(conversation: Conversation) -> None:
    reply = conversation.handle("ماذا قال كيري؟")
    assert isinstance(reply, Answered) and reply.question.kind == "speaker"
    cited = [(c.doc_id, c.sentence) for c in reply.answer.citations]
    assert set(cited[:3]) == KERRY_SPEAKS
    docs = [d for d, _ in cited[:3]]
    assert docs == sorted(docs, key=docs.index)  # one run per article
    positions = [p for d, p in cited[:3] if d == "001_19e06f0813bb1063"]
    assert positions == sorted(positions)


def test_elliptical_follow_up_lists_lavrov(conversation: Conversation) -> None:
    conversation.handle("ماذا قال كيري؟")
    reply = conversation.handle("ولافروف؟")
    assert reply.question.resolved == "ماذا قال لافروف؟"
    assert all("لافروف" in c.text or c.text.startswith("وقال '") for c in reply.answer.citations)
    assert len({c.doc_id for c in reply.answer.citations}) == 5  # Lavrov speaks in all five seeds


def test_more_pages_on_and_context_shows_neighbours(conversation: Conversation) -> None:
    first = conversation.handle("ماذا قال لافروف؟").answer
    second = conversation.handle("المزيد").answer
    assert [c.rank for c in second.citations] == list(range(6, 6 + len(second.citations)))
    assert not {(c.doc_id, c.sentence) for c in first.citations} & {(c.doc_id, c.sentence) for c in second.citations}
    context = conversation.handle("السياق 1")
    assert isinstance(context, ContextView)
    top = first.citations[0]
    assert (context.doc_id, context.sentence) == (top.doc_id, top.sentence)
    assert [s.position for s in context.sentences] == list(range(max(1, top.sentence - 2), top.sentence + 3))[: len(context.sentences)]
    source = conversation.handle("المصدر 6")
    assert isinstance(source, SourceView)
    assert (source.doc_id, source.sentence) == (second.citations[0].doc_id, second.citations[0].sentence)


def test_a_turn_says_whether_it_was_a_new_question(conversation: Conversation) -> None:
    asked = []
    for message in ("ماذا قال كيري؟", "المزيد", "السياق 1", "ولافروف؟", "المصدر 2"):
        conversation.handle(message)
        asked.append(conversation.asked)
    assert asked == [True, False, False, True, False]


def test_commands_without_a_question_explain_themselves(conversation: Conversation) -> None:
    assert "اسأل" in conversation.handle("المزيد").message
    assert isinstance(conversation.handle("السياق 1"), Notice)
    conversation.handle("ماذا قال كيري؟")
    assert "لا يوجد استشهاد" in conversation.handle("السياق 40").message


def test_when_did_he_say_it_answers_from_the_previous_answer(conversation: Conversation) -> None:
    conversation.handle("ماذا قال مدير المرصد السوري؟")
    reply = conversation.handle("ومتى قال ذلك؟")
    assert reply.question.kind == "date" and "يوم الأحد" in reply.answer.citations[0].text


def test_state_survives_a_round_trip(conversation: Conversation, seed_index: Path) -> None:
    conversation.handle("ماذا قال كيري؟")
    restored = Conversation(Engine(seed_index), ConversationState.from_dict(conversation.state.to_dict()))
    assert restored.handle("ولافروف؟").question.resolved == "ماذا قال لافروف؟"
    assert isinstance(restored.handle("السياق 1"), ContextView)


def test_reset_starts_afresh(conversation: Conversation) -> None:
    conversation.handle("ماذا قال كيري؟")
    conversation.reset()
    assert conversation.handle("ولافروف؟").question.resolved == "ولافروف؟"


@pytest.mark.skipif(not (SHARED / "eval" / "seeds-dev-conversations.jsonl").is_file(), reason="../shared/eval absent")
def test_dev_conversations_pass(seed_index: Path) -> None:
    for question in load_questions(SHARED / "eval" / "seeds-dev-conversations.jsonl"):
        conversation = Conversation(Engine(seed_index), k=5)
        for turn in question.turns:
            conversation.handle(turn)
        score = score_answer(question, conversation.handle(question.question).answer)
        assert score.hit5 == 1.0, question.id


def test_a_topic_ranks_within_the_speakers_statements(conversation: Conversation) -> None:
    reply = conversation.handle("ماذا قال وزير الخارجية الروسي عن الاتفاق الأميركي الروسي؟")
    first = reply.answer.citations[0]
    assert "ضرورة الحفاظ على الاتفاق الأميركي الروسي" in first.text
    assert "لافروف" in first.text


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Every call of the text normalisers and the cleaner, wherever they were imported by name."""
    import sys

    from index.text import normalize
    from retrieval.question import question_text

    calls: dict[str, list[str]] = {}
    for owner, name in ((normalize, "normalize_arabic"), (question_text, "normalize_question"), (question_text, "clean_question")):
        original = getattr(owner, name)

        def counting(text, *args, _name=name, _original=original, **kwargs):
            calls.setdefault(_name, []).append(text)
            return _original(text, *args, **kwargs)

        for module in list(sys.modules.values()):
            if getattr(module, name, None) is original and (module.__name__ or "").startswith(("index", "retrieval", "bot")):
                monkeypatch.setattr(module, name, counting)
    return calls


def _whole_question(calls: list[str], turn: str, understood) -> list[str]:
    """The calls made on the whole question, as typed or as resolved (a subject alone is a part)."""
    whole = {turn, understood.resolved, understood.normalized}
    return [text for text in calls if text.strip() in whole]


@pytest.mark.parametrize(
    "turns",
    [
        ("ماذا قال كيري عن الهدنة؟",),
        ("ماذا قال كيري عن الهدنة؟", "ولافروف؟"),
        ("من هو مبعوث الأمم المتحدة إلى سوريا؟", "وماذا قال عن الهدنة؟"),
        ("ماذا قال كيري؟", "المزيد"),
    ],
)
def test_a_turn_normalises_its_question_once(conversation: Conversation, counted, turns) -> None:
    for turn in turns[:-1]:
        conversation.handle(turn)
    counted.clear()
    reply = conversation.handle(turns[-1])
    assert isinstance(reply, Answered) and reply.answer.answered
    assert len(counted["clean_question"]) == 1
    assert len(counted["normalize_question"]) == 1
    whole = _whole_question(counted.get("normalize_arabic", []), turns[-1], reply.question)
    assert len(whole) == 1, counted.get("normalize_arabic")
