"""The BipedalWalker case: ``BipedalWalker-v3`` single-env through ``gymkit.make`` against
``gymnasium.make`` and against the raw Box2D loop.

Every variant plays the same episode: the actions of gymkit's scripted gait on seed 0 (recorded
once, then replayed open loop — the dynamics are identical, so both envs walk the same walk), one
full 1600-step episode per sample, the reset before it untimed. ``box2d-raw`` is the limit of
the engine itself: per step the four motors set as the env sets them and one ``world.Step`` on
the same world (contact listener included), nothing else.
"""

from __future__ import annotations

import functools
import time
from typing import Any

import numpy as np

from benchmarks.common import gymnasium_variant, require
from benchmarks.harness import Case, Variant

WALKER = "BipedalWalker-v3"
EPISODE = 1600


def _gait_actions(n: int) -> list[np.ndarray]:
    """``n`` actions of the scripted gait on seed 0 (the walk continues to the episode's end)."""
    from gymkit_box2d.bipedal_walker import BipedalWalkerEnv

    env = BipedalWalkerEnv()
    obs, _ = env.reset(seed=0)
    policy = env.heuristic_policy()
    actions = []
    for _ in range(n):
        action = policy(obs)
        actions.append(action)
        obs, _, terminated, _, _ = env.step(action)
        if terminated:
            break
    return actions


def _episode_steps_per_s(env: Any, actions: list[np.ndarray]) -> float:
    env.reset(seed=0)
    step = env.step
    start = time.perf_counter()
    for action in actions:
        step(action)
    return len(actions) / (time.perf_counter() - start)


def _raw_steps_per_s(env: Any, commands: list[tuple[float, ...]]) -> float:
    """Box2D's own loop: the motor settings of each action and ``world.Step``."""
    env.reset(seed=0)
    world, joints = env.world, env.joints
    step = world.Step
    start = time.perf_counter()
    for command in commands:
        for joint, speed, torque in zip(joints, command[:4], command[4:]):
            joint.motorSpeed = speed
            joint.maxMotorTorque = torque
        step(1.0 / 50, 180, 60)
    return len(commands) / (time.perf_counter() - start)


def single_walker(quick: bool) -> list[Variant]:
    gymkit = require("gymkit")
    require("gymkit_box2d")
    actions = _gait_actions(EPISODE)
    env = gymkit.make(WALKER)
    variants = [
        Variant("gymkit", functools.partial(_episode_steps_per_s, env, actions), teardown=env.close)
    ]
    commands = []
    for action in actions:
        values = action.tolist()
        speeds = [
            (s if a > 0 else -s if a < 0 else 0.0) for a, s in zip(values, (4.0, 6.0, 4.0, 6.0))
        ]
        commands.append((*speeds, *(80.0 * min(abs(a), 1.0) for a in values)))
    raw = env.unwrapped.__class__()
    variants.append(Variant("box2d-raw", functools.partial(_raw_steps_per_s, raw, commands)))
    peer = gymnasium_variant(WALKER, _episode_steps_per_s, actions)
    return variants if peer is None else [*variants, peer]


def cases() -> list[Case]:
    """The BipedalWalker case; unavailable (not failing) where gymkit-box2d is not installed."""
    return [
        Case(
            f"step {WALKER}",
            "single-env",
            "steps/s",
            True,
            single_walker,
            "one 1600-step walk (the scripted gait on seed 0, replayed) through make(); raw = "
            "the motor settings and world.Step alone, same world and actions",
        )
    ]
