"""Per-chat conversation state in SQLite, kept across restarts and bounded in size.

Each question asked in a chat opens a *thread*: a numbered :class:`ConversationState`
that the buttons under its answer point to (``callback_data`` carries the thread number,
never the question). Typed follow-ups («المزيد», «السياق 2») go to the chat's latest thread.
A chat keeps its last ``MAX_THREADS_PER_CHAT`` threads; past ``max_chats`` chats, the
least recently used ones are forgotten.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from retrieval.conversation import ConversationState

__all__ = ["ChatStore", "Thread", "MAX_THREADS_PER_CHAT"]

MAX_THREADS_PER_CHAT = 20

_SCHEMA = """
CREATE TABLE IF NOT EXISTS chats (
    chat_id INTEGER PRIMARY KEY,
    last_thread INTEGER NOT NULL,
    used INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS chats_used ON chats (used);
CREATE TABLE IF NOT EXISTS threads (
    chat_id INTEGER NOT NULL,
    thread INTEGER NOT NULL,
    state TEXT NOT NULL,
    PRIMARY KEY (chat_id, thread)
);
"""


@dataclass(frozen=True)
class Thread:
    """One question's conversation state in a chat."""

    chat_id: int
    number: int
    state: ConversationState


class ChatStore:
    """Thread-safe SQLite store of conversation threads."""

    def __init__(self, path: Path | str, max_chats: int = 10_000) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.executescript(_SCHEMA)
        self._lock = threading.Lock()
        self.max_chats = max_chats
        self._used = self._conn.execute("SELECT COALESCE(MAX(used), 0) FROM chats").fetchone()[0]

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._conn.close()

    def open_thread(self, chat_id: int, state: ConversationState) -> Thread:
        """Store a new question's state as the chat's latest thread."""
        with self._lock, self._conn:
            self._conn.execute("BEGIN IMMEDIATE")
            row = self._conn.execute("SELECT last_thread FROM chats WHERE chat_id = ?", (chat_id,)).fetchone()
            number = (row[0] if row else 0) + 1
            self._conn.execute(
                "INSERT OR REPLACE INTO chats (chat_id, last_thread, used) VALUES (?, ?, ?)",
                (chat_id, number, self._tick()),
            )
            self._conn.execute("INSERT OR REPLACE INTO threads VALUES (?, ?, ?)", (chat_id, number, _dump(state)))
            self._conn.execute(
                "DELETE FROM threads WHERE chat_id = ? AND thread <= ?", (chat_id, number - MAX_THREADS_PER_CHAT)
            )
            if row is None:
                self._evict_chats()
        return Thread(chat_id, number, state)

    def latest(self, chat_id: int) -> Thread | None:
        """The chat's most recent thread, if it has one."""
        with self._lock:
            row = self._conn.execute("SELECT last_thread FROM chats WHERE chat_id = ?", (chat_id,)).fetchone()
        return self.thread(chat_id, row[0]) if row else None

    def thread(self, chat_id: int, number: int) -> Thread | None:
        """A thread by number, or None when it was never opened or has been forgotten."""
        with self._lock:
            row = self._conn.execute(
                "SELECT state FROM threads WHERE chat_id = ? AND thread = ?", (chat_id, number)
            ).fetchone()
        return Thread(chat_id, number, ConversationState.from_dict(json.loads(row[0]))) if row else None

    def save(self, thread: Thread) -> None:
        """Write back a thread's state after a turn (a page of «المزيد», say)."""
        with self._lock, self._conn:
            self._conn.execute("BEGIN IMMEDIATE")
            self._conn.execute(
                "UPDATE threads SET state = ? WHERE chat_id = ? AND thread = ?",
                (_dump(thread.state), thread.chat_id, thread.number),
            )
            self._conn.execute("UPDATE chats SET used = ? WHERE chat_id = ?", (self._tick(), thread.chat_id))

    def chat_count(self) -> int:
        """How many chats have state."""
        with self._lock:
            return self._conn.execute("SELECT COUNT(*) FROM chats").fetchone()[0]

    def _tick(self) -> int:
        # A counter rather than the wall clock: recency order survives clock changes.
        self._used += 1
        return self._used

    def _evict_chats(self) -> None:
        stale = self._conn.execute(
            "SELECT chat_id FROM chats ORDER BY used DESC LIMIT -1 OFFSET ?", (self.max_chats,)
        ).fetchall()
        for (chat_id,) in stale:
            self._conn.execute("DELETE FROM threads WHERE chat_id = ?", (chat_id,))
            self._conn.execute("DELETE FROM chats WHERE chat_id = ?", (chat_id,))


def _dump(state: ConversationState) -> str:
    return json.dumps(state.to_dict(), ensure_ascii=False)
