"""``isnad bot``: run the Telegram bot until SIGINT or SIGTERM."""

from __future__ import annotations

import asyncio
import re
import signal
import socket
from pathlib import Path
from typing import TYPE_CHECKING

import click

from bot.settings import Settings
from bot.telegram.redact import install_redaction, redact_text, secret_variants
from index import IndexError_

if TYPE_CHECKING:  # python-telegram-bot loads only when the bot runs: other commands start faster
    from telegram.ext import Application

    from retrieval.engine import Engine

__all__ = ["bot_run", "check_telegram_settings", "check_webhook_port"]


#: A bot token as @BotFather issues it: the bot's numeric id, a colon, then the secret.
TOKEN_SHAPE = re.compile(r"^\d+:[A-Za-z0-9_-]{20,}$")
SECRET_SHAPE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def check_telegram_settings(settings: Settings) -> None:
    """Fail with one line naming the setting to fix when the bot cannot start as configured."""
    token = settings.telegram_token.get_secret_value().strip() if settings.telegram_token else ""
    if not token:
        raise click.ClickException("ISNAD_TELEGRAM_TOKEN is not set. Get a token from @BotFather and set it in .env")
    if not TOKEN_SHAPE.match(token):
        raise click.ClickException(
            "ISNAD_TELEGRAM_TOKEN does not look like a bot token (digits, a colon, then the secret, "
            "e.g. 123456789:AAH...). Copy it again from @BotFather"
        )
    if settings.telegram_mode != "webhook":
        return
    if not (settings.telegram_webhook_url or "").startswith("https://"):
        raise click.ClickException("ISNAD_TELEGRAM_WEBHOOK_URL must be the public https:// URL of the webhook")
    secret = settings.telegram_webhook_secret.get_secret_value() if settings.telegram_webhook_secret else ""
    if not SECRET_SHAPE.match(secret):
        raise click.ClickException("ISNAD_TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z a-z 0-9 _ -")


def check_webhook_port(settings: Settings) -> None:
    """Fail with one line when the webhook's address cannot be listened on (before telling Telegram about it)."""
    host, port = settings.telegram_webhook_listen, settings.telegram_webhook_port
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        raise _webhook_error(settings, exc) from exc


def _webhook_error(settings: Settings, exc: OSError) -> click.ClickException:
    where = f"{settings.telegram_webhook_listen}:{settings.telegram_webhook_port}"
    return click.ClickException(
        f"cannot serve the webhook on {where}: {exc.strerror or exc}. "
        "Change ISNAD_TELEGRAM_WEBHOOK_LISTEN or ISNAD_TELEGRAM_WEBHOOK_PORT"
    )


def _secrets(settings: Settings) -> list[str]:
    values = [settings.telegram_token, settings.telegram_webhook_secret]
    return [v.get_secret_value() for v in values if v is not None]


def _open_engine(engine: Engine, mode: str) -> None:
    try:
        _ = engine.index
        if mode != "lexical":
            _ = engine.index.encoder
    except IndexError_ as exc:
        raise click.ClickException(str(exc)) from exc


async def _serve_until_signal(app: Application, settings: Settings) -> None:
    from bot.telegram.app import serve

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await serve(app, settings, stop)


def _run(app: Application, settings: Settings) -> None:
    from telegram.error import InvalidToken, TelegramError

    secrets = [v for s in _secrets(settings) for v in secret_variants(s)]
    try:
        asyncio.run(_serve_until_signal(app, settings))
    except InvalidToken as exc:
        raise click.ClickException(
            f"ISNAD_TELEGRAM_TOKEN was rejected by the Bot API at {settings.telegram_api_url}. "
            "Check the token with @BotFather (/token) and ISNAD_TELEGRAM_API_URL"
        ) from exc
    except TelegramError as exc:
        raise click.ClickException(
            f"the Bot API at {settings.telegram_api_url} failed: {redact_text(exc.message, secrets)}. "
            "Check ISNAD_TELEGRAM_API_URL and the network"
        ) from exc
    except OSError as exc:  # the webhook port was taken between the check and the bind
        raise _webhook_error(settings, exc) from exc


@click.command("bot")
@click.option("-d", "--index-dir", type=click.Path(path_type=Path), help="Index directory (default: ISNAD_INDEX_DIR).")
@click.option("-k", "--k", "k", type=click.IntRange(1, 50), help="Citations per answer (default: ISNAD_TOP_K).")
@click.pass_obj
def bot_run(settings: Settings, index_dir: Path | None, k: int | None) -> None:
    """Run the Telegram bot: long polling, or a webhook when ISNAD_TELEGRAM_MODE=webhook.

    Configured by ISNAD_TELEGRAM_* settings (environment or .env); stops cleanly on
    Ctrl-C or SIGTERM, finishing the answers in progress.

    \b
    Examples:
        ISNAD_TELEGRAM_TOKEN=123456789:AAH... isnad bot
        ISNAD_TELEGRAM_API_URL=http://127.0.0.1:8081/bot isnad bot --index-dir /srv/isnad/index
    """
    # bot.cli imports this module to register the command, so bot.cli is imported late.
    from bot.wiring import engine_from_settings
    from index import load_faiss, set_search_threads

    check_telegram_settings(settings)
    if settings.telegram_mode == "webhook":
        check_webhook_port(settings)
    install_redaction(_secrets(settings))
    load_faiss()
    set_search_threads(1)
    engine = engine_from_settings(settings, index_dir)
    _open_engine(engine, settings.search_mode)
    from bot.telegram.app import build_application, build_services

    services = build_services(settings, engine, k)
    try:
        app = build_application(settings, services)
        stats = engine.stats()
        click.echo(
            f"isnad bot: {stats.articles} articles, {settings.telegram_mode} via {settings.telegram_api_url}; "
            "Ctrl-C to stop",
            err=True,
        )
        _run(app, settings)
    finally:
        services.chats.store.close()
    click.echo("isnad bot: stopped", err=True)
