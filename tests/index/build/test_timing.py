"""index.build.timing: a build's stages, each its own time, add up to the build and reach the report."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from index.build.run import BuildOptions, build_index
from index.build.timing import STAGES, StageTimer
from tests.conftest import SEEDS, fake_encoder


def test_every_stage_of_a_build_is_in_its_report_and_they_add_up_to_the_build(tmp_path: Path) -> None:
    started = time.perf_counter()
    report = build_index([SEEDS], tmp_path / "index", fake_encoder(), BuildOptions(progress=False))
    wall = time.perf_counter() - started
    assert list(report.stage_seconds) == list(STAGES)
    assert set(report.stage_cpu_seconds) == set(STAGES)
    assert 0 < sum(report.stage_seconds.values()) <= wall
    assert report.embedding_seconds >= report.stage_seconds["encoder"] + report.stage_seconds["embedding"] - 0.002
    assert report.manifest.encoder_engine == "sentence-transformers"
    assert "swap" in report.stage_seconds and report.manifest.stage_seconds.keys() <= set(STAGES)


def test_a_nested_stage_is_charged_to_itself_alone() -> None:
    ticks = iter([0.0, 1.0, 4.0, 4.5])  # embedding starts, encoder starts, encoder ends, embedding ends
    timer = StageTimer(wall_clock=lambda: next(ticks), cpu_clock=lambda: 0.0)
    with timer("embedding"):
        with timer("encoder"):
            pass
    assert timer.stages["encoder"].wall == 3.0
    assert timer.stages["embedding"].wall == 1.5
    assert timer.with_nested("embedding") == 4.5


def test_an_unknown_stage_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown build stage"):
        with StageTimer()("indexing"):
            pass
