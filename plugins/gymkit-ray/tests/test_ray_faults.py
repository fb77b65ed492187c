"""Faults on the local multi-node cluster: a killed actor, a lost node, a hung actor, a driver
that exits, and bad input. Every test is time-bounded; none may leave an actor behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

import gymkit
from gymkit.error import WorkerDied

pytestmark = pytest.mark.timeout(300)


def _ray_env(env_id: str, n: int, **vector_kwargs):
    return gymkit.make_vec(env_id, n, vectorization_mode="ray", vector_kwargs=vector_kwargs)


def _gone(pid: int, seconds: float = 30.0) -> bool:
    """Whether process ``pid`` has exited (within ``seconds``)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def _cpus_back(total: float, seconds: float = 60.0) -> bool:
    import ray

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ray.available_resources().get("CPU", 0.0) >= total:
            return True
        time.sleep(0.2)
    return False


def test_an_actor_killed_mid_step_is_replaced_then_the_limit_is_named(
    ray_cluster, cluster_cpus, test_envs
):
    env = _ray_env("raytest/SlowCount-v0", 4, envs_per_worker=2, max_restarts=1)
    try:
        env.reset(seed=0)
        env.set_attr("delay", 1.0)
        victim = env.where()[1]["pid"]
        env.step_async(np.array([0, 0, 0, 0]))
        time.sleep(0.3)  # the step is under way in both actors
        os.kill(victim, signal.SIGKILL)
        obs, rew, term, trunc, infos = env.step_wait()
        assert trunc.tolist() == [False, False, True, True]
        assert infos["_actor_restarted"].tolist() == [False, False, True, True]
        assert rew[2:].tolist() == [0.0, 0.0] and not term.any()
        assert obs[:2, 1].tolist() == [1.0, 1.0]  # the healthy block stepped
        assert obs[2:, 1].tolist() == [0.0, 0.0]  # fresh envs
        assert env.where()[1]["pid"] != victim
        # next_step: the following step starts the new episode from that observation
        fresh = obs[2:].copy()
        obs, rew, term, trunc, infos = env.step(np.array([0, 0, 0, 0]))
        assert np.array_equal(obs[2:], fresh) and not (term | trunc).any()
        assert obs[:2, 1].tolist() == [2.0, 2.0]
        # past max_restarts: an error naming the sub-envs and the node; the env is closed
        victim = env.where()[1]["pid"]
        node_ip = env.where()[1]["node_ip"]
        env.set_attr("delay", 0.0)
        os.kill(victim, signal.SIGKILL)
        assert _gone(victim)
        with pytest.raises(WorkerDied) as caught:
            env.step(np.array([0, 0, 0, 0]))
        message = str(caught.value)
        assert "sub-envs [2, 3]" in message and f"on node {node_ip}" in message
        assert "max_restarts=1" in message
        assert env.closed
    finally:
        env.close()
    assert _cpus_back(cluster_cpus)


def test_a_removed_node_loses_its_actor_which_is_replaced(ray_cluster, cluster_cpus, test_envs):
    from conftest import NODE_ARGS

    env = _ray_env("raytest/SlowCount-v0", 2, envs_per_worker=1, max_restarts=1)
    try:
        env.reset(seed=0)
        head = ray_cluster.head_node.node_id
        where = env.where()
        victim = next(w for w in where if w["node_id"] != head)
        node = next(n for n in ray_cluster.worker_nodes if n.node_id == victim["node_id"])
        ray_cluster.remove_node(node, allow_graceful=False)
        ray_cluster.add_node(**NODE_ARGS)  # capacity for the replacement
        ray_cluster.wait_for_nodes()
        obs, _rew, _term, trunc, infos = env.step(np.array([0, 0]))
        lost = victim["start"]
        assert trunc[lost] and infos["actor_restarted"][lost]
        assert not trunc[1 - lost] and obs[1 - lost, 1] == 1.0
        assert env.where()[lost]["node_id"] != victim["node_id"]
    finally:
        env.close()
    assert _cpus_back(cluster_cpus)


def test_close_returns_with_a_hung_actor_and_kills_it(ray_cluster, cluster_cpus, test_envs):
    env = _ray_env("raytest/SlowCount-v0", 2, envs_per_worker=1)
    env.reset(seed=0)
    env.set_attr("hang", [True, False])
    pids = [w["pid"] for w in env.where()]
    env.step_async(np.array([0, 0]))
    started = time.monotonic()
    env.close(timeout=1.0)
    assert env.closed
    assert time.monotonic() - started < 60  # bounded by close's timeout, not by the hang
    assert all(_gone(pid) for pid in pids)
    assert _cpus_back(cluster_cpus)


def test_a_silent_actor_past_the_step_timeout_is_an_error_naming_it(
    ray_cluster, cluster_cpus, test_envs
):
    env = _ray_env("raytest/SlowCount-v0", 2, envs_per_worker=1, timeout=2.0)
    try:
        env.reset(seed=0)
        env.set_attr("hang", [False, True])
        with pytest.raises(WorkerDied, match=r"sub-envs \[1\].*did not answer step within"):
            env.step(np.array([0, 0]))
    finally:
        env.close()
    assert _cpus_back(cluster_cpus)


def test_a_driver_that_exits_leaves_no_actor_behind(ray_cluster, cluster_cpus):
    code = textwrap.dedent(
        f"""
        import os, ray, gymkit
        ray.init(address={ray_cluster.address!r}, logging_level="ERROR", log_to_driver=False)
        env = gymkit.make_vec("CartPole-v1", 4, vectorization_mode="ray",
                              vector_kwargs={{"envs_per_worker": 2}})
        env.reset(seed=0)
        print("PIDS", *[w["pid"] for w in env.where()], flush=True)
        os._exit(0)  # no close(), no ray.shutdown(): the driver just goes
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=240)
    line = next(x for x in done.stdout.splitlines() if x.startswith("PIDS"))
    pids = [int(p) for p in line.split()[1:]]
    assert len(pids) == 2
    assert all(_gone(pid, 60) for pid in pids), "an actor outlived its driver"
    assert _cpus_back(cluster_cpus)


def test_bad_input_is_refused_with_the_fix(ray_cluster, cluster_cpus):
    with pytest.raises(ValueError, match=r"'envs_per_worker'\] must be an int >= 1, got 0"):
        _ray_env("CartPole-v1", 4, envs_per_worker=0)
    with pytest.raises(ValueError, match=r"'envs_per_worker'\] must be an int >= 1, got -2"):
        _ray_env("CartPole-v1", 4, envs_per_worker=-2)
    started = time.monotonic()
    with pytest.raises(ConnectionError, match=r"no Ray cluster answers at address '127.0.0.1:1'"):
        _ray_env("CartPole-v1", 4, address="127.0.0.1:1")
    assert time.monotonic() - started < 30
    with pytest.raises(
        ValueError,
        match=r"5 workers x 1 CPUs per worker = 5 CPUs, but the Ray "
        r"cluster has 3 CPUs on 3 node\(s\).*use at most 3 workers",
    ):
        _ray_env("CartPole-v1", 10, num_workers=5)
    with pytest.raises(TypeError, match=r"unknown vector_kwargs \['workers'\]"):
        _ray_env("CartPole-v1", 4, workers=2)
    with pytest.raises(ValueError, match="disagree"):
        _ray_env("CartPole-v1", 4, num_workers=3, envs_per_worker=2)
    with pytest.raises(ValueError, match="'inner': 'sync'"):
        gymkit.make_vec(
            "CartPole-v1", 2, vectorization_mode="ray", wrappers=[lambda e: e],
            vector_kwargs={"inner": "native"},
        )  # fmt: skip
    assert _cpus_back(cluster_cpus, 5)  # nothing was started


def test_envs_that_fail_to_build_in_the_actors_are_named(ray_cluster, cluster_cpus):
    from gymkit.error import WorkerError

    with pytest.raises(
        WorkerError, match=r"Ray actor \d \(sub-envs \[\d\]\) failed to build"
    ) as caught:
        _ray_env_kwargs = {"envs_per_worker": 1, "inner": "sync"}
        gymkit.make_vec(
            "CartPole-v1", 2, vectorization_mode="ray", vector_kwargs=_ray_env_kwargs,
            bogus_option=1,
        )  # fmt: skip
    assert "bogus_option" in str(caught.value)
    assert _cpus_back(cluster_cpus)


def test_gymkit_and_other_modes_never_import_ray_with_the_plugin_installed():
    code = (
        "import sys, gymkit\n"
        "gymkit.registry.discover()\n"
        "for mode in ('native', 'sync', 'async'):\n"
        "    gymkit.make_vec('CartPole-v1', 2, vectorization_mode=mode).close()\n"
        "plugin = [p.distribution for p in gymkit.registry.plugins if p.namespace == 'ray']\n"
        "print(plugin, 'ray' in sys.modules, 'gymkit_ray.vector' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.split() == ["['gymkit-ray']", "False", "False"]
