"""Helpers shared by the case modules (``cases.py``, ``cases_atari.py``, …): importing a peer,
sampling actions, and the timed loops every single-env and batched case uses.

This module imports no case module, so every case module can import it and none imports
another (no cycle).
"""

from __future__ import annotations

import functools
import importlib
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from benchmarks.harness import Unavailable, Variant


def require(module: str) -> Any:
    """Import ``module``; :class:`Unavailable` (a "not measured" row, not a crash) if absent."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise Unavailable(f"{module} is not installed ({exc})") from None


def sampled_actions(space: Any, n: int) -> list[Any]:
    """``n`` actions sampled from ``space`` seeded with 0 (the same list for every variant)."""
    space.seed(0)
    return [space.sample() for _ in range(n)]


def single_steps_per_s(env: Any, actions: list[Any]) -> float:
    """Steps/s of one env over ``actions``, resetting when an episode ends.

    A reset is part of the counted step that ended the episode (as a user's loop does it).
    """
    step, reset = env.step, env.reset
    reset(seed=0)
    start = time.perf_counter()
    for action in actions:
        _, _, terminated, truncated, _ = step(action)
        if terminated or truncated:
            reset()
    return len(actions) / (time.perf_counter() - start)


def batched_steps_per_s(env: Any, actions: np.ndarray, seeded: bool = True) -> float:
    """Steps/s of a batched env over ``actions`` (T x N); ``seeded=False`` for EnvPool, whose
    ``reset`` takes no seed."""
    if seeded:
        env.reset(seed=0)
    else:
        env.reset()
    step = env.step
    start = time.perf_counter()
    for batch in actions:
        step(batch)
    return actions.shape[0] * actions.shape[1] / (time.perf_counter() - start)


def batched_variant(name: str, env: Any, actions: np.ndarray, seeded: bool = True) -> Variant:
    """A variant timing ``env`` (a batched env, closed at teardown) over ``actions`` with
    :func:`batched_steps_per_s`."""
    return Variant(
        name, functools.partial(batched_steps_per_s, env, actions, seeded), teardown=env.close
    )


def gymnasium_variant(
    env_id: str, measure: Callable[[Any, Any], float], actions: Any, *needs: str
) -> Variant | None:
    """The ``"gymnasium"`` variant: ``measure(peer, actions)`` on ``gymnasium.make(env_id)``
    (closed at teardown). ``None`` where Gymnasium, one of the modules ``needs`` or the env's
    own dependencies are not installed: the gymkit variants are then measured alone."""
    try:
        gymnasium = require("gymnasium")
        for module in needs:
            require(module)
        peer = gymnasium.make(env_id)
    except Exception:  # no oracle here: not an error of the case
        return None
    return Variant("gymnasium", functools.partial(measure, peer, actions), teardown=peer.close)
