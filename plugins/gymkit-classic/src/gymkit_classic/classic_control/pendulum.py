"""Pendulum: swing an under-actuated pendulum up and keep it upright.

State ``(theta, theta_dot)``: angle from upright (rad, counter-clockwise positive) and angular
velocity, for a rod of mass 1 and length 1 under gravity ``g`` (default 10). The action is a
torque in ``[-2, 2]`` (values outside are clipped). Each step of ``dt = 0.05`` s::

    cost       = normalize(theta)**2 + 0.1 * theta_dot**2 + 0.001 * torque**2
    theta_dot += (3 g / (2 l) * sin(theta) + 3 / (m l**2) * torque) * dt   (clipped to ±8)
    theta     += theta_dot * dt

with ``normalize`` mapping an angle into ``[-pi, pi)``; the reward is ``-cost``. The episode never
terminates; Pendulum-v1 is truncated at 200 steps and has no reward threshold. The torque is a
float32 action, and the products involving it are float32, as in the reference task.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from gymkit.core import Env
from gymkit.error import InvalidEnvKwargs, ResetNeeded
from gymkit.utils.display import WindowedRendering
from gymkit_classic.classic_control.utils import invalid_action

__all__ = ["PendulumEnv", "angle_normalize"]

_F32 = np.float32
_THREE_F32 = np.float32(3.0)
_TORQUE_COST_F32 = np.float32(0.001)
_PI = math.pi
_TWO_PI = 2 * math.pi


def angle_normalize(x: float) -> float:
    """``x`` wrapped into ``[-pi, pi)``."""
    return ((x + _PI) % _TWO_PI) - _PI


class PendulumEnv(Env[np.ndarray, np.ndarray]):
    """The inverted-pendulum swing-up task.

    Option ``g`` (gravity, default 10.0). ``reset(options={"x_init": a, "y_init": b})`` draws the
    initial angle uniformly in ``[-a, a]`` (default pi) and the angular velocity in ``[-b, b]``
    (default 1).

    Observation ``Box(float32, (3,))``: ``(cos theta, sin theta, theta_dot)`` within
    ``[-1, 1] x [-1, 1] x [-8, 8]``; action ``Box(-2, 2, (1,), float32)``; ``info`` is ``{}``.
    """

    metadata = {"render_modes": ["human", "rgb_array"], "render_fps": 30}

    #: keyboard map of ``gymkit play``: left arrow pushes counter-clockwise, right clockwise.
    keys_to_action = {
        ("left",): np.array([2.0], dtype=np.float32),
        ("right",): np.array([-2.0], dtype=np.float32),
    }
    noop = np.array([0.0], dtype=np.float32)

    max_speed = 8.0
    max_torque = 2.0
    dt = 0.05
    m = 1.0
    l = 1.0  # noqa: E741 - the rod's length, named as in the equations

    def __init__(self, render_mode: str | None = None, g: float = 10.0) -> None:
        from gymkit.spaces import Box

        self.render_mode = self._check_render_mode(render_mode)
        try:
            self.g = float(g)
        except (TypeError, ValueError):
            raise InvalidEnvKwargs(f"g must be a real number, got {g!r}") from None
        if not math.isfinite(self.g):
            raise InvalidEnvKwargs(f"g must be finite, got {g!r}")
        high = np.array([1.0, 1.0, self.max_speed], dtype=np.float32)
        self.observation_space = Box(-high, high, dtype=np.float32)
        self.action_space = Box(-self.max_torque, self.max_torque, shape=(1,), dtype=np.float32)
        self._gravity_term = 3 * self.g / (2 * self.l)
        self._torque_term = _F32(3.0 / (self.m * self.l**2))
        self.state: tuple[float, float] | None = None
        self.last_u: float | None = None
        self.screen_dim = 500
        self._display = WindowedRendering("PendulumEnv", caption="Pendulum")

    def step(self, action: np.ndarray) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        """Apply the torque ``action[0]`` (clipped to [-2, 2]) for 0.05 s; a NaN torque raises
        :class:`~gymkit.error.InvalidAction` and changes nothing."""
        if type(action) is np.ndarray and action.shape == (1,):
            u = _F32(action[0])
        else:
            u = self._coerce(action)
        if self.state is None:
            raise ResetNeeded("PendulumEnv.step called before reset(); call env.reset() first")
        if u != u:  # NaN: refused, it would turn the state into NaN without a word
            raise invalid_action(self, action)
        th, thdot = self.state
        if u > 2.0:
            u = _F32(2.0)
        elif u < -2.0:
            u = _F32(-2.0)
        self.last_u = float(u)
        normalized = ((th + _PI) % _TWO_PI) - _PI
        costs = normalized**2 + 0.1 * thdot**2 + float(_TORQUE_COST_F32 * (u * u))
        thdot = thdot + (self._gravity_term * math.sin(th) + float(self._torque_term * u)) * 0.05
        if thdot > 8.0:
            thdot = 8.0
        elif thdot < -8.0:
            thdot = -8.0
        th = th + thdot * 0.05
        self.state = (th, thdot)
        if self.render_mode == "human":
            self.render()
        return (
            np.array((math.cos(th), math.sin(th), thdot), dtype=_F32),
            -costs,
            False,
            False,
            {},
        )

    def _coerce(self, action: Any) -> np.float32:
        try:
            array = np.asarray(action)
        except Exception:
            raise invalid_action(self, action) from None
        if array.shape != (1,) or not np.issubdtype(array.dtype, np.number):
            raise invalid_action(self, action)
        return _F32(array[0])

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict[str, Any]]:
        """Draw the angle in ``[-x_init, x_init]`` and the velocity in ``[-y_init, y_init]``."""
        super().reset(seed=seed)
        x_init, y_init = math.pi, 1.0
        if options is not None:
            x_init = _reset_number(options, "x_init", x_init)
            y_init = _reset_number(options, "y_init", y_init)
        high = np.array([x_init, y_init])
        th, thdot = self.np_random.uniform(low=-high, high=high).tolist()
        self.state = (th, thdot)
        self.last_u = None
        if self.render_mode == "human":
            self.render()
        return np.array((math.cos(th), math.sin(th), thdot), dtype=_F32), {}

    # ------------------------------------------------------------------ rendering
    def render(self) -> np.ndarray | None:
        """``rgb_array``: a 500x500 picture of the pendulum and the last torque; ``human``: show
        it."""
        return self._display.render(self.render_mode, self._draw, self.metadata["render_fps"])

    def _draw(self) -> np.ndarray:
        from gymkit.rendering import Canvas

        size = self.screen_dim
        scale = size / (2.2 * 2)
        centre = size / 2
        canvas = Canvas(size, size, origin="bottom-left", supersample=2)
        if self.state is None:
            return canvas.to_array()
        theta = self.state[0]
        rod_len, rod_w = 1.0 * scale, 0.2 * scale
        direction = (-math.sin(theta), math.cos(theta))  # theta = 0 points up
        normal = (-direction[1], direction[0])
        half = rod_w / 2
        tip = (centre + rod_len * direction[0], centre + rod_len * direction[1])
        rod = [
            (centre + half * normal[0], centre + half * normal[1]),
            (tip[0] + half * normal[0], tip[1] + half * normal[1]),
            (tip[0] - half * normal[0], tip[1] - half * normal[1]),
            (centre - half * normal[0], centre - half * normal[1]),
        ]
        red = (204, 77, 77)
        canvas.polygon(rod, fill=red)
        canvas.circle((centre, centre), half, fill=red)
        canvas.circle(tip, half, fill=red)
        if self.last_u:
            self._draw_torque(canvas, (centre, centre), scale, self.last_u)
        canvas.circle((centre, centre), 0.05 * scale, fill=(0, 0, 0))
        return canvas.to_array()

    def _draw_torque(
        self, canvas: Any, centre: tuple[float, float], scale: float, torque: float
    ) -> None:
        """A curved arrow around the axle: its length grows with ``|torque|``, it turns
        counter-clockwise for a positive torque."""
        radius = 0.45 * scale
        sweep = math.pi * 1.5 * min(abs(torque), self.max_torque) / self.max_torque
        sign = 1.0 if torque > 0 else -1.0
        start = -math.pi / 2 - sign * sweep / 2
        steps = 24
        arc = [
            (
                centre[0] + radius * math.cos(start + sign * sweep * i / steps),
                centre[1] + radius * math.sin(start + sign * sweep * i / steps),
            )
            for i in range(steps + 1)
        ]
        canvas.line(arc, (0, 0, 0), width=4)
        end_angle = start + sign * sweep
        end = arc[-1]
        tangent = (-math.sin(end_angle) * sign, math.cos(end_angle) * sign)
        outward = (math.cos(end_angle), math.sin(end_angle))
        head = 0.12 * scale
        canvas.polygon(
            [
                (end[0] + tangent[0] * head, end[1] + tangent[1] * head),
                (end[0] + outward[0] * head / 2, end[1] + outward[1] * head / 2),
                (end[0] - outward[0] * head / 2, end[1] - outward[1] * head / 2),
            ],
            fill=(0, 0, 0),
        )

    def close(self) -> None:
        """Close the window if one is open; idempotent."""
        self._display.close()


def _reset_number(options: dict[str, Any], name: str, default: float) -> float:
    value = options.get(name, default)
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(
            f"reset option {name!r} must be a real number, got {value!r} of type "
            f"{type(value).__name__}"
        ) from None
    if not math.isfinite(number):
        raise ValueError(f"reset option {name!r} must be finite, got {number}")
    return number
