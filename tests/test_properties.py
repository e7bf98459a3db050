"""Property-based tests (hypothesis): messy text never breaks the normaliser, the splitter, the
decoder or the Telegram renderer, and loses nothing it should keep."""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.telegram.html import MAX_MESSAGE, render_answer
from index.errors import UnreadableInput
from index.text.decode import decode_article_bytes
from index.text.normalize import normalize_arabic, normalize_arabic_reference
from index.text.sentences import MAX_SENTENCE_CHARS, split_paragraph
from retrieval.answer import Answer, Citation
from tests.bot.telegram.telegram_html import parse_html, utf16_len

#: Arabic letters and marks, Latin, digits, punctuation the splitter cares about, odd spaces.
ALPHABET = st.sampled_from(
    list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىة")
    + list("\u064b\u064e\u0650\u0651\u0652\u0640\u0670")
    + list("abcXYZ0123456789٠١٢٣")
    + list(" .!?؟…،:«»“”\"'()[]<>&\u200f\u200b\t")
)
TEXT = st.text(ALPHABET, max_size=400)
PROPERTIES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTIES
@given(TEXT)
def test_normalising_is_idempotent_and_never_adds_marks(text: str) -> None:
    once = normalize_arabic(text)
    assert normalize_arabic(once) == once
    assert not re.search("[\u064b-\u0652\u0640\u0670]", once)


@PROPERTIES
@given(st.one_of(TEXT, st.text(max_size=200), st.text(st.sampled_from("\u0627\u0654\u0655\u0653\u200d\u064e\u0648\u064aAÀ"), max_size=50)))
def test_the_fast_normaliser_equals_the_reference_chain(text: str) -> None:
    assert normalize_arabic(text) == normalize_arabic_reference(text)


@PROPERTIES
@given(st.lists(TEXT, min_size=1, max_size=3).map(" ".join), st.integers(0, 10_000))
def test_splitting_loses_no_word_and_keeps_offsets(paragraph: str, base: int) -> None:
    sentences, headings = split_paragraph(paragraph, base)
    pieces = sentences + headings
    for span in pieces:
        assert paragraph[span.start - base : span.end - base] == span.text
        assert len(span.text) <= MAX_SENTENCE_CHARS
    kept = Counter(re.sub(r"\s", "", "".join(span.text for span in pieces)))
    lost = Counter(re.sub(r"\s", "", paragraph)) - kept
    # Only white space and pieces with no letter or digit (a lone «.») may fall out.
    assert not any(c.isalnum() for c in lost), lost


@PROPERTIES
@given(st.binary(max_size=600))
def test_any_bytes_decode_or_are_refused_with_a_reason(data: bytes) -> None:
    try:
        text, encoding = decode_article_bytes(data)
    except UnreadableInput as exc:
        assert str(exc)
    else:
        assert isinstance(text, str) and encoding and "\r" not in text


@PROPERTIES
@given(TEXT.filter(str.strip))
def test_utf8_text_always_round_trips(text: str) -> None:
    decoded, _ = decode_article_bytes(text.encode("utf-8"))
    assert decoded.replace("\x00", "") == text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


CITATION = st.builds(
    Citation,
    rank=st.integers(1, 50),
    text=st.text(ALPHABET, min_size=1, max_size=3000),
    doc_id=st.text(ALPHABET, min_size=1, max_size=80),
    title=st.none() | st.text(ALPHABET, max_size=300),
    sentence=st.integers(0, 10_000),
    score=st.floats(0, 10),
)


@PROPERTIES
@given(TEXT, st.lists(CITATION, min_size=1, max_size=8))
def test_a_rendered_answer_is_valid_html_within_telegrams_limit(question: str, citations: list[Citation]) -> None:
    html = render_answer(Answer(question or "؟", True, tuple(citations)))
    text, _ = parse_html(html)  # raises on invalid markup
    assert utf16_len(text) <= MAX_MESSAGE
