"""What PointMaze and AntMaze share: the goal task on a :class:`~gymkit_robotics.maze_map.MazeMap`.

* ``achieved_goal``: the agent's ``(x, y)``; ``desired_goal``: the goal's ``(x, y)``.
* Goal: a goal cell drawn uniformly, its centre moved by ``U(-r, r) * s`` in x then in y
  (``r = position_noise_range``, ``s`` the cell size). Start: reset cells drawn uniformly until
  one's centre is more than ``s / 2`` from the goal, then moved by the same noise. The reset
  options ``goal_cell`` / ``reset_cell`` (a ``(row, column)``) pick the cells instead.
* Reward: ``sparse`` = 1.0 when the goal distance is <= 0.45, else 0.0; ``dense`` =
  ``exp(-distance)``. ``info["success"]`` (and ``info["is_success"]``) = distance <= 0.45.
* ``continuing_task=True`` (default): reaching the goal does not end the episode; with
  ``reset_target=True`` as well a new goal is drawn (away from the agent) after the step that
  reached it. ``continuing_task=False``: reaching the goal terminates.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gymkit.error import InvalidAction, InvalidEnvKwargs
from gymkit.goal_env import goal_batch_shape
from gymkit.spaces import Box, Dict
from gymkit_robotics.maze_map import WALL, MazeMap

__all__ = ["GOAL_RADIUS", "MazeTask", "maze_walls_mjcf", "target_site_mjcf"]

#: The distance to the goal (metres) at which it counts as reached.
GOAL_RADIUS = 0.45

_REWARD_TYPES = ("sparse", "dense")


def maze_walls_mjcf(maze: MazeMap, rgba: str = "0.7 0.5 0.3 1") -> list[str]:
    """One ``<geom>`` element (MJCF text) per wall cell: a box filling the cell, standing on the
    floor, ``maze.height * maze.scaling`` tall, colliding with everything."""
    s, half_height = maze.scaling, maze.height * maze.scaling / 2
    geoms = []
    for i, row in enumerate(maze.cells):
        for j, value in enumerate(row):
            if value == WALL:
                x, y = maze.cell_to_xy((i, j))
                geoms.append(
                    f'<geom name="wall_{i}_{j}" type="box" pos="{x:.6g} {y:.6g} '
                    f'{half_height:.6g}" size="{s / 2:.6g} {s / 2:.6g} {half_height:.6g}" '
                    f'contype="1" conaffinity="1" rgba="{rgba}"/>'
                )
    return geoms


def target_site_mjcf(maze: MazeMap) -> str:
    """The ``target`` site marking the goal (a translucent red sphere, no collision)."""
    z = maze.height * maze.scaling / 2
    return (
        f'<site name="target" type="sphere" pos="0 0 {z:.6g}" size="{0.2 * maze.scaling:.6g}" '
        'rgba="0.9 0.1 0.1 0.7"/>'
    )


def _check_flag(name: str, value: Any) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise InvalidEnvKwargs(f"{name} must be True or False, got {value!r}")
    return bool(value)


class MazeTask:
    """The maze goal task, mixed into a :class:`~gymkit_mujoco.base.MujocoEnv` agent.

    The agent class provides ``_agent_reset() -> None`` (place the agent at
    ``self.reset_pos``), ``_agent_xy() -> ndarray`` and ``_agent_observation() -> ndarray``.
    """

    maze: MazeMap
    goal: np.ndarray
    reset_pos: np.ndarray
    np_random: np.random.Generator
    action_space: Box
    model: Any

    def _init_task(
        self,
        maze: MazeMap,
        reward_type: str,
        continuing_task: bool,
        reset_target: bool,
        position_noise_range: float,
    ) -> None:
        if reward_type not in _REWARD_TYPES:
            raise InvalidEnvKwargs(f"reward_type must be 'sparse' or 'dense', got {reward_type!r}")
        if (
            isinstance(position_noise_range, bool)
            or not isinstance(position_noise_range, (int, float, np.integer, np.floating))
            or not 0 <= position_noise_range < 0.5
        ):
            raise InvalidEnvKwargs(
                f"position_noise_range must be a number in [0, 0.5) (a fraction of a cell), got "
                f"{position_noise_range!r}"
            )
        self.maze = maze
        self.reward_type = reward_type
        self.continuing_task = _check_flag("continuing_task", continuing_task)
        self.reset_target = _check_flag("reset_target", reset_target)
        self.position_noise_range = float(position_noise_range)
        self.goal = maze.cell_to_xy(maze.goal_cells[0])
        self.reset_pos = maze.cell_to_xy(maze.reset_cells[0])
        self._options: dict[str, Any] = {}
        self._target_site = self.model.site("target").id

    def _goal_space(self, observation: Box) -> Dict:
        goal = Box(-np.inf, np.inf, shape=(2,), dtype=np.float64)
        return Dict(
            {
                "observation": observation,
                "achieved_goal": goal,
                "desired_goal": Box(-np.inf, np.inf, shape=(2,), dtype=np.float64),
            }
        )

    # ------------------------------------------------------------------ sampling
    def _noisy(self, xy: np.ndarray) -> np.ndarray:
        r, s = self.position_noise_range, self.maze.scaling
        xy = xy.copy()
        xy[0] += self.np_random.uniform(low=-r, high=r) * s
        xy[1] += self.np_random.uniform(low=-r, high=r) * s
        return xy

    def _draw_goal(self) -> np.ndarray:
        cells = self.maze.goal_cells
        return self.maze.cell_to_xy(cells[int(self.np_random.integers(0, len(cells)))])

    def _draw_reset(self) -> np.ndarray:
        cells = self.maze.reset_cells
        while True:
            xy = self.maze.cell_to_xy(cells[int(self.np_random.integers(0, len(cells)))])
            if np.linalg.norm(xy - self.goal) > 0.5 * self.maze.scaling:
                return xy

    def _check_options(self, options: Any) -> dict[str, Any]:
        if options is None:
            return {}
        if not isinstance(options, dict):
            raise ValueError(
                f"reset options must be a dict (keys 'goal_cell', 'reset_cell'), got {options!r}"
            )
        unknown = set(options) - {"goal_cell", "reset_cell"}
        if unknown:
            raise ValueError(
                f"unknown reset option(s) {sorted(unknown)}; a maze env takes 'goal_cell' and "
                "'reset_cell' (each a (row, column) of a free cell)"
            )
        checked = {}
        for key in ("goal_cell", "reset_cell"):
            if options.get(key) is not None:
                checked[key] = self.maze.check_cell(key, options[key])
        return checked

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Draw the goal and the start (or take ``options["goal_cell"/"reset_cell"]``) and
        place the agent; ``info["success"]`` as in ``step``."""
        self._options = self._check_options(options)
        return super().reset(seed=seed)  # type: ignore[misc]

    def reset_model(self) -> dict[str, Any]:
        options, self._options = self._options, {}
        if "goal_cell" in options:
            goal = self.maze.cell_to_xy(options["goal_cell"])
        else:
            goal = self._draw_goal()
        self.goal = self._noisy(goal)
        if "reset_cell" in options:
            start = self.maze.cell_to_xy(options["reset_cell"])
        else:
            start = self._draw_reset()
        self.reset_pos = self._noisy(start)
        self._show_goal()
        self._agent_reset()
        return self._goal_obs()

    def _get_reset_info(self) -> dict[str, Any]:
        info: dict[str, Any] = super()._get_reset_info()  # type: ignore[misc]
        success = bool(np.linalg.norm(self._agent_xy() - self.goal) <= GOAL_RADIUS)
        return {**info, "success": success, "is_success": float(success)}

    # ------------------------------------------------------------------ observation, step
    def _show_goal(self) -> None:
        z = self.maze.height * self.maze.scaling / 2
        self.model.site_pos[self._target_site] = (self.goal[0], self.goal[1], z)

    def _goal_obs(self) -> dict[str, Any]:
        return {
            "observation": self._agent_observation(),
            "achieved_goal": self._agent_xy().copy(),
            "desired_goal": self.goal.copy(),
        }

    def _check_range(self, action: Any) -> None:
        array = np.asarray(action, dtype=np.float64)
        low, high = self.action_space.low, self.action_space.high
        if array.shape == low.shape and not (
            np.all(array >= low - 1e-6) and np.all(array <= high + 1e-6)
        ):
            raise InvalidAction(
                f"{type(self).__name__}: action {action!r} is outside the action space "
                f"[{low.min():g}, {high.max():g}]^{low.size}; clip it to the bounds first"
            )

    def _finish_step(self, info: dict[str, Any]) -> tuple[dict[str, Any], float, bool, bool, dict]:
        obs = self._goal_obs()
        achieved, desired = obs["achieved_goal"], obs["desired_goal"]
        reward = self.compute_reward(achieved, desired, info)
        terminated = self.compute_terminated(achieved, desired, info)
        truncated = self.compute_truncated(achieved, desired, info)  # type: ignore[attr-defined]
        success = bool(np.linalg.norm(achieved - desired) <= GOAL_RADIUS)
        info["success"] = success
        info["is_success"] = float(success)
        if success and self.continuing_task and self.reset_target and len(self.maze.goal_cells) > 1:
            while np.linalg.norm(achieved - self.goal) <= GOAL_RADIUS:
                self.goal = self._noisy(self._draw_goal())
            self._show_goal()
        return obs, reward, terminated, truncated, info

    # ------------------------------------------------------------------ goal functions
    def compute_reward(self, achieved_goal: Any, desired_goal: Any, info: Any) -> Any:
        """``sparse``: 1.0 within :data:`GOAL_RADIUS` of the goal, else 0.0; ``dense``:
        ``exp(-distance)``. One pair → a float, a batch ``(..., 2)`` → an array."""
        batch = goal_batch_shape(achieved_goal, desired_goal, (2,))
        distance = np.linalg.norm(
            np.asarray(achieved_goal, dtype=np.float64) - np.asarray(desired_goal), axis=-1
        )
        if self.reward_type == "dense":
            reward = np.exp(-distance)
        else:
            reward = (distance <= GOAL_RADIUS).astype(np.float64)
        return float(reward) if batch == () else reward

    def compute_terminated(self, achieved_goal: Any, desired_goal: Any, info: Any) -> Any:
        """``continuing_task=False``: whether the goal is reached; otherwise never."""
        batch = goal_batch_shape(achieved_goal, desired_goal, (2,))
        if self.continuing_task:
            return False if batch == () else np.zeros(batch, dtype=bool)
        distance = np.linalg.norm(
            np.asarray(achieved_goal, dtype=np.float64) - np.asarray(desired_goal), axis=-1
        )
        reached = distance <= GOAL_RADIUS
        return bool(reached) if batch == () else reached

    # ------------------------------------------------------------------ agent hooks
    def _agent_reset(self) -> None:
        raise NotImplementedError

    def _agent_xy(self) -> np.ndarray:
        raise NotImplementedError

    def _agent_observation(self) -> np.ndarray:
        raise NotImplementedError
