"""RandomAgent: the baseline every learner must beat."""

from __future__ import annotations

from typing import Any

from gymkit.core import Env
from gymkit.spaces import Space

__all__ = ["RandomAgent"]


class RandomAgent:
    """Acts uniformly at random in ``action_space`` (seeded by ``seed`` for reproducibility).

    ``act(observation)`` ignores the observation and returns ``action_space.sample()``.
    """

    def __init__(self, action_space: Space[Any], seed: int | None = None) -> None:
        self.action_space = action_space
        self.action_space.seed(seed)

    @classmethod
    def for_env(cls, env: Env[Any, Any], seed: int | None = None) -> RandomAgent:
        """A random agent acting in ``env``'s action space."""
        return cls(env.action_space, seed=seed)

    def act(self, observation: Any) -> Any:
        """A uniformly random action."""
        return self.action_space.sample()
