"""A bounded soak: 1,000 questions from 50 users at once through the real Application and the
local Bot API server. Every question gets its reply, and memory stays flat."""

from __future__ import annotations

import resource
from pathlib import Path

from retrieval.engine import Engine
from tests.bot.conftest import running_bot
from tests.bot.telegram.fake_bot_api import FakeBotApi

USERS = 50
PER_USER = 20
QUESTIONS = ["ماذا قال كيري؟", "ماذا قال لافروف؟", "أين يقع حي الهلك؟", "What did Kerry say?", "ما هي عاصمة اليابان؟"]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def _round(api: FakeBotApi, rounds: range) -> None:
    expected = {user: len(api.messages_to(user)) + len(rounds) for user in range(2001, 2001 + USERS)}
    for i in rounds:
        for user in expected:
            api.send_text(QUESTIONS[(user + i) % len(QUESTIONS)], user_id=user)
    for user, count in expected.items():
        await api.wait_for_messages(user, count, timeout=300)


async def test_a_thousand_questions_from_fifty_users_all_get_replies(
    api: FakeBotApi, seed_engine: Engine, tmp_path: Path
) -> None:
    async with running_bot(api, seed_engine, tmp_path, telegram_questions_per_minute=1000):
        await _round(api, range(0, 4))  # warm: caches, connection pools, SQLite pages
        warm = _rss_mb()
        await _round(api, range(4, PER_USER))
        grown = _rss_mb() - warm
    replies = [m for user in range(2001, 2001 + USERS) for m in api.messages_to(user)]
    assert len(replies) == USERS * PER_USER
    assert all(m.text for m in replies)
    print(f"soak: {len(replies)} replies; peak RSS {warm:.0f} MB after 200 questions, +{grown:.0f} MB after 1,000")
    assert grown < 64, f"peak RSS grew by {grown:.0f} MB over 800 questions"
