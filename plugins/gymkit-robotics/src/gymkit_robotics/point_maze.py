"""PointMaze: a force-driven ball finds its goal in a maze (the PointMaze task's facts).

* The ball: radius 0.1 m on two slide joints (x, y; damping 1), no gravity, Euler at 10 ms,
  one MuJoCo step per env step (dt = 0.01 s); two motors of gear 100, control in [-1, 1] (an
  action outside is an error). Before each step the ball's velocity is clipped to [-5, 5] m/s.
* Maze: cells of 1 m, walls 0.4 m tall, built into the MJCF from the map at construction.
* ``observation``: ``(x, y, vx, vy)``; goals, rewards and options: see
  :mod:`gymkit_robotics.maze_env`. The registered ids stop after 300 (Open, UMaze), 600
  (Medium) or 800 (Large) steps.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gymkit.goal_env import GoalEnv
from gymkit.spaces import Box
from gymkit_mujoco.base import MujocoEnv
from gymkit_robotics.maze_env import MazeTask, maze_walls_mjcf, target_site_mjcf
from gymkit_robotics.maze_map import MazeMap

__all__ = ["PointMazeEnv", "point_maze_mjcf"]

#: The ball's speed limit per axis (m/s).
MAX_SPEED = 5.0


def point_maze_mjcf(maze: MazeMap) -> str:
    """The MJCF of a point maze: floor, walls from ``maze``, the ball and the target site."""
    walls = "\n    ".join(maze_walls_mjcf(maze))
    return f"""<mujoco model="gymkit-point-maze">
  <compiler angle="radian" inertiafromgeom="true"/>
  <option timestep="0.01" gravity="0 0 0" integrator="Euler"/>
  <default>
    <joint damping="1" limited="false"/>
    <geom friction="0.5 0.1 0.1" density="1000" margin="0.002" condim="1" contype="2"
          conaffinity="1"/>
  </default>
  <asset>
    <texture name="grid" type="2d" builtin="checker" rgb1="0.2 0.3 0.4" rgb2="0.1 0.2 0.3"
             width="100" height="100"/>
    <material name="grid" texture="grid" texrepeat="20 20"/>
  </asset>
  <visual>
    <headlight ambient="0.4 0.4 0.4" diffuse="0.8 0.8 0.8" specular="0.1 0.1 0.1"/>
  </visual>
  <worldbody>
    <geom name="floor" type="plane" size="40 40 0.25" pos="0 0 -0.1" contype="1"
          conaffinity="0" material="grid"/>
    {walls}
    {target_site_mjcf(maze)}
    <body name="ball" pos="0 0 0">
      <joint name="ball_x" type="slide" axis="1 0 0"/>
      <joint name="ball_y" type="slide" axis="0 1 0"/>
      <geom name="ball" type="sphere" size="0.1" contype="1" rgba="0.2 0.7 0.3 1"/>
    </body>
  </worldbody>
  <actuator>
    <motor name="motor_x" joint="ball_x" ctrlrange="-1 1" ctrllimited="true" gear="100"/>
    <motor name="motor_y" joint="ball_y" ctrlrange="-1 1" ctrllimited="true" gear="100"/>
  </actuator>
</mujoco>
"""


class PointMazeEnv(MazeTask, MujocoEnv, GoalEnv[np.ndarray]):
    """A ball in a maze reaching a goal (see the module doc).

    Args:
        maze_map: a map (rows of cells, see :mod:`gymkit_robotics.maze_map`) or the name of a
            standard map (``"UMaze"``, ``"Open"``, ``"Medium"``, ``"Large"``, ...).
        reward_type: ``"sparse"`` or ``"dense"``.
        continuing_task, reset_target: see :mod:`gymkit_robotics.maze_env`.
        position_noise_range: the goal/start noise as a fraction of a cell (default 0.25).
        render_mode, width, height, camera_id, camera_name, default_camera_config: as for
            :class:`~gymkit_mujoco.base.MujocoEnv` (the default camera looks down on the maze).
    """

    #: keyboard map of ``gymkit play``: the arrows push the ball (combinations diagonally).
    keys_to_action: dict[tuple[str, ...], Any] = {
        ("up",): np.array([0.0, 1.0], dtype=np.float32),
        ("down",): np.array([0.0, -1.0], dtype=np.float32),
        ("left",): np.array([-1.0, 0.0], dtype=np.float32),
        ("right",): np.array([1.0, 0.0], dtype=np.float32),
        ("left", "up"): np.array([-0.7, 0.7], dtype=np.float32),
        ("right", "up"): np.array([0.7, 0.7], dtype=np.float32),
        ("down", "left"): np.array([-0.7, -0.7], dtype=np.float32),
        ("down", "right"): np.array([0.7, -0.7], dtype=np.float32),
    }
    noop: Any = np.array([0.0, 0.0], dtype=np.float32)
    compute_contact_forces = False

    def __init__(
        self,
        maze_map: Any = "UMaze",
        reward_type: str = "sparse",
        continuing_task: bool = True,
        reset_target: bool = False,
        position_noise_range: float = 0.25,
        *,
        render_mode: str | None = None,
        width: int = 480,
        height: int = 480,
        camera_id: int | None = None,
        camera_name: str | None = None,
        default_camera_config: dict[str, Any] | None = None,
    ) -> None:
        maze = MazeMap(maze_map, scaling=1.0, height=0.4)
        if default_camera_config is None:
            default_camera_config = {
                "distance": 12.5 if maze.n_rows > 8 else 8.8,
                "elevation": -90.0,
                "azimuth": 90.0,
                "lookat": np.zeros(3),
            }
        MujocoEnv.__init__(
            self,
            None,
            1,
            None,
            xml_string=point_maze_mjcf(maze),
            render_mode=render_mode,
            width=width,
            height=height,
            camera_id=camera_id,
            camera_name=camera_name,
            default_camera_config=default_camera_config,
        )
        self._init_task(maze, reward_type, continuing_task, reset_target, position_noise_range)
        self.observation_space = self._goal_space(
            Box(-np.inf, np.inf, shape=(4,), dtype=np.float64)
        )

    # ------------------------------------------------------------------ agent hooks
    def _agent_reset(self) -> None:
        qpos = self.init_qpos.copy()
        qpos[:2] = self.reset_pos
        self.set_state(qpos, self.init_qvel)

    def _agent_xy(self) -> np.ndarray:
        return self.data.qpos[:2]

    def _agent_observation(self) -> np.ndarray:
        return np.concatenate((self.data.qpos, self.data.qvel))

    def step(self, action: Any) -> tuple[dict[str, Any], float, bool, bool, dict[str, Any]]:
        """Clip the ball's velocity, apply the force ``action`` for one MuJoCo step."""
        ctrl = self.check_action(action)
        self._check_range(ctrl)
        np.clip(self.data.qvel, -MAX_SPEED, MAX_SPEED, out=self.data.qvel)
        self.do_simulation(ctrl, self.frame_skip)
        result = self._finish_step({})
        if self.render_mode == "human":
            self.render()
        return result
