"""The parity suite fails, loudly, where Gymnasium (its oracle) is absent, instead of silently
collecting nothing; an explicit opt-out skips it and says so. Runs the real suite's collection
in a fresh pytest process (this test session has no Gymnasium: it is never a dependency)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

PARITY = Path(__file__).resolve().parents[1] / "parity"
OPT_OUT = "GYMKIT_PARITY_OPTIONAL"

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("gymnasium") is not None,
    reason="Gymnasium is installed here (the parity session): the suite runs for real",
)


def _collect(**extra_env: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != OPT_OUT}
    env.update(extra_env)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            str(PARITY),
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=PARITY.parents[2],
        check=False,
    )


def test_without_gymnasium_the_parity_suite_fails_and_says_why() -> None:
    proc = _collect()
    output = proc.stdout + proc.stderr
    assert proc.returncode not in (0, 5), output  # 5 = "no tests collected"
    assert "the parity suite needs Gymnasium" in output, output
    assert "nox -s parity" in output and f"{OPT_OUT}=1" in output, output


def test_the_explicit_opt_out_skips_it_with_a_warning() -> None:
    proc = _collect(**{OPT_OUT: "1"})
    output = proc.stdout + proc.stderr
    assert proc.returncode == 5, output  # nothing collected, on purpose
    assert "the parity suite is skipped" in output, output
