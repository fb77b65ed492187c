"""The LunarLander cases: single env through ``make()`` against ``gymnasium.make()``, and the
share of the Box2D limit reached.

Every variant plays the same seeded random actions (reset on episode end), so the worlds step
through the same states. ``box2d-raw`` is the limit of the engine itself: the same episodes,
counting only the time spent inside ``b2World.Step`` (the physics an env step cannot skip);
``gymkit / box2d-raw`` is the share of it that gymkit reaches.
"""

from __future__ import annotations

import functools
import time
from typing import Any

from benchmarks.common import require, sampled_actions, single_steps_per_s
from benchmarks.harness import Case, Variant

LANDER_IDS = ("LunarLander-v3", "LunarLanderContinuous-v3")


def _step_only_steps_per_s(env: Any, actions: list[Any]) -> float:
    """Steps per second of ``b2World.Step`` alone, on the worlds ``env`` steps through."""
    box2d = require("Box2D")
    world_class = box2d.b2World
    original = world_class.__dict__["Step"]  # the descriptor itself, restored as it was
    step = box2d._Box2D.b2World_Step
    inside = [0.0]
    clock = time.perf_counter

    def timed_step(world: Any, *args: Any) -> None:
        start = clock()
        step(world, *args)
        inside[0] += clock() - start

    world_class.Step = timed_step
    try:
        env.reset(seed=0)
        inside[0] = 0.0
        for action in actions:
            _, _, terminated, truncated, _ = env.step(action)
            if terminated or truncated:
                env.reset()
    finally:
        world_class.Step = original
    return len(actions) / inside[0]


def lander_single(env_id: str) -> Any:
    def build(quick: bool) -> list[Variant]:
        import gymkit

        n = 10_000 if quick else 50_000
        ours = gymkit.make(env_id)
        actions = sampled_actions(ours.action_space, n)
        variants = [
            Variant("gymkit", functools.partial(single_steps_per_s, ours, actions), ours.close)
        ]
        try:
            gymnasium = require("gymnasium")
            theirs = gymnasium.make(env_id)
        except Exception as exc:  # the peer is reported as unavailable, not fatal
            reason = f"gymnasium.make({env_id!r}): {type(exc).__name__}: {exc}"

            def refuse() -> float:
                from benchmarks.harness import Unavailable

                raise Unavailable(reason)

            variants.append(Variant("gymnasium", refuse))
        else:
            variants.append(
                Variant(
                    "gymnasium",
                    functools.partial(single_steps_per_s, theirs, actions),
                    theirs.close,
                )
            )
        raw = gymkit.make(env_id).unwrapped
        variants.append(
            Variant("box2d-raw", functools.partial(_step_only_steps_per_s, raw, actions), raw.close)
        )
        return variants

    return build


def cases() -> list[Case]:
    return [
        Case(
            f"step {env_id}",
            "single-env",
            "steps/s",
            True,
            lander_single(env_id),
            "random actions through make(), reset on episode end; box2d-raw: the time inside "
            "b2World.Step alone on the same episodes",
        )
        for env_id in LANDER_IDS
    ]
