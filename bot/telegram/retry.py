"""Outgoing Bot API calls: PTB's flood limiter, plus retries of calls that never reached Telegram.

``AIORateLimiter`` keeps under Telegram's flood limits and waits out a 429 ``RetryAfter``.
On top of it, a call that failed to connect (or whose connection dropped before an answer)
is retried with exponential back-off. ``BadRequest`` is a ``NetworkError`` in PTB but is
final, and a ``TimedOut`` call may already have been delivered, so neither is retried:
a duplicate answer is worse than a missing one the user can ask again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import AIORateLimiter

__all__ = ["RetryingRateLimiter"]

logger = logging.getLogger(__name__)

Call = Callable[..., Coroutine[Any, Any, Any]]


class RetryingRateLimiter(AIORateLimiter):
    """Flood limits, ``RetryAfter`` waits and connection retries, ``max_retries`` times each."""

    def __init__(self, max_retries: int = 3, retry_delay: float = 0.5) -> None:
        super().__init__(max_retries=max_retries)
        self.network_retries = max_retries
        self.retry_delay = retry_delay

    async def process_request(
        self,
        callback: Call,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        """Send one request through the flood limiter, retrying connection failures."""

        async def attempt(*call_args: Any, **call_kwargs: Any) -> Any:
            for retry in range(self.network_retries + 1):
                try:
                    return await callback(*call_args, **call_kwargs)
                except NetworkError as exc:
                    if isinstance(exc, (BadRequest, TimedOut)) or retry == self.network_retries:
                        raise
                    logger.warning("Bot API call %s failed (%s); retry %d", endpoint, exc, retry + 1)
                    await asyncio.sleep(self.retry_delay * 2**retry)

        return await super().process_request(attempt, args, kwargs, endpoint, data, rate_limit_args)
