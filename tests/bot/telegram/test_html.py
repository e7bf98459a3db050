"""Telegram HTML rendering: escaping, bold matches, fitting within 4096 characters."""

from __future__ import annotations

import pytest

from bot.telegram.html import (
    MAX_MESSAGE,
    escape,
    fit,
    highlight,
    render_answer,
    render_context,
    render_reply,
    render_source,
    trim,
    utf16_length,
    visible_length,
)
from index.parts.store import StoredSentence
from retrieval.answer import Answer, Citation
from retrieval.conversation import ContextView, Notice, SourceView
from tests.bot.telegram.telegram_html import parse_html

KERRY = "ماذا قال كيري؟"


def citation(rank: int, text: str, title: str | None = "عنوان") -> Citation:
    return Citation(rank, text, f"doc-{rank}", title, rank + 2, 0.5)


def answer(*citations: Citation, question: str = KERRY) -> Answer:
    return Answer(question, True, tuple(citations), has_more=True)


@pytest.mark.parametrize(
    ("text", "escaped"),
    [("a < b & c > d", "a &lt; b &amp; c &gt; d"), ('"quoted"', '"quoted"'), ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;")],
)
def test_escape(text: str, escaped: str) -> None:
    assert escape(text) == escaped


@pytest.mark.parametrize(
    ("text", "bold"),
    [
        ("وقال كيري إن المحادثات مستمرة", ["وقال", "كيري"]),
        ("قال جون كيرى للصحفيين", ["قال", "كيرى"]),
        ("كيري <script> & كيري", ["كيري", "كيري"]),
        ("لا شيء هنا", []),
    ],
)
def test_highlight_bolds_words_sharing_a_stem(text: str, bold: list[str]) -> None:
    markup = highlight(text, KERRY)
    plain, entities = parse_html(markup)
    assert plain == text
    assert [plain[e["offset"] : e["offset"] + e["length"]] for e in entities] == bold


@pytest.mark.parametrize(
    ("text", "cap", "expected"),
    [
        ("قصير", 10, "قصير"),
        ("كلمة " * 10, 22, "كلمة كلمة كلمة كلمة…"),
        ("x" * 50, 10, "x" * 9 + "…"),
        ("anything", None, "anything"),
    ],
)
def test_trim(text: str, cap: int | None, expected: str) -> None:
    assert trim(text, cap) == expected and len(trim(text, cap)) <= (cap or len(text))


def test_utf16_counts_astral_characters_twice() -> None:
    assert utf16_length("😀ا") == 3 and visible_length("<b>&lt;😀</b>") == 3


def test_answer_is_numbered_cited_and_starts_with_arabic() -> None:
    markup = render_answer(answer(citation(1, "وقال كيري إن المحادثات مستمرة"), citation(2, "قال مسؤول <آخر>", None)))
    plain, _ = parse_html(markup)
    assert plain.startswith("الجواب عن: «ماذا قال كيري؟»")
    assert "1. وقال كيري إن المحادثات مستمرة\n— عنوان، الجملة 3" in plain
    assert "2. قال مسؤول <آخر>\n— doc-2، الجملة 4" in plain


def test_a_citation_shows_its_outlet_and_date_left_to_right() -> None:
    dated = Citation(1, "قال الوزير", "doc-1", "عنوان", 3, 0.5, "2017-05-12", "الصباح", "https://example.tn/a")
    plain, _ = parse_html(render_answer(answer(dated, citation(2, "قال آخر"))))
    assert "— عنوان، الجملة 3 (الصباح، \u20662017/05/12\u2069)" in plain
    assert "— عنوان، الجملة 4\n" in plain + "\n"  # no date, no outlet: nothing added


def test_a_statement_carried_by_several_outlets_names_each_with_its_date_and_link() -> None:
    from retrieval.answer import CopySource

    copies = tuple(CopySource(f"a{n}", 1, None, "2015-07-21", name, f"https://example.sa/{n}" if n else None)
                   for n, name in enumerate(["الرياض", "عكاظ", "الوطن", "سبق", "واس", "المدينة", "اليوم", "الجزيرة"]))
    cited = Citation(1, "قال الوزير", "a0", "عنوان", 3, 0.5, "2015-07-21", "الرياض", None, copies)
    markup = render_answer(answer(cited))
    plain, _ = parse_html(markup)
    assert "ورد في 8 مصادر: الرياض \u20662015/07/21\u2069، عكاظ \u20662015/07/21\u2069" in plain
    assert "، المدينة \u20662015/07/21\u2069 و2 غيرها" in plain
    assert '<a href="https://example.sa/1">عكاظ</a>' in markup and '<a href="https://example.sa/7">' not in markup


def test_a_later_page_says_so() -> None:
    plain, _ = parse_html(render_answer(answer(citation(6, "قال كيري"))))
    assert plain.startswith("المزيد عن:") and "6. قال كيري" in plain


def test_a_not_found_answer_is_its_message() -> None:
    assert render_answer(Answer(KERRY, False, (), "لم أجد <شيئاً>")) == "لم أجد &lt;شيئاً&gt;"


@pytest.mark.parametrize(("count", "length"), [(5, 3000), (10, 2000), (50, 600), (3, 40_000)])
def test_long_answers_fit_with_every_citation_line_whole(count: int, length: int) -> None:
    text = ("قال كيري إن " + "المحادثات مستمرة في جنيف " * 2000)[:length]
    markup = render_answer(answer(*(citation(n, text, "عنوان & <طويل>" * 20) for n in range(1, count + 1))))
    plain, _ = parse_html(markup)
    assert utf16_length(plain) <= MAX_MESSAGE
    assert all(f"{n}. قال كيري" in plain for n in range(1, count + 1))
    assert plain.count("، الجملة ") == count


def test_fit_leaves_short_texts_alone_and_cuts_long_ones() -> None:
    texts = ["قصير", "ط" * 5000]
    markup = fit(lambda cap: "\n".join(trim(t, cap) for t in texts), texts, limit=1000)
    assert markup.startswith("قصير\n") and visible_length(markup) <= 1000 and markup.endswith("…")


def test_context_marks_the_cited_sentence() -> None:
    around = tuple(StoredSentence(i, "d", i, 0, 0, 0, f"جملة {i} <x>") for i in (4, 5, 6))
    plain, entities = parse_html(render_context(ContextView(2, "d", "عنوان", 5, around)))
    assert plain.startswith("سياق الاستشهاد 2 — عنوان")
    assert "4. جملة 4 <x>\n\n◀ 5. جملة 5 <x>\n\n6. جملة 6 <x>" in plain
    assert {"type": "bold", "offset": plain.index("5. جملة 5"), "length": len("5. جملة 5 <x>")} in entities


@pytest.mark.parametrize(
    ("url", "link"),
    [("https://example.org/a?x=1&y=\"2\"", True), ("javascript:alert(1)", False), (None, False)],
)
def test_source_lists_what_is_known(url: str | None, link: bool) -> None:
    view = SourceView(1, "doc-1", "عنوان <مهم>", "2016-09-25", url, "وكالة & أنباء", 5, 12)
    markup = render_source(view)
    plain, entities = parse_html(markup)
    assert plain.startswith("مصدر الاستشهاد 1\nالعنوان: عنوان <مهم>\nالتاريخ: 2016-09-25\nالناشر: وكالة & أنباء")
    assert "المقال: doc-1، الجملة 5 من 12" in plain
    assert any(e["type"] == "text_link" and e["url"] == url for e in entities) == link


def test_render_reply_dispatches_and_never_sends_empty_text() -> None:
    assert render_reply(Notice("لا مزيد <>")) == "لا مزيد &lt;&gt;"
    assert render_reply(Notice("")).startswith("لم أفهم")


def test_a_hedged_answer_says_it_is_only_the_closest_found() -> None:
    from bot.render import answer_json, answer_text
    from retrieval.answer import HEDGED

    sure = answer(citation(1, "وقال كيري إن المحادثات مستمرة"))
    hedged = Answer(KERRY, True, sure.citations, HEDGED, False, True)
    assert HEDGED not in render_answer(sure) and HEDGED in render_answer(hedged)
    plain, _ = parse_html(render_answer(hedged))
    assert plain.index(HEDGED) < plain.index("وقال كيري")  # the header before the sentences
    assert answer_text(hedged).splitlines()[0] == HEDGED and HEDGED not in answer_text(sure)
    assert '"hedged": true' in answer_json(hedged) and '"hedged": false' in answer_json(sure)
