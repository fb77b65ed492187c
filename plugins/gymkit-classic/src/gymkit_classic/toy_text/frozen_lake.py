"""FrozenLake: walk from the start ``S`` to the goal ``G`` over a frozen lake without falling
into a hole ``H``.

The lake is a grid of letters (``S`` start, ``F`` frozen, ``H`` hole, ``G`` goal); the state is
the agent's cell, ``row * ncol + col``. Actions: 0 left, 1 down, 2 right, 3 up; a move into the
border leaves the agent in place. On a slippery lake (``is_slippery=True``) the agent moves in
the intended direction with probability ``success_rate`` (default 1/3) and in each of the two
perpendicular directions with probability ``(1 - success_rate) / 2``. Reaching ``G`` or ``H``
terminates the episode; the reward is ``reward_schedule = (goal, hole, frozen)``, by default 1
for reaching the goal and 0 otherwise. FrozenLake-v1 (4x4) is truncated at 100 steps and counts
as solved at 0.70, FrozenLake8x8-v1 at 200 steps and 0.85.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence
from typing import Any

import numpy as np

from gymkit.error import InvalidEnvKwargs
from gymkit_classic.toy_text import drawing
from gymkit_classic.toy_text.tabular import TabularEnv, Transition, TransitionTable

__all__ = ["MAPS", "FrozenLakeEnv", "generate_random_map", "is_solvable"]

LEFT, DOWN, RIGHT, UP = 0, 1, 2, 3
ACTION_NAMES = ("Left", "Down", "Right", "Up")

MAPS: dict[str, list[str]] = {
    "4x4": ["SFFF", "FHFH", "FFFH", "HFFG"],
    "8x8": [
        "SFFFFFFF",
        "FFFFFFFF",
        "FFFHFFFF",
        "FFFFFHFF",
        "FFFHFFFF",
        "FHHFFFHF",
        "FHFFHFHF",
        "FFFHFFFG",
    ],
}

_MAX_MAP_ATTEMPTS = 100_000


def is_solvable(desc: Sequence[str] | np.ndarray) -> bool:
    """Whether some goal ``G`` can be reached from some start ``S`` without entering a hole
    (breadth-first search over the four grid moves)."""
    grid = [row.decode() if isinstance(row, bytes) else str(row) for row in _rows_of(desc)]
    nrow, ncol = len(grid), len(grid[0])
    frontier = deque((r, c) for r in range(nrow) for c in range(ncol) if grid[r][c] == "S")
    seen = set(frontier)
    while frontier:
        r, c = frontier.popleft()
        if grid[r][c] == "G":
            return True
        for dr, dc in ((0, -1), (1, 0), (0, 1), (-1, 0)):
            nr, nc = r + dr, c + dc
            inside = 0 <= nr < nrow and 0 <= nc < ncol
            if inside and (nr, nc) not in seen and grid[nr][nc] != "H":
                seen.add((nr, nc))
                frontier.append((nr, nc))
    return False


def _corner_to_corner(open_cells: list[list[bool]]) -> bool:
    """Whether the bottom-right cell can be reached from the top-left through open cells."""
    n = len(open_cells)
    stack, seen = [(0, 0)], {(0, 0)}
    while stack:
        r, c = stack.pop()
        if r == c == n - 1:
            return True
        for nr, nc in ((r + 1, c), (r, c + 1), (r - 1, c), (r, c - 1)):
            if 0 <= nr < n and 0 <= nc < n and open_cells[nr][nc] and (nr, nc) not in seen:
                seen.add((nr, nc))
                stack.append((nr, nc))
    return False


def _rows_of(desc: Sequence[Any] | np.ndarray) -> list[str]:
    if isinstance(desc, np.ndarray):
        if desc.ndim == 2:
            return [
                b"".join(row).decode() if desc.dtype.kind == "S" else "".join(row)
                for row in desc.tolist()
            ]
        return [row.decode() if isinstance(row, bytes) else str(row) for row in desc.tolist()]
    return [row.decode() if isinstance(row, bytes) else row for row in desc]


def generate_random_map(size: int = 8, p: float = 0.8, seed: int | None = None) -> list[str]:
    """A random ``size`` x ``size`` lake with a path from ``S`` (top-left) to ``G``
    (bottom-right).

    Each other cell is frozen with probability ``p`` and a hole otherwise; boards are drawn from
    a generator seeded with ``seed`` until one is solvable, so the same seed gives the same map.
    Raises :class:`ValueError` for ``size < 2``, ``p`` outside ``(0, 1]``, or when no solvable
    board turns up in 100000 draws (``p`` too small for the size).
    """
    from gymkit.utils.seeding import np_random

    if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 2:
        raise ValueError(f"generate_random_map needs an int size >= 2, got {size!r}")
    if isinstance(p, bool) or not isinstance(p, (int, float, np.number)) or not 0 < p <= 1:
        raise ValueError(
            f"generate_random_map needs a frozen-cell probability p in (0, 1], got {p!r}"
        )
    size, p = int(size), float(p)
    rng, _ = np_random(seed)
    for _ in range(_MAX_MAP_ATTEMPTS):
        frozen = (rng.random((size, size)) < p).tolist()
        frozen[0][0] = frozen[-1][-1] = True  # S and G
        if _corner_to_corner(frozen):
            rows = ["".join("F" if cell else "H" for cell in row) for row in frozen]
            rows[0] = "S" + rows[0][1:]
            rows[-1] = rows[-1][:-1] + "G"
            return rows
    raise ValueError(
        f"no solvable {size}x{size} map in {_MAX_MAP_ATTEMPTS} random boards with p={p}; "
        "raise p (the probability that a cell is frozen)"
    )


class FrozenLakeEnv(TabularEnv):
    """The frozen-lake grid world (see the module docstring).

    Options: ``desc`` (the map: a list of equal-length strings over ``SFHG``, or a 2-D array of
    those letters; overrides ``map_name``), ``map_name`` (``"4x4"`` or ``"8x8"``; ``desc=None``
    and ``map_name=None`` draw a random solvable 8x8 map), ``is_slippery``, ``success_rate`` (in
    ``[0, 1]``), ``reward_schedule`` (rewards for reaching goal, hole, frozen cell).

    Observation ``Discrete(nrow * ncol)``; action ``Discrete(4)``; ``info = {"prob": p}``.
    The lake is :attr:`desc` (a 2-D array of single-byte letters), the table :attr:`P`.
    """

    metadata: dict[str, Any] = {"render_modes": ["human", "ansi", "rgb_array"], "render_fps": 4}

    #: keyboard map of ``gymkit play``: WASD moves; nothing held = wait (no step)
    keys_to_action = {("a",): LEFT, ("s",): DOWN, ("d",): RIGHT, ("w",): UP}
    noop = None

    _caption = "FrozenLake"

    def __init__(
        self,
        render_mode: str | None = None,
        desc: Sequence[str] | np.ndarray | None = None,
        map_name: str | None = "4x4",
        is_slippery: bool = True,
        success_rate: float = 1.0 / 3.0,
        reward_schedule: tuple[float, float, float] = (1, 0, 0),
    ) -> None:
        from gymkit.spaces import Discrete

        self.render_mode = self._check_render_mode(render_mode)
        if desc is None:
            if map_name is None:
                desc = generate_random_map()
            elif map_name in MAPS:
                desc = MAPS[map_name]
            else:
                raise InvalidEnvKwargs(
                    f"FrozenLake map_name must be one of {sorted(MAPS)} or None (a random map), "
                    f"got {map_name!r}; or pass desc=[...] for a custom map"
                )
        self.desc = _check_desc(desc)
        self.nrow, self.ncol = nrow, ncol = self.desc.shape
        self.is_slippery = bool(is_slippery)
        self.success_rate = _check_rate(success_rate)
        self.reward_schedule = _check_schedule(reward_schedule)
        self.reward_range = (min(self.reward_schedule), max(self.reward_schedule))

        n_states = nrow * ncol
        self.observation_space = Discrete(n_states)
        self.action_space = Discrete(4)
        self._set_tables(self._build_table(), (self.desc == b"S").astype(np.float64).ravel())

        self.window_size = (min(64 * ncol, 512), min(64 * nrow, 512))
        self.cell_size = (self.window_size[0] / ncol, self.window_size[1] / nrow)

    # ------------------------------------------------------------------ the table
    def _build_table(self) -> TransitionTable:
        nrow, ncol = self.nrow, self.ncol
        letters = [[self.desc[r, c].decode() for c in range(ncol)] for r in range(nrow)]
        goal, hole, frozen = self.reward_schedule
        fail = (1.0 - self.success_rate) / 2.0

        def outcome(row: int, col: int, move: int) -> tuple[int, float, bool]:
            if move == LEFT:
                col = max(col - 1, 0)
            elif move == DOWN:
                row = min(row + 1, nrow - 1)
            elif move == RIGHT:
                col = min(col + 1, ncol - 1)
            else:
                row = max(row - 1, 0)
            letter = letters[row][col]
            reward = goal if letter == "G" else hole if letter == "H" else frozen
            return row * ncol + col, reward, letter in "GH"

        table: TransitionTable = {}
        for row in range(nrow):
            for col in range(ncol):
                state = row * ncol + col
                moves: dict[int, list[Transition]] = {}
                for action in range(4):
                    if letters[row][col] in "GH":
                        moves[action] = [(1.0, state, 0.0, True)]
                    elif self.is_slippery:
                        moves[action] = [
                            (
                                self.success_rate if move == action else fail,
                                *outcome(row, col, move),
                            )
                            for move in ((action - 1) % 4, action, (action + 1) % 4)
                        ]
                    else:
                        moves[action] = [(1.0, *outcome(row, col, action))]
                table[state] = moves
        return table

    # ------------------------------------------------------------------ rendering
    def _ansi(self) -> str:
        assert self.s is not None
        row, col = divmod(self.s, self.ncol)
        lines = [[self.desc[r, c].decode() for c in range(self.ncol)] for r in range(self.nrow)]
        lines[row][col] = drawing.ansi_highlight(lines[row][col], 41)
        header = f"  ({ACTION_NAMES[self.lastaction]})" if self.lastaction is not None else ""
        return "\n".join([header, *("".join(line) for line in lines)]) + "\n"

    def _draw(self) -> np.ndarray:
        from gymkit.rendering import Canvas

        width, height = self.window_size
        cw, ch = self.cell_size
        canvas = Canvas(width, height, background=(196, 228, 245), supersample=2)
        assert self.s is not None
        agent_row, agent_col = divmod(self.s, self.ncol)
        for r in range(self.nrow):
            for c in range(self.ncol):
                x0, y0 = c * cw, r * ch
                box = (x0, y0, x0 + cw, y0 + ch)
                _ice(canvas, box, (r * 7 + c * 3) % 4)
                letter = self.desc[r, c]
                if letter == b"H":
                    _hole(canvas, box)
                elif letter == b"G":
                    drawing.present(canvas, box)
                elif letter == b"S":
                    _start_mat(canvas, box)
        x0, y0 = agent_col * cw, agent_row * ch
        facing = (
            None if self.lastaction is None else ("left", "down", "right", "up")[self.lastaction]
        )
        fallen = self.desc[agent_row, agent_col] == b"H"
        drawing.walker(
            canvas,
            (x0 + cw * 0.1, y0 + ch * 0.05, x0 + cw * 0.9, y0 + ch * 0.95),
            facing,
            (40, 140, 70),
            fallen=fallen,
        )
        return canvas.to_array()


def _ice(canvas: Any, box: drawing.Box, variant: int) -> None:
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    canvas.rectangle((x0, y0), (x1, y1), fill=(204, 234, 248), outline=(160, 200, 222))
    # a few light streaks so the lake reads as ice; their place varies per cell
    shift = variant * 0.12
    canvas.line(
        [(x0 + w * (0.15 + shift), y0 + h * 0.2), (x0 + w * (0.35 + shift), y0 + h * 0.1)],
        (240, 250, 255),
        width=2,
    )
    canvas.line(
        [(x0 + w * (0.5 - shift / 2), y0 + h * 0.8), (x0 + w * (0.8 - shift / 2), y0 + h * 0.65)],
        (240, 250, 255),
        width=2,
    )


def _hole(canvas: Any, box: drawing.Box) -> None:
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    rim = [
        (cx + w * 0.42 * math.cos(t), cy + h * 0.36 * math.sin(t))
        for t in (i * math.pi / 10 for i in range(20))
    ]
    water = [
        (cx + w * 0.34 * math.cos(t), cy + h * 0.28 * math.sin(t) + h * 0.03)
        for t in (i * math.pi / 10 for i in range(20))
    ]
    canvas.polygon(rim, fill=(120, 160, 190))
    canvas.polygon(water, fill=(22, 48, 92))


def _start_mat(canvas: Any, box: drawing.Box) -> None:
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    drawing.rounded_rectangle(
        canvas,
        (x0 + w * 0.12, y0 + h * 0.7, x1 - w * 0.12, y1 - h * 0.06),
        h * 0.06,
        fill=(176, 122, 74),
        outline=(120, 80, 45),
    )


def _check_desc(desc: Any) -> np.ndarray:
    """The map as a 2-D array of single-byte letters; a clear error for anything malformed."""
    try:
        rows = _rows_of(desc)
    except (TypeError, AttributeError, UnicodeDecodeError):
        raise InvalidEnvKwargs(
            f"FrozenLake desc must be a list of strings over 'SFHG' (e.g. ['SF', 'HG']), got "
            f"{desc!r}"
        ) from None
    if not rows or not all(isinstance(row, str) for row in rows):
        raise InvalidEnvKwargs(
            f"FrozenLake desc must be a non-empty list of strings over 'SFHG', got {desc!r}"
        )
    widths = {len(row) for row in rows}
    if len(widths) != 1 or 0 in widths:
        raise InvalidEnvKwargs(
            f"FrozenLake desc rows must all have the same non-zero length, got lengths "
            f"{[len(row) for row in rows]} in {rows!r}"
        )
    bad = sorted({ch for row in rows for ch in row} - set("SFHG"))
    if bad:
        raise InvalidEnvKwargs(
            f"FrozenLake desc may only hold the letters S, F, H and G, found {bad} in {rows!r}"
        )
    if not any("S" in row for row in rows):
        raise InvalidEnvKwargs(f"FrozenLake desc needs at least one start cell 'S', got {rows!r}")
    return np.asarray([list(row) for row in rows], dtype="c")


def _check_rate(rate: Any) -> float:
    if isinstance(rate, bool) or not isinstance(rate, (int, float, np.number)):
        raise InvalidEnvKwargs(f"FrozenLake success_rate must be a number, got {rate!r}")
    if not 0.0 <= float(rate) <= 1.0:
        raise InvalidEnvKwargs(f"FrozenLake success_rate must lie in [0, 1], got {rate!r}")
    return float(rate)


def _check_schedule(schedule: Any) -> tuple[float, float, float]:
    try:
        values = tuple(float(value) for value in schedule)
    except (TypeError, ValueError):
        values = ()
    if len(values) != 3 or not all(math.isfinite(v) for v in values):
        raise InvalidEnvKwargs(
            "FrozenLake reward_schedule must be three finite numbers (goal, hole, frozen), got "
            f"{schedule!r}; the default is (1, 0, 0)"
        )
    return values[0], values[1], values[2]
