"""Pusher: a seven-joint arm pushes a cylinder across a table to a goal.

The task (facts of Gymnasium 1.4's Pusher-v5 and -v4, kept so that results compare):

- Models: ``assets/pusher.xml`` (v5) and ``assets/pusher_v4.xml`` (v4), which differ only in
  the object: v5's is one cylinder of density 0.01, v4's a cylinder and an invisible sphere of
  density 1e-5. Seven hinge joints with motors of gear 1, control in [-2, 2]; the object and the
  goal slide on two joints each (the last four entries of ``qpos``/``qvel``: object y, x, goal
  y, x). Semi-implicit Euler at 0.01 s, five MuJoCo steps per env step (``dt`` = 0.05 s), no
  gravity. Episodes are cut at 100 steps by the registry; nothing terminates.
- Observation (23 numbers): the arm's seven ``qpos`` and seven ``qvel``, then the world positions
  of the bodies ``tips_arm``, ``object`` and ``goal`` (body frames, ``data.xpos``).
- Reward: ``reward_near = -|object - tips_arm| * reward_near_weight`` (0.5),
  ``reward_dist = -|object - goal| * reward_dist_weight`` (1),
  ``reward_ctrl = -sum(action^2) * reward_control_weight`` (0.1); the reward is
  ``reward_dist + reward_ctrl + reward_near``. v5 measures after the step and reports the three
  weighted terms in ``info``; v4 measures before the step, with the fixed weights, and reports
  ``reward_dist`` and the unweighted ``reward_ctrl``. The control cost is computed on the action
  as given (a float32 action gives float32 terms, as in the reference).
- Reset: the arm at the model's initial pose; the object's (x, y) drawn as x ~ U(-0.3, 0),
  y ~ U(-0.2, 0.2) (one draw each, x first) until farther than 0.17 from the goal at (0, 0);
  ``qvel`` = initial + U(-0.005, 0.005) (``nv`` draws) with the object's and goal's velocities
  set to 0; every draw from ``np_random`` in this order.

Gymnasium refuses to build Pusher-v4 on mujoco >= 3 (the feather-light v4 object moves
differently than it did under mujoco 2, so old results do not reproduce); gymkit builds it on the
installed mujoco, with the v4 model and rules, and says so with a :class:`PusherV4Warning` --
use v5 for new work.
"""

from __future__ import annotations

import math
import os
import warnings
from typing import Any

import numpy as np

from gymkit.error import GymkitWarning, InvalidEnvKwargs
from gymkit.spaces import Box
from gymkit_mujoco import options as opt
from gymkit_mujoco._fixed_model import FixedModelEnv
from gymkit_mujoco.base import MujocoEnv
from gymkit_mujoco.engine import mujoco
from gymkit_mujoco.reacher import body_id

__all__ = ["PusherEnv", "PusherV4Env", "PusherV4Warning"]

#: the free camera looks at the scene from 4 m
DEFAULT_CAMERA_CONFIG: dict[str, Any] = {"trackbodyid": -1, "distance": 4.0}

_ARM_JOINTS = 7


class PusherV4Warning(GymkitWarning):
    """Pusher-v4 was built on mujoco >= 3, where its results differ from the mujoco 2 era."""


def _norm(a: np.ndarray, b: np.ndarray) -> float:
    ax, ay, az = a.tolist()
    bx, by, bz = b.tolist()
    dx, dy, dz = ax - bx, ay - by, az - bz
    return math.sqrt(dx * dx + dy * dy + dz * dz)


class _PusherBase(MujocoEnv):
    """The arm's simulation, reset and observation, shared by v5 and v4."""

    #: no observation or reward reads cfrc_ext/cfrc_int/cacc: skip mj_rnePostConstraint
    compute_contact_forces = False

    def _bind(self) -> None:
        if self.model.nq < _ARM_JOINTS + 4 or self.model.nv < _ARM_JOINTS + 4:
            raise InvalidEnvKwargs(
                f"{type(self).__name__}: the model has nq={self.model.nq}, nv={self.model.nv}; "
                "the task needs the seven arm joints first and the object's and the goal's two "
                "slide joints each last"
            )
        self._tips_id = body_id(self, "tips_arm")
        self._object_id = body_id(self, "object")
        self._goal_id = body_id(self, "goal")
        self.observation_space = Box(low=-np.inf, high=np.inf, shape=(23,), dtype=np.float64)
        self.goal_pos = np.zeros(2, dtype=int)
        self.cylinder_pos = np.zeros(2)
        self._bind_views()

    def _bind_views(self) -> None:
        # live views into MjData (they follow every mj_step); rebuilt after unpickling
        self._qpos = self.data.qpos
        self._qvel = self.data.qvel
        self._tips = self.data.xpos[self._tips_id]
        self._object = self.data.xpos[self._object_id]
        self._goal = self.data.xpos[self._goal_id]

    def _get_obs(self) -> np.ndarray:
        return np.concatenate(
            (
                self._qpos[:_ARM_JOINTS],
                self._qvel[:_ARM_JOINTS],
                self._tips,
                self._object,
                self._goal,
            )
        )

    def _distances(self) -> tuple[float, float]:
        """``(|object - tips_arm|, |object - goal|)``."""
        return _norm(self._object, self._tips), _norm(self._object, self._goal)

    def reset_model(self) -> np.ndarray:
        rng = self.np_random
        qpos = self.init_qpos.copy()
        self.goal_pos = np.asarray([0, 0])
        while True:
            cylinder = np.concatenate(
                (rng.uniform(low=-0.3, high=0, size=1), rng.uniform(low=-0.2, high=0.2, size=1))
            )
            if np.linalg.norm(cylinder - self.goal_pos) > 0.17:
                break
        self.cylinder_pos = cylinder
        qpos[-4:-2] = cylinder
        qpos[-2:] = self.goal_pos
        qvel = self.init_qvel + rng.uniform(low=-0.005, high=0.005, size=self.model.nv)
        qvel[-4:] = 0
        self.set_state(qpos, qvel)
        return self._get_obs()


class PusherEnv(_PusherBase):
    """Pusher-v5 (see the module docstring for the task).

    Args:
        xml_file: the MJCF model (a path, or a file name in ``gymkit_mujoco/assets``).
        frame_skip: MuJoCo steps per env step (5).
        default_camera_config: the free camera's settings.
        reward_near_weight: weight of the fingertips-to-object distance (0.5).
        reward_dist_weight: weight of the object-to-goal distance (1).
        reward_control_weight: weight of the squared action (0.1).
        render_mode, width, height, camera_id, camera_name, max_geom, visual_options: rendering,
            as :class:`~gymkit_mujoco.base.MujocoEnv`.

    Raises :class:`gymkit.error.InvalidEnvKwargs` for a bad option (naming it and the value).
    """

    def __init__(
        self,
        xml_file: str | os.PathLike[str] = "pusher.xml",
        frame_skip: int = 5,
        default_camera_config: dict[str, Any] | None = DEFAULT_CAMERA_CONFIG,
        reward_near_weight: float = 0.5,
        reward_dist_weight: float = 1,
        reward_control_weight: float = 0.1,
        *,
        render_mode: str | None = None,
        width: int = 480,
        height: int = 480,
        camera_id: int | None = None,
        camera_name: str | None = None,
        max_geom: int = 1000,
        visual_options: dict[int, bool] | None = None,
    ) -> None:
        self._near_weight = opt.real("Pusher", "reward_near_weight", reward_near_weight)
        self._dist_weight = opt.real("Pusher", "reward_dist_weight", reward_dist_weight)
        self._ctrl_weight = opt.cost_weight(
            "Pusher", "reward_control_weight", reward_control_weight
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
        """Apply torques ``action``; reward from the distances after the step."""
        self.do_simulation(self.check_action(action), self.frame_skip)
        obs = self._get_obs()
        near, dist = self._distances()
        reward_near = -near * self._near_weight
        reward_dist = -dist * self._dist_weight
        reward_ctrl = float(-np.add.reduce(np.square(action)) * self._ctrl_weight)
        if self.render_mode == "human":
            self.render()
        info = {"reward_dist": reward_dist, "reward_ctrl": reward_ctrl, "reward_near": reward_near}
        return obs, reward_dist + reward_ctrl + reward_near, False, False, info


class PusherV4Env(FixedModelEnv, _PusherBase):
    """Pusher-v4: the v4 model (``pusher_v4.xml``), the reward measured before the step with the
    fixed weights, ``info`` with ``reward_dist`` and the unweighted ``reward_ctrl``, and no task
    options (rendering options only)."""

    _model_file = "pusher_v4.xml"
    _model_frame_skip = 5
    _model_camera = DEFAULT_CAMERA_CONFIG

    def _setup(self) -> None:
        self._bind()
        if int(mujoco.__version__.split(".")[0]) >= 3:
            warnings.warn(
                "Pusher-v4's object weighs about 1e-8 kg and moves differently under mujoco >= 3 "
                f"(installed: {mujoco.__version__}) than under the mujoco 2 its published results "
                "came from, so they do not reproduce (Gymnasium refuses Pusher-v4 here); use "
                "Pusher-v5 for new work",
                PusherV4Warning,
                stacklevel=3,  # the constructor's caller (through FixedModelEnv)
            )

    def step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        """Apply torques ``action``; reward from the distances before the step."""
        ctrl = self.check_action(action)
        near, dist = self._distances()
        reward_near = -near
        reward_dist = -dist
        control = -np.add.reduce(np.square(action))
        # the weighted control term keeps the action's precision, as the reference's does
        reward = reward_dist + float(0.1 * control) + 0.5 * reward_near
        self.do_simulation(ctrl, self.frame_skip)
        if self.render_mode == "human":
            self.render()
        info = {"reward_dist": reward_dist, "reward_ctrl": float(control)}
        return self._get_obs(), reward, False, False, info
