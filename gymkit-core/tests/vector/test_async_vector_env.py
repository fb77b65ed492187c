"""AsyncVectorEnv: equivalence, shared memory, the async call protocol, send/recv, and faults
(a raising worker, a killed worker, a hanging worker) ending in clear errors, never a hang."""

from __future__ import annotations

import functools
import os
import time

import numpy as np
import pytest

from gymkit.error import (
    AlreadyPendingCallError,
    ClosedEnvironmentError,
    NoAsyncCallError,
    WorkerDied,
    WorkerError,
)
from gymkit.vector import AsyncVectorEnv, AutoresetMode
from gymkit.vector.async_vector_env import DEFAULT_SPIN_WAIT, usable_cores
from gymkit.vector.testing import check_vector_rollout

pytestmark = pytest.mark.timeout(60)

MODES = ["next_step", "same_step", "disabled"]


def _fns(toy, lengths=(2, 3)):
    return [functools.partial(toy.CountingEnv, length=n) for n in lengths]


def _actions(n_envs, steps, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.integers(0, 3, size=n_envs).tolist() for _ in range(steps)]


def _slow_start(env_class, parent_pid, delay):
    """``env_class()``, after sleeping ``delay`` seconds when built in a worker (any process
    but ``parent_pid``): a healthy env that is slow to start."""
    if os.getpid() != parent_pid:
        time.sleep(delay)
    return env_class()


def _all_reaped(env):
    return all(p.exitcode is not None and not p.is_alive() for p in env.processes)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("shared_memory", "spin_wait"), [(True, None), (False, None), (True, 0)])
def test_matches_independent_single_envs(toy, mode, shared_memory, spin_wait):
    fns = _fns(toy)
    env = AsyncVectorEnv(
        fns,
        context="fork",
        shared_memory=shared_memory,
        autoreset_mode=mode,
        spin_wait=spin_wait,
    )
    assert env.metadata["autoreset_mode"] is AutoresetMode(mode)
    ends = check_vector_rollout(env, fns, seed=5, actions=_actions(2, 8), mode=mode)
    assert ends >= 4
    env.close()
    assert _all_reaped(env)


def test_infos_and_dict_observations_through_shared_memory(toy):
    env = AsyncVectorEnv([toy.DictEnv, toy.DictEnv], context="fork")
    obs, _ = env.reset(seed=0)
    assert obs["pos"].shape == (2, 2)
    obs, rewards, _term, _trunc, infos = env.step(np.array([1, 0]))
    assert obs["flag"].tolist() == [1, 1] and rewards.tolist() == [1.0, 1.0]
    env.close()
    counting = AsyncVectorEnv(_fns(toy), context="fork")
    _, infos = counting.reset(seed=0)
    assert infos["_reset"].all()
    _, _, _, _, infos = counting.step(np.array([0, 1]))
    assert infos["steps"].tolist() == [1, 1]
    counting.close()


def test_copy_false_aliases_the_shared_buffer(toy):
    env = AsyncVectorEnv(_fns(toy), context="fork", copy=False)
    first, _ = env.reset(seed=0)
    second, *_ = env.step(np.array([0, 0]))
    assert np.shares_memory(first, second)
    env.close()


def test_spawn_context_builds_and_steps():
    from gymkit_classic.classic_control.cartpole import CartPoleEnv

    env = AsyncVectorEnv([CartPoleEnv, CartPoleEnv], context="spawn")
    obs, _ = env.reset(seed=3)
    single, _ = CartPoleEnv().reset(seed=4)
    np.testing.assert_array_equal(obs[1], single)
    obs, rewards, *_ = env.step(np.array([0, 1]))
    assert rewards.tolist() == [1.0, 1.0]
    env.close()
    assert _all_reaped(env)


def test_call_get_attr_set_attr_and_render(toy):
    env = AsyncVectorEnv(
        [functools.partial(toy.CountingEnv, length=n, render_mode="rgb_array") for n in (2, 5)],
        context="fork",
    )
    env.reset(seed=0)
    env.step(np.array([0, 0]))
    assert env.get_attr("length") == (2, 5)
    assert env.call("add", 2, b=3) == (6, 6)
    env.call_async("add", 1)
    assert env.call_wait() == (2, 2)
    env.set_attr("greeting", ["x", "y"])
    assert env.get_attr("greeting") == ("x", "y")
    frames = env.render()
    assert len(frames) == 2 and frames[1][0, 0, 0] == 1
    with pytest.raises(WorkerError, match="nonexistent"):
        env.get_attr("nonexistent")
    env.close()


def test_async_protocol_errors(toy):
    env = AsyncVectorEnv(_fns(toy), context="fork")
    with pytest.raises(NoAsyncCallError):
        env.step_wait()
    with pytest.raises(NoAsyncCallError):
        env.reset_wait()
    with pytest.raises(NoAsyncCallError):
        env.call_wait()
    env.reset_async(seed=0)
    with pytest.raises(AlreadyPendingCallError):
        env.step_async(np.array([0, 0]))
    env.reset_wait()
    env.step_async(np.array([0, 0]))
    with pytest.raises(AlreadyPendingCallError):
        env.reset_async()
    with pytest.raises(AlreadyPendingCallError):
        env.call_async("add", 1)
    env.step_wait()
    env.close()
    env.close()  # idempotent
    with pytest.raises(ClosedEnvironmentError):
        env.reset()
    assert _all_reaped(env)


def test_close_waits_for_a_pending_step(toy):
    env = AsyncVectorEnv(_fns(toy), context="fork")
    env.reset(seed=0)
    env.step_async(np.array([0, 0]))
    env.close()
    assert env.closed and _all_reaped(env)


def test_send_recv_returns_the_first_envs_to_finish(toy):
    delays = (0.0, 0.5, 0.0)
    fns = [functools.partial(toy.SleepyEnv, delay=d) for d in delays]
    env = AsyncVectorEnv(fns, context="fork", batch_size=2)
    env.reset(seed=0)
    env.send(np.array([1, 1, 1]))
    obs, _rewards, _term, _trunc, infos, ids = env.recv()
    assert ids.tolist() == [0, 2]  # the slow env 1 is still stepping
    assert obs.shape == (2, 2) and obs[:, 0].tolist() == [1, 1]
    assert infos["steps"].tolist() == [1, 1]
    with pytest.raises(AlreadyPendingCallError, match="still stepping"):
        env.send(np.array([0]), env_ids=[1])
    with pytest.raises(AlreadyPendingCallError):
        env.step_async(np.array([0, 0, 0]))
    env.send(np.array([2, 2]), env_ids=ids)  # the learner answers the fast ones at once
    obs, _rewards, *_, ids = env.recv(batch_size=3)
    assert ids.tolist() == [0, 1, 2]
    assert obs[:, 0].tolist() == [2, 1, 2]
    with pytest.raises(NoAsyncCallError):
        env.recv()
    with pytest.raises(ValueError, match="env_ids"):
        env.send(np.array([0]), env_ids=[7])
    env.close()


def test_max_concurrency_limits_parallel_steps(toy):
    fns = [functools.partial(toy.SleepyEnv, delay=0.2)] * 2
    limited = AsyncVectorEnv(fns, context="fork", max_concurrency=1)
    limited.reset(seed=0)
    start = time.perf_counter()
    limited.step(np.array([0, 0]))
    serial = time.perf_counter() - start
    limited.close()
    assert serial >= 0.38
    with pytest.raises(ValueError, match="max_concurrency"):
        AsyncVectorEnv(fns, context="fork", max_concurrency=0)


def test_spin_wait_defaults_to_spinning_only_when_every_worker_has_a_core(toy):
    cores = usable_cores()
    fns = _fns(toy, lengths=(2,) * min(cores, 2))
    env = AsyncVectorEnv(fns, context="fork")
    assert env.spin_wait == DEFAULT_SPIN_WAIT > 0  # no more workers than cores
    env.close()
    capped = AsyncVectorEnv(fns, context="fork", max_concurrency=1)
    assert capped.spin_wait == 0.0
    capped.close()
    crowded = AsyncVectorEnv(_fns(toy, lengths=(2,) * (cores + 1)), context="fork")
    assert crowded.spin_wait == 0.0  # workers would take turns from each other
    crowded.close()
    chosen = AsyncVectorEnv(fns, context="fork", spin_wait=0.01)
    assert chosen.spin_wait == 0.01
    chosen.reset(seed=0)
    chosen.step(np.zeros(len(fns), dtype=np.int64))
    chosen.close()
    assert _all_reaped(chosen)


@pytest.mark.parametrize("bad", [-0.001, float("inf"), float("nan"), True, "1ms"])
def test_bad_spin_wait_is_refused(toy, bad):
    with pytest.raises(ValueError, match="spin_wait"):
        AsyncVectorEnv(_fns(toy), context="fork", spin_wait=bad)


def test_spinning_returns_once_a_message_arrives_and_gives_up_at_its_deadline():
    import multiprocessing

    from gymkit.vector.async_vector_env import _spin_until_readable

    reader, writer = multiprocessing.Pipe(duplex=False)
    start = time.perf_counter()
    _spin_until_readable(reader, 0.05)  # nothing comes: polls until the deadline
    assert time.perf_counter() - start >= 0.05
    writer.send_bytes(b"step")
    start = time.perf_counter()
    _spin_until_readable(reader, 30.0)  # already readable: returns at once
    assert time.perf_counter() - start < 10.0
    assert reader.recv_bytes() == b"step"
    writer.close()
    _spin_until_readable(reader, 30.0)  # EOF counts as readable: a parent gone is noticed
    reader.close()


# ----------------------------------------------------------------------------- faults
def test_a_raising_worker_names_its_index_and_traceback(toy):
    fns = [toy.CountingEnv, functools.partial(toy.FaultyEnv, fault="raise", fault_step=2)]
    env = AsyncVectorEnv(fns, context="fork")
    env.reset(seed=0)
    env.step(np.array([0, 0]))
    with pytest.raises(WorkerError, match="sub-env 1 raised ValueError: boom at step 2") as info:
        env.step(np.array([0, 0]))
    assert "Traceback" in str(info.value) and "misbehave" in str(info.value)
    assert isinstance(info.value.__cause__, ValueError)
    assert info.value.env_index == 1
    # the other workers stay in step: the vector env is still usable
    obs, _ = env.reset(seed=1)
    assert obs[:, 0].tolist() == [0, 0]
    env.close()
    assert _all_reaped(env)


def test_an_env_failing_to_build_is_reported(toy):
    def broken():
        raise RuntimeError("cannot build")

    probe_calls = []

    def sometimes_broken():
        probe_calls.append(1)
        if len(probe_calls) > 1:  # the parent's probe succeeds, the worker fails
            raise RuntimeError("cannot build in worker")
        return toy.CountingEnv()

    with pytest.raises(RuntimeError, match="cannot build"):
        AsyncVectorEnv([broken], context="fork")
    with pytest.raises(WorkerError, match="sub-env 0 raised RuntimeError: cannot build in worker"):
        AsyncVectorEnv([sometimes_broken], context="fork")


@pytest.mark.parametrize("fault", ["kill", "exit"])
def test_a_dying_worker_is_a_clear_error_not_a_hang(toy, fault):
    fns = [toy.CountingEnv, functools.partial(toy.FaultyEnv, fault=fault, fault_step=2)]
    env = AsyncVectorEnv(fns, context="fork")
    env.reset(seed=0)
    env.step(np.array([0, 0]))
    start = time.perf_counter()
    expected = "SIGKILL" if fault == "kill" else "exited with code 3"
    with pytest.raises(WorkerDied, match=f"sub-env 1 .*{expected}"):
        env.step(np.array([0, 0]))
    assert time.perf_counter() - start < 5
    assert env.closed and _all_reaped(env)
    env.close()  # still fine


def test_a_worker_killed_from_outside_mid_step(toy):
    fns = [functools.partial(toy.SleepyEnv, delay=d) for d in (0.0, 30.0)]
    env = AsyncVectorEnv(fns, context="fork")
    env.reset(seed=0)
    env.step_async(np.array([0, 0]))
    time.sleep(0.2)
    env.processes[1].kill()
    with pytest.raises(WorkerDied, match="sub-env 1"):
        env.step_wait()
    assert _all_reaped(env)


def test_a_hanging_worker_times_out(toy):
    """Only the hanging sub-env is blamed: the short step timeout bounds neither the start-up
    handshake (its own ``start_timeout``, unbounded here) nor the reset (an explicit long
    timeout), and the healthy sub-env's step answer is taken before the short default applies,
    so a loaded machine cannot make the healthy sub-env 0 look dead."""
    fns = [toy.CountingEnv, functools.partial(toy.FaultyEnv, fault="hang", fault_step=1)]
    env = AsyncVectorEnv(fns, context="fork", timeout=0.5)
    env.reset_async(seed=0)
    env.reset_wait(timeout=60)
    env.send(np.array([0, 0]))
    *_, first = env.recv(batch_size=1, timeout=60)
    assert first.tolist() == [0]  # the healthy sub-env answered; sub-env 1 hangs
    with pytest.raises(WorkerDied, match=r"did not answer within the timeout of 0\.5 s") as info:
        env.recv()  # the constructor's default timeout, for the hanging sub-env only
    assert info.value.env_indices == [1] and "sub-env 0" not in str(info.value)
    assert env.closed and _all_reaped(env)


def test_a_slow_start_is_not_bounded_by_the_step_timeout(toy):
    """Building an env in a worker (imports, assets, a loaded machine) may take far longer than
    a step: the step ``timeout`` does not apply to the start-up handshake."""
    fns = [functools.partial(_slow_start, toy.CountingEnv, os.getpid(), 1.5)] * 2
    env = AsyncVectorEnv(fns, context="fork", timeout=0.2)
    assert env.timeout == 0.2 and env.start_timeout is None
    obs, _ = env.reset(seed=0)
    assert obs.shape == (2, 2)
    env.close()
    assert _all_reaped(env)


def test_start_timeout_bounds_the_handshake_alone(toy):
    fns = [toy.CountingEnv, functools.partial(_slow_start, toy.CountingEnv, os.getpid(), 60.0)]
    with pytest.raises(WorkerDied, match=r"timeout of 0\.3 s during start-up") as info:
        AsyncVectorEnv(fns, context="fork", start_timeout=0.3)
    assert info.value.env_indices == [1]


@pytest.mark.parametrize("name", ["timeout", "start_timeout"])
@pytest.mark.parametrize("value", [0, -1.0, "5", True])
def test_bad_timeouts_are_refused(toy, name, value):
    with pytest.raises(ValueError, match=f"{name} must be None .* got {value!r}"):
        AsyncVectorEnv([toy.CountingEnv], context="fork", **{name: value})


def test_step_wait_timeout_overrides_the_default(toy):
    fns = [functools.partial(toy.FaultyEnv, fault="hang", fault_step=1)]
    env = AsyncVectorEnv(fns, context="fork")
    env.reset(seed=0)
    env.step_async(np.array([0]))
    with pytest.raises(WorkerDied, match=r"timeout of 0\.3 s"):
        env.step_wait(timeout=0.3)
    assert _all_reaped(env)


def test_close_terminate_returns_even_with_a_hanging_worker(toy):
    fns = [functools.partial(toy.FaultyEnv, fault="hang", fault_step=1)] * 2
    env = AsyncVectorEnv(fns, context="fork")
    env.reset(seed=0)
    env.step_async(np.array([0, 0]))
    start = time.perf_counter()
    env.close(terminate=True)
    assert time.perf_counter() - start < 5
    assert _all_reaped(env)


def test_polite_close_with_a_hanging_worker_still_returns(toy):
    fns = [functools.partial(toy.FaultyEnv, fault="hang", fault_step=1)]
    env = AsyncVectorEnv(fns, context="fork")
    env.reset(seed=0)
    env.step_async(np.array([0]))
    start = time.perf_counter()
    env.close(timeout=0.3)
    assert time.perf_counter() - start < 5
    assert _all_reaped(env)


def test_actions_travel_through_shared_memory_without_changing_values(toy):
    from gymkit.error import InvalidAction

    env = AsyncVectorEnv(_fns(toy), context="fork")
    assert env._action_views is not None
    env.reset(seed=0)
    with pytest.raises(InvalidAction, match="castable"):
        env.step(np.array([0.5, 1.0]))  # floats would be truncated into Discrete actions
    with pytest.raises(InvalidAction, match="shape"):
        env.step(np.array([0, 1, 2]))
    _, rewards, *_ = env.step(np.array([2, 1], dtype=np.int32))
    starts = np.array(env.get_attr("start"))
    np.testing.assert_allclose(rewards, np.array([2, 1]) + starts)
    env.close()


def test_recv_returns_exactly_batch_size_results(toy):
    env = AsyncVectorEnv([toy.CountingEnv] * 4, context="fork")
    env.reset(seed=0)
    env.send(np.array([1, 1, 1, 1]))
    time.sleep(0.2)  # every sub-env has answered by now
    *_, ids = env.recv(batch_size=1)
    assert len(ids) == 1
    *_, rest = env.recv(batch_size=3)
    assert sorted([*ids.tolist(), *rest.tolist()]) == [0, 1, 2, 3]
    env.close()
