"""Rebuild the index while the bot keeps answering from the old one, then swap atomically.

The build runs in a worker thread and writes a new build directory; only when it is
complete does ``build_index`` swap the index symlink, and ``Engine.reload`` then opens the
new build (its encoder loaded first) and replaces the open index under a lock. Questions
asked meanwhile are answered from the old build, which stays readable on disk.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path

from bot.settings import Settings
from bot.wiring import build_from_settings
from index import BuildReport
from retrieval.engine import Engine

__all__ = ["Reindexer", "rebuild_from_settings"]

logger = logging.getLogger(__name__)


def rebuild_from_settings(settings: Settings, index_dir: Path) -> BuildReport:
    """Build ``index_dir`` from the configured corpus and encoder (blocking; seconds to minutes)."""
    return build_from_settings(settings, index_dir=index_dir)


class Reindexer:
    """Runs one rebuild at a time off the event loop and points the engine at the result."""

    def __init__(self, engine: Engine, build: Callable[[], BuildReport]) -> None:
        self.engine = engine
        self._build = build
        self._running = False

    @property
    def running(self) -> bool:
        """Whether a rebuild has been claimed and has not finished."""
        return self._running

    def claim(self) -> bool:
        """Reserve the right to rebuild; False when a rebuild is already under way."""
        if self._running:
            return False
        self._running = True
        return True

    def release(self) -> None:
        """Give up a claim without rebuilding."""
        self._running = False

    async def rebuild(self) -> BuildReport:
        """Build in a worker thread, then swap the engine to the new build; call after :meth:`claim`."""
        try:
            report = await asyncio.to_thread(self._build)
            await asyncio.to_thread(self.engine.reload)
            logger.info("Rebuilt the index: %d articles, %d sentences", report.articles, report.sentences)
            return report
        finally:
            self.release()
