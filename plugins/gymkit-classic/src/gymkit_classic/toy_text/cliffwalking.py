"""CliffWalking: walk along the edge of a cliff from start to goal (Sutton and Barto, Example
6.6).

A 4x12 grid; the agent starts at the bottom-left ``(3, 0)`` (state 36) and the goal is the
bottom-right ``(3, 11)`` (state 47); the cells between them on the bottom row, ``(3, 1)`` to
``(3, 10)``, are the cliff. The state is ``row * 12 + col``. Actions: 0 up, 1 right, 2 down,
3 left; a move into the border leaves the agent in place. Every step costs -1; stepping onto the
cliff costs -100 instead and sends the agent back to the start (the episode goes on); reaching
the goal terminates the episode. With ``is_slippery=True`` the agent moves in the intended
direction or either perpendicular one, each with probability 1/3. CliffWalking-v0 has no time
limit and no reward threshold.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gymkit_classic.toy_text import drawing
from gymkit_classic.toy_text.tabular import TabularEnv, Transition, TransitionTable

__all__ = ["CliffWalkingEnv"]

UP, RIGHT, DOWN, LEFT = 0, 1, 2, 3
ACTION_NAMES = ("Up", "Right", "Down", "Left")
_DELTAS = ((-1, 0), (0, 1), (1, 0), (0, -1))


class CliffWalkingEnv(TabularEnv):
    """The cliff-walking grid world (see the module docstring).

    Option ``is_slippery`` (default ``False``). Observation ``Discrete(48)``; action
    ``Discrete(4)``; ``info = {"prob": p}``. :attr:`cliff` is a ``(4, 12)`` bool array.
    """

    metadata: dict[str, Any] = {"render_modes": ["human", "ansi", "rgb_array"], "render_fps": 4}

    #: keyboard map of ``gymkit play``: WASD moves; nothing held = wait (no step)
    keys_to_action = {("w",): UP, ("d",): RIGHT, ("s",): DOWN, ("a",): LEFT}
    noop = None

    shape = (4, 12)
    start_state_index = 36
    goal_state_index = 47
    _caption = "CliffWalking"

    def __init__(self, render_mode: str | None = None, is_slippery: bool = False) -> None:
        from gymkit.spaces import Discrete

        self.render_mode = self._check_render_mode(render_mode)
        self.is_slippery = bool(is_slippery)
        n_rows, n_cols = self.shape
        self.nS = n_rows * n_cols
        self.nA = 4
        self.cliff = np.zeros(self.shape, dtype=bool)
        self.cliff[3, 1:-1] = True
        self.observation_space = Discrete(self.nS)
        self.action_space = Discrete(self.nA)
        start = np.zeros(self.nS, dtype=np.float64)
        start[self.start_state_index] = 1.0
        self._set_tables(self._build_table(), start)
        self.cell_size = (60, 60)
        self.window_size = (n_cols * 60, n_rows * 60)

    def _build_table(self) -> TransitionTable:
        n_rows, n_cols = self.shape
        cliff = self.cliff.tolist()
        goal = divmod(self.goal_state_index, n_cols)

        def outcome(row: int, col: int, move: int) -> tuple[int, float, bool]:
            dr, dc = _DELTAS[move]
            row = min(max(row + dr, 0), n_rows - 1)
            col = min(max(col + dc, 0), n_cols - 1)
            if cliff[row][col]:
                return self.start_state_index, -100.0, False
            return row * n_cols + col, -1.0, (row, col) == goal

        table: TransitionTable = {}
        for row in range(n_rows):
            for col in range(n_cols):
                moves: dict[int, list[Transition]] = {}
                for action in range(4):
                    if self.is_slippery:
                        moves[action] = [
                            (1.0 / 3.0, *outcome(row, col, move))
                            for move in ((action - 1) % 4, action, (action + 1) % 4)
                        ]
                    else:
                        moves[action] = [(1.0, *outcome(row, col, action))]
                table[row * n_cols + col] = moves
        return table

    # ------------------------------------------------------------------ rendering
    def _ansi(self) -> str:
        assert self.s is not None
        n_rows, n_cols = self.shape
        lines = []
        for row in range(n_rows):
            cells = []
            for col in range(n_cols):
                state = row * n_cols + col
                if state == self.s:
                    cells.append(drawing.ansi_highlight(" x ", 41))
                elif state == self.goal_state_index:
                    cells.append(" T ")
                elif self.cliff[row, col]:
                    cells.append(" C ")
                else:
                    cells.append(" o ")
            lines.append("".join(cells))
        if self.lastaction is not None:
            lines.append(f"  ({ACTION_NAMES[self.lastaction]})")
        return "\n".join(lines) + "\n"

    def _draw(self) -> np.ndarray:
        from gymkit.rendering import Canvas

        assert self.s is not None
        n_rows, n_cols = self.shape
        cw, ch = self.cell_size
        width, height = self.window_size
        canvas = Canvas(width, height, background=(120, 180, 90), supersample=2)
        for row in range(n_rows):
            for col in range(n_cols):
                x0, y0 = col * cw, row * ch
                box = (x0, y0, x0 + cw, y0 + ch)
                if self.cliff[row, col]:
                    _cliff(canvas, box, row > 0 and not self.cliff[row - 1, col])
                else:
                    shade = (128, 188, 96) if (row + col) % 2 else (118, 178, 88)
                    canvas.rectangle((x0, y0), (x0 + cw, y0 + ch), fill=shade)
                    _grass(canvas, box, (row * 5 + col * 3) % 3)
        start_row, start_col = divmod(self.start_state_index, n_cols)
        canvas.rectangle(
            (start_col * cw + 6, start_row * ch + ch - 14),
            (start_col * cw + cw - 6, start_row * ch + ch - 6),
            fill=(170, 120, 70),
        )
        goal_row, goal_col = divmod(self.goal_state_index, n_cols)
        drawing.flag(
            canvas,
            (goal_col * cw, goal_row * ch, goal_col * cw + cw, goal_row * ch + ch),
            (220, 40, 40),
        )
        for col in range(1, n_cols):
            canvas.line([(col * cw, 0), (col * cw, height)], (100, 150, 75))
        for row in range(1, n_rows):
            canvas.line([(0, row * ch), (width, row * ch)], (100, 150, 75))
        row, col = divmod(self.s, n_cols)
        facing = (
            None if self.lastaction is None else ("up", "right", "down", "left")[self.lastaction]
        )
        x0, y0 = col * cw, row * ch
        drawing.walker(
            canvas,
            (x0 + cw * 0.12, y0 + ch * 0.04, x0 + cw * 0.88, y0 + ch * 0.96),
            facing,
            (60, 90, 200),
        )
        return canvas.to_array()


def _grass(canvas: Any, box: drawing.Box, variant: int) -> None:
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    blade = (90, 150, 65)
    for fx, fy in (*((0.2, 0.3), (0.65, 0.55), (0.35, 0.8))[variant:], (0.8, 0.2)):
        bx, by = x0 + w * fx, y0 + h * fy
        canvas.line([(bx, by), (bx - w * 0.04, by - h * 0.1)], blade, width=2)
        canvas.line([(bx, by), (bx + w * 0.04, by - h * 0.1)], blade, width=2)


def _cliff(canvas: Any, box: drawing.Box, edge: bool) -> None:
    """A drop: dark rock falling away, with a lighter lip where the grass ends."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    canvas.rectangle((x0, y0), (x1, y1), fill=(70, 55, 50))
    canvas.polygon(
        [
            (x0, y0 + h * 0.2),
            (x0 + w * 0.5, y0 + h * 0.55),
            (x1, y0 + h * 0.25),
            (x1, y1),
            (x0, y1),
        ],
        fill=(45, 35, 35),
    )
    canvas.line(
        [(x0 + w * 0.2, y0 + h * 0.5), (x0 + w * 0.35, y0 + h * 0.8)], (100, 85, 75), width=2
    )
    canvas.line(
        [(x0 + w * 0.7, y0 + h * 0.45), (x0 + w * 0.6, y0 + h * 0.85)], (100, 85, 75), width=2
    )
    if edge:
        canvas.rectangle((x0, y0), (x1, y0 + h * 0.1), fill=(150, 120, 95))
