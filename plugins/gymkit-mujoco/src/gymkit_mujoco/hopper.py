"""Hopper: a one-legged planar robot rewarded for hopping forward (+x) while it stays healthy.

State: ``qpos = (x, z, pitch, thigh, leg, foot)`` and ``qvel`` the same order. The observation is
``qpos`` without ``x`` (unless ``exclude_current_positions_from_observation=False``) followed by
``qvel`` clipped to [-10, 10]. The reward is ``forward_reward_weight * x_velocity +
healthy_reward - ctrl_cost_weight * |action|^2``, with ``x_velocity`` the torso's x displacement
over the step divided by ``dt``. The hopper is healthy while ``qpos[2:]`` and ``qvel`` lie in
``healthy_state_range``, the height ``z`` in ``healthy_z_range`` and the pitch in
``healthy_angle_range`` (all open intervals); it terminates when unhealthy (if
``terminate_when_unhealthy``).

``HopperEnv`` is v5; ``HopperV4Env`` is v4 (fixed model and frame skip, a healthy reward that is
paid even when unhealthy if ``terminate_when_unhealthy``, info without the reward terms, and no
reset info).
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from gymkit_mujoco import options as opt
from gymkit_mujoco.planar import HealthyPlanarEnv, HealthyPlanarV4Rules

__all__ = ["DEFAULT_CAMERA_CONFIG", "HopperEnv", "HopperV4Env"]

#: The free camera: it follows the torso from 3 m, looking slightly down.
DEFAULT_CAMERA_CONFIG: dict[str, Any] = {
    "trackbodyid": 2,
    "distance": 3.0,
    "lookat": np.array((0.0, 0.0, 1.15)),
    "elevation": -20.0,
}

_TASK = "Hopper"


class HopperEnv(HealthyPlanarEnv):
    """Hopper-v5. Every option of Gymnasium 1.4's v5, plus the rendering options of
    :class:`~gymkit_mujoco.base.MujocoEnv` (``render_mode``, ``width``, ``height``,
    ``camera_id``, ``camera_name``, ``max_geom``, ``visual_options``)."""

    _task = _TASK

    def __init__(
        self,
        xml_file: str | os.PathLike[str] = "hopper.xml",
        frame_skip: int = 4,
        default_camera_config: dict[str, Any] | None = DEFAULT_CAMERA_CONFIG,
        forward_reward_weight: float = 1.0,
        ctrl_cost_weight: float = 1e-3,
        healthy_reward: float = 1.0,
        terminate_when_unhealthy: bool = True,
        healthy_state_range: tuple[float, float] = (-100.0, 100.0),
        healthy_z_range: tuple[float, float] = (0.7, float("inf")),
        healthy_angle_range: tuple[float, float] = (-0.2, 0.2),
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
        self._healthy_state_range = opt.interval(_TASK, "healthy_state_range", healthy_state_range)
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
        """Whether ``qpos[2:]`` and ``qvel`` lie in ``healthy_state_range``, the height in
        ``healthy_z_range`` and the pitch in ``healthy_angle_range`` (strictly; NaN is
        unhealthy)."""
        low, high = self._healthy_state_range
        z_low, z_high = self._healthy_z_range
        a_low, a_high = self._healthy_angle_range
        if not (z_low < qpos[1] < z_high and a_low < qpos[2] < a_high):
            return False
        for value in qpos[2:]:
            if not low < value < high:
                return False
        for value in qvel:  # noqa: SIM110 - a loop is cheaper than all() over a generator
            if not low < value < high:
                return False
        return True


class HopperV4Env(HealthyPlanarV4Rules, HopperEnv):
    """Hopper-v4: the v5 dynamics on the same model, with v4's rules: the model and frame skip
    are fixed, the healthy reward is paid whenever the hopper is healthy *or*
    ``terminate_when_unhealthy`` is set, ``info`` holds only ``x_position`` and ``x_velocity``,
    and ``reset`` returns an empty ``info``."""

    def __init__(
        self,
        forward_reward_weight: float = 1.0,
        ctrl_cost_weight: float = 1e-3,
        healthy_reward: float = 1.0,
        terminate_when_unhealthy: bool = True,
        healthy_state_range: tuple[float, float] = (-100.0, 100.0),
        healthy_z_range: tuple[float, float] = (0.7, float("inf")),
        healthy_angle_range: tuple[float, float] = (-0.2, 0.2),
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
            "hopper.xml",
            4,
            DEFAULT_CAMERA_CONFIG,
            forward_reward_weight=forward_reward_weight,
            ctrl_cost_weight=ctrl_cost_weight,
            healthy_reward=healthy_reward,
            terminate_when_unhealthy=terminate_when_unhealthy,
            healthy_state_range=healthy_state_range,
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
