"""Outlets and dates in Telegram, against the fake Bot API: /sources, «المصادر», and each citation's outlet and date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.build.run import BuildOptions, build_index
from retrieval.engine import Engine
from retrieval.ranking.search import SearchOptions
from tests.bot.conftest import running_bot
from tests.bot.telegram.fake_bot_api import FakeBotApi
from tests.conftest import fake_encoder

ARTICLES = [
    {"id": "a1", "date": "2017-01-10T09:00:00+01:00", "source": "وات", "url": "https://example.tn/a1",
     "text": "وقال وزير الفلاحة إن إصلاح قطاع الحبوب يبدأ هذا العام."},
    {"id": "a2", "date": "12/05/2017", "source": "الصباح", "text": "وقال وزير الفلاحة إن إصلاح قطاع الحبوب تأخر."},
    {"id": "a3", "date": "2016-08-03", "source": "وات", "text": "وقال وزير الفلاحة إن إصلاح قطاع الحبوب ضروري."},
]


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    build_index([corpus], tmp_path / "index", fake_encoder(), BuildOptions(progress=False))
    return Engine(tmp_path / "index", options=SearchOptions(mode="lexical"))  # no encoder: a lexical engine


async def test_sources_lists_each_outlet_with_its_articles_and_dates(api: FakeBotApi, engine: Engine,
                                                                   tmp_path: Path) -> None:
    async with running_bot(api, engine, tmp_path / "state") as bot:
        listed = await bot.ask("/sources")
        typed = await bot.ask("المصادر")
    assert listed.text.startswith("المصادر المفهرسة")
    assert "• وات: 2 مقالة (من \u20662016/08/03\u2069 إلى \u20662017/01/10\u2069)" in listed.text
    assert "• الصباح: 1 مقالة" in listed.text and typed.text == listed.text


async def test_a_scoped_question_cites_its_outlet_and_period_with_their_dates(api: FakeBotApi, engine: Engine,
                                                                            tmp_path: Path) -> None:
    async with running_bot(api, engine, tmp_path / "state", search_mode="lexical") as bot:
        reply = await bot.ask("حسب وات، ماذا قال وزير الفلاحة عن إصلاح الحبوب في 2017؟")
    assert "(وات، \u20662017/01/10\u2069)" in reply.text
    assert "2016/08/03" not in reply.text and "الصباح" not in reply.text


async def test_a_statement_in_several_outlets_is_one_citation_naming_every_source(api: FakeBotApi,
                                                                                tmp_path: Path) -> None:
    statement = "وقال وزير الصحة إن الوزارة ستفتح عشرة مستشفيات جديدة في المناطق الداخلية قبل نهاية العام"
    records = [{"id": f"c{n}", "source": source, "date": "2015-08-06", "url": f"https://example.sa/{n}",
                "text": f"{statement}{'، حسب بيان رسمي' if source == 'واس' else ''}."}
               for n, source in enumerate(["عكاظ", "الرياض", "واس", "الوطن"])]
    corpus = tmp_path / "copies.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    build_index([corpus], tmp_path / "index", fake_encoder(), BuildOptions(progress=False))
    engine = Engine(tmp_path / "index", options=SearchOptions(mode="lexical"))
    async with running_bot(api, engine, tmp_path / "state", search_mode="lexical") as bot:
        reply = await bot.ask("ماذا قال وزير الصحة عن المستشفيات الجديدة؟")
    assert reply.text.count("عشرة مستشفيات") == 1 and "حسب بيان رسمي" in reply.text  # once, the fullest
    assert "ورد في 4 مصادر: واس \u20662015/08/06\u2069" in reply.text
    assert all(outlet in reply.text for outlet in ("عكاظ", "الرياض", "الوطن"))
    assert '<a href="https://example.sa/0">عكاظ</a>' in reply.html
