"""HalfCheetah: a planar two-legged runner rewarded for running forward (+x); it never terminates.

State: ``qpos = (x, z, pitch, bthigh, bshin, bfoot, fthigh, fshin, ffoot)`` and ``qvel`` the
same order. The observation is ``qpos`` without ``x`` (unless
``exclude_current_positions_from_observation=False``) followed by ``qvel``. The reward is
``forward_reward_weight * x_velocity - ctrl_cost_weight * |action|^2``, with ``x_velocity`` the
torso's x displacement over the step divided by ``dt``. A reset adds uniform noise in
``[-reset_noise_scale, reset_noise_scale]`` to ``qpos`` and Gaussian noise of standard deviation
``reset_noise_scale`` to ``qvel``.

``HalfCheetahEnv`` is v5; ``HalfCheetahV4Env`` is v4 (fixed model and frame skip, the forward
term named ``reward_run`` in ``info``, and no reset info).
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from gymkit_mujoco.planar import PlanarRunnerEnv

__all__ = ["DEFAULT_CAMERA_CONFIG", "HalfCheetahEnv", "HalfCheetahV4Env"]

#: The free camera, 4 m from the model.
DEFAULT_CAMERA_CONFIG: dict[str, Any] = {"distance": 4.0}

_TASK = "HalfCheetah"


class HalfCheetahEnv(PlanarRunnerEnv):
    """HalfCheetah-v5. Every option of Gymnasium 1.4's v5, plus the rendering options of
    :class:`~gymkit_mujoco.base.MujocoEnv` (``render_mode``, ``width``, ``height``,
    ``camera_id``, ``camera_name``, ``max_geom``, ``visual_options``)."""

    _task = _TASK

    def __init__(
        self,
        xml_file: str | os.PathLike[str] = "half_cheetah.xml",
        frame_skip: int = 5,
        default_camera_config: dict[str, Any] | None = DEFAULT_CAMERA_CONFIG,
        forward_reward_weight: float = 1.0,
        ctrl_cost_weight: float = 0.1,
        reset_noise_scale: float = 0.1,
        exclude_current_positions_from_observation: bool = True,
        render_mode: str | None = None,
        width: int = 480,
        height: int = 480,
        camera_id: int | None = None,
        camera_name: str | None = None,
        max_geom: int = 1000,
        visual_options: dict[int, bool] | None = None,
    ) -> None:
        super().__init__(
            xml_file,
            frame_skip,
            default_camera_config,
            forward_reward_weight,
            ctrl_cost_weight,
            reset_noise_scale,
            exclude_current_positions_from_observation,
            render_mode=render_mode,
            width=width,
            height=height,
            camera_id=camera_id,
            camera_name=camera_name,
            max_geom=max_geom,
            visual_options=visual_options,
        )

    def _get_obs(self) -> np.ndarray:
        return np.concatenate((self.data.qpos[self._skip :], self.data.qvel))

    def _advance(self, action: Any) -> tuple[float, float, float]:
        """Step the simulation; return ``(x_after, x_velocity, ctrl_cost)`` (floats)."""
        ctrl = self.check_action(action)
        qpos = self.data.qpos
        x_before = qpos.item(0)
        self.do_simulation(ctrl, self.frame_skip)
        x_after = qpos.item(0)
        # in float64: a float32 action gives a float32 cost, added as Gymnasium adds it
        return x_after, (x_after - x_before) / self.dt, float(self.control_cost(action))

    def step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        """Apply ``action`` (6 torques in [-1, 1]: back thigh, shin, foot, then the front's) for
        ``frame_skip`` MuJoCo steps."""
        x_after, x_velocity, ctrl_cost = self._advance(action)
        forward_reward = self._forward_reward_weight * x_velocity
        info = {
            "x_position": x_after,
            "x_velocity": x_velocity,
            "reward_forward": forward_reward,
            "reward_ctrl": -ctrl_cost,
        }
        if self.render_mode == "human":
            self.render()
        return self._get_obs(), forward_reward - ctrl_cost, False, False, info

    def reset_model(self) -> np.ndarray:
        """Start at the model's initial state plus noise: uniform in
        ``[-reset_noise_scale, reset_noise_scale]`` on ``qpos``, normal with standard deviation
        ``reset_noise_scale`` on ``qvel``."""
        scale = self._reset_noise_scale
        rng = self.np_random
        qpos = self.init_qpos + rng.uniform(low=-scale, high=scale, size=self.model.nq)
        qvel = self.init_qvel + scale * rng.standard_normal(self.model.nv)
        self.set_state(qpos, qvel)
        return self._get_obs()

    def _get_reset_info(self) -> dict[str, Any]:
        return {"x_position": self.data.qpos.item(0)}


class HalfCheetahV4Env(HalfCheetahEnv):
    """HalfCheetah-v4: the v5 dynamics with v4's rules: the model and frame skip are fixed, the
    forward term is ``info["reward_run"]``, and ``reset`` returns an empty ``info``."""

    def __init__(
        self,
        forward_reward_weight: float = 1.0,
        ctrl_cost_weight: float = 0.1,
        reset_noise_scale: float = 0.1,
        exclude_current_positions_from_observation: bool = True,
        render_mode: str | None = None,
        width: int = 480,
        height: int = 480,
        camera_id: int | None = None,
        camera_name: str | None = None,
        max_geom: int = 1000,
        visual_options: dict[int, bool] | None = None,
    ) -> None:
        super().__init__(
            "half_cheetah.xml",
            5,
            DEFAULT_CAMERA_CONFIG,
            forward_reward_weight=forward_reward_weight,
            ctrl_cost_weight=ctrl_cost_weight,
            reset_noise_scale=reset_noise_scale,
            exclude_current_positions_from_observation=exclude_current_positions_from_observation,
            render_mode=render_mode,
            width=width,
            height=height,
            camera_id=camera_id,
            camera_name=camera_name,
            max_geom=max_geom,
            visual_options=visual_options,
        )

    def step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        """Apply ``action`` (6 torques in [-1, 1]) for 5 MuJoCo steps."""
        x_after, x_velocity, ctrl_cost = self._advance(action)
        forward_reward = self._forward_reward_weight * x_velocity
        info = {
            "x_position": x_after,
            "x_velocity": x_velocity,
            "reward_run": forward_reward,
            "reward_ctrl": -ctrl_cost,
        }
        if self.render_mode == "human":
            self.render()
        return self._get_obs(), forward_reward - ctrl_cost, False, False, info

    def _get_reset_info(self) -> dict[str, Any]:
        return {}
