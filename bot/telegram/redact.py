"""Keep secrets (the bot token, the webhook secret) out of every log line.

httpx logs request URLs, which carry the token, at INFO; PTB's ``InvalidToken`` message
quotes it. Redaction happens in a filter on the *handlers*, because a filter on a logger
does not see records propagated from child loggers such as ``httpx`` or ``telegram.ext``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

__all__ = ["REDACTED", "SecretFilter", "install_redaction", "redact_text", "secret_variants"]

REDACTED = "<redacted>"


def secret_variants(secret: str) -> tuple[str, ...]:
    """The strings to hide for one secret, longest first.

    A bot token ``123:ABC`` is also hidden by its part after the colon, which stays
    secret-bearing however the colon is encoded (``123%3AABC`` in a quoted URL).
    """
    parts = {secret}
    if ":" in secret:
        parts.add(secret.split(":", 1)[1])
    return tuple(sorted((p for p in parts if p), key=len, reverse=True))


def redact_text(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every occurrence of every secret replaced by ``<redacted>``."""
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return text


class SecretFilter(logging.Filter):
    """Rewrites a record's message, traceback and stack so that no secret survives."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = tuple(v for s in secrets if s for v in secret_variants(s))

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact the record in place; never drops it."""
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed format string: redact what there is
            message = f"{record.msg} {record.args}"
        record.msg, record.args = redact_text(message, self.secrets), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_text(record.exc_text, self.secrets)
        if record.stack_info:
            record.stack_info = redact_text(record.stack_info, self.secrets)
        return True


def install_redaction(secrets: Iterable[str], logger: logging.Logger | None = None) -> SecretFilter:
    """Add a :class:`SecretFilter` to every handler of ``logger`` (default: the root logger).

    Returns:
        The filter, so a caller can remove it again.
    """
    secret_filter = SecretFilter(secrets)
    for handler in (logger or logging.getLogger()).handlers:
        handler.addFilter(secret_filter)
    return secret_filter
