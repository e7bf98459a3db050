"""index.text.document.prepare_article on the seeds, and index.text.articles.ArticleReader on files."""

from __future__ import annotations

import codecs
import json
import random
from pathlib import Path

import pytest

from index.errors import UnreadableInput
from index.text.articles import Article, ArticleReader, parse_jsonl_record
from index.text.document import prepare_article
from tests.index.seedfacts import (
    HEADLINE_002,
    SEED_IDS,
    body_lines,
    seed_lines,
    seed_path,
    seed_text,
)

#: Sub-headings glued to the end of a body line (see test_sentences).
GLUED_HEADINGS = {"004": ["قصف متجدد"]}


def seed_article(seed: str, **meta: str) -> Article:
    path = seed_path(seed)
    return Article(id=path.stem, text=seed_text(seed), origin=str(path), **meta)


# --------------------------------------------------------------------------- prepare_article on seeds


@pytest.mark.parametrize("seed", SEED_IDS)
def test_sentences_point_into_article_text(seed: str) -> None:
    article = seed_article(seed)
    doc = prepare_article(article)
    assert doc.sentences
    for sentence in doc.sentences:
        assert sentence.text == article.text[sentence.start : sentence.end]
        assert sentence.article_id == article.id
    for heading in doc.headings:
        assert heading.text == article.text[heading.start : heading.end]


@pytest.mark.parametrize("seed", SEED_IDS)
def test_positions_run_one_to_n_in_text_order(seed: str) -> None:
    doc = prepare_article(seed_article(seed))
    assert [s.position for s in doc.sentences] == list(range(1, len(doc.sentences) + 1))
    starts = [s.start for s in doc.sentences]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(doc.sentences, doc.sentences[1:]))
    paragraphs = [s.paragraph for s in doc.sentences]
    assert paragraphs[0] == 1 and paragraphs == sorted(paragraphs)
    assert set(paragraphs) == set(range(1, len(body_lines(seed)) + 1))


@pytest.mark.parametrize("seed", SEED_IDS)
def test_every_body_line_is_fully_covered(seed: str) -> None:
    article = seed_article(seed)
    doc = prepare_article(article)
    glued = list(GLUED_HEADINGS.get(seed, []))
    for line in body_lines(seed):
        start = article.text.index(line)
        end = start + len(line)
        inside = [s.text for s in doc.sentences if start <= s.start and s.end <= end]
        words = " ".join(inside).split()
        if glued and line.endswith(glued[0]):
            words += glued.pop(0).split()
        assert words == line.split(), line
    assert not glued


@pytest.mark.parametrize("seed", SEED_IDS)
def test_concatenated_sentences_contain_every_body_word(seed: str) -> None:
    doc = prepare_article(seed_article(seed))
    all_words = " ".join(s.text for s in doc.sentences).split()
    expected = [w for line in body_lines(seed) for w in line.split()]
    for heading in GLUED_HEADINGS.get(seed, []):
        for word in heading.split():
            expected.remove(word)
    assert all_words == expected


@pytest.mark.parametrize("seed", SEED_IDS)
def test_no_boilerplate_or_heading_in_sentences(seed: str) -> None:
    doc = prepare_article(seed_article(seed))
    body = set(body_lines(seed))
    for line in seed_lines(seed):
        if line not in body:
            assert all(line not in s.text for s in doc.sentences), line


@pytest.mark.parametrize(
    ("seed", "title", "first_sentence_starts", "headings"),
    [
        pytest.param("000", None, "بعد ساعات من فشل المجموعة الدولية", [], id="000-no-title"),
        pytest.param(
            "001",
            None,
            "في حين يواصل وزير الخارجية الأميركي",
            ["كيري: تقدم طفيف بالمحادثات", "لافروف يدعو للحفاظ على الاتفاق الروسي الأميركي"],
            id="001-subheadings",
        ),
        pytest.param("002", HEADLINE_002, "مازال الجيش السوري يقتحم", [], id="002-headline-once"),
        pytest.param(
            "003",
            "تشدد روسي وتراجع أمريكي وتقدم للجيش السوري في أحياء حلب",
            "وزارة الخارجية الروسية أعلنت الأحد",
            [],
            id="003-first-line-title",
        ),
        pytest.param(
            "004",
            "روسيا تعلن وقف العمليات العسكرية في حلب",
            "شهدت الساعات الأخيرة شد وجذب",
            ["قصف متجدد", "اتهامات الأسد"],
            id="004-title-and-headings",
        ),
    ],
)
def test_title_and_headings(seed: str, title: str | None, first_sentence_starts: str, headings: list[str]) -> None:
    doc = prepare_article(seed_article(seed))
    assert doc.title == title
    assert doc.sentences[0].text.startswith(first_sentence_starts)
    assert [h.text for h in doc.headings] == headings
    for heading in [*headings, *([title] if title else [])]:
        assert heading not in [s.text for s in doc.sentences]


@pytest.mark.parametrize(
    ("seed", "meta_title"),
    [
        ("003", "تشدد روسي وتراجع أمريكي وتقدم للجيش السوري في أحياء حلب"),
        ("000", "فشل المجموعة الدولية لدعم سوريا"),
    ],
)
def test_metadata_title_wins_and_its_repeat_is_dropped(seed: str, meta_title: str) -> None:
    doc = prepare_article(seed_article(seed, title=meta_title))
    assert doc.title == meta_title
    assert meta_title not in [h.text for h in doc.headings]
    assert meta_title not in [s.text for s in doc.sentences]
    assert len(doc.sentences) == len(prepare_article(seed_article(seed)).sentences)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("728 x 90\nEmail\nاكتب تعليق\nإلغاء الرد\n", id="boilerplate-only"),
        pytest.param("", id="empty"),
    ],
)
def test_nothing_left(text: str) -> None:
    doc = prepare_article(Article(id="x", text=text))
    assert doc.sentences == ()


def test_heading_only_article_is_a_title_and_nothing_else() -> None:
    doc = prepare_article(Article(id="x", text="اتهامات الأسد\n"))
    assert doc.title == "اتهامات الأسد"
    assert doc.sentences == () and doc.headings == ()


# --------------------------------------------------------------------------- ArticleReader: folders


def _binary_bytes() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + random.Random(7).randbytes(300) + b"\x00"


def test_reader_folder_yields_good_and_skips_bad(tmp_path: Path) -> None:
    good = tmp_path / "a_good.txt"
    good.write_bytes(seed_text("000").encode("utf-8"))
    old = tmp_path / "b_old.txt"
    old.write_bytes(seed_text("003").replace("\n", "\r\n").encode("cp1256"))
    empty = tmp_path / "c_empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "d_binary.txt"
    binary.write_bytes(_binary_bytes())
    readme = tmp_path / "README.md"
    readme.write_text("# articles\n", encoding="utf-8")

    reader = ArticleReader([tmp_path])
    articles = list(reader)

    assert [(a.id, a.origin) for a in articles] == [("a_good", str(good)), ("b_old", str(old))]
    assert articles[0].text == seed_text("000")
    assert articles[1].text == seed_text("003")  # cp1256 decoded, CRLF folded
    assert articles[1].title is None
    reasons = {s.origin: s.reason for s in reader.skipped}
    assert set(reasons) == {str(empty), str(binary), str(readme)}
    assert "empty" in reasons[str(empty)]
    assert "binary" in reasons[str(binary)]
    assert "not an article file" in reasons[str(readme)]
    # and the cp1256 article prepares like the UTF-8 seed
    assert prepare_article(articles[1]).title == seed_lines("003")[0]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        pytest.param("bom.txt", codecs.BOM_UTF8 + b"\xff\xfe", "invalid UTF-8", id="bom-invalid"),
        pytest.param("latin.txt", "café résumé".encode("latin-1"), "not decodable", id="latin-1"),
        pytest.param("blank.txt", b" \r\n \n", "empty", id="whitespace"),
        pytest.param("data.csv", b"id,text\n", "not an article file", id="other-suffix"),
    ],
)
def test_reader_skip_reasons(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    (tmp_path / name).write_bytes(data)
    reader = ArticleReader([tmp_path])
    assert list(reader) == []
    assert [(s.origin, reason in s.reason) for s in reader.skipped] == [(str(tmp_path / name), True)]


def test_reader_missing_path_hidden_files_and_subfolders(tmp_path: Path) -> None:
    (tmp_path / ".hidden.txt").write_text(seed_text("001"), encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "deep.txt").write_text(seed_text("004"), encoding="utf-8")
    single = tmp_path / "single.txt"
    single.write_text(seed_text("002"), encoding="utf-8")
    missing = tmp_path / "missing"

    reader = ArticleReader([tmp_path / "sub", single, missing])
    assert [a.id for a in reader] == ["deep", "single"]
    assert [(s.origin, s.reason) for s in reader.skipped] == [(str(missing), "no such file or folder")]


def test_reader_duplicate_id_across_folders(tmp_path: Path) -> None:
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same.txt").write_text(seed_text("000"), encoding="utf-8")
    reader = ArticleReader([tmp_path / "one", tmp_path / "two"])
    assert [a.origin for a in reader] == [str(tmp_path / "one" / "same.txt")]
    (skip,) = reader.skipped
    assert skip.origin == str(tmp_path / "two" / "same.txt")
    assert "duplicate article id 'same'" in skip.reason and str(tmp_path / "one" / "same.txt") in skip.reason


# --------------------------------------------------------------------------- ArticleReader: JSONL


def _jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_reader_jsonl_good_bad_missing_duplicate(tmp_path: Path) -> None:
    good = {
        "id": "004",
        "text": seed_text("004"),
        "title": "روسيا تعلن وقف العمليات العسكرية في حلب",
        "url": "https://example.com/004",
        "date": "2016-12-09",
        "source": "البيان",
    }
    path = _jsonl(
        tmp_path / "news.jsonl",
        [
            json.dumps(good, ensure_ascii=False),
            '{"id": "broken", "text": "قال',
            json.dumps({"id": "no-text", "title": "عنوان"}, ensure_ascii=False),
            "",
            json.dumps({"id": "004", "text": seed_text("000")}, ensure_ascii=False),
        ],
    )
    reader = ArticleReader([path])
    articles = list(reader)

    assert len(articles) == 1
    (article,) = articles
    assert article.id == "004"
    assert article.origin == f"{path}:1"
    assert article.text == seed_text("004")
    assert (article.title, article.url, article.date, article.source) == (
        good["title"],
        good["url"],
        good["date"],
        good["source"],
    )
    skipped = [(s.origin, s.reason) for s in reader.skipped]
    assert [origin for origin, _ in skipped] == [f"{path}:2", f"{path}:3", f"{path}:5"]
    assert "invalid JSON" in skipped[0][1]
    assert "missing 'text'" in skipped[1][1]
    assert "duplicate article id '004'" in skipped[2][1] and f"{path}:1" in skipped[2][1]
    # the metadata title replaces the first line as title and that line is not repeated
    doc = prepare_article(article)
    assert doc.title == good["title"]
    assert [h.text for h in doc.headings] == ["قصف متجدد", "اتهامات الأسد"]


def test_reader_duplicate_between_txt_and_jsonl(tmp_path: Path) -> None:
    txt = tmp_path / "a.txt"
    txt.write_text(seed_text("000"), encoding="utf-8")
    jsonl = _jsonl(tmp_path / "b.jsonl", [json.dumps({"id": "a", "text": "نص."})])
    reader = ArticleReader([tmp_path])
    assert [a.origin for a in reader] == [str(txt)]
    assert [s.origin for s in reader.skipped] == [f"{jsonl}:1"]


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        pytest.param(b'{"id": "x", "text": ', "invalid JSON", id="truncated"),
        pytest.param(b"\xff\xfe{}", "invalid JSON", id="not-utf-8"),
        pytest.param(b'["x", "text"]', "must be an object", id="array"),
        pytest.param(b'"text"', "must be an object", id="string"),
        pytest.param(b'{"text": "\xd9\x86\xd8\xb5"}', "missing 'id'", id="no-id"),
        pytest.param(b'{"id": "x"}', "missing 'text'", id="no-text"),
        pytest.param(b'{"id": "x", "text": ""}', "'text' is empty", id="empty-text"),
        pytest.param(b'{"id": "x", "text": "  \\n "}', "'text' is empty", id="blank-text"),
        pytest.param(b'{"id": "", "text": "a"}', "'id' is empty", id="empty-id"),
        pytest.param(b'{"text": null}', "missing 'id' and 'text'", id="neither"),
        pytest.param(b'{"id": "x", "text": ["a"]}', "'text' must be text, not a list", id="text-not-string"),
        pytest.param(b'{"id": ["a"], "text": "a"}', "'id' must be text or a whole number, not a list", id="id-list"),
        pytest.param(b'{"id": true, "text": "a"}', "'id' must be text or a whole number, not true/false",
                     id="id-bool"),
        pytest.param(b'{"id": 1.5, "text": "a"}', "'id' must be text or a whole number, not a number", id="id-float"),
        pytest.param(b'{"id": "x", "text": "a", "title": 42}', "'title' must be text, not a number", id="title-number"),
        pytest.param(b'{"id": "x", "text": "a", "source": {"n": 1}}', "'source' must be text, not an object",
                     id="source-object"),
    ],
)
def test_parse_jsonl_record_rejects(raw: bytes, reason: str) -> None:
    with pytest.raises(UnreadableInput, match=reason):
        parse_jsonl_record(raw, "f.jsonl:1")


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        pytest.param(
            {"id": 7, "text": "سطر\r\nسطر"},
            Article(id="7", text="سطر\nسطر", origin="f.jsonl:3"),
            id="numeric-id-and-crlf",
        ),
        pytest.param(
            {"id": "x", "text": "نص.", "title": "", "url": None, "date": 20161209, "source": "سانا", "extra": 1},
            Article(id="x", text="نص.", date="20161209", source="سانا", origin="f.jsonl:3"),
            id="empty-and-null-optional-fields",
        ),
    ],
)
def test_parse_jsonl_record_accepts(record: dict, expected: Article) -> None:
    assert parse_jsonl_record(json.dumps(record, ensure_ascii=False).encode(), "f.jsonl:3") == expected


def test_parse_jsonl_record_with_bom() -> None:
    raw = codecs.BOM_UTF8 + json.dumps({"id": "x", "text": "نص."}, ensure_ascii=False).encode()
    assert parse_jsonl_record(raw, "o").text == "نص."


def test_an_article_of_short_lines_keeps_them_as_sentences() -> None:
    text = "برنامج الجولة 12 للبطولة الوطنية لكرة اليد\nالترجي الرياضي / جمعية الحمامات\nالنجم الساحلي / سهم منزل حر\n"
    doc = prepare_article(Article(id="fixtures", text=text))
    assert doc.title == "برنامج الجولة 12 للبطولة الوطنية لكرة اليد"
    assert [s.text for s in doc.sentences] == ["الترجي الرياضي / جمعية الحمامات", "النجم الساحلي / سهم منزل حر"]


def test_a_line_introducing_a_list_is_a_sentence() -> None:
    text = "أسعار اليوم\nوفي ما يلي قائمة المنتوجات الاستهلاكية والأسعار المتفق عليها :\nالطماطم بدينار واحد للكيلوغرام.\n"
    doc = prepare_article(Article(id="prices", text=text))
    assert doc.sentences[0].text == "وفي ما يلي قائمة المنتوجات الاستهلاكية والأسعار المتفق عليها :"


@pytest.mark.parametrize(
    "line",
    [
        "قال وزير المالية إن الحكومة ستخفض الضرائب على الشركات الصغيرة العام المقبل",
        "وأكد المتحدث أن الاجتماع المقبل سيعقد في القاهرة",
    ],
)
def test_an_unpunctuated_sentence_inside_the_body_stays_a_sentence(line: str) -> None:
    text = f"عنوان الخبر\nوقال المتحدث إن المفاوضات مستمرة.\n{line}\nوأضاف أن الوفود ستعود غدا.\n"
    doc = prepare_article(Article(id="lost-stop", text=text))
    assert line in [s.text for s in doc.sentences]


def test_a_one_line_article_is_its_sentence() -> None:
    text = "أعلن البنك المركزي رفع سعر الفائدة بنصف نقطة مئوية"
    doc = prepare_article(Article(id="j1", text=text))
    assert [s.text for s in doc.sentences] == [text] and doc.title is None


def test_same_names_in_different_subfolders_are_different_articles(tmp_path: Path) -> None:
    from index.text.articles import ArticleReader

    for month in ("01", "02"):
        folder = tmp_path / "corpus" / "2016" / month
        folder.mkdir(parents=True)
        (folder / "1.txt").write_text(f"خبر الشهر {month}\n\nنص الخبر {month}.\n", encoding="utf-8")
    (tmp_path / "corpus" / "top.txt").write_text("خبر\n\nنص.\n", encoding="utf-8")
    reader = ArticleReader([tmp_path / "corpus"])
    ids = [a.id for a in reader]
    assert ids == ["2016/01/1", "2016/02/1", "top"] and reader.skipped == []
