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
except ImportError as exc:  # pragma: no cover - the parity session always installs it
    raise ImportError(
        "the parity tests need Gymnasium as an oracle: run them with `nox -s parity`, or "
        "install 'gymnasium>=1.0,<2' into a side environment (never into the dev venv)"
    ) from exc


def _oracle(env_id: str, **attributes: Any) -> Any:
    """Gymnasium's env ``env_id`` without wrappers, with ``attributes`` set on it."""
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
