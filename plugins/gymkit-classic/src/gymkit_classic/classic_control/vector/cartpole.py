"""CartPole as a native batched vector env: the dynamics of
:class:`~gymkit_classic.classic_control.cartpole.CartPoleEnv` on whole NumPy arrays.

Sub-env ``i`` computes *bit for bit* what the single env seeded alike computes: the same
float64 operations in the same order (the single env's arithmetic, with ``tau`` folded into its
constants, was written to be cheap in both forms), ``np.sin``/``np.cos`` being the same libm
functions as ``math.sin``/``math.cos`` and ``sqrt`` correctly rounded in both. Chaotic dynamics
amplify any rounding difference (an ulp grows to O(1) within 500 open-loop steps), so nothing
less than bit-identity gives "the same trajectories".

Every batch step costs a fixed number of NumPy calls (~0.5 µs each at 1024 envs, ``sin`` ~9 µs),
so the count of calls is the cost:

- ``cos`` is ``sqrt(1 - sin**2)`` where ``|theta| < 1`` (as in the single env); after a step
  with autoreset every sub-env whose result is kept is within 12 degrees, so the whole batch
  takes that branch without a per-row test;
- the state is kept as rows ``x, theta, x_dot, theta_dot``, so positions and velocities are
  two contiguous blocks updated by one call each;
- constants are 0-d arrays, outputs positional, no broadcasting (each costs ~0.3-1 µs a call);
- pairs of products that share a shape are taken in one call on a ``(2, n)`` array.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gymkit.error import InvalidAction, ResetNeeded
from gymkit.vector.vector_env import AutoresetMode
from gymkit_classic.classic_control.cartpole import CartPoleEnv
from gymkit_classic.classic_control.utils import reset_bounds
from gymkit_classic.classic_control.vector.base import ClassicVectorEnv

__all__ = ["CartPoleVectorEnv"]

_INT64 = np.dtype(np.int64)
_UINT64 = np.dtype(np.uint64)
_F32 = np.float32
# module-level ufuncs with positional outputs: the cheapest way to call them
_add, _sub, _mul, _div = np.add, np.subtract, np.multiply, np.divide
_sin, _cos, _sqrt, _abs = np.sin, np.cos, np.sqrt, np.absolute
_greater, _less, _less_equal, _or = np.greater, np.less, np.less_equal, np.logical_or
_count = np.count_nonzero
# the single env draws (x, x_dot, theta, theta_dot); state row r holds draw _DRAW_ORDER[r]
_DRAW_ORDER = (0, 2, 1, 3)


def _const(value: float) -> np.ndarray:
    """A 0-d float64 array: as a ufunc operand it skips the conversion a Python float costs."""
    return np.array(value, dtype=np.float64)


class CartPoleVectorEnv(ClassicVectorEnv):
    """``num_envs`` cart-poles stepped at once; options as :class:`CartPoleEnv`
    (``kinematics_integrator``, ``sutton_barto_reward``), plus those of
    :class:`~gymkit_classic.classic_control.vector.base.ClassicVectorEnv`.

    With the default ``next_step`` autoreset and an int64 action array, :meth:`step` runs one
    fused function; the other modes share the dynamics through the base class's generic step.
    ``state`` is the ``(4, num_envs)`` float64 array of rows ``x, theta, x_dot, theta_dot``."""

    single_env_class = CartPoleEnv
    _reset_draws = 4
    _reset_draw_order = _DRAW_ORDER

    def _setup(self, **env_kwargs: Any) -> None:
        n = self.num_envs
        env = self.single_env
        self._euler = env.kinematics_integrator == "euler"
        self._sutton_barto = bool(env._sutton_barto_reward)
        self._track_beyond = self._autoreset_mode is AutoresetMode.DISABLED
        self._fast = self._autoreset_mode is AutoresetMode.NEXT_STEP
        # rows x, theta, x_dot, theta_dot (the state), then sin and cos of theta: adjacent
        # rows let one call work on (theta_dot, sin) and on (sin, cos)
        rows = np.zeros((6, n), dtype=np.float64)
        self._state = state = rows[0:4]
        self._transposed_state = state.T  # (n, 4): a reset writes whole rows of it
        # the state in observation order x, x_dot, theta, theta_dot (a (2, 2, n) view)
        self._by_variable = state.reshape(2, 2, n).transpose(1, 0, 2)
        self._terminated_before = np.zeros(n, dtype=np.bool_)
        self._earliest_start = 0  # a lower bound of _episode_start.min()
        # the single env's constants, so that both compute the same operations
        self._force_table = np.array([env.push[0], env.push[1]])  # tau * F / M per action
        self._one_u = np.array(1, dtype=np.uint64)
        self._ones = np.ones(n)
        self._zero = _const(0.0)
        self._reset_span = _const(0.1)  # uniform(-0.05, 0.05), as the single env draws it
        self._reset_low = _const(-0.05)
        # may cos come from sin for every row this step (all kept rows have |theta| < 1)?
        self._cos_from_sin = False
        factors = np.empty((2, n))  # row 0: tau * g (constant), row 1: tau * temp per step
        factors[0] = env.k_gravity
        square_factors = np.empty((2, n))  # k_temp, den_b (full rows: no broadcasting)
        square_factors[0], square_factors[1] = env.k_temp, env.den_b
        increments = np.empty((4, n))  # tau * x_dot, tau * theta_dot, tau * xacc, tau * thetaacc
        squares = np.empty((2, n))  # theta_dot**2, sin**2
        scaled = np.empty((2, n))  # k_temp * theta_dot**2, den_b * sin**2
        products = np.empty((2, n))  # tau * g * sin, cos * tau * temp
        # everything the kernel touches, in one tuple (one attribute load per step)
        self._kernel = (
            state,
            state[0:2],  # positions x, theta
            state[2:4],  # velocities x_dot, theta_dot
            rows[1],  # theta
            rows[3:5],  # theta_dot, sin
            rows[4:6],  # sin, cos
            rows[4],  # sin
            rows[5],  # cos
            _const(1.0),
            _const(env.tau),
            _const(env.den_a),
            _const(env.den_b),
            _const(env.den_ab),
            _const(env.k_xacc),
            squares,
            squares[1],
            square_factors,
            scaled,
            scaled[0],
            scaled[1],
            factors,
            factors[1],
            products,
            products[0],
            products[1],
            np.empty(n),  # denominator
            np.empty(n),  # work
            increments,
            increments[0:2],
            increments[2:4],
            increments[2],
            increments[3],
        )
        # termination: |x|, |theta| against their thresholds (full arrays: no broadcasting)
        limits = np.empty((2, n))
        limits[0], limits[1] = env.x_threshold, env.theta_threshold_radians
        self._check = (state[0:2], np.empty((2, n)), limits, np.empty((2, n), dtype=np.bool_))
        self._invalid = np.empty(n, dtype=np.bool_)

    @property
    def state(self) -> np.ndarray:
        """The ``(4, num_envs)`` float64 state, rows ``x, theta, x_dot, theta_dot``."""
        return self._state

    @state.setter
    def state(self, value: Any) -> None:
        array = np.asarray(value, dtype=np.float64)
        if array.shape != self._state.shape:
            raise ValueError(
                f"state must have shape {self._state.shape} (rows x, theta, x_dot, theta_dot), "
                f"got {array.shape}"
            )
        self._state[...] = array  # in place: the kernel keeps views of it
        self._cos_from_sin = False  # any angle now: cos(theta) where the single env takes it

    def _check_actions(self, actions: Any) -> np.ndarray:
        return self._check_discrete(actions)

    def _reset_rows(self, rows: np.ndarray, options: dict[str, Any] | None) -> None:
        if options is None:
            low, high = -0.05, 0.05
        else:
            low, high = reset_bounds(options, -0.05, 0.05)
        if max(-low, high) >= 1.0:
            self._cos_from_sin = False  # a reset state may need cos(theta) itself
        elif len(rows) == self.num_envs:
            self._cos_from_sin = True
        draws = self.streams.draw_units(rows)  # (k, 4) in state-row order
        draws *= high - low
        draws += low
        self._transposed_state[rows] = draws
        if self._track_beyond:
            self._terminated_before[rows] = False

    # ------------------------------------------------------------------ dynamics
    def _dynamics(self, force: np.ndarray) -> None:
        """Advance every sub-env's state in place by one step (the single env's operations,
        in its order); ``force`` is ``tau * F / M``."""
        (
            state,
            positions,
            velocities,
            theta,
            theta_dot_sin,
            sin_cos,
            sin,
            cos,
            one,
            tau,
            den_a,
            den_b,
            den_ab,
            k_xacc,
            squares,
            sin2,
            square_factors,
            scaled,
            scaled_theta_dot2,
            scaled_sin2,
            factors,
            temp,
            products,
            gravity_term,
            temp_term,
            den,
            work,
            increments,
            shift,
            velocity_increments,
            x_inc,
            theta_inc,
        ) = self._kernel
        _sin(theta, sin)
        _mul(theta_dot_sin, theta_dot_sin, squares)  # theta_dot**2, sin**2
        _mul(squares, square_factors, scaled)  # k_temp * theta_dot**2, den_b * sin**2
        _sub(one, sin2, work)
        _sqrt(work, cos)
        _add(scaled_sin2, den_ab, den)
        if not self._cos_from_sin:  # rows with |theta| >= 1 take cos(theta) itself
            wide = ~_less(_abs(theta), one)
            if wide.any():
                exact = _cos(theta)
                np.copyto(cos, exact, where=wide)
                np.copyto(den, _sub(den_a, _mul(den_b, _mul(exact, exact))), where=wide)
        # tau * temp = theta_dot * theta_dot * k_temp * sin + tau * F / M
        _mul(scaled_theta_dot2, sin, temp)
        _add(temp, force, temp)
        # tau * thetaacc = (tau * g * sin - cos * temp) / den
        _mul(sin_cos, factors, products)
        _sub(gravity_term, temp_term, theta_inc)
        _div(theta_inc, den, theta_inc)
        # tau * xacc = temp - theta_inc * cos * k_xacc
        _mul(theta_inc, cos, work)
        _mul(work, k_xacc, work)
        _sub(temp, work, x_inc)
        if self._euler:  # positions advance with the old velocities: one whole-state add
            _mul(velocities, tau, shift)
            _add(state, increments, state)
        else:  # semi-implicit: velocities first, positions with the new ones
            _add(velocities, velocity_increments, velocities)
            _mul(velocities, tau, shift)
            _add(positions, shift, positions)

    def _terminated(self) -> np.ndarray:
        """A new bool array: ``|x| > x_threshold or |theta| > theta_threshold`` per sub-env."""
        positions, beyond, limits, exceeded = self._check
        _abs(positions, beyond)
        _greater(beyond, limits, exceeded)
        return _or(exceeded[0], exceeded[1])

    def _advance(
        self, actions: np.ndarray, resetting: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        self._dynamics(self._force_table[actions])
        terminated = self._terminated()
        if self._sutton_barto:
            rewards = np.where(terminated, -1.0, 0.0)
        elif self._track_beyond:
            # only without autoreset can a sub-env be stepped past its termination (reward 0)
            before = self._terminated_before
            rewards = np.where(terminated & before, 0.0, 1.0)
            before |= terminated
        else:
            rewards = self._ones.copy()
        # with autoreset, every sub-env whose next result is kept is within 12 degrees
        self._cos_from_sin = not self._track_beyond
        return rewards, terminated

    # ------------------------------------------------------------------ fused next_step
    def step(
        self, actions: Any
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
        """Step every sub-env (autoreset per the mode); return batched
        ``(obs, rewards, terminations, truncations, infos)``."""
        if (
            not self._fast
            or type(actions) is not np.ndarray
            or actions.dtype != _INT64
            or actions.shape != self._all_rows.shape
        ):
            return super().step(actions)
        if not self._has_reset:
            self._assert_open()
            raise ResetNeeded(f"{type(self).__name__}.step called before reset(); reset first")
        # actions outside {0, 1} (negatives read as huge unsigned values) are refused
        if _count(_greater(actions.view(_UINT64), self._one_u, self._invalid)):
            raise InvalidAction(
                f"{type(self).__name__}.step got actions outside [0, 2): {actions!r}"
            )
        self._dynamics(self._force_table.take(actions))
        # next_step autoreset: the sub-envs that ended at the previous step start anew (their
        # step above is discarded; it drew no random numbers)
        self._clock = clock = self._clock + 1
        rewards = self._ones.copy()
        rows = self._needs_reset.nonzero()[0]
        if rows.size:
            draws = self.streams.draw_units(rows)
            _mul(draws, self._reset_span, draws)
            _add(draws, self._reset_low, draws)
            self._transposed_state[rows] = draws
            self._episode_start[rows] = clock
            rewards[rows] = 0.0
        # the fresh states lie well inside the thresholds: restarted sub-envs come out not
        # terminated, as the mode wants; every sub-env kept next step has |theta| < 1
        self._cos_from_sin = True
        terminated = self._terminated()
        limit = self.max_episode_steps
        if limit is None or clock - limit < self._earliest_start:
            # no episode can have reached the limit (episode starts only ever increase)
            truncated = np.zeros(self.num_envs, dtype=np.bool_)
        else:
            truncated = _less_equal(self._episode_start, clock - limit)
            self._earliest_start = int(self._episode_start.min())
        if self._sutton_barto:
            rewards = _sub(self._zero, terminated)  # -1 on failure, +0.0 elsewhere
        self._needs_reset = _or(terminated, truncated)
        # (n, 4) float32 in the order x, x_dot, theta, theta_dot: one cast of a permuted view,
        # transposed (Fortran order), which saves a strided copy
        obs = self._by_variable.astype(_F32, order="C").reshape(4, self.num_envs).T
        return obs, rewards, terminated, truncated, {}

    def _observe(self) -> np.ndarray:
        return self._by_variable.astype(_F32, order="C").reshape(4, self.num_envs).T

    def _drawing_state(self, index: int) -> None:
        x, theta, x_dot, theta_dot = self.state[:, index].tolist()
        self.single_env.state = (x, x_dot, theta, theta_dot)
