"""make_vec: mode selection, keyword routing, wrappers, errors; native env contract details."""

from __future__ import annotations

import functools

import numpy as np
import pytest

import gymkit
from gymkit import error
from gymkit.vector import AutoresetMode, SyncVectorEnv


def test_keywords_reach_the_sub_envs_and_the_vector_env():
    env = gymkit.make_vec(
        "CartPole-v1",
        num_envs=2,
        vectorization_mode="sync",
        vector_kwargs={"autoreset_mode": "same_step", "copy": False},
        max_episode_steps=7,
        sutton_barto_reward=True,
    )
    assert env.metadata["autoreset_mode"] is AutoresetMode.SAME_STEP and env.copy is False
    assert env.get_attr("max_episode_steps") == (7, 7)
    assert env.spec.max_episode_steps == 7 and env.spec.kwargs["sutton_barto_reward"] is True
    env.reset(seed=0)
    _, rewards, *_ = env.step(np.array([0, 1]))
    assert rewards.tolist() == [0.0, 0.0]


def test_wrappers_wrap_every_sub_env():
    from gymkit.wrappers import TransformReward

    env = gymkit.make_vec(
        "CartPole-v1",
        num_envs=2,
        vectorization_mode="sync",
        wrappers=[functools.partial(TransformReward, func=lambda r: 5 * r)],
    )
    env.reset(seed=0)
    _, rewards, *_ = env.step(np.array([0, 1]))
    assert rewards.tolist() == [5.0, 5.0]
    with pytest.raises(ValueError, match="native"):
        gymkit.make_vec("CartPole-v1", 2, vectorization_mode="native", wrappers=[TransformReward])
    with pytest.raises(TypeError, match="wrappers\\[0\\]"):
        gymkit.make_vec("CartPole-v1", 2, vectorization_mode="sync", wrappers=["nope"])


def test_async_make_vec_with_spawn_pickles_the_env_function():
    env = gymkit.make_vec(
        "Pendulum-v1", num_envs=2, vectorization_mode="async", vector_kwargs={"context": "spawn"}
    )
    obs, _ = env.reset(seed=2)
    single, _ = gymkit.make("Pendulum-v1").reset(seed=3)
    np.testing.assert_array_equal(obs[1], single)
    env.close()


def test_make_vec_errors_are_clear():
    with pytest.raises(ValueError, match="num_envs"):
        gymkit.make_vec("CartPole-v1", num_envs=0)
    with pytest.raises(ValueError, match="vectorization_mode"):
        gymkit.make_vec("CartPole-v1", 2, vectorization_mode="threads")
    with pytest.raises(error.InvalidEnvKwargs, match="no_such_option"):
        gymkit.make_vec("CartPole-v1", 2, no_such_option=1)
    with pytest.raises(error.UnregisteredEnv):
        gymkit.make_vec("NoSuchEnv-v0", 2)
    with pytest.raises(error.InvalidEnvId):
        gymkit.make_vec(42, 2)


def test_sync_is_the_default_without_a_vector_entry_point():
    env = gymkit.make_vec("FrozenLake-v1", num_envs=2)
    assert isinstance(env, SyncVectorEnv)
    env.close()


def test_native_env_contract():
    env = gymkit.make_vec("CartPole-v1", num_envs=2, render_mode="rgb_array")
    with pytest.raises(error.ResetNeeded):
        env.step(np.array([0, 1]))
    obs, infos = env.reset(seed=0)
    assert obs in env.observation_space and infos == {}
    frames = env.render()
    single = gymkit.make("CartPole-v1", render_mode="rgb_array")
    single.reset(seed=0)
    np.testing.assert_array_equal(frames[0], single.render())
    with pytest.raises(error.InvalidAction, match="shape \\(2,\\)"):
        env.step(np.array([0, 1, 1]))
    with pytest.raises(error.InvalidAction, match="outside"):
        env.step(np.array([0, 2]))
    with pytest.raises(error.InvalidAction, match="outside"):
        env.step(np.array([-1, 0]))
    with pytest.raises(error.InvalidAction):
        env.step(np.array([0.5, 1.0]))
    assert env.get_attr("max_episode_steps") == (500, 500)
    env.close()
    env.close()
    with pytest.raises(error.ClosedEnvironmentError):
        env.reset()
    with pytest.raises(error.UnsupportedMode):
        gymkit.make_vec("CartPole-v1", 2, render_mode="human")


def test_native_reset_mask_and_disabled_mode():
    env = gymkit.make_vec(
        "MountainCar-v0", num_envs=3, vector_kwargs={"autoreset_mode": "disabled"}
    )
    with pytest.raises(error.ResetNeeded, match="first reset"):
        env.reset(options={"reset_mask": np.array([True, False, False])})
    env.reset(seed=5)
    env.step(np.array([2, 2, 2]))
    obs, _ = env.reset(options={"reset_mask": np.array([False, True, False])})
    assert obs[1][1] == 0.0 and obs[0][1] != 0.0
    assert env.unwrapped.elapsed_steps.tolist() == [1, 0, 1]
