"""The maze map model: validation with clear errors, cell geometry, goal/reset cells, BFS."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gymkit.error import InvalidEnvKwargs
from gymkit_robotics.maze_map import STANDARD_MAPS, InvalidMazeMap, MazeMap


def test_standard_maps_are_the_known_layouts():
    assert set(STANDARD_MAPS) >= {"Open", "UMaze", "Medium", "Large"}
    shapes = {name: (MazeMap(name).n_rows, MazeMap(name).n_cols) for name in STANDARD_MAPS}
    assert shapes["UMaze"] == (5, 5)
    assert shapes["Open"] == (5, 7)
    assert shapes["Medium"] == (8, 8)
    assert shapes["Large"] == (9, 12)
    # free cells of the plain maps (every one is a goal and a reset cell)
    for name, free in (("UMaze", 7), ("Open", 15), ("Medium", 26), ("Large", 46)):
        maze = MazeMap(name)
        assert len(maze.goal_cells) == free == len(maze.reset_cells)


def test_diverse_maps_split_goal_and_reset_cells():
    g = MazeMap("Medium_Diverse_G")
    assert g.reset_cells == [(1, 1)]
    assert sorted(g.goal_cells) == [(2, 6), (5, 1), (6, 5)]
    gr = MazeMap("Large_Diverse_GR")
    assert gr.goal_cells == gr.reset_cells and len(gr.goal_cells) == 8


@pytest.mark.parametrize(
    ("cells", "fragment"),
    [
        ([[1, 1], [1, 1]], "no free cell"),
        ([[1, "x", 0]], "cell (0, 1) is 'x'"),
        ([[1, 2, 0]], "cell (0, 1) is 2"),
        ([[1, True, 0]], "cell (0, 1) is True"),
        ([], "non-empty list of rows"),
        ([[0, 0], [0]], "row 1 has 1 cells but row 0 has 2"),
        ([[1, 0, 1]], "no reset cell apart from the goal cell (0, 1)"),
        ([[1, "r", "r", 1]], "reset cells but no goal cell"),
        ("Spiral", "not a standard map"),
        (42, "non-empty list of rows"),
    ],
)
def test_bad_maps_raise_clear_errors(cells, fragment):
    with pytest.raises(InvalidMazeMap) as excinfo:
        MazeMap(cells)
    assert fragment in str(excinfo.value)


def test_bad_scaling_is_named():
    with pytest.raises(InvalidEnvKwargs, match="maze_size_scaling"):
        MazeMap("UMaze", scaling=0.0)


def test_cell_geometry_of_the_umaze():
    maze = MazeMap("UMaze", scaling=4.0)
    np.testing.assert_allclose(maze.cell_to_xy((1, 1)), [-4.0, 4.0])
    np.testing.assert_allclose(maze.cell_to_xy((3, 3)), [4.0, -4.0])
    assert maze.xy_to_cell((-4.0, 4.0)) == (1, 1)


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(sorted(STANDARD_MAPS)),
    scaling=st.floats(0.5, 5.0),
    du=st.floats(-0.49, 0.49),
    dv=st.floats(-0.49, 0.49),
    data=st.data(),
)
def test_xy_to_cell_inverts_cell_to_xy(name, scaling, du, dv, data):
    maze = MazeMap(name, scaling=scaling)
    cell = data.draw(st.sampled_from(maze.goal_cells))
    point = maze.cell_to_xy(cell) + np.array([du, dv]) * scaling
    assert maze.xy_to_cell(point) == cell


@settings(max_examples=40, deadline=None)
@given(name=st.sampled_from(["UMaze", "Medium", "Large", "Open"]), data=st.data())
def test_bfs_paths_are_shortest_and_connected(name, data):
    maze = MazeMap(name)
    start = data.draw(st.sampled_from(maze.reset_cells))
    goal = data.draw(st.sampled_from(maze.goal_cells))
    path = maze.shortest_path(start, goal)
    assert path is not None and path[0] == start and path[-1] == goal
    for a, b in itertools.pairwise(path):
        assert abs(a[0] - b[0]) + abs(a[1] - b[1]) == 1 and maze.is_free(b)
    # shortest: never longer than the reverse search, and at least the Manhattan distance
    assert len(path) == len(maze.shortest_path(goal, start))
    assert len(path) - 1 >= abs(start[0] - goal[0]) + abs(start[1] - goal[1])


def test_bfs_finds_no_path_between_separate_rooms():
    maze = MazeMap([[0, 1, 0]])
    assert maze.shortest_path((0, 0), (0, 2)) is None


def test_check_cell_errors():
    maze = MazeMap("UMaze")
    assert maze.check_cell("goal_cell", np.array([1, 1])) == (1, 1)
    with pytest.raises(ValueError, match=r"goal_cell \(0, 0\) is a wall"):
        maze.check_cell("goal_cell", [0, 0])
    with pytest.raises(ValueError, match="outside the 5x5 map"):
        maze.check_cell("reset_cell", [7, 1])
    with pytest.raises(ValueError, match="pair of ints"):
        maze.check_cell("reset_cell", [1.5, 1])
