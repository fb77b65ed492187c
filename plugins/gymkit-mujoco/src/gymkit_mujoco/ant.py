"""Ant: a four-legged robot on a free-floating torso learns to walk forward (+x).

Task facts (Gymnasium 1.4's Ant-v5 and Ant-v4, so that results compare):

* Model ``assets/ant.xml``: 14 bodies (the world, the torso, 3 per leg), a free root joint and eight
  hinges, eight motors (gear 150) with control in [-1, 1]; ``dt = 0.01 * frame_skip``.
* Observation (float64): ``qpos`` without the torso's x, y (unless
  ``exclude_current_positions_from_observation=False``), ``qvel``, then the external contact
  wrenches ``cfrc_ext`` clipped to ``contact_force_range`` -- v5: of every body but the world
  (78 values, unless ``include_cfrc_ext_in_observation=False``); v4: of every body including
  the world (84 values), only when ``use_contact_forces=True``.
* Reward: ``forward + healthy - ctrl_cost - contact_cost``, with ``forward = w_f * dx/dt`` of
  the ``main_body``'s position (v4: the torso, ``w_f = 1``), ``ctrl_cost = w_c * |action|^2``
  (at the action's own precision), ``contact_cost = w_k * |clip(cfrc_ext)|^2`` (v4: only with
  ``use_contact_forces``); ``healthy`` is ``healthy_reward`` while healthy (v4: on every step
  unless ``terminate_when_unhealthy=False`` and unhealthy).
* Healthy: the state is finite and the torso's z is in ``healthy_z_range`` (closed interval).
* Reset: ``qpos = init + U(-s, s)``, ``qvel = init + s * N(0, 1)``, ``s = reset_noise_scale``.
* v4 quirks kept for v4: ``info["reward_ctrl"]`` holds ``-contact_cost`` when
  ``use_contact_forces=True``, and ``info["x_position"]``/``["y_position"]`` are the torso's
  body position ``xpos`` (v5: ``qpos``).
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

__all__ = ["AntEnv", "AntV4Env"]

_add_reduce = np.add.reduce

#: The free camera's placement, as in Gymnasium.
DEFAULT_CAMERA_CONFIG: dict[str, Any] = {"distance": 4.0}


def _is_finite(qpos: np.ndarray, qvel: np.ndarray) -> bool:
    """Whether every entry of ``qpos`` and ``qvel`` is finite. A sum of squares first (fast):
    it is finite exactly when every entry is, unless it overflows -- then the entries decide."""
    if math.isfinite(float(np.dot(qpos, qpos)) + float(np.dot(qvel, qvel))):
        return True
    return bool(np.isfinite(qpos).all() and np.isfinite(qvel).all())


class _Ant(MujocoEnv):
    """What both versions share: options, the state views and the reset."""

    _name = "Ant"

    def __init__(
        self,
        xml_file: str | os.PathLike[str],
        frame_skip: int,
        default_camera_config: dict[str, Any] | None,
        ctrl_cost_weight: float,
        contact_cost_weight: float,
        healthy_reward: float,
        terminate_when_unhealthy: bool,
        healthy_z_range: tuple[float, float],
        contact_force_range: tuple[float, float],
        reset_noise_scale: float,
        exclude_current_positions_from_observation: bool,
        render_kwargs: dict[str, Any],
    ) -> None:
        name = self._name
        self._ctrl_cost_weight = opt.real(name, "ctrl_cost_weight", ctrl_cost_weight)
        self._contact_cost_weight = opt.real(name, "contact_cost_weight", contact_cost_weight)
        self._healthy_reward = opt.real(name, "healthy_reward", healthy_reward)
        self._terminate_when_unhealthy = opt.flag(
            name, "terminate_when_unhealthy", terminate_when_unhealthy
        )
        self._healthy_z_range = opt.interval(name, "healthy_z_range", healthy_z_range)
        self._contact_force_range = opt.interval(name, "contact_force_range", contact_force_range)
        self._reset_noise_scale = opt.non_negative(name, "reset_noise_scale", reset_noise_scale)
        self._exclude_current_positions_from_observation = opt.flag(
            name,
            "exclude_current_positions_from_observation",
            exclude_current_positions_from_observation,
        )
        super().__init__(
            xml_file,
            frame_skip,
            None,
            default_camera_config=default_camera_config,
            **render_kwargs,
        )
        if self.model.nq < 3 or self.model.jnt_type[0] != 0:
            raise InvalidEnvKwargs(
                f"{name}: the model {xml_file!r} must start with a free root joint (its qpos[2] "
                "is the torso height the task checks)"
            )
        self._bind_views()

    def _bind_views(self) -> None:
        """Cache views of the MuJoCo state the step reads (rebuilt after unpickling)."""
        data = self.data
        self._qpos = data.qpos
        self._qvel = data.qvel
        self._xpos = data.xpos
        self._cfrc_ext = data.cfrc_ext
        self._opt = self.model.opt
        self._clipped = np.zeros(data.cfrc_ext.shape)
        self._clipped_flat = self._clipped.reshape(-1)
        exclude = self._exclude_current_positions_from_observation
        self._qpos_obs = data.qpos[2:] if exclude else data.qpos

    #: What :meth:`_bind_views` caches: views into ``data``/``model``, rebuilt rather than pickled.
    _VIEWS = (
        "_qpos",
        "_qvel",
        "_xpos",
        "_cfrc_ext",
        "_opt",
        "_clipped",
        "_clipped_flat",
        "_qpos_obs",
    )

    def _clip_contact_forces(self) -> np.ndarray:
        """``cfrc_ext`` clipped to ``contact_force_range``, into a reused buffer (flat)."""
        low, high = self._contact_force_range
        clipped = self._clipped
        # np.clip's result, by the two ufuncs it is made of (cheaper to call)
        np.minimum(np.maximum(self._cfrc_ext, low, out=clipped), high, out=clipped)
        return self._clipped_flat

    def _ctrl_cost(self, action: Any, ctrl: np.ndarray) -> float:
        # Gymnasium squares the action as given: a float32 action costs in float32 (the weight
        # times a float32 sum stays float32).
        if type(action) is np.ndarray and action.dtype == np.float32:
            # the same pairwise float32 sum as np.square(action).sum(), without its wrapper
            return float(self._ctrl_cost_weight * _add_reduce(np.multiply(action, action)))
        return self._ctrl_cost_weight * float(np.dot(ctrl, ctrl))

    def _healthy(self) -> bool:
        qpos = self._qpos
        low, high = self._healthy_z_range
        return bool(_is_finite(qpos, self._qvel) and low <= qpos[2] <= high)

    def reset_model(self) -> np.ndarray:
        """``qpos = init + U(-s, s)``, ``qvel = init + s * N(0, 1)``; returns the observation."""
        s = self._reset_noise_scale
        rng = self.np_random
        qpos = self.init_qpos + rng.uniform(low=-s, high=s, size=self.model.nq)
        qvel = self.init_qvel + s * rng.standard_normal(self.model.nv)
        self.set_state(qpos, qvel)
        return self._get_obs()

    def _get_obs(self) -> np.ndarray:
        raise NotImplementedError


class AntEnv(_Ant):
    """Ant-v5: walk forward; every option of Gymnasium 1.4's Ant-v5 (see the module doc)."""

    def __init__(
        self,
        xml_file: str | os.PathLike[str] = "ant.xml",
        frame_skip: int = 5,
        default_camera_config: dict[str, Any] | None = None,
        forward_reward_weight: float = 1.0,
        ctrl_cost_weight: float = 0.5,
        contact_cost_weight: float = 5e-4,
        healthy_reward: float = 1.0,
        main_body: int | str = 1,
        terminate_when_unhealthy: bool = True,
        healthy_z_range: tuple[float, float] = (0.2, 1.0),
        contact_force_range: tuple[float, float] = (-1.0, 1.0),
        reset_noise_scale: float = 0.1,
        exclude_current_positions_from_observation: bool = True,
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
        self._forward_reward_weight = opt.real(
            "Ant", "forward_reward_weight", forward_reward_weight
        )
        self._include_cfrc_ext_in_observation = opt.flag(
            "Ant", "include_cfrc_ext_in_observation", include_cfrc_ext_in_observation
        )
        super().__init__(
            xml_file,
            frame_skip,
            DEFAULT_CAMERA_CONFIG if default_camera_config is None else default_camera_config,
            ctrl_cost_weight,
            contact_cost_weight,
            healthy_reward,
            terminate_when_unhealthy,
            healthy_z_range,
            contact_force_range,
            reset_noise_scale,
            exclude_current_positions_from_observation,
            dict(
                render_mode=render_mode,
                width=width,
                height=height,
                camera_id=camera_id,
                camera_name=camera_name,
                max_geom=max_geom,
                visual_options=visual_options,
            ),
        )
        self._main_body = opt.body_index("Ant", self.model, main_body)
        self._n_state = self._qpos_obs.size + self.model.nv
        skipped = 2 * self._exclude_current_positions_from_observation
        cfrc = (self.model.nbody - 1) * 6 * self._include_cfrc_ext_in_observation
        self.observation_structure = {
            "skipped_qpos": skipped,
            "qpos": self.model.nq - skipped,
            "qvel": self.model.nv,
            "cfrc_ext": cfrc,
        }
        size = self.model.nq - skipped + self.model.nv + cfrc
        self.observation_space = Box(-np.inf, np.inf, shape=(size,), dtype=np.float64)

    def _get_obs(self) -> np.ndarray:
        clipped = self._clip_contact_forces()
        if self._include_cfrc_ext_in_observation:
            return np.concatenate((self._qpos_obs, self._qvel, clipped[6:]))
        return np.concatenate((self._qpos_obs, self._qvel))

    def step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        ctrl = self.check_action(action)
        xpos = self._xpos
        body = self._main_body
        x_before = float(xpos[body, 0])
        y_before = float(xpos[body, 1])
        self.do_simulation(ctrl, self.frame_skip)
        dt = self._opt.timestep * self.frame_skip  # self.dt, without the property
        x_velocity = (float(xpos[body, 0]) - x_before) / dt
        y_velocity = (float(xpos[body, 1]) - y_before) / dt

        observation = self._get_obs()  # also clips cfrc_ext into self._clipped_flat
        clipped = self._clipped_flat
        qpos = self._qpos
        x, y, z = float(qpos[0]), float(qpos[1]), float(qpos[2])
        # finite state: the observation's head holds qpos[2:] and qvel (one dot, not two)
        head = observation[: self._n_state]
        low, high = self._healthy_z_range
        healthy = (
            math.isfinite(float(np.dot(head, head)) + x * x + y * y) or _is_finite(qpos, self._qvel)
        ) and low <= z <= high
        forward_reward = x_velocity * self._forward_reward_weight
        healthy_reward = self._healthy_reward if healthy else 0.0
        ctrl_cost = self._ctrl_cost(action, ctrl)
        contact_cost = self._contact_cost_weight * float(np.dot(clipped, clipped))
        reward = (forward_reward + healthy_reward) - (ctrl_cost + contact_cost)
        terminated = self._terminate_when_unhealthy and not healthy

        info = {
            "x_position": x,
            "y_position": y,
            "distance_from_origin": math.hypot(x, y),
            "x_velocity": x_velocity,
            "y_velocity": y_velocity,
            "reward_forward": forward_reward,
            "reward_ctrl": -ctrl_cost,
            "reward_contact": -contact_cost,
            "reward_survive": healthy_reward,
        }
        if self.render_mode == "human":
            self.render()
        return observation, reward, terminated, False, info

    def _get_reset_info(self) -> dict[str, Any]:
        x, y = float(self._qpos[0]), float(self._qpos[1])
        return {"x_position": x, "y_position": y, "distance_from_origin": math.hypot(x, y)}


class AntV4Env(_Ant):
    """Ant-v4: Gymnasium 1.4's Ant-v4 rules (frame skip 5; contact forces only with
    ``use_contact_forces=True`` -- without it ``data.cfrc_ext`` is not computed; see the module
    doc for the kept quirks)."""

    def __init__(
        self,
        xml_file: str | os.PathLike[str] = "ant.xml",
        ctrl_cost_weight: float = 0.5,
        use_contact_forces: bool = False,
        contact_cost_weight: float = 5e-4,
        healthy_reward: float = 1.0,
        terminate_when_unhealthy: bool = True,
        healthy_z_range: tuple[float, float] = (0.2, 1.0),
        contact_force_range: tuple[float, float] = (-1.0, 1.0),
        reset_noise_scale: float = 0.1,
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
        self._use_contact_forces = opt.flag("Ant", "use_contact_forces", use_contact_forces)
        super().__init__(
            xml_file,
            5,
            DEFAULT_CAMERA_CONFIG if default_camera_config is None else default_camera_config,
            ctrl_cost_weight,
            contact_cost_weight,
            healthy_reward,
            terminate_when_unhealthy,
            healthy_z_range,
            contact_force_range,
            reset_noise_scale,
            exclude_current_positions_from_observation,
            dict(
                render_mode=render_mode,
                width=width,
                height=height,
                camera_id=camera_id,
                camera_name=camera_name,
                max_geom=max_geom,
                visual_options=visual_options,
            ),
        )
        if "torso" not in {self.model.body(i).name for i in range(self.model.nbody)}:
            raise InvalidEnvKwargs(
                f"Ant-v4: the model {xml_file!r} has no body named 'torso' (v4 measures the "
                "forward velocity on it); name the main body 'torso', or use Ant-v5's main_body"
            )
        self._torso = self.model.body("torso").id
        # without contact forces v4 reads no cfrc_ext: skip mj_rnePostConstraint after stepping
        self.compute_contact_forces = self._use_contact_forces
        size = self.model.nq - 2 * self._exclude_current_positions_from_observation
        size += self.model.nv + self.model.nbody * 6 * self._use_contact_forces
        self.observation_space = Box(-np.inf, np.inf, shape=(size,), dtype=np.float64)

    def _get_obs(self) -> np.ndarray:
        if self._use_contact_forces:
            clipped = self._clip_contact_forces()
            return np.concatenate((self._qpos_obs, self._qvel, clipped))
        return np.concatenate((self._qpos_obs, self._qvel))

    def step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        ctrl = self.check_action(action)
        xpos = self._xpos
        torso = self._torso
        x_before = float(xpos[torso, 0])
        y_before = float(xpos[torso, 1])
        self.do_simulation(ctrl, self.frame_skip)
        x_after = float(xpos[torso, 0])
        y_after = float(xpos[torso, 1])
        dt = self._opt.timestep * self.frame_skip  # self.dt, without the property
        x_velocity = (x_after - x_before) / dt
        y_velocity = (y_after - y_before) / dt

        healthy = self._healthy()
        forward_reward = x_velocity
        healthy_reward = self._healthy_reward if healthy or self._terminate_when_unhealthy else 0.0
        ctrl_cost = self._ctrl_cost(action, ctrl)
        terminated = self._terminate_when_unhealthy and not healthy
        observation = self._get_obs()
        info = {
            "reward_forward": forward_reward,
            "reward_ctrl": -ctrl_cost,
            "reward_survive": healthy_reward,
            "x_position": x_after,
            "y_position": y_after,
            "distance_from_origin": math.hypot(x_after, y_after),
            "x_velocity": x_velocity,
            "y_velocity": y_velocity,
            "forward_reward": forward_reward,
        }
        costs = ctrl_cost
        if self._use_contact_forces:
            clipped = self._clipped_flat  # filled by _get_obs
            contact_cost = self._contact_cost_weight * float(np.dot(clipped, clipped))
            costs += contact_cost
            info["reward_ctrl"] = -contact_cost  # v4's info, as Gymnasium's v4 reports it
        reward = (forward_reward + healthy_reward) - costs
        if self.render_mode == "human":
            self.render()
        return observation, reward, terminated, False, info
