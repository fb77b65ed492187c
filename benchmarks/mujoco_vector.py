"""The MuJoCo vector case: the native threaded vector env, 8 Hopper envs on 2 threads, against
EnvPool's Hopper ×8 on 2 threads and against one env.

Every variant takes the same random actions (seed 0, uniform in the action bounds) and resets
ended episodes automatically (next-step autoreset, 1000-step limit). ``gymkit`` is Hopper-v4,
EnvPool's version (its dynamics are v5's; v4 reports fewer info terms); ``gymkit-v5`` is the
current version with its six info terms; ``gymkit-1-thread`` is the v4 vector env on one thread
(what the second thread adds); ``gymkit-single`` is one ``gymkit.make("Hopper-v4")`` stepping
the same number of env steps. The unit is env steps per second (batch steps x envs).
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from benchmarks.common import batched_variant, require, single_steps_per_s
from benchmarks.harness import Case, Unavailable, Variant

ENVS = 8
THREADS = 2


def _envpool(actions: np.ndarray) -> Variant | None:
    try:
        envpool = require("envpool")
    except Unavailable:
        return None
    pool = envpool.make(
        "Hopper-v4",
        env_type="gymnasium",
        num_envs=ENVS,
        batch_size=ENVS,
        num_threads=THREADS,
        seed=0,
        max_episode_steps=1000,
    )
    return batched_variant("envpool", pool, actions.astype(np.float64), seeded=False)


def _single(gymkit: Any, actions: np.ndarray) -> Variant:
    env = gymkit.make("Hopper-v4")
    flat = list(actions.reshape(-1, actions.shape[-1]))
    return Variant(
        "gymkit-single", functools.partial(single_steps_per_s, env, flat), teardown=env.close
    )


def native_hopper(quick: bool) -> list[Variant]:
    steps = 300 if quick else 1_500
    gymkit = require("gymkit")
    require("gymkit_mujoco")
    rng = np.random.default_rng(0)
    actions = rng.uniform(-1.0, 1.0, size=(steps, ENVS, 3)).astype(np.float32)
    variants = []
    for name, env_id, threads in (
        ("gymkit", "Hopper-v4", THREADS),
        ("gymkit-v5", "Hopper-v5", THREADS),
        ("gymkit-1-thread", "Hopper-v4", 1),
    ):
        env = gymkit.make_vec(
            env_id,
            num_envs=ENVS,
            vectorization_mode="native",
            vector_kwargs={"num_threads": threads},
        )
        variants.append(batched_variant(name, env, actions))
    variants.append(_single(gymkit, actions))
    peer = _envpool(actions)
    return variants if peer is None else [*variants, peer]


def cases() -> list[Case]:
    """The native Hopper case; unavailable (not failing) where gymkit-mujoco is not installed."""
    return [
        Case(
            f"native Hopper x{ENVS}",
            "vector",
            "steps/s",
            True,
            native_hopper,
            f"{ENVS} envs, {THREADS} threads, random actions, next-step autoreset (gymkit "
            "make_vec native, Hopper-v4 and -v5; EnvPool Hopper-v4; one gymkit env)",
        )
    ]
