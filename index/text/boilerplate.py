"""Tell an article's body apart from the web page around it.

An article's text is read line by line (a line is a paragraph). Each line is classed as
body, heading or boilerplate by general rules, each a small predicate over one line:

- ``is_banner``: advertising banner sizes such as ``728 x 90``;
- ``is_share_widget``: share and font-size controls (``Email``, ``ت + ت - الحجم الطبيعي``);
- ``is_comment_form``: permalink and comment-form text (``رابط دائم:``, ``اكتب تعليق``,
  ``إلغاء الرد``, the e-mail privacy notice);
- ``is_call_to_follow``: calls to follow the site (``اضغط هنا لمتابعة أخبارنا على تليغرام``);
- ``is_read_also``: an inline related-article link (``إقرأ/ي أيضًا| ...``);
- ``is_related_header``: a related-articles header (``مقالات ذات صلة :``), which also takes the
  headline list that follows it;
- a line repeating an earlier line (a headline printed twice) is dropped;
- a short line with no sentence-final punctuation is a heading: the first one, before any
  body line, is the article's title; after the body has begun, only a shorter line with no
  «إن/أن» clause is (a sub-heading), so a sentence that lost its full stop stays a sentence.

The rules only ever drop short lines: a widget or a form label is never a long sentence,
so a real sentence cannot be lost to a rule that matches its words by accident.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from index.text.normalize import normalize_arabic

__all__ = [
    "LineKind",
    "Line",
    "classify_lines",
    "is_banner",
    "is_share_widget",
    "is_comment_form",
    "is_call_to_follow",
    "is_read_also",
    "is_related_header",
    "is_headline_like",
    "is_subheading",
]

#: A line of more words than this is never boilerplate nor a heading.
MAX_BOILERPLATE_WORDS = 14
#: A line without final punctuation and at most this many words is a heading.
MAX_HEADING_WORDS = 14

SENTENCE_FINAL = ".!?؟…"
CLOSERS = "»”\"')]"

# Words that make up share bars and font-size controls, normalised.
_WIDGET_WORDS = frozenset(
    normalize_arabic(w)
    for w in (
        "email print share facebook twitter whatsapp telegram linkedin pinterest reddit x"
        " + - a a+ a- ت طباعة مشاركة إرسال ارسال تويتر فيسبوك واتساب تليغرام الحجم الطبيعي"
        " حجم الخط تكبير تصغير نسخ الرابط"
    ).split()
)
_BANNER = re.compile(r"^\s*\d{2,4}\s*[x×X*]\s*\d{2,4}\s*$")
# Form labels and notices start their line; matched whole words only (\b), so that
# «هناك» is not «هنا» and «أنقرة» is not «انقر».
_COMMENT_FORM = re.compile(
    r"^(?:اكتب|اضف|اترك|شارك)\s+(?:تعليقا?|تعليقك|رايك)\b"
    r"|^(?:ال)?تعليقات?\s*:?$"
    r"|^الغاء الرد$"
    r"|^(?:لا|لن)\s+يتم\s+نشر\s+(?:عنوان\s+)?(?:البريد|بريدك)"
    r"|^الحقول\s+(?:المطلوبه|الموسومه)"
    r"|^(?:البريد الالكتروني|الاسم|الموقع الالكتروني)\s*\W*\s*(?:مطلوب|اختياري)?\W*$"
    r"|^رابط\s+(?:دائم|مختصر|المقال)\s*:?"
    r"|^(?:permalink|comments?|leave a (?:reply|comment))\b"
)
_FOLLOW_VERB = re.compile(r"^\W*(?:اضغط|انقر|تابعونا|تابعوا|تابعنا|اشترك|اشتركوا|حمل تطبيق|follow us|subscribe)\b")
_FOLLOW_TARGET = re.compile(
    r"\b(?:هنا|تليغرام|تلغرام|تيليجرام|فيسبوك|فيس بوك|تويتر|يوتيوب|واتساب|انستغرام|انستجرام|نبض|قناتنا|صفحتنا"
    r"|telegram|facebook|twitter|youtube|whatsapp|instagram)\b"
)
_READ_ALSO = re.compile(r"^(?:اقرا|شاهد|طالع)\s*(?:/\s*ي)?\s*(?:ايضا|كذلك)\s*[|:：\-–]")
_RELATED_HEADER = re.compile(
    r"^(?:مقالات|اخبار|مواضيع|مواد|قصص)\s+(?:ذات صله|متعلقه|مشابهه|مرتبطه)\s*:?$"
    r"|^(?:اقرا|شاهد|طالع)\s*(?:/\s*ي)?\s*(?:ايضا|المزيد)\s*:?$"
    r"|^(?:related(?: articles| posts)?|read more)\s*:?$"
)


class LineKind(Enum):
    """What a line of an article file is."""

    BODY = "body"
    HEADING = "heading"
    BOILERPLATE = "boilerplate"


@dataclass(frozen=True)
class Line:
    """One non-blank line of an article, with its offsets in the article text."""

    start: int
    end: int
    text: str
    kind: LineKind


# Every rule below reads a line's normalised form, and a line meets up to eight of them:
# normalised once, not once per rule. The cache only needs to hold one article's lines.
@lru_cache(maxsize=1024)
def _normalized(line: str) -> str:
    return normalize_arabic(line)


def _words(line: str, at_most: int = -1) -> list[str]:
    """The words of a line; with ``at_most``, only so many and the rest of the line after them
    (a body paragraph runs to hundreds of words, and most rules only ask whether it is short)."""
    return line.split(None, at_most)


def _has_at_most(line: str, count: int) -> bool:
    return len(_words(line, count)) <= count


def _is_short(line: str) -> bool:
    return _has_at_most(line, MAX_BOILERPLATE_WORDS)


def is_banner(line: str) -> bool:
    """An advertising banner size such as ``728 x 90``."""
    return bool(_BANNER.match(line))


def is_share_widget(line: str) -> bool:
    """A share bar or font-size control: only widget words, and few of them."""
    words = _words(_normalized(line), 8)
    return 0 < len(words) <= 8 and all(w in _WIDGET_WORDS for w in words)


def is_comment_form(line: str) -> bool:
    """Permalink or comment-form text."""
    return _is_short(line) and bool(_COMMENT_FORM.search(_normalized(line).strip()))


def is_call_to_follow(line: str) -> bool:
    """A call to follow the site on a social network or a news app."""
    norm = _normalized(line)
    return _is_short(line) and bool(_FOLLOW_VERB.search(norm)) and bool(_FOLLOW_TARGET.search(norm))


def is_read_also(line: str) -> bool:
    """An inline related-article link: a read-also marker, a separator, then a headline."""
    return _is_short(line) and bool(_READ_ALSO.match(_normalized(line).strip()))


def is_related_header(line: str) -> bool:
    """The header of a related-articles block."""
    return bool(_RELATED_HEADER.match(_normalized(line).strip()))


def ends_sentence(line: str) -> bool:
    """Whether a line ends with sentence-final punctuation (closing quotes allowed after it)."""
    stripped = line.rstrip().rstrip(CLOSERS).rstrip()
    return bool(stripped) and stripped[-1] in SENTENCE_FINAL


#: A line ending in a colon with at least this many words introduces a list: a sentence.
MIN_INTRO_WORDS = 5


def _introduces_list(line: str) -> bool:
    return line.rstrip().endswith((":", "：")) and not _has_at_most(line, MIN_INTRO_WORDS - 1)


def is_headline_like(line: str) -> bool:
    """A short line without sentence-final punctuation: a headline or sub-heading."""
    return _has_at_most(line, MAX_HEADING_WORDS) and not ends_sentence(line) and not _introduces_list(line)


_LINE_RULES = (is_banner, is_share_widget, is_comment_form, is_call_to_follow, is_read_also)


def _has_text(line: str) -> bool:
    return any(c.isalnum() for c in line)


def _iter_lines(text: str) -> list[tuple[int, int, str]]:
    lines = []
    offset = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped and _has_text(stripped):
            start = offset + raw.index(stripped[0])
            lines.append((start, start + len(stripped), stripped))
        offset += len(raw) + 1
    return lines


_KEY_WORD = re.compile(r"[^\W_]+")


# Asked twice of each kept line (is it a repeat? then remember it).
@lru_cache(maxsize=1024)
def _line_key(line: str) -> str:
    return " ".join(_KEY_WORD.findall(_normalized(line)))


def classify_lines(text: str, title: str | None = None) -> list[Line]:
    """Class every non-blank line of an article as body, heading or boilerplate.

    Args:
        text: The article text, LF line ends.
        title: A title known from elsewhere (JSONL metadata); a line repeating it is dropped.

    Returns:
        The lines in order, each with its kind and offsets into ``text``.
    """
    seen: set[str] = {_line_key(title)} if title else set()
    in_related_block = False
    after_body = False
    out: list[Line] = []
    for start, end, line in _iter_lines(text):
        kind = _classify_one(line, seen, in_related_block, after_body)
        if is_related_header(line):
            in_related_block = True
        elif in_related_block and not is_headline_like(line):
            in_related_block = False
            kind = _classify_one(line, seen, False, after_body)
        if kind is not LineKind.BOILERPLATE:
            seen.add(_line_key(line))
        after_body = after_body or kind is LineKind.BODY
        out.append(Line(start, end, line, kind))
    return out


#: Inside an article a sub-heading is short and states nothing: at most this many words,
#: and no «إن/أن» clause. Longer unpunctuated lines are sentences whose full stop was lost.
MAX_SUBHEADING_WORDS = 8
_CLAUSE = re.compile(r"(?:^|\s)(?:[وف]?(?:ان|انه|انها|بان|لان))(?:\s|$)")


def is_subheading(line: str) -> bool:
    """A heading inside an article's body: short, unpunctuated, with no reported clause."""
    return (
        is_headline_like(line)
        and _has_at_most(line, MAX_SUBHEADING_WORDS)
        and not _CLAUSE.search(_normalized(line))
    )


def _classify_one(line: str, seen: set[str], in_related_block: bool, after_body: bool) -> LineKind:
    if in_related_block or is_related_header(line) or any(rule(line) for rule in _LINE_RULES):
        return LineKind.BOILERPLATE
    if _line_key(line) in seen:
        return LineKind.BOILERPLATE
    heading = is_subheading(line) if after_body else is_headline_like(line)
    return LineKind.HEADING if heading else LineKind.BODY
