"""bot.render: the JSON line of a REPL turn tells an abstention, a notice and an internal error apart."""

from __future__ import annotations

import json
from pathlib import Path

from bot.render import reply_json
from bot.repl import run_json
from retrieval.answer import NOT_FOUND, Answer
from retrieval.conversation import NOTICE_KINDS, Answered, Notice
from retrieval.question.understand import understand_text


def test_an_abstention_has_no_notice_and_a_notice_has_its_kind() -> None:
    question = understand_text("ما هي عاصمة اليابان؟")
    abstained = json.loads(reply_json("ما هي عاصمة اليابان؟", Answered(Answer(question.text, False, (), NOT_FOUND), question)))
    assert abstained["answered"] is False and abstained["notice"] is None
    missing = json.loads(reply_json("السياق 40", Notice("لا يوجد استشهاد بهذا الرقم", "no_such_citation")))
    assert missing["answered"] is False and missing["notice"] == {"kind": "no_such_citation",
                                                                  "text": "لا يوجد استشهاد بهذا الرقم"}
    assert "no_such_citation" in NOTICE_KINDS and "internal_error" in NOTICE_KINDS


def test_an_internal_error_is_a_notice_of_its_own_kind(tmp_path: Path) -> None:
    import io

    def broken(_: str):
        raise RuntimeError("boom")

    out = io.StringIO()
    run_json(broken, ["ماذا قال كيري؟\n"], out, on_new_conversation=lambda: None)
    line = json.loads(out.getvalue())
    assert line["notice"]["kind"] == "internal_error" and line["answered"] is False


def test_the_build_report_counts_the_whole_command_and_rates_only_real_samples(tmp_path: Path) -> None:
    from bot.render import report_text
    from index.build.run import BuildOptions, build_index
    from tests.conftest import SEEDS, fake_encoder

    report = build_index([SEEDS], tmp_path / "index", fake_encoder(), BuildOptions(progress=False))
    text = report_text(report, report.seconds + 5.0)
    assert f"Took {report.seconds + 5:.2f} s (5.00 s loading the model, {report.seconds:.2f} s building)" in text
    assert "0 changed, 0 removed" in text
    assert ("sentences/s" in text) == (report.embeddings_computed >= 100)


def test_a_citation_shows_its_outlet_and_date_in_the_terminal_and_in_json() -> None:
    from bot.render import answer_text
    from retrieval.answer import Citation

    dated = Citation(1, "قال الوزير", "doc-1", "عنوان", 3, 0.5, "2017-05", "الصباح", None)
    answer = Answer("ماذا قال الوزير؟", True, (dated,))
    assert "   [عنوان · sentence 3 · الصباح · 2017-05]" in answer_text(answer)
    (line,) = json.loads(reply_json("ماذا قال الوزير؟", Answered(answer, understand_text("ماذا قال الوزير؟"))))["citations"]
    assert (line["date"], line["source"], line["url"]) == ("2017-05", "الصباح", None)


def test_the_outlets_listing_in_the_terminal_and_in_json() -> None:
    from bot.render import reply_text
    from retrieval.conversation import OutletsView
    from retrieval.engine import OutletCount
    from retrieval.question.understand import hear

    assert hear("المصادر").command.name == "outlets" and hear("sources").command.name == "outlets"
    view = OutletsView((OutletCount("عكاظ", 262, "2015-08-06", "2015-08-11"), OutletCount("وات", 3, None, None)))
    assert reply_text(view) == "المصادر المفهرسة:\nعكاظ: 262 مقالة (2015-08-06 – 2015-08-11)\nوات: 3 مقالة"
    line = json.loads(reply_json("sources", view))
    assert line["answered"] is False and line["outlets"][0] == {"source": "عكاظ", "articles": 262,
                                                               "first_date": "2015-08-06", "last_date": "2015-08-11"}


def test_a_statement_carried_by_several_outlets_names_them_in_the_terminal_and_in_json() -> None:
    from bot.render import answer_text
    from retrieval.answer import Citation, CopySource

    copies = (CopySource("a1", 2, None, "2015-08-05", "was", "https://spa.gov.sa/1"),
              CopySource("a2", 1, None, "2015-08-06", "okaz", None))
    cited = Citation(1, "قال الوزير", "a1", None, 2, 0.5, "2015-08-05", "was", "https://spa.gov.sa/1", copies)
    answer = Answer("ماذا قال الوزير؟", True, (cited,))
    assert "   ورد في 2 مصادر: was 2015-08-05، okaz 2015-08-06" in answer_text(answer)
    (line,) = json.loads(reply_json("ماذا قال الوزير؟", Answered(answer, understand_text("ماذا قال الوزير؟"))))["citations"]
    assert [s["source"] for s in line["sources"]] == ["was", "okaz"] and line["sources"][0]["url"] == "https://spa.gov.sa/1"
