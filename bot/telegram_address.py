"""Whether a message is meant for the bot.

Always in private chats; in groups only when the bot is mentioned or replied to (``/ask`` is a
command and handled apart).
"""

from __future__ import annotations

import re

from telegram import Message, MessageEntity
from telegram.constants import ChatType

__all__ = ["addressed_question"]


def _mentions(message: Message, username: str) -> bool:
    wanted = f"@{username}".lower()
    return any(text.lower() == wanted for text in message.parse_entities([MessageEntity.MENTION]).values())


def _replies_to(message: Message, bot_id: int) -> bool:
    replied = message.reply_to_message
    return bool(replied and replied.from_user and replied.from_user.id == bot_id)


def addressed_question(message: Message, username: str, bot_id: int) -> str | None:
    """The question a message asks the bot, without the mention; None when it is not for the bot."""
    text = message.text or ""
    if message.chat.type == ChatType.PRIVATE or _replies_to(message, bot_id):
        return text.strip()
    if _mentions(message, username):
        return re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE).strip()
    return None
