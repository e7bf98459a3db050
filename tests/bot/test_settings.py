"""Settings: .env.example documents every field, and env/.env/constructor all work."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.settings import Settings
from tests.conftest import ROOT


def _example_names() -> list[str]:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    return re.findall(r"^ISNAD_([A-Z0-9_]+)=", text, flags=re.MULTILINE)


def test_env_example_lists_every_setting_once() -> None:
    names = _example_names()
    assert sorted(names) == sorted(n.upper() for n in Settings.model_fields)
    assert len(names) == len(set(names))


def test_every_setting_has_a_description_and_a_comment() -> None:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    for name, field in Settings.model_fields.items():
        assert field.description, name
        assert re.search(rf"^# .+\nISNAD_{name.upper()}=", text, flags=re.MULTILINE), name


def test_env_example_values_parse(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text((ROOT / ".env.example").read_text(encoding="utf-8"), encoding="utf-8")
    assert Settings() == Settings(_env_file=None)


def test_environment_overrides_dotenv(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("ISNAD_TOP_K=7\nISNAD_SEARCH_MODE=lexical\n", encoding="utf-8")
    monkeypatch.setenv("ISNAD_TOP_K", "3")
    settings = Settings()
    assert (settings.top_k, settings.search_mode) == (3, "lexical")


def test_constructor_overrides(tmp_path: Path) -> None:
    assert Settings(index_dir=tmp_path, _env_file=None).index_dir == tmp_path


def test_a_misspelt_setting_is_named_with_the_closest_one(tmp_path: Path) -> None:
    from bot.settings import unknown_keys

    env_file = tmp_path / ".env"
    env_file.write_text("# comment\nISNAD_SEARCH_MOD=lexical\nISNAD_TOP_K=3\n", encoding="utf-8")
    found = unknown_keys({"ISNAD_TOPK": "1", "ISNAD_INDEX_DIR": "x", "PATH": "/bin"}, env_file)
    assert found == [("ISNAD_SEARCH_MOD", "ISNAD_SEARCH_MODE"), ("ISNAD_TOPK", "ISNAD_TOP_K")]


def test_the_command_warns_about_a_misspelt_setting_and_a_dotenv_that_is_not_utf8(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from bot.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ISNAD_TOPK", "1")
    result = CliRunner().invoke(main, ["ask", "--help"])
    assert result.exit_code == 0 and "ISNAD_TOPK is not an Isnad setting" in result.stderr
    assert "did you mean ISNAD_TOP_K?" in result.stderr
    (tmp_path / ".env").write_bytes("# أسئلة\nISNAD_TOP_K=3\n".encode("cp1256"))
    result = CliRunner().invoke(main, ["ask", "ماذا قال كيري؟"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert ".env is not UTF-8" in result.stderr and "line 1" in result.stderr
