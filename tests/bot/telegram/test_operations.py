"""End to end operations against the fake Bot API server.

Rate limits, flood waits, network errors, concurrency, webhooks, redaction and shutdown, with
the real PTB Application.
"""

from __future__ import annotations

import asyncio
import io
import logging
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from telegram.error import InvalidToken

from bot.telegram.app import build_application, build_services, serve
from bot.telegram.redact import install_redaction
from retrieval.engine import Engine
from tests.bot.conftest import KERRY, TOKEN, RunningBot, bot_settings, running_bot
from tests.bot.telegram.fake_bot_api import FakeBotApi

QUESTIONS = (KERRY, "ماذا قال لافروف؟", "أين تدور المعارك؟", "ماذا قال دي ميستورا؟")


async def test_stats_names_the_corpus_and_the_model(bot: RunningBot, seed_engine: Engine) -> None:
    stats = seed_engine.stats()
    reply = await bot.ask("/stats")
    assert reply.text.startswith("إحصاءات الفهرس")
    assert f"المقالات: {stats.articles}" in reply.text and f"الجمل: {stats.sentences}" in reply.text
    assert f"بُني الفهرس: {stats.built_at}" in reply.text and f"النموذج: {stats.model}" in reply.text
    assert ("الاحتياطي" in reply.text) == stats.model_is_fallback


async def test_questions_past_the_rate_limit_get_one_polite_warning(
    api: FakeBotApi, seed_engine: Engine, tmp_path: Path
) -> None:
    async with running_bot(api, seed_engine, tmp_path, telegram_questions_per_minute=2) as bot:
        replies = [await bot.ask(q) for q in QUESTIONS[:3]]
        api.send_text(QUESTIONS[3])
        await bot.ask(KERRY, user_id=1002)  # a barrier: another user is still answered
    assert [r.text.startswith("الجواب عن") for r in replies] == [True, True, False]
    assert replies[2].text.startswith("تمهل قليلاً")
    assert len(api.messages_to(1001)) == 3


async def test_a_429_retry_after_is_waited_out(bot: RunningBot) -> None:
    bot.api.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", {"retry_after": 1})
    reply = await bot.ask(KERRY)
    attempts = bot.api.calls_to("sendMessage")
    assert reply.text.startswith("الجواب عن") and [c.ok for c in attempts] == [False, True]
    assert attempts[1].at - attempts[0].at >= 1.0


async def test_a_dropped_connection_is_retried(bot: RunningBot) -> None:
    bot.api.drop_next("sendMessage")
    reply = await bot.ask(KERRY)
    assert reply.text.startswith("الجواب عن") and [c.ok for c in bot.api.calls_to("sendMessage")] == [False, True]


async def test_twenty_users_asking_at_once_all_get_correct_answers(bot: RunningBot, seed_engine: Engine) -> None:
    asked = {2000 + n: QUESTIONS[n % len(QUESTIONS)] for n in range(20)}
    for user_id, question in asked.items():
        bot.api.send_text(question, user_id=user_id)
    for user_id, question in asked.items():
        reply = (await bot.api.wait_for_messages(user_id))[0]
        expected = seed_engine.answer(question, 5)
        assert reply.text.startswith(f"الجواب عن: «{question}»")
        assert all(f"{c.rank}. {c.text}" in reply.text for c in expected.citations)


class GatedEngine:
    """The seed engine, but each answer waits until the test releases it."""

    def __init__(self, engine: Engine) -> None:
        self.engine, self.entered, self.release = engine, threading.Event(), threading.Event()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)

    def answer(self, *args: Any, **kwargs: Any) -> Any:
        self.entered.set()
        assert self.release.wait(10)
        return self.engine.answer(*args, **kwargs)


async def test_shutdown_finishes_answers_in_progress_without_waiting_out_the_poll(
    api: FakeBotApi, seed_engine: Engine, tmp_path: Path
) -> None:
    gated = GatedEngine(seed_engine)
    settings = bot_settings(api, tmp_path, telegram_poll_timeout=50)
    services = build_services(settings, gated)  # type: ignore[arg-type]
    stop = asyncio.Event()
    task = asyncio.create_task(serve(build_application(settings, services), settings, stop))
    await api.until(lambda: api.calls_to("getUpdates"))
    api.send_text(KERRY)
    assert await asyncio.to_thread(gated.entered.wait, 10)
    stop.set()
    # The updater has stopped polling (its last getUpdates marks updates read) while the answer is still running.
    await api.until(lambda: any(c.params.get("timeout") == 0 for c in api.calls_to("getUpdates")))
    gated.release.set()
    await asyncio.wait_for(task, 10)
    services.chats.store.close()
    assert api.messages_to(1001)[0].text.startswith("الجواب عن")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_webhook_mode_accepts_only_telegrams_secret(api: FakeBotApi, seed_engine: Engine, tmp_path: Path) -> None:
    port, secret = free_port(), "s3cret_token-1"
    webhook = {"telegram_mode": "webhook", "telegram_webhook_url": "https://bot.example.org/hook/isnad",
               "telegram_webhook_secret": secret, "telegram_webhook_port": port}
    async with running_bot(api, seed_engine, tmp_path, **webhook) as bot:
        assert api.webhook["url"] == "https://bot.example.org/hook/isnad" and api.webhook["secret_token"] == secret
        forged = {"update_id": 1, "message": api.user_message("ماذا قال لافروف؟")}
        genuine = {"update_id": 2, "message": api.user_message(KERRY)}
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            refused = await client.post("/hook/isnad", json=forged, headers={"X-Telegram-Bot-Api-Secret-Token": "nope"})
            missing = await client.post("/hook/isnad", json=forged)
            accepted = await client.post("/hook/isnad", json=genuine, headers={"X-Telegram-Bot-Api-Secret-Token": secret})
        reply = (await bot.api.wait_for_messages(1001))[0]
    assert (refused.status_code, missing.status_code, accepted.status_code) == (403, 403, 200)
    assert reply.text.startswith(f"الجواب عن: «{KERRY}»") and len(api.messages_to(1001)) == 1


@pytest.fixture
def debug_log() -> Iterator[io.StringIO]:
    """Every logger at DEBUG into a string, through the bot's redaction filter."""
    stream, root = io.StringIO(), logging.getLogger()
    handler = logging.StreamHandler(stream)
    levels = {name: logging.getLogger(name).level for name in ("", "httpx", "httpcore", "telegram")}
    root.addHandler(handler)
    for name in levels:
        logging.getLogger(name).setLevel(logging.DEBUG)
    secrets = install_redaction([TOKEN, WRONG_TOKEN])
    yield stream
    for h in root.handlers:
        h.removeFilter(secrets)
    root.removeHandler(handler)
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


WRONG_TOKEN = "987654321:WRONG-token-abcdefghijklmnopqrst"


async def test_the_token_never_reaches_the_logs(
    api: FakeBotApi, seed_engine: Engine, tmp_path: Path, debug_log: io.StringIO
) -> None:
    async with running_bot(api, seed_engine, tmp_path) as bot:
        await bot.ask(KERRY)
        logging.getLogger("tests").debug("the application: %r", bot.app)
    with pytest.raises(InvalidToken) as rejected:
        async with running_bot(api, seed_engine, tmp_path, telegram_token=WRONG_TOKEN):
            pass
    logging.getLogger("tests").error("startup failed", exc_info=rejected.value)
    text = debug_log.getvalue()
    assert WRONG_TOKEN in str(rejected.value)  # PTB puts the token in the message...
    assert "HTTP Request: POST" in text and "/bot<redacted>/getUpdates" in text and "was rejected" in text
    for secret in (TOKEN, WRONG_TOKEN):
        assert secret.split(":")[1] not in text  # ...and the logs never show it
