"""index.text.normalize: one row per folding rule, words taken from the seed articles."""

from __future__ import annotations

import unicodedata

import pytest

from index.text.normalize import (
    LETTER_FOLDS,
    fold_digits,
    fold_letters,
    normalize_arabic,
    strip_marks,
)
from tests.index.seedfacts import seed_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # أ إ آ ٱ → ا
        pytest.param("أردوغان", "اردوغان", id="alef-hamza-above"),
        pytest.param("إطلاق", "اطلاق", id="alef-hamza-below"),
        pytest.param("آلاف", "الاف", id="alef-madda"),
        pytest.param("ٱلجيش", "الجيش", id="alef-wasla"),
        pytest.param("«الإرهابية»", "«الارهابيه»", id="hamza-and-teh-marbuta-inside-guillemets"),
        # ى → ي
        pytest.param("كيرى", "كيري", id="alef-maksura-kerry"),
        pytest.param("السورى", "السوري", id="alef-maksura-nisba"),
        pytest.param("سيرجى", "سيرجي", id="alef-maksura-sergei"),
        # ة → ه
        pytest.param("الإرهابية", "الارهابيه", id="teh-marbuta"),
        pytest.param("سورية", "سوريه", id="teh-marbuta-syria"),
        # harakat U+064B..U+0652
        pytest.param("مَن", "من", id="fatha"),
        pytest.param("تقدماً", "تقدما", id="fathatan"),
        pytest.param("هجومًا", "هجوما", id="fathatan-before-alef"),
        pytest.param("حلبٌ", "حلب", id="dammatan"),
        pytest.param("حلبٍ", "حلب", id="kasratan"),
        pytest.param("حلبُ", "حلب", id="damma"),
        pytest.param("حلبِ", "حلب", id="kasra"),
        pytest.param("أيّ", "اي", id="shadda"),
        pytest.param("حلبْ", "حلب", id="sukun"),
        pytest.param("مَدِينَةُ", "مدينه", id="several-harakat-then-teh-marbuta"),
        # superscript alef and tatweel
        pytest.param("هٰذا", "هذا", id="superscript-alef"),
        pytest.param("بـ»الابتعاد", "ب»الابتعاد", id="tatweel-seed-000"),
        pytest.param("الجيـــش", "الجيش", id="tatweel-run"),
        # digits
        pytest.param("٢٠١٦", "2016", id="arabic-indic-digits"),
        pytest.param("۲۰۱۶", "2016", id="eastern-arabic-indic-digits"),
        pytest.param("٠١٢٣٤٥٦٧٨٩", "0123456789", id="all-arabic-indic-digits"),
        pytest.param("۰۱۲۳۴۵۶۷۸۹", "0123456789", id="all-eastern-arabic-indic-digits"),
        pytest.param("الـ24", "ال24", id="ascii-digits-kept-tatweel-dropped"),
        # NFC: decomposed hamza/madda forms compose, then fold
        pytest.param("\u0627\u0654كد", "اكد", id="nfc-decomposed-hamza-above"),
        pytest.param("\u0627\u0655طلاق", "اطلاق", id="nfc-decomposed-hamza-below"),
        pytest.param("\u0627\u0653لاف", "الاف", id="nfc-decomposed-madda"),
        # Latin lower-cased
        pytest.param("Email", "email", id="latin-lowercase"),
        pytest.param("ISIS داعش", "isis داعش", id="latin-acronym-with-arabic"),
        # untouched
        pytest.param("حلب، سوريا: 70 مدنيا.", "حلب، سوريا: 70 مدنيا.", id="punctuation-and-plain-letters-kept"),
        pytest.param("", "", id="empty"),
    ],
)
def test_normalize_arabic_rules(raw: str, expected: str) -> None:
    assert normalize_arabic(raw) == expected


@pytest.mark.parametrize(
    ("variant", "plain"),
    [
        ("كيرى", "كيري"),
        ("الأمريكى", "الامريكي"),
        ("أيلول", "ايلول"),
        ("إيلول", "ايلول"),
        ("مَن", "من"),
        ("مدنيًا", "مدنيا"),
    ],
)
def test_spelling_variants_from_seeds_meet(variant: str, plain: str) -> None:
    assert normalize_arabic(variant) == normalize_arabic(plain)


@pytest.mark.parametrize(("letter", "folded"), sorted(LETTER_FOLDS.items()))
def test_fold_letters_table(letter: str, folded: str) -> None:
    assert fold_letters(f"x{letter}y") == f"x{folded}y"


@pytest.mark.parametrize("mark", [chr(c) for c in range(0x064B, 0x0653)] + ["\u0670", "\u0640"])
def test_strip_marks_every_mark(mark: str) -> None:
    assert strip_marks(f"حل{mark}ب") == "حلب"


@pytest.mark.parametrize("mark", ["\u0653", "\u0654", "\u0655", "\u060c", "\u061f"])
def test_strip_marks_keeps_neighbouring_code_points(mark: str) -> None:
    # U+0653..U+0655 are outside the harakat range; ، and ؟ are punctuation.
    assert strip_marks(f"حل{mark}ب") == f"حل{mark}ب"


@pytest.mark.parametrize("digit", range(10))
def test_fold_digits_each(digit: int) -> None:
    assert fold_digits(chr(0x0660 + digit) + chr(0x06F0 + digit)) == f"{digit}{digit}"


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_seed_text_normalised_has_no_variant_left(seed: str) -> None:
    out = normalize_arabic(seed_text(seed))
    for ch in [*LETTER_FOLDS, "\u0640", "\u0670", *(chr(c) for c in range(0x064B, 0x0653))]:
        assert ch not in out, f"{unicodedata.name(ch)} left in seed {seed}"
    assert not any("A" <= c <= "Z" for c in out)
    assert normalize_arabic(out) == out  # idempotent


def test_seed_000_kerry_spelling_meets_seed_001() -> None:
    assert "جون كيرى" in seed_text("000") and "جون كيري" in seed_text("001")
    assert normalize_arabic("جون كيرى") in normalize_arabic(seed_text("001"))


@pytest.mark.parametrize("mark", ["\u200f", "\u200e", "\u200d", "\u200c", "\u202b", "\u2067", "\ufeff", "\u061c"])
def test_invisible_marks_do_not_split_words(mark: str) -> None:
    assert normalize_arabic(f"{mark}كي{mark}ري") == "كيري"


def _ant_lines(limit: int = 3000) -> list[str]:
    import json

    from tests.conftest import SHARED

    path = SHARED / "corpora" / "ant" / "ant.jsonl"
    if not path.is_file():
        pytest.skip("../shared/corpora/ant absent")
    lines: list[str] = []
    with path.open(encoding="utf-8") as f:
        for row, _ in zip(f, range(limit)):
            article = json.loads(row)
            lines.extend(str(v) for v in article.values() if isinstance(v, str))
    return lines


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_fast_normaliser_equals_the_reference_on_the_seeds(seed: str) -> None:
    from index.text.normalize import normalize_arabic_reference

    for line in seed_text(seed).splitlines():
        assert normalize_arabic(line) == normalize_arabic_reference(line)


def test_fast_normaliser_equals_the_reference_on_ant() -> None:
    from index.text.normalize import normalize_arabic_reference

    lines = _ant_lines()
    assert len(lines) > 3000
    assert [normalize_arabic(t) for t in lines] == [normalize_arabic_reference(t) for t in lines]
