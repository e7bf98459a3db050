"""Buttons under answers and their callback data."""

from __future__ import annotations

import pytest

from bot.telegram.keyboard import (
    CONTEXT,
    MAX_CITATION_ROWS,
    MORE,
    SOURCE,
    Press,
    answer_keyboard,
    decode_press,
    encode_press,
)
from retrieval.answer import Answer, Citation


@pytest.mark.parametrize("press", [Press(MORE, 1, 5), Press(CONTEXT, 999_999_999_999, 50), Press(SOURCE, 7, 1)])
def test_presses_round_trip_within_64_bytes(press: Press) -> None:
    data = encode_press(press)
    assert decode_press(data) == press and len(data.encode()) <= 64


@pytest.mark.parametrize("data", [None, "", "x:1:2", "m:1", "m:a:1", "c:1:2:3", "ماذا قال كيري؟"])
def test_anything_else_decodes_to_none(data: str | None) -> None:
    assert decode_press(data) is None


def make_answer(count: int, has_more: bool, first: int = 1) -> Answer:
    citations = tuple(Citation(r, "نص", "d", None, r, 0.1) for r in range(first, first + count))
    return Answer("سؤال", True, citations, has_more=has_more)


def test_a_row_per_citation_then_more() -> None:
    keyboard = answer_keyboard(make_answer(2, True, first=6), thread=3)
    rows = [[(b.text, b.callback_data) for b in row] for row in keyboard.inline_keyboard]
    assert rows == [
        [("السياق 6", "c:3:6"), ("المصدر 6", "s:3:6")],
        [("السياق 7", "c:3:7"), ("المصدر 7", "s:3:7")],
        [("المزيد", "m:3:7")],
    ]


def test_rows_are_capped_and_nothing_answers_no_buttons() -> None:
    assert len(answer_keyboard(make_answer(50, False), 1).inline_keyboard) == MAX_CITATION_ROWS
    assert answer_keyboard(Answer("سؤال", False, ()), 1) is None
    assert answer_keyboard(make_answer(1, True), None) is None
