"""A local Bot API server for end-to-end tests: the real PTB Application talks to it over HTTP.

It speaks the methods the bot uses (getMe, getUpdates with long polling, sendMessage,
editMessageText, editMessageReplyMarkup, answerCallbackQuery, setMyCommands,
sendChatAction, deleteWebhook, setWebhook) and is strict where Telegram is strict: HTML
entity rules, 4096 characters after entity parsing (UTF-16), 1-64 bytes of callback data,
unknown chats and messages, answering a callback query twice, editing to the same content.
Errors use Telegram's JSON shape (``ok``, ``error_code``, ``description``, ``parameters``).

Tests inject updates (:meth:`FakeBotApi.send_text`, :meth:`edit_text`, :meth:`press`) and
read what the bot sent (:meth:`wait_for_messages`). Every wait is on a condition with a
timeout; :meth:`stop` wakes pending long polls so the bot's shutdown never waits out a poll.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar
from urllib.parse import parse_qsl

from tests.bot.telegram.telegram_html import HtmlError, parse_html, utf16_len

__all__ = ["ApiCall", "BotMessage", "FakeBotApi"]

T = TypeVar("T")
MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64
MAX_CALLBACK_ANSWER = 200
CHAT_ACTIONS = {"typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
                "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note"}
# PTB posts form fields; strings go as they are and everything else JSON-encoded. These stay strings.
_STRING_FIELDS = {"text", "parse_mode", "callback_query_id", "action", "url", "secret_token", "language_code"}
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
_MENTION = re.compile(r"@[A-Za-z0-9_]{5,32}")


class ApiError(Exception):
    """A Bot API error answer."""

    def __init__(self, code: int, description: str, parameters: dict | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


def bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


@dataclass(frozen=True)
class ApiCall:
    """One request the bot made, with its decoded parameters and whether it succeeded."""

    method: str
    params: dict
    ok: bool
    at: float


@dataclass
class BotMessage:
    """A message the bot sent, as it stands now (edits update it)."""

    chat_id: int
    message_id: int
    html: str
    text: str
    entities: list[dict]
    reply_markup: dict | None
    reply_to: int | None
    edits: int = 0

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback_data) of every inline button, row by row."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [(b["text"], b.get("callback_data", "")) for row in rows for b in row]

    def bold(self) -> list[str]:
        """The bold stretches of the text."""
        units = self.text.encode("utf-16-le")
        return [
            units[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le")
            for e in self.entities
            if e["type"] == "bold"
        ]


@dataclass
class _Chat:
    info: dict
    messages: dict[int, dict] = field(default_factory=dict)
    next_id: int = 1


class FakeBotApi:
    """The server; use as a context manager or call :meth:`start` and :meth:`stop`."""

    def __init__(self, token: str, username: str = "isnad_test_bot", bot_id: int = 7_000_000_001) -> None:
        self.token = token
        self.bot_user = {"id": bot_id, "is_bot": True, "first_name": "إسناد", "username": username,
                         "can_join_groups": True, "can_read_all_group_messages": False,
                         "supports_inline_queries": False}
        self.calls: list[ApiCall] = []
        self.sent: list[BotMessage] = []
        self.commands: list[dict] = []
        self.webhook: dict | None = None
        self._chats: dict[int, _Chat] = {}
        self._updates: list[dict] = []
        self._update_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._open_queries: set[str] = set()
        self._failures: dict[str, list[ApiError | None]] = {}
        self._cond = threading.Condition()
        self._stopping = False
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), name="fake-bot-api", daemon=True)

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The value for ISNAD_TELEGRAM_API_URL."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/bot"

    def start(self) -> FakeBotApi:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Wake pending long polls, then stop serving."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def __enter__(self) -> FakeBotApi:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- injecting updates -----------------------------------------------------------------

    @staticmethod
    def user(user_id: int, first_name: str = "سائل") -> dict:
        return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "ar"}

    def chat(self, chat_id: int, chat_type: str = "private") -> dict:
        """Register a chat (Telegram knows a chat once someone wrote in it)."""
        with self._cond:
            if chat_id not in self._chats:
                info = {"id": chat_id, "type": chat_type}
                info.update({"first_name": "سائل"} if chat_type == "private" else {"title": "مجموعة الأخبار"})
                self._chats[chat_id] = _Chat(info)
            return self._chats[chat_id].info

    def user_message(self, text: str, user_id: int = 1001, chat_id: int | None = None, chat_type: str = "private",
                     reply_to: dict | None = None) -> dict:
        """A message a user wrote, stored but not delivered (a webhook test posts it itself)."""
        chat = self.chat(user_id if chat_id is None else chat_id, chat_type)
        with self._cond:
            return self._new_message(chat["id"], self.user(user_id), text, reply_to)

    def send_text(self, text: str, user_id: int = 1001, chat_id: int | None = None, chat_type: str = "private",
                  reply_to: dict | None = None) -> dict:
        """A user writes ``text``; it is delivered by getUpdates. Returns the message as stored."""
        message = self.user_message(text, user_id, chat_id, chat_type, reply_to)
        self.push_update({"message": message})
        return message

    def send_photo(self, caption: str | None, user_id: int = 1001, chat_id: int | None = None,
                   chat_type: str = "private") -> dict:
        """A user sends a photo, with ``caption`` (or none); delivered by getUpdates."""
        chat = self.chat(user_id if chat_id is None else chat_id, chat_type)
        with self._cond:
            message = self._new_message(chat["id"], self.user(user_id), "", None, entities=[])
            del message["text"]
            message["photo"] = [{"file_id": "photo-1", "file_unique_id": "p1", "width": 90, "height": 90}]
            if caption is not None:
                message["caption"] = caption
                found = _text_entities(caption)
                if found:
                    message["caption_entities"] = found
            self._push({"message": message})
            return message

    def edit_text(self, message: dict, text: str) -> dict:
        """The user edits an earlier message."""
        with self._cond:
            edited = {**message, "text": text, "edit_date": int(time.time())}
            edited.pop("entities", None)
            found = _text_entities(text)
            if found:
                edited["entities"] = found
            self._chats[message["chat"]["id"]].messages[message["message_id"]] = edited
            self._push({"edited_message": edited})
            return edited

    def press(self, message: BotMessage, data: str, user_id: int = 1001) -> str:
        """A user presses the button carrying ``data`` under a bot message; returns the query id."""
        assert data in [d for _, d in message.buttons], f"no button {data!r} under message {message.message_id}"
        with self._cond:
            query_id = str(next(self._callback_ids))
            self._open_queries.add(query_id)
            stored = self._chats[message.chat_id].messages[message.message_id]
            self._push({"callback_query": {"id": query_id, "from": self.user(user_id), "message": stored,
                                           "chat_instance": f"ci{message.chat_id}", "data": data}})
            return query_id

    def push_update(self, body: dict) -> int:
        """Queue a raw update body (without ``update_id``); returns its id."""
        with self._cond:
            return self._push(body)

    def _push(self, body: dict) -> int:
        update_id = next(self._update_ids)
        self._updates.append({"update_id": update_id, **body})
        self._cond.notify_all()
        return update_id

    def _new_message(self, chat_id: int, sender: dict, text: str, reply_to: dict | None,
                     entities: list[dict] | None = None, **extra: Any) -> dict:
        chat = self._chats[chat_id]
        message = {"message_id": chat.next_id, "date": int(time.time()), "chat": chat.info, "from": sender,
                   "text": text, **extra}
        found = _text_entities(text) if entities is None else entities
        if found:
            message["entities"] = found
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        chat.next_id += 1
        chat.messages[message["message_id"]] = message
        return message

    # -- failure injection ---------------------------------------------------------------

    def fail_next(self, method: str, code: int, description: str, parameters: dict | None = None) -> None:
        """Answer the next call of ``method`` with an error."""
        with self._cond:
            self._failures.setdefault(method, []).append(ApiError(code, description, parameters))

    def drop_next(self, method: str) -> None:
        """Close the connection of the next call of ``method`` without answering."""
        with self._cond:
            self._failures.setdefault(method, []).append(None)

    def _take_failure(self, method: str) -> tuple[bool, ApiError | None]:
        queue = self._failures.get(method)
        return (True, queue.pop(0)) if queue else (False, None)

    # -- observing -------------------------------------------------------------------------

    def wait_until(self, predicate: Callable[[], T], timeout: float = 20.0) -> T:
        """Block until ``predicate()`` is truthy (checked whenever the bot calls); its value."""
        with self._cond:
            result = self._cond.wait_for(predicate, timeout)
        assert result, f"timed out after {timeout} s; calls: {[c.method for c in self.calls][-20:]}"
        return result

    async def until(self, predicate: Callable[[], T], timeout: float = 20.0) -> T:
        """:meth:`wait_until` for async tests, without blocking the bot's event loop."""
        return await asyncio.to_thread(self.wait_until, predicate, timeout)

    def stored(self, message: BotMessage) -> dict:
        """A bot message as Telegram stores it (to reply to it, say)."""
        with self._cond:
            return self._chats[message.chat_id].messages[message.message_id]

    def messages_to(self, chat_id: int) -> list[BotMessage]:
        return [m for m in self.sent if m.chat_id == chat_id]

    async def wait_for_messages(self, chat_id: int, count: int = 1, timeout: float = 20.0) -> list[BotMessage]:
        """The first ``count`` messages the bot sent to a chat, once it has sent them."""
        return (await self.until(lambda: len(self.messages_to(chat_id)) >= count and self.messages_to(chat_id), timeout))[:count]

    def calls_to(self, method: str) -> list[ApiCall]:
        with self._cond:
            return [c for c in self.calls if c.method == method]

    # -- the API ---------------------------------------------------------------------------

    def handle(self, token: str, method: str, params: dict) -> Any:
        """Run one API method; raises :class:`ApiError` as Telegram would answer."""
        if token != self.token:
            raise ApiError(401, "Unauthorized")
        api = _METHODS.get(method)
        if api is None:
            raise ApiError(404, "Not Found")
        if method == "getUpdates":
            return self._get_updates(params)
        with self._cond:
            try:
                result = api(self, params)
            except ApiError:
                self._record(method, params, ok=False)
                raise
            self._record(method, params, ok=True)
            return result

    def _record(self, method: str, params: dict, ok: bool) -> None:
        self.calls.append(ApiCall(method, params, ok, time.monotonic()))
        self._cond.notify_all()

    def _get_updates(self, params: dict) -> list[dict]:
        offset, limit = int(params.get("offset", 0)), int(params.get("limit", 100))
        timeout = float(params.get("timeout", 0))
        with self._cond:
            self._record("getUpdates", params, ok=True)
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            self._cond.wait_for(lambda: self._updates or self._stopping, timeout)
            return self._updates[:limit]

    def _known_chat(self, params: dict) -> _Chat:
        try:
            return self._chats[int(params.get("chat_id", 0))]
        except (KeyError, ValueError):
            raise bad_request("chat not found") from None

    def _check_text(self, params: dict) -> tuple[str, list[dict]]:
        source = str(params.get("text", ""))
        if params.get("parse_mode") == "HTML":
            try:
                text, entities = parse_html(source)
            except HtmlError as exc:
                raise bad_request(f"can't parse entities: {exc}") from None
        else:
            text, entities = source, []
        if not text.strip():
            raise bad_request("message text is empty")
        if utf16_len(text) > MAX_TEXT:
            raise bad_request("message is too long")
        return text, entities

    def _send_message(self, params: dict) -> dict:
        chat = self._known_chat(params)
        text, entities = self._check_text(params)
        markup = _check_markup(params.get("reply_markup"))
        reply_to = _reply_target(chat, params)
        extra = {"reply_markup": markup} if markup else {}
        message = self._new_message(chat.info["id"], self.bot_user, text, reply_to, entities, **extra)
        self.sent.append(BotMessage(chat.info["id"], message["message_id"], str(params["text"]), text, entities,
                                    markup, reply_to["message_id"] if reply_to else None))
        return message

    def _bot_message(self, params: dict) -> tuple[_Chat, dict, BotMessage]:
        chat = self._known_chat(params)
        message = chat.messages.get(int(params.get("message_id", 0)))
        if message is None:
            raise bad_request("message to edit not found")
        if message["from"]["id"] != self.bot_user["id"]:
            raise bad_request("message can't be edited")
        record = next(m for m in self.sent if m.chat_id == chat.info["id"] and m.message_id == message["message_id"])
        return chat, message, record

    def _edit_message_text(self, params: dict) -> dict:
        chat, message, record = self._bot_message(params)
        text, entities = self._check_text(params)
        markup = _check_markup(params.get("reply_markup"))
        if (text, entities, markup) == (record.text, record.entities, record.reply_markup):
            raise bad_request("message is not modified: specified new message content and reply markup are "
                              "exactly the same as a current content and reply markup of the message")
        record.html, record.text, record.entities, record.reply_markup = str(params["text"]), text, entities, markup
        record.edits += 1
        return self._store_edit(chat, message, {"text": text, "entities": entities, "reply_markup": markup})

    def _edit_reply_markup(self, params: dict) -> dict:
        chat, message, record = self._bot_message(params)
        markup = _check_markup(params.get("reply_markup"))
        if markup == record.reply_markup:
            raise bad_request("message is not modified: specified new message content and reply markup are "
                              "exactly the same as a current content and reply markup of the message")
        record.reply_markup = markup
        record.edits += 1
        return self._store_edit(chat, message, {"reply_markup": markup})

    @staticmethod
    def _store_edit(chat: _Chat, message: dict, changes: dict) -> dict:
        edited = {**message, **changes, "edit_date": int(time.time())}
        for key in ("entities", "reply_markup"):
            if not edited.get(key):
                edited.pop(key, None)
        chat.messages[message["message_id"]] = edited
        return edited

    def _answer_callback_query(self, params: dict) -> bool:
        query_id = str(params.get("callback_query_id", ""))
        if query_id not in self._open_queries:
            raise bad_request("query is too old and response timeout expired or query ID is invalid")
        if len(str(params.get("text", ""))) > MAX_CALLBACK_ANSWER:
            raise bad_request("MESSAGE_TOO_LONG")
        self._open_queries.discard(query_id)
        return True

    def _set_my_commands(self, params: dict) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("commands must be a list of at most 100 commands")
        for command in commands:
            if not _COMMAND.match(str(command.get("command", ""))):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands = commands
        return True

    def _send_chat_action(self, params: dict) -> bool:
        self._known_chat(params)
        if params.get("action") not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    def _set_webhook(self, params: dict) -> bool:
        if not str(params.get("url", "")).startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook = params
        return True

    def _delete_webhook(self, params: dict) -> bool:
        self.webhook = None
        return True


_METHODS: dict[str, Callable[[FakeBotApi, dict], Any]] = {
    "getMe": lambda api, params: api.bot_user,
    "getUpdates": lambda api, params: [],
    "sendMessage": FakeBotApi._send_message,
    "editMessageText": FakeBotApi._edit_message_text,
    "editMessageReplyMarkup": FakeBotApi._edit_reply_markup,
    "answerCallbackQuery": FakeBotApi._answer_callback_query,
    "setMyCommands": FakeBotApi._set_my_commands,
    "sendChatAction": FakeBotApi._send_chat_action,
    "setWebhook": FakeBotApi._set_webhook,
    "deleteWebhook": FakeBotApi._delete_webhook,
}


def _text_entities(text: str) -> list[dict]:
    """Mention and command entities, as Telegram adds them to what users type."""
    entities = [
        {"type": "mention", "offset": utf16_len(text[: m.start()]), "length": utf16_len(m.group())}
        for m in _MENTION.finditer(text)
    ]
    if text.startswith("/"):
        command = re.match(r"/\S+", text)
        entities.insert(0, {"type": "bot_command", "offset": 0, "length": utf16_len(command.group())})
    return entities


def _check_markup(markup: Any) -> dict | None:
    if markup is None:
        return None
    rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("can't parse reply keyboard markup JSON object")
    for button in (b for row in rows for b in row):
        if not button.get("text"):
            raise bad_request("BUTTON_TEXT_INVALID")
        data = button.get("callback_data")
        if data is not None and not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA:
            raise bad_request("BUTTON_DATA_INVALID")
        if (data is None) == (button.get("url") is None):
            raise bad_request("BUTTON_TYPE_INVALID")
    return markup


def _reply_target(chat: _Chat, params: dict) -> dict | None:
    reply = params.get("reply_parameters") or {}
    message_id = reply.get("message_id") or params.get("reply_to_message_id")
    if not message_id:
        return None
    target = chat.messages.get(int(message_id))
    if target is None and not reply.get("allow_sending_without_reply"):
        raise bad_request("message to be replied not found")
    return target


def _decode_params(body: bytes, content_type: str) -> dict:
    if content_type.startswith("application/json"):
        return json.loads(body or b"{}")
    params = {}
    for key, value in parse_qsl(body.decode("utf-8"), keep_blank_values=True):
        if key in _STRING_FIELDS:
            params[key] = value
            continue
        try:
            params[key] = json.loads(value)
        except ValueError:
            params[key] = value
    return params


def _handler_for(api: FakeBotApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        # HTTP/1.0: one request per connection, so no idle keep-alive connection holds up shutdown.
        protocol_version = "HTTP/1.0"

        def do_POST(self) -> None:
            match = re.fullmatch(r"/bot([^/]*)/(\w+)", self.path)
            if match is None:
                self._reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                return
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            token, method = match.groups()
            params = _decode_params(body, self.headers.get("Content-Type", ""))
            with api._cond:
                injected, failure = api._take_failure(method)
                if injected:
                    api._record(method, params, ok=False)
            if injected and failure is None:
                return  # the connection closes with no answer: a network error for the client
            if failure is not None:
                self._error(failure)
                return
            try:
                result = api.handle(token, method, params)
            except ApiError as exc:
                self._error(exc)
                return
            self._reply(200, {"ok": True, "result": result})

        do_GET = do_POST

        def _error(self, exc: ApiError) -> None:
            payload = {"ok": False, "error_code": exc.code, "description": exc.description}
            if exc.parameters:
                payload["parameters"] = exc.parameters
            self._reply(exc.code, payload)

        def _reply(self, status: int, payload: dict) -> None:
            data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up: PTB cancels its pending long poll when it stops

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the request line carries the token."""

    return Handler
