"""``example/GridWorld-v0``: walk from the start to the goal of a small maze.

The grid is given as rows of characters: ``S`` start, ``G`` goal, ``#`` wall, ``.`` floor.
Actions are ``Discrete(4)``: 0 up, 1 right, 2 down, 3 left; a move into a wall or off the grid
leaves the agent where it is. The observation is the agent's cell index ``row * cols + col``
(``Discrete(rows * cols)``). Each step costs ``-0.01``; reaching the goal pays ``+1.0`` and
terminates the episode. Everything is deterministic: the same actions give the same episode.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from gymkit import error
from gymkit.core import Env
from gymkit.spaces import Discrete

DEFAULT_LAYOUT: tuple[str, ...] = (
    "S...#",
    ".##..",
    "...#.",
    ".#...",
    "...#G",
)
# (row, col) offsets of the four actions: up, right, down, left.
MOVES: tuple[tuple[int, int], ...] = ((-1, 0), (0, 1), (1, 0), (0, -1))
STEP_REWARD = -0.01
GOAL_REWARD = 1.0
CELL_PIXELS = 32


def _check_layout(layout: Sequence[str]) -> tuple[str, ...]:
    rows = tuple(layout)
    if not rows or not all(isinstance(r, str) and r for r in rows):
        raise ValueError(
            f"layout must be a non-empty sequence of non-empty strings, got {layout!r}"
        )
    if len({len(r) for r in rows}) != 1:
        raise ValueError(
            f"every layout row must have the same length, got lengths {[len(r) for r in rows]}"
        )
    text = "".join(rows)
    unknown = set(text) - set("SG.#")
    if unknown:
        raise ValueError(f"layout may hold only 'S', 'G', '.', '#', found {sorted(unknown)}")
    if text.count("S") != 1 or text.count("G") != 1:
        raise ValueError("layout needs exactly one start 'S' and one goal 'G'")
    return rows


class GridWorldEnv(Env[int, int]):
    """A deterministic grid maze; see the module docstring for the task."""

    metadata = {"render_modes": ["ansi", "rgb_array"], "render_fps": 4}

    def __init__(
        self, layout: Sequence[str] = DEFAULT_LAYOUT, render_mode: str | None = None
    ) -> None:
        self.render_mode = self._check_render_mode(render_mode)
        self.layout = _check_layout(layout)
        self.rows, self.cols = len(self.layout), len(self.layout[0])
        text = "".join(self.layout)
        self.start = divmod(text.index("S"), self.cols)
        self.goal = divmod(text.index("G"), self.cols)
        self.walls = frozenset(divmod(i, self.cols) for i, c in enumerate(text) if c == "#")
        self.observation_space = Discrete(self.rows * self.cols)
        self.action_space = Discrete(4)
        self.position: tuple[int, int] | None = None

    def _obs(self) -> int:
        assert self.position is not None
        return self.position[0] * self.cols + self.position[1]

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[int, dict[str, Any]]:
        """Put the agent on the start cell; return ``(cell index, {})``."""
        super().reset(seed=seed)
        self.position = self.start
        return self._obs(), {}

    def step(self, action: int) -> tuple[int, float, bool, bool, dict[str, Any]]:
        """Move one cell (if free); reward ``+1.0`` on reaching the goal, else ``-0.01``."""
        if self.position is None:
            raise error.ResetNeeded("GridWorldEnv.step() before reset(); call env.reset() first")
        if (
            isinstance(action, (bool, np.bool_))
            or not isinstance(action, (int, np.integer))
            or not 0 <= action < 4
        ):
            raise error.InvalidAction(
                f"GridWorld action must be an int in 0..3 (up, right, down, left), got {action!r}"
            )
        d_row, d_col = MOVES[int(action)]
        row, col = self.position[0] + d_row, self.position[1] + d_col
        if 0 <= row < self.rows and 0 <= col < self.cols and (row, col) not in self.walls:
            self.position = (row, col)
        reached = self.position == self.goal
        return self._obs(), GOAL_REWARD if reached else STEP_REWARD, reached, False, {}

    def render(self) -> str | np.ndarray | None:
        """``"ansi"``: the maze as text with ``A`` for the agent; ``"rgb_array"``: a frame."""
        if self.render_mode == "ansi":
            return self._render_text()
        if self.render_mode == "rgb_array":
            return self._render_frame()
        return None

    def _render_text(self) -> str:
        lines = []
        for r, row in enumerate(self.layout):
            cells = ["A" if (r, c) == self.position else ch for c, ch in enumerate(row)]
            lines.append("".join(cells))
        return "\n".join(lines) + "\n"

    def _render_frame(self) -> np.ndarray:
        from gymkit.rendering import Canvas

        canvas = Canvas(
            self.cols * CELL_PIXELS, self.rows * CELL_PIXELS, background=(235, 235, 235)
        )
        for r in range(self.rows):
            for c in range(self.cols):
                colour = (60, 60, 60) if (r, c) in self.walls else None
                if (r, c) == self.goal:
                    colour = (80, 190, 90)
                x0, y0 = c * CELL_PIXELS, r * CELL_PIXELS
                canvas.rectangle(
                    (x0, y0),
                    (x0 + CELL_PIXELS - 1, y0 + CELL_PIXELS - 1),
                    fill=colour,
                    outline=(200, 200, 200),
                )
        if self.position is not None:
            r, c = self.position
            centre = (c * CELL_PIXELS + CELL_PIXELS / 2, r * CELL_PIXELS + CELL_PIXELS / 2)
            canvas.circle(centre, CELL_PIXELS * 0.35, fill=(50, 90, 220))
        return canvas.to_array()
