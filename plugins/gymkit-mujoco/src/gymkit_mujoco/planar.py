"""What the planar runners (Hopper, Walker2d, HalfCheetah, Swimmer) share: their v5 constructor
plumbing (:class:`PlanarRunnerEnv`), the control cost, and for Hopper and Walker2d the health
rules, clipped observation, step and v4 rules (:class:`HealthyPlanarEnv`,
:class:`HealthyPlanarV4Rules`). The option checks are in :mod:`gymkit_mujoco.options`.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from gymkit.spaces import Box
from gymkit_mujoco import options as opt
from gymkit_mujoco.base import MujocoEnv

_add_reduce = np.add.reduce  # what ndarray.sum calls, without its Python-level wrapper
_square = np.square

__all__ = [
    "HealthyPlanarEnv",
    "HealthyPlanarV4Rules",
    "PlanarRunnerEnv",
    "clipped_observation",
    "control_cost",
]


def clipped_observation(qpos: list[float], qvel: list[float], skip: int) -> np.ndarray:
    """``concat(qpos[skip:], clip(qvel, -10, 10))`` as a new float64 array, from the state as
    Python lists (what the health checks read too: cheaper than NumPy calls on short arrays).
    The values are those of ``np.clip`` (NaN stays NaN)."""
    return np.array(
        qpos[skip:] + [-10.0 if x < -10.0 else 10.0 if x > 10.0 else x for x in qvel],
        dtype=np.float64,
    )


def control_cost(weight: float, action: Any) -> Any:
    """``weight * sum(action ** 2)``, computed in the action's own dtype as Gymnasium does (so a
    float32 action gives a float32 cost)."""
    return weight * _add_reduce(_square(action))


class PlanarRunnerEnv(MujocoEnv):
    """A planar runner's v5 plumbing: checks the options every runner has, loads the model and
    sets the observation space ``qpos[skipped:] ++ qvel``; the reset adds uniform noise in
    ``[-reset_noise_scale, reset_noise_scale]`` to every ``qpos`` and ``qvel``. A subclass names
    its task (``_task``), how many leading ``qpos`` the observation may leave out
    (``_position_dims``) and defines ``_get_obs``, ``step`` and ``_get_reset_info``."""

    #: The task reads no contact forces: stepping skips ``mj_rnePostConstraint`` (so
    #: ``data.cfrc_ext`` is not refreshed by ``step``).
    compute_contact_forces = False
    _task: str
    _position_dims = 1

    def __init__(
        self,
        xml_file: str | os.PathLike[str],
        frame_skip: int,
        default_camera_config: dict[str, Any] | None,
        forward_reward_weight: float,
        ctrl_cost_weight: float,
        reset_noise_scale: float,
        exclude_current_positions_from_observation: bool,
        **render_options: Any,
    ) -> None:
        task = self._task
        self._forward_reward_weight = opt.real(task, "forward_reward_weight", forward_reward_weight)
        self._ctrl_cost_weight = opt.cost_weight(task, "ctrl_cost_weight", ctrl_cost_weight)
        self._reset_noise_scale = opt.non_negative(task, "reset_noise_scale", reset_noise_scale)
        self._exclude_current_positions_from_observation = opt.flag(
            task,
            "exclude_current_positions_from_observation",
            exclude_current_positions_from_observation,
        )
        super().__init__(
            xml_file,
            frame_skip,
            None,
            default_camera_config=default_camera_config,
            **render_options,
        )
        nq, nv = self.model.nq, self.model.nv
        skipped = self._position_dims * int(self._exclude_current_positions_from_observation)
        self._skip = skipped
        self.observation_space = Box(
            low=-np.inf, high=np.inf, shape=(nq + nv - skipped,), dtype=np.float64
        )
        self.observation_structure = {"skipped_qpos": skipped, "qpos": nq - skipped, "qvel": nv}

    def control_cost(self, action: Any) -> Any:
        """``ctrl_cost_weight * sum(action ** 2)`` in the action's dtype (as Gymnasium)."""
        return control_cost(self._ctrl_cost_weight, action)

    def reset_model(self) -> np.ndarray:
        """Start at the model's initial state plus uniform noise in
        ``[-reset_noise_scale, reset_noise_scale]`` on every ``qpos`` and ``qvel``."""
        scale = self._reset_noise_scale
        rng = self.np_random
        qpos = self.init_qpos + rng.uniform(low=-scale, high=scale, size=self.model.nq)
        qvel = self.init_qvel + rng.uniform(low=-scale, high=scale, size=self.model.nv)
        self.set_state(qpos, qvel)
        return self._get_obs()


class HealthyPlanarEnv(PlanarRunnerEnv):
    """Hopper's and Walker2d's v5 rules: the reward ``forward_reward_weight * x_velocity +
    healthy_reward - ctrl_cost``, termination when unhealthy (if ``terminate_when_unhealthy``),
    the observation with ``qvel`` clipped to [-10, 10]. A subclass defines the health test
    ``_healthy(qpos, qvel)`` on the state as Python lists."""

    def __init__(
        self,
        xml_file: str | os.PathLike[str],
        frame_skip: int,
        default_camera_config: dict[str, Any] | None,
        forward_reward_weight: float,
        ctrl_cost_weight: float,
        healthy_reward: float,
        terminate_when_unhealthy: bool,
        healthy_z_range: tuple[float, float],
        healthy_angle_range: tuple[float, float],
        reset_noise_scale: float,
        exclude_current_positions_from_observation: bool,
        **render_options: Any,
    ) -> None:
        task = self._task
        self._healthy_reward = opt.real(task, "healthy_reward", healthy_reward)
        self._terminate_when_unhealthy = opt.flag(
            task, "terminate_when_unhealthy", terminate_when_unhealthy
        )
        self._healthy_z_range = opt.interval(task, "healthy_z_range", healthy_z_range)
        self._healthy_angle_range = opt.interval(task, "healthy_angle_range", healthy_angle_range)
        super().__init__(
            xml_file,
            frame_skip,
            default_camera_config,
            forward_reward_weight,
            ctrl_cost_weight,
            reset_noise_scale,
            exclude_current_positions_from_observation,
            **render_options,
        )

    def _healthy(self, qpos: list[float], qvel: list[float]) -> bool:
        raise NotImplementedError

    @property
    def is_healthy(self) -> bool:
        """Whether the current state is healthy (strictly inside every range; NaN is
        unhealthy)."""
        return self._healthy(self.data.qpos.tolist(), self.data.qvel.tolist())

    @property
    def healthy_reward(self) -> float:
        """``healthy_reward`` while healthy, else 0."""
        return self.is_healthy * self._healthy_reward

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

    def step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        """Apply ``action`` (torques in [-1, 1]) for ``frame_skip`` MuJoCo steps."""
        qpos, qvel, x_velocity, ctrl_cost = self._advance(action)
        healthy = self._healthy(qpos, qvel)
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

    def _get_reset_info(self) -> dict[str, Any]:
        qpos = self.data.qpos
        return {
            "x_position": qpos.item(0),
            "z_distance_from_origin": qpos.item(1) - self.init_qpos.item(1),
        }


class HealthyPlanarV4Rules(HealthyPlanarEnv):
    """Hopper's and Walker2d's v4 rules over their v5 env (put first among the bases): the
    healthy reward is paid whenever the state is healthy *or* ``terminate_when_unhealthy`` is
    set, ``info`` holds only ``x_position`` and ``x_velocity``, and ``reset`` returns an empty
    ``info``."""

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
        """Apply ``action`` (torques in [-1, 1]) for 4 MuJoCo steps."""
        qpos, qvel, x_velocity, ctrl_cost = self._advance(action)
        healthy = self._healthy(qpos, qvel)
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
