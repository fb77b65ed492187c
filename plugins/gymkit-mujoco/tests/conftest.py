"""Fixtures of the gymkit-mujoco tests: a tiny MJCF task built on :class:`MujocoEnv`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest

from gymkit.spaces import Box
from gymkit_mujoco.base import MujocoEnv

#: A cart on a rail carrying a hinged pole, with a floor, a light and two named cameras.
TINY_MJCF = """
<mujoco model="tiny_cart_pole">
  <option timestep="0.01"/>
  <visual><global offwidth="320" offheight="320"/></visual>
  <worldbody>
    <light pos="0 0 3" dir="0 0 -1"/>
    <geom name="floor" type="plane" size="4 4 0.1" rgba="0.3 0.5 0.7 1"/>
    <camera name="side" pos="0 -3 0.8" xyaxes="1 0 0 0 0.3 1"/>
    <body name="cart" pos="0 0 0.3">
      <joint name="slide" type="slide" axis="1 0 0" range="-1.5 1.5" damping="0.1"/>
      <geom name="cart" type="box" size="0.2 0.1 0.05" mass="1" rgba="0.9 0.3 0.2 1"/>
      <camera name="onboard" pos="0 -1 0.2" xyaxes="1 0 0 0 0 1"/>
      <body name="pole" pos="0 0 0.05">
        <joint name="hinge" type="hinge" axis="0 1 0" damping="0.01"/>
        <geom name="pole" type="capsule" fromto="0 0 0 0 0 0.6" size="0.03" mass="0.2"/>
      </body>
    </body>
  </worldbody>
  <actuator>
    <motor name="push" joint="slide" gear="10" ctrlrange="-1 1" ctrllimited="true"/>
    <motor name="twist" joint="hinge" gear="1" ctrlrange="-0.5 0.5" ctrllimited="true"/>
  </actuator>
</mujoco>
"""


class TinyCartPole(MujocoEnv):
    """A two-actuator task: reward = -(cart position)^2, terminated when the pole falls."""

    def __init__(self, frame_skip: int = 2, noise: float = 0.1, **kwargs: Any) -> None:
        obs_space = Box(-np.inf, np.inf, shape=(4,), dtype=np.float64)
        super().__init__(None, frame_skip, obs_space, xml_string=TINY_MJCF, **kwargs)
        self.noise = noise

    def reset_model(self) -> np.ndarray:
        qpos = self.init_qpos + self.np_random.uniform(-self.noise, self.noise, self.model.nq)
        qvel = self.init_qvel + self.np_random.uniform(-self.noise, self.noise, self.model.nv)
        self.set_state(qpos, qvel)
        return self.state_vector()

    def step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        self.do_simulation(self.check_action(action), self.frame_skip)
        obs = self.state_vector()
        terminated = bool(abs(obs[1]) > 1.0)
        if self.render_mode == "human":
            self.render()
        return obs, -float(obs[0] ** 2), terminated, False, {"x": float(obs[0])}


@pytest.fixture
def tiny() -> Iterator[Callable[..., TinyCartPole]]:
    """A factory of :class:`TinyCartPole` envs, each closed after the test."""
    made: list[TinyCartPole] = []

    def make(**kwargs: Any) -> TinyCartPole:
        env = TinyCartPole(**kwargs)
        made.append(env)
        return env

    yield make
    for env in made:
        env.close()


@pytest.fixture(scope="session")
def tiny_mjcf() -> str:
    """The tiny cart-pole's MJCF text."""
    return TINY_MJCF


@pytest.fixture(scope="session")
def tiny_cls() -> type[TinyCartPole]:
    """The tiny cart-pole task class."""
    return TinyCartPole
