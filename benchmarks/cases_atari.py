"""The Atari cases: ``ALE/Pong-v5`` single-env against the raw ale-py act loop and Gymnasium,
and the native threaded vector env against EnvPool, all on the same settings.

Settings shared by every variant: frameskip 4, sticky actions 0.25, minimal action set, episodes
truncated at 108,000 frames, seed 0; the vector variants add the DQN preprocessing (noop reset
up to 30, max-pooled 84x84 grayscale, stack of 4, no reward clipping, no FIRE on reset).
"""

from __future__ import annotations

import functools
import time
from typing import Any

import numpy as np

from benchmarks.common import batched_variant, require, sampled_actions, single_steps_per_s
from benchmarks.harness import Case, Unavailable, Variant

PONG = "ALE/Pong-v5"
FRAMESKIP = 4
STICKY = 0.25
MAX_FRAMES = 108_000
NATIVE_ENVS = 8
NATIVE_THREADS = 2


def _raw_ale(seed: int = 0) -> tuple[Any, list[Any]]:
    """An ``ALEInterface`` set up as ``ALE/Pong-v5``, with its minimal action set."""
    ale_py = require("ale_py")
    from ale_py import roms

    ale_py.ALEInterface.setLoggerMode(ale_py.LoggerMode.Error)
    ale = ale_py.ALEInterface()
    ale.setInt("random_seed", seed)
    ale.setFloat("repeat_action_probability", STICKY)
    ale.setInt("max_num_frames_per_episode", MAX_FRAMES)
    ale.loadROM(str(roms.get_rom_path("pong")))
    return ale, list(ale.getMinimalActionSet())


def _raw_steps_per_s(ale: Any, action_set: list[Any], actions: list[int]) -> float:
    """The limit of the engine itself: per step, ``frameskip`` ``act`` calls, the screen fetched
    as a new RGB array, the end-of-game check — what an env step cannot do without."""
    act, screen, game_over, reset = ale.act, ale.getScreenRGB, ale.game_over, ale.reset_game
    reset()
    start = time.perf_counter()
    for index in actions:
        action = action_set[index]
        reward = 0
        for _ in range(FRAMESKIP):
            reward += act(action)
        screen()
        if game_over():
            reset()
    return len(actions) / (time.perf_counter() - start)


def single_pong(quick: bool) -> list[Variant]:
    n = 2_000 if quick else 10_000
    gymkit = require("gymkit")
    require("gymkit_atari")
    env = gymkit.make(PONG)
    actions = sampled_actions(env.action_space, n)
    variants = [
        Variant("gymkit", functools.partial(single_steps_per_s, env, actions), teardown=env.close)
    ]
    ale, action_set = _raw_ale()
    indices = [int(a) for a in actions]
    variants.append(
        Variant("ale-py-raw", functools.partial(_raw_steps_per_s, ale, action_set, indices))
    )
    try:
        gymnasium = require("gymnasium")
    except Unavailable:
        return variants
    gymnasium.register_envs(require("ale_py"))
    peer = gymnasium.make(PONG)
    variants.append(
        Variant(
            "gymnasium", functools.partial(single_steps_per_s, peer, actions), teardown=peer.close
        )
    )
    return variants


def native_pong(quick: bool) -> list[Variant]:
    steps = 500 if quick else 2_500
    rng = np.random.default_rng(0)
    actions = rng.integers(0, 6, size=(steps, NATIVE_ENVS))
    gymkit = require("gymkit")
    require("gymkit_atari")
    env = gymkit.make_vec(PONG, num_envs=NATIVE_ENVS, num_threads=NATIVE_THREADS)
    variants = [batched_variant("gymkit", env, actions)]
    try:
        envpool = require("envpool")
        pool = envpool.make(
            "Pong-v5",
            env_type="gymnasium",
            num_envs=NATIVE_ENVS,
            batch_size=NATIVE_ENVS,
            num_threads=NATIVE_THREADS,
            seed=0,
            frame_skip=FRAMESKIP,
            repeat_action_probability=STICKY,
            noop_max=30,
            img_height=84,
            img_width=84,
            gray_scale=True,
            stack_num=4,
            episodic_life=False,
            reward_clip=False,
            use_fire_reset=False,
            max_episode_steps=MAX_FRAMES // FRAMESKIP,
        )
        variants.append(batched_variant("envpool", pool, actions.astype(np.int32), seeded=False))
    except Unavailable:
        pass
    return variants


def cases() -> list[Case]:
    """The Atari cases; unavailable (not failing) where gymkit-atari is not installed."""
    return [
        Case(
            f"step {PONG}",
            "single-env",
            "steps/s",
            True,
            single_pong,
            "frameskip 4, sticky 0.25, RGB observation; raw = ALEInterface act loop fetching "
            "the same screen",
        ),
        Case(
            f"native Pong x{NATIVE_ENVS}",
            "vector",
            "steps/s",
            True,
            native_pong,
            f"{NATIVE_ENVS} envs, {NATIVE_THREADS} threads, 84x84 gray stack 4, noop 30, sticky "
            "0.25 (gymkit make_vec native; EnvPool with the same settings)",
        ),
    ]
