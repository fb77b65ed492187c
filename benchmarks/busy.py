"""A CPU-heavy synthetic env, written for gymkit and for Gymnasium alike, to measure parallelism.

Each step burns a fixed amount of pure-Python arithmetic (``work`` iterations), the way a
simulator written in Python does, so process-parallel vector envs have something to spread.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def _burn(work: int, x: float) -> float:
    for i in range(work):
        x = (x * 1.000001 + i) % 1000.0
    return x


class _BusyCore:
    """The shared dynamics: a scalar state nudged by the action; 200-step episodes."""

    def __init__(self, work: int) -> None:
        self.work = work
        self.x = 0.0
        self.t = 0
        self.obs = np.zeros(1, dtype=np.float32)

    def reset(self) -> np.ndarray:
        self.x, self.t = 0.0, 0
        self.obs[0] = 0.0
        return self.obs.copy()

    def step(self, action: Any) -> tuple[np.ndarray, float, bool]:
        self.x = _burn(self.work, self.x + int(action))
        self.t += 1
        self.obs[0] = self.x / 1000.0
        return self.obs.copy(), 1.0, self.t >= 200


def _gymkit_env() -> type:
    import gymkit
    from gymkit import spaces

    class BusyEnv(gymkit.Env):
        metadata = {"render_modes": []}

        def __init__(self, work: int = 20_000) -> None:
            self.core = _BusyCore(work)
            self.action_space = spaces.Discrete(2)
            self.observation_space = spaces.Box(0.0, 1.0, (1,), np.float32)

        def reset(self, *, seed=None, options=None):
            super().reset(seed=seed)
            return self.core.reset(), {}

        def step(self, action):
            obs, reward, done = self.core.step(action)
            return obs, reward, done, False, {}

    return BusyEnv


def _gymnasium_env() -> type:
    import gymnasium

    class GymnasiumBusyEnv(gymnasium.Env):
        metadata = {"render_modes": []}

        def __init__(self, work: int = 20_000) -> None:
            self.core = _BusyCore(work)
            self.action_space = gymnasium.spaces.Discrete(2)
            self.observation_space = gymnasium.spaces.Box(0.0, 1.0, (1,), np.float32)

        def reset(self, *, seed=None, options=None):
            super().reset(seed=seed)
            return self.core.reset(), {}

        def step(self, action):
            obs, reward, done = self.core.step(action)
            return obs, reward, done, False, {}

    return GymnasiumBusyEnv


def make_gymkit_busy(work: int = 20_000) -> Any:
    """A gymkit BusyEnv (picklable factory for worker processes)."""
    return _gymkit_env()(work)


def make_gymnasium_busy(work: int = 20_000) -> Any:
    """A Gymnasium BusyEnv (picklable factory for worker processes)."""
    return _gymnasium_env()(work)
