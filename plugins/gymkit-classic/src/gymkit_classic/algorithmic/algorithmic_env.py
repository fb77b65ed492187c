"""The machinery of the algorithmic tasks: a read head over an input, a write head over the
target, and a curriculum of growing input lengths.

Each episode draws an input of length ``min_length + k`` (``k`` uniform in {0, 1, 2}) over the
alphabet ``0 .. base-1`` and derives the target the agent must write. The agent sees only the
symbol under the read head (``base`` = blank, off the input) and acts with a triple
``(move, write, symbol)``:

- ``move`` moves the read head one cell (tape: 0 left, 1 right; grid: also 2 up, 3 down),
- ``write`` = 1 writes ``symbol`` at the write head, which then advances; 0 writes nothing.

A correct write earns +1; a wrong write earns -0.5 and terminates the episode; writing the last
target symbol correctly terminates it with success. Each episode has a time limit (tape:
``input length + target length + 4`` steps; grid: ``2 * input width + 4``); the step that
exceeds it gets reward -1 and ``truncated=True``.

Curriculum: after each episode the shortfall ``episode return - target length`` is recorded;
when the last ``last`` episodes (10, or 50 for RepeatCopy and Reverse) all fell short by no more
than ``MIN_REWARD_SHORTFALL_FOR_PROMOTION`` (-1, or -0.1 for RepeatCopy and Reverse), the
minimum input length grows by one (up to 30) and the record starts afresh. The check runs at
``reset``.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from gymkit.core import Env
from gymkit.error import GymkitWarning, InvalidAction, InvalidEnvKwargs, ResetNeeded
from gymkit.utils.display import WindowedRendering

__all__ = ["AlgorithmicEnv", "GridAlgorithmicEnv", "TapeAlgorithmicEnv"]

Action = tuple[int, int, int]

#: the curriculum stops growing the minimum input length here
MAX_MIN_LENGTH = 30


class AlgorithmicEnv(Env[int, Action]):
    """Base of the algorithmic tasks (see the module docstring).

    Subclasses set :attr:`MOVEMENTS` and :attr:`READ_HEAD_START` (through
    :class:`TapeAlgorithmicEnv` / :class:`GridAlgorithmicEnv`) and implement
    :meth:`target_from_input_data`; they may override :meth:`generate_input_data` and
    :attr:`time_limit`.

    Options: ``base`` (alphabet size, >= 2), ``chars`` (show symbols as letters ``A, B, ...``
    instead of digits), ``starting_min_length`` (the curriculum's first minimum input length).

    Observation ``Discrete(base + 1)`` (the symbol under the read head, ``base`` = blank);
    action ``Tuple(Discrete(len(MOVEMENTS)), Discrete(2), Discrete(base))``; ``info`` is ``{}``.

    Attributes: ``input_data``, ``target`` (lists of symbols), ``read_head_position``,
    ``write_head_position``, ``output`` (the symbols written so far), ``time``, ``min_length``,
    ``episode_total_reward``, ``reward_shortfalls``, ``last`` (the promotion window), ``charmap``.
    """

    metadata: dict[str, Any] = {"render_modes": ["human", "ansi", "rgb_array"], "render_fps": 4}

    MOVEMENTS: tuple[str, ...] = ()
    READ_HEAD_START: Any = 0
    MIN_REWARD_SHORTFALL_FOR_PROMOTION = -1.0

    def __init__(
        self,
        render_mode: str | None = None,
        base: int = 10,
        chars: bool = False,
        starting_min_length: int = 2,
    ) -> None:
        from gymkit.spaces import Discrete, Tuple

        self.render_mode = self._check_render_mode(render_mode)
        self.base = _positive_int("base", base, minimum=2)
        if chars and self.base > 26:
            raise InvalidEnvKwargs(
                f"{type(self).__name__} with chars=True shows symbols as letters A-Z, so base "
                f"must be <= 26, got base={base}; use chars=False for larger alphabets"
            )
        self.chars = bool(chars)
        self.min_length = _positive_int("starting_min_length", starting_min_length, minimum=1)
        self.last = 10
        self.episode_total_reward: float | None = None
        self.reward_shortfalls: list[float] = []
        if self.chars:
            self.charmap = [chr(ord("A") + i) for i in range(self.base)]
        else:
            self.charmap = [str(i) for i in range(self.base)]
        self.charmap.append(" ")
        self._n_moves = len(self.MOVEMENTS)
        self.action_space = Tuple((Discrete(self._n_moves), Discrete(2), Discrete(self.base)))
        self.keys_to_action = self._keyboard_map()
        self.observation_space = Discrete(self.base + 1)
        self.input_data: list[Any] = []
        self.target: list[int] | None = None
        self.read_head_position: Any = self.READ_HEAD_START
        self.write_head_position = 0
        self.output: list[int] = []
        self.time = 0
        self.last_action: Action | None = None
        self.last_reward = 0.0
        self._display = WindowedRendering(type(self).__name__, modes=("ansi", "rgb_array", "human"))

    #: ``gymkit play`` is turn based: one step per key press.
    noop = None

    def _keyboard_map(self) -> dict[tuple[str, ...], Action]:
        """Keys for ``gymkit play``: an arrow moves the read head without writing; an arrow held
        with a symbol key (digits ``0``-``9``, or letters with ``chars=True``) writes that symbol
        and moves. Symbols beyond the keyboard's ten digits are not reachable from the keys."""
        if self.chars:
            symbol_keys = [chr(ord("a") + i) for i in range(self.base)]
        else:
            symbol_keys = [f"_{i}" for i in range(min(self.base, 10))]
        mapping: dict[tuple[str, ...], Action] = {}
        for move, arrow in enumerate(self.MOVEMENTS):
            mapping[(arrow,)] = (move, 0, 0)
            for symbol, name in enumerate(symbol_keys):
                mapping[tuple(sorted((arrow, name)))] = (move, 1, symbol)
        return mapping

    # ------------------------------------------------------------------ task definition
    def generate_input_data(self, size: int) -> list[Any]:
        """A fresh input of ``size`` items drawn from :attr:`np_random`."""
        raise NotImplementedError

    def target_from_input_data(self, input_data: list[Any]) -> list[int]:
        """The symbols the agent must write for ``input_data``."""
        raise NotImplementedError

    @property
    def input_width(self) -> int:
        """The length of the input (the number of columns for a grid)."""
        return len(self.input_data)

    @property
    def time_limit(self) -> int:
        """The number of steps an episode may take; the step after gets reward -1 and
        ``truncated=True``."""
        return self.input_width + len(self.target or ()) + 4

    def _move(self, move: int) -> None:
        raise NotImplementedError

    def _obs(self) -> int:
        raise NotImplementedError

    # ------------------------------------------------------------------ dynamics
    def step(self, action: Action) -> tuple[int, float, bool, bool, dict[str, Any]]:
        """Move the read head and optionally write a symbol; see the module docstring."""
        try:
            move, write, symbol = action
        except (TypeError, ValueError):
            raise self._invalid(action) from None
        if not (move.__class__ is int and write.__class__ is int and symbol.__class__ is int):
            move, write, symbol = (self._as_int(part, action) for part in (move, write, symbol))
        if not (0 <= move < self._n_moves and 0 <= write <= 1 and 0 <= symbol < self.base):
            raise self._invalid(action)
        target = self.target
        if target is None:
            raise ResetNeeded(
                f"{type(self).__name__}.step called before reset(); call env.reset() first"
            )
        self.last_action = (move, write, symbol)
        self.time += 1
        reward = 0.0
        terminated = False
        if write:
            position = self.write_head_position
            if position >= len(target):
                warnings.warn(
                    f"{type(self).__name__}.step wrote past the end of the target: the episode "
                    "already terminated; call reset()",
                    GymkitWarning,
                    stacklevel=2,
                )
            if position < len(target) and symbol == target[position]:
                reward = 1.0
            else:
                reward = -0.5  # a wrong symbol ends the episode at once
                terminated = True
            self.write_head_position = position + 1
            self.output.append(symbol)
            if position + 1 >= len(target):
                terminated = True
        self._move(move)
        truncated = False
        if self.time > self.time_limit:
            reward = -1.0
            truncated = True
        self.last_reward = reward
        self.episode_total_reward += reward  # type: ignore[operator]
        if self.render_mode == "human":
            self.render()
        return self._obs(), reward, terminated, truncated, {}

    def _as_int(self, part: Any, action: Any) -> int:
        if (
            isinstance(part, (np.integer, np.ndarray))
            and np.ndim(part) == 0
            and np.asarray(part).dtype.kind in "iu"
        ):
            return int(part)
        if part.__class__ is int:
            return part
        raise self._invalid(action)

    def _invalid(self, action: Any) -> InvalidAction:
        return InvalidAction(
            f"{type(self).__name__}.step got action {action!r}; expected a triple of ints "
            f"(move in [0, {self._n_moves}), write in {{0, 1}}, symbol in [0, {self.base})), an "
            f"element of {self.action_space}"
        )

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[int, dict[str, Any]]:
        """Apply the curriculum to the finished episode, then draw a new input and target."""
        super().reset(seed=seed)
        self._check_levelup()
        self.last_action = None
        self.last_reward = 0.0
        self.read_head_position = self.READ_HEAD_START
        self.write_head_position = 0
        self.output = []
        self.episode_total_reward = 0.0
        self.time = 0
        length = int(self.np_random.integers(3)) + self.min_length
        self.input_data = self.generate_input_data(length)
        self.target = self.target_from_input_data(self.input_data)
        if self.render_mode == "human":
            self.render()
        return self._obs(), {}

    def _check_levelup(self) -> None:
        """Record the last episode's shortfall; raise ``min_length`` when the recent episodes
        all came close enough to a perfect score."""
        if self.episode_total_reward is None or self.target is None:
            return  # no episode yet
        self.reward_shortfalls.append(self.episode_total_reward - len(self.target))
        self.reward_shortfalls = self.reward_shortfalls[-self.last :]
        if (
            len(self.reward_shortfalls) == self.last
            and min(self.reward_shortfalls) >= self.MIN_REWARD_SHORTFALL_FOR_PROMOTION
            and self.min_length < MAX_MIN_LENGTH
        ):
            self.min_length += 1
            self.reward_shortfalls = []

    # ------------------------------------------------------------------ rendering
    def render(self) -> np.ndarray | str | None:
        """``ansi``: the input with the read head, the output so far and the target, as text;
        ``rgb_array``: the same as a picture; ``human``: show it in a window."""
        if self.render_mode is None:
            self._display.warn_no_mode()
            return None
        if self.target is None:
            warnings.warn(
                f"{type(self).__name__}.render() called before reset(); nothing to show yet",
                GymkitWarning,
                stacklevel=2,
            )
            return None
        if self.render_mode == "ansi":
            return self._ansi()
        from gymkit_classic.algorithmic.picture import draw

        frame = draw(self)
        return self._display.present(self.render_mode, frame, self.metadata["render_fps"])

    def close(self) -> None:
        """Close the window if one is open; idempotent."""
        self._display.close()

    def symbol_at(self, position: Any) -> int:
        """The input symbol at ``position`` (``base`` = blank off the input)."""
        raise NotImplementedError

    def _ansi(self) -> str:
        from gymkit_classic.algorithmic.picture import ansi

        return ansi(self)


class TapeAlgorithmicEnv(AlgorithmicEnv):
    """An algorithmic task on a 1-D input tape; the read head moves left (0) or right (1)."""

    MOVEMENTS = ("left", "right")
    READ_HEAD_START = 0

    def _move(self, move: int) -> None:
        self.read_head_position += 1 if move == 1 else -1

    def _obs(self) -> int:
        position = self.read_head_position
        if 0 <= position < len(self.input_data):
            return self.input_data[position]
        return self.base

    def symbol_at(self, position: Any) -> int:
        """The input symbol at tape cell ``position`` (``base`` = blank off the input)."""
        if 0 <= position < len(self.input_data):
            return self.input_data[position]
        return self.base

    def generate_input_data(self, size: int) -> list[int]:
        """``size`` symbols drawn uniformly from ``0 .. base-1``."""
        return self.np_random.integers(self.base, size=size).tolist()


class GridAlgorithmicEnv(AlgorithmicEnv):
    """An algorithmic task on a 2-D input grid of ``rows`` rows; the read head moves left (0),
    right (1), up (2) or down (3) and starts at the top-left ``(0, 0)``. Positions are
    ``(column, row)``; ``input_data[column][row]``."""

    MOVEMENTS = ("left", "right", "up", "down")
    READ_HEAD_START = (0, 0)
    _STEPS = ((-1, 0), (1, 0), (0, -1), (0, 1))

    def __init__(
        self,
        rows: int,
        render_mode: str | None = None,
        base: int = 10,
        chars: bool = False,
        starting_min_length: int = 2,
    ) -> None:
        self.rows = _positive_int("rows", rows, minimum=1)
        super().__init__(
            render_mode=render_mode, base=base, chars=chars, starting_min_length=starting_min_length
        )

    def _move(self, move: int) -> None:
        dx, dy = self._STEPS[move]
        x, y = self.read_head_position
        self.read_head_position = (x + dx, y + dy)

    def _obs(self) -> int:
        return self.symbol_at(self.read_head_position)

    def symbol_at(self, position: Any) -> int:
        """The input symbol at grid cell ``(column, row)`` (``base`` = blank off the grid)."""
        x, y = position
        if 0 <= x < len(self.input_data) and 0 <= y < self.rows:
            return self.input_data[x][y]
        return self.base

    def generate_input_data(self, size: int) -> list[list[int]]:
        """``size`` columns of ``rows`` symbols drawn uniformly from ``0 .. base-1``."""
        return self.np_random.integers(self.base, size=(size, self.rows)).tolist()


def _positive_int(name: str, value: Any, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise InvalidEnvKwargs(f"{name} must be an int >= {minimum}, got {value!r}")
    return int(value)
