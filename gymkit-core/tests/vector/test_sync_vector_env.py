"""SyncVectorEnv: equivalence with independent single envs, info batching, attributes, errors."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from gymkit.error import ClosedEnvironmentError, InvalidSeed
from gymkit.vector import AutoresetMode, SyncVectorEnv
from gymkit.vector.testing import check_vector_rollout

MODES = ["next_step", "same_step", "disabled"]


def _fns(toy, lengths=(2, 3, 4), terminate=True):
    return [functools.partial(toy.CountingEnv, length=n, terminate=terminate) for n in lengths]


def _actions(n_envs, steps, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.integers(0, 3, size=n_envs).tolist() for _ in range(steps)]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("terminate", [True, False])
def test_matches_independent_single_envs(toy, mode, terminate):
    fns = _fns(toy, terminate=terminate)
    env = SyncVectorEnv(fns, autoreset_mode=mode)
    assert env.metadata["autoreset_mode"] is AutoresetMode(mode)
    ends = check_vector_rollout(env, fns, seed=7, actions=_actions(3, 12), mode=mode)
    assert ends >= 6
    env.close()


def test_int_seed_seeds_env_i_with_seed_plus_i(toy):
    env = SyncVectorEnv(_fns(toy))
    obs, _ = env.reset(seed=10)
    for i in range(3):
        single_obs, _ = toy.CountingEnv().reset(seed=10 + i)
        np.testing.assert_array_equal(obs[i], single_obs)
    obs_list, _ = env.reset(seed=[10, None, 12])
    assert obs_list[0][1] == obs[0][1] and obs_list[2][1] == obs[2][1]
    with pytest.raises(InvalidSeed, match="one seed per sub-env"):
        env.reset(seed=[1, 2])
    with pytest.raises(InvalidSeed):
        env.reset(seed=-1)
    with pytest.raises(InvalidSeed):
        env.reset(seed="abc")


def test_spaces_and_batched_infos(toy):
    env = SyncVectorEnv(_fns(toy))
    assert env.num_envs == 3
    assert env.single_action_space == toy.CountingEnv().action_space
    assert env.action_space.shape == (3,)
    assert env.observation_space.shape == (3, 2)
    obs, infos = env.reset(seed=0)
    assert obs in env.observation_space
    assert infos["reset"].dtype == np.bool_ and infos["_reset"].all()
    obs, rewards, term, trunc, infos = env.step(np.array([0, 1, 2]))
    assert rewards.dtype == np.float64 and term.dtype == np.bool_ and trunc.dtype == np.bool_
    assert infos["steps"].tolist() == [1, 1, 1] and infos["steps"].dtype == np.int64
    assert infos["_steps"].all()
    # the next step: env 0 (length 2) ends; under NEXT_STEP it resets on the step after
    env.step(np.array([0, 0, 0]))
    obs, rewards, term, trunc, infos = env.step(np.array([1, 1, 1]))
    assert infos["_reset"].tolist() == [True, False, False]
    assert infos["_steps"].tolist() == [False, True, True]
    assert rewards[0] == 0.0 and obs[0][0] == 0


def test_same_step_final_obs_and_info(toy):
    env = SyncVectorEnv(_fns(toy, lengths=(1, 2)), autoreset_mode="same_step")
    env.reset(seed=3)
    obs, _, term, _, infos = env.step(np.array([1, 1]))
    assert term.tolist() == [True, False]
    assert infos["_final_obs"].tolist() == [True, False]
    assert infos["final_obs"][0][0] == 1  # the last obs of the episode: one step taken
    assert obs[0][0] == 0  # already reset
    assert infos["final_info"]["steps"][0] == 1 and infos["final_info"]["_steps"][0]


def test_reset_mask_resets_only_the_masked_envs(toy):
    env = SyncVectorEnv(_fns(toy), autoreset_mode="disabled")
    env.reset(seed=1)
    stepped, *_ = env.step(np.array([0, 0, 0]))
    kept = stepped.copy()
    obs, infos = env.reset(options={"reset_mask": np.array([False, True, False])})
    assert obs[:, 0].tolist() == [1, 0, 1]
    np.testing.assert_array_equal(stepped, kept)  # a returned batch is never written again
    assert infos["_reset"].tolist() == [False, True, False]
    with pytest.raises(ValueError, match="reset_mask"):
        env.reset(options={"reset_mask": [1, 0, 1]})


def test_copy_false_returns_the_internal_buffer(toy):
    env = SyncVectorEnv(_fns(toy), copy=False)
    first, _ = env.reset(seed=0)
    second, *_ = env.step(np.array([0, 0, 0]))
    assert first is second
    env_copy = SyncVectorEnv(_fns(toy), copy=True)
    a, _ = env_copy.reset(seed=0)
    b, *_ = env_copy.step(np.array([0, 0, 0]))
    assert a is not b and a[0][0] == 0 and b[0][0] == 1


def test_dict_observations(toy):
    env = SyncVectorEnv([toy.DictEnv, toy.DictEnv])
    obs, _ = env.reset(seed=0)
    assert set(obs) == {"pos", "flag"} and obs["pos"].shape == (2, 2)
    obs, *_ = env.step(np.array([1, 0]))
    assert obs["flag"].tolist() == [1, 1]
    assert obs in env.observation_space


def test_call_get_attr_set_attr(toy):
    env = SyncVectorEnv(_fns(toy))
    env.reset(seed=0)
    env.step(np.array([0, 0, 0]))
    assert env.get_attr("length") == (2, 3, 4)
    assert env.call("add", 1, b=2) == (4, 4, 4)
    assert env.call("greeting") == ("hello",) * 3
    env.set_attr("greeting", ["a", "b", "c"])
    assert env.get_attr("greeting") == ("a", "b", "c")
    env.set_attr("greeting", "same")
    assert env.get_attr("greeting") == ("same",) * 3
    with pytest.raises(ValueError, match="one value per sub-env"):
        env.set_attr("greeting", ["x"])
    with pytest.raises(AttributeError, match="nonexistent"):
        env.get_attr("nonexistent")


def test_render_returns_one_frame_per_env(toy):
    env = SyncVectorEnv([functools.partial(toy.CountingEnv, render_mode="rgb_array")] * 2)
    env.reset(seed=0)
    frames = env.render()
    assert len(frames) == 2 and frames[0].shape == (2, 3, 3)
    assert env.render_mode == "rgb_array"


def test_close_is_idempotent_and_closes_the_envs(toy):
    env = SyncVectorEnv(_fns(toy))
    subs = list(env.envs)
    env.close()
    env.close()
    assert all(e.closed_count == 1 for e in subs)
    with pytest.raises(ClosedEnvironmentError):
        env.reset()
    with pytest.raises(ClosedEnvironmentError):
        env.step(np.array([0, 0, 0]))
    with SyncVectorEnv(_fns(toy)) as ctx_env:
        ctx_subs = list(ctx_env.envs)
    assert ctx_env.closed and ctx_subs[0].closed_count == 1


def test_bad_arguments_are_clear_errors(toy):
    with pytest.raises(ValueError, match="at least one"):
        SyncVectorEnv([])
    with pytest.raises(TypeError, match="env_fns\\[1\\]"):
        SyncVectorEnv([toy.CountingEnv, toy.CountingEnv()])
    with pytest.raises(TypeError, match=r"not a gymkit\.Env"):
        SyncVectorEnv([lambda: 3])
    with pytest.raises(ValueError, match="action space"):
        SyncVectorEnv([toy.CountingEnv, toy.DictEnv])
    with pytest.raises(ValueError, match="autoreset_mode"):
        SyncVectorEnv([toy.CountingEnv], autoreset_mode="sometimes")
    with pytest.raises(ValueError, match="observation_mode"):
        SyncVectorEnv([toy.CountingEnv], observation_mode="odd")
