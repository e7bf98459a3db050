"""Both build caches damaged every way: the served index answers as before and the next build as a clean one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index.build.run import BuildOptions, build_index
from index.parts.layout import ARTICLE_CACHE_NAME, CACHE_NAME
from tests.conftest import SEEDS
from tests.faults.damage import MODES, damage
from tests.faults.test_index_parts import ENCODER, answers


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("caches") / "work"
    build_index([SEEDS], work / "index", ENCODER, BuildOptions(progress=False, cache_path=work / "cache" / CACHE_NAME))
    return work


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("cache", [CACHE_NAME, ARTICLE_CACHE_NAME])
def test_a_damaged_cache_costs_work_never_an_answer(template: Path, tmp_path: Path, cache: str, mode: str) -> None:
    work = tmp_path / "work"
    shutil.copytree(template, work, symlinks=True)
    clean = answers(work / "index")
    damage(work / "cache" / cache, mode)
    assert answers(work / "index") == clean  # the served index never reads the caches
    # A new index directory over the same caches reads every entry from them.
    report = build_index([SEEDS], work / "other", ENCODER, BuildOptions(progress=False,
                                                                      cache_path=work / "cache" / CACHE_NAME))
    assert report.sentences == 65 and answers(work / "other") == clean
