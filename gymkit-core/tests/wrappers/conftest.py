"""Small envs the wrapper tests build on (no dependence on the env families)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest

from gymkit.core import Env
from gymkit.spaces import Box, Discrete, Space


class CountingEnv(Env[np.ndarray, Any]):
    """Observation ``[start + t]`` where ``t`` counts steps since reset; reward ``t``.

    The episode terminates after ``episode_length`` steps (truncates instead with
    ``truncate=True``). Actions are recorded in :attr:`actions`. ``rgb_array`` frames are
    ``(4, 6, 3)`` filled with ``t``; ``ansi`` frames are ``"t=<t>"``.
    """

    metadata = {"render_modes": ["rgb_array", "ansi"], "render_fps": 50}

    def __init__(
        self,
        episode_length: int = 5,
        *,
        start: int = 1,
        truncate: bool = False,
        action_space: Space[Any] | None = None,
        render_mode: str | None = None,
    ) -> None:
        self.render_mode = self._check_render_mode(render_mode)
        self.episode_length = episode_length
        self.start = start
        self.truncate = truncate
        self.observation_space = Box(0.0, 10_000.0, shape=(1,), dtype=np.float32)
        self.action_space = Discrete(3) if action_space is None else action_space
        self.t = 0
        self.actions: list[Any] = []
        self.resets = 0

    def _obs(self) -> np.ndarray:
        return np.array([self.start + self.t], dtype=np.float32)

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        super().reset(seed=seed)
        self.t = 0
        self.resets += 1
        return self._obs(), {"reset_number": self.resets}

    def step(self, action: Any):
        self.t += 1
        self.actions.append(action)
        done = self.t >= self.episode_length
        return (
            self._obs(),
            float(self.t),
            done and not self.truncate,
            done and self.truncate,
            {"t": self.t},
        )

    def render(self) -> Any:
        if self.render_mode == "rgb_array":
            return np.full((4, 6, 3), self.t, dtype=np.uint8)
        if self.render_mode == "ansi":
            return f"t={self.t}"
        return None


class SpaceEnv(Env[Any, Any]):
    """Observations sampled from ``observation_space`` (reproducible through ``reset(seed=)``).

    Rewards come from ``rewards`` in order (cycled), else 1.0; episodes last ``episode_length``
    steps. The last observation is :attr:`last_obs`; actions go to :attr:`actions`.
    ``rgb_array`` renders the last observation when it is an image.
    """

    metadata = {"render_modes": ["rgb_array"], "render_fps": 30}

    def __init__(
        self,
        observation_space: Space[Any],
        action_space: Space[Any] | None = None,
        *,
        rewards: Sequence[float] | None = None,
        episode_length: int = 10,
        render_mode: str | None = None,
    ) -> None:
        self.render_mode = self._check_render_mode(render_mode)
        self.observation_space = observation_space
        self.action_space = Discrete(2) if action_space is None else action_space
        self.rewards = list(rewards) if rewards is not None else None
        self.episode_length = episode_length
        self.t = 0
        self.k = 0
        self.actions: list[Any] = []
        self.last_obs: Any = None

    def _sample(self) -> Any:
        self.observation_space.seed(int(self.np_random.integers(2**31)))
        self.last_obs = self.observation_space.sample()
        return self.last_obs

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        super().reset(seed=seed)
        self.t = 0
        return self._sample(), {}

    def step(self, action: Any):
        self.t += 1
        self.actions.append(action)
        if self.rewards:
            reward = self.rewards[self.k % len(self.rewards)]
            self.k += 1
        else:
            reward = 1.0
        return self._sample(), reward, self.t >= self.episode_length, False, {}

    def render(self) -> Any:
        if self.render_mode == "rgb_array":
            return np.asarray(self.last_obs)
        return None


class SequenceEnv(Env[np.ndarray, Any]):
    """Plays back fixed observations ``observations[0], [1], ...`` (reset gives index 0)."""

    metadata = {"render_modes": []}

    def __init__(self, observations: np.ndarray, low: float = -np.inf, high: float = np.inf):
        self.data = np.asarray(observations)
        self.observation_space = Box(low, high, shape=self.data.shape[1:], dtype=self.data.dtype)
        self.action_space = Discrete(2)
        self.i = 0

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        super().reset(seed=seed)
        self.i = 0
        return self.data[0], {}

    def step(self, action: Any):
        self.i += 1
        return self.data[self.i], 0.0, self.i == len(self.data) - 1, False, {}


@pytest.fixture(scope="session")
def counting_env() -> type[CountingEnv]:
    """The :class:`CountingEnv` class."""
    return CountingEnv


@pytest.fixture(scope="session")
def space_env() -> type[SpaceEnv]:
    """The :class:`SpaceEnv` class."""
    return SpaceEnv


@pytest.fixture(scope="session")
def sequence_env() -> type[SequenceEnv]:
    """The :class:`SequenceEnv` class."""
    return SequenceEnv
