"""Acrobot: swing the tip of a two-link chain above a line by torquing the middle joint only.

The task of Sutton (1996) and Sutton and Barto's book. State ``(theta1, theta2, dtheta1,
dtheta2)``: the first link's angle from hanging straight down, the second link's angle relative
to the first, and their angular velocities. Action 0, 1, 2 applies a torque of -1, 0, +1 at the
joint between the links. The equations of motion are integrated with one fourth-order
Runge-Kutta step over ``dt = 0.2`` s; the angles are then wrapped into ``[-pi, pi]`` and the
velocities clipped to ``±4 pi`` and ``±9 pi``.

The episode terminates when the tip rises more than one link length above the pivot,
``-cos(theta1) - cos(theta1 + theta2) > 1``; the reward is -1 per step and 0 on the terminating
step. Acrobot-v1 is truncated at 500 steps and counts as solved at -100.

Option ``book_or_nips`` picks the dynamics: ``"book"`` (default, the book's equations) or
``"nips"`` (the NIPS 1995 paper's, which omit the ``dtheta1**2 sin(theta2)`` term from the
second link's acceleration). Option ``torque_noise_max`` adds uniform noise in
``[-torque_noise_max, torque_noise_max]`` to every torque (default 0: deterministic).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from gymkit.core import Env
from gymkit.error import InvalidEnvKwargs, ResetNeeded
from gymkit.utils.display import WindowedRendering
from gymkit_classic.classic_control.utils import (
    check_choice,
    invalid_action,
    reset_bounds,
)

__all__ = ["AcrobotEnv", "acrobot_derivatives", "bound", "rk4_step", "wrap"]

_F32 = np.float32
_PI = math.pi
_HALF_PI = math.pi / 2


def wrap(x: float, m: float, M: float) -> float:
    """``x`` shifted by whole multiples of ``M - m`` into ``[m, M]`` (not a modulo: a value
    already inside is returned unchanged, bit for bit)."""
    diff = M - m
    while x > M:
        x = x - diff
    while x < m:
        x = x + diff
    return x


def bound(x: float, m: float, M: float) -> float:
    """``x`` clipped to ``[m, M]``."""
    return min(max(x, m), M)


def acrobot_derivatives(
    theta1: float,
    theta2: float,
    dtheta1: float,
    dtheta2: float,
    torque: float,
    book: bool = True,
) -> tuple[float, float, float, float]:
    """Time derivatives ``(dtheta1, dtheta2, ddtheta1, ddtheta2)`` of the acrobot with unit
    link lengths and masses, centres of mass at mid-link, unit moments of inertia and
    ``g = 9.8``; ``book`` selects the book's dynamics, else the NIPS paper's."""
    m1 = m2 = 1.0
    l1 = 1.0
    lc1 = lc2 = 0.5
    i1 = i2 = 1.0
    g = 9.8
    cos2 = math.cos(theta2)
    sin2 = math.sin(theta2)
    d1 = m1 * lc1**2 + m2 * (l1**2 + lc2**2 + 2 * l1 * lc2 * cos2) + i1 + i2
    d2 = m2 * (lc2**2 + l1 * lc2 * cos2) + i2
    phi2 = m2 * lc2 * g * math.cos(theta1 + theta2 - _HALF_PI)
    phi1 = (
        -m2 * l1 * lc2 * dtheta2**2 * sin2
        - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sin2
        + (m1 * lc1 + m2 * l1) * g * math.cos(theta1 - _HALF_PI)
        + phi2
    )
    if book:
        ddtheta2 = (torque + d2 / d1 * phi1 - m2 * l1 * lc2 * dtheta1**2 * sin2 - phi2) / (
            m2 * lc2**2 + i2 - d2**2 / d1
        )
    else:
        ddtheta2 = (torque + d2 / d1 * phi1 - phi2) / (m2 * lc2**2 + i2 - d2**2 / d1)
    ddtheta1 = -(d2 * ddtheta2 + phi1) / d1
    return dtheta1, dtheta2, ddtheta1, ddtheta2


def rk4_step(
    state: tuple[float, float, float, float], torque: float, dt: float, book: bool = True
) -> tuple[float, float, float, float]:
    """One classical Runge-Kutta step of length ``dt`` from ``state`` under a constant
    ``torque``; returns the new ``(theta1, theta2, dtheta1, dtheta2)`` (not wrapped)."""
    a0, b0, c0, e0 = state
    h = dt / 2.0
    k1 = acrobot_derivatives(a0, b0, c0, e0, torque, book)
    k2 = acrobot_derivatives(
        a0 + h * k1[0], b0 + h * k1[1], c0 + h * k1[2], e0 + h * k1[3], torque, book
    )
    k3 = acrobot_derivatives(
        a0 + h * k2[0], b0 + h * k2[1], c0 + h * k2[2], e0 + h * k2[3], torque, book
    )
    k4 = acrobot_derivatives(
        a0 + dt * k3[0], b0 + dt * k3[1], c0 + dt * k3[2], e0 + dt * k3[3], torque, book
    )
    w = dt / 6.0
    return (
        a0 + w * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]),
        b0 + w * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]),
        c0 + w * (k1[2] + 2 * k2[2] + 2 * k3[2] + k4[2]),
        e0 + w * (k1[3] + 2 * k2[3] + 2 * k3[3] + k4[3]),
    )


class AcrobotEnv(Env[np.ndarray, int]):
    """The acrobot swing-up task; see the module docstring for the dynamics and options.

    ``reset(options={"low": l, "high": h})`` changes the uniform range of the four initial state
    variables (default ±0.1). Observation ``Box(float32, (6,))``: ``(cos theta1, sin theta1,
    cos theta2, sin theta2, dtheta1, dtheta2)`` within ``[-1, 1]^4 x [-4 pi, 4 pi] x [-9 pi,
    9 pi]``; action ``Discrete(3)``; ``info`` is ``{}``.
    """

    metadata = {"render_modes": ["human", "rgb_array"], "render_fps": 15}

    #: keyboard map of ``gymkit play``: left arrow torque -1, right arrow +1; nothing = 0.
    keys_to_action = {("left",): 0, ("right",): 2}
    noop = 1

    dt = 0.2
    LINK_LENGTH_1 = 1.0
    LINK_LENGTH_2 = 1.0
    LINK_MASS_1 = 1.0
    LINK_MASS_2 = 1.0
    LINK_COM_POS_1 = 0.5
    LINK_COM_POS_2 = 0.5
    LINK_MOI = 1.0
    MAX_VEL_1 = 4 * math.pi
    MAX_VEL_2 = 9 * math.pi
    AVAIL_TORQUE = (-1.0, 0.0, 1.0)

    def __init__(
        self,
        render_mode: str | None = None,
        book_or_nips: str = "book",
        torque_noise_max: float = 0.0,
    ) -> None:
        from gymkit.spaces import Box, Discrete

        self.render_mode = self._check_render_mode(render_mode)
        self.book_or_nips = check_choice("book_or_nips", book_or_nips, ("book", "nips"))
        self._book = book_or_nips == "book"
        try:
            self.torque_noise_max = float(torque_noise_max)
        except (TypeError, ValueError):
            raise InvalidEnvKwargs(
                f"torque_noise_max must be a non-negative number, got {torque_noise_max!r}"
            ) from None
        if not (self.torque_noise_max >= 0 and math.isfinite(self.torque_noise_max)):
            raise InvalidEnvKwargs(
                f"torque_noise_max must be a finite non-negative number, got {torque_noise_max!r}"
            )
        high = np.array([1.0, 1.0, 1.0, 1.0, self.MAX_VEL_1, self.MAX_VEL_2], dtype=np.float32)
        self.observation_space = Box(-high, high, dtype=np.float32)
        self.action_space = Discrete(3)
        self._torques = dict(enumerate(self.AVAIL_TORQUE))
        self.state: tuple[float, float, float, float] | None = None
        self.screen_dim = 500
        self._display = WindowedRendering("AcrobotEnv", caption="Acrobot")

    def step(self, action: int) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        """Apply the torque of ``action`` (0: -1, 1: 0, 2: +1) for one 0.2 s RK4 step."""
        try:
            torque = self._torques[action]
        except (KeyError, TypeError):
            torque = self._slow_torque(action)
        if self.state is None:
            raise ResetNeeded("AcrobotEnv.step called before reset(); call env.reset() first")
        if self.torque_noise_max > 0:
            torque += self.np_random.uniform(-self.torque_noise_max, self.torque_noise_max)
        t1, t2, d1, d2 = rk4_step(self.state, torque, self.dt, self._book)
        t1 = wrap(t1, -_PI, _PI)
        t2 = wrap(t2, -_PI, _PI)
        d1 = bound(d1, -self.MAX_VEL_1, self.MAX_VEL_1)
        d2 = bound(d2, -self.MAX_VEL_2, self.MAX_VEL_2)
        self.state = (t1, t2, d1, d2)
        terminated = -math.cos(t1) - math.cos(t2 + t1) > 1.0
        if self.render_mode == "human":
            self.render()
        obs = np.array((math.cos(t1), math.sin(t1), math.cos(t2), math.sin(t2), d1, d2), dtype=_F32)
        return obs, 0.0 if terminated else -1.0, terminated, False, {}

    def _slow_torque(self, action: Any) -> float:
        if self.action_space.contains(action):
            return self._torques[int(action)]
        raise invalid_action(self, action)

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict[str, Any]]:
        """Draw the four state variables uniformly in ``[low, high]`` (default ±0.1), rounded to
        float32."""
        super().reset(seed=seed)
        low, high = reset_bounds(options, -0.1, 0.1)
        # the reference task stores the initial state in float32 (later states in float64)
        draw = self.np_random.uniform(low=low, high=high, size=(4,)).astype(np.float32)
        t1, t2, d1, d2 = draw.tolist()
        self.state = (t1, t2, d1, d2)
        if self.render_mode == "human":
            self.render()
        # ... so the first observation's cosines and sines are float32 computations too
        angles = draw[:2]
        cos, sin = np.cos(angles), np.sin(angles)
        obs = np.array((cos[0], sin[0], cos[1], sin[1], draw[2], draw[3]), dtype=_F32)
        return obs, {}

    # ------------------------------------------------------------------ rendering
    def render(self) -> np.ndarray | None:
        """``rgb_array``: a 500x500 picture of the two links and the goal line; ``human``: show
        it."""
        return self._display.render(self.render_mode, self._draw, self.metadata["render_fps"])

    def _draw(self) -> np.ndarray:
        from gymkit.rendering import Canvas

        size = self.screen_dim
        reach = self.LINK_LENGTH_1 + self.LINK_LENGTH_2 + 0.2
        scale = size / (reach * 2)
        centre = size / 2
        canvas = Canvas(size, size, origin="bottom-left", supersample=2)
        if self.state is None:
            return canvas.to_array()
        t1, t2 = self.state[0], self.state[1]
        # the goal line: one link length above the pivot
        goal_y = centre + 1.0 * scale
        canvas.line([(centre - reach * scale, goal_y), (centre + reach * scale, goal_y)], (0, 0, 0))
        # theta1 = 0 hangs straight down; positive angles swing counter-clockwise
        joint = (
            centre + self.LINK_LENGTH_1 * scale * math.sin(t1),
            centre - self.LINK_LENGTH_1 * scale * math.cos(t1),
        )
        tip = (
            joint[0] + self.LINK_LENGTH_2 * scale * math.sin(t1 + t2),
            joint[1] - self.LINK_LENGTH_2 * scale * math.cos(t1 + t2),
        )
        half = 0.1 * scale
        for start, end in (((centre, centre), joint), (joint, tip)):
            dx, dy = end[0] - start[0], end[1] - start[1]
            norm = math.hypot(dx, dy) or 1.0
            nx, ny = -dy / norm * half, dx / norm * half
            canvas.polygon(
                [
                    (start[0] + nx, start[1] + ny),
                    (end[0] + nx, end[1] + ny),
                    (end[0] - nx, end[1] - ny),
                    (start[0] - nx, start[1] - ny),
                ],
                fill=(0, 204, 204),
            )
            canvas.circle(start, half, fill=(204, 204, 0))
        return canvas.to_array()

    def close(self) -> None:
        """Close the window if one is open; idempotent."""
        self._display.close()
