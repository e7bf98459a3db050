"""Inline buttons under an answer, and the short ``callback_data`` they carry.

``callback_data`` is at most 64 bytes, so a button names a stored thread by number and
never carries the question: ``m:<thread>:<shown>`` for «المزيد» (``shown``: how many
citations the message shows, which makes a double press harmless), ``c:<thread>:<rank>``
for «السياق» and ``s:<thread>:<rank>`` for «المصدر».
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from retrieval.answer import Answer

__all__ = ["Press", "MORE", "CONTEXT", "SOURCE", "answer_keyboard", "decode_press", "encode_press"]

MORE, CONTEXT, SOURCE = "more", "context", "source"
_CODES = {MORE: "m", CONTEXT: "c", SOURCE: "s"}
_KINDS = {code: kind for kind, code in _CODES.items()}
_DATA = re.compile(r"^([mcs]):(\d{1,12}):(\d{1,6})$")
#: Citations that get their own row of buttons; later ones are reachable by typing «السياق N».
MAX_CITATION_ROWS = 10
MAX_CALLBACK_BYTES = 64


@dataclass(frozen=True)
class Press:
    """What a button asks for: ``kind`` on thread ``thread``, with a rank or a page offset."""

    kind: str
    thread: int
    number: int


def encode_press(press: Press) -> str:
    """The ``callback_data`` string for a button."""
    data = f"{_CODES[press.kind]}:{press.thread}:{press.number}"
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data {data!r} is over {MAX_CALLBACK_BYTES} bytes")
    return data


def decode_press(data: str | None) -> Press | None:
    """The press a ``callback_data`` string encodes, or None for anything we did not send."""
    match = _DATA.match(data or "")
    if match is None:
        return None
    return Press(_KINDS[match.group(1)], int(match.group(2)), int(match.group(3)))


def _button(label: str, press: Press) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=encode_press(press))


def answer_keyboard(answer: Answer, thread: int | None) -> InlineKeyboardMarkup | None:
    """«السياق N» and «المصدر N» for each citation, then «المزيد» when another page exists."""
    if thread is None or not answer.answered:
        return None
    rows = [
        [_button(f"السياق {c.rank}", Press(CONTEXT, thread, c.rank)), _button(f"المصدر {c.rank}", Press(SOURCE, thread, c.rank))]
        for c in answer.citations[:MAX_CITATION_ROWS]
    ]
    if answer.has_more:
        shown = answer.citations[-1].rank
        rows.append([_button("المزيد", Press(MORE, thread, shown))])
    return InlineKeyboardMarkup(rows)
