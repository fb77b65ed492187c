"""The CarRacing case: single-env ``CarRacing-v3`` steps/s through ``gymkit.make`` against
``gymnasium.make``, plus the physics alone (the car's tyre model and ``world.Step``, no picture)
as the engine's own limit.

Both envs get the same seeded random actions (continuous, from the action space) and reset on
termination or truncation; every step includes drawing the 96x96 observation.
"""

from __future__ import annotations

import functools
import time
from typing import Any

from benchmarks.common import (
    gymnasium_variant,
    require,
    sampled_actions,
    single_steps_per_s,
)
from benchmarks.harness import Case, Variant

RACING = "CarRacing-v3"


def _physics_steps_per_s(env: Any, n: int) -> float:
    """The tyre model and ``world.Step`` of the same env, without drawing: what a step cannot
    do without."""
    env.reset(seed=0)
    advance = env.unwrapped._advance
    start = time.perf_counter()
    for _ in range(n):
        advance()
    return n / (time.perf_counter() - start)


def single_racing(quick: bool) -> list[Variant]:
    n = 300 if quick else 1_500
    gymkit = require("gymkit")
    require("gymkit_box2d")
    env = gymkit.make(RACING)
    actions = sampled_actions(env.action_space, n)
    raw = gymkit.make(RACING)
    variants = [
        Variant("gymkit", functools.partial(single_steps_per_s, env, actions), teardown=env.close),
        Variant("box2d-physics", functools.partial(_physics_steps_per_s, raw, n)),
    ]
    # Gymnasium draws every observation with pygame (~60 steps/s): fewer steps per sample
    peer_actions = actions[: max(50, n // 10)]
    peer = gymnasium_variant(RACING, single_steps_per_s, peer_actions, "pygame")
    return variants if peer is None else [*variants, peer]


def cases() -> list[Case]:
    """The CarRacing case; unavailable (not failing) where gymkit-box2d is not installed."""
    return [
        Case(
            f"step {RACING}",
            "single-env",
            "steps/s",
            True,
            single_racing,
            "96x96 RGB observation drawn every step, random continuous actions; box2d-physics = "
            "the car's tyre model + world.Step alone (no drawing)",
        )
    ]
