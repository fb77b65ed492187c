"""``module:Class`` targets import from the current directory, as ``python -m`` and pytest do.

The real console scripts run in a temporary directory that holds the module; nothing puts that
directory on ``PYTHONPATH``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

MODULE = '''
"""An env of the user's own, in a module of the current directory."""

from gymkit_conformance.zoo import NoisyWalk


class MyEnv(NoisyWalk):
    """The zoo's correct env under the user's name."""
'''


def _run(script: str, *argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    executable = Path(sys.executable).parent / script
    if not executable.exists():
        pytest.skip(f"the {script} console script is not installed next to {sys.executable}")
    variables = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    variables["COLUMNS"] = "1000"  # no wrapping of long paths
    return subprocess.run(
        [str(executable), *argv],
        cwd=cwd,
        env=variables,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("script", ["gymkit", "gymkit-conformance"])
def test_check_certifies_a_class_in_a_module_of_the_current_directory(
    tmp_path: Path, script: str
) -> None:
    (tmp_path / "mymodule.py").write_text(MODULE)
    done = _run(
        script,
        "check",
        "mymodule:MyEnv",
        "--examples",
        "3",
        "--seed",
        "5",
        "--checks",
        "step-contract,reset-contract",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "MyEnv-v0" in done.stdout and "certified" in done.stdout
    assert "cannot import" not in done.stdout + done.stderr


def test_a_module_found_nowhere_names_the_current_directory_it_searched(tmp_path: Path) -> None:
    done = _run("gymkit-conformance", "check", "nosuchmodule_here:MyEnv", cwd=tmp_path)
    assert done.returncode == 2
    out = " ".join(done.stderr.split())  # errors go to stderr, nothing ran
    assert "cannot import 'nosuchmodule_here'" in out
    assert f"the current directory {tmp_path}" in out
