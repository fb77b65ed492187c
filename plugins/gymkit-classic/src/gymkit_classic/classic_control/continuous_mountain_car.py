"""MountainCarContinuous: the mountain car with a continuous engine force and an energy cost.

State ``(position, velocity)`` as in MountainCar-v0; the action is a force in ``[-1, 1]`` (values
outside are clipped). Each step::

    velocity += force * 0.0015 - 0.0025 * cos(3 * position)   (then clipped to ±0.07)
    position += velocity                                      (then clipped to [-1.2, 0.6])

and a car at the left wall moving left stops. Reaching ``position >= 0.45`` (with ``velocity >=
goal_velocity``) terminates with +100; every step costs ``0.1 * action**2`` (of the action as
given, before clipping). As in the reference task, the state is float32 between steps (the reset
draws it in float64) and the arithmetic on float32 values is float32 arithmetic; gymkit computes
it the same way whatever the installed NumPy version (the typing rules of NumPy 2).
MountainCarContinuous-v0 is truncated at 999 steps and counts as solved at 90.
"""

from __future__ import annotations

import math
from array import array as typed_array
from typing import Any

import numpy as np

from gymkit.core import Env
from gymkit.error import InvalidEnvKwargs, ResetNeeded
from gymkit.utils.display import WindowedRendering
from gymkit_classic.classic_control.mountain_car import draw_mountain_car
from gymkit_classic.classic_control.utils import invalid_action, reset_bounds

__all__ = ["ContinuousMountainCarEnv", "Continuous_MountainCarEnv"]

_F32 = np.float32
_F32_DTYPE = np.dtype(np.float32)
_POWER32 = float(np.float32(0.0015))
_MAX_SPEED32 = float(np.float32(0.07))
_MAX_POSITION32 = float(np.float32(0.6))
_MIN_POSITION32 = float(np.float32(-1.2))
_GOAL32 = float(np.float32(0.45))


class ContinuousMountainCarEnv(Env[np.ndarray, np.ndarray]):
    """The continuous-action mountain car.

    Option ``goal_velocity`` (default 0). ``reset(options={"low": l, "high": h})`` changes the
    uniform range of the initial position (default ``[-0.6, -0.4]``, velocity 0). The physical
    constants below document the task; ``step`` uses them as fixed numbers.

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
        self._goal_velocity32 = float(np.float32(self.goal_velocity))
        self._human = render_mode == "human"
        self._round = typed_array("f", [0.0])  # a one-float32 buffer
        self._f32: bool | None = None  # the state's precision; None before the first reset
        self._position = 0.0
        self._velocity = 0.0
        self.screen_width, self.screen_height = 600, 400
        self._display = WindowedRendering(
            "ContinuousMountainCarEnv", caption="MountainCarContinuous"
        )

    def step(self, action: np.ndarray) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        """Apply the force ``action[0]`` (taken as float32, clipped to [-1, 1]) for one step; a
        NaN force raises :class:`~gymkit.error.InvalidAction` and changes nothing."""
        if type(action) is not np.ndarray or action.shape != (1,) or action.dtype is not _F32_DTYPE:
            action = self._coerce(action)
        if self._f32 is None:
            raise ResetNeeded(
                "ContinuousMountainCarEnv.step called before reset(); call env.reset() first"
            )
        # The reference task's arithmetic, typed as NumPy 2 types it: the action is float32;
        # the state is float32 after a step (float64 after a reset); an operation between a
        # float32 value and a Python float constant is a float32 operation (the constant is
        # rounded to float32 first, comparisons included); clipping assigns Python floats.
        # ``buf[0] = x; x = buf[0]`` rounds the double x to float32; every float32 operation
        # below is one exact double operation rounded once, which is the float32 result.
        buf = self._round
        st32 = self._f32
        position = self._position
        velocity = self._velocity
        a = action.item()
        if a != a:  # NaN: refused, it would turn the state into NaN without a word
            raise invalid_action(self, action)
        if a > 1.0:
            force_power, force32 = 0.0015, False
        elif a < -1.0:
            force_power, force32 = -0.0015, False
        else:
            buf[0] = a * _POWER32
            force_power, force32 = buf[0], True
        if st32:
            buf[0] = 3 * position
            slope = 0.0025 * math.cos(buf[0])
        else:
            slope = 0.0025 * math.cos(3 * position)
        if force32:
            buf[0] = slope
            buf[0] = force_power - buf[0]
            change = buf[0]
        else:
            change = force_power - slope
        if st32:
            buf[0] = change
            buf[0] = velocity + buf[0]
            velocity = buf[0]
        else:
            velocity = velocity + change
        v32 = st32
        if velocity > (_MAX_SPEED32 if v32 else 0.07):
            velocity, v32 = 0.07, False
        if velocity < (-_MAX_SPEED32 if v32 else -0.07):
            velocity, v32 = -0.07, False
        if st32:
            buf[0] = velocity
            buf[0] = position + buf[0]
            position = buf[0]
        else:
            position = position + velocity
        p32 = st32
        if position > (_MAX_POSITION32 if p32 else 0.6):
            position, p32 = 0.6, False
        if position < (_MIN_POSITION32 if p32 else -1.2):
            position, p32 = -1.2, False
        if position == (_MIN_POSITION32 if p32 else -1.2) and velocity < 0:
            velocity, v32 = 0.0, False
        terminated = position >= (_GOAL32 if p32 else 0.45) and velocity >= (
            self._goal_velocity32 if v32 else self.goal_velocity
        )
        reward = (100.0 if terminated else 0.0) - math.pow(a, 2) * 0.1
        buf[0] = position
        self._position = position = buf[0]
        buf[0] = velocity
        self._velocity = velocity = buf[0]
        self._f32 = True
        if self._human:
            self.render()
        return np.array((position, velocity), dtype=_F32), reward, terminated, False, {}

    @property
    def state(self) -> np.ndarray | None:
        """``(position, velocity)``: float32 after a step, float64 after a reset; ``None`` before
        the first reset. Assign an array (or pair) to put the car anywhere; a float32 array
        continues in float32 arithmetic, anything else in float64."""
        if self._f32 is None:
            return None
        return np.array((self._position, self._velocity), dtype=_F32 if self._f32 else np.float64)

    @state.setter
    def state(self, value: Any) -> None:
        if value is None:
            self._f32 = None
            return
        array = np.asarray(value)
        if array.shape != (2,) or array.dtype.kind not in "fiu":
            raise ValueError(
                f"ContinuousMountainCarEnv.state must be (position, velocity), got {value!r}"
            )
        self._f32 = array.dtype == _F32
        self._position, self._velocity = (float(x) for x in array.tolist())

    def _coerce(self, action: Any) -> np.ndarray:
        try:
            array = np.asarray(action)
        except Exception:
            raise invalid_action(self, action) from None
        if array.shape != (1,) or not np.issubdtype(array.dtype, np.number):
            raise invalid_action(self, action)
        return array.astype(_F32)

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict[str, Any]]:
        """Start at rest at a position drawn uniformly in ``[low, high]`` (default -0.6, -0.4)."""
        super().reset(seed=seed)
        low, high = reset_bounds(options, -0.6, -0.4)
        self._position = float(self.np_random.uniform(low=low, high=high))
        self._velocity = 0.0
        self._f32 = False
        if self.render_mode == "human":
            self.render()
        return np.array((self._position, self._velocity), dtype=_F32), {}

    def render(self) -> np.ndarray | None:
        """``rgb_array``: a 600x400 picture of the hill, the car and the flag; ``human``: show
        it."""
        return self._display.render(
            self.render_mode,
            lambda: draw_mountain_car(self, None if self._f32 is None else self._position),
            self.metadata["render_fps"],
        )

    def close(self) -> None:
        """Close the window if one is open; idempotent."""
        self._display.close()


#: the class name users of the reference implementation know.
Continuous_MountainCarEnv = ContinuousMountainCarEnv
