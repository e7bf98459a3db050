"""Per-user limit on incoming questions: a sliding one-minute window.

Past the limit the first refused question gets a polite «تمهل قليلاً»; later ones get
nothing until a question is allowed again, so a flood of questions is not answered by a
flood of warnings.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from enum import Enum

__all__ = ["RateLimiter", "Verdict"]

WINDOW_SECONDS = 60.0
#: Users tracked before idle ones are forgotten (their windows are empty anyway).
MAX_TRACKED_USERS = 10_000


class Verdict(Enum):
    """What to do with one incoming question."""

    ALLOW = "allow"
    WARN = "warn"
    DROP = "drop"


class RateLimiter:
    """At most ``per_minute`` questions per user in any 60-second window."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._asked: dict[int, deque[float]] = {}
        self._warned: set[int] = set()
        self._lock = threading.Lock()

    @property
    def tracked_users(self) -> int:
        """How many users the limiter currently remembers."""
        return len(self._asked)

    def check(self, user_id: int) -> Verdict:
        """Count one question from ``user_id`` and say whether to answer it."""
        now = self._clock()
        with self._lock:
            asked = self._window(user_id, now)
            if len(asked) < self.per_minute:
                asked.append(now)
                self._warned.discard(user_id)
                return Verdict.ALLOW
            if user_id in self._warned:
                return Verdict.DROP
            self._warned.add(user_id)
            return Verdict.WARN

    def _window(self, user_id: int, now: float) -> deque[float]:
        if user_id not in self._asked and len(self._asked) >= MAX_TRACKED_USERS:
            self._forget_idle(now)
        asked = self._asked.setdefault(user_id, deque())
        while asked and asked[0] <= now - WINDOW_SECONDS:
            asked.popleft()
        return asked

    def _forget_idle(self, now: float) -> None:
        idle = [u for u, asked in self._asked.items() if not asked or asked[-1] <= now - WINDOW_SECONDS]
        for user_id in idle:
            del self._asked[user_id]
            self._warned.discard(user_id)
