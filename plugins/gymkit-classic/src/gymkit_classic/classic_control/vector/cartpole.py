"""CartPole as a native batched vector env: the dynamics of
:class:`~gymkit_classic.classic_control.cartpole.CartPoleEnv` on whole NumPy arrays."""

from __future__ import annotations

from typing import Any

import numpy as np

from gymkit_classic.classic_control.cartpole import CartPoleEnv
from gymkit_classic.classic_control.utils import reset_bounds
from gymkit_classic.classic_control.vector.base import ClassicVectorEnv

__all__ = ["CartPoleVectorEnv"]


class CartPoleVectorEnv(ClassicVectorEnv):
    """``num_envs`` cart-poles stepped at once; options as :class:`CartPoleEnv`
    (``kinematics_integrator``, ``sutton_barto_reward``), plus those of
    :class:`~gymkit_classic.classic_control.vector.base.ClassicVectorEnv`."""

    single_env_class = CartPoleEnv

    def _setup(self, **env_kwargs: Any) -> None:
        n = self.num_envs
        env = self.single_env
        self._euler = env.kinematics_integrator == "euler"
        self._sutton_barto = bool(env._sutton_barto_reward)
        self.state = np.zeros((4, n), dtype=np.float64)  # rows: x, x_dot, theta, theta_dot
        self._terminated_before = np.zeros(n, dtype=np.bool_)
        self._forces = np.array([-env.force_mag, env.force_mag], dtype=np.float64)
        self._obs = np.empty((n, 4), dtype=np.float32)
        # scratch arrays reused by every step
        self._cos = np.empty(n)
        self._sin = np.empty(n)
        self._temp = np.empty(n)
        self._acc = np.empty(n)
        self._work = np.empty(n)

    def _check_actions(self, actions: Any) -> np.ndarray:
        return self._check_discrete(actions)

    def _reset_rows(self, rows: np.ndarray, options: dict[str, Any] | None) -> None:
        low, high = reset_bounds(options, -0.05, 0.05)
        draws = self.streams.draw(rows, 4)
        span = high - low
        self.state[:, rows] = (low + span * draws).T
        self._terminated_before[rows] = False

    def _advance(
        self, actions: np.ndarray, active: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        env = self.single_env
        x, x_dot, theta, theta_dot = self.state
        force = self._forces[actions]
        cos, sin, temp, acc, work = self._cos, self._sin, self._temp, self._acc, self._work
        np.cos(theta, out=cos)
        np.sin(theta, out=sin)
        total_mass = env.total_mass
        polemass_length = env.polemass_length
        # temp = (force + polemass_length * theta_dot**2 * sin) / total_mass
        np.multiply(theta_dot, theta_dot, out=temp)
        np.multiply(polemass_length, temp, out=temp)
        np.multiply(temp, sin, out=temp)
        np.add(force, temp, out=temp)
        np.divide(temp, total_mass, out=temp)
        # thetaacc = (g * sin - cos * temp) / (length * (4/3 - masspole * cos**2 / total_mass))
        np.multiply(cos, cos, out=work)
        np.multiply(env.masspole, work, out=work)
        np.divide(work, total_mass, out=work)
        np.subtract(4.0 / 3.0, work, out=work)
        np.multiply(env.length, work, out=work)
        np.multiply(env.gravity, sin, out=acc)
        np.multiply(cos, temp, out=sin)  # sin no longer needed
        np.subtract(acc, sin, out=acc)
        np.divide(acc, work, out=acc)  # acc = thetaacc
        # xacc = temp - polemass_length * thetaacc * cos / total_mass
        np.multiply(polemass_length, acc, out=work)
        np.multiply(work, cos, out=work)
        np.divide(work, total_mass, out=work)
        np.subtract(temp, work, out=work)  # work = xacc
        tau = env.tau
        if self._euler:
            # positions advance with the old velocities
            x += tau * x_dot
            x_dot += tau * work
            theta += tau * theta_dot
            theta_dot += tau * acc
        else:
            x_dot += tau * work
            x += tau * x_dot
            theta_dot += tau * acc
            theta += tau * theta_dot
        x_limit = env.x_threshold
        theta_limit = env.theta_threshold_radians
        terminated = (x < -x_limit) | (x > x_limit) | (theta < -theta_limit) | (theta > theta_limit)
        before = self._terminated_before
        if self._sutton_barto:
            rewards = np.where(terminated, -1.0, 0.0)
        else:
            rewards = np.where(terminated & before, 0.0, 1.0)
        before |= terminated
        return rewards, terminated

    def _observe(self) -> np.ndarray:
        obs = np.empty((self.num_envs, 4), dtype=np.float32)
        obs[:] = self.state.T
        return obs

    def _drawing_state(self, index: int) -> None:
        self.single_env.state = tuple(self.state[:, index].tolist())
