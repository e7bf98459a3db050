"""``isnad bot``: one-line errors for bad settings, and a real run as a subprocess."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from tests.bot.conftest import KERRY, TOKEN
from tests.bot.telegram.fake_bot_api import FakeBotApi
from tests.conftest import ROOT


@pytest.fixture(autouse=True)
def no_dotenv(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No .env from the developer's checkout."""
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({}, "ISNAD_TELEGRAM_TOKEN is not set"),
        ({"ISNAD_TELEGRAM_TOKEN": "not-a-token"}, "ISNAD_TELEGRAM_TOKEN does not look like a bot token"),
        ({"ISNAD_TELEGRAM_TOKEN": TOKEN, "ISNAD_TELEGRAM_MODE": "webhook"}, "ISNAD_TELEGRAM_WEBHOOK_URL"),
        (
            {"ISNAD_TELEGRAM_TOKEN": TOKEN, "ISNAD_TELEGRAM_MODE": "webhook",
             "ISNAD_TELEGRAM_WEBHOOK_URL": "https://bot.example.org/hook"},
            "ISNAD_TELEGRAM_WEBHOOK_SECRET",
        ),
        ({"ISNAD_TELEGRAM_MODE": "carrier-pigeon"}, "ISNAD_TELEGRAM_MODE"),
    ],
)
def test_bad_settings_are_one_line_errors(env: dict[str, str], named: str) -> None:
    result = CliRunner().invoke(main, ["bot"], env={"ISNAD_TELEGRAM_TOKEN": "", **env})
    assert result.exit_code == 1
    assert named in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output and "not-a-token" not in result.output


def test_a_missing_index_is_a_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["bot", "--index-dir", str(tmp_path / "none")], env={"ISNAD_TELEGRAM_TOKEN": TOKEN})
    assert result.exit_code == 1 and "Build one with: isnad index" in result.stderr


def bot_process(api: FakeBotApi, seed_index: Path, tmp_path: Path, token: str) -> subprocess.Popen[str]:
    """``isnad bot`` configured only by environment variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ISNAD_")}
    env.update({
        "ISNAD_TELEGRAM_TOKEN": token,
        "ISNAD_TELEGRAM_API_URL": api.base_url,
        "ISNAD_INDEX_DIR": str(seed_index),
        "ISNAD_SEARCH_MODE": "lexical",
        "ISNAD_TELEGRAM_STATE_DB": str(tmp_path / "state.sqlite"),
        "ISNAD_TELEGRAM_POLL_TIMEOUT": "20",
        "ISNAD_LOG_LEVEL": "DEBUG",
    })
    script = Path(sys.executable).with_name("isnad")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]
    return subprocess.Popen([*command, "bot"], cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)


def test_isnad_bot_answers_and_stops_on_sigterm(api: FakeBotApi, seed_index: Path, tmp_path: Path) -> None:
    process = bot_process(api, seed_index, tmp_path, TOKEN)
    try:
        api.wait_until(lambda: api.calls_to("getUpdates"), timeout=30)
        api.send_text(KERRY)
        reply = api.wait_until(lambda: api.messages_to(1001), timeout=30)[0]
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=15)
    finally:
        process.kill()
    assert reply.text.startswith(f"الجواب عن: «{KERRY}»") and "كيري" in "".join(reply.bold())
    assert process.returncode == 0 and "isnad bot: stopped" in stderr
    assert TOKEN.split(":")[1] not in stderr and "Traceback" not in stderr


def test_isnad_bot_with_a_rejected_token_says_so_in_one_line(api: FakeBotApi, seed_index: Path, tmp_path: Path) -> None:
    wrong = "987654321:WRONG-token-abcdefghijklmnopqrst"
    process = bot_process(api, seed_index, tmp_path, wrong)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 1
    assert stderr.strip().splitlines()[-1].startswith("Error: ISNAD_TELEGRAM_TOKEN was rejected by the Bot API")
    assert wrong.split(":")[1] not in stderr and "Traceback" not in stderr


def test_the_command_is_documented() -> None:
    docs = (ROOT / "docs" / "telegram.md").read_text(encoding="utf-8")
    from bot.settings import Settings

    for name in Settings.model_fields:
        if name.startswith("telegram_"):
            assert f"ISNAD_{name.upper()}" in docs, name


def test_a_busy_webhook_port_is_a_one_line_error(api: FakeBotApi, seed_index: Path, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        env = {
            "ISNAD_TELEGRAM_TOKEN": TOKEN, "ISNAD_TELEGRAM_API_URL": api.base_url, "ISNAD_INDEX_DIR": str(seed_index),
            "ISNAD_SEARCH_MODE": "lexical", "ISNAD_TELEGRAM_STATE_DB": str(tmp_path / "state.sqlite"),
            "ISNAD_TELEGRAM_MODE": "webhook", "ISNAD_TELEGRAM_WEBHOOK_URL": "https://bot.example.org/hook",
            "ISNAD_TELEGRAM_WEBHOOK_SECRET": "s3cret", "ISNAD_TELEGRAM_WEBHOOK_PORT": str(taken.getsockname()[1]),
        }
        result = CliRunner().invoke(main, ["bot"], env=env)
    assert result.exit_code == 1 and "ISNAD_TELEGRAM_WEBHOOK_PORT" in result.stderr
    assert "Traceback" not in result.output and api.webhook is None
