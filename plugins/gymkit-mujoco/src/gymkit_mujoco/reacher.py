"""Reacher: move the tip of a planar two-link arm onto a target placed at random.

The task (facts of Gymnasium 1.4's Reacher-v5 and -v4, kept so that results compare):

- Model ``assets/reacher.xml``: a shoulder hinge (unlimited) and an elbow hinge (|angle| <= 3),
  each driven by a motor of gear 200 with control in [-1, 1]; the target is a body on two slide
  joints (the last two entries of ``qpos``/``qvel``). RK4 at 0.01 s, two MuJoCo steps per env
  step (``dt`` = 0.02 s). Episodes are cut at 50 steps by the registry; nothing terminates.
- Observation: cos and sin of the two arm angles, the target's position (``qpos[2:]``), the
  arm's two joint velocities, and the fingertip-to-target vector -- its x, y (v5, 10 numbers)
  or x, y, z (v4, 11 numbers). Positions are body frames (``data.xpos``) as MuJoCo last
  computed them.
- Reward: ``reward_dist = -|fingertip - target| * reward_dist_weight`` and
  ``reward_ctrl = -sum(action^2) * reward_control_weight``; the reward is their sum. v5 measures
  the distance after the step, with both weights 1 by default (Gymnasium's table of options says
  0.1 for the control weight, its code uses 1 -- gymkit follows the code, so the numbers agree);
  v4 measures it before the step with both weights 1. The control cost is computed on the action
  as given (a float32 action gives a float32 sum, as in the reference).
- Reset: ``qpos`` = initial + uniform(-0.1, 0.1) (``nq`` draws); then goal positions drawn
  uniformly in [-0.2, 0.2]^2 (two draws a try) until one lies within radius 0.2, written into the
  target's two ``qpos``; ``qvel`` = initial + uniform(-0.005, 0.005) (``nv`` draws) with the
  target's velocities set to 0; every draw from ``np_random`` in this order.
"""

from __future__ import annotations

import math
import os
from math import cos, sin
from typing import Any

import numpy as np

from gymkit.error import InvalidEnvKwargs
from gymkit.spaces import Box
from gymkit_mujoco import options as opt
from gymkit_mujoco._fixed_model import FixedModelEnv
from gymkit_mujoco.base import MujocoEnv
from gymkit_mujoco.engine import mujoco

__all__ = ["ReacherEnv", "ReacherV4Env"]

#: the free camera follows the world body
DEFAULT_CAMERA_CONFIG: dict[str, Any] = {"trackbodyid": 0}


def body_id(env: MujocoEnv, name: str) -> int:
    """The id of body ``name`` of ``env``'s model; :class:`InvalidEnvKwargs` when it has none
    (a custom ``xml_file`` must keep the bodies the task reads)."""
    index = mujoco.mj_name2id(env.model, mujoco.mjtObj.mjOBJ_BODY, name)
    if index < 0:
        bodies = [env.model.body(i).name for i in range(env.model.nbody)]
        raise InvalidEnvKwargs(
            f"{type(env).__name__}: the model has no body named {name!r}, which the task reads; "
            f"its bodies are {bodies}"
        )
    return int(index)


class _ReacherBase(MujocoEnv):
    """The arm's simulation, reset and observation, shared by v5 and v4."""

    #: no observation or reward reads cfrc_ext/cfrc_int/cacc: skip mj_rnePostConstraint
    compute_contact_forces = False

    #: how many components of the fingertip-to-target vector the observation keeps
    _vector_terms = 2

    def _bind(self) -> None:
        if self.model.nq < 4 or self.model.nv < 4 or self.model.nu < 1:
            raise InvalidEnvKwargs(
                f"{type(self).__name__}: the model has nq={self.model.nq}, nv={self.model.nv}; "
                "the task needs two arm joints first and the target's two slide joints last"
            )
        self._fingertip_id = body_id(self, "fingertip")
        self._target_id = body_id(self, "target")
        size = 4 + (self.model.nq - 2) + 2 + self._vector_terms
        self.observation_space = Box(low=-np.inf, high=np.inf, shape=(size,), dtype=np.float64)
        self.goal = np.zeros(2)
        self._bind_views()

    def _bind_views(self) -> None:
        # live views into MjData (they follow every mj_step); rebuilt after unpickling
        self._qpos = self.data.qpos
        self._qvel = self.data.qvel
        self._fingertip = self.data.xpos[self._fingertip_id]
        self._target = self.data.xpos[self._target_id]

    def _distance(self) -> float:
        """``|fingertip - target|`` (body frames as MuJoCo last computed them)."""
        fx, fy, fz = self._fingertip.tolist()
        tx, ty, tz = self._target.tolist()
        dx, dy, dz = fx - tx, fy - ty, fz - tz
        return math.sqrt(dx * dx + dy * dy + dz * dz)

    def _observe(self) -> tuple[np.ndarray, float]:
        """The observation and ``|fingertip - target|``, from one read of the state."""
        q = self._qpos.tolist()
        v = self._qvel.tolist()
        fx, fy, fz = self._fingertip.tolist()
        tx, ty, tz = self._target.tolist()
        dx, dy, dz = fx - tx, fy - ty, fz - tz
        q0, q1 = q[0], q[1]
        values = [cos(q0), cos(q1), sin(q0), sin(q1), *q[2:], v[0], v[1], dx, dy]
        if self._vector_terms == 3:
            values.append(dz)
        return np.array(values), math.sqrt(dx * dx + dy * dy + dz * dz)

    def _get_obs(self) -> np.ndarray:
        return self._observe()[0]

    def reset_model(self) -> np.ndarray:
        rng = self.np_random
        qpos = rng.uniform(low=-0.1, high=0.1, size=self.model.nq) + self.init_qpos
        while True:
            goal = rng.uniform(low=-0.2, high=0.2, size=2)
            if np.linalg.norm(goal) < 0.2:
                break
        self.goal = goal
        qpos[-2:] = goal
        qvel = self.init_qvel + rng.uniform(low=-0.005, high=0.005, size=self.model.nv)
        qvel[-2:] = 0
        self.set_state(qpos, qvel)
        return self._get_obs()


class ReacherEnv(_ReacherBase):
    """Reacher-v5 (see the module docstring for the task).

    Args:
        xml_file: the MJCF model (a path, or a file name in ``gymkit_mujoco/assets``).
        frame_skip: MuJoCo steps per env step (2).
        default_camera_config: the free camera's settings.
        reward_dist_weight: weight of the fingertip-to-target distance (1).
        reward_control_weight: weight of the squared action (1).
        render_mode, width, height, camera_id, camera_name, max_geom, visual_options: rendering,
            as :class:`~gymkit_mujoco.base.MujocoEnv`.

    Raises :class:`gymkit.error.InvalidEnvKwargs` for a bad option (naming it and the value).
    """

    def __init__(
        self,
        xml_file: str | os.PathLike[str] = "reacher.xml",
        frame_skip: int = 2,
        default_camera_config: dict[str, Any] | None = DEFAULT_CAMERA_CONFIG,
        reward_dist_weight: float = 1,
        reward_control_weight: float = 1,
        *,
        render_mode: str | None = None,
        width: int = 480,
        height: int = 480,
        camera_id: int | None = None,
        camera_name: str | None = None,
        max_geom: int = 1000,
        visual_options: dict[int, bool] | None = None,
    ) -> None:
        self._dist_weight = opt.real("Reacher", "reward_dist_weight", reward_dist_weight)
        self._ctrl_weight = opt.cost_weight(
            "Reacher", "reward_control_weight", reward_control_weight
        )
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
        self._bind()

    def step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        """Apply torques ``200 * action``; reward from the distance after the step."""
        self.do_simulation(self.check_action(action), self.frame_skip)
        obs, distance = self._observe()
        reward_dist = -distance * self._dist_weight
        reward_ctrl = float(-np.add.reduce(np.square(action)) * self._ctrl_weight)
        if self.render_mode == "human":
            self.render()
        info = {"reward_dist": reward_dist, "reward_ctrl": reward_ctrl}
        return obs, reward_dist + reward_ctrl, False, False, info


class ReacherV4Env(FixedModelEnv, _ReacherBase):
    """Reacher-v4: the reward measured before the step, the full 3-d fingertip-to-target vector
    in the observation (11 numbers), and no task options (rendering options only)."""

    _vector_terms = 3

    _model_file = "reacher.xml"
    _model_frame_skip = 2
    _model_camera = DEFAULT_CAMERA_CONFIG

    def _setup(self) -> None:
        self._bind()

    def step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        """Apply torques ``200 * action``; reward from the distance before the step."""
        ctrl = self.check_action(action)
        reward_dist = -self._distance()
        reward_ctrl = float(-np.add.reduce(np.square(action)))
        self.do_simulation(ctrl, self.frame_skip)
        if self.render_mode == "human":
            self.render()
        info = {"reward_dist": reward_dist, "reward_ctrl": reward_ctrl}
        return self._get_obs(), reward_dist + reward_ctrl, False, False, info
