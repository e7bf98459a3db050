"""Turn the bytes of an article file into text, or say why it cannot be.

Arabic news archives come in UTF-8 (with or without a byte-order mark) and in
Windows-1256, still common in older Arabic systems. UTF-8 is tried first because it is
self-validating: Windows-1256 bytes almost never form valid UTF-8. A Windows-1256 decode
is accepted only when the result reads as Arabic text, because every byte sequence decodes
in a single-byte code page, including binary data and Latin-1 text.
"""

from __future__ import annotations

import codecs

from index.errors import UnreadableInput

__all__ = ["decode_article_bytes", "normalize_newlines"]

#: Encodings tried after UTF-8, in order.
FALLBACK_ENCODINGS = ("cp1256",)

# Share of control characters above which bytes are treated as binary, not text.
_MAX_CONTROL_SHARE = 0.01
# Share of Arabic letters among letters for a single-byte decode to be believed.
_MIN_ARABIC_SHARE = 0.5


def normalize_newlines(text: str) -> str:
    """Turn CRLF and lone CR line ends into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    controls = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13))
    return controls > _MAX_CONTROL_SHARE * len(data)


def _arabic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "\u0600" <= c <= "\u06ff") / len(letters)


def decode_article_bytes(data: bytes) -> tuple[str, str]:
    """Decode an article file's bytes.

    Args:
        data: The file's content.

    Returns:
        ``(text, encoding)``: text with LF line ends and no byte-order mark, and the name of
        the encoding that decoded it.

    Raises:
        UnreadableInput: when the bytes are empty, binary, or in no supported encoding.
    """
    if not data.strip():
        raise UnreadableInput("empty file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Windows Notepad's "Unicode": NUL bytes everywhere, but text.
        try:
            return normalize_newlines(data.decode("utf-16")), "utf-16"
        except UnicodeDecodeError as exc:
            raise UnreadableInput(f"UTF-16 byte-order mark but invalid UTF-16 at byte {exc.start}") from exc
    if data.startswith(codecs.BOM_UTF8):
        if not data[len(codecs.BOM_UTF8) :].strip():
            raise UnreadableInput("empty file (only a byte-order mark)")
        try:
            return normalize_newlines(data[len(codecs.BOM_UTF8) :].decode("utf-8")), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise UnreadableInput(f"UTF-8 byte-order mark but invalid UTF-8 at byte {exc.start}") from exc
    if _looks_binary(data):
        raise UnreadableInput("binary file, not text")
    try:
        return normalize_newlines(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    for encoding in FALLBACK_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _arabic_share(text) >= _MIN_ARABIC_SHARE:
            return normalize_newlines(text), encoding
    tried = ", ".join(("utf-8", *FALLBACK_ENCODINGS))
    raise UnreadableInput(f"not decodable as Arabic text (tried {tried}); convert it to UTF-8")
