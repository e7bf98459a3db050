"""index.text.decode: which bytes become article text, and which are refused."""

from __future__ import annotations

import codecs
import random

import pytest

from index.errors import UnreadableInput
from index.text.decode import decode_article_bytes, normalize_newlines
from tests.index.seedfacts import SEED_IDS, seed_lines, seed_text

SENTENCE_000 = seed_lines("000")[0]
SENTENCE_004 = "ت + ت - الحجم الطبيعي\nميدانياً، تجدد القصف على الأحياء المتبقية بيد المعارضة السورية المسلحة شرقي حلب.\nEmail"


def _rng_bytes(n: int, seed: int = 1256, *, no_nul: bool = False) -> bytes:
    rng = random.Random(seed)
    data = rng.randbytes(n)
    return data.replace(b"\x00", b"\x01") if no_nul else data


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        pytest.param(SENTENCE_000.encode("utf-8"), SENTENCE_000, "utf-8", id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + SENTENCE_000.encode("utf-8"), SENTENCE_000, "utf-8-sig", id="utf-8-bom"),
        pytest.param("سطر\r\nسطر".encode(), "سطر\nسطر", "utf-8", id="crlf"),
        pytest.param("سطر\rسطر".encode(), "سطر\nسطر", "utf-8", id="lone-cr"),
        pytest.param("أ\r\n\r\nب\rج\n".encode(), "أ\n\nب\nج\n", "utf-8", id="mixed-line-ends"),
        pytest.param(codecs.BOM_UTF8 + "أ\r\nب".encode(), "أ\nب", "utf-8-sig", id="bom-and-crlf"),
        pytest.param(SENTENCE_000.encode("cp1256"), SENTENCE_000, "cp1256", id="cp1256-seed-000"),
        pytest.param(SENTENCE_004.encode("cp1256"), SENTENCE_004, "cp1256", id="cp1256-with-latin-word"),
        pytest.param(
            SENTENCE_004.replace("\n", "\r\n").encode("cp1256"), SENTENCE_004, "cp1256", id="cp1256-crlf"
        ),
        pytest.param("Email\tPrint\f".encode(), "Email\tPrint\f", "utf-8", id="tab-and-form-feed-are-text"),
        pytest.param(b"Reuters 2016", "Reuters 2016", "utf-8", id="ascii-is-utf-8"),
    ],
)
def test_decodes(data: bytes, text: str, encoding: str) -> None:
    assert decode_article_bytes(data) == (text, encoding)


@pytest.mark.parametrize("seed", SEED_IDS)
def test_whole_seed_round_trips_in_both_encodings(seed: str) -> None:
    text = seed_text(seed)
    assert decode_article_bytes(text.encode("utf-8")) == (text, "utf-8")
    assert decode_article_bytes(text.encode("cp1256")) == (text, "cp1256")
    assert decode_article_bytes(codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode()) == (text, "utf-8-sig")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(b"\x89PNG\r\n\x1a\n" + _rng_bytes(512), "binary", id="png-header-random"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", id="png-header-with-nul"),
        pytest.param(_rng_bytes(4096, no_nul=True), "binary", id="random-bytes-without-nul"),
        pytest.param(b"%PDF-1.4\n" + bytes(range(1, 32)) * 4, "binary", id="control-characters"),
        pytest.param(b"", "empty", id="empty"),
        pytest.param(b"  \n\t\r\n  ", "empty", id="whitespace-only"),
        pytest.param(b"\n\n\n", "empty", id="newlines-only"),
        pytest.param("café naïve résumé Zürich".encode("latin-1"), "not decodable", id="latin-1-text"),
        pytest.param("Ça coûte très cher à Genève.\n".encode("cp1252"), "not decodable", id="cp1252-french"),
        pytest.param(codecs.BOM_UTF8 + SENTENCE_000.encode("cp1256"), "invalid UTF-8", id="bom-then-cp1256"),
    ],
)
def test_unreadable(data: bytes, reason: str) -> None:
    with pytest.raises(UnreadableInput, match=reason):
        decode_article_bytes(data)


def test_random_bytes_really_are_invalid_utf8() -> None:
    # Guard for the row above: the random data would otherwise pass for another reason.
    with pytest.raises(UnicodeDecodeError):
        _rng_bytes(4096, no_nul=True).decode("utf-8")
    assert b"\x00" in b"\x89PNG\r\n\x1a\n" + _rng_bytes(512)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\r\nb", "a\nb"),
        ("a\rb", "a\nb"),
        ("a\r\rb", "a\n\nb"),
        ("a\n\rb", "a\n\nb"),
        ("a\nb", "a\nb"),
        ("", ""),
    ],
)
def test_normalize_newlines(text: str, expected: str) -> None:
    assert normalize_newlines(text) == expected


def test_utf16_with_a_byte_order_mark_is_text() -> None:
    text = "وقال كيري إن المحادثات صعبة.\r\n"
    decoded, encoding = decode_article_bytes(text.encode("utf-16"))
    assert (decoded, encoding) == ("وقال كيري إن المحادثات صعبة.\n", "utf-16")


def test_a_stray_nul_byte_does_not_make_text_binary() -> None:
    data = SENTENCE_000.encode("utf-8")
    assert decode_article_bytes(data[:20] + b"\x00" + data[20:]) == (SENTENCE_000, "utf-8")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark(codec: str) -> None:
    text = seed_text("001")
    assert decode_article_bytes(text.encode(codec)) == (text, "utf-16 (no byte-order mark)")


@pytest.mark.parametrize("seed", SEED_IDS)
def test_iso_8859_6_is_not_read_as_windows_1256(seed: str) -> None:
    text = seed_text(seed)
    encodable = "".join(c for c in text if c.encode("iso8859_6", "ignore") or c in "\n")
    decoded, encoding = decode_article_bytes(encodable.encode("iso8859_6"))
    assert (decoded, encoding) == (encodable, "iso8859_6")


@pytest.mark.parametrize("misread", ["latin-1", "cp1252"])
def test_utf8_mojibake_is_repaired(misread: str) -> None:
    mojibake = SENTENCE_000.encode("utf-8").decode(misread, errors="ignore" if misread == "cp1252" else "strict")
    decoded, encoding = decode_article_bytes(mojibake.encode("utf-8"))
    assert encoding == "utf-8 (mojibake repaired)"
    assert decoded.split()[:3] == SENTENCE_000.split()[:3]
