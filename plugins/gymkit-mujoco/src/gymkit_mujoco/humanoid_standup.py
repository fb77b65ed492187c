"""HumanoidStandup: the Humanoid lying on its back learns to stand up (and stay up).

Task facts (Gymnasium 1.4's HumanoidStandup-v5 and -v4, so that results compare):

* Model ``assets/humanoid_standup.xml``: the Humanoid's body (same joints, gears, contacts) laid
  out along +x with the torso 0.105 m above the floor; ``nq = 24``, ``nv = 23``, 17 motors with
  control in [-0.4, 0.4]; ``dt = 0.003 * frame_skip``.
* Observation: the Humanoid's (see :mod:`gymkit_mujoco.humanoid`): v5 348 values by default
  with every ``include_*_in_observation`` option; v4 376 values.
* Reward: ``uph + 1 - quad_ctrl_cost - quad_impact_cost`` with
  ``uph = w_uph * z_torso / timestep`` (the MuJoCo timestep, not ``dt``),
  ``quad_ctrl_cost = w_c * |data.ctrl|^2`` and
  ``quad_impact_cost = clip(w_i * |cfrc_ext|^2, impact_cost_range)`` (v4: at most 10).
* Never terminates (only the time limit ends an episode).
* Reset: ``qpos = init + U(-s, s)``, ``qvel = init + U(-s, s)``, ``s = reset_noise_scale``
  (v4: 0.01).
* ``uph_cost_weight`` weighs the uphill term as Gymnasium 1.4 documents it (Gymnasium's own
  code accepts the option but ignores it; with the default 1 both agree).
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from gymkit_mujoco import options as opt
from gymkit_mujoco.humanoid import HumanoidBody

__all__ = ["HumanoidStandupEnv", "HumanoidStandupV4Env"]

#: The free camera: tracks the torso from 4 m, looking at 0.8925 m height, as in Gymnasium.
DEFAULT_CAMERA_CONFIG: dict[str, Any] = {
    "trackbodyid": 1,
    "distance": 4.0,
    "lookat": np.array((0.0, 0.0, 0.8925)),
    "elevation": -20.0,
}


class _Standup(HumanoidBody):
    _name = "HumanoidStandup"

    def _costs(self) -> tuple[float, float, float]:
        """``(uph, quad_ctrl_cost, quad_impact_cost)`` before clipping the impact."""
        uph = self._uph_cost_weight * ((float(self._qpos[2]) - 0) / self._opt.timestep)
        return uph, self._ctrl_cost(), self._impact_cost_weight * self._impact()


class HumanoidStandupEnv(_Standup):
    """HumanoidStandup-v5: stand up; every option of Gymnasium 1.4's HumanoidStandup-v5 (see
    the module doc)."""

    def __init__(
        self,
        xml_file: str | os.PathLike[str] = "humanoid_standup.xml",
        frame_skip: int = 5,
        default_camera_config: dict[str, Any] | None = None,
        uph_cost_weight: float = 1.0,
        ctrl_cost_weight: float = 0.1,
        impact_cost_weight: float = 0.5e-6,
        impact_cost_range: tuple[float, float] = (-np.inf, 10.0),
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
        name = self._name
        self._uph_cost_weight = opt.real(name, "uph_cost_weight", uph_cost_weight)
        self._ctrl_cost_weight = opt.real(name, "ctrl_cost_weight", ctrl_cost_weight)
        self._impact_cost_weight = opt.real(name, "impact_cost_weight", impact_cost_weight)
        self._impact_cost_range = opt.interval(name, "impact_cost_range", impact_cost_range)
        super().__init__(
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
        self.do_simulation(self.check_action(action), self.frame_skip)
        uph, ctrl_cost, impact = self._costs()
        low, high = self._impact_cost_range
        impact = min(max(impact, low), high)
        reward = uph - ctrl_cost - impact + 1
        info = self._reset_info()
        info["reward_linup"] = uph
        info["reward_quadctrl"] = -ctrl_cost
        info["reward_impact"] = -impact
        if self.render_mode == "human":
            self.render()
        return self._get_obs(), reward, False, False, info

    def _reset_info(self) -> dict[str, Any]:
        info = self._position_info()
        info["z_distance_from_origin"] = float(self._qpos[2]) - float(self.init_qpos[2])
        return info

    def _get_reset_info(self) -> dict[str, Any]:
        return self._reset_info()


class HumanoidStandupV4Env(_Standup):
    """HumanoidStandup-v4: Gymnasium 1.4's HumanoidStandup-v4 rules (its own model, frame skip
    5, fixed weights, the 376-value observation; see the module doc)."""

    _uph_cost_weight = 1.0
    _ctrl_cost_weight = 0.1
    _impact_cost_weight = 0.5e-6

    def __init__(
        self,
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
            xml_file="humanoid_standup.xml",
            frame_skip=5,
            default_camera_config=(
                DEFAULT_CAMERA_CONFIG if default_camera_config is None else default_camera_config
            ),
            reset_noise_scale=0.01,
            exclude_current_positions_from_observation=True,
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
        self.do_simulation(self.check_action(action), self.frame_skip)
        uph, ctrl_cost, impact = self._costs()
        impact = min(impact, 10.0)
        reward = uph - ctrl_cost - impact + 1
        info = {"reward_linup": uph, "reward_quadctrl": -ctrl_cost, "reward_impact": -impact}
        if self.render_mode == "human":
            self.render()
        return self._get_obs(), reward, False, False, info
