"""The base of the table-driven toy-text envs (FrozenLake, Taxi, CliffWalking).

Such an env is a finite MDP written out as a transition table ``P``::

    P[state][action] == [(probability, next_state, reward, terminated), ...]

``step`` looks the current state and the action up in ``P`` and, when there is more than one
outcome, picks one with a single uniform draw from :attr:`np_random` (the first outcome whose
cumulative probability exceeds the draw). ``reset`` draws the start state from
``initial_state_distrib`` the same way. Everything on the hot path is plain Python.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from gymkit.core import Env
from gymkit.error import GymkitWarning, InvalidAction, ResetNeeded
from gymkit.utils.display import WindowedRendering

__all__ = [
    "TabularEnv",
    "Transition",
    "TransitionTable",
    "checked_discrete_action",
    "invalid_discrete_action",
]

#: ``(probability, next_state, reward, terminated)``
Transition = tuple[float, int, float, bool]
#: ``P[state][action] -> list of transitions``
TransitionTable = dict[int, dict[int, list[Transition]]]


class TabularEnv(Env[int, int]):
    """A finite MDP driven by its transition table :attr:`P`.

    Subclasses build ``P`` and the start distribution, call :meth:`_set_tables`, and implement
    :meth:`_draw` (the ``rgb_array`` frame) and :meth:`_ansi` (the text picture). They may
    override :meth:`_info` to add entries to ``info`` (Taxi adds ``action_mask``).

    Attributes:
        P: the transition table (see the module docstring). ``step`` reads it on every call, so
            editing it changes the dynamics.
        s: the current state (``None`` before the first ``reset``).
        lastaction: the last action taken (``None`` right after ``reset``).
        initial_state_distrib: start-state probabilities, an ``(nS,)`` float array.
    """

    metadata: dict[str, Any] = {"render_modes": ["human", "ansi", "rgb_array"], "render_fps": 4}

    P: TransitionTable
    initial_state_distrib: np.ndarray
    _caption = "gymkit"

    def _set_tables(self, P: TransitionTable, initial_state_distrib: np.ndarray) -> None:
        """Install the table and the start distribution (normalised here)."""
        self.P = P
        isd = np.asarray(initial_state_distrib, dtype=np.float64)
        self.initial_state_distrib = isd / isd.sum()
        self._isd_cumulative = np.cumsum(self.initial_state_distrib)
        self._n_actions = len(P[0])
        self.s: int | None = None
        self.lastaction: int | None = None
        self._display = WindowedRendering(
            type(self).__name__, caption=self._caption, modes=("ansi", "rgb_array", "human")
        )

    # ------------------------------------------------------------------ dynamics
    def step(self, action: int) -> tuple[int, float, bool, bool, dict[str, Any]]:
        """Take ``action`` from the current state; ``info["prob"]`` is the probability of the
        transition that happened."""
        if action.__class__ is not int:
            action = self._checked_action(action)
        try:
            transitions = self.P[self.s][action]  # type: ignore[index]
        except KeyError:
            if self.s is None:
                raise ResetNeeded(
                    f"{type(self).__name__}.step called before reset(); call env.reset() first"
                ) from None
            raise self._invalid(action) from None
        if len(transitions) == 1:
            prob, state, reward, terminated = transitions[0]
        else:
            prob, state, reward, terminated = self._sample_transition(transitions)
        self.s = state
        self.lastaction = action
        if self.render_mode == "human":
            self.render()
        return state, reward, terminated, False, self._info(state, prob)

    def _sample_transition(self, transitions: list[Transition]) -> Transition:
        """One outcome of ``transitions`` drawn by their probabilities with one uniform draw from
        ``np_random`` (the last outcome when rounding leaves the cumulative sum below the draw)."""
        draw = self.np_random.random()
        cumulative = 0.0
        for transition in transitions:
            cumulative += transition[0]
            if cumulative > draw:
                return transition
        return transitions[-1]

    def _info(self, state: int, prob: float) -> dict[str, Any]:
        return {"prob": prob}

    def _checked_action(self, action: Any) -> int:
        return checked_discrete_action(self, action, self._n_actions)

    def _invalid(self, action: Any) -> InvalidAction:
        return invalid_discrete_action(self, action, self._n_actions)

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[int, dict[str, Any]]:
        """Draw the start state from ``initial_state_distrib``; ``info["prob"]`` is 1."""
        super().reset(seed=seed)
        self.s = self._draw_start()
        self.lastaction = None
        if self.render_mode == "human":
            self.render()
        return self.s, self._info(self.s, 1.0)

    def _draw_start(self) -> int:
        draw = self.np_random.random()
        state = int(np.searchsorted(self._isd_cumulative, draw, side="right"))
        if state >= len(self._isd_cumulative):  # a draw above a rounded-down total
            state = int(np.flatnonzero(self.initial_state_distrib)[-1])
        return state

    # ------------------------------------------------------------------ rendering
    def render(self) -> np.ndarray | str | None:
        """``ansi``: the text picture (a str); ``rgb_array``: an ``(H, W, 3) uint8`` frame;
        ``human``: show the frame in a window at ``render_fps``. Before ``reset`` (or without a
        render mode) warns and returns ``None``."""
        if self.render_mode is None:
            self._display.warn_no_mode()
            return None
        if self.s is None:
            warnings.warn(
                f"{type(self).__name__}.render() called before reset(); nothing to show yet",
                GymkitWarning,
                stacklevel=2,
            )
            return None
        if self.render_mode == "ansi":
            return self._ansi()
        frame = self._draw()
        return self._display.present(self.render_mode, frame, self.metadata["render_fps"])

    def _draw(self) -> np.ndarray:
        raise NotImplementedError

    def _ansi(self) -> str:
        raise NotImplementedError

    def close(self) -> None:
        """Close the window if one is open; idempotent."""
        self._display.close()


def checked_discrete_action(env: Any, action: Any, n: int) -> int:
    """``action`` as a Python int in ``[0, n)``: NumPy integer scalars (and 0-d integer arrays)
    are accepted; anything else (floats, bools, out-of-range values) raises
    :class:`~gymkit.error.InvalidAction` naming the action and ``env``'s action space."""
    if action.__class__ is int:
        if 0 <= action < n:
            return action
    elif (
        isinstance(action, (np.integer, np.ndarray))
        and np.ndim(action) == 0
        and np.asarray(action).dtype.kind in "iu"
        and 0 <= int(action) < n
    ):
        return int(action)
    raise invalid_discrete_action(env, action, n)


def invalid_discrete_action(env: Any, action: Any, n: int) -> InvalidAction:
    """The error for an action outside ``Discrete(n)``."""
    return InvalidAction(
        f"{type(env).__name__}.step got action {action!r} of type {type(action).__name__}; "
        f"expected an int in [0, {n}) (the action space {env.action_space})"
    )
