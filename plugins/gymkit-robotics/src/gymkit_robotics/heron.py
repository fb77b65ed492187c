"""The Heron arm tasks: Reach, Push, Slide and PickAndPlace with the Fetch tasks' semantics.

Every task is a :class:`~gymkit.GoalEnv` on :class:`~gymkit_mujoco.base.MujocoEnv`:

* action: 4 numbers in [-1, 1]: the end effector's Cartesian displacement (x, y, z), scaled by
  0.05 m per step, and the gripper command (> 0 opens, < 0 closes; ignored by the tasks whose
  gripper is blocked closed: Reach, Push, Slide). An action outside [-1, 1] is an error;
* one step is 20 MuJoCo steps of 2 ms (dt = 0.04 s); the registered ids stop after 50 steps;
* ``observation``: grip position (3), then for the object tasks the object's position (3), its
  position relative to the grip (3), the two finger openings (2), the object's rotation as
  x-y-z Euler angles (3), its linear velocity relative to the grip (3), its angular velocity (3),
  then the grip's velocity (3) and the finger velocities (2); velocities are multiplied by dt.
  Reach observes grip position, finger openings, grip velocity, finger velocities (10 numbers);
* ``achieved_goal``: the grip (Reach) or the object position; ``desired_goal``: the target;
* reward: sparse ``-(d > distance_threshold)`` (0 or -1) or dense ``-d``, d the Euclidean goal
  distance; ``info["is_success"] = float(d < distance_threshold)``; never terminated.

Goal and object sampling follow the Fetch tasks: the object is placed uniformly within
``obj_range`` of the initial grip (but at least 0.1 m from it), the goal within
``target_range`` of it plus ``target_offset``, on the table for the object tasks and, for
PickAndPlace, lifted by up to 0.45 m with probability 1/2.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from gymkit.error import InvalidAction, InvalidEnvKwargs
from gymkit.goal_env import GoalEnv, goal_batch_shape
from gymkit.spaces import Box, Dict
from gymkit_mujoco.base import MujocoEnv
from gymkit_mujoco.engine import mujoco
from gymkit_robotics.heron_model import BASE, HAND_TO_GRIP, LINK, SHOULDER_HEIGHT, heron_mjcf

__all__ = [
    "HeronEnv",
    "HeronPickAndPlaceEnv",
    "HeronPushEnv",
    "HeronReachEnv",
    "HeronSlideEnv",
    "HeronTask",
]

#: Metres of end-effector displacement per unit of action.
ACTION_SCALE = 0.05
#: MuJoCo steps (of 2 ms) per env step.
FRAME_SKIP = 20
#: Env steps the arm is given at construction to settle at its start pose.
SETTLE_STEPS = 10
#: The hand's target box (world coordinates of the grip site): the mocap never leaves it.
GRIP_LOW = np.array([0.75, 0.2, 0.405])
GRIP_HIGH = np.array([1.9, 1.3, 1.15])
_GRIP_TO_HAND = np.array([0.0, 0.0, HAND_TO_GRIP])

DEFAULT_CAMERA_CONFIG = {
    "distance": 2.4,
    "azimuth": 140.0,
    "elevation": -18.0,
    "lookat": np.array([1.3, 0.75, 0.55]),
}


@dataclass(frozen=True)
class HeronTask:
    """The constants of one task (the Fetch tasks' values where they have one)."""

    name: str
    obj: str | None  # None, "box" or "puck"
    grip_start: tuple[float, float, float]  # where the grip is at the start of every episode
    block_gripper: bool
    target_in_the_air: bool
    target_offset: tuple[float, float, float]
    obj_range: float
    target_range: float
    long_table: bool = False


REACH = HeronTask("reach", None, (1.34, 0.75, 0.535), True, True, (0, 0, 0), 0.15, 0.15)
PUSH = HeronTask("push", "box", (1.34, 0.75, 0.425), True, False, (0, 0, 0), 0.15, 0.15)
SLIDE = HeronTask(
    "slide", "puck", (1.0, 0.75, 0.42), True, False, (0.4, 0, 0), 0.1, 0.3, long_table=True
)
PICK_AND_PLACE = HeronTask(
    "pick_and_place", "box", (1.34, 0.75, 0.535), False, True, (0, 0, 0), 0.15, 0.15
)


def _arm_pose(grip: np.ndarray) -> dict[str, float]:
    """Joint angles putting the grip at ``grip`` with the hand upright (elbow up)."""
    dx, dy = grip[0] - BASE[0], grip[1] - BASE[1]
    yaw = math.atan2(dy, dx)
    reach = math.hypot(dx, dy)
    drop = SHOULDER_HEIGHT - (grip[2] + HAND_TO_GRIP)  # > 0: the wrist is below the shoulder
    dist = min(math.hypot(reach, drop), 2 * LINK - 1e-6)
    bend = math.acos(max(-1.0, min(1.0, (dist**2 - 2 * LINK**2) / (2 * LINK**2))))
    below = math.atan2(drop, reach)
    shoulder = below - math.atan2(LINK * math.sin(bend), LINK + LINK * math.cos(bend))
    return {
        "shoulder_yaw": yaw,
        "shoulder_pitch": shoulder,
        "elbow": bend,
        "wrist_pitch": -(shoulder + bend),
        "wrist_roll": -yaw,
    }


def _euler_xyz(quat: np.ndarray) -> np.ndarray:
    """x-y-z (roll, pitch, yaw) Euler angles of a unit quaternion ``(w, x, y, z)``."""
    w, x, y, z = quat
    roll = math.atan2(2.0 * (w * x + y * z), 1.0 - 2.0 * (x * x + y * y))
    pitch = math.asin(max(-1.0, min(1.0, 2.0 * (w * y - z * x))))
    yaw = math.atan2(2.0 * (w * z + x * y), 1.0 - 2.0 * (y * y + z * z))
    return np.array([roll, pitch, yaw])


class HeronEnv(MujocoEnv, GoalEnv[np.ndarray]):
    """A Heron arm task (see the module docstring); subclasses fix :attr:`task`.

    Args:
        reward_type: ``"sparse"`` (0 / -1) or ``"dense"`` (minus the goal distance).
        distance_threshold: the goal distance (m) under which the task is solved (> 0).
        render_mode, width, height, camera_id, camera_name, default_camera_config: as for
            :class:`~gymkit_mujoco.base.MujocoEnv`.
    """

    task: HeronTask = REACH
    compute_contact_forces = False

    def __init__(
        self,
        reward_type: str = "sparse",
        distance_threshold: float = 0.05,
        *,
        render_mode: str | None = None,
        width: int = 480,
        height: int = 480,
        camera_id: int | None = None,
        camera_name: str | None = None,
        default_camera_config: dict[str, Any] | None = None,
    ) -> None:
        if reward_type not in ("sparse", "dense"):
            raise InvalidEnvKwargs(
                f"{type(self).__name__}: reward_type={reward_type!r}; expected 'sparse' or 'dense'"
            )
        if (
            isinstance(distance_threshold, bool)
            or not isinstance(distance_threshold, (int, float, np.floating, np.integer))
            or not 0 < float(distance_threshold) < math.inf
        ):
            raise InvalidEnvKwargs(
                f"{type(self).__name__}: distance_threshold={distance_threshold!r}; expected a "
                "positive finite number of metres (the Fetch tasks use 0.05)"
            )
        self.reward_type = reward_type
        self.distance_threshold = float(distance_threshold)
        task = self.task
        super().__init__(
            None,
            FRAME_SKIP,
            None,
            xml_string=heron_mjcf(task.name, task.obj, long_table=task.long_table),
            render_mode=render_mode,
            width=width,
            height=height,
            camera_id=camera_id,
            camera_name=camera_name,
            default_camera_config=(
                DEFAULT_CAMERA_CONFIG if default_camera_config is None else default_camera_config
            ),
        )
        model = self.model
        self._grip = model.site("grip").id
        self._hand = model.body("hand").id
        self._target = model.site("target").id
        self._fingers = np.array(
            [model.joint(n).qposadr[0] for n in ("finger_left", "finger_right")]
        )
        self._finger_dofs = np.array(
            [model.joint(n).dofadr[0] for n in ("finger_left", "finger_right")]
        )
        self._has_object = task.obj is not None
        if self._has_object:
            self._object_site = model.site("object").id
            self._object_qpos = model.joint("object").qposadr[0]
        self._velocity = np.zeros(6)
        self.action_space = Box(-1.0, 1.0, shape=(4,), dtype=np.float32)
        self._settle()
        size = 25 if self._has_object else 10
        self.observation_space = Dict(
            {
                "observation": Box(-np.inf, np.inf, shape=(size,), dtype=np.float64),
                "achieved_goal": Box(-np.inf, np.inf, shape=(3,), dtype=np.float64),
                "desired_goal": Box(-np.inf, np.inf, shape=(3,), dtype=np.float64),
            }
        )
        self.goal = self.initial_grip.copy()

    # ------------------------------------------------------------------ setup
    def _settle(self) -> None:
        """Put the arm at the task's start pose and let it settle; record the start state."""
        model, data = self.model, self.data
        grip = np.array(self.task.grip_start)
        for name, angle in _arm_pose(grip).items():
            data.qpos[model.joint(name).qposadr[0]] = angle
        data.mocap_pos[0] = grip + _GRIP_TO_HAND
        data.mocap_quat[0] = (1.0, 0.0, 0.0, 0.0)
        data.ctrl[:] = 0.0
        mujoco.mj_forward(model, data)
        for _ in range(SETTLE_STEPS):
            mujoco.mj_step(model, data, FRAME_SKIP)
        data.qvel[:] = 0.0
        mujoco.mj_forward(model, data)
        self._start_qpos = data.qpos.copy()
        self._start_mocap = data.mocap_pos.copy()
        self.initial_grip = data.site_xpos[self._grip].copy()
        self.height_offset = (
            float(data.qpos[self._object_qpos + 2]) if self._has_object else float("nan")
        )

    # ------------------------------------------------------------------ goals
    def compute_reward(self, achieved_goal: Any, desired_goal: Any, info: Any) -> Any:
        """Sparse: ``-(d > distance_threshold)``; dense: ``-d`` (d the goal distance).
        One goal pair → a float; a batch (N, 3) → a float64 array (N,)."""
        batch = goal_batch_shape(achieved_goal, desired_goal, (3,))
        diff = np.subtract(achieved_goal, desired_goal, dtype=np.float64)
        distance = np.sqrt(np.einsum("...i,...i->...", diff, diff))
        if self.reward_type == "sparse":
            reward = np.where(distance > self.distance_threshold, -1.0, 0.0)
        else:
            reward = -distance
        return float(reward) if batch == () else reward

    def _sample_object(self) -> np.ndarray:
        start = self.initial_grip[:2]
        xy = start
        while np.linalg.norm(xy - start) < 0.1:
            xy = start + self.np_random.uniform(-self.task.obj_range, self.task.obj_range, size=2)
        return xy

    def _sample_goal(self) -> np.ndarray:
        task = self.task
        goal = self.initial_grip + self.np_random.uniform(
            -task.target_range, task.target_range, size=3
        )
        if self._has_object:
            goal += task.target_offset
            goal[2] = self.height_offset
            if task.target_in_the_air and self.np_random.uniform() < 0.5:
                goal[2] += self.np_random.uniform(0, 0.45)
        return goal

    # ------------------------------------------------------------------ episode
    def reset_model(self) -> dict[str, Any]:
        """Restore the settled start state, place the object, draw the goal."""
        qpos = self._start_qpos.copy()
        if self._has_object:
            qpos[self._object_qpos : self._object_qpos + 2] = self._sample_object()
        self.data.mocap_pos[:] = self._start_mocap
        self.data.mocap_quat[0] = (1.0, 0.0, 0.0, 0.0)
        self.set_state(qpos, np.zeros(self.model.nv))
        self.goal = self._sample_goal()
        self.model.site_pos[self._target] = self.goal
        return self._get_obs()

    def _get_reset_info(self) -> dict[str, Any]:
        return {"is_success": self._is_success(self._achieved())}

    def _achieved(self) -> np.ndarray:
        data = self.data
        if self._has_object:
            return data.site_xpos[self._object_site].copy()
        return data.site_xpos[self._grip].copy()

    def _is_success(self, achieved: np.ndarray) -> float:
        diff = achieved - self.goal
        return float(math.sqrt(float(diff @ diff)) < self.distance_threshold)

    def _check_heron_action(self, action: Any) -> np.ndarray:
        array = self.check_action(action)
        if not (np.abs(array) <= 1.0).all():
            raise InvalidAction(
                f"{type(self).__name__}: action {action!r} is outside the action space "
                "[-1, 1]^4 (dx, dy, dz, gripper); scale or clip it, e.g. np.clip(action, -1, 1)"
            )
        return array

    def step(self, action: Any) -> tuple[dict[str, Any], float, bool, bool, dict[str, Any]]:
        """Move the end effector by ``0.05 * action[:3]`` m, command the gripper with
        ``action[3]``, run 20 MuJoCo steps; returns ``(obs, reward, False, False, info)``."""
        array = self._check_heron_action(action)
        data = self.data
        hand = data.xpos[self._hand]
        grip = hand - _GRIP_TO_HAND + array[:3] * ACTION_SCALE
        np.clip(grip, GRIP_LOW, GRIP_HIGH, out=grip)
        data.mocap_pos[0] = grip + _GRIP_TO_HAND
        if self.task.block_gripper:
            ctrl = (0.0, 0.0)
        else:
            ctrl = data.qpos[self._fingers] + array[3]
        self.do_simulation(ctrl, self.frame_skip)
        obs = self._get_obs()
        info = {"is_success": self._is_success(obs["achieved_goal"])}
        reward = self.compute_reward(obs["achieved_goal"], obs["desired_goal"], info)
        if self.render_mode == "human":
            self.render()
        return obs, reward, False, False, info

    def _site_velocity(self, site: int) -> np.ndarray:
        """The linear then angular world velocity of ``site`` times dt."""
        mujoco.mj_objectVelocity(
            self.model, self.data, mujoco.mjtObj.mjOBJ_SITE, site, self._velocity, 0
        )
        dt = self.dt
        return np.concatenate((self._velocity[3:], self._velocity[:3])) * dt

    def _get_obs(self) -> dict[str, Any]:
        data = self.data
        grip = data.site_xpos[self._grip].copy()
        grip_vel = self._site_velocity(self._grip)[:3]
        fingers = data.qpos[self._fingers].copy()
        finger_vel = data.qvel[self._finger_dofs] * self.dt
        if self._has_object:
            obj = data.site_xpos[self._object_site].copy()
            quat = data.qpos[self._object_qpos + 3 : self._object_qpos + 7]
            obj_vel = self._site_velocity(self._object_site)
            observation = np.concatenate(
                (
                    grip,
                    obj,
                    obj - grip,
                    fingers,
                    _euler_xyz(quat),
                    obj_vel[:3] - grip_vel,
                    obj_vel[3:],
                    grip_vel,
                    finger_vel,
                )
            )
            achieved = obj
        else:
            observation = np.concatenate((grip, fingers, grip_vel, finger_vel))
            achieved = grip
        return {
            "observation": observation,
            "achieved_goal": achieved.copy(),
            "desired_goal": self.goal.copy(),
        }


class HeronReachEnv(HeronEnv):
    """Move the grip to a target in the air (the gripper stays closed)."""

    task = REACH


class HeronPushEnv(HeronEnv):
    """Push a box over the table to a target on it (the gripper stays closed)."""

    task = PUSH


class HeronSlideEnv(HeronEnv):
    """Strike a puck on a low-friction table so it slides to a far target (gripper closed)."""

    task = SLIDE


class HeronPickAndPlaceEnv(HeronEnv):
    """Grasp a box and carry it to a target on the table or, half the time, in the air."""

    task = PICK_AND_PLACE
