"""Per-chat conversation threads in SQLite: persistence and bounds."""

from __future__ import annotations

from pathlib import Path

from bot.telegram.state import MAX_THREADS_PER_CHAT, ChatStore
from retrieval.conversation import ConversationState


def state(question: str, shown: int = 5) -> ConversationState:
    return ConversationState(question, "speaker", shown, [(1, "doc", 3), (2, "doc", 7)])


def test_threads_persist_across_reopening(tmp_path: Path) -> None:
    store = ChatStore(tmp_path / "state.sqlite")
    first = store.open_thread(10, state("أ"))
    second = store.open_thread(10, state("ب"))
    store.save(type(first)(10, first.number, state("أ", shown=10)))
    store.close()
    reopened = ChatStore(tmp_path / "state.sqlite")
    assert (first.number, second.number) == (1, 2)
    assert reopened.thread(10, 1).state == state("أ", shown=10)
    assert reopened.latest(10).state.question == "ب"
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
