"""Fixtures for the Telegram tests: the fake Bot API server, a shared engine, a running bot."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import Application

from bot.settings import Settings
from bot.telegram.app import build_application, build_services, serve
from bot.telegram.handlers import BotServices
from retrieval.engine import Engine
from tests.bot.telegram.fake_bot_api import BotMessage, FakeBotApi

TOKEN = "123456789:TEST-secret-token-abcdefghijklmnop"
KERRY = "ماذا قال كيري؟"


def bot_settings(api: FakeBotApi, state_dir: Path, **overrides: Any) -> Settings:
    """Settings for a bot that talks to ``api``, with its state under ``state_dir``."""
    values: dict[str, Any] = {
        "telegram_token": TOKEN,
        "telegram_api_url": api.base_url,
        "telegram_state_db": state_dir / "telegram.sqlite",
        "telegram_poll_timeout": 10,
        "telegram_questions_per_minute": 100,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


@dataclass
class RunningBot:
    """A real PTB Application serving the fake Bot API."""

    api: FakeBotApi
    app: Application
    services: BotServices
    settings: Settings

    async def ask(self, text: str, user_id: int = 1001, **where: Any) -> BotMessage:
        """Send ``text`` as a user and return the bot's next message to that chat."""
        chat_id = where.get("chat_id", user_id)
        before = len(self.api.messages_to(chat_id))
        self.api.send_text(text, user_id=user_id, **where)
        return (await self.api.wait_for_messages(chat_id, before + 1))[before]


@asynccontextmanager
async def running_bot(api: FakeBotApi, engine: Engine, state_dir: Path, **overrides: Any) -> AsyncIterator[RunningBot]:
    """Serve the bot (the same ``serve`` as ``isnad bot``) until the block ends, then stop it cleanly."""
    settings = bot_settings(api, state_dir, **overrides)
    services = build_services(settings, engine)
    app = build_application(settings, services, retry_delay=0.01)
    stop, started = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(serve(app, settings, stop, started))
    try:
        waiter = asyncio.ensure_future(started.wait())
        await asyncio.wait([task, waiter], return_when=asyncio.FIRST_COMPLETED)
        waiter.cancel()
        if task.done():
            task.result()
        if settings.telegram_mode == "polling":
            # start_polling() returns before the first getUpdates: wait for it too.
            await api.until(lambda: api.calls_to("getUpdates"))
        yield RunningBot(api, app, services, settings)
    finally:
        stop.set()
        await asyncio.wait_for(task, 20)
        services.chats.store.close()


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    """A fresh fake Bot API server on a free local port."""
    with FakeBotApi(TOKEN) as server:
        yield server


@pytest.fixture(scope="session")
def seed_engine(seed_index: Path) -> Engine:
    """A hybrid-search engine over the seed index, shared (read-only) by the Telegram tests."""
    from bot.wiring import engine_from_settings

    engine = engine_from_settings(Settings(_env_file=None, index_dir=seed_index))
    _ = engine.index.encoder
    return engine


def starts_arabic(message: BotMessage) -> bool:
    """Whether the first strong character is Arabic, so clients lay the message out right to left."""
    first = re.search(r"[A-Za-z\u0600-\u06ff]", message.text)
    return bool(first and "\u0600" <= first.group() <= "\u06ff")


@pytest.fixture
async def bot(api: FakeBotApi, seed_engine: Engine, tmp_path: Path) -> AsyncIterator[RunningBot]:
    """The bot over the seed index, polling the fake server; every message it sent must read right to left."""
    async with running_bot(api, seed_engine, tmp_path) as running:
        yield running
    assert all(starts_arabic(m) for m in api.sent), [m.text[:40] for m in api.sent if not starts_arabic(m)]
