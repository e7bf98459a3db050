"""Telegram's HTML parse mode, as strict as Telegram: for the fake Bot API server.

Supported: the tags Telegram documents (b, strong, i, em, u, ins, s, strike, del,
a href, code, pre, tg-spoiler, span class="tg-spoiler", blockquote) and the named entities
&lt; &gt; &amp; &quot;. A bare ``<`` or ``&``, an unknown tag or entity, an end tag that
does not close the innermost open tag, or a tag left open is an error, with Telegram's
wording and a byte offset. Lengths and entity offsets are in UTF-16 code units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["HtmlError", "parse_html", "utf16_len"]

ENTITY_TYPES = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline", "ins": "underline",
    "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough", "a": "text_link",
    "code": "code", "pre": "pre", "tg-spoiler": "spoiler", "span": "spoiler", "blockquote": "blockquote",
}
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+\s*=\s*(?:\"[^\"<]*\"|'[^'<]*'|[^\s>\"'<]+))*)\s*>")
_ATTRIBUTE = re.compile(r"([a-zA-Z-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+))")
_ENTITY = re.compile(r"&([a-zA-Z0-9#]+);")


class HtmlError(ValueError):
    """Text that Telegram would refuse to parse."""


@dataclass
class _Open:
    name: str
    offset: int
    url: str | None


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


def _decode_entities(value: str, source: str, start: int) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] != "&":
            out.append(value[i])
            i += 1
            continue
        match = _ENTITY.match(value, i)
        if match is None or match.group(1) not in NAMED_ENTITIES:
            raise HtmlError(f"Unsupported HTML entity or bare '&' at byte offset {_byte_offset(source, start + i)}")
        out.append(NAMED_ENTITIES[match.group(1)])
        i = match.end()
    return "".join(out)


def _attributes(raw: str, source: str, start: int) -> dict[str, str]:
    found = {}
    for match in _ATTRIBUTE.finditer(raw):
        value = next(g for g in match.groups()[1:] if g is not None)
        found[match.group(1).lower()] = _decode_entities(value, source, start)
    return found


def _open_tag(name: str, attrs: dict[str, str], offset: int, source: str, at: int) -> _Open:
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise HtmlError(f'Unsupported start tag "span" at byte offset {_byte_offset(source, at)}')
    url = attrs.get("href") if name == "a" else None
    if name == "a" and not re.match(r"^(https?://[^\s]+|tg://[^\s]+)$", url or ""):
        raise HtmlError(f"Wrong HTTP URL in a tag at byte offset {_byte_offset(source, at)}")
    return _Open(name, offset, url)


def parse_html(source: str) -> tuple[str, list[dict]]:
    """Parse Telegram HTML into plain text and message entities.

    Raises:
        HtmlError: with a Telegram-style reason, for anything Telegram would refuse.
    """
    out: list[str] = []
    length = 0
    stack: list[_Open] = []
    entities: list[dict] = []
    i = 0
    while i < len(source):
        ch = source[i]
        if ch == "<":
            match = _TAG.match(source, i)
            if match is None:
                raise HtmlError(f"Unexpected character '<' (a bare '<' must be &lt;) at byte offset {_byte_offset(source, i)}")
            closing, name = match.group(1) == "/", match.group(2).lower()
            if name not in ENTITY_TYPES:
                kind = "end" if closing else "start"
                raise HtmlError(f'Unsupported {kind} tag "{name}" at byte offset {_byte_offset(source, i)}')
            if closing:
                if not stack or stack[-1].name != name:
                    expected = f'expected "</{stack[-1].name}>"' if stack else "no tag is open"
                    raise HtmlError(
                        f'Unmatched end tag at byte offset {_byte_offset(source, i)}, {expected}, found "</{name}>"'
                    )
                opened = stack.pop()
                entity = {"type": ENTITY_TYPES[name], "offset": opened.offset, "length": length - opened.offset}
                if opened.url:
                    entity["url"] = opened.url
                if entity["length"] > 0:
                    entities.append(entity)
            else:
                stack.append(_open_tag(name, _attributes(match.group(3), source, i), length, source, i))
            i = match.end()
            continue
        if ch == "&":
            match = _ENTITY.match(source, i)
            if match is None or match.group(1) not in NAMED_ENTITIES:
                raise HtmlError(f"Unsupported HTML entity or bare '&' at byte offset {_byte_offset(source, i)}")
            ch, i = NAMED_ENTITIES[match.group(1)], match.end()
        else:
            i += 1
        out.append(ch)
        length += utf16_len(ch)
    if stack:
        raise HtmlError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities
