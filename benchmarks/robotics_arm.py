"""The robotics arm cases: the Push task's single-env steps/s against Gymnasium-Robotics'
FetchPush-v4, and ``compute_reward`` on a batch of 4096 relabelled goals.

The peer cannot share gymkit's environment: gymnasium-robotics 1.4.2's Fetch tasks fail an
assertion on mujoco >= 3.12, so it lives in a venv of its own (``gymnasium-robotics==1.4.2``,
``mujoco==3.11.0``) whose interpreter is named by ``GYMKIT_BENCH_ROBOTICS_PEER`` (the ``bench``
session builds it). Each peer sample is one run of that interpreter that makes the env, plays
the same number of random steps (resetting when an episode ends) and prints its steps/s; only
the stepping loop is timed, as for gymkit.
"""

from __future__ import annotations

import functools
import os
import subprocess
import time
from typing import Any

import numpy as np

from benchmarks.common import require, sampled_actions, single_steps_per_s
from benchmarks.harness import Case, Unavailable, Variant

PUSH = "robotics/HeronPush-v1"
PEER = "FetchPush-v4"
#: Steps of one sample (full run, quick run).
STEPS = (3_000, 600)
#: The batch of relabelled goals of the reward case.
BATCH = 4096

_PEER_CODE = """
import sys, time, warnings
warnings.filterwarnings("ignore")
import gymnasium as gym, gymnasium_robotics
gym.register_envs(gymnasium_robotics)
env = gym.make({peer!r})
env.action_space.seed(0)
actions = [env.action_space.sample() for _ in range({steps})]
env.reset(seed=0)
step, reset = env.step, env.reset
start = time.perf_counter()
for action in actions:
    _, _, terminated, truncated, _ = step(action)
    if terminated or truncated:
        reset()
print(len(actions) / (time.perf_counter() - start))
"""


def peer_python() -> str:
    """The peer venv's interpreter (``GYMKIT_BENCH_ROBOTICS_PEER``); :class:`Unavailable`
    when it is unset or missing."""
    path = os.environ.get("GYMKIT_BENCH_ROBOTICS_PEER")
    if not path or not os.path.exists(path):
        raise Unavailable(
            "GYMKIT_BENCH_ROBOTICS_PEER does not name the python of a venv with "
            "gymnasium-robotics==1.4.2 and mujoco==3.11.0 (nox -s bench builds it)"
        )
    return path


def _peer_steps_per_s(python: str, steps: int) -> float:
    proc = subprocess.run(
        [python, "-c", _PEER_CODE.format(peer=PEER, steps=steps)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{PEER} failed in {python}: {proc.stderr.strip()[-500:]}")
    return float(proc.stdout.strip().splitlines()[-1])


def push_variants(quick: bool) -> list[Variant]:
    gymkit = require("gymkit")
    require("gymkit_robotics")
    steps = STEPS[1] if quick else STEPS[0]
    env = gymkit.make(PUSH)
    actions = sampled_actions(env.action_space, steps)
    variants = [
        Variant("gymkit", functools.partial(single_steps_per_s, env, actions), teardown=env.close)
    ]
    try:
        python = peer_python()
    except Unavailable:
        return variants
    variants.append(
        Variant("gymnasium-robotics", functools.partial(_peer_steps_per_s, python, steps))
    )
    return variants


def _reward_ms(env: Any, achieved: np.ndarray, desired: np.ndarray, repeats: int) -> float:
    compute = env.compute_reward
    start = time.perf_counter()
    for _ in range(repeats):
        compute(achieved, desired, None)
    return (time.perf_counter() - start) / repeats * 1e3


def reward_variants(quick: bool) -> list[Variant]:
    gymkit = require("gymkit")
    require("gymkit_robotics")
    env = gymkit.make(PUSH).unwrapped
    rng = np.random.default_rng(0)
    achieved = rng.uniform(1.0, 1.6, (BATCH, 3))
    desired = achieved + rng.normal(0.0, 0.05, (BATCH, 3))
    repeats = 50 if quick else 200
    return [
        Variant(
            "gymkit",
            functools.partial(_reward_ms, env, achieved, desired, repeats),
            teardown=env.close,
        )
    ]


def cases() -> list[Case]:
    """Push steps/s (gymkit vs FetchPush-v4) and the 4096-goal ``compute_reward``."""
    return [
        Case(
            f"step {PUSH}",
            "single-env",
            "steps/s",
            True,
            push_variants,
            f"random actions (seed 0), resets at the 50-step limit; peer: {PEER} "
            "(gymnasium-robotics 1.4.2, mujoco 3.11.0, own venv)",
        ),
        Case(
            f"compute_reward x{BATCH}",
            "goal envs",
            "ms",
            False,
            reward_variants,
            f"{PUSH}'s sparse compute_reward on {BATCH} relabelled goal pairs, one call",
        ),
    ]
