"""The toy-text ids through gymkit.make: specs, options, time limits, checker-clean episodes."""

from __future__ import annotations

import warnings

import pytest

import gymkit
from gymkit_classic.toy_text.blackjack import BlackjackEnv
from gymkit_classic.toy_text.cliffwalking import CliffWalkingEnv
from gymkit_classic.toy_text.frozen_lake import FrozenLakeEnv
from gymkit_classic.toy_text.taxi import TaxiEnv

IDS = {
    "FrozenLake-v1": (FrozenLakeEnv, 100, 0.70),
    "FrozenLake8x8-v1": (FrozenLakeEnv, 200, 0.85),
    "Taxi-v3": (TaxiEnv, 200, 8),
    "CliffWalking-v0": (CliffWalkingEnv, None, None),
    "Blackjack-v1": (BlackjackEnv, None, None),
}


@pytest.mark.parametrize("env_id", sorted(IDS))
def test_make_builds_the_env_and_plays_cleanly(env_id: str) -> None:
    env_class, steps, threshold = IDS[env_id]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the passive checker finds nothing suspicious
        env = gymkit.make(env_id)
        assert type(env.unwrapped) is env_class
        assert env.spec is not None and env.spec.id == env_id
        assert env.spec.max_episode_steps == steps
        assert env.spec.reward_threshold == threshold
        obs, _ = env.reset(seed=0)
        assert obs in env.observation_space
        env.action_space.seed(0)
        for _ in range(30):
            obs, _reward, terminated, truncated, _ = env.step(env.action_space.sample())
            assert obs in env.observation_space
            if terminated or truncated:
                env.reset()
    env.close()


def test_registered_options() -> None:
    assert gymkit.make("FrozenLake8x8-v1").unwrapped.desc.shape == (8, 8)
    lake = gymkit.make("FrozenLake-v1", is_slippery=False, render_mode="ansi")
    assert lake.unwrapped.is_slippery is False and lake.render_mode == "ansi"
    blackjack = gymkit.make("Blackjack-v1").unwrapped
    assert blackjack.sab is True and blackjack.natural is False
    assert gymkit.make("Blackjack-v1", sab=False, natural=True).unwrapped.natural is True


def test_time_limit_truncates_frozen_lake() -> None:
    env = gymkit.make("FrozenLake-v1", desc=["SF", "FF"] + ["FF"] * 2 + ["FG"])
    env.reset(seed=0)
    for t in range(100):
        _, _, terminated, truncated, _ = env.step(3)  # up, up, ... never reaches the goal
        assert not terminated
        assert truncated is (t == 99)
