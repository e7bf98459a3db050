"""The layout docs/architecture.md draws, checked: index/ in rooms that import one way, small modules
and functions, one name per module, a command line that loads no index until a command needs it, and
the architecture page and the README in step with the code. Each checker is shown to catch a breach."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import ROOT, modules_loaded_by

PACKAGES = ("index", "retrieval", "bot")
MAX_TOP_LEVEL = 8
MAX_MODULE_LINES = 450
MAX_PROJECT_IMPORTS = 15
MAX_FUNCTION_LINES = 60
MAX_CLI_INDEX_MODULES = 10
MAX_README_LINES = 200
#: Each room of index/ and the rooms it may import (``errors`` is every room's); the reader opens them all.
ROOMS = {
    "text": {"errors"},
    "speech": {"text", "errors"},
    "encoder": {"errors"},
    "parts": {"text", "encoder", "errors"},
    "build": {"text", "speech", "encoder", "parts", "errors"},
    "reader": {"text", "speech", "encoder", "parts", "errors"},
}
#: Names every package may have: its package file, and its errors (STYLE.md: each package has an errors.py).
SHARED_NAMES = {"__init__", "errors"}
ARCHITECTURE = ROOT / "docs" / "architecture.md"
README = ROOT / "README.md"


def _modules() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def _name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _project_imports(source: str) -> set[str]:
    """The project modules (or packages) ``source`` imports, anywhere in it."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] in PACKAGES)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] in PACKAGES:
                found.add(node.module)
    return found


def _long_functions(source: str, limit: int = MAX_FUNCTION_LINES) -> dict[str, int]:
    """Each function of ``source`` longer than ``limit`` lines (decorators excluded), with its length."""
    return {
        node.name: node.end_lineno - node.lineno + 1
        for node in ast.walk(ast.parse(source))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 > limit
    }


def _room(module: str) -> str | None:
    """The room of an ``index`` module: its subpackage, ``reader`` or ``errors``; None for the package itself."""
    parts = module.split(".")
    return parts[1] if parts[0] == "index" and len(parts) > 1 else None


def _room_breaches(module: str, imports: set[str]) -> list[str]:
    """The imports of ``module`` that reach a room its own room may not import."""
    room = _room(module)
    if room not in ROOMS:
        return []
    return sorted(i for i in imports if _room(i) not in (None, room) and _room(i) not in ROOMS[room])


def test_index_has_a_few_rooms_and_no_more_than_eight_entries_at_its_top() -> None:
    top = [p for p in (ROOT / "index").iterdir() if p.suffix == ".py" or (p / "__init__.py").is_file()]
    assert len(top) <= MAX_TOP_LEVEL, sorted(p.name for p in top)
    rooms = {p.name for p in top if p.is_dir()}
    assert rooms == set(ROOMS) - {"reader"}


def test_the_rooms_of_index_import_one_way() -> None:
    breaches = {}
    for path in (ROOT / "index").rglob("*.py"):
        if found := _room_breaches(_name(path), _project_imports(path.read_text(encoding="utf-8"))):
            breaches[_name(path)] = found
    assert breaches == {}


def test_no_module_is_long_or_imports_too_many_project_modules() -> None:
    long = {_name(p): n for p in _modules() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    wide = {_name(p): n for p in _modules() if (n := len(_project_imports(p.read_text(encoding="utf-8")))) > MAX_PROJECT_IMPORTS}
    assert long == {} and wide == {}


def test_no_function_is_longer_than_sixty_lines() -> None:
    long = {_name(p): found for p in _modules() if (found := _long_functions(p.read_text(encoding="utf-8")))}
    assert long == {}


def test_no_two_modules_share_a_name() -> None:
    names = Counter(p.stem for p in _modules() if p.stem not in SHARED_NAMES)
    assert [name for name, count in names.items() if count > 1] == []


def test_the_checkers_catch_a_breach() -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(60))
    assert _long_functions(f"def long():\n{body}\n") == {"long": 61}
    assert _long_functions(f"def fits():\n{body[: body.rindex(chr(10))]}\n") == {}
    wide = "\n".join(f"import index.m{i}" for i in range(16))
    assert len(_project_imports(wide + "\nfrom retrieval.ranking.search import search\nimport numpy\n")) == 17
    assert _room_breaches("index.text.document", {"index.build.plan", "index.text.sentences", "index.errors"}) == [
        "index.build.plan"]
    assert _room_breaches("index.build.run", {"index.parts.store", "index.speech.people"}) == []
    assert _room_breaches("index.speech.people", {"index.parts.layout"}) == ["index.parts.layout"]


def test_importing_the_command_line_loads_few_index_modules_and_no_faiss() -> None:
    loaded = modules_loaded_by("import bot.cli", ["index", "faiss"])
    assert "faiss" not in loaded
    assert len(loaded) <= MAX_CLI_INDEX_MODULES, loaded
    assert not any(m.startswith(("index.build", "index.parts")) for m in loaded), loaded


def _documented_paths(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w/])((?:index|retrieval|bot)/[\w/]+\.py)\b", text))


def test_every_module_is_on_the_architecture_page_and_every_path_there_exists() -> None:
    documented = _documented_paths(ARCHITECTURE.read_text(encoding="utf-8"))
    modules = {str(p.relative_to(ROOT)) for p in _modules() if p.name != "__init__.py"}
    assert sorted(modules - documented) == [], "add these modules to docs/architecture.md"
    assert sorted(p for p in documented if not (ROOT / p).is_file()) == [], "docs/architecture.md names modules that are gone"


def test_the_readme_is_a_front_door() -> None:
    assert len(README.read_text(encoding="utf-8").splitlines()) <= MAX_README_LINES


def test_the_readme_states_the_number_of_tests_there_are() -> None:
    stated = re.findall(r"([\d,]+) tests\b", README.read_text(encoding="utf-8"))
    assert len(set(stated)) == 1, f"the README should state the test count once, as 'N tests': {stated}"
    collected = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
                               cwd=ROOT, capture_output=True, text=True, check=True).stdout
    total = int(re.search(r"(\d+) tests? collected", collected).group(1))
    assert int(stated[0].replace(",", "")) == total, f"the README says {stated[0]} tests; pytest collects {total}"


@pytest.mark.parametrize("text", ["`index/text/normalize.py` and index/build/run.py", "see bot/telegram/html.py."])
def test_the_architecture_checker_reads_module_paths(text: str) -> None:
    assert _documented_paths(text) and all(p.endswith(".py") for p in _documented_paths(text))


def test_the_architecture_checker_does_not_read_test_paths_as_modules() -> None:
    assert _documented_paths("`tests/index/build/test_damage.py` corrupts each; see index/build/caches.py") == {
        "index/build/caches.py"}
