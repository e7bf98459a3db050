"""Thin async Telegram handlers: they call the chat service in a worker thread and send HTML."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from telegram import CallbackQuery, Message, ReplyParameters, Update
from telegram.constants import ChatAction, ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.telegram.address import addressed_command, addressed_question
from bot.telegram.html import render_outlets, render_reply, trim
from bot.telegram.keyboard import MORE, Press, answer_keyboard, decode_press
from bot.telegram.ratelimit import RateLimiter, Verdict
from bot.telegram.reindex import Reindexer
from bot.telegram.service import EXPIRED, ChatService, Turn
from bot.telegram.texts import (
    ASK_USAGE,
    NOT_TEXT,
    REINDEX_BUSY,
    REINDEX_REFUSED,
    REINDEX_STARTED,
    SLOW_DOWN,
    SORRY,
    UNKNOWN_COMMAND,
    build_failed_text,
    build_text,
    help_text,
    stats_text,
)
from index import IndexError_
from retrieval.engine import Engine

__all__ = ["BotServices", "SERVICES_KEY", "services"]

logger = logging.getLogger(__name__)

SERVICES_KEY = "isnad"
#: Telegram shows at most 200 characters in a callback notification.
MAX_TOAST = 200


@dataclass
class BotServices:
    """What the handlers need, stored in ``application.bot_data``."""

    engine: Engine
    chats: ChatService
    limiter: RateLimiter
    reindexer: Reindexer
    examples: tuple[str, ...] = ()
    admin_ids: frozenset[int] = field(default_factory=frozenset)
    allowed_chats: frozenset[int] = field(default_factory=frozenset)


def services(context: ContextTypes.DEFAULT_TYPE) -> BotServices:
    """The bot's services from the application's ``bot_data``."""
    return context.bot_data[SERVICES_KEY]


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop updates from chats outside the allow-list (an admin's private chat is always allowed)."""
    allowed = services(context).allowed_chats
    chat, user = update.effective_chat, update.effective_user
    if not allowed or (chat and chat.id in allowed):
        return
    if chat and user and chat.type == ChatType.PRIVATE and user.id in services(context).admin_ids:
        return
    logger.info("Ignoring an update from chat %s, which is not in the allow-list", chat.id if chat else None)
    raise ApplicationHandlerStop


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet and explain what the bot knows and how to ask."""
    await _send_help(update, context, greeting=True)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain what the bot knows, with examples and how citations read."""
    await _send_help(update, context, greeting=False)


async def _send_help(update: Update, context: ContextTypes.DEFAULT_TYPE, greeting: bool) -> None:
    svc = services(context)
    stats = await asyncio.to_thread(svc.engine.stats)
    await update.effective_message.reply_text(help_text(stats, svc.examples, context.bot.username, greeting))


async def stats_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show corpus size, index build time and the model in use."""
    stats = await asyncio.to_thread(services(context).engine.stats)
    await update.effective_message.reply_text(stats_text(stats))


async def sources_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the indexed outlets with their article counts and date ranges."""
    outlets = await asyncio.to_thread(services(context).engine.outlets)
    await update.effective_message.reply_text(render_outlets(outlets))


async def ask_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer ``/ask سؤال`` (the way to ask in a group without mentioning the bot)."""
    question = " ".join(context.args or [])
    if not question:
        await update.effective_message.reply_text(ASK_USAGE)
        return
    await _answer(update, context, question)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a text message (new or edited) meant for the bot; stay quiet in groups otherwise."""
    question = addressed_question(update.effective_message, context.bot.username, context.bot.id)
    if question is None:
        return
    if not question:
        await update.effective_message.reply_text(ASK_USAGE)
        return
    await _answer(update, context, question)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot does not have: say which ones it has (in groups, only when addressed to it)."""
    if addressed_command(update.effective_message, context.bot.username):
        await update.effective_message.reply_text(UNKNOWN_COMMAND)


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A sticker, voice note or photo without a caption in a private chat: ask for a written question."""
    await update.effective_message.reply_text(NOT_TEXT)


async def _typing(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
    try:
        await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
    except TelegramError as exc:  # cosmetic: the answer matters, not the typing indicator
        logger.warning("sendChatAction failed in chat %s: %s", chat_id, exc)


async def _answer(update: Update, context: ContextTypes.DEFAULT_TYPE, question: str) -> None:
    svc, message = services(context), update.effective_message
    verdict = svc.limiter.check(update.effective_user.id)
    if verdict is not Verdict.ALLOW:
        if verdict is Verdict.WARN:
            await message.reply_text(SLOW_DOWN)
        return
    turn, _ = await asyncio.gather(
        asyncio.to_thread(svc.chats.message, message.chat_id, question), _typing(context, message.chat_id)
    )
    await _send_turn(message, turn)


async def _send_turn(message: Message, turn: Turn) -> None:
    keyboard = answer_keyboard(turn.answer, turn.thread) if turn.answer else None
    await message.reply_text(render_reply(turn.reply), reply_markup=keyboard)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a press on «المزيد», «السياق» or «المصدر»."""
    query = update.callback_query
    toast = None
    try:
        toast = await _press(query, context)
    finally:
        # CallbackQueries need to be answered, even when there is nothing to say: else the
        # client shows a spinner until Telegram times the press out.
        await query.answer(trim(toast, MAX_TOAST) if toast else None)


async def _press(query: CallbackQuery, context: ContextTypes.DEFAULT_TYPE) -> str | None:
    press = decode_press(query.data)
    if press is None or query.message is None:
        return EXPIRED
    if press.kind == MORE:
        return await _more(query, context, press)
    chat_id = query.message.chat.id
    turn = await asyncio.to_thread(services(context).chats.citation, chat_id, press.thread, press.number, press.kind)
    # A reply to the answer keeps a group's thread readable; the answer may have been deleted since.
    under = ReplyParameters(query.message.message_id, allow_sending_without_reply=True)
    await context.bot.send_message(chat_id, render_reply(turn.reply), reply_parameters=under)
    return None


async def _more(query: CallbackQuery, context: ContextTypes.DEFAULT_TYPE, press: Press) -> str | None:
    svc, chat_id = services(context), query.message.chat.id
    if svc.limiter.check(query.from_user.id) is not Verdict.ALLOW:
        return SLOW_DOWN
    turn = await asyncio.to_thread(svc.chats.more, chat_id, press.thread, press.number)
    if turn is None:
        return None
    answer = turn.answer
    if answer is None or not answer.answered:
        return render_reply(turn.reply)
    await context.bot.edit_message_text(
        render_reply(turn.reply), chat_id, query.message.message_id, reply_markup=answer_keyboard(answer, turn.thread)
    )
    return None


async def reindex_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Rebuild the index in the background (admins only) and report when it is swapped in."""
    svc, message = services(context), update.effective_message
    if update.effective_user.id not in svc.admin_ids:
        await message.reply_text(REINDEX_REFUSED)
        return
    if not svc.reindexer.claim():
        await message.reply_text(REINDEX_BUSY)
        return
    try:
        await message.reply_text(REINDEX_STARTED)
    except TelegramError:
        svc.reindexer.release()
        raise
    context.application.create_task(_rebuild_and_report(message, svc.reindexer), update=update)


async def _rebuild_and_report(message: Message, reindexer: Reindexer) -> None:
    try:
        report = await reindexer.rebuild()
    except IndexError_ as exc:
        logger.error("Rebuilding the index failed; still serving the old one", exc_info=exc)
        await message.reply_text(build_failed_text(str(exc)))
        return
    await message.reply_text(build_text(report))


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the traceback, then tell the user briefly that something went wrong."""
    update_id = update.update_id if isinstance(update, Update) else None
    logger.error("Handling update %s failed", update_id, exc_info=context.error)
    chat = update.effective_chat if isinstance(update, Update) else None
    if chat is None:
        return
    try:
        await context.bot.send_message(chat.id, SORRY)
    except TelegramError as exc:
        logger.warning("Could not tell chat %s that answering failed: %s", chat.id, exc)
