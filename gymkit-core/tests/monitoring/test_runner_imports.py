"""The agent runner stands on its own: it never imports the ``gymkit`` command (no import
cycle between ``gymkit.cli`` and ``gymkit.agents.runner``)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

import gymkit.agents

# Imports the module registering an env that draws rgb_array frames only (so --render goes
# through HumanRendering), runs the runner with a window, and reports whether the gymkit command
# got imported.
RENDERED_RUN = """
import sys

import {module}

from gymkit.agents.runner import make_for_run, run_agent
from gymkit.wrappers import HumanRendering

with make_for_run("{env_id}", render=True) as env:
    assert isinstance(env, HumanRendering), env
assert run_agent("{env_id}", "random", seed=0, episodes=2, render=True) == 0
print("gymkit.cli imported:", "gymkit.cli" in sys.modules)
"""


def _imported_modules(path: Path) -> set[str]:
    """Every module an ``import`` statement of ``path`` names (at any depth)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_agents_module_imports_the_cli():
    package = Path(gymkit.agents.__file__).parent
    offenders = {
        path.name: sorted(n for n in _imported_modules(path) if n.startswith("gymkit.cli"))
        for path in sorted(package.glob("*.py"))
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_importing_the_runner_leaves_the_cli_unimported():
    code = (
        "import sys, gymkit.agents.runner as runner\n"
        "assert callable(runner.make_for_run)\n"
        "print('gymkit.cli' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


@pytest.mark.xvfb
def test_a_rendered_run_works_without_the_cli(tmp_path, fast_frames_module, virtual_display):
    fast = fast_frames_module
    script = tmp_path / "rendered_run.py"
    script.write_text(RENDERED_RUN.format(module=fast.module, env_id=fast.env_id))
    environment = {**os.environ, "DISPLAY": virtual_display, "PYTHONPATH": str(fast.directory)}
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, env=environment
    )
    assert done.returncode == 0, done.stderr
    assert f"random agent on {fast.env_id}" in done.stdout
    assert done.stdout.strip().endswith("gymkit.cli imported: False")
