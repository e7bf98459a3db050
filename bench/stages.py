"""Time a build's stages from outside: wrap the functions ``index.build.run`` calls, for one build.

Each wrapped call is charged its wall and CPU time *less* that of wrapped calls inside it
(as a profiler's "self" time), so the stages add up to the build and never count twice.
Nothing in the product changes: the wrappers are set on the classes and on ``index.build.run``'s
names for the length of a ``with`` block and removed after it. The build runs in one Python
thread; CPU time is the process's (``time.process_time``), threads of FAISS and BLAS included.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import index.build.run as build
import index.build.plan as plan
from index.build.caches import EmbeddingCache
from index.encoder.embed import Encoder
from index.parts.lexical import LexicalIndex
from index.speech.people import PeopleRegistry
from index.parts.termcounts import TermCounts
from index.parts.vectors import VectorIndex

__all__ = ["STAGES", "StageTime", "StageClock", "timed_stages"]

#: Stage name -> the (owner, attribute) pairs whose calls it is charged with, in build order.
STAGES: dict[str, tuple[tuple[Any, str], ...]] = {
    # reading and hashing every article, deciding what to copy from the previous build
    "read": ((build, "find_previous"), (build, "plan_build")),
    "prepare": ((plan, "prepare"),),  # boilerplate, splitting, analysis, speakers of new articles
    "store": ((build, "_write_store"),),
    "people": ((build, "_learn_people"), (PeopleRegistry, "save")),
    "bm25": ((build, "_assemble_counts"), (LexicalIndex, "build"), (TermCounts, "save")),
    "embed loop": ((build, "_embed_new"),),  # batching the new sentences
    "encoder": ((Encoder, "encode_documents"),),
    "cache": ((EmbeddingCache, "get_many"), (EmbeddingCache, "put_many"), (EmbeddingCache, "commit"),
              (EmbeddingCache, "close")),
    "faiss": ((build, "_assemble_vectors"), (VectorIndex, "save")),
    "swap": ((build, "write_records"), (build, "write_manifest"), (build, "_swap_in"), (build, "_clean_builds")),
}


@dataclass
class StageTime:
    """Seconds of one stage: wall and CPU, and how many calls they came from."""

    wall: float = 0.0
    cpu: float = 0.0
    calls: int = 0


@dataclass
class _Frame:
    stage: str
    wall: float
    cpu: float
    inner_wall: float = 0.0
    inner_cpu: float = 0.0


class StageClock:
    """Self time per stage of the wrapped calls made while it is installed."""

    def __init__(self) -> None:
        self.stages: dict[str, StageTime] = {name: StageTime() for name in STAGES}
        self._stack: list[_Frame] = []

    def wrap(self, stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """``function`` charging its self time to ``stage``."""

        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self._stack.append(_Frame(stage, time.perf_counter(), time.process_time()))
            try:
                return function(*args, **kwargs)
            finally:
                self._leave()

        return timed

    def _leave(self) -> None:
        frame = self._stack.pop()
        wall = time.perf_counter() - frame.wall
        cpu = time.process_time() - frame.cpu
        spent = self.stages[frame.stage]
        spent.wall += wall - frame.inner_wall
        spent.cpu += cpu - frame.inner_cpu
        spent.calls += 1
        if self._stack:
            self._stack[-1].inner_wall += wall
            self._stack[-1].inner_cpu += cpu


@contextmanager
def timed_stages() -> Iterator[StageClock]:
    """Install a :class:`StageClock` on the build's functions for the block; remove it after."""
    clock = StageClock()
    saved = []
    for stage, targets in STAGES.items():
        for owner, name in targets:
            original = owner.__dict__[name]
            wrapped = clock.wrap(stage, original.__func__ if isinstance(original, staticmethod) else original)
            saved.append((owner, name, original))
            setattr(owner, name, staticmethod(wrapped) if isinstance(original, staticmethod) else wrapped)
    try:
        yield clock
    finally:
        for owner, name, original in reversed(saved):
            setattr(owner, name, original)
