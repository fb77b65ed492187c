"""Helpers of the arm and pendulum parity tests (InvertedPendulum, InvertedDoublePendulum,
Reacher, Pusher): the compiled-model comparison and the lock-step runner.

Gymnasium is the oracle only: its env classes are built directly (no wrappers) and driven side by
side with gymkit's, from the same states and with the same actions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import gymnasium
import mujoco
import numpy as np
from _parity import ATOL, GYMNASIUM_ASSETS, RTOL, assert_same, field_differences

__all__ = [
    "ATOL",
    "GYMNASIUM_ASSETS",
    "RTOL",
    "assert_registry_matches",
    "assert_same",
    "assert_same_reset",
    "model_differences",
    "run_lockstep",
]


def _model_fields(model: mujoco.MjModel) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name in dir(model):
        if name.startswith("_"):
            continue
        value = getattr(model, name)
        if isinstance(value, (np.ndarray, int, float)) and not isinstance(value, bool):
            fields[name] = value
    for group in ("opt", "stat"):
        struct = getattr(model, group)
        for name in dir(struct):
            if not name.startswith("_"):
                fields[f"{group}.{name}"] = getattr(struct, name)
    return fields


def model_differences(
    ours: mujoco.MjModel, theirs: mujoco.MjModel, ignore: Iterable[str] = ()
) -> list[str]:
    """Every MjModel field (sizes, every array, ``opt`` and ``stat``) that differs, by name."""
    return field_differences(_model_fields(ours), _model_fields(theirs), skip=ignore)


def assert_same_reset(ours: Any, theirs: Any, seeds: Iterable[int]) -> None:
    """``reset(seed=s)`` gives the same observation and the same state in both envs, and so do
    the unseeded resets that follow (the generator is consumed alike)."""
    for seed in seeds:
        for step, kwargs in enumerate(({"seed": seed}, {}, {})):
            obs_a, info_a = ours.reset(**kwargs)
            obs_b, info_b = theirs.reset(**kwargs)
            where = f"reset #{step} after seed {seed}"
            assert obs_a.shape == obs_b.shape, where
            assert_same(obs_a, obs_b, f"observation, {where}")
            assert_same(ours.data.qpos, theirs.data.qpos, f"qpos, {where}")
            assert_same(ours.data.qvel, theirs.data.qvel, f"qvel, {where}")
            assert set(info_a) == set(info_b), where


def run_lockstep(
    ours: Any,
    theirs: Any,
    *,
    steps: int,
    episode_length: int,
    policy: Callable[[np.ndarray, np.random.Generator], np.ndarray],
    seed: int = 0,
    perturb_state: float = 0.0,
) -> int:
    """Step both envs with the same float32 actions for ``steps`` steps; compare every output.

    An episode starts with ``reset(seed=...)`` in both (compared), then, with ``perturb_state``,
    the same random state set in both by ``set_state``; it ends on termination or after
    ``episode_length`` steps. Returns the number of episodes run.
    """
    rng = np.random.default_rng(seed)
    done_steps = 0
    episodes = 0
    while done_steps < steps:
        episode_seed = seed * 1000 + episodes
        obs_a, _ = ours.reset(seed=episode_seed)
        obs_b, _ = theirs.reset(seed=episode_seed)
        assert_same(obs_a, obs_b, f"reset observation, seed {episode_seed}")
        if perturb_state:
            qpos = theirs.data.qpos + rng.uniform(-perturb_state, perturb_state, ours.model.nq)
            qvel = theirs.data.qvel + rng.uniform(-perturb_state, perturb_state, ours.model.nv)
            ours.set_state(qpos.copy(), qvel.copy())
            theirs.set_state(qpos.copy(), qvel.copy())
            obs_a, obs_b = ours._get_obs(), theirs._get_obs()
            assert_same(obs_a, obs_b, "observation after set_state")
        episodes += 1
        for t in range(episode_length):
            action = np.asarray(policy(obs_b, rng), dtype=np.float32)
            obs_a, rew_a, term_a, trunc_a, info_a = ours.step(action)
            obs_b, rew_b, term_b, trunc_b, info_b = theirs.step(action.copy())
            where = f"episode {episodes} (seed {episode_seed}), step {t}"
            assert obs_a.shape == obs_b.shape, where
            assert_same(obs_a, obs_b, f"observation, {where}")
            assert_same(rew_a, rew_b, f"reward, {where}")
            assert term_a == term_b, f"terminated, {where}"
            assert trunc_a == trunc_b, f"truncated, {where}"
            assert set(info_a) == set(info_b), f"info keys {set(info_a)} vs {set(info_b)}"
            for key in info_b:
                assert_same(info_a[key], info_b[key], f"info[{key!r}], {where}")
            assert_same(ours.data.qpos, theirs.data.qpos, f"qpos, {where}")
            assert_same(ours.data.qvel, theirs.data.qvel, f"qvel, {where}")
            done_steps += 1
            if term_b or done_steps >= steps:
                break
    return episodes


def assert_registry_matches(env_id: str) -> None:
    """gymkit's registration of ``env_id`` has Gymnasium's time limit and reward threshold, and
    the made envs (defaults as registered) step alike for a short while."""
    import gymkit

    ours = gymkit.make(env_id)
    theirs = gymnasium.spec(env_id)
    assert ours.spec.max_episode_steps == theirs.max_episode_steps
    assert ours.spec.reward_threshold == theirs.reward_threshold
    if env_id == "Pusher-v4":
        return  # Gymnasium's own make refuses it on mujoco >= 3 (see test_pusher_parity.py)
    oracle = gymnasium.make(env_id).unwrapped
    run_lockstep(
        ours.unwrapped,
        oracle,
        steps=100,
        episode_length=100,
        policy=lambda obs, rng: rng.uniform(oracle.action_space.low, oracle.action_space.high),
    )
