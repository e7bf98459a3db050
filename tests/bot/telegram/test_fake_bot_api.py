"""The fake Bot API server is as strict as Telegram, so the end-to-end tests mean something."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import httpx
import pytest

from tests.bot.telegram.fake_bot_api import FakeBotApi
from tests.bot.telegram.telegram_html import HtmlError, parse_html

TOKEN = "1:fake-token-for-the-fake-server"


@pytest.mark.parametrize(
    ("source", "text", "entities"),
    [
        ("plain", "plain", []),
        ("<b>bold</b> &lt;tag&gt; &amp; &quot;q&quot;", 'bold <tag> & "q"', [("bold", 0, 4)]),
        ("<i>a<b>b</b></i>", "ab", [("italic", 0, 2), ("bold", 1, 1)]),
        ('<a href="https://x.org/?a=1&amp;b=2">x</a>', "x", [("text_link", 0, 1)]),
        ("😀<u>ا</u>", "😀ا", [("underline", 2, 1)]),
        ('<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>', "st", [("spoiler", 0, 1), ("spoiler", 1, 1)]),
        ("a > b", "a > b", []),
    ],
)
def test_valid_html(source: str, text: str, entities: list[tuple[str, int, int]]) -> None:
    plain, found = parse_html(source)
    assert plain == text and [(e["type"], e["offset"], e["length"]) for e in found] == entities


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("a < b", "bare '<'"),
        ("a & b", "bare '&'"),
        ("&nbsp;", "entity"),
        ("&#39;", "entity"),
        ("<b>open", "Can't find end tag"),
        ("<b><i>x</b></i>", "Unmatched end tag"),
        ("x</b>", "Unmatched end tag"),
        ("<script>x</script>", 'Unsupported start tag "script"'),
        ("<span>x</span>", 'Unsupported start tag "span"'),
        ('<a href="javascript:x">x</a>', "Wrong HTTP URL"),
        ('<a href="https://x.org/?a&b">x</a>', "bare '&'"),
    ],
)
def test_invalid_html_is_refused_like_telegram(source: str, reason: str) -> None:
    with pytest.raises(HtmlError, match=reason.replace("(", r"\(")):
        parse_html(source)


@pytest.fixture
def server() -> Iterator[FakeBotApi]:
    with FakeBotApi(TOKEN) as api:
        api.chat(5)
        yield api


def call(api: FakeBotApi, method: str, token: str = TOKEN, **params: object) -> tuple[int, dict]:
    form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    response = httpx.post(f"{api.base_url}{token}/{method}", data=form)
    return response.status_code, response.json()


@pytest.mark.parametrize(
    ("params", "description"),
    [
        ({"chat_id": 6, "text": "x"}, "Bad Request: chat not found"),
        ({"chat_id": 5, "text": "a < b", "parse_mode": "HTML"}, "Bad Request: can't parse entities"),
        ({"chat_id": 5, "text": "<b></b>", "parse_mode": "HTML"}, "Bad Request: message text is empty"),
        ({"chat_id": 5, "text": "ا" * 4097}, "Bad Request: message is too long"),
        ({"chat_id": 5, "text": "😀" * 2049}, "Bad Request: message is too long"),
        ({"chat_id": 5, "text": "x", "reply_markup": {"inline_keyboard": [[{"text": "b", "callback_data": "d" * 65}]]}},
         "Bad Request: BUTTON_DATA_INVALID"),
        ({"chat_id": 5, "text": "x", "reply_parameters": {"message_id": 77}}, "Bad Request: message to be replied not found"),
    ],
)
def test_send_message_is_strict(server: FakeBotApi, params: dict, description: str) -> None:
    status, body = call(server, "sendMessage", **params)
    assert status == 400 and body["ok"] is False and body["error_code"] == 400
    assert body["description"].startswith(description)


def test_the_limit_is_counted_after_entity_parsing(server: FakeBotApi) -> None:
    status, body = call(server, "sendMessage", chat_id=5, text="<b>" + "&amp;" * 4096 + "</b>", parse_mode="HTML")
    assert status == 200 and body["result"]["entities"] == [{"type": "bold", "offset": 0, "length": 4096}]


def test_edits_and_callback_answers_are_strict(server: FakeBotApi) -> None:
    _, sent = call(server, "sendMessage", chat_id=5, text="نص")
    message_id = sent["result"]["message_id"]
    assert call(server, "editMessageText", chat_id=5, message_id=99, text="y")[1]["description"] == (
        "Bad Request: message to edit not found"
    )
    unchanged = call(server, "editMessageText", chat_id=5, message_id=message_id, text="نص")[1]["description"]
    assert unchanged.startswith("Bad Request: message is not modified")
    assert call(server, "answerCallbackQuery", callback_query_id="404")[0] == 400


def test_unknown_tokens_and_methods(server: FakeBotApi) -> None:
    assert call(server, "getMe", token="2:wrong") == (401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    assert call(server, "frobnicate")[0] == 404
    me = call(server, "getMe")[1]["result"]
    assert {"id", "is_bot", "first_name", "username"} <= set(me)


def test_429_carries_retry_after(server: FakeBotApi) -> None:
    server.fail_next("getMe", 429, "Too Many Requests: retry after 3", {"retry_after": 3})
    assert call(server, "getMe") == (
        429, {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 3", "parameters": {"retry_after": 3}}
    )
    assert call(server, "getMe")[0] == 200


def test_stop_wakes_a_pending_long_poll() -> None:
    api = FakeBotApi(TOKEN).start()
    with httpx.Client() as client:
        result: list[int] = []
        poll = threading.Thread(target=lambda: result.append(client.post(f"{api.base_url}{TOKEN}/getUpdates",
                                                                          data={"timeout": "30"}, timeout=40).status_code))
        poll.start()
        api.wait_until(lambda: api.calls_to("getUpdates"))
        api.stop()
        poll.join(5)
    assert result == [200]
