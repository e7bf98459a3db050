"""index.text.sentences.split_paragraph: where Arabic news paragraphs are cut, and offsets."""

from __future__ import annotations

import pytest

from index.text.sentences import MAX_QUOTE_CHARS, Span, quoted_spans, split_paragraph
from tests.index.seedfacts import (
    HEADLINE_002,
    SEED_IDS,
    body_lines,
    seed_lines,
    seed_text,
)

BASE = 1000
#: Words in a quotation just longer than MAX_QUOTE_CHARS ("كلمة. " is 6 characters).
LONG_N = MAX_QUOTE_CHARS // 6 + 2

KERRY_000 = next(line for line in seed_lines("000") if "أضاف»أنا" in line)
SUBHEADING_004 = next(line for line in seed_lines("004") if line.endswith("قصف متجدد"))
QUOTES_001 = next(line for line in seed_lines("001") if line.startswith("وقال المصدر إن الهجوم"))
QUOTES_003 = next(line for line in seed_lines("003") if line.startswith("ويوم السبت حذرت روسيا"))
PARENS_001 = next(line for line in seed_lines("001") if "(...)" in line)


def texts(paragraph: str) -> list[str]:
    sentences, _ = split_paragraph(paragraph, BASE)
    return [s.text for s in sentences]


def test_seed_rows_found() -> None:
    assert "لكنه أضاف»أنا أقل عزما اليوم عما كنت بالأمس بل أننى أكثر إحباطا»." in KERRY_000
    assert "على هامش اللقاء دولي. قصف متجدد" in SUBHEADING_004


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        # each terminator
        pytest.param("قال الجيش. ثم انسحب.", ["قال الجيش.", "ثم انسحب."], id="full-stop"),
        pytest.param("قال الجيش! ثم انسحب.", ["قال الجيش!", "ثم انسحب."], id="exclamation"),
        pytest.param("هل انسحب الجيش? نعم.", ["هل انسحب الجيش?", "نعم."], id="latin-question-mark"),
        pytest.param("هل انسحب الجيش؟ نعم.", ["هل انسحب الجيش؟", "نعم."], id="arabic-question-mark"),
        pytest.param("قال: ربما… ثم رحل.", ["قال: ربما…", "ثم رحل."], id="ellipsis-character"),
        pytest.param("قال الجيش؟! ثم انسحب.", ["قال الجيش؟!", "ثم انسحب."], id="run-of-marks"),
        # never cut
        pytest.param("قال الجيش، ثم انسحب، وانتهى الأمر.", ["قال الجيش، ثم انسحب، وانتهى الأمر."], id="arabic-comma"),
        pytest.param("وأضاف: 'لكن مثل أي عملية عسكرية'.", ["وأضاف: 'لكن مثل أي عملية عسكرية'."], id="colon"),
        pytest.param("قال الجيش؛ ثم انسحب.", ["قال الجيش؛ ثم انسحب."], id="arabic-semicolon"),
        pytest.param(HEADLINE_002, [HEADLINE_002], id="double-dot-headline-seed-002"),
        pytest.param("انتظر... ثم رحل.", ["انتظر... ثم رحل."], id="three-dots"),
        pytest.param("بلغ النمو 3.5 في المئة. وانتهى.", ["بلغ النمو 3.5 في المئة.", "وانتهى."], id="decimal"),
        pytest.param("قال الجيش.وانسحب.", ["قال الجيش.وانسحب."], id="no-space-after-mark"),
        pytest.param(
            "الجمعية السنوية للأعضاء ال57 في منظمة الأمن. وانتهى.",
            ["الجمعية السنوية للأعضاء ال57 في منظمة الأمن.", "وانتهى."],
            id="digits-glued-to-article",
        ),
        # quotations and brackets protect their inner marks
        pytest.param("قال «هذا أمر. لا نقبله» ثم غادر. وانتهى.", ["قال «هذا أمر. لا نقبله» ثم غادر.", "وانتهى."], id="guillemets"),
        pytest.param("قال “هذا أمر. لا نقبله” ثم غادر. وانتهى.", ["قال “هذا أمر. لا نقبله” ثم غادر.", "وانتهى."], id="curly-quotes"),
        pytest.param('قال "هذا أمر. لا نقبله" ثم غادر. وانتهى.', ['قال "هذا أمر. لا نقبله" ثم غادر.', "وانتهى."], id="straight-double"),
        pytest.param("قال 'هذا أمر. لا نقبله' ثم غادر. وانتهى.", ["قال 'هذا أمر. لا نقبله' ثم غادر.", "وانتهى."], id="straight-single"),
        pytest.param("قال (هذا أمر. لا نقبله) ثم غادر. وانتهى.", ["قال (هذا أمر. لا نقبله) ثم غادر.", "وانتهى."], id="parentheses"),
        pytest.param("قال [هذا أمر. لا نقبله] ثم غادر. وانتهى.", ["قال [هذا أمر. لا نقبله] ثم غادر.", "وانتهى."], id="brackets"),
        pytest.param("قال »هذا أمر. لا نقبله» ثم غادر. وانتهى.", ["قال »هذا أمر. لا نقبله» ثم غادر.", "وانتهى."], id="reversed-guillemets"),
        pytest.param("قال ”هذا أمر. لا نقبله” ثم غادر. وانتهى.", ["قال ”هذا أمر. لا نقبله” ثم غادر.", "وانتهى."], id="reversed-curly"),
        # a mark right before the closing quote ends the sentence, closer kept with it
        pytest.param("قال: «انتهى.» ثم رحل.", ["قال: «انتهى.»", "ثم رحل."], id="stop-before-closer"),
        pytest.param("قال: (انتهى؟) ثم رحل.", ["قال: (انتهى؟)", "ثم رحل."], id="question-before-paren"),
        # what does not protect
        pytest.param("قال «هذا أمر. ثم غادر.", ["قال «هذا أمر.", "ثم غادر."], id="unclosed-quote"),
        pytest.param("قال أوبراين O'Brien. ثم رحل.", ["قال أوبراين O'Brien.", "ثم رحل."], id="apostrophe-in-word"),
        pytest.param(
            "«" + "كلمة. " * LONG_N + "»",
            ["«كلمة."] + ["كلمة."] * (LONG_N - 1),
            id="overlong-quote-protects-nothing",
        ),
        # white space and empty pieces
        pytest.param("  قال الجيش.   ثم انسحب.  ", ["قال الجيش.", "ثم انسحب."], id="padding"),
        pytest.param("", [], id="empty"),
        pytest.param(". . .", [], id="marks-only"),
    ],
)
def test_split_paragraph(paragraph: str, expected: list[str]) -> None:
    assert texts(paragraph) == expected


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        pytest.param(KERRY_000, [KERRY_000], id="seed-000-reversed-guillemets"),
        pytest.param(
            KERRY_000.replace("اليوم عما", "اليوم. عما"), [KERRY_000.replace("اليوم عما", "اليوم. عما")],
            id="seed-000-reversed-guillemets-with-inner-stop",
        ),
        pytest.param(PARENS_001, [PARENS_001], id="seed-001-parens-and-ellipsis"),
        pytest.param(
            QUOTES_001,
            [QUOTES_001[: QUOTES_001.index("بريًا.") + 6], QUOTES_001[QUOTES_001.index("وذكر") :]],
            id="seed-001-single-quotes",
        ),
        pytest.param(
            QUOTES_003,
            [QUOTES_003[: QUOTES_003.index("بأكملها.") + 8], QUOTES_003[QUOTES_003.index("وأرسلت") :]],
            id="seed-003-double-quotes",
        ),
    ],
)
def test_split_seed_paragraphs(paragraph: str, expected: list[str]) -> None:
    assert texts(paragraph) == expected


@pytest.mark.parametrize(
    ("paragraph", "sentences", "headings"),
    [
        pytest.param(
            SUBHEADING_004,
            [SUBHEADING_004[: -len(" قصف متجدد")]],
            ["قصف متجدد"],
            id="seed-004-glued-subheading",
        ),
        pytest.param("قال الجيش. ثم انسحب. اتهامات الأسد", ["قال الجيش.", "ثم انسحب."], ["اتهامات الأسد"], id="two-words"),
        pytest.param("قال الجيش. كيري يلتقي لافروف", ["قال الجيش."], ["كيري يلتقي لافروف"], id="three-words"),
        pytest.param(
            "قال الجيش. ثم انسحب الجنود من المدينة",
            ["قال الجيش.", "ثم انسحب الجنود من المدينة"],
            [],
            id="four-words-is-a-sentence",
        ),
        pytest.param("قصف متجدد", ["قصف متجدد"], [], id="lone-fragment-is-a-sentence"),
        pytest.param("قال الجيش. قصف متجدد؟", ["قال الجيش.", "قصف متجدد؟"], [], id="fragment-with-mark"),
        pytest.param("قال الجيش. «قصف متجدد.»", ["قال الجيش.", "«قصف متجدد.»"], [], id="fragment-with-quoted-mark"),
    ],
)
def test_trailing_subheading(paragraph: str, sentences: list[str], headings: list[str]) -> None:
    got_sentences, got_headings = split_paragraph(paragraph, BASE)
    assert [s.text for s in got_sentences] == sentences
    assert [h.text for h in got_headings] == headings
    for span in [*got_sentences, *got_headings]:
        assert paragraph[span.start - BASE : span.end - BASE] == span.text


@pytest.mark.parametrize("base", [0, 1, 37, BASE])
@pytest.mark.parametrize(
    "paragraph",
    [KERRY_000, SUBHEADING_004, QUOTES_001, QUOTES_003, "  قال الجيش.   ثم انسحب!  هل انتهى؟ قصف متجدد  "],
    ids=["seed-000", "seed-004", "seed-001", "seed-003", "padded"],
)
def test_offsets_with_base(paragraph: str, base: int) -> None:
    sentences, headings = split_paragraph(paragraph, base)
    assert sentences
    for span in [*sentences, *headings]:
        assert span.start >= base
        assert paragraph[span.start - base : span.end - base] == span.text
        assert span.text == span.text.strip()
    starts = [s.start for s in [*sentences, *headings]]
    assert starts == sorted(starts)


@pytest.mark.parametrize("seed", SEED_IDS)
def test_seed_body_lines_split_without_loss(seed: str) -> None:
    text = seed_text(seed)
    for line in body_lines(seed):
        base = text.index(line)
        sentences, headings = split_paragraph(line, base)
        for span in [*sentences, *headings]:
            assert text[span.start : span.end] == span.text
        assert " ".join(s.text for s in [*sentences, *headings]).split() == line.split()


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("«أ» و«ب»", [(0, 2), (5, 7)]),
        ("أضاف»أنا«", []),
        ("أضاف»أنا»", [(4, 8)]),
        ('قال "نعم"', [(4, 8)]),
        ("O'Brien", []),
        ("(أ) [ب]", [(0, 2), (4, 6)]),
    ],
)
def test_quoted_spans(text: str, spans: list[tuple[int, int]]) -> None:
    assert sorted(quoted_spans(text)) == spans


def test_a_one_letter_abbreviation_does_not_end_a_sentence() -> None:
    sentences, _ = split_paragraph("وقال د. أحمد إن ذلك جيد. وأضاف م. خالد أنه موافق.")
    assert [s.text for s in sentences] == ["وقال د. أحمد إن ذلك جيد.", "وأضاف م. خالد أنه موافق."]


def test_a_line_with_no_punctuation_becomes_bounded_sentences_losing_nothing() -> None:
    from index.text.sentences import MAX_SENTENCE_CHARS

    words = ["كلمة", "اخرى", "طويلة"] * 40_000
    line = " ".join(words)
    sentences, headings = split_paragraph(line, base=7)
    assert headings == [] and len(sentences) > 1
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert " ".join(s.text for s in sentences) == line
    assert all(line[s.start - 7 : s.end - 7] == s.text for s in sentences)


def test_a_run_with_no_space_is_cut_at_the_limit() -> None:
    from index.text.sentences import cap_span

    run = "ب" * 2500
    pieces = cap_span(Span(0, 2500, run), limit=1000)
    assert [len(p.text) for p in pieces] == [1000, 1000, 500]
    assert "".join(p.text for p in pieces) == run and pieces[2].start == 2000
