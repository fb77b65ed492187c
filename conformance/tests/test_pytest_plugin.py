"""The pytest plugin: one line certifies envs, one test per (env, check).

Each test runs pytest for real in a subprocess on a throw-away test file, so the plugin is
loaded the way a plugin author's suite loads it (the ``pytest11`` entry point).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from gymkit_conformance.checks import CHECKS


def _run_pytest(tmp_path: Path, source: str, *args: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_certified.py").write_text(source)
    plugin: list[str] = []
    try:
        from importlib.metadata import entry_points

        names = {ep.name for ep in entry_points(group="pytest11")}
    except Exception:  # pragma: no cover - metadata unavailable
        names = set()
    if "gymkit_conformance" not in names:  # running from a source checkout, not installed
        plugin = ["-p", "gymkit_conformance.pytest_plugin"]
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA", *plugin, *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_certify_envs_makes_one_passing_test_per_check(tmp_path: Path) -> None:
    result = _run_pytest(
        tmp_path,
        "from gymkit_conformance.pytest_plugin import certify_envs\n"
        'test_conformance = certify_envs("gymkit_conformance.zoo:NoisyWalk", examples=10)\n',
        "--conformance-seed",
        "4",
    )
    assert result.returncode == 0, result.stdout[-2000:]
    # goal-env applies to goal envs only: skipped for NoisyWalk.
    assert f"{len(CHECKS) - 1} passed, 1 skipped" in result.stdout
    assert "gymkit_conformance.zoo:NoisyWalk::isolation" in result.stdout
    assert "Hypothesis seed 4" in result.stdout


def test_a_broken_env_fails_the_test_of_its_check(tmp_path: Path) -> None:
    result = _run_pytest(
        tmp_path,
        "from gymkit_conformance.pytest_plugin import certify_envs\n"
        "test_conformance = certify_envs(\n"
        '    "gymkit_conformance.zoo:InfoNotDict", checks=["reset-contract", "step-contract"]\n'
        ")\n",
        "--conformance-examples",
        "10",
    )
    assert result.returncode == 1
    assert "1 failed, 1 passed" in result.stdout
    assert "step-contract failed" in result.stdout and "info of type list" in result.stdout
    assert "counterexample: reset(seed=" in result.stdout


def test_an_empty_selection_fails_loudly(tmp_path: Path) -> None:
    result = _run_pytest(
        tmp_path,
        "from gymkit_conformance.pytest_plugin import certify_envs\n"
        'test_conformance = certify_envs(namespace="no-such-namespace")\n',
    )
    assert result.returncode == 1
    assert "selected no env" in result.stdout and "no-such-namespace" in result.stdout
