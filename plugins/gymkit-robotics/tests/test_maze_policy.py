"""The scripted maze policies reach their goals (few seeded episodes here; the 100-episode
figures come from ``scripts/maze_success.py``) and the waypoint planner keeps off the walls."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gymkit_robotics.maze_map import MazeMap
from gymkit_robotics.maze_policy import WaypointPlanner, success_rate


@pytest.mark.parametrize("name", ["Open", "UMaze", "Medium", "Large"])
def test_point_maze_policy_reaches_the_goal(name):
    assert success_rate(f"robotics/PointMaze_{name}-v1", 10, first_seed=1000) >= 0.9


@pytest.mark.parametrize("name", ["Open", "UMaze", "Medium", "Large"])
def test_ant_maze_gait_reaches_the_goal(name):
    assert success_rate(f"robotics/AntMaze_{name}-v1", 4, first_seed=1000) >= 0.75


@settings(max_examples=40, deadline=None)
@given(name=st.sampled_from(["UMaze", "Medium", "Large"]), data=st.data())
def test_planner_targets_are_reachable_in_a_straight_line(name, data):
    maze = MazeMap(name)
    planner = WaypointPlanner(maze, clearance=0.2)
    start = data.draw(st.sampled_from(maze.reset_cells))
    goal = data.draw(st.sampled_from(maze.goal_cells))
    position = maze.cell_to_xy(start) + data.draw(st.tuples(*[st.floats(-0.25, 0.25)] * 2))
    goal_xy = maze.cell_to_xy(goal)
    target = planner.target(np.asarray(position), goal_xy)
    # the target is on the BFS path (a cell centre or the goal) and in sight when not adjacent
    path = maze.shortest_path(start, goal)
    centres = [maze.cell_to_xy(c) for c in path[1:-1]] + [goal_xy]
    assert any(np.allclose(target, c) for c in centres)
    if planner.visible(np.asarray(position), goal_xy):
        np.testing.assert_array_equal(target, goal_xy)
    # walls block the sight line: in the U-maze the far arm is never targeted directly
    if name == "UMaze" and start[0] == 3 and goal[0] == 1 and start[1] == goal[1] == 1:
        assert not np.allclose(target, goal_xy)
