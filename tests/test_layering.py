"""Imports go one way: bot → retrieval → index; front ends use only index's public surface; the
query side of retrieval never imports its evaluation subpackage (retrieval.evaluation scores the
query side, not the other way round)."""

from __future__ import annotations

import ast
from collections.abc import Collection
from pathlib import Path

import pytest

from tests.conftest import ROOT, modules_loaded_by

FORBIDDEN = {"index": {"retrieval", "bot"}, "retrieval": {"bot"}, "bot": set()}
EVALUATION = "retrieval.evaluation"


def _imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_backward_imports(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imported_packages(path) & FORBIDDEN[package])
        for path in (ROOT / package).rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _module_imports(path: Path, modules: set[str]) -> set[str]:
    """The project modules ``path`` imports anywhere (at the top or inside a function)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module in modules:
                found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in modules)
    return found


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of ``graph`` (module -> imported modules), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        stack.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                return stack[stack.index(target):] + [target]
            if target not in state and (found := visit(target)):
                return found
        state[module] = 2
        stack.pop()
        return None

    for module in sorted(graph):
        if module not in state and (found := visit(module)):
            return found
    return None


def _project_paths() -> list[Path]:
    return [p for package in FORBIDDEN for p in (ROOT / package).rglob("*.py")]


def test_no_module_imports_itself_through_others() -> None:
    paths = _project_paths()
    modules = {_module_name(p) for p in paths}
    graph = {_module_name(p): _module_imports(p, modules) - {_module_name(p)} for p in paths}
    assert _cycle(graph) is None


def _is_evaluation(module: str) -> bool:
    return module == EVALUATION or module.startswith(EVALUATION + ".")


def _evaluation_imports(path: Path, modules: set[str]) -> list[str]:
    """The evaluation modules ``path`` imports, in any form (``import``, ``from``, inside a function)."""
    return sorted(m for m in _module_imports(path, modules) if _is_evaluation(m))


def _query_paths() -> list[Path]:
    """The modules of the answering side: retrieval/ but for retrieval/evaluation/."""
    return [p for p in (ROOT / "retrieval").rglob("*.py") if not _is_evaluation(_module_name(p))]


def test_query_modules_do_not_import_evaluation() -> None:
    modules = {_module_name(p) for p in _project_paths()}
    offenders = {str(p.relative_to(ROOT)): _evaluation_imports(p, modules) for p in _query_paths()}
    assert {k: v for k, v in offenders.items() if v} == {}


@pytest.mark.parametrize(
    "source",
    [
        "import retrieval.evaluation.metrics",
        "from retrieval.evaluation.squad import load_squad",
        "from retrieval.evaluation import suites",
        "from retrieval import evaluation",
        "def score():\n    from retrieval.evaluation.devset import score_answer\n",
    ],
)
def test_the_evaluation_check_catches_an_import(tmp_path: Path, source: str) -> None:
    modules = {_module_name(p) for p in _project_paths()}
    path = tmp_path / "query.py"
    path.write_text(source, encoding="utf-8")
    assert _evaluation_imports(path, modules)
    path.write_text("from retrieval.engine import Engine\nimport retrieval.ranking.search\n", encoding="utf-8")
    assert _evaluation_imports(path, modules) == []


def test_the_evaluation_check_covers_the_query_modules_only() -> None:
    names = {_module_name(p) for p in _query_paths()}
    assert {"retrieval.answer", "retrieval.engine", "retrieval.ranking.search", "retrieval.conversation"} <= names
    assert not any(_is_evaluation(n) for n in names)
    assert "retrieval.evaluation.suites" in {_module_name(p) for p in _project_paths()}


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_packages_are_real_packages() -> None:
    assert all((ROOT / package / "__init__.py").is_file() for package in FORBIDDEN)


def _reaches_into_index(source: str, public: Collection[str]) -> list[str]:
    """Each import in ``source`` that uses ``index`` other than as ``from index import <public name>``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if a.name.split(".")[0] == "index"]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("index."):
                found.append(f"from {node.module} import {', '.join(a.name for a in node.names)}")
            elif node.module == "index":
                found += [f"from index import {a.name}" for a in node.names if a.name not in public]
    return found


def test_front_ends_import_only_the_public_names_of_index() -> None:
    import index

    offenders = {
        str(path.relative_to(ROOT)): found
        for path in (ROOT / "bot").rglob("*.py")
        if (found := _reaches_into_index(path.read_text(encoding="utf-8"), index.__all__))
    }
    assert offenders == {}, "import these from `index` (add the name to index.__all__ if bot/ really needs it)"


def test_the_front_end_checker_finds_a_reach_into_index() -> None:
    source = "import index\nfrom index.store import SentenceStore\nfrom index import build_index, analyze\n"
    assert _reaches_into_index(source, ["build_index"]) == [
        "import index",
        "from index.store import SentenceStore",
        "from index import analyze",
    ]
    assert _reaches_into_index("from index import build_index\nfrom retrieval.engine import Engine\n",
                               ["build_index"]) == []


def test_every_public_name_of_index_resolves() -> None:
    import index

    assert index.__all__ and all(getattr(index, name).__name__ == name for name in index.__all__)


def test_importing_index_loads_none_of_its_submodules() -> None:
    assert modules_loaded_by("import index", ["index"]) == ["index"]


def test_importing_the_cli_loads_no_model_library() -> None:
    # The cold `isnad ask` is measured at about 0.9 s because it never imports torch or sentence-transformers.
    assert modules_loaded_by("import index, bot.cli") == []
