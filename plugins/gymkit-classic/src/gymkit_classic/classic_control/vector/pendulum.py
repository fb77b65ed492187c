"""Pendulum as a native batched vector env: the dynamics of
:class:`~gymkit_classic.classic_control.pendulum.PendulumEnv` on whole NumPy arrays."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from gymkit_classic.classic_control.pendulum import PendulumEnv, _reset_number
from gymkit_classic.classic_control.vector.base import ClassicVectorEnv

__all__ = ["PendulumVectorEnv"]

_F32 = np.float32


class PendulumVectorEnv(ClassicVectorEnv):
    """``num_envs`` pendulums stepped at once (option ``g``). The torque products are computed
    in float32 as in the single env."""

    single_env_class = PendulumEnv

    def _setup(self, **env_kwargs: Any) -> None:
        self.theta = np.zeros(self.num_envs, dtype=np.float64)
        self.theta_dot = np.zeros(self.num_envs, dtype=np.float64)
        self.last_u = np.full(self.num_envs, np.nan)

    def _check_actions(self, actions: Any) -> np.ndarray:
        return self._check_box(actions)

    def _reset_rows(self, rows: np.ndarray, options: dict[str, Any] | None) -> None:
        x_init, y_init = math.pi, 1.0
        if options is not None:
            x_init = _reset_number(options, "x_init", x_init)
            y_init = _reset_number(options, "y_init", y_init)
        high = np.array([x_init, y_init])
        low = -high
        draws = self.streams.draw(rows, 2)
        values = low + (high - low) * draws
        self.theta[rows] = values[:, 0]
        self.theta_dot[rows] = values[:, 1]
        self.last_u[rows] = np.nan

    def _advance(
        self, actions: np.ndarray, resetting: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        env = self.single_env
        u = np.clip(actions[:, 0].astype(_F32), _F32(-2.0), _F32(2.0))
        self.last_u[:] = u
        th, thdot = self.theta, self.theta_dot
        normalized = np.mod(th + math.pi, 2 * math.pi) - math.pi
        torque_cost = (_F32(0.001) * (u * u)).astype(np.float64)
        costs = normalized * normalized + 0.1 * (thdot * thdot) + torque_cost
        torque = (env._torque_term * u).astype(np.float64)
        thdot += (env._gravity_term * np.sin(th) + torque) * 0.05
        np.clip(thdot, -8.0, 8.0, out=thdot)
        th += thdot * 0.05
        return -costs, np.zeros(self.num_envs, dtype=np.bool_)

    def _observe(self) -> np.ndarray:
        obs = np.empty((self.num_envs, 3), dtype=np.float32)
        obs[:, 0] = np.cos(self.theta)
        obs[:, 1] = np.sin(self.theta)
        obs[:, 2] = self.theta_dot
        return obs

    def _drawing_state(self, index: int) -> None:
        self.single_env.state = (float(self.theta[index]), float(self.theta_dot[index]))
        last_u = float(self.last_u[index])
        self.single_env.last_u = None if math.isnan(last_u) else last_u
