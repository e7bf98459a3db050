"""The bot's turns, as blocking calls: the engine plus each chat's stored threads.

Handlers run these in a worker thread (``asyncio.to_thread``), so encoding and search never
block the event loop. Turns in one chat are serialised (a button pressed twice must not
page twice at once); turns in different chats run in parallel.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from bot.telegram.state import ChatStore, Thread
from retrieval.answer import Answer
from retrieval.conversation import Answered, Conversation, Notice, Reply
from retrieval.engine import Engine

__all__ = ["ChatService", "Turn", "EXPIRED"]

EXPIRED = "انتهت صلاحية هذه الأزرار. اسأل سؤالك من جديد."
_LOCK_STRIPES = 64


@dataclass(frozen=True)
class Turn:
    """A reply and the thread its buttons point to (None: the reply has no buttons)."""

    reply: Reply
    thread: int | None = None

    @property
    def answer(self) -> Answer | None:
        """The reply's answer, when it is one."""
        return self.reply.answer if isinstance(self.reply, Answered) else None


class ChatService:
    """Answers questions and button presses for many chats at once."""

    def __init__(self, engine: Engine, store: ChatStore, k: int = 5, mode: str | None = None) -> None:
        self.engine = engine
        self.store = store
        self.k = k
        self.mode = mode
        self._locks = [threading.Lock() for _ in range(_LOCK_STRIPES)]

    def message(self, chat_id: int, text: str) -> Turn:
        """A typed message: a question (or a follow-up) opens a thread; «المزيد», «السياق N», «المصدر N» continue the latest."""
        with self._lock(chat_id):
            latest = self.store.latest(chat_id)
            conversation = self._conversation(latest)
            reply = conversation.handle(text)
            if conversation.asked:
                # Understood against the chat's latest question («ولافروف؟» after «ماذا قال كيري؟»),
                # answered in a thread of its own so that older buttons keep working.
                return Turn(reply, self.store.open_thread(chat_id, conversation.state).number)
            return Turn(reply, self._save(latest, conversation))

    def more(self, chat_id: int, number: int, shown: int) -> Turn | None:
        """The next page of thread ``number``; None when that page was already shown (a double press)."""
        with self._lock(chat_id):
            thread = self.store.thread(chat_id, number)
            if thread is None:
                return Turn(Notice(EXPIRED, "expired"))
            if thread.state.shown != shown:
                return None
            conversation = self._conversation(thread)
            reply = conversation.more()
            return Turn(reply, self._save(thread, conversation))

    def citation(self, chat_id: int, number: int, rank: int, kind: str) -> Turn:
        """Citation ``rank`` of thread ``number``: its ``context`` or its ``source``."""
        with self._lock(chat_id):
            thread = self.store.thread(chat_id, number)
            if thread is None:
                return Turn(Notice(EXPIRED, "expired"))
            conversation = self._conversation(thread)
            reply = conversation.context(rank) if kind == "context" else conversation.source(rank)
            return Turn(reply)

    def _conversation(self, thread: Thread | None) -> Conversation:
        return Conversation(self.engine, thread.state if thread else None, self.k, self.mode)

    def _save(self, thread: Thread | None, conversation: Conversation) -> int | None:
        if thread is None:
            return None
        self.store.save(Thread(thread.chat_id, thread.number, conversation.state))
        return thread.number

    def _lock(self, chat_id: int) -> threading.Lock:
        return self._locks[hash(chat_id) % _LOCK_STRIPES]
