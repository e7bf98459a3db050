"""Whether a message is meant for the bot.

Always in private chats; in groups only when the bot is mentioned or replied to (``/ask`` is a
command and handled apart). A photo's caption is read like a message's text.
"""

from __future__ import annotations

import re

from telegram import Message, MessageEntity
from telegram.constants import ChatType

__all__ = ["addressed_question", "addressed_command"]


def _mentions(message: Message, username: str) -> bool:
    wanted = f"@{username}".lower()
    found = [*message.parse_entities([MessageEntity.MENTION]).values(),
             *message.parse_caption_entities([MessageEntity.MENTION]).values()]
    return any(text.lower() == wanted for text in found)


def _replies_to(message: Message, bot_id: int) -> bool:
    replied = message.reply_to_message
    return bool(replied and replied.from_user and replied.from_user.id == bot_id)


def addressed_question(message: Message, username: str, bot_id: int) -> str | None:
    """The question a message (its text, or a photo's caption) asks the bot, without the mention;
    None when it is not for the bot."""
    text = message.text or message.caption or ""
    if message.chat.type == ChatType.PRIVATE or _replies_to(message, bot_id):
        return text.strip()
    if _mentions(message, username):
        return re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE).strip()
    return None


def addressed_command(message: Message, username: str) -> bool:
    """Whether a command is for this bot: any command in a private chat, ``/x@thisbot`` in a group."""
    if message.chat.type == ChatType.PRIVATE:
        return True
    words = (message.text or message.caption or "").split(maxsplit=1)
    return bool(words) and words[0].lower().endswith(f"@{username}".lower())
