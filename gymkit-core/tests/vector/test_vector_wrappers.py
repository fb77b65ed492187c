"""Vector wrappers: each checked against what the single-env wrapper (or plain arithmetic) gives
per sub-env."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from gymkit import error
from gymkit.spaces import Box
from gymkit.vector import SyncVectorEnv
from gymkit.vector.wrappers import (
    ClipAction,
    NormalizeObservation,
    NormalizeReward,
    RecordEpisodeStatistics,
    RescaleAction,
    TransformAction,
    TransformObservation,
    TransformReward,
    VectorizeTransformAction,
    VectorizeTransformObservation,
    VectorizeTransformReward,
    wrap_each,
)


def _counting(toy, lengths=(2, 3), mode="next_step"):
    fns = [functools.partial(toy.CountingEnv, length=n) for n in lengths]
    return SyncVectorEnv(fns, autoreset_mode=mode)


def _pendulums(n=2, **kwargs):
    from gymkit_classic.classic_control.vector.pendulum import PendulumVectorEnv

    return PendulumVectorEnv(n, max_episode_steps=3, **kwargs)


@pytest.mark.parametrize("mode", ["next_step", "same_step"])
def test_record_episode_statistics_reports_returns_and_lengths(toy, mode):
    env = RecordEpisodeStatistics(_counting(toy, mode=mode))
    env.reset(seed=0)
    starts = env.env.get_attr("start")
    seen = {}
    for _ in range(7):
        _, _, _, _, infos = env.step(np.array([1, 2]))
        if "episode" in infos:
            for i in np.flatnonzero(infos["_episode"]):
                seen.setdefault(i, []).append((infos["episode"]["r"][i], infos["episode"]["l"][i]))
    # env 0: episodes of 2 steps, reward 1 + start; env 1: 3 steps, reward 2 + start
    first0 = seen[0][0]
    assert first0[1] == 2 and first0[0] == pytest.approx(2 * (1 + starts[0]))
    first1 = seen[1][0]
    assert first1[1] == 3 and first1[0] == pytest.approx(3 * (2 + starts[1]))
    assert all(length == 2 for _, length in seen[0])
    assert env.episode_count == len(env.return_queue) == len(seen[0]) + len(seen[1])


def test_record_episode_statistics_refuses_a_taken_key(toy):
    env = RecordEpisodeStatistics(_counting(toy), stats_key="steps")
    env.reset(seed=0)
    env.step(np.array([0, 0]))
    with pytest.raises(error.InvalidWrapperArgument, match="stats_key"):
        env.step(np.array([0, 0]))
    with pytest.raises(error.InvalidWrapperArgument):
        RecordEpisodeStatistics(_counting(toy), buffer_length=0)


def test_normalize_observation_matches_batch_statistics():
    env = NormalizeObservation(_pendulums(3))
    raw = []
    obs, _ = env.reset(seed=1)
    raw.append(env.env._observe())
    for _ in range(4):
        obs, *_ = env.step(np.zeros((3, 1), dtype=np.float32))
        raw.append(env.env._observe())
    data = np.concatenate(raw).astype(np.float64)
    np.testing.assert_allclose(env.obs_rms.mean, data.mean(axis=0), rtol=1e-9)
    np.testing.assert_allclose(env.obs_rms.var, data.var(axis=0), rtol=1e-9)
    expected = (raw[-1] - data.mean(axis=0)) / np.sqrt(data.var(axis=0) + 1e-8)
    np.testing.assert_allclose(obs, expected, rtol=1e-5, atol=1e-6)
    assert obs.dtype == np.float32 and env.observation_space.shape == (3, 3)
    env.update_running_mean = False
    count = env.obs_rms.count
    env.step(np.zeros((3, 1), dtype=np.float32))
    assert env.obs_rms.count == count


def test_normalize_reward_scales_by_the_return_std(toy):
    env = NormalizeReward(_counting(toy, lengths=(50, 50)), gamma=0.5)
    env.reset(seed=0)
    returns = np.zeros(2)
    history = []
    for _ in range(6):
        _, scaled, *_ = env.step(np.array([1, 2]))
        raw = np.array([1, 2]) + np.array(env.env.get_attr("start"))
        returns = returns * 0.5 + raw
        history.append(returns.copy())
        var = np.concatenate(history).var()
        np.testing.assert_allclose(scaled, raw / np.sqrt(var + 1e-8), rtol=1e-9)
    with pytest.raises(error.InvalidWrapperArgument):
        NormalizeReward(_counting(toy), gamma=2)


def test_clip_and_rescale_action():
    from gymkit_classic.classic_control.cartpole import CartPoleEnv

    clipped = ClipAction(_pendulums())
    assert np.isinf(clipped.action_space.high).all()
    np.testing.assert_array_equal(
        clipped.actions(np.array([[5.0], [-5.0]], dtype=np.float32)), [[2.0], [-2.0]]
    )
    clipped.reset(seed=0)
    clipped.step(np.array([[5.0], [-5.0]], dtype=np.float32))
    np.testing.assert_array_equal(clipped.env.last_u, [2.0, -2.0])

    rescaled = RescaleAction(_pendulums(), 0.0, 1.0)
    assert rescaled.single_action_space == Box(0.0, 1.0, (1,), np.float32)
    np.testing.assert_allclose(rescaled.actions(np.array([[0.0], [0.75]])), [[-2.0], [1.0]])
    with pytest.raises(error.InvalidWrapperArgument):
        RescaleAction(_pendulums(), 1.0, 0.0)
    with pytest.raises(error.UnsupportedSpace, match="ClipAction"):
        ClipAction(SyncVectorEnv([CartPoleEnv]))


def test_transform_wrappers(toy):
    env = TransformReward(_counting(toy), lambda r: r * 10)
    env = TransformAction(env, lambda a: 2 - a)
    env = TransformObservation(env, lambda o: o * 2)
    obs, _ = env.reset(seed=0)
    starts = np.array(env.get_attr("start"))
    np.testing.assert_allclose(obs[:, 1], 2 * starts.astype(np.float32))
    _, rewards, *_ = env.step(np.array([2, 0]))  # the env sees actions 0 and 2
    np.testing.assert_allclose(rewards, 10 * (np.array([0, 2]) + starts))
    with pytest.raises(error.InvalidWrapperArgument):
        TransformReward(_counting(toy), "not callable")


def test_transform_observation_space_arguments():
    single = Box(-1, 1, (3,), np.float32)
    env = TransformObservation(_pendulums(), np.tanh, single_observation_space=single)
    assert env.single_observation_space == single
    assert env.observation_space.shape == (2, 3)


def test_vectorize_single_env_wrappers_on_a_native_env():
    from gymkit.wrappers import (
        ClipReward,
    )
    from gymkit.wrappers import (
        RescaleAction as SingleRescale,
    )
    from gymkit.wrappers import (
        TransformObservation as SingleTO,
    )

    env = VectorizeTransformObservation(
        _pendulums(), SingleTO, func=lambda o: o[:2], observation_space=Box(-1, 1, (2,), np.float32)
    )
    obs, _ = env.reset(seed=0)
    assert obs.shape == (2, 2) and env.single_observation_space.shape == (2,)
    env = VectorizeTransformAction(env, SingleRescale, min_action=0.0, max_action=1.0)
    env = VectorizeTransformReward(env, ClipReward, min_reward=-0.5, max_reward=0.0)
    env.reset(seed=0)
    _, rewards, *_ = env.step(np.array([[1.0], [0.0]], dtype=np.float32))
    assert (rewards >= -0.5).all()
    np.testing.assert_allclose(env.unwrapped.last_u, [2.0, -2.0])
    with pytest.raises(TypeError, match="ObservationWrapper"):
        VectorizeTransformObservation(_pendulums(), ClipReward, min_reward=0, max_reward=1)


def test_wrap_each_applies_single_env_wrappers_per_sub_env(toy):
    from gymkit.wrappers import TransformReward as SingleTR

    fn = wrap_each(toy.CountingEnv, [functools.partial(SingleTR, func=lambda r: -r)])
    env = SyncVectorEnv([fn, fn])
    env.reset(seed=0)
    _, rewards, *_ = env.step(np.array([1, 1]))
    assert (rewards < 0).all()
    with pytest.raises(TypeError, match="wrappers\\[0\\]"):
        wrap_each(toy.CountingEnv, ["nope"])


def test_vector_wrapper_forwards_the_contract(toy):
    inner = _counting(toy)
    env = RecordEpisodeStatistics(inner)
    assert env.num_envs == 2 and env.unwrapped is inner
    assert env.single_action_space == inner.single_action_space
    assert env.metadata is inner.metadata and env.autoreset_mode is inner.autoreset_mode
    assert env.call("add", 1) == (1, 1)
    env.set_attr("greeting", "hi")
    assert env.get_attr("greeting") == ("hi", "hi")
    assert "RecordEpisodeStatistics" in str(env)
    env.close()
    assert env.closed and inner.closed
    with pytest.raises(TypeError, match="VectorEnv"):
        RecordEpisodeStatistics(toy.CountingEnv())
