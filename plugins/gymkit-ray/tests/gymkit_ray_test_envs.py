"""Envs for the Ray tests, imported by the actors too (the cluster's PYTHONPATH holds this
directory; see conftest.py)."""

from __future__ import annotations

import time
from typing import Any

import numpy as np

import gymkit
from gymkit.spaces import Box, Discrete


class SlowCountEnv(gymkit.Env[np.ndarray, int]):
    """Counts steps from a seeded start; each step sleeps ``delay`` s, forever while ``hang``.

    Episodes end (terminated) when the count reaches ``length``; the observation is
    ``[start, count]`` so seeding and autoreset are observable.
    """

    metadata = {"render_modes": [], "render_fps": 1}

    def __init__(self, delay: float = 0.0, length: int = 5) -> None:
        self.observation_space = Box(0, 10_000, shape=(2,), dtype=np.float64)
        self.action_space = Discrete(3)
        self.delay = delay
        self.length = length
        self.hang = False
        self.start = 0
        self.count = 0

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        super().reset(seed=seed)
        self.start = int(self.np_random.integers(0, 1000))
        self.count = 0
        return np.array([self.start, 0.0]), {"start": self.start}

    def step(self, action: int):
        while self.hang:
            time.sleep(0.05)
        if self.delay:
            time.sleep(self.delay)
        self.count += 1 + int(action) // 2
        obs = np.array([self.start, float(self.count)])
        return obs, float(action), self.count >= self.length, False, {"count": self.count}


def register() -> None:
    """Register ``raytest/SlowCount-v0`` (idempotent)."""
    if "raytest/SlowCount-v0" not in gymkit.registry:
        gymkit.register(
            "raytest/SlowCount-v0",
            entry_point="gymkit_ray_test_envs:SlowCountEnv",
            max_episode_steps=50,
        )
