"""InvertedPendulum: balance a pole on a cart that slides along a rail (MuJoCo's cart-pole).

The task (facts of Gymnasium 1.4's InvertedPendulum-v5 and -v4, kept so that results compare):

- Model ``assets/inverted_pendulum.xml``: the cart's slide joint (|x| <= 1 m) and the pole's hinge
  (|angle| <= 90 deg), both damped; one motor pushes the cart with a force of 100 * action,
  action in [-3, 3]. RK4 at 0.02 s, two MuJoCo steps per env step (``dt`` = 0.04 s).
- Observation ``(qpos, qvel)``: cart position, pole angle, cart velocity, pole angular velocity.
- Reward: v5 pays 1 while the pole is upright and 0 on the terminating step; v4 pays 1 on every
  step. ``info["reward_survive"]`` (v5) holds the reward.
- Termination: the observation holds a non-finite number, or ``|angle| > 0.2`` rad.
- Reset: ``qpos`` and ``qvel`` are the model's initial state plus noise uniform in
  ``[-reset_noise_scale, reset_noise_scale]`` (0.01), drawn from ``np_random``: first the
  ``nq`` position draws, then the ``nv`` velocity draws.
"""

from __future__ import annotations

import os
from math import isfinite
from typing import Any

import numpy as np

from gymkit.spaces import Box
from gymkit_mujoco import options as opt
from gymkit_mujoco._fixed_model import FixedModelEnv
from gymkit_mujoco.base import MujocoEnv

__all__ = ["InvertedPendulumEnv", "InvertedPendulumV4Env"]

#: the free camera follows the cart from 2.04 m
DEFAULT_CAMERA_CONFIG: dict[str, Any] = {"trackbodyid": 0, "distance": 2.04}

_ANGLE_LIMIT = 0.2


class _InvertedPendulumBase(MujocoEnv):
    """The cart-pole's simulation and observation, shared by v5 and v4."""

    #: no observation or reward reads cfrc_ext/cfrc_int/cacc: skip mj_rnePostConstraint
    compute_contact_forces = False

    def _bind(self, reset_noise_scale: float) -> None:
        self._noise = reset_noise_scale
        nq, nv = self.model.nq, self.model.nv
        self.observation_space = Box(low=-np.inf, high=np.inf, shape=(nq + nv,), dtype=np.float64)
        self.observation_structure = {"qpos": nq, "qvel": nv}
        self._bind_views()

    def _bind_views(self) -> None:
        # live views into MjData (they follow every mj_step); rebuilt after unpickling
        self._qpos = self.data.qpos
        self._qvel = self.data.qvel

    def _get_obs(self) -> np.ndarray:
        return np.concatenate((self._qpos, self._qvel))

    def _advance(self, action: Any) -> tuple[np.ndarray, bool]:
        self.do_simulation(self.check_action(action), self.frame_skip)
        obs = np.concatenate((self._qpos, self._qvel))
        values = obs.tolist()
        terminated = abs(values[1]) > _ANGLE_LIMIT or not all(map(isfinite, values))
        return obs, terminated

    def reset_model(self) -> np.ndarray:
        scale = self._noise
        nq = self.model.nq
        # one call draws the nq position then the nv velocity uniforms: the same doubles, in the
        # same order, as two calls
        noise = self.np_random.uniform(size=nq + self.model.nv, low=-scale, high=scale)
        self.set_state(self.init_qpos + noise[:nq], self.init_qvel + noise[nq:])
        return self._get_obs()


class InvertedPendulumEnv(_InvertedPendulumBase):
    """InvertedPendulum-v5 (see the module docstring for the task).

    Args:
        xml_file: the MJCF model (a path, or a file name in ``gymkit_mujoco/assets``).
        frame_skip: MuJoCo steps per env step (2).
        default_camera_config: the free camera's settings (follows the cart from 2.04 m).
        reset_noise_scale: half-width of the uniform reset noise on ``qpos`` and ``qvel`` (0.01).
        render_mode, width, height, camera_id, camera_name, max_geom, visual_options: rendering,
            as :class:`~gymkit_mujoco.base.MujocoEnv`.

    Raises :class:`gymkit.error.InvalidEnvKwargs` for a bad option (naming it and the value).
    """

    def __init__(
        self,
        xml_file: str | os.PathLike[str] = "inverted_pendulum.xml",
        frame_skip: int = 2,
        default_camera_config: dict[str, Any] | None = DEFAULT_CAMERA_CONFIG,
        reset_noise_scale: float = 0.01,
        *,
        render_mode: str | None = None,
        width: int = 480,
        height: int = 480,
        camera_id: int | None = None,
        camera_name: str | None = None,
        max_geom: int = 1000,
        visual_options: dict[int, bool] | None = None,
    ) -> None:
        noise = opt.non_negative("InvertedPendulum", "reset_noise_scale", reset_noise_scale)
        super().__init__(
            xml_file,
            frame_skip,
            None,
            render_mode=render_mode,
            width=width,
            height=height,
            camera_id=camera_id,
            camera_name=camera_name,
            default_camera_config=default_camera_config,
            max_geom=max_geom,
            visual_options=visual_options,
        )
        self._bind(noise)

    def step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        """Push the cart with force ``100 * action``; reward 1 while upright, else 0."""
        obs, terminated = self._advance(action)
        reward = 0.0 if terminated else 1.0
        if self.render_mode == "human":
            self.render()
        return obs, reward, terminated, False, {"reward_survive": reward}


class InvertedPendulumV4Env(FixedModelEnv, _InvertedPendulumBase):
    """InvertedPendulum-v4: the v5 task with reward 1 on every step (the terminating one
    included), an empty ``info`` and no task options (rendering options only)."""

    _model_file = "inverted_pendulum.xml"
    _model_frame_skip = 2
    _model_camera = DEFAULT_CAMERA_CONFIG

    def _setup(self) -> None:
        self._bind(0.01)

    def step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        """Push the cart with force ``100 * action``; reward 1 on every step."""
        obs, terminated = self._advance(action)
        if self.render_mode == "human":
            self.render()
        return obs, 1.0, terminated, False, {}
