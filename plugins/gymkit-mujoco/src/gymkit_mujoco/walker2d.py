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

from gymkit.spaces import Box
from gymkit_mujoco import options as opt
from gymkit_mujoco.base import MujocoEnv
from gymkit_mujoco.planar import clipped_observation, control_cost

__all__ = ["DEFAULT_CAMERA_CONFIG", "Walker2dEnv", "Walker2dV4Env"]

#: The free camera: it follows the torso from 4 m, looking slightly down.
DEFAULT_CAMERA_CONFIG: dict[str, Any] = {
    "trackbodyid": 2,
    "distance": 4.0,
    "lookat": np.array((0.0, 0.0, 1.15)),
    "elevation": -20.0,
}

_TASK = "Walker2d"


class Walker2dEnv(MujocoEnv):
    """Walker2d-v5. Every option of Gymnasium 1.4's v5, plus the rendering options of
    :class:`~gymkit_mujoco.base.MujocoEnv` (``render_mode``, ``width``, ``height``,
    ``camera_id``, ``camera_name``, ``max_geom``, ``visual_options``)."""

    #: The task reads no contact forces: stepping skips ``mj_rnePostConstraint`` (so
    #: ``data.cfrc_ext`` is not refreshed by ``step``).
    compute_contact_forces = False

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
        self._forward_reward_weight = opt.real(
            _TASK, "forward_reward_weight", forward_reward_weight
        )
        self._ctrl_cost_weight = opt.cost_weight(_TASK, "ctrl_cost_weight", ctrl_cost_weight)
        self._healthy_reward = opt.real(_TASK, "healthy_reward", healthy_reward)
        self._terminate_when_unhealthy = opt.flag(
            _TASK, "terminate_when_unhealthy", terminate_when_unhealthy
        )
        self._healthy_z_range = opt.interval(_TASK, "healthy_z_range", healthy_z_range)
        self._healthy_angle_range = opt.interval(_TASK, "healthy_angle_range", healthy_angle_range)
        self._reset_noise_scale = opt.non_negative(_TASK, "reset_noise_scale", reset_noise_scale)
        self._exclude_current_positions_from_observation = opt.flag(
            _TASK,
            "exclude_current_positions_from_observation",
            exclude_current_positions_from_observation,
        )
        super().__init__(
            xml_file,
            frame_skip,
            None,
            default_camera_config=default_camera_config,
            render_mode=render_mode,
            width=width,
            height=height,
            camera_id=camera_id,
            camera_name=camera_name,
            max_geom=max_geom,
            visual_options=visual_options,
        )
        nq, nv = self.model.nq, self.model.nv
        skipped = int(self._exclude_current_positions_from_observation)
        self._skip = skipped
        self.observation_space = Box(
            low=-np.inf, high=np.inf, shape=(nq + nv - skipped,), dtype=np.float64
        )
        self.observation_structure = {"skipped_qpos": skipped, "qpos": nq - skipped, "qvel": nv}

    # ------------------------------------------------------------------ the task's quantities
    def _healthy(self, qpos: list[float]) -> bool:
        z_low, z_high = self._healthy_z_range
        a_low, a_high = self._healthy_angle_range
        return z_low < qpos[1] < z_high and a_low < qpos[2] < a_high

    @property
    def is_healthy(self) -> bool:
        """Whether the height lies in ``healthy_z_range`` and the pitch in
        ``healthy_angle_range`` (strictly; NaN is unhealthy)."""
        return self._healthy(self.data.qpos.tolist())

    @property
    def healthy_reward(self) -> float:
        """``healthy_reward`` while healthy, else 0."""
        return self.is_healthy * self._healthy_reward

    def control_cost(self, action: Any) -> Any:
        """``ctrl_cost_weight * sum(action ** 2)`` in the action's dtype (as Gymnasium)."""
        return control_cost(self._ctrl_cost_weight, action)

    def _get_obs(self) -> np.ndarray:
        return clipped_observation(self.data.qpos.tolist(), self.data.qvel.tolist(), self._skip)

    def _advance(self, action: Any) -> tuple[list[float], list[float], float, float]:
        """Step the simulation; return ``qpos`` and ``qvel`` as lists, the x velocity and the
        control cost (a float: a float32 action's float32 cost, added as Gymnasium adds it)."""
        ctrl = self.check_action(action)
        data = self.data
        x_before = data.qpos.item(0)
        self.do_simulation(ctrl, self.frame_skip)
        qpos = data.qpos.tolist()
        x_velocity = (qpos[0] - x_before) / self.dt
        return qpos, data.qvel.tolist(), x_velocity, float(self.control_cost(action))

    # ------------------------------------------------------------------ the env API
    def step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        """Apply ``action`` (6 torques in [-1, 1]: right hip, knee, ankle, then the left's) for
        ``frame_skip`` MuJoCo steps."""
        qpos, qvel, x_velocity, ctrl_cost = self._advance(action)
        healthy = self._healthy(qpos)
        forward_reward = self._forward_reward_weight * x_velocity
        healthy_reward = healthy * self._healthy_reward
        info = {
            "x_position": qpos[0],
            "z_distance_from_origin": qpos[1] - self.init_qpos.item(1),
            "x_velocity": x_velocity,
            "reward_forward": forward_reward,
            "reward_ctrl": -ctrl_cost,
            "reward_survive": healthy_reward,
        }
        if self.render_mode == "human":
            self.render()
        return (
            clipped_observation(qpos, qvel, self._skip),
            forward_reward + healthy_reward - ctrl_cost,
            (not healthy) and self._terminate_when_unhealthy,
            False,
            info,
        )

    def reset_model(self) -> np.ndarray:
        """Start at the model's initial state plus uniform noise in
        ``[-reset_noise_scale, reset_noise_scale]`` on every ``qpos`` and ``qvel``."""
        scale = self._reset_noise_scale
        rng = self.np_random
        qpos = self.init_qpos + rng.uniform(low=-scale, high=scale, size=self.model.nq)
        qvel = self.init_qvel + rng.uniform(low=-scale, high=scale, size=self.model.nv)
        self.set_state(qpos, qvel)
        return self._get_obs()

    def _get_reset_info(self) -> dict[str, Any]:
        qpos = self.data.qpos
        return {
            "x_position": qpos.item(0),
            "z_distance_from_origin": qpos.item(1) - self.init_qpos.item(1),
        }


class Walker2dV4Env(Walker2dEnv):
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

    @property
    def healthy_reward(self) -> float:
        """``healthy_reward`` while healthy or when ``terminate_when_unhealthy``, else 0."""
        return float(self.is_healthy or self._terminate_when_unhealthy) * self._healthy_reward

    @property
    def terminated(self) -> bool:
        """Whether the current state ends the episode: unhealthy, if
        ``terminate_when_unhealthy``."""
        return (not self.is_healthy) and self._terminate_when_unhealthy

    def step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        """Apply ``action`` (6 torques in [-1, 1]) for 4 MuJoCo steps."""
        qpos, qvel, x_velocity, ctrl_cost = self._advance(action)
        healthy = self._healthy(qpos)
        forward_reward = self._forward_reward_weight * x_velocity
        healthy_reward = float(healthy or self._terminate_when_unhealthy) * self._healthy_reward
        info = {"x_position": qpos[0], "x_velocity": x_velocity}
        if self.render_mode == "human":
            self.render()
        return (
            clipped_observation(qpos, qvel, self._skip),
            forward_reward + healthy_reward - ctrl_cost,
            (not healthy) and self._terminate_when_unhealthy,
            False,
            info,
        )

    def _get_reset_info(self) -> dict[str, Any]:
        return {}
