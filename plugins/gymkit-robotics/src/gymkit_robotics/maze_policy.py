"""Scripted maze policies: a waypoint planner on the maze graph and a controller per agent.

:class:`WaypointPlanner` finds a shortest cell path (breadth-first search over the free cells)
from the agent's cell to the goal's cell and returns the farthest point along it that the agent
can reach in a straight line keeping ``clearance`` from every wall (the path's cell centres,
then the goal itself). :class:`PointMazePolicy` drives the ball there with a PD law.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from gymkit_robotics.maze_map import MazeMap

__all__ = ["PointMazePolicy", "WaypointPlanner", "run_episodes"]


class WaypointPlanner:
    """The next point to head for in ``maze`` (see the module doc)."""

    def __init__(self, maze: MazeMap, clearance: float) -> None:
        self.maze = maze
        self.clearance = float(clearance)
        self._cache: dict[tuple[tuple[int, int], tuple[int, int]], list[np.ndarray]] = {}

    def _clear(self, point: np.ndarray) -> bool:
        c = self.clearance
        for dx in (-c, c):
            for dy in (-c, c):
                if not self.maze.is_free(self.maze.xy_to_cell((point[0] + dx, point[1] + dy))):
                    return False
        return True

    def visible(self, start: np.ndarray, end: np.ndarray) -> bool:
        """Whether the straight segment ``start`` → ``end`` keeps ``clearance`` from walls."""
        length = float(np.linalg.norm(end - start))
        steps = max(2, math.ceil(length / (0.05 * self.maze.scaling)))
        return all(self._clear(start + (end - start) * (k / steps)) for k in range(1, steps + 1))

    def path(self, position: np.ndarray, goal: np.ndarray) -> list[np.ndarray]:
        """The points from ``position``'s cell to ``goal``: the path cells' centres after the
        first, then ``goal``."""
        start, end = self.maze.xy_to_cell(position), self.maze.xy_to_cell(goal)
        key = (start, end)
        if key not in self._cache:
            cells = self.maze.shortest_path(start, end) or [start, end]
            self._cache[key] = [self.maze.cell_to_xy(cell) for cell in cells[1:-1]]
        return [*self._cache[key], np.asarray(goal, dtype=np.float64)]

    def target(self, position: np.ndarray, goal: np.ndarray) -> np.ndarray:
        """The farthest point of :meth:`path` visible from ``position`` (else the first)."""
        points = self.path(position, goal)
        for point in reversed(points):
            if self.visible(position, point):
                return point
        return points[0]


class PointMazePolicy:
    """PD control of the PointMaze ball toward the planner's target: ``clip(kp * (target -
    position) - kd * velocity, -1, 1)``."""

    def __init__(self, maze: MazeMap, kp: float = 4.0, kd: float = 0.6) -> None:
        self.planner = WaypointPlanner(maze, clearance=0.2)
        self.kp, self.kd = kp, kd

    def __call__(self, obs: dict[str, Any]) -> np.ndarray:
        position, velocity = obs["observation"][:2], obs["observation"][2:4]
        target = self.planner.target(position, obs["desired_goal"])
        action = self.kp * (target - position) - self.kd * velocity
        return np.clip(action, -1.0, 1.0).astype(np.float32)


def run_episodes(env: Any, policy: Any, seeds: Any) -> list[bool]:
    """Play one episode per seed (until terminated or truncated); whether each reached its
    goal (``info["success"]`` at some step)."""
    results = []
    for seed in seeds:
        obs, info = env.reset(seed=int(seed))
        reached = bool(info["success"])
        done = False
        while not done and not reached:
            obs, _, terminated, truncated, info = env.step(policy(obs))
            reached = reached or bool(info["success"])
            done = terminated or truncated
        results.append(reached)
    return results
