"""Swimmer: three links in a viscous fluid, rewarded for swimming forward (+x); it never
terminates.

State: ``qpos = (x, y, heading, hinge 1, hinge 2)`` and ``qvel`` the same order. The observation
is ``qpos`` without ``x`` and ``y`` (unless ``exclude_current_positions_from_observation=False``)
followed by ``qvel``. The reward is ``forward_reward_weight * x_velocity - ctrl_cost_weight *
|action|^2``, with ``x_velocity`` the x displacement of the head link over the step divided by
``dt``. A reset adds uniform noise in ``[-reset_noise_scale, reset_noise_scale]`` to every
``qpos`` and ``qvel``.

``SwimmerEnv`` is v5; ``SwimmerV4Env`` is v4 (fixed model and frame skip, the forward term named
``reward_fwd`` and ``forward_reward`` in ``info``, and no reset info).
"""

from __future__ import annotations

import math
import os
from typing import Any

import numpy as np

from gymkit_mujoco.planar import PlanarRunnerEnv

__all__ = ["SwimmerEnv", "SwimmerV4Env"]

_TASK = "Swimmer"


class SwimmerEnv(PlanarRunnerEnv):
    """Swimmer-v5. Every option of Gymnasium 1.4's v5, plus the rendering options of
    :class:`~gymkit_mujoco.base.MujocoEnv` (``render_mode``, ``width``, ``height``,
    ``camera_id``, ``camera_name``, ``max_geom``, ``visual_options``)."""

    _task = _TASK
    _position_dims = 2  # x and y

    def __init__(
        self,
        xml_file: str | os.PathLike[str] = "swimmer.xml",
        frame_skip: int = 4,
        default_camera_config: dict[str, Any] | None = None,
        forward_reward_weight: float = 1.0,
        ctrl_cost_weight: float = 1e-4,
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

    def _advance(self, action: Any) -> tuple[dict[str, Any], float]:
        """Step the simulation; return the position and velocity entries of ``info`` and the
        control cost (a float: a float32 action's float32 cost, added as Gymnasium adds it)."""
        ctrl = self.check_action(action)
        qpos = self.data.qpos
        x_before, y_before = qpos.item(0), qpos.item(1)
        self.do_simulation(ctrl, self.frame_skip)
        x_after, y_after = qpos.item(0), qpos.item(1)
        dt = self.dt
        moved = {
            "x_position": x_after,
            "y_position": y_after,
            "distance_from_origin": math.sqrt(x_after * x_after + y_after * y_after),
            "x_velocity": (x_after - x_before) / dt,
            "y_velocity": (y_after - y_before) / dt,
        }
        return moved, float(self.control_cost(action))

    def step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        """Apply ``action`` (2 hinge torques in [-1, 1]) for ``frame_skip`` MuJoCo steps."""
        info, ctrl_cost = self._advance(action)
        forward_reward = self._forward_reward_weight * info["x_velocity"]
        info["reward_forward"] = forward_reward
        info["reward_ctrl"] = -ctrl_cost
        if self.render_mode == "human":
            self.render()
        return self._get_obs(), forward_reward - ctrl_cost, False, False, info

    def _get_reset_info(self) -> dict[str, Any]:
        x, y = self.data.qpos.item(0), self.data.qpos.item(1)
        return {"x_position": x, "y_position": y, "distance_from_origin": math.sqrt(x * x + y * y)}


class SwimmerV4Env(SwimmerEnv):
    """Swimmer-v4: the v5 dynamics with v4's rules: the model and frame skip are fixed, the
    forward term is in ``info`` as ``reward_fwd`` and ``forward_reward``, and ``reset`` returns
    an empty ``info``."""

    def __init__(
        self,
        forward_reward_weight: float = 1.0,
        ctrl_cost_weight: float = 1e-4,
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
            "swimmer.xml",
            4,
            None,
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
        """Apply ``action`` (2 hinge torques in [-1, 1]) for 4 MuJoCo steps."""
        moved, ctrl_cost = self._advance(action)
        forward_reward = self._forward_reward_weight * moved["x_velocity"]
        info = {"reward_fwd": forward_reward, "reward_ctrl": -ctrl_cost, **moved}
        info["forward_reward"] = forward_reward
        if self.render_mode == "human":
            self.render()
        return self._get_obs(), forward_reward - ctrl_cost, False, False, info

    def _get_reset_info(self) -> dict[str, Any]:
        return {}
