"""MountainCarContinuous as a native batched vector env: the dynamics of
:class:`~gymkit_classic.classic_control.continuous_mountain_car.ContinuousMountainCarEnv` on
whole NumPy arrays.

The single env keeps its state in float32 between steps but draws the initial state in float64,
so the first step after a reset is computed in float64 and the later ones in float32 (constants
rounded to float32, as NumPy does for Python floats mixed with float32). This module reproduces
both regimes row by row (``_fresh`` marks the rows just reset), and the two force regimes: a
force inside ``[-1, 1]`` stays a float32 product, a clipped one is a Python float.
Actions are taken as float32 (the action space's dtype).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gymkit_classic.classic_control.continuous_mountain_car import ContinuousMountainCarEnv
from gymkit_classic.classic_control.utils import reset_bounds
from gymkit_classic.classic_control.vector.base import ClassicVectorEnv

__all__ = ["ContinuousMountainCarVectorEnv"]

_F32 = np.float32
_F64 = np.float64


class ContinuousMountainCarVectorEnv(ClassicVectorEnv):
    """``num_envs`` continuous mountain cars stepped at once (option ``goal_velocity``)."""

    single_env_class = ContinuousMountainCarEnv

    def _setup(self, **env_kwargs: Any) -> None:
        env = self.single_env
        n = self.num_envs
        # float64 arrays holding float64 values for fresh rows, float32 values otherwise
        self.position = np.zeros(n, dtype=_F64)
        self.velocity = np.zeros(n, dtype=_F64)
        self._fresh = np.ones(n, dtype=np.bool_)
        self._power32 = _F32(env.power)
        self._max_speed32 = _F32(env.max_speed)
        self._min_position32 = _F32(env.min_position)
        self._max_position32 = _F32(env.max_position)
        self._goal_position32 = _F32(env.goal_position)
        self._goal_velocity32 = _F32(env.goal_velocity)

    def _check_actions(self, actions: Any) -> np.ndarray:
        return self._check_box(actions)

    def _reset_rows(self, rows: np.ndarray, options: dict[str, Any] | None) -> None:
        low, high = reset_bounds(options, -0.6, -0.4)
        draws = self.streams.draw(rows, 1)[:, 0]
        self.position[rows] = low + (high - low) * draws
        self.velocity[rows] = 0.0
        self._fresh[rows] = True

    def _advance(
        self, actions: np.ndarray, resetting: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        env = self.single_env
        a32 = actions[:, 0].astype(_F32)
        a64 = a32.astype(_F64)
        below, above = a32 < -1.0, a32 > 1.0
        clipped = below | above
        force = np.where(below, -1.0, np.where(above, 1.0, a64))
        p, v, fresh = self.position, self.velocity, self._fresh
        p32 = p.astype(_F32)
        v32 = v.astype(_F32)
        # the gravity term: cos(3 x) of a float32 product once steady, of a float64 one when fresh
        slope = np.where(fresh, np.cos(3 * p), np.cos((_F32(3) * p32).astype(_F64)))
        slope *= 0.0025
        term_f32 = (a32 * self._power32 - slope.astype(_F32)).astype(_F64)
        term_py = force * env.power - slope
        term = np.where(clipped, term_py, term_f32)

        # steady rows: float32 arithmetic
        ms = self._max_speed32
        vs = v32 + term.astype(_F32)
        np.clip(vs, -ms, ms, out=vs)
        ps = p32 + vs
        np.clip(ps, self._min_position32, self._max_position32, out=ps)
        vs[(ps == self._min_position32) & (vs < 0)] = 0
        done_s = (ps >= self._goal_position32) & (vs >= self._goal_velocity32)

        # fresh rows: float64 arithmetic
        vf = v + term
        np.clip(vf, -env.max_speed, env.max_speed, out=vf)
        pf = p + vf
        np.clip(pf, env.min_position, env.max_position, out=pf)
        vf[(pf == env.min_position) & (vf < 0)] = 0.0
        done_f = (pf >= env.goal_position) & (vf >= env.goal_velocity)

        if np.count_nonzero(fresh):
            terminated = np.where(fresh, done_f, done_s)
            p[:] = np.where(fresh, pf.astype(_F32), ps)
            v[:] = np.where(fresh, vf.astype(_F32), vs)
            fresh[:] = False
        else:
            terminated = done_s
            p[:] = ps
            v[:] = vs
        rewards = np.where(terminated, 100.0, 0.0)
        rewards -= a64 * a64 * 0.1
        return rewards, terminated

    def _observe(self) -> np.ndarray:
        obs = np.empty((self.num_envs, 2), dtype=np.float32)
        obs[:, 0] = self.position
        obs[:, 1] = self.velocity
        return obs

    def _drawing_state(self, index: int) -> None:
        self.single_env.state = np.array(
            [self.position[index], self.velocity[index]], dtype=np.float32
        )
