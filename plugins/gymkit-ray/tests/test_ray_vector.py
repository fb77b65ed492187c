"""The "ray" mode against the same envs run locally, on the local multi-node cluster.

Trajectories must be equal env by env (seeding ``s + i``), in each autoreset mode, for a native
inner env (CartPole) and a sync one (a test env with infos); ``call``/``get_attr``/``set_attr``,
``reset_mask`` and ``send``/``recv`` keep the VectorEnv contract.
"""

from __future__ import annotations

import numpy as np
import pytest

import gymkit
from gymkit.error import NoAsyncCallError
from gymkit.vector.utils import unbatch_info

pytestmark = pytest.mark.timeout(300)


def _ray_env(env_id: str, n: int, **vector_kwargs):
    return gymkit.make_vec(env_id, n, vectorization_mode="ray", vector_kwargs=vector_kwargs)


def _assert_same_step(got, want, mode: str, t: int) -> None:
    obs, rew, term, trunc, infos = got
    wobs, wrew, wterm, wtrunc, winfos = want
    assert np.array_equal(obs, wobs), f"{mode} step {t}: observations differ"
    assert np.array_equal(rew, wrew) and np.array_equal(term, wterm)
    assert np.array_equal(trunc, wtrunc)
    for i in range(len(rew)):
        mine, theirs = unbatch_info(infos, i), unbatch_info(winfos, i)
        assert sorted(mine) == sorted(theirs), f"{mode} step {t} env {i}: info keys differ"
        if "final_obs" in theirs:
            assert np.array_equal(mine["final_obs"], theirs["final_obs"])


@pytest.mark.parametrize("mode", ["next_step", "same_step", "disabled"])
def test_native_cartpole_equals_local_envs_env_by_env(ray_cluster, cluster_cpus, mode):
    n = 5  # blocks of 3 and 2: an uneven split too
    env = _ray_env("CartPole-v1", n, envs_per_worker=3, inner="native", autoreset_mode=mode)
    local = gymkit.make_vec(
        "CartPole-v1", n, vectorization_mode="sync", vector_kwargs={"autoreset_mode": mode}
    )
    try:
        assert [w["stop"] - w["start"] for w in env.where()] == [3, 2]
        assert env.metadata["autoreset_mode"].value == mode
        assert env.observation_space == local.observation_space
        obs, _ = env.reset(seed=11)
        wobs, _ = local.reset(seed=11)
        assert np.array_equal(obs, wobs)
        rng = np.random.default_rng(5)
        ended = 0
        for t in range(60):
            actions = rng.integers(0, 2, n)
            got, want = env.step(actions), local.step(actions)
            _assert_same_step(got, want, mode, t)
            ended += int(np.sum(got[2] | got[3]))
            if mode == "disabled" and (got[2] | got[3]).any():
                mask = got[2] | got[3]
                obs, _ = env.reset(options={"reset_mask": mask})
                wobs, _ = local.reset(options={"reset_mask": mask})
                assert np.array_equal(obs, wobs)
        assert ended > 0  # autoreset was exercised
    finally:
        env.close()
        local.close()


def test_sync_inner_env_with_infos_equals_local_and_attrs_work(
    ray_cluster, cluster_cpus, test_envs
):
    n = 4
    env = _ray_env("raytest/SlowCount-v0", n, num_workers=2, autoreset_mode="same_step")
    local = gymkit.make_vec(
        "raytest/SlowCount-v0", n, vectorization_mode="sync",
        vector_kwargs={"autoreset_mode": "same_step"},
    )  # fmt: skip
    try:
        assert env.inner == "sync"
        obs, infos = env.reset(seed=[3, None, 5, 6])
        wobs, winfos = local.reset(seed=[3, None, 5, 6])
        assert np.array_equal(obs[[0, 2, 3]], wobs[[0, 2, 3]])
        assert np.array_equal(infos["start"][[0, 2, 3]], winfos["start"][[0, 2, 3]])
        env.reset(seed=1)
        local.reset(seed=1)
        rng = np.random.default_rng(2)
        for t in range(12):
            actions = rng.integers(0, 3, n)
            _assert_same_step(env.step(actions), local.step(actions), "same_step", t)
        assert env.get_attr("length") == (5, 5, 5, 5)
        env.set_attr("length", [2, 3, 4, 5])
        assert env.get_attr("length") == (2, 3, 4, 5)
        assert env.call("length") == (2, 3, 4, 5)
        env.set_attr("length", 7)
        assert env.get_attr("length") == (7,) * 4
    finally:
        env.close()
        local.close()


def test_send_recv_returns_the_first_blocks_to_finish(ray_cluster, cluster_cpus, test_envs):
    n = 6
    env = _ray_env("raytest/SlowCount-v0", n, envs_per_worker=2, batch_size=2)
    local = gymkit.make_vec("raytest/SlowCount-v0", n, vectorization_mode="sync")
    try:
        env.reset(seed=0)
        local.reset(seed=0)
        env.set_attr("delay", [3.0, 3.0, 0.0, 0.0, 3.0, 3.0])
        actions = np.array([0, 1, 2, 0, 1, 2])
        env.send(actions)
        obs, rew, _term, _trunc, infos, ids = env.recv()  # batch_size=2: the fast block
        assert ids.tolist() == [2, 3]
        wobs, wrew, *_ = local.step(actions)
        assert np.array_equal(obs, wobs[[2, 3]]) and np.array_equal(rew, wrew[[2, 3]])
        assert infos["count"].tolist() == [2, 1]
        # the fast block goes again while the slow ones still work
        env.send(np.array([1, 1]), env_ids=[2, 3])
        _obs2, _, _, _, _, ids2 = env.recv(batch_size=2)
        assert ids2.tolist() == [2, 3]
        rest = env.recv(batch_size=3)  # three of the four slow rows
        last = env.recv(batch_size=1)
        assert sorted([*rest[5].tolist(), *last[5].tolist()]) == [0, 1, 4, 5]
        assert rest[5].tolist() == sorted(rest[5].tolist())
        with pytest.raises(NoAsyncCallError, match="recv without a running send"):
            env.recv()
        # an incomplete block does not start, and recv says why
        env.send(np.array([0]), env_ids=[0])
        with pytest.raises(NoAsyncCallError, match=r"sub-envs \[0\] wait for the actions"):
            env.recv()
        env.send(np.array([0]), env_ids=[1])
        assert env.recv(batch_size=2)[5].tolist() == [0, 1]
    finally:
        env.close()
        local.close()
