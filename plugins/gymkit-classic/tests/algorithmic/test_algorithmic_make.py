"""The algorithmic ids through gymkit.make, with Gym 0.x's time limits and thresholds."""

from __future__ import annotations

import warnings

import pytest

import gymkit
from gymkit_classic.algorithmic.copy_ import CopyEnv
from gymkit_classic.algorithmic.duplicated_input import DuplicatedInputEnv
from gymkit_classic.algorithmic.repeat_copy import RepeatCopyEnv
from gymkit_classic.algorithmic.reverse import ReverseEnv
from gymkit_classic.algorithmic.reversed_addition import ReversedAdditionEnv

IDS = {
    "Copy-v0": (CopyEnv, 25.0, {}),
    "RepeatCopy-v0": (RepeatCopyEnv, 75.0, {}),
    "DuplicatedInput-v0": (DuplicatedInputEnv, 9.0, {}),
    "Reverse-v0": (ReverseEnv, 25.0, {}),
    "ReversedAddition-v0": (ReversedAdditionEnv, 25.0, {"rows": 2}),
    "ReversedAddition3-v0": (ReversedAdditionEnv, 25.0, {"rows": 3}),
}


@pytest.mark.parametrize("env_id", sorted(IDS))
def test_make_builds_the_env_and_plays_cleanly(env_id: str) -> None:
    env_class, threshold, attributes = IDS[env_id]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        env = gymkit.make(env_id)
        assert type(env.unwrapped) is env_class
        assert env.spec.max_episode_steps == 200
        assert env.spec.reward_threshold == threshold
        for name, value in attributes.items():
            assert getattr(env.unwrapped, name) == value
        obs, info = env.reset(seed=0)
        assert obs in env.observation_space and info == {}
        env.action_space.seed(0)
        for _ in range(40):
            obs, _, terminated, truncated, _ = env.step(env.action_space.sample())
            assert obs in env.observation_space
            if terminated or truncated:
                env.reset()
    env.close()


def test_make_passes_options() -> None:
    env = gymkit.make("Copy-v0", base=8, chars=False, render_mode="ansi")
    assert env.unwrapped.base == 8 and env.observation_space.n == 9
    env.reset(seed=0)
    assert isinstance(env.render(), str)
