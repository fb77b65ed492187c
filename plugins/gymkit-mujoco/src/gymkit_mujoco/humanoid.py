"""Humanoid: a 3D biped (17 actuated hinges on a free-floating torso) learns to walk forward.

Task facts (Gymnasium 1.4's Humanoid-v5 and Humanoid-v4, so that results compare):

* Model ``assets/humanoid.xml``: 14 bodies (world included), ``nq = 24``, ``nv = 23``, 17 motors
  with control in [-0.4, 0.4], two fixed tendons; ``dt = 0.003 * frame_skip`` (0.015 s).
* Observation (float64), in order: ``qpos`` without the torso's x, y (unless
  ``exclude_current_positions_from_observation=False``), ``qvel``, then the bodies' ``cinert``
  (10 each), ``cvel`` (6 each), the actuated dofs' ``qfrc_actuator`` and the bodies' ``cfrc_ext``
  (6 each). v5 leaves out the world body and the root joint's 6 dofs from those four, and each can
  be left out (``include_*_in_observation=False``): 348 values by default. v4 keeps the world
  body and every dof, and all four: 376 values.
* Reward: ``forward + healthy - ctrl_cost - contact_cost``: ``forward = w_f * dx/dt`` of the
  mass-weighted centre of the bodies, ``ctrl_cost = w_c * |data.ctrl|^2``,
  ``contact_cost = clip(w_k * |cfrc_ext|^2, contact_cost_range)`` (v5 only); ``healthy`` is
  ``healthy_reward`` while healthy (v4: on every step unless ``terminate_when_unhealthy=False``
  and unhealthy).
* Healthy: the torso's z strictly inside ``healthy_z_range``.
* Reset: ``qpos = init + U(-s, s)``, ``qvel = init + U(-s, s)``, ``s = reset_noise_scale``.
* v4's ``info`` names its terms ``reward_linvel``, ``reward_quadctrl``, ``reward_alive`` and
  gives the mass centre as ``x_position``/``y_position``; v5 names them ``reward_forward``,
  ``reward_ctrl``, ``reward_survive`` (plus ``reward_contact``) and gives ``qpos[0:2]``.
"""

from __future__ import annotations

import math
import os
from typing import Any

import numpy as np

from gymkit.error import InvalidEnvKwargs
from gymkit.spaces import Box
from gymkit_mujoco import options as opt
from gymkit_mujoco.base import MujocoEnv

__all__ = ["HumanoidEnv", "HumanoidV4Env"]

#: The free camera: tracks the torso from 4 m, looking at 2 m height, as in Gymnasium.
DEFAULT_CAMERA_CONFIG: dict[str, Any] = {
    "trackbodyid": 1,
    "distance": 4.0,
    "lookat": np.array((0.0, 0.0, 2.0)),
    "elevation": -20.0,
}


class HumanoidBody(MujocoEnv):
    """What the Humanoid and HumanoidStandup tasks share: the free-floating body, its
    observation (v5 or v4 layout) and the uniform reset noise.

    ``layout`` is ``"v5"`` (world body and root dofs left out, parts selectable) or ``"v4"``
    (every body and dof, every part).
    """

    _name = "Humanoid"

    def __init__(
        self,
        xml_file: str | os.PathLike[str],
        frame_skip: int,
        default_camera_config: dict[str, Any] | None,
        reset_noise_scale: float,
        exclude_current_positions_from_observation: bool,
        layout: str,
        include: tuple[Any, Any, Any, Any],
        render_kwargs: dict[str, Any],
    ) -> None:
        name = self._name
        self._reset_noise_scale = opt.non_negative(name, "reset_noise_scale", reset_noise_scale)
        self._exclude_current_positions_from_observation = opt.flag(
            name,
            "exclude_current_positions_from_observation",
            exclude_current_positions_from_observation,
        )
        flags = ("cinert", "cvel", "qfrc_actuator", "cfrc_ext")
        self._include = tuple(
            opt.flag(name, f"include_{part}_in_observation", value)
            for part, value in zip(flags, include, strict=True)
        )
        self._layout = layout
        super().__init__(
            xml_file,
            frame_skip,
            None,
            default_camera_config=default_camera_config,
            **render_kwargs,
        )
        model = self.model
        if model.nq < 7 or model.jnt_type[0] != 0:
            raise InvalidEnvKwargs(
                f"{name}: the model {xml_file!r} must start with a free root joint (its qpos[2] "
                "is the torso height the task uses)"
            )
        self._bind_views()
        size = sum(part.size for part in self._obs_parts)
        self.observation_space = Box(-np.inf, np.inf, shape=(size,), dtype=np.float64)
        if layout == "v5":
            skipped = 2 * self._exclude_current_positions_from_observation
            self.observation_structure = {
                "skipped_qpos": skipped,
                "qpos": model.nq - skipped,
                "qvel": model.nv,
                "cinert": (model.nbody - 1) * 10 * self._include[0],
                "cvel": (model.nbody - 1) * 6 * self._include[1],
                "qfrc_actuator": (model.nv - 6) * self._include[2],
                "cfrc_ext": (model.nbody - 1) * 6 * self._include[3],
                "ten_length": 0,
                "ten_velocity": 0,
            }

    def _bind_views(self) -> None:
        """Cache views of the MuJoCo state the step reads (rebuilt after unpickling)."""
        data = self.data
        self._qpos = data.qpos
        self._center = data.subtree_com[0]
        self._opt = self.model.opt
        self._ctrl = data.ctrl
        self._cfrc_flat = data.cfrc_ext.reshape(-1)
        qpos = data.qpos[2:] if self._exclude_current_positions_from_observation else data.qpos
        if self._layout == "v5":
            candidates = (
                data.cinert[1:].reshape(-1),
                data.cvel[1:].reshape(-1),
                data.qfrc_actuator[6:],
                data.cfrc_ext[1:].reshape(-1),
            )
            chosen = tuple(part for part, keep in zip(candidates, self._include) if keep)
        else:
            chosen = (
                data.cinert.reshape(-1),
                data.cvel.reshape(-1),
                data.qfrc_actuator,
                data.cfrc_ext.reshape(-1),
            )
        self._obs_parts = (qpos, data.qvel, *chosen)

    #: What :meth:`_bind_views` caches: views into ``data``/``model``, rebuilt rather than pickled.
    _VIEWS = ("_qpos", "_ctrl", "_cfrc_flat", "_center", "_opt", "_obs_parts")

    def _get_obs(self) -> np.ndarray:
        return np.concatenate(self._obs_parts)

    def _mass_center(self) -> tuple[float, float]:
        """The x, y of the bodies' mass-weighted centre: ``sum(body_mass * xipos) / total``,
        which MuJoCo's forward pass computes as the world body's ``subtree_com``."""
        center = self._center
        return float(center[0]), float(center[1])

    def _ctrl_cost(self) -> float:
        ctrl = self._ctrl
        return self._ctrl_cost_weight * float(np.dot(ctrl, ctrl))

    def _impact(self) -> float:
        """``|cfrc_ext|^2`` over every body."""
        flat = self._cfrc_flat
        return float(np.dot(flat, flat))

    def reset_model(self) -> np.ndarray:
        """``qpos = init + U(-s, s)``, ``qvel = init + U(-s, s)``; returns the observation."""
        s = self._reset_noise_scale
        rng = self.np_random
        qpos = self.init_qpos + rng.uniform(low=-s, high=s, size=self.model.nq)
        qvel = self.init_qvel + rng.uniform(low=-s, high=s, size=self.model.nv)
        self.set_state(qpos, qvel)
        return self._get_obs()

    def _position_info(self) -> dict[str, Any]:
        data = self.data
        return {
            "x_position": float(self._qpos[0]),
            "y_position": float(self._qpos[1]),
            "tendon_length": data.ten_length.copy(),
            "tendon_velocity": data.ten_velocity.copy(),
        }


class _Walker(HumanoidBody):
    """The Humanoid task's options and health, shared by v5 and v4."""

    def __init__(
        self,
        forward_reward_weight: float,
        ctrl_cost_weight: float,
        healthy_reward: float,
        terminate_when_unhealthy: bool,
        healthy_z_range: tuple[float, float],
        **body: Any,
    ) -> None:
        name = self._name
        self._forward_reward_weight = opt.real(name, "forward_reward_weight", forward_reward_weight)
        self._ctrl_cost_weight = opt.real(name, "ctrl_cost_weight", ctrl_cost_weight)
        self._healthy_reward = opt.real(name, "healthy_reward", healthy_reward)
        self._terminate_when_unhealthy = opt.flag(
            name, "terminate_when_unhealthy", terminate_when_unhealthy
        )
        self._healthy_z_range = opt.interval(name, "healthy_z_range", healthy_z_range)
        super().__init__(**body)

    def _healthy(self) -> bool:
        low, high = self._healthy_z_range
        return bool(low < self._qpos[2] < high)


class HumanoidEnv(_Walker):
    """Humanoid-v5: walk forward; every option of Gymnasium 1.4's Humanoid-v5 (see the module
    doc)."""

    def __init__(
        self,
        xml_file: str | os.PathLike[str] = "humanoid.xml",
        frame_skip: int = 5,
        default_camera_config: dict[str, Any] | None = None,
        forward_reward_weight: float = 1.25,
        ctrl_cost_weight: float = 0.1,
        contact_cost_weight: float = 5e-7,
        contact_cost_range: tuple[float, float] = (-np.inf, 10.0),
        healthy_reward: float = 5.0,
        terminate_when_unhealthy: bool = True,
        healthy_z_range: tuple[float, float] = (1.0, 2.0),
        reset_noise_scale: float = 1e-2,
        exclude_current_positions_from_observation: bool = True,
        include_cinert_in_observation: bool = True,
        include_cvel_in_observation: bool = True,
        include_qfrc_actuator_in_observation: bool = True,
        include_cfrc_ext_in_observation: bool = True,
        *,
        render_mode: str | None = None,
        width: int = 480,
        height: int = 480,
        camera_id: int | None = None,
        camera_name: str | None = None,
        max_geom: int = 1000,
        visual_options: dict[int, bool] | None = None,
    ) -> None:
        self._contact_cost_weight = opt.real(self._name, "contact_cost_weight", contact_cost_weight)
        self._contact_cost_range = opt.interval(
            self._name, "contact_cost_range", contact_cost_range
        )
        super().__init__(
            forward_reward_weight,
            ctrl_cost_weight,
            healthy_reward,
            terminate_when_unhealthy,
            healthy_z_range,
            xml_file=xml_file,
            frame_skip=frame_skip,
            default_camera_config=(
                DEFAULT_CAMERA_CONFIG if default_camera_config is None else default_camera_config
            ),
            reset_noise_scale=reset_noise_scale,
            exclude_current_positions_from_observation=exclude_current_positions_from_observation,
            layout="v5",
            include=(
                include_cinert_in_observation,
                include_cvel_in_observation,
                include_qfrc_actuator_in_observation,
                include_cfrc_ext_in_observation,
            ),
            render_kwargs=dict(
                render_mode=render_mode,
                width=width,
                height=height,
                camera_id=camera_id,
                camera_name=camera_name,
                max_geom=max_geom,
                visual_options=visual_options,
            ),
        )

    def step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        ctrl = self.check_action(action)
        x_before, y_before = self._mass_center()
        self.do_simulation(ctrl, self.frame_skip)
        x_after, y_after = self._mass_center()
        dt = self._opt.timestep * self.frame_skip  # self.dt, without the property
        x_velocity = (x_after - x_before) / dt
        y_velocity = (y_after - y_before) / dt

        observation = self._get_obs()
        healthy = self._healthy()
        forward_reward = self._forward_reward_weight * x_velocity
        healthy_reward = self._healthy_reward if healthy else 0.0
        ctrl_cost = self._ctrl_cost()
        low, high = self._contact_cost_range
        contact_cost = min(max(self._contact_cost_weight * self._impact(), low), high)
        reward = (forward_reward + healthy_reward) - (ctrl_cost + contact_cost)
        terminated = self._terminate_when_unhealthy and not healthy

        info = self._position_info()
        info["distance_from_origin"] = math.hypot(info["x_position"], info["y_position"])
        info["x_velocity"] = x_velocity
        info["y_velocity"] = y_velocity
        info["reward_survive"] = healthy_reward
        info["reward_forward"] = forward_reward
        info["reward_ctrl"] = -ctrl_cost
        info["reward_contact"] = -contact_cost
        if self.render_mode == "human":
            self.render()
        return observation, reward, terminated, False, info

    def _get_reset_info(self) -> dict[str, Any]:
        info = self._position_info()
        info["distance_from_origin"] = math.hypot(info["x_position"], info["y_position"])
        return info


class HumanoidV4Env(_Walker):
    """Humanoid-v4: Gymnasium 1.4's Humanoid-v4 rules (its own model, frame skip 5, the full
    376-value observation, no contact cost; see the module doc)."""

    def __init__(
        self,
        forward_reward_weight: float = 1.25,
        ctrl_cost_weight: float = 0.1,
        healthy_reward: float = 5.0,
        terminate_when_unhealthy: bool = True,
        healthy_z_range: tuple[float, float] = (1.0, 2.0),
        reset_noise_scale: float = 1e-2,
        exclude_current_positions_from_observation: bool = True,
        *,
        render_mode: str | None = None,
        width: int = 480,
        height: int = 480,
        camera_id: int | None = None,
        camera_name: str | None = None,
        default_camera_config: dict[str, Any] | None = None,
        max_geom: int = 1000,
        visual_options: dict[int, bool] | None = None,
    ) -> None:
        super().__init__(
            forward_reward_weight,
            ctrl_cost_weight,
            healthy_reward,
            terminate_when_unhealthy,
            healthy_z_range,
            xml_file="humanoid.xml",
            frame_skip=5,
            default_camera_config=(
                DEFAULT_CAMERA_CONFIG if default_camera_config is None else default_camera_config
            ),
            reset_noise_scale=reset_noise_scale,
            exclude_current_positions_from_observation=exclude_current_positions_from_observation,
            layout="v4",
            include=(True, True, True, True),
            render_kwargs=dict(
                render_mode=render_mode,
                width=width,
                height=height,
                camera_id=camera_id,
                camera_name=camera_name,
                max_geom=max_geom,
                visual_options=visual_options,
            ),
        )

    def step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        ctrl = self.check_action(action)
        x_before, y_before = self._mass_center()
        self.do_simulation(ctrl, self.frame_skip)
        x_after, y_after = self._mass_center()
        dt = self._opt.timestep * self.frame_skip  # self.dt, without the property
        x_velocity = (x_after - x_before) / dt
        y_velocity = (y_after - y_before) / dt

        ctrl_cost = self._ctrl_cost()
        forward_reward = self._forward_reward_weight * x_velocity
        healthy = self._healthy()
        healthy_reward = self._healthy_reward if healthy or self._terminate_when_unhealthy else 0.0
        observation = self._get_obs()
        reward = (forward_reward + healthy_reward) - ctrl_cost
        terminated = self._terminate_when_unhealthy and not healthy
        info = {
            "reward_linvel": forward_reward,
            "reward_quadctrl": -ctrl_cost,
            "reward_alive": healthy_reward,
            "x_position": x_after,
            "y_position": y_after,
            "distance_from_origin": math.hypot(x_after, y_after),
            "x_velocity": x_velocity,
            "y_velocity": y_velocity,
            "forward_reward": forward_reward,
        }
        if self.render_mode == "human":
            self.render()
        return observation, reward, terminated, False, info
