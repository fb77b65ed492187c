"""Fixtures of the algorithmic tests: every env class, and an oracle that solves an episode."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from gymkit_classic.algorithmic.copy_ import CopyEnv
from gymkit_classic.algorithmic.duplicated_input import DuplicatedInputEnv
from gymkit_classic.algorithmic.repeat_copy import RepeatCopyEnv
from gymkit_classic.algorithmic.reverse import ReverseEnv
from gymkit_classic.algorithmic.reversed_addition import ReversedAdditionEnv

ENV_CLASSES = {
    "Copy": CopyEnv,
    "RepeatCopy": RepeatCopyEnv,
    "DuplicatedInput": DuplicatedInputEnv,
    "Reverse": ReverseEnv,
    "ReversedAddition": ReversedAdditionEnv,
}


@pytest.fixture(params=sorted(ENV_CLASSES))
def env_class(request: pytest.FixtureRequest) -> type:
    """Each algorithmic env class in turn."""
    return ENV_CLASSES[request.param]


def _solve(env: Any, mistakes_at: int | None = None) -> float:
    """Play one episode (after reset) writing the target in order, moving the head right; write
    a wrong symbol at output index ``mistakes_at``. Returns the episode's return."""
    total = 0.0
    for index, symbol in enumerate(list(env.target)):
        if index == mistakes_at:
            symbol = (symbol + 1) % env.base
        _, reward, terminated, truncated, _ = env.step((1, 1, symbol))
        total += reward
        if terminated or truncated:
            break
    return total


@pytest.fixture(scope="session")
def solve() -> Callable[..., float]:
    """``solve(env, mistakes_at=None) -> return``: an oracle that writes the target."""
    return _solve
