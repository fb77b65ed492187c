"""Maze maps: a grid of cells, validated, with the standard layouts of the maze tasks.

A map is a list of rows (row ``i`` from the top), each a list of cells (column ``j`` from the
left). A cell is one of::

    1    a wall block
    0    free: a goal or reset cell when the map marks none of its own
    "g"  a goal cell          "r"  a reset cell (where the agent starts)
    "c"  a combined cell: goal and reset

Cell ``(i, j)`` has its centre at ``x = (j + 0.5) * s - W * s / 2``, ``y = H * s / 2 - (i + 0.5)
* s`` (``s`` the scaling, ``W``/``H`` the map's width/height in cells), so the map is centred at
the origin with +y pointing to row 0.

Which cells serve as goals and resets: with no ``g``/``r``/``c`` at all, every free cell is both;
with goal cells but no reset cells (nor ``c``), the ``0`` cells are the reset cells; with reset
cells but no goal cells (nor ``c``), the ``0`` cells are the goal cells; ``c`` cells join both.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence
from typing import Any

import numpy as np

from gymkit.error import InvalidEnvKwargs

__all__ = [
    "COMBINED",
    "EMPTY",
    "GOAL",
    "RESET",
    "STANDARD_MAPS",
    "WALL",
    "InvalidMazeMap",
    "MazeMap",
]

WALL, EMPTY, GOAL, RESET, COMBINED = 1, 0, "g", "r", "c"
_ALLOWED = "1 (wall), 0 (free), 'g' (goal), 'r' (reset) or 'c' (goal and reset)"

_g, _r, _c = GOAL, RESET, COMBINED

#: The maps of the standard maze tasks (the D4RL / Gymnasium-Robotics layouts), by name.
STANDARD_MAPS: dict[str, list[list[int | str]]] = {
    "Open": [
        [1, 1, 1, 1, 1, 1, 1],
        [1, 0, 0, 0, 0, 0, 1],
        [1, 0, 0, 0, 0, 0, 1],
        [1, 0, 0, 0, 0, 0, 1],
        [1, 1, 1, 1, 1, 1, 1],
    ],
    "Open_Diverse_G": [
        [1, 1, 1, 1, 1, 1, 1],
        [1, _r, _g, _g, _g, _g, 1],
        [1, _g, _g, _g, _g, _g, 1],
        [1, _g, _g, _g, _g, _g, 1],
        [1, 1, 1, 1, 1, 1, 1],
    ],
    "Open_Diverse_GR": [
        [1, 1, 1, 1, 1, 1, 1],
        [1, _c, _c, _c, _c, _c, 1],
        [1, _c, _c, _c, _c, _c, 1],
        [1, _c, _c, _c, _c, _c, 1],
        [1, 1, 1, 1, 1, 1, 1],
    ],
    "UMaze": [
        [1, 1, 1, 1, 1],
        [1, 0, 0, 0, 1],
        [1, 1, 1, 0, 1],
        [1, 0, 0, 0, 1],
        [1, 1, 1, 1, 1],
    ],
    "Medium": [
        [1, 1, 1, 1, 1, 1, 1, 1],
        [1, 0, 0, 1, 1, 0, 0, 1],
        [1, 0, 0, 1, 0, 0, 0, 1],
        [1, 1, 0, 0, 0, 1, 1, 1],
        [1, 0, 0, 1, 0, 0, 0, 1],
        [1, 0, 1, 0, 0, 1, 0, 1],
        [1, 0, 0, 0, 1, 0, 0, 1],
        [1, 1, 1, 1, 1, 1, 1, 1],
    ],
    "Medium_Diverse_G": [
        [1, 1, 1, 1, 1, 1, 1, 1],
        [1, _r, 0, 1, 1, 0, 0, 1],
        [1, 0, 0, 1, 0, 0, _g, 1],
        [1, 1, 0, 0, 0, 1, 1, 1],
        [1, 0, 0, 1, 0, 0, 0, 1],
        [1, _g, 1, 0, 0, 1, 0, 1],
        [1, 0, 0, 0, 1, _g, 0, 1],
        [1, 1, 1, 1, 1, 1, 1, 1],
    ],
    "Medium_Diverse_GR": [
        [1, 1, 1, 1, 1, 1, 1, 1],
        [1, _c, 0, 1, 1, 0, 0, 1],
        [1, 0, 0, 1, 0, 0, _c, 1],
        [1, 1, 0, 0, 0, 1, 1, 1],
        [1, 0, 0, 1, 0, 0, 0, 1],
        [1, _c, 1, 0, 0, 1, 0, 1],
        [1, 0, 0, 0, 1, _c, 0, 1],
        [1, 1, 1, 1, 1, 1, 1, 1],
    ],
    "Large": [
        [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
        [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1],
        [1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1],
        [1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1],
        [1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 0, 1],
        [1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1],
        [1, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1],
        [1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1],
        [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    ],
    "Large_Diverse_G": [
        [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
        [1, _r, 0, 0, 0, 1, _g, 0, 0, 0, 0, 1],
        [1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1],
        [1, 0, 0, 0, 0, _g, 0, 1, 0, 0, _g, 1],
        [1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 0, 1],
        [1, 0, _g, 1, 0, 1, 0, 0, 0, 0, 0, 1],
        [1, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1],
        [1, 0, 0, 1, _g, 0, _g, 1, 0, _g, 0, 1],
        [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    ],
    "Large_Diverse_GR": [
        [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
        [1, _c, 0, 0, 0, 1, _c, 0, 0, 0, 0, 1],
        [1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1],
        [1, 0, 0, 0, 0, _c, 0, 1, 0, 0, _c, 1],
        [1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 0, 1],
        [1, 0, _c, 1, 0, 1, 0, 0, 0, 0, 0, 1],
        [1, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1],
        [1, 0, 0, 1, _c, 0, _c, 1, 0, _c, 0, 1],
        [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    ],
}

Cell = tuple[int, int]


class InvalidMazeMap(InvalidEnvKwargs, ValueError):
    """A ``maze_map`` that is not a valid map; the message names the bad part and the fix."""


def _normalise_cell(value: Any, i: int, j: int) -> int | str:
    if isinstance(value, str):
        if value in (GOAL, RESET, COMBINED):
            return value
    elif isinstance(value, (bool, np.bool_)):
        pass
    elif isinstance(value, (int, np.integer)) and int(value) in (WALL, EMPTY):
        return int(value)
    raise InvalidMazeMap(f"maze_map cell ({i}, {j}) is {value!r}; every cell must be {_ALLOWED}")


class MazeMap:
    """A validated maze map with its continuous geometry.

    Args:
        cells: the rows of cells (see the module doc), or the name of a map in
            :data:`STANDARD_MAPS`.
        scaling: the side of one cell in metres (> 0).
        height: the wall height as a fraction of ``scaling`` (> 0).

    Raises :class:`InvalidMazeMap` for a map that is not a non-empty rectangle of known cells,
    has no free cell, or offers no reset cell away from some goal cell.
    """

    def __init__(self, cells: Any, scaling: float = 1.0, height: float = 0.5) -> None:
        if isinstance(cells, str):
            if cells not in STANDARD_MAPS:
                raise InvalidMazeMap(
                    f"maze_map {cells!r} is not a standard map; use one of "
                    f"{sorted(STANDARD_MAPS)} or a list of rows of cells"
                )
            cells = STANDARD_MAPS[cells]
        if isinstance(cells, np.ndarray):
            cells = cells.tolist()
        if not isinstance(cells, Sequence) or isinstance(cells, (str, bytes)) or not cells:
            raise InvalidMazeMap(
                f"maze_map must be a non-empty list of rows (lists of cells), got {cells!r}"
            )
        rows: list[list[int | str]] = []
        for i, row in enumerate(cells):
            if isinstance(row, np.ndarray):
                row = row.tolist()
            if not isinstance(row, Sequence) or isinstance(row, (str, bytes)) or not row:
                raise InvalidMazeMap(
                    f"maze_map row {i} is {row!r}; every row must be a non-empty list of cells"
                )
            rows.append([_normalise_cell(value, i, j) for j, value in enumerate(row)])
        width = len(rows[0])
        for i, row in enumerate(rows):
            if len(row) != width:
                raise InvalidMazeMap(
                    f"maze_map row {i} has {len(row)} cells but row 0 has {width}; every row "
                    "must have the same length (pad with walls, 1)"
                )
        for name, value in (("maze_size_scaling", scaling), ("maze_height", height)):
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float, np.integer, np.floating))
                or not math.isfinite(value)
                or value <= 0
            ):
                raise InvalidEnvKwargs(f"{name} must be a finite number > 0, got {value!r}")
        self.cells = rows
        self.scaling = float(scaling)
        self.height = float(height)
        self.n_rows = len(rows)
        self.n_cols = width
        self.x_center = self.n_cols / 2 * self.scaling
        self.y_center = self.n_rows / 2 * self.scaling

        marked: dict[Any, list[Cell]] = {GOAL: [], RESET: [], COMBINED: [], EMPTY: []}
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                if value != WALL:
                    marked[value].append((i, j))
        free = sum(len(v) for v in marked.values())
        if free == 0:
            raise InvalidMazeMap(
                f"maze_map has no free cell (all {self.n_rows}x{self.n_cols} cells are walls); "
                "mark at least two cells 0, 'g', 'r' or 'c'"
            )
        goals, resets, both = marked[GOAL], marked[RESET], marked[COMBINED]
        if not goals and not resets and not both:
            both = marked[EMPTY]
        elif not resets and not both:
            resets = marked[EMPTY]
        elif not goals and not both:
            goals = marked[EMPTY]
        #: cells a goal is drawn from, and cells the agent starts in (row, column)
        self.goal_cells: list[Cell] = goals + both
        self.reset_cells: list[Cell] = resets + both
        if not self.goal_cells:
            raise InvalidMazeMap(
                "maze_map has reset cells but no goal cell: mark a goal with 'g' or 'c' (or "
                "leave a free cell 0)"
            )
        for goal in self.goal_cells:
            if not any(cell != goal for cell in self.reset_cells):
                raise InvalidMazeMap(
                    f"maze_map has no reset cell apart from the goal cell {goal}: the agent must "
                    "start in another cell; add a free cell 0, 'r' or 'c'"
                )

    # ------------------------------------------------------------------ geometry
    def is_free(self, cell: Cell) -> bool:
        """Whether ``cell`` is inside the map and not a wall."""
        i, j = cell
        return 0 <= i < self.n_rows and 0 <= j < self.n_cols and self.cells[i][j] != WALL

    def cell_to_xy(self, cell: Cell) -> np.ndarray:
        """The centre ``(x, y)`` of cell ``(row, column)``."""
        i, j = cell
        return np.array(
            [(j + 0.5) * self.scaling - self.x_center, self.y_center - (i + 0.5) * self.scaling]
        )

    def xy_to_cell(self, xy: Any) -> Cell:
        """The ``(row, column)`` of the cell holding the point ``xy``."""
        i = math.floor((self.y_center - float(xy[1])) / self.scaling)
        j = math.floor((float(xy[0]) + self.x_center) / self.scaling)
        return (i, j)

    def check_cell(self, name: str, cell: Any) -> Cell:
        """``cell`` as a ``(row, column)`` of a free cell; :class:`ValueError` naming ``name``."""
        try:
            array = np.asarray(cell)
            ok = array.shape == (2,) and np.issubdtype(array.dtype, np.integer)
        except (TypeError, ValueError):
            ok = False
        if not ok:
            raise ValueError(
                f"{name} {cell!r} must be a (row, column) pair of ints, e.g. np.array([1, 1])"
            )
        i, j = int(array[0]), int(array[1])
        if not (0 <= i < self.n_rows and 0 <= j < self.n_cols):
            raise ValueError(
                f"{name} {(i, j)} is outside the {self.n_rows}x{self.n_cols} map; rows are "
                f"0..{self.n_rows - 1}, columns 0..{self.n_cols - 1}"
            )
        if self.cells[i][j] == WALL:
            raise ValueError(f"{name} {(i, j)} is a wall cell; choose a free cell")
        return (i, j)

    # ------------------------------------------------------------------ graph
    def neighbours(self, cell: Cell) -> list[Cell]:
        """The free cells sharing a side with ``cell``."""
        i, j = cell
        around = ((i - 1, j), (i + 1, j), (i, j - 1), (i, j + 1))
        return [c for c in around if self.is_free(c)]

    def shortest_path(self, start: Cell, goal: Cell) -> list[Cell] | None:
        """The cells of a shortest 4-connected path from ``start`` to ``goal`` (both included),
        by breadth-first search; ``None`` when ``goal`` cannot be reached."""
        if not self.is_free(start) or not self.is_free(goal):
            return None
        parent: dict[Cell, Cell | None] = {start: None}
        queue = deque([start])
        while queue:
            cell = queue.popleft()
            if cell == goal:
                path = [cell]
                while (previous := parent[path[-1]]) is not None:
                    path.append(previous)
                return path[::-1]
            for nxt in self.neighbours(cell):
                if nxt not in parent:
                    parent[nxt] = cell
                    queue.append(nxt)
        return None

    def __repr__(self) -> str:
        return f"MazeMap({self.n_rows}x{self.n_cols}, scaling={self.scaling})"
