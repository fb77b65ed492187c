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

# Registers an env that draws rgb_array frames only (so --render goes through HumanRendering),
# runs the runner with a window, and reports whether the gymkit command got imported.
RENDERED_RUN = """
import sys
import numpy as np
import gymkit
from gymkit.spaces import Box, Discrete


class FastFrames(gymkit.Env):
    metadata = {"render_modes": ["rgb_array"], "render_fps": 500}

    def __init__(self, render_mode=None):
        self.render_mode = self._check_render_mode(render_mode)
        self.observation_space = Box(0.0, 10.0, shape=(1,), dtype=np.float32)
        self.action_space = Discrete(2)
        self.t = 0

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        self.t = 0
        return np.zeros(1, np.float32), {}

    def step(self, action):
        self.t += 1
        return np.full(1, self.t, np.float32), 1.0, self.t >= 3, False, {}

    def render(self):
        return np.full((24, 32, 3), 40 * self.t, dtype=np.uint8)


gymkit.register("runnertest/FastFrames-v0", FastFrames)

from gymkit.agents.runner import make_for_run, run_agent
from gymkit.wrappers import HumanRendering

with make_for_run("runnertest/FastFrames-v0", render=True) as env:
    assert isinstance(env, HumanRendering), env
assert run_agent("runnertest/FastFrames-v0", "random", seed=0, episodes=2, render=True) == 0
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
def test_a_rendered_run_works_without_the_cli(tmp_path, virtual_display):
    script = tmp_path / "rendered_run.py"
    script.write_text(RENDERED_RUN)
    environment = {**os.environ, "DISPLAY": virtual_display}
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, env=environment
    )
    assert done.returncode == 0, done.stderr
    assert "random agent on runnertest/FastFrames-v0" in done.stdout
    assert done.stdout.strip().endswith("gymkit.cli imported: False")
