"""Vector adapters: gymkit's vector envs as Gymnasium's and back, in every autoreset mode, with
batches, infos (final_obs / final_info in same-step mode, reset_mask in disabled mode) and
trajectories identical to the vector env they adapt."""

from __future__ import annotations

from typing import Any

import gymnasium
import numpy as np
import pytest
from gymnasium.vector import AutoresetMode as GymnasiumMode
from hypothesis import given, settings
from hypothesis import strategies as st

import gymkit
from gymkit.vector import AutoresetMode as GymkitMode
from gymkit_gymnasium import from_gymnasium_vector, to_gymnasium_vector

MODES = ["next_step", "same_step", "disabled"]


def same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        if a.dtype == object or b.dtype == object:  # e.g. infos["final_obs"]: element-wise
            return a.shape == b.shape and all(map(same, a.ravel(), b.ravel()))
        return np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (tuple, list)):
        return len(a) == len(b) and all(map(same, a, b))
    return bool(a == b)


def vec_rollout(env: Any, seed: int, actions: list[Any], mode: str) -> list[Any]:
    obs, info = env.reset(seed=seed)
    trace: list[Any] = [obs, info]
    for action in actions:
        obs, rewards, terms, truncs, infos = env.step(action)
        trace += [obs, rewards, terms, truncs, infos]
        ended = np.logical_or(terms, truncs)
        if mode == "disabled" and ended.any():
            obs, infos = env.reset(options={"reset_mask": ended})
            trace += [obs, infos]
    return trace


def make(mode: str, vectorization_mode: str = "sync") -> Any:
    return gymkit.make_vec(
        "CartPole-v1",
        3,
        vectorization_mode=vectorization_mode,
        vector_kwargs={"autoreset_mode": mode},
        max_episode_steps=15,  # short episodes: every mode's reset path runs
    )


@pytest.mark.parametrize("mode", MODES)
def test_the_autoreset_mode_is_carried_over_both_ways(mode: str) -> None:
    adapted = to_gymnasium_vector(make(mode))
    assert adapted.metadata["autoreset_mode"] is GymnasiumMode[GymkitMode(mode).name]
    back = from_gymnasium_vector(adapted)
    assert back.autoreset_mode is GymkitMode(mode)
    assert back.num_envs == 3
    assert back.single_observation_space == adapted.gymkit_env.single_observation_space
    assert back.action_space == adapted.gymkit_env.action_space
    back.close()
    assert adapted.closed and adapted.gymkit_env.closed


@settings(max_examples=10, deadline=None)
@given(mode=st.sampled_from(MODES), seed=st.integers(0, 2**31 - 1), data=st.data())
def test_the_vector_round_trip_keeps_trajectories_in_every_mode(
    mode: str, seed: int, data: st.DataObject
) -> None:
    actions = data.draw(st.lists(st.lists(st.integers(0, 1), min_size=3, max_size=3), max_size=40))
    actions = [np.array(a) for a in actions]
    original, twin = make(mode), make(mode)
    back = from_gymnasium_vector(to_gymnasium_vector(twin))
    try:
        assert same(
            vec_rollout(back, seed, actions, mode), vec_rollout(original, seed, actions, mode)
        )
    finally:
        original.close()
        back.close()


def test_same_step_mode_reports_the_final_observation_as_gymnasium_does() -> None:
    env = to_gymnasium_vector(make("same_step"))
    env.reset(seed=1)
    for _ in range(15):
        _, _, terms, truncs, infos = env.step(np.zeros(3, dtype=np.int64))
        if np.any(terms | truncs):
            break
    ended = terms | truncs
    assert "final_obs" in infos and infos["_final_obs"].tolist() == ended.tolist()
    for i in np.flatnonzero(ended):
        assert env.single_observation_space.contains(infos["final_obs"][i])
    env.close()


def test_a_gymnasium_native_vector_env_becomes_a_gymkit_vector_env() -> None:
    ours = from_gymnasium_vector("CartPole-v1", 4)
    theirs = gymnasium.make_vec("CartPole-v1", 4)
    actions = [np.array([i % 2, 1, 0, (i // 2) % 2]) for i in range(30)]
    assert same(
        vec_rollout(ours, 3, actions, "next_step"), vec_rollout(theirs, 3, actions, "next_step")
    )
    assert ours.autoreset_mode is GymkitMode.NEXT_STEP
    ours.close()
    theirs.close()


def test_the_native_gymkit_vector_env_adapts_for_a_gymnasium_consumer() -> None:
    env = to_gymnasium_vector(gymkit.make_vec("CartPole-v1", 8))
    obs, _ = env.reset(seed=0)
    assert obs.shape == (8, 4) and env.observation_space.shape == (8, 4)
    assert isinstance(env.single_action_space, gymnasium.spaces.Discrete)
    obs, rewards, terms, truncs, _ = env.step(env.action_space.sample())
    assert rewards.shape == terms.shape == truncs.shape == (8,)
    env.close()


def test_bad_input_names_the_fix() -> None:
    single = gymkit.make("CartPole-v1")
    with pytest.raises(TypeError, match=r"single gymkit env: use to_gymnasium\(env\)"):
        to_gymnasium_vector(single)
    with pytest.raises(TypeError, match="already a Gymnasium vector env"):
        to_gymnasium_vector(gymnasium.make_vec("CartPole-v1", 2))
    with pytest.raises(TypeError, match=r"single Gymnasium env: use from_gymnasium\(env\)"):
        from_gymnasium_vector(gymnasium.make("CartPole-v1"))
    with pytest.raises(TypeError, match="needs num_envs"):
        from_gymnasium_vector("CartPole-v1")
    from gymkit.error import UnregisteredEnv

    with pytest.raises(UnregisteredEnv, match="Gymnasium does not know the env id 'CartPol-v1'"):
        from_gymnasium_vector("CartPol-v1", 2)
