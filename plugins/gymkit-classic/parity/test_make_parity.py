"""The whole ``make()`` stack, not only the bare env: ``gymkit.make(id)`` against
``gymnasium.make(id)`` with each one's default wrappers (time limit, order enforcing, passive
checker), the same seeds and the same actions, over several whole episodes: the episode ends
(termination and time-limit truncation), the resets after them without a seed (the generator
stream continued) and every output in between must agree."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest

import gymkit

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import gymnasium

#: Ids both register under the same name (a same-named id must behave the same). Gymnasium
#: renamed Taxi-v3 and CliffWalking-v0 (Taxi-v4, CliffWalking-v1): the bare-env parity files
#: cover those.
EXPECTED = {
    "CartPole-v0",
    "CartPole-v1",
    "MountainCar-v0",
    "MountainCarContinuous-v0",
    "Acrobot-v1",
    "Pendulum-v1",
    "FrozenLake-v1",
    "FrozenLake8x8-v1",
    "Blackjack-v1",
}
CLASSIC = {
    env_id
    for env_id in gymkit.registry
    if getattr(gymkit.spec(env_id), "distribution", None) == "gymkit-classic"
}
IDS = sorted(CLASSIC & set(gymnasium.registry))
EPISODES = 3
MAX_STEPS = 3_000  # MountainCarContinuous: 999 steps an episode under random actions


def _quiet_make(module: Any, env_id: str) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return module.make(env_id)


def _same(mine: Any, ref: Any, where: str) -> None:
    if isinstance(ref, dict):
        assert isinstance(mine, dict) and set(mine) == set(ref), (where, mine, ref)
        for key in ref:
            _same(mine[key], ref[key], f"{where}[{key!r}]")
    elif isinstance(ref, (tuple, list)) and not isinstance(ref, np.ndarray):
        assert len(mine) == len(ref), (where, mine, ref)
        for i, (m, r) in enumerate(zip(mine, ref)):
            _same(m, r, f"{where}[{i}]")
    elif isinstance(ref, np.ndarray) or isinstance(mine, np.ndarray):
        mine_a, ref_a = np.asarray(mine), np.asarray(ref)
        assert mine_a.shape == ref_a.shape and mine_a.dtype == ref_a.dtype, (where, mine, ref)
        np.testing.assert_allclose(mine_a, ref_a, rtol=0, atol=1e-6, err_msg=where)
    elif isinstance(ref, float) or isinstance(mine, float):
        assert abs(float(mine) - float(ref)) <= 1e-9, (where, mine, ref)
    else:
        assert mine == ref, (where, mine, ref)


def _wrappers(env: Any) -> list[str]:
    """The class names of the wrappers around the bare env, outermost first."""
    names = []
    while hasattr(env, "env"):
        names.append(type(env).__name__)
        env = env.env
    return names


def test_the_shared_ids_are_compared() -> None:
    assert set(IDS) >= EXPECTED, f"missing from the comparison: {sorted(EXPECTED - set(IDS))}"


@pytest.mark.parametrize("seed", [0, 7])
@pytest.mark.parametrize("env_id", IDS)
def test_make_stacks_agree_over_whole_episodes(env_id: str, seed: int) -> None:
    ours, theirs = _quiet_make(gymkit, env_id), _quiet_make(gymnasium, env_id)
    try:
        assert _wrappers(ours) == _wrappers(theirs), "the default wrapper stacks differ"
        assert ours.spec.max_episode_steps == theirs.spec.max_episode_steps
        sampler = ours.action_space
        sampler.seed(seed)
        obs, info = ours.reset(seed=seed)
        ref_obs, ref_info = theirs.reset(seed=seed)
        _same(obs, ref_obs, "reset 0 observation")
        _same(info, ref_info, "reset 0 info")
        ends: list[tuple[bool, bool]] = []
        step = 0
        while len(ends) < EPISODES and step < MAX_STEPS:
            action = sampler.sample()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                mine = ours.step(action)
                ref = theirs.step(action)
            step += 1
            where = f"{env_id} step {step} (episode {len(ends)}), action {action!r}"
            for name, m, r in zip(("observation", "reward", "flags", "", "info"), mine, ref):
                _same(m, r, f"{where}: {name or 'flags'}")
            if mine[2] or mine[3]:
                ends.append((bool(mine[2]), bool(mine[3])))
                # no seed: both continue their generator stream
                obs, info = ours.reset()
                ref_obs, ref_info = theirs.reset()
                _same(obs, ref_obs, f"{where}: reset {len(ends)} observation")
                _same(info, ref_info, f"{where}: reset {len(ends)} info")
        assert len(ends) == EPISODES, f"{env_id}: only {len(ends)} episodes in {step} steps"
        if env_id in ("MountainCar-v0", "Acrobot-v1", "Pendulum-v1"):
            # random actions end these by the time limit: the truncation path is compared
            assert any(truncated for _, truncated in ends), ends
    finally:
        ours.close()
        theirs.close()
