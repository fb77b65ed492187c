"""Acrobot as a native batched vector env: the dynamics of
:class:`~gymkit_classic.classic_control.acrobot.AcrobotEnv` (one RK4 step of the book's or the
NIPS paper's equations) on whole NumPy arrays."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from gymkit_classic.classic_control.acrobot import AcrobotEnv
from gymkit_classic.classic_control.utils import reset_bounds
from gymkit_classic.classic_control.vector.base import ClassicVectorEnv

__all__ = ["AcrobotVectorEnv", "batched_derivatives"]

_HALF_PI = math.pi / 2


def batched_derivatives(
    theta1: np.ndarray,
    theta2: np.ndarray,
    dtheta1: np.ndarray,
    dtheta2: np.ndarray,
    torque: np.ndarray,
    book: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The acrobot's time derivatives for arrays of states (same constants and operation order
    as :func:`gymkit_classic.classic_control.acrobot.acrobot_derivatives`)."""
    m1 = m2 = 1.0
    l1 = 1.0
    lc1 = lc2 = 0.5
    i1 = i2 = 1.0
    g = 9.8
    cos2 = np.cos(theta2)
    sin2 = np.sin(theta2)
    d1 = m1 * lc1**2 + m2 * (l1**2 + lc2**2 + 2 * l1 * lc2 * cos2) + i1 + i2
    d2 = m2 * (lc2**2 + l1 * lc2 * cos2) + i2
    phi2 = m2 * lc2 * g * np.cos(theta1 + theta2 - _HALF_PI)
    phi1 = (
        -m2 * l1 * lc2 * (dtheta2 * dtheta2) * sin2
        - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sin2
        + (m1 * lc1 + m2 * l1) * g * np.cos(theta1 - _HALF_PI)
        + phi2
    )
    if book:
        ddtheta2 = (torque + d2 / d1 * phi1 - m2 * l1 * lc2 * (dtheta1 * dtheta1) * sin2 - phi2) / (
            m2 * lc2**2 + i2 - d2 * d2 / d1
        )
    else:
        ddtheta2 = (torque + d2 / d1 * phi1 - phi2) / (m2 * lc2**2 + i2 - d2 * d2 / d1)
    ddtheta1 = -(d2 * ddtheta2 + phi1) / d1
    return dtheta1, dtheta2, ddtheta1, ddtheta2


def _wrap(x: np.ndarray, low: float, high: float) -> None:
    """Shift ``x`` in place by whole multiples of ``high - low`` into ``[low, high]``."""
    diff = high - low
    while True:
        over = x > high
        if not over.any():
            break
        x[over] -= diff
    while True:
        under = x < low
        if not under.any():
            break
        x[under] += diff


class AcrobotVectorEnv(ClassicVectorEnv):
    """``num_envs`` acrobots stepped at once (options ``book_or_nips``, ``torque_noise_max``)."""

    single_env_class = AcrobotEnv

    def _setup(self, **env_kwargs: Any) -> None:
        env = self.single_env
        self._book = env.book_or_nips == "book"
        self._noise = env.torque_noise_max
        self.state = np.zeros((4, self.num_envs), dtype=np.float64)
        self._torques = np.array(env.AVAIL_TORQUE, dtype=np.float64)

    def _check_actions(self, actions: Any) -> np.ndarray:
        return self._check_discrete(actions)

    def _reset_rows(self, rows: np.ndarray, options: dict[str, Any] | None) -> None:
        low, high = reset_bounds(options, -0.1, 0.1)
        draws = self.streams.draw(rows, 4)
        values = (low + (high - low) * draws).astype(np.float32)
        self.state[:, rows] = values.T

    def _advance(
        self, actions: np.ndarray, resetting: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        env = self.single_env
        torque = self._torques[actions]
        if self._noise > 0:
            # one draw per stepping sub-env, from its own stream, as the single env does
            rows = (
                np.arange(self.num_envs, dtype=np.intp)
                if resetting is None
                else np.flatnonzero(~resetting)
            )
            m = self._noise
            noise = np.zeros(self.num_envs)
            noise[rows] = -m + (m - -m) * self.streams.draw(rows, 1)[:, 0]
            torque = torque + noise
        book = self._book
        dt = env.dt
        a0, b0, c0, e0 = self.state
        h = dt / 2.0
        k1 = batched_derivatives(a0, b0, c0, e0, torque, book)
        k2 = batched_derivatives(
            a0 + h * k1[0], b0 + h * k1[1], c0 + h * k1[2], e0 + h * k1[3], torque, book
        )
        k3 = batched_derivatives(
            a0 + h * k2[0], b0 + h * k2[1], c0 + h * k2[2], e0 + h * k2[3], torque, book
        )
        k4 = batched_derivatives(
            a0 + dt * k3[0], b0 + dt * k3[1], c0 + dt * k3[2], e0 + dt * k3[3], torque, book
        )
        w = dt / 6.0
        t1 = a0 + w * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0])
        t2 = b0 + w * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1])
        d1 = c0 + w * (k1[2] + 2 * k2[2] + 2 * k3[2] + k4[2])
        d2 = e0 + w * (k1[3] + 2 * k2[3] + 2 * k3[3] + k4[3])
        _wrap(t1, -math.pi, math.pi)
        _wrap(t2, -math.pi, math.pi)
        np.clip(d1, -env.MAX_VEL_1, env.MAX_VEL_1, out=d1)
        np.clip(d2, -env.MAX_VEL_2, env.MAX_VEL_2, out=d2)
        self.state[0], self.state[1], self.state[2], self.state[3] = t1, t2, d1, d2
        terminated = -np.cos(t1) - np.cos(t2 + t1) > 1.0
        return np.where(terminated, 0.0, -1.0), terminated

    def _observe(self) -> np.ndarray:
        t1, t2, d1, d2 = self.state
        obs = np.empty((self.num_envs, 6), dtype=np.float32)
        obs[:, 0] = np.cos(t1)
        obs[:, 1] = np.sin(t1)
        obs[:, 2] = np.cos(t2)
        obs[:, 3] = np.sin(t2)
        obs[:, 4] = d1
        obs[:, 5] = d2
        return obs

    def _drawing_state(self, index: int) -> None:
        self.single_env.state = tuple(self.state[:, index].tolist())
