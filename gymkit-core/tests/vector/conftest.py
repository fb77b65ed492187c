"""Small real envs for the vector tests.

The envs are plain :class:`gymkit.Env` subclasses with short, seed-dependent episodes and
non-empty infos, so autoreset, info batching and seeding are all visible in a few steps.
"""

from __future__ import annotations

import os
import signal
import time
from typing import Any

import numpy as np
import pytest

from gymkit.core import Env


class CountingEnv(Env[np.ndarray, int]):
    """Observation ``[steps, start]`` (float32); ``start`` is drawn uniformly in [0, 1) at reset.

    Action ``Discrete(3)``; reward ``action + start``; the episode terminates after ``length``
    steps when ``terminate`` is set, else it is truncated then. Info ``{"steps": int, "start":
    float}`` on steps, ``{"reset": True}`` on resets.
    """

    metadata = {"render_modes": ["rgb_array"], "render_fps": 10}

    def __init__(
        self, length: int = 3, terminate: bool = True, render_mode: str | None = None
    ) -> None:
        from gymkit.spaces import Box, Discrete

        self.length = length
        self.terminate = terminate
        self.render_mode = self._check_render_mode(render_mode)
        self.observation_space = Box(-np.inf, np.inf, shape=(2,), dtype=np.float32)
        self.action_space = Discrete(3)
        self.steps = 0
        self.start = 0.0
        self.closed_count = 0
        self.greeting = "hello"

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict[str, Any]]:
        super().reset(seed=seed)
        self.steps = 0
        self.start = float(self.np_random.uniform())
        if options and "start" in options:
            self.start = float(options["start"])
        return self._obs(), {"reset": True}

    def step(self, action: int) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        if not self.action_space.contains(action):
            raise ValueError(f"bad action {action!r}")
        self.steps += 1
        ended = self.steps >= self.length
        info = {"steps": self.steps, "start": self.start}
        return (
            self._obs(),
            float(action) + self.start,
            ended and self.terminate,
            ended and not self.terminate,
            info,
        )

    def _obs(self) -> np.ndarray:
        return np.array([self.steps, self.start], dtype=np.float32)

    def render(self) -> np.ndarray:
        return np.full((2, 3, 3), self.steps, dtype=np.uint8)

    def close(self) -> None:
        self.closed_count += 1

    def add(self, a: int, b: int = 0) -> int:
        return a + b + self.steps


class FaultyEnv(CountingEnv):
    """A CountingEnv that misbehaves on purpose at step ``fault_step``: ``fault`` is ``"raise"``
    (ValueError), ``"kill"`` (SIGKILL to its own process), ``"exit"`` (``os._exit(3)``) or
    ``"hang"`` (sleeps for ``hang_seconds``)."""

    def __init__(self, fault: str = "raise", fault_step: int = 2, hang_seconds: float = 60.0):
        super().__init__(length=100)
        self.fault = fault
        self.fault_step = fault_step
        self.hang_seconds = hang_seconds

    def step(self, action: int) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        if self.steps + 1 == self.fault_step:
            self.misbehave()
        return super().step(action)

    def misbehave(self) -> None:
        if self.fault == "raise":
            raise ValueError(f"boom at step {self.fault_step}")
        if self.fault == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        if self.fault == "exit":
            os._exit(3)
        if self.fault == "hang":
            time.sleep(self.hang_seconds)


class SleepyEnv(CountingEnv):
    """A CountingEnv whose ``step`` sleeps ``delay`` seconds (for send/recv ordering)."""

    def __init__(self, delay: float = 0.0, length: int = 1000):
        super().__init__(length=length)
        self.delay = delay

    def step(self, action: int) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        time.sleep(self.delay)
        return super().step(action)


class DictEnv(Env[dict, int]):
    """Dict observation ``{"pos": Box(2,), "flag": Discrete(2)}``; 2-step episodes."""

    def __init__(self) -> None:
        from gymkit.spaces import Box, Dict, Discrete

        self.observation_space = Dict(
            {"pos": Box(-10, 10, shape=(2,), dtype=np.float32), "flag": Discrete(2)}
        )
        self.action_space = Discrete(2)
        self.t = 0
        self.x = 0.0

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None) -> Any:
        super().reset(seed=seed)
        self.t = 0
        self.x = float(self.np_random.uniform(-1, 1))
        return self._obs(), {}

    def step(self, action: int) -> Any:
        self.t += 1
        self.x += 1.0 if action else -1.0
        return self._obs(), 1.0, self.t >= 2, False, {}

    def _obs(self) -> dict[str, Any]:
        return {
            "pos": np.array([self.x, self.t], dtype=np.float32),
            "flag": np.int64(self.t % 2),
        }


@pytest.fixture
def toy() -> Any:
    """The toy env classes: ``toy.CountingEnv``, ``toy.FaultyEnv``, ``toy.SleepyEnv``,
    ``toy.DictEnv``."""

    class Toys:
        pass

    toys = Toys()
    toys.CountingEnv = CountingEnv
    toys.FaultyEnv = FaultyEnv
    toys.SleepyEnv = SleepyEnv
    toys.DictEnv = DictEnv
    return toys
