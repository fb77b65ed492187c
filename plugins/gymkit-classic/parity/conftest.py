"""Parity tests: gymkit's envs against Gymnasium's, used here only as a test oracle.

Run by the ``parity`` nox session, which installs Gymnasium; the ``tests`` session never does.
Each test puts both envs in the same state, applies the same actions and compares what comes
out. Helpers shared by the parity files are fixtures here.
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest

try:
    import gymnasium
except ImportError:  # pragma: no cover - the parity session always installs it
    # Without the oracle there is nothing to compare against: collect nothing here (a bare
    # `pytest` over the repo stays usable; the parity session, which installs Gymnasium, fails
    # loudly if it ever collects no test). Run them with `nox -s parity`.
    gymnasium = None
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
