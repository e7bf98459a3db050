"""Wire the Telegram bot: the PTB Application, its handlers, and how updates arrive."""

from __future__ import annotations

import asyncio
import os
from functools import partial
from urllib.parse import urlparse

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.settings import Settings
from bot.telegram import handlers
from bot.telegram.handlers import SERVICES_KEY, BotServices
from bot.telegram.ratelimit import RateLimiter
from bot.telegram.reindex import Reindexer, rebuild_from_settings
from bot.telegram.retry import RetryingRateLimiter
from bot.telegram.service import ChatService
from bot.telegram.state import ChatStore
from bot.telegram.texts import COMMANDS
from retrieval.engine import Engine

__all__ = ["ALLOWED_UPDATES", "build_application", "build_services", "register_commands", "serve", "start_updates"]

ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]


def build_services(settings: Settings, engine: Engine, k: int | None = None) -> BotServices:
    """The handlers' services as the settings describe them."""
    store = ChatStore(settings.telegram_state_db, settings.telegram_max_chats)
    return BotServices(
        engine=engine,
        chats=ChatService(engine, store, k or settings.top_k, settings.search_mode),
        limiter=RateLimiter(settings.telegram_questions_per_minute),
        reindexer=Reindexer(engine, partial(rebuild_from_settings, settings, engine.index_dir)),
        examples=tuple(settings.telegram_examples),
        admin_ids=frozenset(settings.telegram_admin_ids),
        allowed_chats=frozenset(settings.telegram_allowed_chats),
    )


def add_handlers(app: Application) -> None:
    """Register the handlers: allow-list gate first, then commands, questions and buttons."""
    messages = filters.UpdateType.MESSAGES  # new and edited messages: an edited question is answered again
    app.add_handler(TypeHandler(Update, handlers.gate), group=-1)
    app.add_handler(CommandHandler("start", handlers.start, filters=messages))
    app.add_handler(CommandHandler("help", handlers.help_command, filters=messages))
    app.add_handler(CommandHandler("stats", handlers.stats_command, filters=messages))
    app.add_handler(CommandHandler("sources", handlers.sources_command, filters=messages))
    app.add_handler(CommandHandler("ask", handlers.ask_command, filters=messages))
    app.add_handler(CommandHandler("reindex", handlers.reindex_command, filters=messages))
    app.add_handler(MessageHandler(messages & filters.TEXT & ~filters.COMMAND, handlers.on_text))
    # A photo (or any media) with its question in the caption is answered like a text.
    app.add_handler(MessageHandler(messages & filters.CAPTION & ~filters.COMMAND, handlers.on_text))
    app.add_handler(MessageHandler(messages & filters.COMMAND, handlers.unknown_command))
    app.add_handler(MessageHandler(
        messages & filters.ChatType.PRIVATE & ~filters.TEXT & ~filters.CAPTION & ~filters.StatusUpdate.ALL,
        handlers.not_text,
    ))
    app.add_handler(CallbackQueryHandler(handlers.on_button))
    app.add_error_handler(handlers.on_error)


def build_application(settings: Settings, services: BotServices, retry_delay: float = 0.5) -> Application:
    """The PTB Application: HTML replies, flood limits and retries, concurrent updates."""
    if settings.telegram_token is None:
        raise ValueError("ISNAD_TELEGRAM_TOKEN is not set")
    # PTB 22.8 warns on every RetryAfter it builds (and other durations) unless opted in to
    # timedelta values; nothing here reads them as numbers, so opt in rather than warn per flood wait.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    app = (
        Application.builder()
        .token(settings.telegram_token.get_secret_value())
        .base_url(settings.telegram_api_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .rate_limiter(RetryingRateLimiter(settings.telegram_max_retries, retry_delay))
        .concurrent_updates(settings.telegram_concurrency)
        .build()
    )
    app.bot_data[SERVICES_KEY] = services
    add_handlers(app)
    return app


async def register_commands(app: Application) -> None:
    """Publish the commands menu with Arabic descriptions (setMyCommands)."""
    await app.bot.set_my_commands([BotCommand(name, description) for name, description in COMMANDS])


async def start_updates(app: Application, settings: Settings) -> None:
    """Start receiving updates: long polling, or a webhook server that checks Telegram's secret header."""
    if settings.telegram_mode == "webhook":
        url = settings.telegram_webhook_url or ""
        secret = settings.telegram_webhook_secret
        await app.updater.start_webhook(
            listen=settings.telegram_webhook_listen,
            port=settings.telegram_webhook_port,
            url_path=urlparse(url).path.lstrip("/"),
            webhook_url=url,
            secret_token=secret.get_secret_value() if secret else None,
            allowed_updates=ALLOWED_UPDATES,
        )
    else:
        await app.updater.start_polling(timeout=settings.telegram_poll_timeout, allowed_updates=ALLOWED_UPDATES)


async def serve(app: Application, settings: Settings, stop: asyncio.Event, started: asyncio.Event | None = None) -> None:
    """Run the bot until ``stop`` is set, then shut down cleanly: answers in progress finish first.

    Args:
        app: The application from :func:`build_application`.
        settings: Where updates come from (polling or webhook).
        stop: Set it to stop the bot (``isnad bot`` sets it on SIGINT and SIGTERM).
        started: Set once updates are being received and handled.
    """
    async with app:
        await register_commands(app)
        try:
            await start_updates(app, settings)
            await app.start()
            if started is not None:
                started.set()
            await stop.wait()
        finally:
            if app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
