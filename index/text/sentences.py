"""Split Arabic news paragraphs into sentences that keep their offsets in the original.

Rules, in the order they apply to one paragraph (a body line):

- a sentence ends after ``.`` ``!`` ``?`` ``؟`` or ``…`` followed by white space or the end
  of the paragraph (closing quotes and brackets right after the mark stay with the sentence),
  but not after a one-letter abbreviation («د. أحمد»);
  the Arabic comma ``،``, the colon and a run of two or more dots (``..``, a headline
  separator or an ellipsis) never end one;
- a quotation («...», “...”, "...", '...') or a bracket that closes within the paragraph is
  never cut: a mark inside it does not end the sentence. Arabic news often types the
  guillemets the wrong way round (``أضاف»أنا ... إحباطا»``), so a closing guillemet with no
  opening one before it opens a quotation;
- a paragraph break always ends a sentence;
- a sentence longer than ``MAX_SENTENCE_CHARS`` (a page with no punctuation, a table pasted
  as one line) is cut at the last space before the limit, and the rest goes on as further
  sentences: nothing is lost, and no single citation runs to megabytes;
- a last fragment of a paragraph with no final mark and at most ``MAX_TRAILING_HEADING_WORDS``
  words, after other sentences, is a sub-heading glued to the paragraph, not a sentence.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from index.text.boilerplate import CLOSERS, ends_sentence

__all__ = ["MAX_SENTENCE_CHARS", "Span", "cap_span", "split_paragraph", "quoted_spans"]

MAX_TRAILING_HEADING_WORDS = 3
#: A "quotation" longer than this is taken for mismatched marks and protects nothing.
MAX_QUOTE_CHARS = 600
#: No sentence is longer: news sentences run to a few hundred characters; past this limit the
#: text is cut at a space (or, with none, at the limit) into further sentences.
MAX_SENTENCE_CHARS = 1000

_PAIRED = {"«": "»", "“": "”", "(": ")", "[": "]"}
# For these pairs a closer with nothing open is a mistyped opener.
_SWAPPABLE = {"«", "“"}
_TOGGLES = ('"', "'")
# Each pair's two marks, and each straight quote, found by one scan at C speed: a paragraph
# holds a few marks among hundreds of characters.
_PAIR_MARKS = {opener: re.compile(f"[{re.escape(opener + closer)}]") for opener, closer in _PAIRED.items()}
_TOGGLE_MARKS = {mark: re.compile(re.escape(mark)) for mark in _TOGGLES}
_ANY_MARK = re.compile(f"[{re.escape(''.join(_PAIRED) + ''.join(_PAIRED.values()) + ''.join(_TOGGLES))}]")
_TERMINATOR_RUN = re.compile(r"[.!?؟…]+")


@dataclass(frozen=True)
class Span:
    """A piece of text and its offsets ``[start, end)`` in the article text."""

    start: int
    end: int
    text: str


def _paired_spans(text: str, opener: str, closer: str) -> list[tuple[int, int]]:
    spans = []
    open_at: int | None = None
    for match in _PAIR_MARKS[opener].finditer(text):
        i, ch = match.start(), match.group()
        if ch == opener and open_at is None:
            open_at = i
        elif ch == closer:
            if open_at is not None:
                spans.append((open_at, i))
                open_at = None
            elif opener in _SWAPPABLE:
                open_at = i
    return spans


def _is_quote_mark(text: str, i: int) -> bool:
    """A straight quote is a quotation mark, not an apostrophe, when it touches a non-letter."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not (before.isalpha() and after.isalpha())


def _toggle_spans(text: str, mark: str) -> list[tuple[int, int]]:
    positions = [m.start() for m in _TOGGLE_MARKS[mark].finditer(text) if _is_quote_mark(text, m.start())]
    return list(zip(positions[::2], positions[1::2]))


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Offsets ``(open, close)`` of every quotation or bracket that closes within ``text``."""
    if not _ANY_MARK.search(text):
        return []  # half of news paragraphs: one scan instead of one per kind of mark
    spans = [s for o, c in _PAIRED.items() for s in _paired_spans(text, o, c)]
    spans += [s for mark in _TOGGLES for s in _toggle_spans(text, mark)]
    return [(a, b) for a, b in spans if b - a <= MAX_QUOTE_CHARS]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < pos < b for a, b in spans)


def _after_single_letter(text: str, dot: int) -> bool:
    """A full stop after a one-letter word abbreviates it («د. أحمد», «م. خالد», «U.S.»)."""
    letters = 0
    i = dot - 1
    # Harakat (combining marks) are part of the word but not letters of it.
    while i >= 0 and (text[i].isalpha() or unicodedata.category(text[i]) == "Mn"):
        letters += text[i].isalpha()
        i -= 1
    return letters == 1 and not (i >= 0 and text[i].isdigit())


def _boundaries(text: str) -> list[int]:
    """Offsets just after each sentence end in ``text``."""
    spans = quoted_spans(text)
    cuts = []
    for m in _TERMINATOR_RUN.finditer(text):
        run = m.group()
        if len(run) > 1 and set(run) == {"."}:
            continue
        if run == "." and _after_single_letter(text, m.start()):
            continue
        end = m.end()
        while end < len(text) and text[end] in CLOSERS:
            end += 1
        followed_by_space = end == len(text) or text[end].isspace()
        # Judged after the closers: a mark that ends a quotation ends the sentence too.
        if followed_by_space and not _inside(end, spans):
            cuts.append(end)
    return cuts


def cap_span(span: Span, limit: int = MAX_SENTENCE_CHARS) -> list[Span]:
    """``span`` as pieces of at most ``limit`` characters, cut at spaces where there are any.

    The pieces keep their offsets and, joined with the white space between them, are the
    span's text: nothing is dropped but that white space.
    """
    pieces: list[Span] = []
    text, start = span.text, span.start
    while len(text) > limit:
        cut = text.rfind(" ", 0, limit + 1)
        if cut <= 0:
            cut = limit
        head = text[:cut].rstrip()
        pieces.append(Span(start, start + len(head), head))
        rest = text[cut:]
        skipped = len(rest) - len(rest.lstrip())
        start, text = start + cut + skipped, rest.lstrip()
    if text:
        pieces.append(Span(start, start + len(text), text))
    return pieces


def _segments(text: str, base: int) -> list[Span]:
    pieces = []
    start = 0
    for cut in [*_boundaries(text), len(text)]:
        piece = text[start:cut]
        stripped = piece.strip()
        if stripped and any(c.isalnum() for c in stripped):
            lead = len(piece) - len(piece.lstrip())
            pieces.extend(cap_span(Span(base + start + lead, base + start + lead + len(stripped), stripped)))
        start = cut
    return pieces


def split_paragraph(text: str, base: int = 0) -> tuple[list[Span], list[Span]]:
    """Split one paragraph into sentences.

    Args:
        text: The paragraph, as it stands in the article.
        base: The paragraph's offset in the article, added to every span.

    Returns:
        ``(sentences, headings)``: the sentences in order, and any sub-heading found glued
        to the paragraph's end.
    """
    pieces = _segments(text, base)
    if len(pieces) > 1:
        last = pieces[-1]
        if not ends_sentence(last.text) and len(last.text.split()) <= MAX_TRAILING_HEADING_WORDS:
            return pieces[:-1], [last]
    return pieces, []
