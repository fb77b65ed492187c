"""MountainCarContinuous: the mountain car with a continuous engine force and an energy cost.

State ``(position, velocity)`` as in MountainCar-v0; the action is a force in ``[-1, 1]`` (values
outside are clipped). Each step::

    velocity += force * 0.0015 - 0.0025 * cos(3 * position)   (then clipped to ±0.07)
    position += velocity                                      (then clipped to [-1.2, 0.6])

and a car at the left wall moving left stops. Reaching ``position >= 0.45`` (with ``velocity >=
goal_velocity``) terminates with +100; every step costs ``0.1 * action**2``. The state is kept in
float32 between steps (the reset draws it in float64), as the reference task does.
MountainCarContinuous-v0 is truncated at 999 steps and counts as solved at 90.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from gymkit.core import Env
from gymkit.error import GymkitWarning, InvalidEnvKwargs, ResetNeeded
from gymkit_classic.classic_control.mountain_car import draw_mountain_car
from gymkit_classic.classic_control.utils import HumanWindow, invalid_action, reset_bounds

__all__ = ["ContinuousMountainCarEnv", "Continuous_MountainCarEnv"]

_F32 = np.float32


class ContinuousMountainCarEnv(Env[np.ndarray, np.ndarray]):
    """The continuous-action mountain car.

    Option ``goal_velocity`` (default 0). ``reset(options={"low": l, "high": h})`` changes the
    uniform range of the initial position (default ``[-0.6, -0.4]``, velocity 0).

    Observation ``Box(float32, (2,))`` within ``[-1.2, 0.6] x [-0.07, 0.07]``; action
    ``Box(-1, 1, (1,), float32)``; ``info`` is ``{}``.
    """

    metadata = {"render_modes": ["human", "rgb_array"], "render_fps": 30}

    #: keyboard map of ``gymkit play``: left/right arrow push with full force; nothing = coast.
    keys_to_action = {
        ("left",): np.array([-1.0], dtype=np.float32),
        ("right",): np.array([1.0], dtype=np.float32),
    }
    noop = np.array([0.0], dtype=np.float32)

    min_action = -1.0
    max_action = 1.0
    min_position = -1.2
    max_position = 0.6
    max_speed = 0.07
    goal_position = 0.45
    power = 0.0015

    def __init__(self, render_mode: str | None = None, goal_velocity: float = 0) -> None:
        from gymkit.spaces import Box

        self.render_mode = self._check_render_mode(render_mode)
        try:
            self.goal_velocity = float(goal_velocity)
        except (TypeError, ValueError):
            raise InvalidEnvKwargs(
                f"goal_velocity must be a real number, got {goal_velocity!r}"
            ) from None
        low = np.array([self.min_position, -self.max_speed], dtype=np.float32)
        high = np.array([self.max_position, self.max_speed], dtype=np.float32)
        self.observation_space = Box(low, high, dtype=np.float32)
        self.action_space = Box(self.min_action, self.max_action, shape=(1,), dtype=np.float32)
        self.state: np.ndarray | None = None
        self.screen_width, self.screen_height = 600, 400
        self._window: HumanWindow | None = None

    def step(self, action: np.ndarray) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        """Apply the force ``action[0]`` (clipped to [-1, 1]) for one step."""
        if type(action) is not np.ndarray or action.shape != (1,):
            action = self._coerce(action)
        if self.state is None:
            raise ResetNeeded(
                "ContinuousMountainCarEnv.step called before reset(); call env.reset() first"
            )
        # NumPy scalars on purpose: the reference task computes in the state's precision
        # (float32 after the first step), so the arithmetic below follows the same dtypes.
        position = self.state[0]
        velocity = self.state[1]
        force = min(max(action[0], self.min_action), self.max_action)
        velocity += force * self.power - 0.0025 * math.cos(3 * position)
        if velocity > self.max_speed:
            velocity = self.max_speed
        if velocity < -self.max_speed:
            velocity = -self.max_speed
        position += velocity
        if position > self.max_position:
            position = self.max_position
        if position < self.min_position:
            position = self.min_position
        if position == self.min_position and velocity < 0:
            velocity = 0
        terminated = bool(position >= self.goal_position and velocity >= self.goal_velocity)
        reward = 100.0 if terminated else 0.0
        reward -= math.pow(action[0], 2) * 0.1
        self.state = np.array([position, velocity], dtype=_F32)
        if self.render_mode == "human":
            self.render()
        return self.state.copy(), float(reward), terminated, False, {}

    def _coerce(self, action: Any) -> np.ndarray:
        try:
            array = np.asarray(action)
        except Exception:
            raise invalid_action(self, action) from None
        if array.shape != (1,) or not np.issubdtype(array.dtype, np.number):
            raise invalid_action(self, action)
        return array

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict[str, Any]]:
        """Start at rest at a position drawn uniformly in ``[low, high]`` (default -0.6, -0.4)."""
        super().reset(seed=seed)
        low, high = reset_bounds(options, -0.6, -0.4)
        self.state = np.array([self.np_random.uniform(low=low, high=high), 0.0])
        if self.render_mode == "human":
            self.render()
        return np.array(self.state, dtype=_F32), {}

    def render(self) -> np.ndarray | None:
        """``rgb_array``: a 600x400 picture of the hill, the car and the flag; ``human``: show
        it."""
        if self.render_mode is None:
            warnings.warn(
                "ContinuousMountainCarEnv.render() called without a render_mode; make the env "
                "with render_mode='rgb_array' or 'human'",
                GymkitWarning,
                stacklevel=2,
            )
            return None
        frame = draw_mountain_car(self, None if self.state is None else float(self.state[0]))
        if self.render_mode == "rgb_array":
            return frame
        if self._window is None:
            self._window = HumanWindow("MountainCarContinuous", self.metadata["render_fps"])
        self._window.show(frame)
        return None

    def close(self) -> None:
        """Close the window if one is open; idempotent."""
        if self._window is not None:
            self._window.close()
            self._window = None


#: the class name users of the reference implementation know.
Continuous_MountainCarEnv = ContinuousMountainCarEnv
