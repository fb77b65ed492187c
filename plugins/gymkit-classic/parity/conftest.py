"""Parity tests: gymkit's envs against Gymnasium's, used here only as a test oracle.

Run by the ``parity`` nox session, which installs Gymnasium; the ``tests`` session never does.
Each test puts both envs in the same state, applies the same actions and compares what comes
out. Helpers shared by the parity files are fixtures here.
"""

from __future__ import annotations

import os
import warnings
from typing import Any

import pytest

#: Set to 1 to let a run without Gymnasium skip this suite (it then collects nothing, and says so).
OPT_OUT = "GYMKIT_PARITY_OPTIONAL"

try:
    import gymnasium
except ImportError as exc:
    gymnasium = None
    if os.environ.get(OPT_OUT) != "1":
        # Without the oracle there is nothing to compare against; a suite that silently
        # collects nothing would look green. Fail the run instead, saying how to fix it.
        raise pytest.UsageError(
            f"the parity suite needs Gymnasium as its test oracle, but it is not installed "
            f"({exc}). Run it with `nox -s parity` (which installs Gymnasium), or install it "
            f"here (pip install 'gymnasium>=1.0,<2'); to skip the suite on purpose, set "
            f"{OPT_OUT}=1."
        ) from None
    warnings.warn(
        f"{OPT_OUT}=1 and Gymnasium is not installed: the parity suite is skipped",
        stacklevel=1,
    )
    collect_ignore_glob = ["test_*.py"]


def _oracle(env_id: str, **attributes: Any) -> Any:
    """Gymnasium's env ``env_id`` without wrappers, with ``attributes`` set on it."""
    assert gymnasium is not None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        env = gymnasium.make(env_id, disable_env_checker=True).unwrapped
    for name, value in attributes.items():
        setattr(env, name, value)
    return env


@pytest.fixture(scope="session")
def oracle() -> Any:
    """``oracle(env_id, **attributes)``: Gymnasium's bare env, attributes set."""
    return _oracle
