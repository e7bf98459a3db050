"""One clock for a build's stages: wall-clock and CPU seconds, each stage its own ("self") time.

Stages nest (the encoder runs inside the embedding loop, preparing inside planning): a nested
stage's seconds are charged to it alone, so the stages of a build add up to the build and never
count twice. CPU time is the process's (``time.process_time``), threads of FAISS and BLAS included.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

__all__ = ["STAGES", "StageTime", "StageTimer"]

#: Every stage of a build, in build order, with what it covers.
STAGES = {
    "read": "reading and hashing every article, deciding what to copy from the previous build",
    "prepare": "boilerplate, splitting, analysis and speakers of new articles",
    "store": "the SQLite store of articles and sentences",
    "people": "the speaker registry",
    "bm25": "the BM25 term counts and index",
    "embedding": "the embedding loop: batching the new sentences",
    "encoder": "the encoder's own time",
    "cache": "the embedding cache on disk",
    "faiss": "the FAISS index",
    "swap": "records, manifest, the atomic swap and old builds removed",
}


@dataclass
class StageTime:
    """Seconds of one stage: its own wall and CPU time, its time with nested stages, and its calls."""

    wall: float = 0.0
    cpu: float = 0.0
    calls: int = 0
    wall_with_nested: float = 0.0


@dataclass
class _Frame:
    stage: str
    wall: float
    cpu: float
    inner_wall: float = 0.0
    inner_cpu: float = 0.0


class StageTimer:
    """``with timer("bm25"): ...`` charges the block's self time to that stage."""

    def __init__(self, wall_clock: Callable[[], float] = time.perf_counter,
                 cpu_clock: Callable[[], float] = time.process_time) -> None:
        self.stages: dict[str, StageTime] = {}
        self._stack: list[_Frame] = []
        self._wall, self._cpu = wall_clock, cpu_clock

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        if stage not in STAGES:
            raise ValueError(f"unknown build stage {stage!r}; add it to STAGES with what it covers")
        self._stack.append(_Frame(stage, self._wall(), self._cpu()))
        try:
            yield
        finally:
            self._leave()

    def _leave(self) -> None:
        frame = self._stack.pop()
        wall = self._wall() - frame.wall
        cpu = self._cpu() - frame.cpu
        spent = self.stages.setdefault(frame.stage, StageTime())
        spent.wall += wall - frame.inner_wall
        spent.cpu += cpu - frame.inner_cpu
        spent.wall_with_nested += wall
        spent.calls += 1
        if self._stack:
            self._stack[-1].inner_wall += wall
            self._stack[-1].inner_cpu += cpu

    def wall(self) -> dict[str, float]:
        """Each stage's own wall-clock seconds, in build order."""
        return {name: round(self.stages[name].wall, 3) for name in STAGES if name in self.stages}

    def cpu(self) -> dict[str, float]:
        """Each stage's own CPU seconds, in build order."""
        return {name: round(self.stages[name].cpu, 3) for name in STAGES if name in self.stages}

    def with_nested(self, stage: str) -> float:
        """A stage's wall-clock seconds with the stages nested in it (the embedding with its encoder)."""
        spent = self.stages.get(stage)
        return round(spent.wall_with_nested, 3) if spent else 0.0
