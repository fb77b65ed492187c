"""Taxi: pick a passenger up at one of four stations and drop them off at another.

The task of Dietterich (2000), "Hierarchical Reinforcement Learning with the MAXQ Value
Function Decomposition". A 5x5 grid with walls and four stations R(ed) (0, 0), G(reen) (0, 4),
Y(ellow) (4, 0) and B(lue) (4, 3)::

    +---------+
    |R: | : :G|
    | : | : : |
    | : : : : |
    | | : | : |
    |Y| : |B: |
    +---------+

State ``((taxi_row * 5 + taxi_col) * 5 + passenger_location) * 4 + destination`` (500 states),
where the passenger location is a station index 0-3 or 4 = in the taxi. Actions: 0 south,
1 north, 2 east, 3 west, 4 pickup, 5 dropoff. Every step costs -1; delivering the passenger at
the destination earns +20 and terminates; a pickup without the passenger at the taxi's cell, or
a dropoff with no passenger aboard or away from every station, costs -10 (dropping the passenger
at another station is legal and costs -1). Episodes start with the taxi anywhere and the
passenger at a station other than the destination (300 equally likely states). Taxi-v3 is
truncated at 200 steps and counts as solved at 8.

Two options (both ``False`` by default, which is the deterministic Taxi-v3 above) add the
stochastic variants of the paper:

- ``is_rainy=True``: a move goes in the intended direction with probability
  :data:`RAINY_PROBABILITY` (0.8) and otherwise slips to the cell on the left or on the right of
  the direction of travel, with probability ``(1 - 0.8) / 2`` each. Walls and the border block
  the slipped moves as they block the intended one (a blocked slip leaves the taxi in place); a
  move whose intended direction is blocked leaves the taxi in place whatever the rain. ``P``
  lists the three outcomes of every move, in the order intended, left, right.
- ``fickle_passenger=True``: at ``reset`` the passenger turns out to be fickle with probability
  :data:`FICKLE_PROBABILITY` (0.3). A fickle passenger changes destination once, on the first
  step of the episode on which the taxi moves to another cell with the passenger aboard (that
  is, right after the taxi has moved one square away from the pick-up station), to one of the
  three other stations, each equally likely. ``P`` describes the dynamics without that change.

In either stochastic mode every ``step`` draws one uniform number from :attr:`np_random` to pick
the outcome (even when there is only one), and a fickle passenger's new destination takes one
more draw, so seeded rollouts match Gymnasium's Taxi with the same options draw for draw. The
rules are those of Gymnasium's current ``TaxiEnv`` (its Taxi-v4, checked against Gymnasium 1.4),
which fixed the inconsistent slips of the rainy Taxi-v3 of Gymnasium 1.0-1.2.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gymkit.error import InvalidEnvKwargs, ResetNeeded
from gymkit_classic.toy_text import drawing
from gymkit_classic.toy_text.tabular import TabularEnv, Transition, TransitionTable

__all__ = ["FICKLE_PROBABILITY", "MAP", "RAINY_PROBABILITY", "TaxiEnv", "decode", "encode"]

MAP = [
    "+---------+",
    "|R: | : :G|",
    "| : | : : |",
    "| : : : : |",
    "| | : | : |",
    "|Y| : |B: |",
    "+---------+",
]
SOUTH, NORTH, EAST, WEST, PICKUP, DROPOFF = range(6)
ACTION_NAMES = ("South", "North", "East", "West", "Pickup", "Dropoff")
#: the four stations R, G, Y, B as (row, col)
LOCS = [(0, 0), (0, 4), (4, 0), (4, 3)]
LOC_NAMES = "RGYB"
LOC_COLORS = [(214, 50, 50), (40, 160, 70), (230, 190, 30), (40, 90, 200)]
N_ROWS = N_COLS = 5
#: ``is_rainy``: the probability that a move goes in the intended direction
RAINY_PROBABILITY = 0.8
#: ``fickle_passenger``: the probability that the passenger of an episode is fickle
FICKLE_PROBABILITY = 0.3
#: the perpendicular directions on the left and on the right of each direction of travel
LEFT_OF = {SOUTH: EAST, NORTH: WEST, EAST: NORTH, WEST: SOUTH}
RIGHT_OF = {SOUTH: WEST, NORTH: EAST, EAST: SOUTH, WEST: NORTH}


def encode(taxi_row: int, taxi_col: int, pass_loc: int, dest_idx: int) -> int:
    """The state index of a taxi at ``(taxi_row, taxi_col)``, the passenger at station
    ``pass_loc`` (4 = in the taxi) and destination station ``dest_idx``."""
    return ((taxi_row * 5 + taxi_col) * 5 + pass_loc) * 4 + dest_idx


def decode(state: int) -> tuple[int, int, int, int]:
    """``(taxi_row, taxi_col, pass_loc, dest_idx)`` of ``state``; inverse of :func:`encode`."""
    state, dest_idx = divmod(int(state), 4)
    state, pass_loc = divmod(state, 5)
    taxi_row, taxi_col = divmod(state, 5)
    return taxi_row, taxi_col, pass_loc, dest_idx


class TaxiEnv(TabularEnv):
    """The taxi domain (see the module docstring).

    Options ``is_rainy`` (moves slip sideways with probability 0.2) and ``fickle_passenger``
    (with probability 0.3 the passenger changes destination once, right after the taxi first
    moves away with them aboard), both ``False`` by default; anything but a bool raises
    :class:`~gymkit.error.InvalidEnvKwargs`. See the module docstring for the exact rules.

    Observation ``Discrete(500)``; action ``Discrete(6)``; ``info = {"prob": p, "action_mask":
    m}`` where ``p`` is the probability in ``P`` of the transition taken and ``m`` is an
    ``int8`` array of 6 with 1 for every action whose intended effect changes the state (a move
    not blocked by a wall or the border, a legal pickup or dropoff) — the same mask in rain.
    """

    metadata: dict[str, Any] = {"render_modes": ["human", "ansi", "rgb_array"], "render_fps": 4}

    #: keyboard map of ``gymkit play``: WASD drives, P picks up, O drops off; nothing held = wait
    keys_to_action = {
        ("s",): SOUTH,
        ("w",): NORTH,
        ("d",): EAST,
        ("a",): WEST,
        ("p",): PICKUP,
        ("o",): DROPOFF,
    }
    noop = None

    _caption = "Taxi"

    def __init__(
        self,
        render_mode: str | None = None,
        is_rainy: bool = False,
        fickle_passenger: bool = False,
    ) -> None:
        from gymkit.spaces import Discrete

        self.render_mode = self._check_render_mode(render_mode)
        self.is_rainy = _check_flag("is_rainy", is_rainy)
        self.fickle_passenger = _check_flag("fickle_passenger", fickle_passenger)
        self._stochastic = self.is_rainy or self.fickle_passenger
        # fickle bookkeeping of the current episode (set by reset)
        self._fickle = False  # this episode's passenger will change destination
        self._fickle_pending = False  # the first move with the passenger aboard is yet to come
        self.desc = np.asarray(MAP, dtype="c")
        self.locs = list(LOCS)
        self.locs_colors = list(LOC_COLORS)
        self.observation_space = Discrete(500)
        self.action_space = Discrete(6)
        table, start = self._build_table()
        self._set_tables(table, start)
        masks = np.zeros((500, 6), dtype=np.int8)
        for state in range(500):
            masks[state] = self._compute_mask(state)
        self._masks = masks
        self.window_size = (550, 350)
        self.cell_size = (self.window_size[0] / N_COLS, self.window_size[1] / N_ROWS)

    # ------------------------------------------------------------------ the table
    def _open_east(self, row: int, col: int) -> bool:
        return self.desc[1 + row, 2 * col + 2] == b":"

    def _open_west(self, row: int, col: int) -> bool:
        return self.desc[1 + row, 2 * col] == b":"

    def _target(self, row: int, col: int, direction: int) -> tuple[int, int]:
        """The cell a move in ``direction`` from ``(row, col)`` reaches (the same cell when a
        wall or the border is in the way)."""
        if direction == SOUTH:
            return min(row + 1, N_ROWS - 1), col
        if direction == NORTH:
            return max(row - 1, 0), col
        if direction == EAST:
            return (row, col + 1) if col < N_COLS - 1 and self._open_east(row, col) else (row, col)
        return (row, col - 1) if col > 0 and self._open_west(row, col) else (row, col)

    def _rainy_move(
        self, row: int, col: int, pass_loc: int, dest: int, action: int
    ) -> list[Transition]:
        """The three outcomes of a move in the rain: intended, slipped left, slipped right."""
        slip = (1.0 - RAINY_PROBABILITY) / 2.0
        intended = self._target(row, col, action)
        if intended == (row, col):  # blocked ahead: the taxi stays put whatever the rain
            cells = [intended] * 3
        else:
            cells = [
                intended,
                self._target(row, col, LEFT_OF[action]),
                self._target(row, col, RIGHT_OF[action]),
            ]
        return [
            (prob, encode(r, c, pass_loc, dest), -1.0, False)
            for prob, (r, c) in zip((RAINY_PROBABILITY, slip, slip), cells)
        ]

    def _build_table(self) -> tuple[TransitionTable, np.ndarray]:
        table: TransitionTable = {}
        start = np.zeros(500, dtype=np.float64)
        for row in range(N_ROWS):
            for col in range(N_COLS):
                east = self._open_east(row, col)
                west = self._open_west(row, col)
                for pass_loc in range(5):
                    for dest in range(4):
                        state = encode(row, col, pass_loc, dest)
                        if pass_loc < 4 and pass_loc != dest:
                            start[state] = 1.0
                        moves: dict[int, list[Transition]] = {}
                        for action in range(6):
                            if self.is_rainy and action <= WEST:
                                moves[action] = self._rainy_move(row, col, pass_loc, dest, action)
                                continue
                            new_row, new_col, new_pass = row, col, pass_loc
                            reward, terminated = -1.0, False
                            here = (row, col)
                            if action == SOUTH:
                                new_row = min(row + 1, N_ROWS - 1)
                            elif action == NORTH:
                                new_row = max(row - 1, 0)
                            elif action == EAST and east:
                                new_col = min(col + 1, N_COLS - 1)
                            elif action == WEST and west:
                                new_col = max(col - 1, 0)
                            elif action == PICKUP:
                                if pass_loc < 4 and here == LOCS[pass_loc]:
                                    new_pass = 4
                                else:
                                    reward = -10.0
                            elif action == DROPOFF:
                                if pass_loc == 4 and here == LOCS[dest]:
                                    new_pass, reward, terminated = dest, 20.0, True
                                elif pass_loc == 4 and here in LOCS:
                                    new_pass = LOCS.index(here)
                                else:
                                    reward = -10.0
                            moves[action] = [
                                (1.0, encode(new_row, new_col, new_pass, dest), reward, terminated)
                            ]
                        table[state] = moves
        return table, start

    def _compute_mask(self, state: int) -> np.ndarray:
        row, col, pass_loc, _ = decode(state)
        mask = np.zeros(6, dtype=np.int8)
        mask[SOUTH] = row < N_ROWS - 1
        mask[NORTH] = row > 0
        mask[EAST] = col < N_COLS - 1 and self._open_east(row, col)
        mask[WEST] = col > 0 and self._open_west(row, col)
        mask[PICKUP] = pass_loc < 4 and (row, col) == LOCS[pass_loc]
        mask[DROPOFF] = pass_loc == 4 and (row, col) in LOCS
        return mask

    def action_mask(self, state: int) -> np.ndarray:
        """The ``int8`` mask of the actions that change ``state`` (a fresh array)."""
        return self._masks[int(state)].copy()

    def encode(self, taxi_row: int, taxi_col: int, pass_loc: int, dest_idx: int) -> int:
        """See the module-level :func:`encode`."""
        return encode(taxi_row, taxi_col, pass_loc, dest_idx)

    def decode(self, state: int) -> tuple[int, int, int, int]:
        """See the module-level :func:`decode`."""
        return decode(state)

    def _info(self, state: int, prob: float) -> dict[str, Any]:
        return {"prob": prob, "action_mask": self._masks[state].copy()}

    # ------------------------------------------------------------------ the stochastic options
    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[int, dict[str, Any]]:
        """Draw the start state; with ``fickle_passenger`` then draw (one more uniform number)
        whether this episode's passenger is fickle."""
        result = super().reset(seed=seed, options=options)
        if self.fickle_passenger:
            self._fickle = bool(self.np_random.random() < FICKLE_PROBABILITY)
            self._fickle_pending = True
        return result

    def step(self, action: int) -> tuple[int, float, bool, bool, dict[str, Any]]:
        """The default env steps as every tabular env (:meth:`TabularEnv.step`). With
        ``is_rainy`` or ``fickle_passenger``, every step draws one uniform number to pick the
        outcome in ``P`` (even a single one), and a fickle passenger changes destination on the
        first step that moves the taxi to another cell with them aboard; ``info["prob"]`` stays
        the probability in ``P`` of the move taken."""
        if not self._stochastic:
            return TabularEnv.step(self, action)
        if action.__class__ is not int:
            action = self._checked_action(action)
        before = self.s
        if before is None:
            raise ResetNeeded("TaxiEnv.step called before reset(); call env.reset() first")
        try:
            transitions = self.P[before][action]
        except KeyError:
            raise self._invalid(action) from None
        prob, state, reward, terminated = self._sample_transition(transitions)  # always one draw
        # cell = state // 20, passenger = state // 4 % 5, destination = state % 4
        if self._fickle_pending and before // 4 % 5 == 4 and state // 20 != before // 20:
            self._fickle_pending = False
            if self._fickle:
                dest = state % 4
                others = [d for d in range(4) if d != dest]
                state += others[int(self.np_random.integers(3))] - dest
        self.s = state
        self.lastaction = action
        if self.render_mode == "human":
            self.render()
        return state, reward, terminated, False, self._info(state, prob)

    # ------------------------------------------------------------------ rendering
    def _ansi(self) -> str:
        assert self.s is not None
        row, col, pass_loc, dest = decode(self.s)
        grid = [[ch.decode() for ch in line] for line in self.desc]
        if pass_loc < 4:
            pr, pc = LOCS[pass_loc]
            grid[1 + pr][2 * pc + 1] = drawing.ansi_colour(grid[1 + pr][2 * pc + 1], 34)
            taxi = drawing.ansi_highlight(grid[1 + row][2 * col + 1], 43)
        else:  # passenger aboard: the taxi turns green
            taxi = drawing.ansi_highlight(grid[1 + row][2 * col + 1], 42)
        dr, dc = LOCS[dest]
        grid[1 + dr][2 * dc + 1] = drawing.ansi_colour(grid[1 + dr][2 * dc + 1], 35)
        grid[1 + row][2 * col + 1] = taxi
        lines = ["".join(line) for line in grid]
        if self.lastaction is not None:
            lines.append(f"  ({ACTION_NAMES[self.lastaction]})")
        return "\n".join(lines) + "\n"

    def _draw(self) -> np.ndarray:
        from gymkit.rendering import Canvas

        assert self.s is not None
        width, height = self.window_size
        cw, ch = self.cell_size
        canvas = Canvas(width, height, background=(205, 205, 200), supersample=2)
        row, col, pass_loc, dest = decode(self.s)
        # road tiles
        for r in range(N_ROWS):
            for c in range(N_COLS):
                canvas.rectangle(
                    (c * cw + 2, r * ch + 2),
                    ((c + 1) * cw - 2, (r + 1) * ch - 2),
                    fill=(226, 226, 220),
                )
        # stations: coloured pads with their letter; the destination gets a bold frame
        for index, ((r, c), colour) in enumerate(zip(LOCS, LOC_COLORS)):
            x0, y0 = c * cw, r * ch
            light = tuple(int(v + (255 - v) * 0.55) for v in colour)
            canvas.rectangle((x0 + 4, y0 + 4), (x0 + cw - 4, y0 + ch - 4), fill=light)
            ink = tuple(int(v * 0.6) for v in colour)
            canvas.text((x0 + 10, y0 + 8), LOC_NAMES[index], color=ink, size=20)
            if index == dest:
                canvas.rectangle(
                    (x0 + 4, y0 + 4), (x0 + cw - 4, y0 + ch - 4), outline=colour, width=5
                )
                _hotel(
                    canvas, (x0 + cw * 0.62, y0 + ch * 0.12, x0 + cw * 0.92, y0 + ch * 0.6), colour
                )
        # walls: the border and every '|' of the map
        wall = (60, 60, 60)
        canvas.rectangle((0, 0), (width - 1, height - 1), outline=wall, width=6)
        for r in range(N_ROWS):
            for c in range(N_COLS - 1):
                if self.desc[1 + r, 2 * c + 2] == b"|":
                    x = (c + 1) * cw
                    canvas.rectangle((x - 4, r * ch), (x + 4, (r + 1) * ch), fill=wall)
        # the taxi and the passenger
        x0, y0 = col * cw, row * ch
        loaded = pass_loc == 4
        _cab(canvas, (x0 + cw * 0.14, y0 + ch * 0.3, x0 + cw * 0.86, y0 + ch * 0.88), loaded)
        if not loaded:
            pr, pc = LOCS[pass_loc]
            drawing.walker(
                canvas,
                (pc * cw + cw * 0.3, pr * ch + ch * 0.08, pc * cw + cw * 0.7, pr * ch + ch * 0.95),
                "down",
                LOC_COLORS[pass_loc],
            )
        return canvas.to_array()


def _check_flag(name: str, value: Any) -> bool:
    """``value`` as a bool; anything but a Python or NumPy bool raises
    :class:`~gymkit.error.InvalidEnvKwargs` naming the option."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise InvalidEnvKwargs(
        f"TaxiEnv {name} must be a bool (True or False), got {value!r} of type "
        f"{type(value).__name__}; pass {name}=True to turn the option on"
    )


def _cab(canvas: Any, box: drawing.Box, loaded: bool) -> None:
    """A yellow cab seen from the side; a passenger silhouette shows in the window when
    ``loaded``."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    body = (245, 196, 30)
    dark = (35, 35, 35)
    drawing.rounded_rectangle(
        canvas, (x0, y0 + h * 0.35, x1, y0 + h * 0.8), h * 0.12, fill=body, outline=dark, width=2
    )
    canvas.polygon(
        [
            (x0 + w * 0.2, y0 + h * 0.37),
            (x0 + w * 0.3, y0 + h * 0.05),
            (x0 + w * 0.7, y0 + h * 0.05),
            (x0 + w * 0.82, y0 + h * 0.37),
        ],
        fill=body,
        outline=dark,
        width=2,
    )
    window = (170, 215, 240)
    canvas.polygon(
        [
            (x0 + w * 0.27, y0 + h * 0.35),
            (x0 + w * 0.34, y0 + h * 0.12),
            (x0 + w * 0.49, y0 + h * 0.12),
            (x0 + w * 0.49, y0 + h * 0.35),
        ],
        fill=window,
    )
    canvas.polygon(
        [
            (x0 + w * 0.53, y0 + h * 0.35),
            (x0 + w * 0.53, y0 + h * 0.12),
            (x0 + w * 0.67, y0 + h * 0.12),
            (x0 + w * 0.76, y0 + h * 0.35),
        ],
        fill=window,
    )
    if loaded:
        canvas.circle((x0 + w * 0.6, y0 + h * 0.21), h * 0.08, fill=(90, 60, 40))
    canvas.rectangle((x0 + w * 0.36, y0 - h * 0.06), (x0 + w * 0.64, y0 + h * 0.06), fill=dark)
    canvas.text(
        (x0 + w * 0.5, y0 + h * 0.0), "TAXI", color=body, size=max(6, int(h * 0.1)), anchor="mm"
    )
    for wx in (x0 + w * 0.24, x0 + w * 0.76):
        canvas.circle((wx, y0 + h * 0.8), h * 0.14, fill=dark)
        canvas.circle((wx, y0 + h * 0.8), h * 0.06, fill=(170, 170, 170))


def _hotel(canvas: Any, box: drawing.Box, colour: tuple[int, int, int]) -> None:
    """A small building marking the passenger's destination."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    canvas.rectangle((x0, y0 + h * 0.15), (x1, y1), fill=colour, outline=(40, 40, 40))
    canvas.polygon(
        [(x0 - w * 0.08, y0 + h * 0.17), ((x0 + x1) / 2, y0), (x1 + w * 0.08, y0 + h * 0.17)],
        fill=(40, 40, 40),
    )
    for i in range(2):
        for j in range(3):
            wx = x0 + w * (0.2 + 0.38 * i)
            wy = y0 + h * (0.3 + 0.2 * j)
            canvas.rectangle((wx, wy), (wx + w * 0.22, wy + h * 0.1), fill=(250, 240, 190))
