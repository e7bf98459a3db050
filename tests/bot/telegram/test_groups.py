"""End to end in a group: answer when mentioned, replied to or asked with /ask; otherwise stay quiet."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.engine import Engine
from tests.bot.conftest import KERRY, RunningBot, running_bot
from tests.bot.telegram.fake_bot_api import FakeBotApi

GROUP = -100_555


async def ask_in_group(bot: RunningBot, text: str, user_id: int = 2001, reply_to: dict | None = None) -> list:
    """Send ``text`` to the group, then ``/ask`` as a barrier; return what else the bot sent by the barrier's answer.

    Updates are handled concurrently, so this only proves silence: a message the bot ignores is
    dropped without awaiting anything, before the later barrier can be answered.
    """
    before = len(bot.api.messages_to(GROUP))
    bot.api.send_text(text, user_id=user_id, chat_id=GROUP, chat_type="supergroup", reply_to=reply_to)
    barrier = bot.api.send_text("/ask ماذا قال لافروف؟", user_id=9999, chat_id=GROUP, chat_type="supergroup")
    await bot.api.until(lambda: any(m.reply_to == barrier["message_id"] for m in bot.api.messages_to(GROUP)))
    return [m for m in bot.api.messages_to(GROUP)[before:] if m.reply_to != barrier["message_id"]]


@pytest.mark.parametrize(
    "text",
    [f"@isnad_test_bot {KERRY}", f"{KERRY} @ISNAD_TEST_BOT", f"/ask {KERRY}", f"/ask@isnad_test_bot {KERRY}"],
)
async def test_addressed_questions_are_answered_as_replies(bot: RunningBot, text: str) -> None:
    question = bot.api.send_text(text, user_id=2001, chat_id=GROUP, chat_type="supergroup")
    reply = (await bot.api.wait_for_messages(GROUP))[0]
    assert reply.reply_to == question["message_id"]
    assert reply.text.startswith(f"الجواب عن: «{KERRY}»") and "@isnad_test_bot" not in reply.text.lower()


async def test_a_reply_to_the_bot_is_answered(bot: RunningBot) -> None:
    bot.api.send_text(f"/ask {KERRY}", user_id=2001, chat_id=GROUP, chat_type="supergroup")
    answer = (await bot.api.wait_for_messages(GROUP))[0]
    question = bot.api.send_text("ماذا قال لافروف؟", user_id=2001, chat_id=GROUP, chat_type="supergroup",
                                 reply_to=bot.api.stored(answer))
    reply = (await bot.api.wait_for_messages(GROUP, 2))[1]
    assert reply.reply_to == question["message_id"] and reply.text.startswith("الجواب عن: «ماذا قال لافروف؟»")


@pytest.mark.parametrize("text", [KERRY, f"@other_bot {KERRY}", "/ask@other_bot سؤال"])
async def test_group_chatter_gets_no_answer(bot: RunningBot, text: str) -> None:
    assert await ask_in_group(bot, text) == []


async def test_a_reply_to_someone_else_gets_no_answer(bot: RunningBot) -> None:
    other = bot.api.send_text("رسالة عادية", user_id=2002, chat_id=GROUP, chat_type="supergroup")
    assert await ask_in_group(bot, KERRY, reply_to=other) == []


@pytest.mark.parametrize("text", ["/ask", "@isnad_test_bot"])
async def test_an_empty_question_gets_the_usage_line(bot: RunningBot, text: str) -> None:
    bot.api.send_text(text, user_id=2001, chat_id=GROUP, chat_type="supergroup")
    reply = (await bot.api.wait_for_messages(GROUP))[0]
    assert reply.text == "اكتب سؤالك بعد الأمر، مثل: /ask ماذا قال كيري؟"


@pytest.mark.parametrize("chat_type", ["private", "supergroup"])
async def test_an_edited_question_is_answered_again(bot: RunningBot, chat_type: str) -> None:
    chat_id = 3001 if chat_type == "private" else GROUP
    prefix = "" if chat_type == "private" else "/ask "
    question = bot.api.send_text(f"{prefix}ما هي عاصمة الأرجنتين؟", user_id=3001, chat_id=chat_id, chat_type=chat_type)
    first = (await bot.api.wait_for_messages(chat_id))[0]
    bot.api.edit_text(question, f"{prefix}{KERRY}")
    second = (await bot.api.wait_for_messages(chat_id, 2))[1]
    assert first.text.startswith("لم أجد") and second.text.startswith(f"الجواب عن: «{KERRY}»")


async def test_chats_outside_the_allow_list_are_ignored(api: FakeBotApi, seed_engine: Engine, tmp_path: Path) -> None:
    async with running_bot(api, seed_engine, tmp_path, telegram_allowed_chats=[GROUP], telegram_admin_ids=[42]) as bot:
        api.send_text(KERRY, user_id=1002)
        admin = await bot.ask("/stats", user_id=42)
        group = await bot.ask(f"/ask {KERRY}", user_id=1003, chat_id=GROUP, chat_type="supergroup")
    assert admin.text.startswith("إحصاءات") and group.text.startswith("الجواب عن")
    assert api.messages_to(1002) == []


async def test_a_photo_with_a_question_in_its_caption_is_answered(bot: RunningBot) -> None:
    before = len(bot.api.messages_to(1001))
    bot.api.send_photo("ماذا قال كيري؟")
    reply = (await bot.api.wait_for_messages(1001, before + 1))[before]
    assert "كيري" in reply.text or "كيرى" in reply.text


async def test_a_photo_without_a_caption_gets_a_polite_request_for_text(bot: RunningBot) -> None:
    from bot.telegram.texts import NOT_TEXT

    before = len(bot.api.messages_to(1001))
    bot.api.send_photo(None)
    reply = (await bot.api.wait_for_messages(1001, before + 1))[before]
    assert reply.text == NOT_TEXT


async def test_an_unknown_command_lists_the_commands(bot: RunningBot) -> None:
    from bot.telegram.texts import UNKNOWN_COMMAND

    reply = await bot.ask("/weather")
    assert reply.text == UNKNOWN_COMMAND


async def test_an_unknown_command_for_another_bot_in_a_group_is_ignored(bot: RunningBot) -> None:
    from bot.telegram.texts import UNKNOWN_COMMAND

    bot.api.send_text("/weather@other_bot", chat_id=-100, chat_type="group")
    reply = await bot.ask("/weather@isnad_test_bot", chat_id=-100, chat_type="group")
    assert reply.text == UNKNOWN_COMMAND
    assert len(bot.api.messages_to(-100)) == 1
