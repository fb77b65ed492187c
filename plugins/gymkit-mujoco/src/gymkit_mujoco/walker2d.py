"""Walker2d: a planar biped rewarded for walking forward (+x) while it stays healthy.

State: ``qpos = (x, z, pitch, right thigh, leg, foot, left thigh, leg, foot)`` and ``qvel`` the
same order. The observation is ``qpos`` without ``x`` (unless
``exclude_current_positions_from_observation=False``) followed by ``qvel`` clipped to [-10, 10].
The reward is ``forward_reward_weight * x_velocity + healthy_reward - ctrl_cost_weight *
|action|^2``, with ``x_velocity`` the torso's x displacement over the step divided by ``dt``.
The walker is healthy while its height ``z`` lies in ``healthy_z_range`` and its pitch in
``healthy_angle_range`` (open intervals); it terminates when unhealthy (if
``terminate_when_unhealthy``).

``Walker2dEnv`` is v5 (model ``walker2d.xml``: both feet with friction 1.9); ``Walker2dV4Env`` is
v4 (model ``walker2d_v4.xml``: the right foot with friction 0.9; fixed frame skip, a healthy
reward paid even when unhealthy if ``terminate_when_unhealthy``, info without the reward terms,
and no reset info).
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from gymkit_mujoco.planar import HealthyPlanarEnv, HealthyPlanarV4Rules

__all__ = ["DEFAULT_CAMERA_CONFIG", "Walker2dEnv", "Walker2dV4Env"]

#: The free camera: it follows the torso from 4 m, looking slightly down.
DEFAULT_CAMERA_CONFIG: dict[str, Any] = {
    "trackbodyid": 2,
    "distance": 4.0,
    "lookat": np.array((0.0, 0.0, 1.15)),
    "elevation": -20.0,
}

_TASK = "Walker2d"


class Walker2dEnv(HealthyPlanarEnv):
    """Walker2d-v5. Every option of Gymnasium 1.4's v5, plus the rendering options of
    :class:`~gymkit_mujoco.base.MujocoEnv` (``render_mode``, ``width``, ``height``,
    ``camera_id``, ``camera_name``, ``max_geom``, ``visual_options``)."""

    _task = _TASK

    def __init__(
        self,
        xml_file: str | os.PathLike[str] = "walker2d.xml",
        frame_skip: int = 4,
        default_camera_config: dict[str, Any] | None = DEFAULT_CAMERA_CONFIG,
        forward_reward_weight: float = 1.0,
        ctrl_cost_weight: float = 1e-3,
        healthy_reward: float = 1.0,
        terminate_when_unhealthy: bool = True,
        healthy_z_range: tuple[float, float] = (0.8, 2.0),
        healthy_angle_range: tuple[float, float] = (-1.0, 1.0),
        reset_noise_scale: float = 5e-3,
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
            healthy_reward,
            terminate_when_unhealthy,
            healthy_z_range,
            healthy_angle_range,
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

    # ------------------------------------------------------------------ the task's quantities
    def _healthy(self, qpos: list[float], qvel: list[float]) -> bool:
        """Whether the height lies in ``healthy_z_range`` and the pitch in
        ``healthy_angle_range`` (strictly; NaN is unhealthy)."""
        z_low, z_high = self._healthy_z_range
        a_low, a_high = self._healthy_angle_range
        return z_low < qpos[1] < z_high and a_low < qpos[2] < a_high


class Walker2dV4Env(HealthyPlanarV4Rules, Walker2dEnv):
    """Walker2d-v4: v4's model (the right foot less grippy) and v4's rules: the model and frame
    skip are fixed, the healthy reward is paid whenever the walker is healthy *or*
    ``terminate_when_unhealthy`` is set, ``info`` holds only ``x_position`` and ``x_velocity``,
    and ``reset`` returns an empty ``info``."""

    def __init__(
        self,
        forward_reward_weight: float = 1.0,
        ctrl_cost_weight: float = 1e-3,
        healthy_reward: float = 1.0,
        terminate_when_unhealthy: bool = True,
        healthy_z_range: tuple[float, float] = (0.8, 2.0),
        healthy_angle_range: tuple[float, float] = (-1.0, 1.0),
        reset_noise_scale: float = 5e-3,
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
            "walker2d_v4.xml",
            4,
            DEFAULT_CAMERA_CONFIG,
            forward_reward_weight=forward_reward_weight,
            ctrl_cost_weight=ctrl_cost_weight,
            healthy_reward=healthy_reward,
            terminate_when_unhealthy=terminate_when_unhealthy,
            healthy_z_range=healthy_z_range,
            healthy_angle_range=healthy_angle_range,
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
