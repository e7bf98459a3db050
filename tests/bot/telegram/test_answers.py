"""End to end in a private chat: the real PTB Application against the fake Bot API server."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.settings import Settings
from bot.wiring import engine_from_settings
from index.build.run import BuildOptions, build_index
from retrieval.engine import Engine
from tests.bot.conftest import KERRY, RunningBot, running_bot, starts_arabic
from tests.bot.telegram.fake_bot_api import BotMessage, FakeBotApi
from tests.bot.telegram.telegram_html import utf16_len
from tests.conftest import fake_encoder

ARABIC = re.compile(r"[\u0600-\u06ff]")


def citation_lines(message: BotMessage) -> list[str]:
    return re.findall(r"^— .+، الجملة \d+(?: \(.+\))?$", message.text, flags=re.MULTILINE)


def data_of(message: BotMessage, label: str) -> str:
    return next(data for text, data in message.buttons if text == label)


async def test_commands_menu_is_registered_in_arabic(bot: RunningBot) -> None:
    names = [c["command"] for c in bot.api.commands]
    assert names == ["start", "help", "ask", "stats", "sources"]
    assert all(ARABIC.search(c["description"]) for c in bot.api.commands)


@pytest.mark.parametrize("command", ["/start", "/help"])
async def test_start_and_help_explain_the_corpus_and_citations(bot: RunningBot, seed_engine: Engine, command: str) -> None:
    reply = await bot.ask(command)
    stats = seed_engine.stats()
    assert starts_arabic(reply)
    assert f"{stats.articles} من المقالات" in reply.text and f"{stats.sentences} من الجمل" in reply.text
    assert KERRY in reply.text and "ماذا قال لافروف؟" in reply.text
    assert "«السياق»" in reply.text and "«المصدر»" in reply.text and "@isnad_test_bot" in reply.text
    assert ("أهلاً" in reply.text) == (command == "/start")


async def test_question_gets_numbered_cited_sentences_in_bold(bot: RunningBot, seed_engine: Engine) -> None:
    reply = await bot.ask(KERRY)
    expected = seed_engine.answer(KERRY, 5)
    assert starts_arabic(reply) and reply.reply_to is None
    for citation in expected.citations:
        assert f"{citation.rank}. {citation.text}" in reply.text
        assert f"— {citation.title or citation.doc_id}، الجملة {citation.sentence}" in reply.text
    assert len(citation_lines(reply)) == len(expected.citations) == 5
    assert {"كيري", "كيرى"} & set(reply.bold()), reply.bold()
    assert "كيري" in expected.citations[0].text or "كيرى" in expected.citations[0].text


async def test_buttons_name_a_thread_not_the_question(bot: RunningBot) -> None:
    reply = await bot.ask(KERRY)
    labels = [label for label, _ in reply.buttons]
    assert labels[:4] == ["السياق 1", "المصدر 1", "السياق 2", "المصدر 2"] and labels[-1] == "المزيد"
    assert all(len(data.encode()) <= 64 and "كيري" not in data for _, data in reply.buttons)


async def test_more_edits_the_same_message_with_the_next_page(bot: RunningBot, seed_engine: Engine) -> None:
    reply = await bot.ask(KERRY)
    query = bot.api.press(reply, data_of(reply, "المزيد"))
    await bot.api.until(lambda: reply.edits == 1)
    page2 = seed_engine.answer(KERRY, 5, offset=5)
    assert reply.text.startswith("المزيد عن:") and f"6. {page2.citations[0].text}" in reply.text
    assert "السياق 6" in [label for label, _ in reply.buttons]
    assert len(bot.api.messages_to(1001)) == 1
    await bot.api.until(lambda: any(c.params["callback_query_id"] == query for c in bot.api.calls_to("answerCallbackQuery")))


async def test_a_double_press_pages_once(bot: RunningBot) -> None:
    reply = await bot.ask(KERRY)
    more = data_of(reply, "المزيد")
    bot.api.press(reply, more)
    bot.api.press(reply, more)
    await bot.api.until(lambda: len([c for c in bot.api.calls_to("answerCallbackQuery") if c.ok]) == 2)
    assert reply.edits == 1 and reply.text.startswith("المزيد عن:") and "\n\n6. " in reply.text


async def test_context_shows_the_sentence_among_its_neighbours(bot: RunningBot, seed_engine: Engine) -> None:
    reply = await bot.ask(KERRY)
    bot.api.press(reply, data_of(reply, "السياق 1"))
    context = (await bot.api.wait_for_messages(1001, 2))[1]
    cited = seed_engine.answer(KERRY, 5).citations[0]
    around = seed_engine.neighbours(cited.doc_id, cited.sentence, 2)
    assert context.text.startswith("سياق الاستشهاد 1") and context.reply_to == reply.message_id
    assert all(f"{s.position}. {s.text}" in context.text for s in around)
    assert f"{cited.sentence}. {cited.text}" in context.bold()
    assert f"◀ {cited.sentence}. " in context.text
    await bot.api.until(lambda: bot.api.calls_to("answerCallbackQuery"))


async def test_source_gives_article_and_sentence(bot: RunningBot, seed_engine: Engine) -> None:
    reply = await bot.ask(KERRY)
    bot.api.press(reply, data_of(reply, "المصدر 2"))
    source = (await bot.api.wait_for_messages(1001, 2))[1]
    cited = seed_engine.answer(KERRY, 5).citations[1]
    assert source.text.startswith("مصدر الاستشهاد 2")
    assert f"المقال: {cited.doc_id}، الجملة {cited.sentence} من " in source.text


async def test_nothing_relevant_gets_a_clear_not_found(bot: RunningBot) -> None:
    reply = await bot.ask("ما هي عاصمة الأرجنتين؟")
    assert reply.text.startswith("لم أجد") and "جرّب" in reply.text
    assert reply.buttons == [] and not re.search(r"^\d+\. ", reply.text, flags=re.MULTILINE)


@pytest.mark.parametrize("question", ["<b>كيري</b> & لافروف", "<i>ماذا قال كيري</i> &amp; لافروف <", "ماذا قال كيري؟ <> & &lt;"])
async def test_markup_typed_by_a_user_is_shown_as_text(bot: RunningBot, question: str) -> None:
    reply = await bot.ask(question)
    assert f"«{question}»" in reply.text
    assert reply.bold()[0] == "الجواب عن:"


async def test_typed_follow_ups_use_the_latest_question(bot: RunningBot) -> None:
    await bot.ask(KERRY)
    more = await bot.ask("المزيد")
    assert more.text.startswith("المزيد عن:") and "\n\n6. " in more.text
    context = await bot.ask("السياق 2")
    assert context.text.startswith("سياق الاستشهاد 2")
    nothing = await bot.ask("المصدر 99")
    assert nothing.text.startswith("لا يوجد استشهاد")


async def test_state_survives_a_restart(api: FakeBotApi, seed_engine: Engine, tmp_path: Path) -> None:
    async with running_bot(api, seed_engine, tmp_path) as first:
        reply = await first.ask(KERRY)
    async with running_bot(api, seed_engine, tmp_path) as second:
        api.press(reply, data_of(reply, "المزيد"))
        await second.api.until(lambda: reply.edits == 1)
    assert reply.text.startswith("المزيد عن:")


@pytest.fixture(scope="module")
def long_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """An index whose sentences about Kerry are each far longer than a message can hold."""
    folder = tmp_path_factory.mktemp("long")
    with (folder / "long.jsonl").open("w", encoding="utf-8") as out:
        for n in range(12):  # twelve statements, not copies of one (retrieval.ranking.copies would cite those once)
            filler = " ".join(f"وأضاف المسؤول {n}{i} أن المحادثات {i}{n} مستمرة" for i in range(120))
            record = {"id": f"long-{n}", "title": f"مقال طويل <{n}> & عنوان", "text": f"قال كيري {n} {filler}."}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    index_dir = folder / "index"
    build_index([folder / "long.jsonl"], index_dir, fake_encoder(), BuildOptions(progress=False))
    return engine_from_settings(Settings(_env_file=None, index_dir=index_dir, search_mode="lexical"))


async def test_a_long_answer_is_trimmed_cleanly_under_the_limit(api: FakeBotApi, long_engine: Engine, tmp_path: Path) -> None:
    async with running_bot(api, long_engine, tmp_path, top_k=10, search_mode="lexical") as bot:
        reply = await bot.ask(KERRY)
    assert utf16_len(reply.text) <= 4096
    assert len(citation_lines(reply)) == 10 and reply.text.count("…") >= 10
    assert "— مقال طويل <0> & عنوان، الجملة 1" in reply.text
    assert all(line.startswith(f"{n}. قال كيري") for n, line in enumerate(re.findall(r"^\d+\. .*$", reply.text, re.M), 1))


async def test_an_unexpected_error_gets_a_short_apology_and_a_logged_traceback(
    api: FakeBotApi, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = engine_from_settings(Settings(_env_file=None, index_dir=tmp_path / "missing", search_mode="lexical"))
    async with running_bot(api, broken, tmp_path, search_mode="lexical") as bot:
        reply = await bot.ask(KERRY)
    assert reply.text.startswith("عذراً، حدث خطأ")
    errors = [r for r in caplog.records if r.name == "bot.telegram.handlers" and r.levelname == "ERROR"]
    assert errors and errors[0].exc_info and "No index in" in str(errors[0].exc_info[1])


async def test_elliptical_follow_up_lists_the_new_speaker(bot: RunningBot, seed_engine: Engine) -> None:
    kerry = await bot.ask(KERRY)
    assert {"000_b30e27f7553fe46c", "001_19e06f0813bb1063"} <= {
        c.doc_id for c in seed_engine.answer(KERRY, 5).citations
    }
    assert "قال جون كيرى" in kerry.text and "وقال كيري 'التقيت" in kerry.text
    lavrov = await bot.ask("ولافروف؟")
    assert starts_arabic(lavrov) and "«ولافروف؟»" in lavrov.text
    numbered = re.findall(r"^\d+\. (.+)$", lavrov.text, flags=re.MULTILINE)
    assert numbered and all("لافروف" in line or line.startswith("وقال '") for line in numbered)
