"""MountainCar as a native batched vector env: the dynamics of
:class:`~gymkit_classic.classic_control.mountain_car.MountainCarEnv` on whole NumPy arrays."""

from __future__ import annotations

from typing import Any

import numpy as np

from gymkit_classic.classic_control.mountain_car import MountainCarEnv
from gymkit_classic.classic_control.utils import reset_bounds
from gymkit_classic.classic_control.vector.base import ClassicVectorEnv

__all__ = ["MountainCarVectorEnv"]


class MountainCarVectorEnv(ClassicVectorEnv):
    """``num_envs`` discrete mountain cars stepped at once (option ``goal_velocity``)."""

    single_env_class = MountainCarEnv

    def _setup(self, **env_kwargs: Any) -> None:
        env = self.single_env
        self.position = np.zeros(self.num_envs, dtype=np.float64)
        self.velocity = np.zeros(self.num_envs, dtype=np.float64)
        self._pushes = np.array([-env.force, 0.0, env.force], dtype=np.float64)

    def _check_actions(self, actions: Any) -> np.ndarray:
        return self._check_discrete(actions)

    def _reset_rows(self, rows: np.ndarray, options: dict[str, Any] | None) -> None:
        low, high = reset_bounds(options, -0.6, -0.4)
        draws = self.streams.draw(rows, 1)[:, 0]
        self.position[rows] = low + (high - low) * draws
        self.velocity[rows] = 0.0

    def _advance(
        self, actions: np.ndarray, resetting: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        env = self.single_env
        position, velocity = self.position, self.velocity
        # velocity += push + cos(3 x) * (-gravity), clipped; position += velocity, clipped
        slope = np.cos(3 * position)
        slope *= -env.gravity
        velocity += self._pushes[actions] + slope
        np.clip(velocity, -env.max_speed, env.max_speed, out=velocity)
        position += velocity
        np.clip(position, env.min_position, env.max_position, out=position)
        velocity[(position == env.min_position) & (velocity < 0)] = 0.0
        terminated = (position >= env.goal_position) & (velocity >= env.goal_velocity)
        return np.full(self.num_envs, -1.0), terminated

    def _observe(self) -> np.ndarray:
        obs = np.empty((self.num_envs, 2), dtype=np.float32)
        obs[:, 0] = self.position
        obs[:, 1] = self.velocity
        return obs

    def _drawing_state(self, index: int) -> None:
        self.single_env.state = (float(self.position[index]), float(self.velocity[index]))
