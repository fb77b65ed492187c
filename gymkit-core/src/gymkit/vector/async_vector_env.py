"""AsyncVectorEnv: one worker process per sub-env, stepped in parallel.

Observations travel through shared memory (see :mod:`gymkit.vector.shared_memory`); actions and
the small results (rewards, flags, infos) through one pipe per worker. The parent never blocks
blindly: every wait watches the workers' pipes *and* their process sentinels with
:func:`multiprocessing.connection.wait`, so

- a sub-env that raises → :class:`gymkit.error.WorkerError` in the parent, naming the env index,
  with the worker's traceback (the original exception is chained as ``__cause__`` when it can be
  pickled); the other workers stay consistent and the vector env usable;
- a worker that dies (killed, segfault) or does not answer within ``timeout`` →
  :class:`gymkit.error.WorkerDied` naming the env index and exit code; every worker is then
  terminated and reaped and the vector env is closed.

Two ways to step:

- lock step — ``step(actions)`` = ``step_async(actions)`` + ``step_wait()``: every sub-env steps,
  the call returns when all have answered;
- EnvPool style — ``send(actions, env_ids)`` + ``recv()``: step only the sub-envs of ``env_ids``
  and get back the first ``batch_size`` that finish, as
  ``(obs, rewards, terminations, truncations, infos, env_ids)`` where every array has one row per
  returned env (``env_ids`` ascending). The learner then ``send``s actions for exactly those ids,
  while the slower envs keep working. ``reset()`` first; the autoreset mode applies per sub-env
  as in lock step. Calls of the two styles do not mix while a ``send`` is outstanding.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
import pickle
import select
import signal
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from multiprocessing.connection import Connection, wait
from typing import Any

import numpy as np

from gymkit.core import Env
from gymkit.error import (
    AlreadyPendingCallError,
    ClosedEnvironmentError,
    NoAsyncCallError,
    WorkerDied,
    WorkerError,
)
from gymkit.vector.sync_vector_env import batched_spaces, copy_batch
from gymkit.vector.utils import add_info, check_env_ids, check_reset_mask
from gymkit.vector.vector_env import AutoresetMode, VectorEnv, resolve_seeds

__all__ = ["DEFAULT_SPIN_WAIT", "AsyncState", "AsyncVectorEnv", "default_worker", "usable_cores"]


class AsyncState(Enum):
    """What the workers are doing on behalf of the parent."""

    DEFAULT = "default"
    WAITING_RESET = "reset"
    WAITING_STEP = "step"
    WAITING_CALL = "call"
    WAITING_SEND = "send"


class _Payload:
    """Carries an env function to a worker; pickled with cloudpickle when it is installed (so
    lambdas and closures survive ``spawn``/``forkserver``), with pickle otherwise."""

    def __init__(self, fn: Callable[[], Env[Any, Any]]) -> None:
        self.fn = fn

    def __getstate__(self) -> bytes:
        try:
            import cloudpickle

            return cloudpickle.dumps(self.fn)
        except ImportError:
            return pickle.dumps(self.fn)

    def __setstate__(self, state: bytes) -> None:
        self.fn = pickle.loads(state)


def _error_payload(exc: BaseException) -> tuple[str, str, str, bytes | None]:
    try:
        pickled: bytes | None = pickle.dumps(exc)
        pickle.loads(pickle.dumps(exc))
    except Exception:
        pickled = None
    return type(exc).__name__, str(exc), traceback.format_exc(), pickled


def send_message(pipe: Connection, message: Any) -> None:
    """Send ``message`` pickled with the highest protocol (cheaper than ``Connection.send``)."""
    pipe.send_bytes(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))


def recv_message(pipe: Connection) -> Any:
    """Receive a message sent with :func:`send_message`."""
    return pickle.loads(pipe.recv_bytes())


_HAS_POLL = hasattr(select, "poll")


def _wait_ready(objects: list[Any], timeout: float | None) -> list[Any]:
    """The ``objects`` (connections and process sentinels) ready to read, as
    :func:`multiprocessing.connection.wait` returns them, with one ``poll`` system call where
    the platform has it (``wait`` builds a Python selector per call, a sizeable part of a step's
    round trip)."""
    if not _HAS_POLL:
        return wait(objects, timeout)
    poller = select.poll()
    by_fd: dict[int, Any] = {}
    for obj in objects:
        fd = obj if isinstance(obj, int) else obj.fileno()
        by_fd[fd] = obj
        poller.register(fd, select.POLLIN)
    events = poller.poll(None if timeout is None else math.ceil(timeout * 1000))
    return [by_fd[fd] for fd, _ in events]


def _action_row(views: Any, index: int) -> Any:
    """Sub-env ``index``'s action from the shared action buffer, as an independent value."""
    if isinstance(views, np.ndarray):
        row = views[index]
        return row.copy() if isinstance(row, np.ndarray) else row
    if isinstance(views, tuple):
        return tuple(_action_row(view, index) for view in views)
    return {key: _action_row(view, index) for key, view in views.items()}


DEFAULT_SPIN_WAIT = 0.001
"""Seconds an idle worker polls for its next command before blocking (see ``spin_wait``)."""


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the platform tells)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _spin_until_readable(pipe: Connection, seconds: float) -> None:
    """Poll ``pipe`` for up to ``seconds``, yielding the core between polls (to any runnable
    process: the parent, a computing worker); returns early when a message (or EOF) is there.
    A command that arrives meanwhile is read without waking a blocked process."""
    poll, clock = pipe.poll, time.perf_counter
    give_way = getattr(os, "sched_yield", None)
    deadline = clock() + seconds
    while clock() < deadline:
        if poll():
            return
        if give_way is not None:
            give_way()


def default_worker(
    index: int,
    env_fn: _Payload,
    pipe: Connection,
    parent_pipe: Connection,
    shared_memory: Any,
    num_envs: int,
    autoreset_mode: AutoresetMode,
    semaphore: Any,
    action_memory: Any = None,
    spin_wait: float = 0.0,
) -> None:
    """The loop a worker process runs: build the env, answer ``(command, data)`` messages.

    Messages travel as pickled bytes (``send_bytes``/``recv_bytes``, see :func:`send_message`).
    Every answer is ``(result, True)`` or ``(error_payload, False)``. The first answer reports
    the env's ``(observation_space, action_space)``. With ``action_memory`` (shared memory laid
    out for the action space) a ``"step"`` message carries no action: the worker reads row
    ``index``. After each answer the worker polls for the next message for ``spin_wait``
    seconds (yielding its core) before it blocks. A custom ``worker=`` passed to
    :class:`AsyncVectorEnv` takes the same arguments but ``spin_wait``, and speaks the same
    protocol.
    """
    parent_pipe.close()
    # Ctrl-C goes to the whole process group: let the parent handle it and close us cleanly.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    env: Env[Any, Any] | None = None
    try:
        env = env_fn.fn()
        views = None
        if shared_memory is not None:
            from gymkit.vector.shared_memory import assign_row, read_from_shared_memory

            views = read_from_shared_memory(env.observation_space, shared_memory, num_envs)
        actions = None
        if action_memory is not None:
            from gymkit.vector.shared_memory import read_from_shared_memory

            actions = read_from_shared_memory(env.action_space, action_memory, num_envs)
        send_message(pipe, ((env.observation_space, env.action_space), True))
    except BaseException as exc:  # reported to the parent
        send_message(pipe, (_error_payload(exc), False))
        return
    needs_reset = False
    result: Any

    def publish(obs: Any) -> Any:
        if views is None:
            return obs
        assign_row(views, index, obs)
        return None

    try:
        while True:
            if spin_wait > 0:
                _spin_until_readable(pipe, spin_wait)  # returns at once if a message waits
            try:
                command, data = recv_message(pipe)
            except EOFError:  # the parent went away
                return
            try:
                if semaphore is not None and command in ("step", "reset", "call"):
                    semaphore.acquire()
                try:
                    if command == "step":
                        if actions is not None:
                            data = _action_row(actions, index)
                        if needs_reset:
                            obs, info = env.reset()
                            result = (publish(obs), 0.0, False, False, info)
                            needs_reset = False
                        else:
                            obs, reward, terminated, truncated, info = env.step(data)
                            if (terminated or truncated) and autoreset_mode is not (
                                AutoresetMode.DISABLED
                            ):
                                if autoreset_mode is AutoresetMode.NEXT_STEP:
                                    needs_reset = True
                                else:
                                    final_obs, final_info = obs, info
                                    obs, info = env.reset()
                                    info = {
                                        **info,
                                        "final_obs": final_obs,
                                        "final_info": final_info,
                                    }
                            result = (publish(obs), reward, terminated, truncated, info)
                    elif command == "reset":
                        seed, options = data
                        obs, info = env.reset(seed=seed, options=options)
                        needs_reset = False
                        result = (publish(obs), info)
                    elif command == "call":
                        name, args, kwargs = data
                        attr = env.get_wrapper_attr(name)
                        result = attr(*args, **kwargs) if callable(attr) else attr
                    elif command == "get_attr":
                        result = env.get_wrapper_attr(data)
                    elif command == "set_attr":
                        name, value = data
                        env.set_wrapper_attr(name, value)
                        result = None
                    elif command == "render":
                        result = env.render()
                    elif command == "close":
                        send_message(pipe, (None, True))
                        return
                    else:
                        raise RuntimeError(f"unknown worker command {command!r}")
                finally:
                    if semaphore is not None and command in ("step", "reset", "call"):
                        semaphore.release()
                send_message(pipe, (result, True))
            except Exception as exc:  # reported to the parent
                send_message(pipe, (_error_payload(exc), False))
    except (KeyboardInterrupt, BrokenPipeError):
        pass
    finally:
        if env is not None:
            env.close()
        pipe.close()


def _describe_exit(exitcode: int | None) -> str:
    if exitcode is None:
        return "still running"
    if exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exited with code {exitcode}"


class AsyncVectorEnv(VectorEnv[Any, Any, np.ndarray]):
    """Runs each sub-env in its own worker process (see the module docstring).

    Args:
        env_fns: callables each building one :class:`gymkit.Env` (picklable, or cloudpickle-able,
            for ``spawn``/``forkserver``).
        shared_memory: pass observations through shared memory (``True``) or pickle them over
            the pipes (``False``, needed for spaces without a shared layout, e.g. ``Text``).
        copy: return copies of the batched observations (``True``) or the shared buffer itself,
            overwritten by the next step (``False``).
        context: ``"fork"``, ``"spawn"``, ``"forkserver"`` or ``None`` (the platform default).
        daemon: make the workers daemonic (they die with the parent).
        worker: a replacement for :func:`default_worker` (same signature and protocol).
        observation_mode: ``"same"``, ``"different"`` or a batched Space.
        autoreset_mode: an :class:`AutoresetMode` or its value.
        timeout: default seconds every wait after the start (reset, step, call, …) may take
            before the unanswering workers count as dead (:class:`~gymkit.error.WorkerDied`);
            ``None`` waits as long as the workers live. Each ``*_wait``/``recv`` also takes its
            own ``timeout``. It does not bound the start: see ``start_timeout``.
        start_timeout: seconds the start-up handshake (every worker building its env and
            reporting its spaces) may take; ``None`` (default) waits as long as the workers
            live, since building an env can take far longer than a step (imports, ROM or asset
            loading, a loaded machine). Kept apart from ``timeout`` so that a short step timeout
            never fails a healthy worker that is merely slow to start.
        max_concurrency: at most this many sub-envs compute at once (a semaphore shared by the
            workers), against oversubscribing the cores; ``None`` = no limit.
        batch_size: default number of envs :meth:`recv` returns (``None`` = all pending).
        spin_wait: seconds an idle worker keeps polling for its next command, yielding its
            core between polls, before it blocks. A lock step then costs no wake-up of a
            sleeping worker (tens to hundreds of microseconds on a VM); the price is up to that
            much CPU per step while the parent works. ``None``: :data:`DEFAULT_SPIN_WAIT` when
            there are no more sub-envs than usable cores and no ``max_concurrency``, else ``0``
            (spinning workers would take turns from computing ones). Custom ``worker=``
            functions do not get it.
    """

    def __init__(
        self,
        env_fns: Iterable[Callable[[], Env[Any, Any]]],
        shared_memory: bool = True,
        copy: bool = True,
        context: str | None = None,
        daemon: bool = True,
        worker: Callable[..., None] | None = None,
        observation_mode: str | Any = "same",
        autoreset_mode: AutoresetMode | str = AutoresetMode.NEXT_STEP,
        timeout: float | None = None,
        max_concurrency: int | None = None,
        batch_size: int | None = None,
        spin_wait: float | None = None,
        start_timeout: float | None = None,
    ) -> None:
        env_fns = list(env_fns)
        if not env_fns:
            raise ValueError("AsyncVectorEnv needs at least one env function, got none")
        for index, fn in enumerate(env_fns):
            if not callable(fn):
                raise TypeError(
                    f"env_fns[{index}] must be a callable returning an Env, got {fn!r}; "
                    "wrap it: lambda: gymkit.make(...)"
                )
        if max_concurrency is not None and (
            isinstance(max_concurrency, bool)
            or not isinstance(max_concurrency, int)
            or max_concurrency < 1
        ):
            raise ValueError(
                f"max_concurrency must be None or an int >= 1, got {max_concurrency!r}"
            )
        if spin_wait is not None and (
            isinstance(spin_wait, bool)
            or not isinstance(spin_wait, (int, float))
            or not 0 <= spin_wait < math.inf
        ):
            raise ValueError(
                f"spin_wait must be None or a number of seconds >= 0, got {spin_wait!r}"
            )
        for name, value in (("timeout", timeout), ("start_timeout", start_timeout)):
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0
            ):
                raise ValueError(
                    f"{name} must be None (no limit) or a number of seconds > 0, got {value!r}"
                )
        self.num_envs = len(env_fns)
        if spin_wait is None:
            idle_cores = max_concurrency is None and self.num_envs <= usable_cores()
            spin_wait = DEFAULT_SPIN_WAIT if idle_cores else 0.0
        self.spin_wait = float(spin_wait)
        if batch_size is not None and not 1 <= batch_size <= self.num_envs:
            raise ValueError(f"batch_size must lie in [1, {self.num_envs}], got {batch_size!r}")
        self._autoreset_mode = AutoresetMode.parse(autoreset_mode)
        self.shared_memory = bool(shared_memory)
        self.copy = bool(copy)
        self.timeout = timeout
        self.start_timeout = start_timeout
        self.batch_size = batch_size
        self._state = AsyncState.DEFAULT
        self._in_flight: set[int] = set()
        self._action_batches: dict[int, Any] = {}
        self.processes: list[Any] = []
        self.parent_pipes: list[Connection] = []

        # The spaces come from one env built here (all of them for observation_mode="different"),
        # because the shared memory must exist before the workers start.
        probe_fns = env_fns if observation_mode == "different" else env_fns[:1]
        probe_spaces = []
        for fn in probe_fns:
            probe = fn()
            if not isinstance(probe, Env):
                raise TypeError(f"an env function returned {probe!r}, not a gymkit.Env")
            probe_spaces.append((probe.observation_space, probe.action_space))
            self.metadata = {**probe.metadata, "autoreset_mode": self._autoreset_mode}
            self.spec = probe.spec
            self.render_mode = probe.render_mode
            probe.close()
        if observation_mode != "different":
            probe_spaces = probe_spaces * self.num_envs
        (
            self.single_observation_space,
            self.single_action_space,
            self.observation_space,
            self.action_space,
        ) = batched_spaces(probe_spaces, observation_mode, self.num_envs)

        ctx = multiprocessing.get_context(context)
        self._context = ctx
        if self.shared_memory:
            from gymkit.vector.shared_memory import create_shared_memory, read_from_shared_memory

            self._memory = create_shared_memory(self.single_observation_space, self.num_envs, ctx)
            self._observations = read_from_shared_memory(
                self.single_observation_space, self._memory, self.num_envs
            )
        else:
            from gymkit.spaces import create_empty_array

            self._memory = None
            self._observations = create_empty_array(
                self.single_observation_space, self.num_envs, fn=np.zeros
            )
        # Actions go through shared memory too when their space has a layout: a step message is
        # then a few bytes, whatever the action.
        self._action_memory = None
        self._action_views = None
        if self.shared_memory:
            from gymkit.error import CustomSpaceError
            from gymkit.vector.shared_memory import create_shared_memory, read_from_shared_memory

            try:
                self._action_memory = create_shared_memory(
                    self.single_action_space, self.num_envs, ctx
                )
            except CustomSpaceError:
                self._action_memory = None
            if self._action_memory is not None:
                self._action_views = read_from_shared_memory(
                    self.single_action_space, self._action_memory, self.num_envs
                )
        semaphore = ctx.BoundedSemaphore(max_concurrency) if max_concurrency else None
        target = worker or default_worker
        extra = {"spin_wait": self.spin_wait} if target is default_worker else {}
        try:
            for index, fn in enumerate(env_fns):
                parent_pipe, child_pipe = ctx.Pipe()
                process = ctx.Process(  # type: ignore[attr-defined]
                    target=target,
                    name=f"gymkit-worker-{index}-{type(self).__name__}",
                    args=(
                        index,
                        _Payload(fn),
                        child_pipe,
                        parent_pipe,
                        self._memory,
                        self.num_envs,
                        self._autoreset_mode,
                        semaphore,
                        self._action_memory,
                    ),
                    kwargs=extra,
                    daemon=daemon,
                )
                self.parent_pipes.append(parent_pipe)
                self.processes.append(process)
                process.start()
                child_pipe.close()
            # The handshake has its own limit: ``timeout`` is for the commands that follow.
            started = self._collect(
                range(self.num_envs), self.start_timeout, during="start-up (building the env)"
            )
        except BaseException:
            self._terminate_all()
            self.closed = True
            raise
        for index in range(self.num_envs):
            obs_space, act_space = started[index]
            expected_obs = probe_spaces[index][0]
            if act_space != self.single_action_space or (
                observation_mode != "different"
                and not _is_space(observation_mode)
                and obs_space != expected_obs
            ):
                self.close(terminate=True)
                raise ValueError(
                    f"sub-env {index} has spaces ({obs_space!r}, {act_space!r}), expected "
                    f"({expected_obs!r}, {self.single_action_space!r}); every sub-env must "
                    "share them (observation_mode='different' allows differing bounds)"
                )

    # ------------------------------------------------------------------ low-level plumbing
    def _check_ready(self, name: str) -> None:
        if self.closed:
            raise ClosedEnvironmentError(
                f"{type(self).__name__} is closed; build a new vector env to keep going"
            )
        if self._state is not AsyncState.DEFAULT:
            raise AlreadyPendingCallError(
                f"{name} called while a {self._state.value!r} call is pending; finish it first "
                f"(e.g. {self._state.value}_wait() or recv())",
                self._state.value,
            )

    def _send(self, indices: Iterable[int], command: str, data: Sequence[Any] | Any) -> None:
        per_env = isinstance(data, list)
        shared = (
            None if per_env else pickle.dumps((command, data), protocol=pickle.HIGHEST_PROTOCOL)
        )
        for i, index in enumerate(indices):
            message = (
                pickle.dumps((command, data[i]), protocol=pickle.HIGHEST_PROTOCOL)
                if per_env
                else shared
            )
            try:
                self.parent_pipes[index].send_bytes(message)  # type: ignore[arg-type]
            except (BrokenPipeError, OSError):
                self._fail_dead([index], f"could not send {command!r}")

    def _collect(
        self,
        indices: Iterable[int],
        timeout: float | None,
        batch_size: int | None = None,
        during: str | None = None,
    ) -> dict[int, Any]:
        """Wait for the answers of ``indices`` (the first ``batch_size`` of them, if given).

        Raises :class:`WorkerDied` (after terminating every worker) when a worker dies or the
        timeout passes, and :class:`WorkerError` when a sub-env raised (after collecting the
        other answers, so the workers stay in step).
        """
        pending = {self.parent_pipes[i]: i for i in indices}
        sentinels = {self.processes[i].sentinel: i for i in pending.values()}
        wanted = len(pending) if batch_size is None else min(batch_size, len(pending))
        deadline = None if timeout is None else time.monotonic() + timeout
        results: dict[int, Any] = {}
        errors: list[tuple[int, Any]] = []
        dead: list[int] = []
        while pending and len(results) + len(errors) < wanted:
            remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
            live_sentinels = [s for s, i in sentinels.items() if self.parent_pipes[i] in pending]
            ready = _wait_ready([*pending, *live_sentinels], remaining)
            if not ready:
                late = sorted(pending.values())
                phase = f" during {during}" if during else ""
                self._fail_dead(late, f"did not answer within the timeout of {timeout} s{phase}")
            for obj in ready:
                if obj in sentinels:
                    continue
                if len(results) + len(errors) >= wanted:
                    break  # enough for this batch: later answers wait in their pipes
                index: int = pending.pop(obj)
                try:
                    payload, ok = recv_message(obj)
                except (EOFError, OSError):
                    dead.append(index)
                    continue
                if ok:
                    results[index] = payload
                else:
                    errors.append((index, payload))
            for obj in ready:
                exited = sentinels.get(obj)
                if exited is None:
                    continue
                pipe = self.parent_pipes[exited]
                if pipe in pending and not pipe.poll():
                    pending.pop(pipe)
                    dead.append(exited)
            if dead:
                self._fail_dead(dead, "died")
        if errors:
            self._raise_worker_errors(errors)
        return results

    def _raise_worker_errors(self, errors: list[tuple[int, Any]]) -> None:
        index, (type_name, message, tb, pickled) = errors[0]
        others = ""
        if len(errors) > 1:
            others = " (sub-envs " + ", ".join(str(i) for i, _ in errors[1:]) + " raised too)"
        cause = None
        if pickled is not None:
            try:
                cause = pickle.loads(pickled)
            except Exception:
                cause = None
        err = WorkerError(
            f"sub-env {index} raised {type_name}: {message}{others}\n"
            f"--- worker traceback (sub-env {index}) ---\n{tb.rstrip()}"
        )
        err.env_index = index  # type: ignore[attr-defined]
        err.exception_type = type_name  # type: ignore[attr-defined]
        raise err from cause

    def _fail_dead(self, indices: list[int], what: str) -> None:
        codes = []
        for index in indices:
            process = self.processes[index]
            process.join(0.05)
            codes.append(f"sub-env {index} (pid {process.pid}, {_describe_exit(process.exitcode)})")
        self._terminate_all()
        self.closed = True
        err = WorkerDied(
            f"vector-env worker(s) {what}: {'; '.join(codes)}. Every worker was terminated and "
            "the vector env is closed; build a new one (and check the env for crashes or hangs)"
        )
        err.env_indices = list(indices)  # type: ignore[attr-defined]
        raise err

    def _terminate_all(self) -> None:
        for process in self.processes:
            if process.is_alive():
                process.terminate()
        deadline = time.monotonic() + 2.0
        for process in self.processes:
            if process.pid is None:
                continue
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join(1.0)
        for pipe in self.parent_pipes:
            pipe.close()
        self._state = AsyncState.DEFAULT
        self._in_flight.clear()

    # ------------------------------------------------------------------ reset
    def reset_async(
        self,
        seed: int | list[int | None] | None = None,
        options: dict[str, Any] | None = None,
    ) -> None:
        """Send reset to the sub-envs (those of ``options["reset_mask"]`` only, if given)."""
        self._check_ready("reset_async")
        seeds = resolve_seeds(seed, self.num_envs)
        mask = check_reset_mask(options, self.num_envs)
        env_options = options
        if mask is not None:
            env_options = {k: v for k, v in options.items() if k != "reset_mask"} or None  # type: ignore[union-attr]
        indices = (
            list(range(self.num_envs)) if mask is None else [int(i) for i in np.flatnonzero(mask)]
        )
        self._send(indices, "reset", [(seeds[i], env_options) for i in indices])
        self._in_flight = set(int(i) for i in indices)
        self._state = AsyncState.WAITING_RESET

    def reset_wait(self, timeout: float | None = None) -> tuple[Any, dict[str, Any]]:
        """Wait for the resets of :meth:`reset_async`; return batched ``(obs, infos)``."""
        if self._state is not AsyncState.WAITING_RESET:
            raise NoAsyncCallError("reset_wait without a pending reset_async", "reset")
        indices = sorted(self._in_flight)
        results = self._finish(indices, timeout)
        infos: dict[str, Any] = {}
        obs_rows = {}
        for index in indices:
            obs, info = results[index]
            obs_rows[index] = obs
            if info:
                add_info(infos, info, index, self.num_envs)
        return self._gather_obs(obs_rows), infos

    def reset(
        self,
        *,
        seed: int | list[int | None] | None = None,
        options: dict[str, Any] | None = None,
    ) -> tuple[Any, dict[str, Any]]:
        """Reset the sub-envs and return batched ``(obs, infos)``; see :meth:`VectorEnv.reset`."""
        super().reset(seed=seed)
        self.reset_async(seed=seed, options=options)
        return self.reset_wait()

    def _finish(self, indices: list[int], timeout: float | None) -> dict[int, Any]:
        try:
            return self._collect(indices, self.timeout if timeout is None else timeout)
        finally:
            self._state = AsyncState.DEFAULT
            self._in_flight.clear()

    def _gather_obs(self, obs_rows: dict[int, Any]) -> Any:
        if not self.shared_memory:
            from gymkit.spaces import concatenate

            if len(obs_rows) == self.num_envs:
                rows = [obs_rows[i] for i in range(self.num_envs)]
                self._observations = concatenate(
                    self.single_observation_space, rows, self._observations
                )
            else:
                from gymkit.vector.shared_memory import assign_row

                for index, obs in obs_rows.items():
                    assign_row(self._observations, index, obs)
        return copy_batch(self._observations) if self.copy else self._observations

    # ------------------------------------------------------------------ step
    def step_async(self, actions: Any) -> None:
        """Send one action to every sub-env (``actions`` is an element of ``action_space``)."""
        self._check_ready("step_async")
        if self._action_views is not None:
            self._write_actions(list(range(self.num_envs)), actions)
            self._send(range(self.num_envs), "step", None)
        else:
            from gymkit.spaces import iterate

            single = list(iterate(self.action_space, actions))
            if len(single) != self.num_envs:
                raise ValueError(f"expected {self.num_envs} actions, got {len(single)}")
            self._send(range(self.num_envs), "step", single)
        self._in_flight = set(range(self.num_envs))
        self._state = AsyncState.WAITING_STEP

    def _write_actions(self, ids: list[int], actions: Any) -> None:
        """Write the actions of sub-envs ``ids`` into the shared action buffer, refusing casts
        that would change values (e.g. floats into a Discrete's integers)."""
        from gymkit.error import InvalidAction
        from gymkit.spaces import iterate

        views = self._action_views
        if isinstance(views, np.ndarray):
            if (
                type(actions) is np.ndarray
                and actions.dtype == views.dtype
                and actions.shape == views.shape
                and len(ids) == self.num_envs
            ):
                views[...] = actions  # the common case: nothing to check
                return
            array = np.asarray(actions)
            expected = (len(ids), *views.shape[1:])
            if array.shape != expected or not np.can_cast(array.dtype, views.dtype, "same_kind"):
                raise InvalidAction(
                    f"expected actions of shape {expected} and a dtype castable to "
                    f"{views.dtype}, got {actions!r}"
                )
            if len(ids) == self.num_envs:
                views[...] = array
            else:
                views[ids] = array
            return
        from gymkit.vector.shared_memory import assign_row

        batch = self._action_batches.get(len(ids))
        if batch is None:
            batch = self._action_batches[len(ids)] = _batch_of(self.single_action_space, len(ids))
        single = list(iterate(batch, actions))
        if len(single) != len(ids):
            raise InvalidAction(f"expected {len(ids)} actions, got {len(single)}")
        for index, action in zip(ids, single):
            assign_row(views, index, action)

    def step_wait(
        self, timeout: float | None = None
    ) -> tuple[Any, np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
        """Wait for the steps of :meth:`step_async`; return batched
        ``(obs, rewards, terminations, truncations, infos)``."""
        if self._state is not AsyncState.WAITING_STEP:
            raise NoAsyncCallError("step_wait without a pending step_async", "step")
        indices = list(range(self.num_envs))
        results = self._finish(indices, timeout)
        obs, rewards, terminations, truncations, infos = self._batch_steps(indices, results)
        return obs, rewards, terminations, truncations, infos

    def _batch_steps(
        self, indices: list[int], results: dict[int, Any], rows_only: bool = False
    ) -> tuple[Any, np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
        n = len(indices)
        rewards = np.zeros(n, dtype=np.float64)
        terminations = np.zeros(n, dtype=np.bool_)
        truncations = np.zeros(n, dtype=np.bool_)
        infos: dict[str, Any] = {}
        obs_rows = {}
        for row, index in enumerate(indices):
            obs, rewards[row], terminations[row], truncations[row], info = results[index]
            obs_rows[index] = obs
            if info:
                add_info(infos, info, row, n)
        if rows_only:
            from gymkit.vector.shared_memory import assign_row, take_rows

            if not self.shared_memory:
                for index, row_obs in obs_rows.items():
                    assign_row(self._observations, index, row_obs)
            obs = take_rows(self._observations, np.asarray(indices, dtype=np.intp))
        else:
            obs = self._gather_obs(obs_rows)
        return obs, rewards, terminations, truncations, infos

    def step(self, actions: Any) -> tuple[Any, np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
        """``step_async(actions)`` then ``step_wait()``."""
        self.step_async(actions)
        return self.step_wait()

    # ------------------------------------------------------------------ send / recv
    def send(self, actions: Any, env_ids: Any = None) -> None:
        """Step the sub-envs ``env_ids`` (default: all) with ``actions`` (one per id, in order).

        Raises :class:`AlreadyPendingCallError` when one of them is still in flight or a
        lock-step call is pending.
        """
        if self.closed:
            self._assert_open()
        if self._state not in (AsyncState.DEFAULT, AsyncState.WAITING_SEND):
            raise AlreadyPendingCallError(
                f"send called while a {self._state.value!r} call is pending", self._state.value
            )
        ids = (
            list(range(self.num_envs)) if env_ids is None else check_env_ids(env_ids, self.num_envs)
        )
        busy = sorted(set(ids) & self._in_flight)
        if busy:
            raise AlreadyPendingCallError(
                f"send: sub-envs {busy} are still stepping; recv() their results first", "send"
            )
        if self._action_views is not None:
            self._write_actions(ids, actions)
            self._send(ids, "step", None)
        else:
            from gymkit.spaces import iterate

            batch_space_ = self._action_batches.get(len(ids))
            if batch_space_ is None:
                batch_space_ = self._action_batches[len(ids)] = _batch_of(
                    self.single_action_space, len(ids)
                )
            single = list(iterate(batch_space_, actions))
            if len(single) != len(ids):
                raise ValueError(f"send: got {len(single)} actions for {len(ids)} env_ids")
            self._send(ids, "step", single)
        self._in_flight.update(ids)
        self._state = AsyncState.WAITING_SEND

    def recv(
        self, batch_size: int | None = None, timeout: float | None = None
    ) -> tuple[Any, np.ndarray, np.ndarray, np.ndarray, dict[str, Any], np.ndarray]:
        """Return the results of exactly ``batch_size`` sub-envs (default: the constructor's
        ``batch_size``, else all in flight), the first to finish since :meth:`send`:
        ``(obs, rewards, terminations, truncations, infos, env_ids)``, rows ordered by env id."""
        if self._state is not AsyncState.WAITING_SEND or not self._in_flight:
            raise NoAsyncCallError("recv without a pending send", "send")
        size = batch_size if batch_size is not None else self.batch_size
        if size is not None and size < 1:
            raise ValueError(f"batch_size must be >= 1, got {size}")
        results = self._collect(
            sorted(self._in_flight), self.timeout if timeout is None else timeout, size
        )
        ids = sorted(results)
        self._in_flight.difference_update(ids)
        if not self._in_flight:
            self._state = AsyncState.DEFAULT
        obs, rewards, terminations, truncations, infos = self._batch_steps(
            ids, results, rows_only=True
        )
        return obs, rewards, terminations, truncations, infos, np.asarray(ids, dtype=np.int64)

    # ------------------------------------------------------------------ call, attrs, render
    def call_async(self, name: str, *args: Any, **kwargs: Any) -> None:
        """Ask every sub-env to call its attribute ``name`` (or return it if not callable)."""
        self._check_ready("call_async")
        self._send(range(self.num_envs), "call", (name, args, kwargs))
        self._in_flight = set(range(self.num_envs))
        self._state = AsyncState.WAITING_CALL

    def call_wait(self, timeout: float | None = None) -> tuple[Any, ...]:
        """The results of :meth:`call_async`, one per sub-env."""
        if self._state is not AsyncState.WAITING_CALL:
            raise NoAsyncCallError("call_wait without a pending call_async", "call")
        results = self._finish(list(range(self.num_envs)), timeout)
        return tuple(results[i] for i in range(self.num_envs))

    def call(self, name: str, *args: Any, **kwargs: Any) -> tuple[Any, ...]:
        """``call_async`` then ``call_wait``."""
        self.call_async(name, *args, **kwargs)
        return self.call_wait()

    def _round_trip(self, command: str, data: Any) -> tuple[Any, ...]:
        self._check_ready(command)
        self._send(range(self.num_envs), command, data)
        self._state = AsyncState.WAITING_CALL
        results = self._finish(list(range(self.num_envs)), None)
        return tuple(results[i] for i in range(self.num_envs))

    def get_attr(self, name: str) -> tuple[Any, ...]:
        """Each sub-env's attribute ``name`` (through its wrappers), as a tuple."""
        return self._round_trip("get_attr", name)

    def set_attr(self, name: str, values: Any) -> None:
        """Set ``name`` on every sub-env: one value per sub-env (list/tuple) or one for all."""
        if not isinstance(values, (list, tuple)):
            values = [values] * self.num_envs
        if len(values) != self.num_envs:
            raise ValueError(
                f"set_attr({name!r}) needs one value per sub-env ({self.num_envs}), got "
                f"{len(values)}"
            )
        self._round_trip("set_attr", [(name, value) for value in values])

    def render(self) -> tuple[Any, ...] | None:
        """Each sub-env's ``render()`` result, as a tuple."""
        return self._round_trip("render", None)

    # ------------------------------------------------------------------ close
    def close_extras(self, **kwargs: Any) -> None:
        """Stop the workers: politely (finish what is pending, send ``close``, join), or at once
        with ``terminate=True``. Always returns; every worker process is reaped (terminated, then
        killed, if it does not exit within ``timeout``, default 5 s)."""
        if not self.processes:
            return
        timeout: float = kwargs.get("timeout") or 5.0
        terminate = bool(kwargs.get("terminate", False))
        if not terminate:
            try:
                if self._in_flight:
                    self._collect(sorted(self._in_flight), timeout)
                self._state = AsyncState.DEFAULT
                self._in_flight.clear()
                alive = [i for i, p in enumerate(self.processes) if p.is_alive()]
                for index in alive:
                    send_message(self.parent_pipes[index], ("close", None))
                self._collect(alive, timeout)
                deadline = time.monotonic() + timeout
                for process in self.processes:
                    process.join(max(0.0, deadline - time.monotonic()))
            except (WorkerError, OSError, BrokenPipeError):
                pass
        self._terminate_all()

    def __del__(self) -> None:
        if not getattr(self, "closed", True) and getattr(self, "processes", None):
            with contextlib.suppress(Exception):
                self.close(terminate=True)


def _is_space(value: Any) -> bool:
    from gymkit.spaces import Space

    return isinstance(value, Space)


def _batch_of(space: Any, n: int) -> Any:
    from gymkit.spaces import batch_space

    return batch_space(space, n)
