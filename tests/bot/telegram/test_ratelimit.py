"""Per-user question limits with an injected clock."""

from __future__ import annotations

import pytest

from bot.telegram import ratelimit
from bot.telegram.ratelimit import RateLimiter, Verdict

ALLOW, WARN, DROP = Verdict.ALLOW, Verdict.WARN, Verdict.DROP


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_past_the_limit_one_warning_then_silence() -> None:
    limiter = RateLimiter(2, Clock())
    assert [limiter.check(1) for _ in range(5)] == [ALLOW, ALLOW, WARN, DROP, DROP]


def test_users_are_counted_apart() -> None:
    limiter = RateLimiter(1, Clock())
    assert [limiter.check(1), limiter.check(2), limiter.check(1)] == [ALLOW, ALLOW, WARN]


def test_the_window_slides_and_a_new_excess_is_warned_again() -> None:
    clock = Clock()
    limiter = RateLimiter(2, clock)
    assert limiter.check(1) is ALLOW
    clock.now += 30
    assert [limiter.check(1), limiter.check(1), limiter.check(1)] == [ALLOW, WARN, DROP]
    clock.now += 30.5  # the first question has left the window, the second has not
    assert [limiter.check(1), limiter.check(1)] == [ALLOW, WARN]


def test_idle_users_are_forgotten(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ratelimit, "MAX_TRACKED_USERS", 3)
    clock = Clock()
    limiter = RateLimiter(1, clock)
    for user in range(3):
        limiter.check(user)
    clock.now += 61
    limiter.check(99)
    assert limiter.tracked_users == 1
