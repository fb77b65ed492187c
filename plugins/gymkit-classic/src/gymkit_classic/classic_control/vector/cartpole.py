"""CartPole as a native batched vector env: the dynamics of
:class:`~gymkit_classic.classic_control.cartpole.CartPoleEnv` on whole NumPy arrays."""

from __future__ import annotations

from typing import Any

import numpy as np

from gymkit.vector.vector_env import AutoresetMode
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
        self._track_beyond = self._autoreset_mode is AutoresetMode.DISABLED
        self.state = np.zeros((4, n), dtype=np.float64)  # rows: x, x_dot, theta, theta_dot
        self._terminated_before = np.zeros(n, dtype=np.bool_)
        self._forces = np.array([-env.force_mag, env.force_mag], dtype=np.float64)
        self._limits = np.array([[env.x_threshold], [env.theta_threshold_radians]])
        # scratch arrays reused by every step
        self._phase = np.zeros(n, dtype=np.complex128)  # i * theta
        self._rotation = np.empty(n, dtype=np.complex128)  # exp(i theta) = cos + i sin
        self._derivs = np.empty((4, n))  # x_dot, xacc, theta_dot, thetaacc
        self._temp = np.empty(n)
        self._work = np.empty(n)
        self._work2 = np.empty(n)
        self._beyond = np.empty((2, n))

    def _check_actions(self, actions: Any) -> np.ndarray:
        return self._check_discrete(actions)

    def _reset_rows(self, rows: np.ndarray, options: dict[str, Any] | None) -> None:
        if options is None:
            low, high = -0.05, 0.05
        else:
            low, high = reset_bounds(options, -0.05, 0.05)
        draws = self.streams.draw(rows, 4, by_variable=True)
        draws *= high - low
        draws += low
        self.state[:, rows] = draws
        if self._track_beyond:
            self._terminated_before[rows] = False

    def _advance(
        self, actions: np.ndarray, resetting: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        env = self.single_env
        state = self.state
        x_dot, theta, theta_dot = state[1], state[2], state[3]
        force = self._forces[actions]
        # cos and sin of theta in one pass: exp(i theta) (bit-identical to math.cos/math.sin)
        self._phase.imag = theta
        np.exp(self._phase, out=self._rotation)
        cos, sin = self._rotation.real, self._rotation.imag
        temp, work, work2 = self._temp, self._work, self._work2
        total_mass = env.total_mass
        polemass_length = env.polemass_length
        # temp = (force + polemass_length * theta_dot**2 * sin) / total_mass
        np.multiply(theta_dot, theta_dot, out=temp)
        np.multiply(polemass_length, temp, out=temp)
        np.multiply(temp, sin, out=temp)
        np.add(force, temp, out=temp)
        np.divide(temp, total_mass, out=temp)
        # thetaacc = (g * sin - cos * temp) / (length * (4/3 - masspole * cos**2 / total_mass))
        derivs = self._derivs
        x_acc, theta_acc = derivs[1], derivs[3]
        np.multiply(cos, cos, out=work)
        np.multiply(env.masspole, work, out=work)
        np.divide(work, total_mass, out=work)
        np.subtract(4.0 / 3.0, work, out=work)
        np.multiply(env.length, work, out=work)
        np.multiply(env.gravity, sin, out=theta_acc)
        np.multiply(cos, temp, out=work2)
        np.subtract(theta_acc, work2, out=theta_acc)
        np.divide(theta_acc, work, out=theta_acc)
        # xacc = temp - polemass_length * thetaacc * cos / total_mass
        np.multiply(polemass_length, theta_acc, out=work)
        np.multiply(work, cos, out=work)
        np.divide(work, total_mass, out=work)
        np.subtract(temp, work, out=x_acc)
        tau = env.tau
        if self._euler:
            # every variable advances with the old derivatives: one whole-state update
            derivs[0] = x_dot
            derivs[2] = theta_dot
            np.multiply(tau, derivs, out=derivs)
            np.add(state, derivs, out=state)
        else:
            x, x_dot, theta, theta_dot = state
            x_dot += tau * x_acc
            x += tau * x_dot
            theta_dot += tau * theta_acc
            theta += tau * theta_dot
        # terminated: |x| > x_threshold or |theta| > theta_threshold
        beyond = self._beyond
        np.abs(state[0::2], out=beyond)
        exceeded = beyond > self._limits
        terminated = np.logical_or(exceeded[0], exceeded[1])
        if self._sutton_barto:
            rewards = np.where(terminated, -1.0, 0.0)
        elif self._track_beyond:
            # only without autoreset can a sub-env be stepped past its termination (reward 0)
            before = self._terminated_before
            rewards = np.where(terminated & before, 0.0, 1.0)
            before |= terminated
        else:
            rewards = np.ones(self.num_envs)
        return rewards, terminated

    def _observe(self) -> np.ndarray:
        # a straight cast of the (4, n) state; the (n, 4) result is its transpose (Fortran
        # order), which saves a strided copy per step
        return self.state.T.astype(np.float32)

    def _drawing_state(self, index: int) -> None:
        self.single_env.state = tuple(self.state[:, index].tolist())
