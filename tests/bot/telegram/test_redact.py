"""The token-redacting log filter."""

from __future__ import annotations

import io
import logging

import pytest

from bot.telegram.redact import (
    REDACTED,
    SecretFilter,
    install_redaction,
    redact_text,
    secret_variants,
)

TOKEN = "123456:AAHsecretPART_xyz-0123456789"


@pytest.mark.parametrize(
    ("secret", "variants"),
    [(TOKEN, (TOKEN, "AAHsecretPART_xyz-0123456789")), ("plain-secret", ("plain-secret",)), ("", ())],
)
def test_secret_variants(secret: str, variants: tuple[str, ...]) -> None:
    assert secret_variants(secret) == variants


@pytest.mark.parametrize(
    "text",
    [f"POST https://api.telegram.org/bot{TOKEN}/getMe", "url-encoded 123456%3AAAHsecretPART_xyz-0123456789", TOKEN],
)
def test_redact_text_hides_every_form(text: str) -> None:
    redacted = redact_text(text, secret_variants(TOKEN))
    assert "AAHsecretPART" not in redacted and REDACTED in redacted


def record(msg: str, args: tuple = (), exc: BaseException | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc else None
    return logging.LogRecord("httpx", logging.INFO, __file__, 1, msg, args, exc_info)


def format_with_filter(rec: logging.LogRecord) -> str:
    SecretFilter([TOKEN]).filter(rec)
    return logging.Formatter("%(message)s").format(rec)


@pytest.mark.parametrize(
    "rec",
    [
        record("HTTP Request: %s %s", ("POST", f"https://x/bot{TOKEN}/getUpdates")),
        record(f"The token `{TOKEN}` was rejected by the server."),
        record("failed", exc=ValueError(f"bad token {TOKEN}")),
        record("bad format %d", (f"{TOKEN}",)),
    ],
)
def test_filter_redacts_message_arguments_and_traceback(rec: logging.LogRecord) -> None:
    assert "AAHsecretPART" not in format_with_filter(rec)


def test_stack_info_is_redacted() -> None:
    rec = record("x")
    rec.stack_info = f"Stack (most recent call last):\n  token={TOKEN}"
    assert "AAHsecretPART" not in format_with_filter(rec)


def test_install_covers_records_from_child_loggers() -> None:
    stream = io.StringIO()
    parent = logging.getLogger("redact-test")
    handler = logging.StreamHandler(stream)
    parent.addHandler(handler)
    parent.setLevel(logging.DEBUG)
    try:
        install_redaction([TOKEN], parent)
        logging.getLogger("redact-test.httpx").debug("GET /bot%s/getMe", TOKEN)
    finally:
        parent.removeHandler(handler)
    assert stream.getvalue() == f"GET /bot{REDACTED}/getMe\n"
