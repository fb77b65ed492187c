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

__all__ = [
    "AntMazePolicy",
    "PointMazePolicy",
    "WaypointPlanner",
    "run_episodes",
    "scripted_policy",
    "success_rate",
]


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


def _yaw(quat: np.ndarray) -> float:
    w, x, y, z = (float(v) for v in quat)
    return math.atan2(2.0 * (w * z + x * y), 1.0 - 2.0 * (y * y + z * z))


#: The Ant's legs (front-left, front-right, back-left, back-right as in ``ant.xml``: joints
#: hip_1/ankle_1 .. hip_4/ankle_4): each leg's horizontal direction from the torso, the
#: direction its foot moves when its hip angle grows (z x leg), and the sign of an ankle bend
#: that lowers the foot.
_LEGS = np.array([[1.0, 1.0], [-1.0, 1.0], [-1.0, -1.0], [1.0, -1.0]]) / math.sqrt(2.0)
_HIP_TANGENTS = np.stack([-_LEGS[:, 1], _LEGS[:, 0]], axis=1)
_ANKLE_DOWN = np.array([1.0, -1.0, -1.0, 1.0])
#: Trot: the diagonal pairs (legs 1 & 3, 2 & 4) half a cycle apart.
_PHASE = np.array([0.0, math.pi, 0.0, math.pi])
#: The joint (index into qpos[7:15]) each of the eight actuators drives.
_ACTUATOR_JOINT = np.array([6, 7, 0, 1, 2, 3, 4, 5])


class AntMazePolicy:
    """A scripted trot that walks the Ant in any horizontal direction without turning, steered
    toward the planner's target.

    Every leg's hip swings by ``amplitude * (t_k . d) * cos(phase)`` (``t_k`` the direction
    its foot moves as the hip turns, ``d`` the walking direction in the torso's frame), so the
    feet on the ground sweep backward along ``d``; its ankle holds the foot down for the half
    cycle it sweeps back and lifts it by ``lift * max(0, -sin(phase + lift_phase))`` for the
    half cycle it swings forward. The joints follow these angles by soft PD torques, which lag
    the commanded angles: at the 2 Hz cycle, ``lift_phase`` = -0.9 (the lift 0.9 rad later)
    matches the lift to the hips' actual swing. Measured in an open arena: 1.0-1.2 m/s along
    either axis and the diagonals, against about 0.5 m/s for the earlier 1 Hz cycle (kp 3, no
    lift lag). Call :meth:`reset` at every episode start.
    """

    def __init__(
        self,
        maze: MazeMap,
        frequency: float = 2.0,
        amplitude: float = 0.75,
        stance: float = 1.15,
        lift: float = 0.35,
        lift_phase: float = -0.9,
        kp: float = 1.25,
        kd: float = 0.1,
        dt: float = 0.05,
    ) -> None:
        self.planner = WaypointPlanner(maze, clearance=1.0)
        self.frequency, self.amplitude, self.stance, self.lift = frequency, amplitude, stance, lift
        self.lift_phase = lift_phase
        self.kp, self.kd, self.dt = kp, kd, dt
        self.steps = 0

    def reset(self) -> None:
        """Start the gait cycle anew."""
        self.steps = 0

    def __call__(self, obs: dict[str, Any]) -> np.ndarray:
        position = obs["achieved_goal"]
        state = obs["observation"]  # qpos[2:] (13) then qvel (14)
        quat, joints, joint_speeds = state[1:5], state[5:13], state[19:27]
        target = self.planner.target(position, obs["desired_goal"])
        offset = target - position
        distance = float(np.linalg.norm(offset))
        heading = _yaw(quat)
        c, s = math.cos(heading), math.sin(heading)
        scale = min(1.0, distance / 1.0) / max(distance, 1e-9)
        local = np.array([c * offset[0] + s * offset[1], -s * offset[0] + c * offset[1]]) * scale
        phase = 2.0 * math.pi * self.frequency * self.steps * self.dt + _PHASE
        self.steps += 1
        hips = np.clip(self.amplitude * (_HIP_TANGENTS @ local) * np.cos(phase), -0.5, 0.5)
        ankles = _ANKLE_DOWN * (
            self.stance - self.lift * np.maximum(0.0, -np.sin(phase + self.lift_phase))
        )
        wanted = np.empty(8)
        wanted[0::2], wanted[1::2] = hips, ankles
        torque = self.kp * (wanted - joints) - self.kd * joint_speeds
        return np.clip(torque[_ACTUATOR_JOINT], -1.0, 1.0).astype(np.float32)


def run_episodes(env: Any, policy: Any, seeds: Any) -> list[bool]:
    """Play one episode per seed (until terminated or truncated); whether each reached its
    goal (``info["success"]`` at some step)."""
    results = []
    for seed in seeds:
        obs, info = env.reset(seed=int(seed))
        if hasattr(policy, "reset"):
            policy.reset()
        reached = bool(info["success"])
        done = False
        while not done and not reached:
            obs, _, terminated, truncated, info = env.step(policy(obs))
            reached = reached or bool(info["success"])
            done = terminated or truncated
        results.append(reached)
    return results


def scripted_policy(env: Any) -> PointMazePolicy | AntMazePolicy:
    """The scripted policy of a (wrapped) PointMaze or AntMaze env."""
    unwrapped = env.unwrapped
    if type(unwrapped).__name__ == "AntMazeEnv":
        return AntMazePolicy(unwrapped.maze, dt=unwrapped.dt)
    return PointMazePolicy(unwrapped.maze)


def success_rate(env_id: str, episodes: int, first_seed: int = 0) -> float:
    """The fraction of ``episodes`` seeded episodes (seeds ``first_seed`` ..) of the registered
    ``env_id`` (with its step limit) in which the scripted policy reaches the goal."""
    import gymkit

    env = gymkit.make(env_id)
    try:
        results = run_episodes(env, scripted_policy(env), range(first_seed, first_seed + episodes))
    finally:
        env.close()
    return sum(results) / episodes
