"""Per-chat conversation threads in SQLite: persistence and bounds."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from bot.telegram.state import MAX_THREADS_PER_CHAT, ChatStore
from retrieval.conversation import Cited, Conversation, ConversationState
from retrieval.question.understand import PREVIOUS_ANSWER, understand_text


def state(question: str, shown: int = 5) -> ConversationState:
    return ConversationState(understand_text(question), shown, [Cited(1, "doc", 3), Cited(2, "doc", 7)])


def test_threads_persist_across_reopening(tmp_path: Path) -> None:
    store = ChatStore(tmp_path / "state.sqlite")
    first = store.open_thread(10, state("أ"))
    second = store.open_thread(10, state("ب"))
    store.save(type(first)(10, first.number, state("أ", shown=10)))
    store.close()
    reopened = ChatStore(tmp_path / "state.sqlite")
    assert (first.number, second.number) == (1, 2)
    assert reopened.thread(10, 1).state == state("أ", shown=10)
    assert reopened.latest(10).state.question.text == "ب"
    assert reopened.latest(11) is None and reopened.thread(10, 3) is None


def test_a_chat_keeps_its_latest_threads(tmp_path: Path) -> None:
    store = ChatStore(tmp_path / "state.sqlite")
    for n in range(MAX_THREADS_PER_CHAT + 5):
        store.open_thread(1, state(str(n)))
    assert store.thread(1, 5) is None and store.thread(1, 6) is not None
    assert store.latest(1).number == MAX_THREADS_PER_CHAT + 5


def test_the_least_recently_used_chats_are_forgotten(tmp_path: Path) -> None:
    store = ChatStore(tmp_path / "state.sqlite", max_chats=2)
    one = store.open_thread(1, state("1"))
    store.open_thread(2, state("2"))
    store.save(one)  # chat 1 is used again, so chat 2 is now the oldest
    store.open_thread(3, state("3"))
    assert store.chat_count() == 2
    assert store.latest(2) is None and store.latest(1) is not None and store.latest(3) is not None
    store.close()
    assert ChatStore(tmp_path / "state.sqlite", max_chats=2).latest(1).number == 1


def _store_flat(path: Path, state: dict) -> ChatStore:
    """A store holding a thread saved in the flat form used before typed state (version 1)."""
    ChatStore(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO chats VALUES (7, 1, 1)")
        conn.execute("INSERT INTO threads VALUES (7, 1, ?)", (json.dumps(state, ensure_ascii=False),))
    return ChatStore(path)


def test_state_saved_before_typed_state_still_loads_and_follows_up(tmp_path: Path, seed_engine) -> None:
    old = {"question": "ماذا قال كيري؟", "kind": "speaker", "shown": 5, "subject": "كيري", "about_previous": False,
           "citations": [[1, "000_b30e27f7553fe46c", 5], [2, "001_19e06f0813bb1063", 7]]}
    thread = _store_flat(tmp_path / "state.sqlite", old).latest(7)
    question = thread.state.question
    assert (question.kind, question.subject, question.speaker.subject) == ("speaker", "كيري", "كيري")
    assert thread.state.citations[1] == Cited(2, "001_19e06f0813bb1063", 7) and thread.state.shown == 5
    follow = Conversation(seed_engine, thread.state, k=3).ask("ولافروف؟")
    assert follow.question.resolved == "ماذا قال لافروف؟"


def test_an_old_question_about_the_previous_answer_loads_as_one(tmp_path: Path) -> None:
    old = {"question": "متي: ماذا قال كيري؟", "kind": "date", "shown": 1, "subject": "كيري", "about_previous": True,
           "citations": [[1, "doc", 3]]}
    question = _store_flat(tmp_path / "state.sqlite", old).latest(7).state.question
    assert (question.follow_up, question.asked, question.base) == (PREVIOUS_ANSWER, "متي", "ماذا قال كيري؟")
