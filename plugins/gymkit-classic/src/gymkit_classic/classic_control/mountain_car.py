"""MountainCar: drive an under-powered car up a steep hill by rocking it back and forth.

The task of Moore (1990) as popularised by Sutton and Barto. State ``(position, velocity)`` with
position in ``[-1.2, 0.6]`` and velocity in ``[-0.07, 0.07]``; the track's height is
``sin(3 x)``. Action 0 accelerates left, 1 does nothing, 2 accelerates right. Each step::

    velocity += (action - 1) * 0.001 - 0.0025 * cos(3 * position)   (then clipped to ±0.07)
    position += velocity                                             (then clipped to the track)

and a car that hits the left wall (``position == -1.2``) while moving left stops. The reward is
-1 per step; the episode terminates when ``position >= 0.5`` (and ``velocity >= goal_velocity``).
MountainCar-v0 is truncated at 200 steps and counts as solved at -110.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from gymkit.core import Env
from gymkit.error import InvalidEnvKwargs, ResetNeeded
from gymkit.utils.display import WindowedRendering
from gymkit_classic.classic_control.utils import invalid_action, reset_bounds

__all__ = ["MountainCarEnv", "draw_mountain_car"]

_F32 = np.float32


class MountainCarEnv(Env[np.ndarray, int]):
    """The discrete-action mountain car.

    Option ``goal_velocity`` (default 0): the velocity the car must at least have at the flag.
    ``reset(options={"low": l, "high": h})`` changes the uniform range of the initial position
    (default ``[-0.6, -0.4]``; the initial velocity is always 0).

    Observation ``Box(float32, (2,))`` within ``[-1.2, 0.6] x [-0.07, 0.07]``; action
    ``Discrete(3)``; ``info`` is ``{}``.
    """

    metadata = {"render_modes": ["human", "rgb_array"], "render_fps": 30}

    #: keyboard map of ``gymkit play``: left/right arrow accelerate; nothing held = coast (1).
    keys_to_action = {("left",): 0, ("right",): 2}
    noop = 1

    min_position = -1.2
    max_position = 0.6
    max_speed = 0.07
    goal_position = 0.5
    force = 0.001
    gravity = 0.0025

    def __init__(self, render_mode: str | None = None, goal_velocity: float = 0) -> None:
        from gymkit.spaces import Box, Discrete

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
        self.action_space = Discrete(3)
        self._pushes = {0: -self.force, 1: 0.0, 2: self.force}
        self.state: tuple[float, float] | None = None
        self.screen_width, self.screen_height = 600, 400
        self._display = WindowedRendering(type(self).__name__)

    def step(self, action: int) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        """Accelerate (0 left, 1 none, 2 right) for one step; see the module docstring."""
        try:
            push = self._pushes[action]
        except (KeyError, TypeError):
            push = self._slow_push(action)
        if self.state is None:
            raise ResetNeeded("MountainCarEnv.step called before reset(); call env.reset() first")
        position, velocity = self.state
        velocity += push + math.cos(3 * position) * (-self.gravity)
        max_speed = self.max_speed
        if velocity > max_speed:
            velocity = max_speed
        elif velocity < -max_speed:
            velocity = -max_speed
        position += velocity
        if position > self.max_position:
            position = self.max_position
        elif position < self.min_position:
            position = self.min_position
        if position == self.min_position and velocity < 0:
            velocity = 0.0
        self.state = (position, velocity)
        terminated = position >= self.goal_position and velocity >= self.goal_velocity
        if self.render_mode == "human":
            self.render()
        return np.array(self.state, dtype=_F32), -1.0, terminated, False, {}

    def _slow_push(self, action: Any) -> float:
        if self.action_space.contains(action):
            return self._pushes[int(action)]
        raise invalid_action(self, action)

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict[str, Any]]:
        """Start at rest at a position drawn uniformly in ``[low, high]`` (default -0.6, -0.4)."""
        super().reset(seed=seed)
        low, high = reset_bounds(options, -0.6, -0.4)
        self.state = (float(self.np_random.uniform(low=low, high=high)), 0.0)
        if self.render_mode == "human":
            self.render()
        return np.array(self.state, dtype=_F32), {}

    def render(self) -> np.ndarray | None:
        """``rgb_array``: a 600x400 picture of the hill, the car and the flag; ``human``: show
        it."""
        position = None if self.state is None else self.state[0]
        return self._display.render(
            self.render_mode, lambda: draw_mountain_car(self, position), self.metadata["render_fps"]
        )

    def close(self) -> None:
        """Close the window if one is open; idempotent."""
        self._display.close()


def draw_mountain_car(env: Any, position: float | None) -> np.ndarray:
    """A ``(400, 600, 3)`` frame of the hill, the goal flag and (when ``position`` is not
    ``None``) the car; shared by the discrete and the continuous mountain car."""
    from gymkit.rendering import Canvas

    width, height = env.screen_width, env.screen_height
    lo, hi = env.min_position, env.max_position
    scale = width / (hi - lo)
    canvas = Canvas(width, height, origin="bottom-left", supersample=2)

    def ground(x: float) -> float:
        return math.sin(3 * x) * 0.45 + 0.55

    hill = [
        ((lo + (hi - lo) * i / 99 - lo) * scale, ground(lo + (hi - lo) * i / 99) * scale)
        for i in range(100)
    ]
    canvas.line(hill, (0, 0, 0), width=1)

    flag_x = (env.goal_position - lo) * scale
    flag_y1 = ground(env.goal_position) * scale
    flag_y2 = flag_y1 + 50
    canvas.line([(flag_x, flag_y1), (flag_x, flag_y2)], (0, 0, 0))
    canvas.polygon(
        [(flag_x, flag_y2), (flag_x, flag_y2 - 10), (flag_x + 25, flag_y2 - 5)],
        fill=(204, 204, 0),
    )
    if position is None:
        return canvas.to_array()

    car_w, car_h, clearance = 40.0, 20.0, 10.0
    angle = math.cos(3 * position)
    c, s = math.cos(angle), math.sin(angle)
    base_x = (position - lo) * scale
    base_y = clearance + ground(position) * scale

    def place(px: float, py: float) -> tuple[float, float]:
        return base_x + px * c - py * s, base_y + px * s + py * c

    body = [(-car_w / 2, 0), (-car_w / 2, car_h), (car_w / 2, car_h), (car_w / 2, 0)]
    canvas.polygon([place(px, py) for px, py in body], fill=(0, 0, 0))
    for wheel_x in (car_w / 4, -car_w / 4):
        canvas.circle(place(wheel_x, 0.0), car_h / 2.5, fill=(128, 128, 128))
    return canvas.to_array()
