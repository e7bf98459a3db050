"""bench.stages: a build's stages timed from outside, adding up to the build, and removed after."""

from __future__ import annotations

import time
from pathlib import Path

import index.build.run as build
from bench.stages import STAGES, timed_stages
from index.build.run import BuildOptions, build_index
from tests.conftest import SEEDS, fake_encoder


def test_stages_add_up_to_the_build_and_are_removed_after(tmp_path: Path) -> None:
    original = build.plan_build
    with timed_stages() as clock:
        started = time.perf_counter()
        build_index([SEEDS], tmp_path / "index", fake_encoder(), BuildOptions(progress=False))
        wall = time.perf_counter() - started
    assert build.plan_build is original
    assert {name for name, spent in clock.stages.items() if spent.calls} == set(STAGES)
    assert clock.stages["prepare"].calls == 5
    assert 0 < sum(s.wall for s in clock.stages.values()) <= wall
