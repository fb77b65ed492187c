"""AntMaze: gymkit-mujoco's Ant finds its goal in a maze (the AntMaze task's facts).

* The agent: :class:`gymkit_mujoco.ant.AntEnv` (Ant-v5 rules: frame skip 5, dt = 0.05 s, eight
  motors with control in [-1, 1] — an action outside is an error) on a model built at
  construction from gymkit-mujoco's ``assets/ant.xml`` with the maze's walls added to its world;
  no reset noise (the start noise is the maze's). The Ant's own termination is not used.
* Maze: cells of 4 m, walls 2 m tall.
* ``observation``: the Ant-v5 observation with the torso's ``(x, y)`` moved to
  ``achieved_goal``: ``qpos[2:]`` (13), ``qvel`` (14), clipped contact forces (78) — 105
  numbers. Goals, rewards and options: :mod:`gymkit_robotics.maze_env`. The registered ids stop
  after 700 (Open, UMaze) or 1000 (Medium, Large) steps.
"""

from __future__ import annotations

import os
import tempfile
import xml.etree.ElementTree as ET
from typing import Any

import numpy as np

from gymkit.goal_env import GoalEnv
from gymkit.spaces import Box
from gymkit_mujoco.ant import AntEnv
from gymkit_mujoco.base import ASSETS_DIR
from gymkit_robotics.maze_env import MazeTask, maze_walls_mjcf, target_site_mjcf
from gymkit_robotics.maze_map import MazeMap

__all__ = ["AntMazeEnv", "ant_maze_mjcf"]


def ant_maze_mjcf(maze: MazeMap) -> str:
    """gymkit-mujoco's Ant model with the walls of ``maze`` and the target site in its world."""
    tree = ET.parse(ASSETS_DIR / "ant.xml")
    worldbody = tree.getroot().find("worldbody")
    if worldbody is None:  # pragma: no cover - the asset always has one
        raise RuntimeError("gymkit-mujoco's ant.xml has no <worldbody>")
    for text in [*maze_walls_mjcf(maze), target_site_mjcf(maze)]:
        worldbody.append(ET.fromstring(text))
    return ET.tostring(tree.getroot(), encoding="unicode")


class AntMazeEnv(MazeTask, AntEnv, GoalEnv[np.ndarray]):
    """The Ant in a maze reaching a goal (see the module doc).

    Args:
        maze_map, reward_type, continuing_task, reset_target, position_noise_range: as for
            :class:`~gymkit_robotics.point_maze.PointMazeEnv`.
        render_mode, width, height, camera_id, camera_name, default_camera_config: as for
            :class:`~gymkit_mujoco.base.MujocoEnv` (the default camera looks down on the maze).
    """

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
        maze = MazeMap(maze_map, scaling=4.0, height=0.5)
        if default_camera_config is None:
            default_camera_config = {
                "distance": 1.25 * max(maze.n_rows, maze.n_cols) * maze.scaling,
                "elevation": -90.0,
                "azimuth": 90.0,
                "lookat": np.zeros(3),
            }
        # AntEnv loads its model from a file: write the maze model to a temporary one
        handle, path = tempfile.mkstemp(prefix="gymkit-ant-maze-", suffix=".xml")
        try:
            with os.fdopen(handle, "w") as file:
                file.write(ant_maze_mjcf(maze))
            AntEnv.__init__(
                self,
                xml_file=path,
                reset_noise_scale=0.0,
                exclude_current_positions_from_observation=False,
                default_camera_config=default_camera_config,
                render_mode=render_mode,
                width=width,
                height=height,
                camera_id=camera_id,
                camera_name=camera_name,
            )
        finally:
            os.unlink(path)
        self._init_task(maze, reward_type, continuing_task, reset_target, position_noise_range)
        size = self.model.nq - 2 + self.model.nv + (self.model.nbody - 1) * 6
        self.observation_space = self._goal_space(
            Box(-np.inf, np.inf, shape=(size,), dtype=np.float64)
        )

    # ------------------------------------------------------------------ agent hooks
    def _agent_reset(self) -> None:
        self.init_qpos[:2] = self.reset_pos
        AntEnv.reset_model(self)

    def _agent_xy(self) -> np.ndarray:
        return self.data.qpos[:2]

    def _agent_observation(self) -> np.ndarray:
        return AntEnv._get_obs(self)[2:]

    def step(self, action: Any) -> tuple[dict[str, Any], float, bool, bool, dict[str, Any]]:
        """One Ant step (``action``: eight torques in [-1, 1]); then the maze task's reward."""
        self._check_range(self.check_action(action))
        _, _, _, _, info = AntEnv.step(self, action)
        return self._finish_step(info)
