"""Reward wrappers: the transformed rewards and their statistics."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gymkit import error
from gymkit.spaces import Discrete
from gymkit.wrappers.reward import ClipReward, NormalizeReward, TransformReward

rewards = st.floats(-1e6, 1e6, allow_nan=False)


def test_transform_reward(space_env):
    env = TransformReward(space_env(Discrete(2), rewards=[1.0, -2.0]), lambda r: 3 * r)
    env.reset(seed=0)
    assert [env.step(0)[1] for _ in range(3)] == [3.0, -6.0, 3.0]
    with pytest.raises(error.InvalidWrapperArgument, match="callable"):
        TransformReward(space_env(Discrete(2)), None)  # type: ignore[arg-type]


@given(
    reward=rewards,
    low=st.one_of(st.none(), st.floats(-100, 0)),
    high=st.one_of(st.none(), st.floats(0, 100)),
)
def test_clip_reward_bounds_and_idempotence(space_env, reward, low, high):
    if low is None and high is None:
        return
    env = ClipReward(space_env(Discrete(2), rewards=[reward]), low, high)
    env.reset(seed=0)
    clipped = env.step(0)[1]
    assert (low is None or clipped >= low) and (high is None or clipped <= high)
    assert env.reward(clipped) == clipped
    if (low is None or reward >= low) and (high is None or reward <= high):
        assert clipped == reward


@pytest.mark.parametrize(
    ("low", "high", "match"),
    [(None, None, "min_reward or max_reward"), (1.0, 0.0, "<="), (float("nan"), 1.0, "real")],
)
def test_clip_reward_refusals(space_env, low, high, match):
    with pytest.raises(error.InvalidWrapperArgument, match=match):
        ClipReward(space_env(Discrete(2)), low, high)


@given(
    reward_seq=st.lists(st.floats(-100, 100), min_size=2, max_size=40),
    episode_length=st.integers(1, 7),
    gamma=st.floats(0.0, 1.0),
)
def test_normalize_reward_statistics_match_numpy(space_env, reward_seq, episode_length, gamma):
    inner = space_env(Discrete(2), rewards=reward_seq, episode_length=episode_length)
    env = NormalizeReward(inner, gamma=gamma, epsilon=1e-8)
    env.reset(seed=0)
    returns, outputs = [], []
    g = 0.0
    for r in reward_seq:
        g = g * gamma + r
        returns.append(g)
        _, scaled, terminated, _, _ = env.step(0)
        outputs.append(scaled)
        if terminated:
            g = 0.0
            env.reset()
    returns_arr = np.array(returns)
    assert env.return_rms.count == len(reward_seq)
    np.testing.assert_allclose(env.return_rms.mean, returns_arr.mean(), rtol=1e-9, atol=1e-7)
    np.testing.assert_allclose(env.return_rms.var, returns_arr.var(), rtol=1e-7, atol=1e-6)
    assert outputs[0] == pytest.approx(reward_seq[0] / np.sqrt(1 + 1e-8))
    expected_last = reward_seq[-1] / np.sqrt(returns_arr.var() + 1e-8)
    assert outputs[-1] == pytest.approx(expected_last, rel=1e-6, abs=1e-6)


def test_normalize_reward_freezes_and_scales_constant_rewards(space_env):
    env = NormalizeReward(space_env(Discrete(2), rewards=[1.0], episode_length=1000), gamma=0.5)
    env.reset(seed=0)
    for _ in range(50):
        env.step(0)
    # Returns converge to 2: the scale grows as their spread shrinks.
    count = env.return_rms.count
    env.update_running_mean = False
    scaled = env.step(0)[1]
    assert env.return_rms.count == count
    assert scaled == pytest.approx(1.0 / np.sqrt(env.return_rms.var + 1e-8))


@pytest.mark.parametrize(("gamma", "epsilon"), [(1.5, 1e-8), (-0.1, 1e-8), (0.9, 0.0)])
def test_normalize_reward_refusals(space_env, gamma, epsilon):
    with pytest.raises(error.InvalidWrapperArgument, match="NormalizeReward"):
        NormalizeReward(space_env(Discrete(2)), gamma=gamma, epsilon=epsilon)
