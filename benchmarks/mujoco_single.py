"""The MuJoCo single-env cases: each task's ``-v5`` through ``gymkit.make`` against the raw
``mj_step`` loop on the same model and against ``gymnasium.make``.

Every variant plays the same episodes: the same sampled actions (seed 0), ``reset(seed=0)``
first and a reset whenever an episode ends (a termination or the time limit). The dynamics are
identical, so gymkit and Gymnasium walk the same trajectories, and ``mujoco-raw`` replays them:
per step it writes the controls and calls ``mj_step(model, data, nstep=frame_skip)``; where the
env's episode ended it resets MuJoCo's data to the state the env reset to (``mj_resetData``, the
recorded ``qpos``/``qvel``, ``mj_forward``). That is the engine's own limit on this workload:
the physics of the same steps and resets, without observation, reward, checks or wrappers.
"""

from __future__ import annotations

import functools
import time
from typing import Any

import numpy as np

from benchmarks.common import gymnasium_variant, require, sampled_actions, single_steps_per_s
from benchmarks.harness import Case, Variant

#: The tasks, in the plugin's order, with the steps of one sample (full run, quick run): about
#: half a second of gymkit stepping each.
TASKS = {
    "Reacher": (8_000, 2_000),
    "Pusher": (6_000, 1_500),
    "InvertedPendulum": (10_000, 2_000),
    "InvertedDoublePendulum": (8_000, 2_000),
    "HalfCheetah": (6_000, 1_500),
    "Hopper": (6_000, 1_500),
    "Swimmer": (6_000, 1_500),
    "Walker2d": (6_000, 1_500),
    "Ant": (3_000, 1_000),
    "Humanoid": (2_000, 600),
    "HumanoidStandup": (2_000, 600),
}


def _schedule(
    gymkit: Any, env_id: str, actions: list[np.ndarray]
) -> tuple[list[bool], list[tuple[np.ndarray, np.ndarray]]]:
    """Play ``actions`` as :func:`single_steps_per_s` does; return, per step, whether the
    episode ended there, and the ``(qpos, qvel)`` of every reset (the first one included)."""
    env = gymkit.make(env_id)
    try:
        env.reset(seed=0)
        data = env.unwrapped.data
        states = [(data.qpos.copy(), data.qvel.copy())]
        ends = []
        for action in actions:
            _, _, terminated, truncated, _ = env.step(action)
            ended = bool(terminated or truncated)
            ends.append(ended)
            if ended:
                env.reset()
                states.append((data.qpos.copy(), data.qvel.copy()))
        return ends, states
    finally:
        env.close()


def _raw_steps_per_s(
    model: Any,
    data: Any,
    frame_skip: int,
    controls: list[np.ndarray],
    ends: list[bool],
    states: list[tuple[np.ndarray, np.ndarray]],
) -> float:
    """MuJoCo's own loop over the env's episodes: controls in, ``mj_step`` ``frame_skip``
    times in one call, and the env's resets replayed."""
    mujoco = require("mujoco")
    step, reset_data, forward = mujoco.mj_step, mujoco.mj_resetData, mujoco.mj_forward
    ctrl, qpos, qvel = data.ctrl, data.qpos, data.qvel
    reset_data(model, data)
    qpos[:], qvel[:] = states[0]
    forward(model, data)
    next_state = 1
    start = time.perf_counter()
    for control, ended in zip(controls, ends):
        ctrl[:] = control
        step(model, data, frame_skip)
        if ended:
            reset_data(model, data)
            qpos[:], qvel[:] = states[next_state]
            next_state += 1
            forward(model, data)
    return len(controls) / (time.perf_counter() - start)


def single_task(task: str, quick: bool) -> list[Variant]:
    env_id = f"{task}-v5"
    gymkit = require("gymkit")
    require("gymkit_mujoco")
    mujoco = require("mujoco")
    full, short = TASKS[task]
    env = gymkit.make(env_id)
    actions = sampled_actions(env.action_space, short if quick else full)
    variants = [
        Variant("gymkit", functools.partial(single_steps_per_s, env, actions), teardown=env.close)
    ]
    ends, states = _schedule(gymkit, env_id, actions)
    source = gymkit.make(env_id).unwrapped  # the same model, stepped on a data of its own
    controls = [np.asarray(a, dtype=np.float64) for a in actions]
    raw = functools.partial(
        _raw_steps_per_s,
        source.model,
        mujoco.MjData(source.model),
        source.frame_skip,
        controls,
        ends,
        states,
    )
    variants.append(Variant("mujoco-raw", raw, teardown=source.close))
    peer = gymnasium_variant(env_id, single_steps_per_s, actions, "mujoco")
    return variants if peer is None else [*variants, peer]


def cases() -> list[Case]:
    """One case per task (``-v5``); a task whose module is missing is a "not measured" row."""
    return [
        Case(
            f"step {task}-v5",
            "single-env",
            "steps/s",
            True,
            functools.partial(single_task, task),
            "random actions (seed 0), resets as episodes end; raw = data.ctrl + "
            "mj_step(nstep=frame_skip) on the same model, the env's resets replayed",
        )
        for task in TASKS
    ]
