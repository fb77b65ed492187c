"""CartPole: balance a pole hinged on a cart that moves along a frictionless track.

The cart-pole task of Barto, Sutton and Anderson (1983). State ``(x, x_dot, theta, theta_dot)``:
cart position (m), cart velocity, pole angle from upright (rad) and angular velocity. Action 0
pushes the cart left, 1 pushes it right, with a force of 10 N. Every step earns +1 (also the step
that ends the episode); the episode terminates when ``|theta| > 12°`` or ``|x| > 2.4``.
CartPole-v0 is truncated at 200 steps (solved at 195), CartPole-v1 at 500 (solved at 475).
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from gymkit.core import Env
from gymkit.error import GymkitWarning, ResetNeeded
from gymkit.utils.display import WindowedRendering
from gymkit_classic.classic_control.utils import (
    check_choice,
    invalid_action,
    reset_bounds,
)

__all__ = ["CartPoleEnv"]

_F32 = np.float32
_array = np.array
_cos = math.cos
_sin = math.sin
_sqrt = math.sqrt


class CartPoleEnv(Env[np.ndarray, int]):
    """The cart-pole balancing task.

    Options: ``kinematics_integrator`` ``"euler"`` (default: positions advance with the old
    velocities) or ``"semi-implicit"`` (velocities first, then positions with the new ones);
    ``sutton_barto_reward`` (rewards 0 per step and -1 on failure instead of +1 per step).
    ``reset(options={"low": l, "high": h})`` changes the uniform range of the initial state
    (default ±0.05 for all four variables).

    Observation ``Box(float32, (4,))`` bounded by ``±4.8`` (position) and ``±24°`` (angle),
    unbounded in the velocities; action ``Discrete(2)``; ``info`` is ``{}``.
    """

    metadata = {"render_modes": ["human", "rgb_array"], "render_fps": 50}

    #: keyboard map of ``gymkit play``: left/right arrow push the cart; nothing held = push left.
    keys_to_action = {("left",): 0, ("right",): 1}
    noop = 0

    gravity = 9.8
    masscart = 1.0
    masspole = 0.1
    total_mass = masspole + masscart
    length = 0.5  # half the pole's length
    polemass_length = masspole * length
    force_mag = 10.0
    tau = 0.02  # seconds between state updates
    theta_threshold_radians = 12 * 2 * math.pi / 360
    x_threshold = 2.4

    def __init__(
        self,
        render_mode: str | None = None,
        kinematics_integrator: str = "euler",
        sutton_barto_reward: bool = False,
    ) -> None:
        from gymkit.spaces import Box, Discrete

        self.render_mode = self._check_render_mode(render_mode)
        self._human = render_mode == "human"
        self.kinematics_integrator = check_choice(
            "kinematics_integrator", kinematics_integrator, ("euler", "semi-implicit")
        )
        self._euler = kinematics_integrator == "euler"
        self._sutton_barto_reward = bool(sutton_barto_reward)
        high = np.array(
            [self.x_threshold * 2, np.inf, self.theta_threshold_radians * 2, np.inf],
            dtype=np.float32,
        )
        self.observation_space = Box(-high, high, dtype=np.float32)
        self.action_space = Discrete(2)
        self._directions = {0: -1.0, 1: 1.0}
        self._derive_constants()
        self.state: tuple[float, float, float, float] | None = None
        self.steps_beyond_terminated: int | None = None
        self.screen_width, self.screen_height = 600, 400
        self._display = WindowedRendering("CartPoleEnv", caption="CartPole")

    def _derive_constants(self) -> None:
        """The constants of the step's arithmetic, from the physical ones (call again after
        changing those). The native vector env reads them, so that both compute the same
        operations in the same order (bit-identical trajectories)."""
        tau, total_mass = self.tau, self.total_mass
        #: tau * force / total_mass for each action
        self.push = {a: d * self.force_mag * tau / total_mass for a, d in self._directions.items()}
        self.k_temp = tau * self.polemass_length / total_mass
        self.k_gravity = tau * self.gravity
        self.den_a = self.length * (4.0 / 3.0)
        self.den_b = self.length * self.masspole / total_mass
        self.den_ab = self.den_a - self.den_b
        self.k_xacc = self.polemass_length / total_mass

    # ------------------------------------------------------------------ dynamics
    def step(self, action: int) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        """Push the cart (0 left, 1 right) and advance 0.02 s; see the module docstring."""
        try:
            push = self.push[action]
        except (KeyError, TypeError):
            push = self.push[self._slow_action(action)]
        try:
            x, x_dot, theta, theta_dot = self.state  # type: ignore[misc]
        except TypeError:
            raise ResetNeeded(
                "CartPoleEnv.step called before reset(); call env.reset() first"
            ) from None
        # The equations of Barto, Sutton and Anderson with tau folded into the constants:
        # temp = tau * (F + ml * theta_dot**2 * sin) / M,
        # theta_inc = tau * thetaacc = (tau * g * sin - cos * temp) / (l * (4/3 - mp cos**2 / M)),
        # x_inc = tau * xacc = temp - (ml / M) * theta_inc * cos.
        # (The operations and their order are those of the native vector env's kernel.)
        sintheta = _sin(theta)
        if -1.0 < theta < 1.0:  # cos > 0.54: exact enough from sin, and cheaper
            sin2 = sintheta * sintheta
            costheta = _sqrt(1.0 - sin2)
            den = sin2 * self.den_b + self.den_ab  # l (4/3 - mp/M) + l mp/M sin**2
        else:
            costheta = _cos(theta)
            den = self.den_a - self.den_b * (costheta * costheta)
        temp = theta_dot * theta_dot * self.k_temp * sintheta + push
        theta_inc = (self.k_gravity * sintheta - costheta * temp) / den
        x_inc = temp - theta_inc * costheta * self.k_xacc
        tau = self.tau
        if self._euler:
            x = x + tau * x_dot
            theta = theta + tau * theta_dot
            x_dot = x_dot + x_inc
            theta_dot = theta_dot + theta_inc
        else:
            x_dot = x_dot + x_inc
            theta_dot = theta_dot + theta_inc
            x = x + tau * x_dot
            theta = theta + tau * theta_dot
        self.state = state = (x, x_dot, theta, theta_dot)

        x_limit = self.x_threshold
        theta_limit = self.theta_threshold_radians
        terminated = x < -x_limit or x > x_limit or theta < -theta_limit or theta > theta_limit
        if not terminated:
            reward = 0.0 if self._sutton_barto_reward else 1.0
        elif self.steps_beyond_terminated is None:
            self.steps_beyond_terminated = 0
            reward = -1.0 if self._sutton_barto_reward else 1.0
        else:
            if self.steps_beyond_terminated == 0:
                warnings.warn(
                    "CartPoleEnv.step was called after the episode terminated; call reset() "
                    "once terminated=True is returned, later steps are undefined (reward 0)",
                    GymkitWarning,
                    stacklevel=2,
                )
            self.steps_beyond_terminated += 1
            reward = -1.0 if self._sutton_barto_reward else 0.0

        if self._human:
            self.render()
        return _array(state, dtype=_F32), reward, terminated, False, {}

    def _slow_action(self, action: Any) -> int:
        if self.action_space.contains(action):
            return int(action)
        raise invalid_action(self, action)

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict[str, Any]]:
        """Draw the four state variables uniformly in ``[low, high]`` (default ±0.05)."""
        super().reset(seed=seed)
        low, high = reset_bounds(options, -0.05, 0.05)
        self.state = tuple(self.np_random.uniform(low=low, high=high, size=(4,)).tolist())
        self.steps_beyond_terminated = None
        if self.render_mode == "human":
            self.render()
        return np.array(self.state, dtype=_F32), {}

    # ------------------------------------------------------------------ rendering
    def render(self) -> np.ndarray | None:
        """``rgb_array``: a 600x400 picture of cart, pole and track; ``human``: show it."""
        return self._display.render(self.render_mode, self._draw, self.metadata["render_fps"])

    def _draw(self) -> np.ndarray:
        from gymkit.rendering import Canvas

        width, height = self.screen_width, self.screen_height
        scale = width / (self.x_threshold * 2)
        pole_width = 10.0
        pole_len = scale * (2 * self.length)
        cart_w, cart_h = 50.0, 30.0
        track_y = 100.0
        canvas = Canvas(width, height, origin="bottom-left", supersample=2)
        if self.state is None:
            return canvas.to_array()
        x, _, theta, _ = self.state
        cart_x = x * scale + width / 2.0
        canvas.line([(0, track_y), (width, track_y)], (0, 0, 0))
        canvas.rectangle(
            (cart_x - cart_w / 2, track_y - cart_h / 2),
            (cart_x + cart_w / 2, track_y + cart_h / 2),
            fill=(0, 0, 0),
        )
        axle_y = track_y + cart_h / 4
        # the pole: a rectangle rotated by -theta (positive theta leans right)
        half = pole_width / 2
        corners = [(-half, -half), (-half, pole_len - half), (half, pole_len - half), (half, -half)]
        c, s = math.cos(-theta), math.sin(-theta)
        pole = [(cart_x + px * c - py * s, axle_y + px * s + py * c) for px, py in corners]
        canvas.polygon(pole, fill=(202, 152, 101))
        canvas.circle((cart_x, axle_y), half, fill=(129, 132, 203))
        return canvas.to_array()

    def close(self) -> None:
        """Close the window if one is open; idempotent."""
        self._display.close()
