"""Turn the bytes of an article file into text, or say why it cannot be.

Arabic news archives come in UTF-8 (with or without a byte-order mark), UTF-16 (with or
without one), and the single-byte code pages Windows-1256 and ISO-8859-6. UTF-8 is tried
first because it is self-validating: single-byte Arabic almost never forms valid UTF-8. A
single-byte decode is accepted only when the result reads as Arabic text, because every byte
sequence decodes in a code page, and of the two the one giving more Arabic letters wins
(ISO-8859-6 read as Windows-1256 turns half its letters into à, ç, é ...).

Stray NUL bytes do not make a text file binary (they are dropped); a high share of control
bytes does. UTF-8 text that was once misread as Latin-1 or Windows-1252 and saved again
(«Ø§Ù„...» mojibake) is repaired with ftfy and reported through the encoding name.
"""

from __future__ import annotations

import codecs

import ftfy

from index.errors import UnreadableInput

__all__ = ["decode_article_bytes", "normalize_newlines"]

#: Single-byte encodings tried after UTF-8; the one that reads as the most Arabic wins.
FALLBACK_ENCODINGS = ("cp1256", "iso8859_6")

# Share of control characters above which bytes are treated as binary, not text.
_MAX_CONTROL_SHARE = 0.01
# NUL bytes a text may hold whatever its length (binaries hold thousands).
_MAX_STRAY_NULS = 8
# Share of Arabic letters among letters for a single-byte decode to be believed.
_MIN_ARABIC_SHARE = 0.5


def normalize_newlines(text: str) -> str:
    """Turn CRLF and lone CR line ends into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_binary(data: bytes) -> bool:
    controls = sum(1 for b in data if b < 32 and b not in (0, 9, 10, 12, 13))
    nuls = data.count(0)
    # A few stray NULs (a bad copy, a truncated write) do not make a short article binary.
    return controls > _MAX_CONTROL_SHARE * len(data) or nuls > max(_MAX_STRAY_NULS, _MAX_CONTROL_SHARE * len(data))


def _utf16_without_bom(data: bytes) -> str | None:
    """The text of BOM-less UTF-16 (LE or BE), recognised by NUL high bytes, or None.

    In UTF-16 every ASCII character (spaces, digits, punctuation) has a NUL high byte and
    every Arabic letter a 0x06 one, so one byte position is nearly all 0x00 or 0x06.
    """
    if len(data) % 2 or len(data) < 4:
        return None
    for encoding, high in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        if high.count(0) + high.count(6) >= 0.9 * len(high) and high.count(0) >= 0.05 * len(high):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _arabic_share(text) >= _MIN_ARABIC_SHARE or text.isascii():
                return text
    return None


def _repair_mojibake(text: str) -> tuple[str, bool]:
    """UTF-8 text that was misread as Latin-1/Windows-1252 and saved, put back; (text, repaired)."""
    if _arabic_share(text) >= _MIN_ARABIC_SHARE or not any(c in text for c in "ØÙÚÛ"):
        return text, False
    fixed = ftfy.fix_encoding(text)
    return (fixed, True) if _arabic_share(fixed) >= _MIN_ARABIC_SHARE else (text, False)


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
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return normalize_newlines(utf16), "utf-16 (no byte-order mark)"
    if _looks_binary(data):
        raise UnreadableInput("binary file, not text")
    data = data.replace(b"\x00", b"")
    try:
        text, repaired = _repair_mojibake(data.decode("utf-8"))
        return normalize_newlines(text), "utf-8 (mojibake repaired)" if repaired else "utf-8"
    except UnicodeDecodeError:
        pass
    best: tuple[float, str, str] | None = None
    for encoding in FALLBACK_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        share = _arabic_share(text)
        if share >= _MIN_ARABIC_SHARE and (best is None or share > best[0]):
            best = (share, text, encoding)
    if best is not None:
        return normalize_newlines(best[1]), best[2]
    tried = ", ".join(("utf-8", "utf-16", *FALLBACK_ENCODINGS))
    raise UnreadableInput(f"not decodable as Arabic text (tried {tried}); convert it to UTF-8")
