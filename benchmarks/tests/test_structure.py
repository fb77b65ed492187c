"""The harness's modules form no import cycle, each imports alone in a fresh interpreter, and
the catalogue gathers every case module's cases."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import catalogue

PACKAGE = Path(__file__).resolve().parents[1]
ROOT = PACKAGE.parent
MODULES = sorted(f"benchmarks.{p.stem}" for p in PACKAGE.glob("*.py") if p.stem != "__init__")


def _imports(module: str) -> set[str]:
    """The ``benchmarks.*`` modules ``module`` imports, anywhere in its source (also inside
    functions: a lazy import still closes a cycle)."""
    path = PACKAGE / f"{module.split('.', 1)[1]}.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "benchmarks":
                found |= {f"benchmarks.{alias.name}" for alias in node.names}
            elif node.module.startswith("benchmarks."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("benchmarks.")}
    return found & set(MODULES)


def test_no_import_cycle() -> None:
    graph = {module: _imports(module) for module in MODULES}
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            cycle = " -> ".join([*path[path.index(module) :], module])
            pytest.fail(f"import cycle among the benchmark modules: {cycle}")
        if module in done:
            return
        for imported in sorted(graph[module]):
            visit(imported, [*path, module])
        done.add(module)

    for module in MODULES:
        visit(module, [])
    assert "benchmarks.cases" not in graph["benchmarks.cases_atari"]
    assert "benchmarks.cases_atari" not in graph["benchmarks.cases"]


@pytest.mark.parametrize("module", MODULES)
def test_each_module_imports_alone(module: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, f"import {module} failed alone:\n{proc.stderr}"


def test_the_catalogue_gathers_every_case_module() -> None:
    names = [case.name for case in catalogue.all_cases()]
    assert len(names) == len(set(names))
    assert {"import", "step CartPole-v1", "sync CartPole x8", "step ALE/Pong-v5"} <= set(names)
    for module in catalogue.CASE_MODULES:
        assert module in MODULES


def test_a_case_name_defined_twice_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalogue, "CASE_MODULES", ("benchmarks.cases", "benchmarks.cases"))
    with pytest.raises(ValueError, match=r"'import' is defined by both benchmarks\.cases and"):
        catalogue.all_cases()
