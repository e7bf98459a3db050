"""The blocking chat turns over the seed index: threads, pages, citations."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bot.telegram.service import EXPIRED, ChatService
from bot.telegram.state import ChatStore
from retrieval.engine import Engine

KERRY = "ماذا قال كيري؟"


@pytest.fixture
def service(seed_engine: Engine, tmp_path: Path) -> ChatService:
    return ChatService(seed_engine, ChatStore(tmp_path / "state.sqlite"), k=3)


def test_a_question_opens_a_thread_and_more_pages_it(service: ChatService) -> None:
    first = service.message(1, KERRY)
    second = service.message(1, KERRY)
    page = service.more(1, first.thread, shown=3)
    assert (first.thread, second.thread) == (1, 2)
    assert [c.rank for c in page.answer.citations] == [4, 5, 6] and page.thread == 1


def test_a_stale_more_is_ignored_and_a_forgotten_thread_expires(service: ChatService) -> None:
    turn = service.message(1, KERRY)
    assert service.more(1, turn.thread, shown=3) is not None
    assert service.more(1, turn.thread, shown=3) is None
    assert service.more(1, 99, shown=3).reply.message == EXPIRED
    assert service.citation(2, turn.thread, 1, "context").reply.message == EXPIRED


def test_citations_resolve_within_their_own_thread(service: ChatService, seed_engine: Engine) -> None:
    kerry = service.message(1, KERRY)
    service.message(1, "ماذا قال لافروف؟")
    context = service.citation(1, kerry.thread, 2, "context").reply
    expected = seed_engine.answer(KERRY, 3).citations[1]
    assert (context.doc_id, context.sentence) == (expected.doc_id, expected.sentence)
    assert service.citation(1, kerry.thread, 2, "source").reply.doc_id == expected.doc_id


def test_typed_commands_continue_the_latest_thread(service: ChatService) -> None:
    assert service.message(5, "المزيد").thread is None
    service.message(5, KERRY)
    more = service.message(5, "المزيد")
    assert more.thread == 1 and more.answer.citations[0].rank == 4
    assert service.message(5, "السياق 4").reply.rank == 4


def test_concurrent_presses_in_one_chat_page_once(service: ChatService) -> None:
    turn = service.message(1, KERRY)
    with ThreadPoolExecutor(8) as pool:
        pages = list(pool.map(lambda _: service.more(1, turn.thread, shown=3), range(8)))
    assert sum(p is not None for p in pages) == 1
