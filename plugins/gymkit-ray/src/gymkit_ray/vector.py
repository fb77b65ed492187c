"""RayVectorEnv: sub-envs in Ray actors, ``K`` per actor, stepped in parallel from the driver.

``make_vec(id, N, vectorization_mode="ray", vector_kwargs={...})`` builds one. The ``N``
sub-envs are cut into ``W`` consecutive blocks; actor ``j`` holds block ``j`` as one vector env
(:class:`gymkit_ray.worker.EnvBatch`: the family's native batched env with ``inner="native"``,
else a :class:`~gymkit.vector.SyncVectorEnv`). Sub-env ``i`` is always the same env: the
contract (batched spaces, the three autoreset modes, ``infos`` of arrays and masks,
``call``/``get_attr``/``set_attr``/``render``) is :class:`~gymkit.vector.VectorEnv`'s, and
``reset(seed=s)`` seeds sub-env ``i`` with ``s + i`` exactly as the local modes do, so a
trajectory equals the local one env by env.

Stepping:

- lock step — ``step(actions)`` = ``step_async(actions)`` + ``step_wait()``: every actor steps
  its block at once; the call returns when all have answered;
- EnvPool style — ``send(actions, env_ids)`` + ``recv(batch_size)``: an actor starts as soon as
  every sub-env of its block has an action (``send`` may give them in several calls);
  ``recv`` returns exactly ``batch_size`` sub-envs — the rows of the actors that finished first
  (rows of a block that are not returned yet wait for the next ``recv``) — as
  ``(obs, rewards, terminations, truncations, infos, env_ids)``, rows ordered by env id.

Faults: an actor that dies (its process killed, its node lost) or does not answer within
``timeout`` is replaced by a new actor with fresh (unseeded) envs, at most ``max_restarts``
times per block; the block's sub-envs are reported ``truncated`` with reward 0, the fresh
reset observation, and ``infos["actor_restarted"]`` set (in ``next_step`` mode the following
step returns that observation again as the new episode's first, ignoring the action; in
``same_step`` mode there is no ``final_obs`` for them). Past ``max_restarts`` the step raises
:class:`~gymkit.error.WorkerDied` naming the sub-env indices and the node, and the vector env
is closed. ``close()`` always returns: actors get ``close_timeout`` seconds, then are killed.
Actors are owned by the driver, so a driver that exits takes them along.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

import gymkit
from gymkit.error import (
    AlreadyPendingCallError,
    ClosedEnvironmentError,
    NoAsyncCallError,
    WorkerDied,
    WorkerError,
)
from gymkit.vector.utils import add_info, check_env_ids, check_reset_mask, unbatch_info
from gymkit.vector.vector_env import AutoresetMode, VectorEnv, resolve_seeds
from gymkit_ray import cluster
from gymkit_ray.worker import EnvBatch

__all__ = ["ACCEPTED_KWARGS", "RayVectorEnv", "make_ray_vec", "plan_blocks"]

ACCEPTED_KWARGS = (
    "address",
    "num_workers",
    "envs_per_worker",
    "inner",
    "num_cpus_per_worker",
    "max_restarts",
    "autoreset_mode",
    "timeout",
    "start_timeout",
    "close_timeout",
    "batch_size",
)
RESTART_FLAG = "actor_restarted"
"""The ``infos`` key set for the sub-envs of a block whose actor was replaced."""


def make_ray_vec(
    env_spec: gymkit.EnvSpec,
    num_envs: int,
    vector_kwargs: dict[str, Any],
    wrappers: Sequence[Callable[[Any], Any]],
    env_kwargs: dict[str, Any],
) -> RayVectorEnv:
    """The ``"ray"`` mode's factory (called by :func:`gymkit.make_vec`)."""
    unknown = sorted(set(vector_kwargs) - set(ACCEPTED_KWARGS))
    if unknown:
        raise TypeError(
            f"make_vec(vectorization_mode='ray') got unknown vector_kwargs {unknown}; it accepts "
            f"{list(ACCEPTED_KWARGS)}"
        )
    return RayVectorEnv(
        env_spec, num_envs, wrappers=wrappers, env_kwargs=env_kwargs, **vector_kwargs
    )


def _positive_int(name: str, value: Any, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(
            f"vector_kwargs[{name!r}] must be an int >= {minimum}, got {value!r}"
            + ("; every worker needs at least one env" if name == "envs_per_worker" else "")
        )
    return int(value)


def plan_blocks(
    num_envs: int, num_workers: int | None, envs_per_worker: int | None, default_workers: int
) -> list[tuple[int, int]]:
    """The ``(start, stop)`` sub-env block of each actor.

    With ``envs_per_worker`` K: ``ceil(N / K)`` blocks of K (the last may be smaller); with only
    ``num_workers`` W: W blocks whose sizes differ by at most one; with neither:
    ``min(N, default_workers)`` such blocks. Both given must agree (``W == ceil(N / K)``).
    """
    if envs_per_worker is not None:
        workers = math.ceil(num_envs / envs_per_worker)
        if num_workers is not None and num_workers != workers:
            raise ValueError(
                f"num_workers={num_workers} and envs_per_worker={envs_per_worker} disagree for "
                f"{num_envs} envs: {envs_per_worker} envs per worker need "
                f"ceil({num_envs}/{envs_per_worker}) = {workers} workers; give one of the two"
            )
        return [
            (start, min(start + envs_per_worker, num_envs))
            for start in range(0, num_envs, envs_per_worker)
        ]
    workers = num_workers if num_workers is not None else max(1, min(num_envs, default_workers))
    if workers > num_envs:
        raise ValueError(
            f"num_workers={workers} exceeds num_envs={num_envs}: every worker needs at least "
            "one env; use fewer workers"
        )
    base, extra = divmod(num_envs, workers)
    blocks, start = [], 0
    for j in range(workers):
        size = base + (1 if j < extra else 0)
        blocks.append((start, start + size))
        start += size
    return blocks


# ----------------------------------------------------------------------------- batch helpers
def _concat(parts: list[Any]) -> Any:
    """Join per-block batches (arrays, or dicts/tuples of them) along the first axis."""
    first = parts[0]
    if isinstance(first, dict):
        return {key: _concat([p[key] for p in parts]) for key in first}
    if isinstance(first, tuple):
        return tuple(_concat([p[i] for p in parts]) for i in range(len(first)))
    return np.concatenate([np.asarray(p) for p in parts], axis=0)


def _rows(batch: Any, start: int, stop: int) -> Any:
    """Rows ``start:stop`` of a batch (arrays, or dicts/tuples of them)."""
    if isinstance(batch, dict):
        return {key: _rows(value, start, stop) for key, value in batch.items()}
    if isinstance(batch, tuple):
        return tuple(_rows(value, start, stop) for value in batch)
    return np.asarray(batch)[start:stop]


def _row(batch: Any, index: int) -> Any:
    if isinstance(batch, dict):
        return {key: _row(value, index) for key, value in batch.items()}
    if isinstance(batch, tuple):
        return tuple(_row(value, index) for value in batch)
    return batch[index]


def _stack(rows: list[Any]) -> Any:
    first = rows[0]
    if isinstance(first, dict):
        return {key: _stack([r[key] for r in rows]) for key in first}
    if isinstance(first, tuple):
        return tuple(_stack([r[i] for r in rows]) for i in range(len(first)))
    return np.stack([np.asarray(r) for r in rows])


def _merge_infos(infos: dict[str, Any], part: dict[str, Any], offset: int, n: int) -> None:
    """Add a block's batched ``part`` infos into the full batch ``infos`` at rows ``offset+``."""
    if not part:
        return
    rows: set[int] = set()
    for key, value in part.items():
        if key.startswith("_") and key[1:] in part:
            rows.update(int(r) for r in np.flatnonzero(value))
    for row in sorted(rows):
        add_info(infos, unbatch_info(part, row), offset + row, n)


class _Actor:
    """One block: its actor handle, where it runs, and how often it was replaced."""

    def __init__(self, index: int, start: int, stop: int) -> None:
        self.index = index
        self.start = start
        self.stop = stop
        self.handle: Any = None
        self.where: dict[str, Any] = {}
        self.restarts = 0
        self.fresh_obs: Any = None
        """After a replacement in next_step mode: the observation the next step returns."""

    @property
    def size(self) -> int:
        return self.stop - self.start

    def describe(self) -> str:
        node = self.where.get("node_ip", "?")
        node_id = str(self.where.get("node_id", "?"))[:12]
        return (
            f"Ray actor {self.index} holding sub-envs {self.ids()} on node {node} "
            f"(node id {node_id}, pid {self.where.get('pid', '?')})"
        )

    def ids(self) -> str:
        """The block's sub-env indices, spelled out when short."""
        if self.size <= 16:
            return str(list(range(self.start, self.stop)))
        return f"[{self.start}..{self.stop - 1}]"


class RayVectorEnv(VectorEnv[Any, Any, np.ndarray]):
    """``num_envs`` sub-envs of ``env_spec`` in Ray actors (see the module docstring).

    Args (the ``vector_kwargs`` of ``make_vec``):
        address: ``None`` (join the Ray of this process, or start a local one), ``"auto"`` (the
            cluster this node belongs to) or the head's ``"host:port"`` / ``"ray://host:port"``;
            an unreachable address fails within seconds with ``ConnectionError``.
        num_workers, envs_per_worker: the actors W and the sub-envs per actor K (see
            :func:`plan_blocks`); by default one actor per cluster CPU (at most ``num_envs``).
        inner: ``"native"`` (the family's batched env; the default where one exists and no
            ``wrappers`` are given) or ``"sync"``.
        num_cpus_per_worker: CPUs Ray reserves for each actor (default 1); W times it must fit
            in the cluster, else ``ValueError`` at once instead of waiting forever.
        max_restarts: times each actor may be replaced after a failure (default 0).
        autoreset_mode: an :class:`~gymkit.vector.AutoresetMode` or its value.
        timeout: seconds a step/reset/call may take before the silent actors count as dead
            (``None``: as long as they live).
        start_timeout: seconds the actors may take to start (default 120); then a clear error
            names the CPUs the cluster has free.
        close_timeout: seconds ``close`` waits for the actors before killing them (default 5).
        batch_size: default number of sub-envs :meth:`recv` returns (``None``: all pending).
    """

    def __init__(
        self,
        env_spec: gymkit.EnvSpec,
        num_envs: int,
        *,
        address: str | None = None,
        num_workers: int | None = None,
        envs_per_worker: int | None = None,
        inner: str | None = None,
        num_cpus_per_worker: float = 1,
        max_restarts: int = 0,
        autoreset_mode: AutoresetMode | str = AutoresetMode.NEXT_STEP,
        timeout: float | None = None,
        start_timeout: float = 120.0,
        close_timeout: float = 5.0,
        batch_size: int | None = None,
        wrappers: Sequence[Callable[[Any], Any]] = (),
        env_kwargs: dict[str, Any] | None = None,
    ) -> None:
        self.closed = True  # until the actors are up: close() has nothing to do before
        self._lease = False
        self.actors: list[_Actor] = []
        # ---- arguments first: bad input never reaches the cluster
        if envs_per_worker is not None:
            envs_per_worker = _positive_int("envs_per_worker", envs_per_worker)
        if num_workers is not None:
            num_workers = _positive_int("num_workers", num_workers)
        max_restarts = _positive_int("max_restarts", max_restarts, minimum=0)
        if isinstance(num_cpus_per_worker, bool) or not (
            isinstance(num_cpus_per_worker, (int, float)) and num_cpus_per_worker >= 0
        ):
            raise ValueError(
                f"vector_kwargs['num_cpus_per_worker'] must be a number >= 0, got "
                f"{num_cpus_per_worker!r}"
            )
        for name, value in (
            ("timeout", timeout),
            ("start_timeout", start_timeout),
            ("close_timeout", close_timeout),
        ):
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0
            ):
                raise ValueError(
                    f"vector_kwargs[{name!r}] must be a number of seconds > 0, got {value!r}"
                )
        if batch_size is not None and not 1 <= batch_size <= num_envs:
            raise ValueError(f"batch_size must lie in [1, {num_envs}], got {batch_size!r}")
        wrappers = tuple(wrappers)
        if inner is None:
            inner = "native" if env_spec.vector_entry_point is not None and not wrappers else "sync"
        if inner not in ("native", "sync"):
            raise ValueError(f"vector_kwargs['inner'] must be 'native' or 'sync', got {inner!r}")
        if inner == "native" and env_spec.vector_entry_point is None:
            raise ValueError(
                f"vector_kwargs['inner']='native' but {env_spec.id!r} has no native vector env; "
                "use inner='sync'"
            )
        if inner == "native" and wrappers:
            raise ValueError(
                "make_vec(vectorization_mode='ray'): wrappers apply to single sub-envs, which "
                "inner='native' does not have; use vector_kwargs={'inner': 'sync', ...}"
            )
        self._autoreset_mode = AutoresetMode.parse(autoreset_mode)
        self.num_envs = num_envs
        self.inner = inner
        self.timeout = timeout
        self.start_timeout = float(start_timeout)
        self.close_timeout = float(close_timeout)
        self.batch_size = batch_size
        self.max_restarts = max_restarts
        self.num_cpus_per_worker = float(num_cpus_per_worker)
        self._actor_args = (
            env_spec,
            inner,
            self._autoreset_mode.value,
            wrappers,
            dict(env_kwargs or {}),
        )

        # ---- the cluster
        import ray

        self._ray = ray
        self._lease = cluster.acquire(address)
        try:
            total, _available, nodes = cluster.cluster_cpus()
            per = self.num_cpus_per_worker
            default_workers = int(total // per) if per > 0 else int(total)
            blocks = plan_blocks(num_envs, num_workers, envs_per_worker, max(1, default_workers))
            need = len(blocks) * per
            if need > total + 1e-9:
                raise ValueError(
                    f"make_vec(vectorization_mode='ray'): {len(blocks)} workers x "
                    f"{per:g} CPUs per worker = {need:g} CPUs, but the Ray cluster has "
                    f"{total:g} CPUs on {len(nodes)} node(s), so the actors would wait forever; "
                    f"use at most {int(total // per) if per else len(blocks)} workers (more "
                    "envs_per_worker), a smaller num_cpus_per_worker, or add nodes"
                )
            self._remote = ray.remote(EnvBatch)
            self.actors = [_Actor(j, start, stop) for j, (start, stop) in enumerate(blocks)]
            for actor in self.actors:
                actor.handle = self._spawn(actor)
            self._await_started(self.actors)
            first = self.actors[0].handle
            single_obs, single_act, metadata, render_mode = ray.get(first.spaces.remote())
        except BaseException:
            self._kill_all()
            if self._lease:
                self._lease = False
                cluster.release()
            raise
        from gymkit.spaces import batch_space

        self.closed = False
        self.single_observation_space = single_obs
        self.single_action_space = single_act
        self.observation_space = batch_space(single_obs, num_envs)
        self.action_space = batch_space(single_act, num_envs)
        self.metadata = {**metadata, "autoreset_mode": self._autoreset_mode}
        self.render_mode = render_mode
        self.spec = env_spec
        self._obs_parts: list[Any] = [None] * len(self.actors)
        self._lockstep: dict[int, Any] | None = None
        # send/recv state: queued actions per block, blocks in flight, finished rows not returned
        self._queued: dict[int, dict[int, Any]] = {}
        self._in_flight: dict[int, Any] = {}
        self._done: list[tuple[int, Any, float, bool, bool, dict[str, Any]]] = []

    # ------------------------------------------------------------------ actors
    def _spawn(self, actor: _Actor) -> Any:
        spec, inner, mode, wrappers, env_kwargs = self._actor_args
        return self._remote.options(
            num_cpus=self.num_cpus_per_worker,
            max_restarts=0,
            max_task_retries=0,
            scheduling_strategy="SPREAD",
        ).remote(spec, actor.size, inner, mode, wrappers, env_kwargs)

    def _await_started(self, actors: list[_Actor]) -> None:
        """Wait until ``actors`` are built (their ``where`` answered), or raise clearly."""
        ray = self._ray
        refs = {actor.handle.where.remote(): actor for actor in actors}
        ready, waiting = ray.wait(list(refs), num_returns=len(refs), timeout=self.start_timeout)
        for ref in ready:
            actor = refs[ref]
            try:
                actor.where = ray.get(ref)
            except ray.exceptions.RayActorError as exc:
                raise WorkerError(
                    f"Ray actor {actor.index} (sub-envs {actor.ids()}) failed to build its "
                    f"envs: {_cause(exc)}"
                ) from exc
        if waiting:
            total, available, nodes = cluster.cluster_cpus()
            late = [refs[r].index for r in waiting]
            raise TimeoutError(
                f"make_vec(vectorization_mode='ray'): actors {late} did not start within "
                f"start_timeout={self.start_timeout:g} s; each asks for "
                f"{self.num_cpus_per_worker:g} CPUs and the cluster has {available:g} of "
                f"{total:g} CPUs free on {len(nodes)} node(s) (others may be held by other "
                "jobs); use fewer workers, a smaller num_cpus_per_worker, or a longer "
                "start_timeout"
            )

    def _replace(self, actor: _Actor, why: str) -> tuple[Any, Any, Any, Any, dict[str, Any]]:
        """Replace a failed actor (or raise past ``max_restarts``); return its block's rows:
        the fresh reset observations, reward 0, truncated, ``infos[RESTART_FLAG]``."""
        if actor.restarts >= self.max_restarts:
            message = (
                f"{actor.describe()} {why}; those sub-envs are lost after {actor.restarts} "
                f"restart(s) (max_restarts={self.max_restarts}) and the vector env is closed. "
                "Raise vector_kwargs['max_restarts'] to replace failed actors with fresh envs"
            )
            self.close(terminate=True)
            raise WorkerDied(message)
        with contextlib.suppress(Exception):
            self._ray.kill(actor.handle, no_restart=True)
        actor.restarts += 1
        actor.handle = self._spawn(actor)
        try:
            self._await_started([actor])
            obs, part = self._ray.get(
                actor.handle.reset.remote(None, None), timeout=self.start_timeout
            )
        except Exception as exc:
            self.close(terminate=True)
            raise WorkerDied(
                f"{actor.describe()} {why}, and its replacement failed to start: {exc}"
            ) from exc
        k = actor.size
        infos = dict(part)
        infos[RESTART_FLAG] = np.ones(k, dtype=np.bool_)
        infos["_" + RESTART_FLAG] = np.ones(k, dtype=np.bool_)
        if self._autoreset_mode is AutoresetMode.NEXT_STEP:
            actor.fresh_obs = obs
        return obs, np.zeros(k), np.zeros(k, dtype=np.bool_), np.ones(k, dtype=np.bool_), infos

    def _get(self, refs: dict[int, Any], what: str, timeout: float | None) -> dict[int, Any]:
        """Wait for every block's answer; a dead or silent actor → ``_Failed`` (raised later);
        an env that raised → :class:`WorkerError` naming the sub-envs."""
        ray = self._ray
        wait = self.timeout if timeout is None else timeout
        ready, _silent = ray.wait(list(refs.values()), num_returns=len(refs), timeout=wait)
        ready_set = set(ready)
        results: dict[int, Any] = {}
        errors = []
        for j, ref in refs.items():
            actor = self.actors[j]
            if ref not in ready_set:
                results[j] = _Failed(f"did not answer {what} within timeout={wait:g} s")
                continue
            try:
                results[j] = ray.get(ref)
            except ray.exceptions.RayActorError as exc:
                results[j] = _Failed(f"died during {what} ({_cause(exc)})")
            except ray.exceptions.RayTaskError as exc:
                errors.append(f"sub-envs {actor.ids()} (Ray actor {j}) raised during {what}: {exc}")
        if errors:
            raise WorkerError("; ".join(errors))
        return results

    # ------------------------------------------------------------------ reset
    def reset(
        self,
        *,
        seed: int | list[int | None] | None = None,
        options: dict[str, Any] | None = None,
    ) -> tuple[Any, dict[str, Any]]:
        """Reset the sub-envs (those of ``options["reset_mask"]``, if given); sub-env ``i``
        gets seed ``seed + i`` for an int ``seed``. Cancels any pending ``send``."""
        self._assert_open()
        super().reset(seed=seed)
        self._drain()
        seeds = resolve_seeds(seed, self.num_envs)
        mask = check_reset_mask(options, self.num_envs)
        env_options = options
        if mask is not None:
            env_options = {k: v for k, v in options.items() if k != "reset_mask"} or None  # type: ignore[union-attr]
        refs = {}
        for actor in self.actors:
            block_options = env_options
            if mask is not None:
                block_mask = mask[actor.start : actor.stop]
                if not block_mask.any():
                    continue
                block_options = {**(env_options or {}), "reset_mask": block_mask}
            actor.fresh_obs = None
            refs[actor.index] = actor.handle.reset.remote(
                seeds[actor.start : actor.stop], block_options
            )
        results = self._get(refs, "reset", None)
        infos: dict[str, Any] = {}
        for j, result in results.items():
            actor = self.actors[j]
            if isinstance(result, _Failed):
                obs, _, _, _, part = self._replace(actor, result.why)
                actor.fresh_obs = None
            else:
                obs, part = result
            self._obs_parts[j] = obs
            _merge_infos(infos, part, actor.start, self.num_envs)
        return _concat(self._obs_parts), infos

    # ------------------------------------------------------------------ lock step
    def _split_actions(self, actions: Any) -> list[Any]:
        if not isinstance(actions, (dict, tuple, np.ndarray)):
            actions = np.asarray(actions)
        first = actions
        while isinstance(first, (dict, tuple)):
            first = next(iter(first.values())) if isinstance(first, dict) else first[0]
        if np.shape(first)[:1] != (self.num_envs,):
            raise ValueError(
                f"expected one action per sub-env ({self.num_envs}), got a batch of shape "
                f"{np.shape(first)}; pass an element of env.action_space"
            )
        return [_rows(actions, a.start, a.stop) for a in self.actors]

    def step_async(self, actions: Any) -> None:
        """Send each actor its block of ``actions`` (an element of ``action_space``)."""
        self._assert_open()
        if self._lockstep is not None or self._in_flight or self._queued or self._done:
            raise AlreadyPendingCallError(
                "step_async while a step or a send is pending; finish it (step_wait / recv)",
                "step",
            )
        if any(part is None for part in self._obs_parts):
            from gymkit.error import ResetNeeded

            raise ResetNeeded("call reset() before step() on a RayVectorEnv")
        parts = self._split_actions(actions)
        self._lockstep = {
            actor.index: (
                None if actor.fresh_obs is not None else actor.handle.step.remote(parts[j])
            )
            for j, actor in enumerate(self.actors)
        }

    def step_wait(
        self, timeout: float | None = None
    ) -> tuple[Any, np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
        """Wait for the steps of :meth:`step_async`; return batched
        ``(obs, rewards, terminations, truncations, infos)``."""
        if self._lockstep is None:
            raise NoAsyncCallError("step_wait without a pending step_async", "step")
        pending, self._lockstep = self._lockstep, None
        refs = {j: ref for j, ref in pending.items() if ref is not None}
        results = self._get(refs, "step", timeout) if refs else {}
        n = self.num_envs
        rewards = np.zeros(n, dtype=np.float64)
        terminations = np.zeros(n, dtype=np.bool_)
        truncations = np.zeros(n, dtype=np.bool_)
        infos: dict[str, Any] = {}
        for actor in self.actors:
            j = actor.index
            block = self._block_result(actor, results.get(j), "step")
            obs, rew, term, trunc, part = block
            self._obs_parts[j] = obs
            sl = slice(actor.start, actor.stop)
            rewards[sl], terminations[sl], truncations[sl] = rew, term, trunc
            _merge_infos(infos, part, actor.start, n)
        return _concat(self._obs_parts), rewards, terminations, truncations, infos

    def _block_result(
        self, actor: _Actor, result: Any, what: str
    ) -> tuple[Any, Any, Any, Any, dict[str, Any]]:
        """A block's step rows: the actor's answer, a replacement's, or the fresh start that
        follows a replacement in next_step mode."""
        if result is None:  # next_step after a replacement: the new episode's first obs
            obs, actor.fresh_obs = actor.fresh_obs, None
            k = actor.size
            return obs, np.zeros(k), np.zeros(k, np.bool_), np.zeros(k, np.bool_), {}
        if isinstance(result, _Failed):
            return self._replace(actor, result.why)
        return result  # type: ignore[no-any-return]

    def step(self, actions: Any) -> tuple[Any, np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
        """``step_async(actions)`` then ``step_wait()``."""
        self.step_async(actions)
        return self.step_wait()

    # ------------------------------------------------------------------ send / recv
    def send(self, actions: Any, env_ids: Any = None) -> None:
        """Give actions to the sub-envs ``env_ids`` (default: all), one per id in order. Each
        actor starts as soon as every sub-env of its block has its action."""
        self._assert_open()
        if self._lockstep is not None:
            raise AlreadyPendingCallError("send while a step_async is pending", "step")
        if any(part is None for part in self._obs_parts):
            from gymkit.error import ResetNeeded

            raise ResetNeeded("call reset() before send() on a RayVectorEnv")
        ids = (
            list(range(self.num_envs)) if env_ids is None else check_env_ids(env_ids, self.num_envs)
        )
        busy = sorted(set(ids) & self._busy_ids())
        if busy:
            raise AlreadyPendingCallError(
                f"send: sub-envs {busy} already have an action or an unreturned result; "
                "recv() them first",
                "send",
            )
        from gymkit.spaces import batch_space, iterate

        single = list(iterate(batch_space(self.single_action_space, len(ids)), actions))
        if len(single) != len(ids):
            raise ValueError(f"send: got {len(single)} actions for {len(ids)} env_ids")
        for env_id, action in zip(ids, single):
            actor = self._actor_of(env_id)
            self._queued.setdefault(actor.index, {})[env_id] = action
        for j in sorted(self._queued):
            actor = self.actors[j]
            if len(self._queued[j]) == actor.size:
                queued = self._queued.pop(j)
                if actor.fresh_obs is not None:
                    self._in_flight[j] = None
                    continue
                block = _stack([queued[i] for i in range(actor.start, actor.stop)])
                self._in_flight[j] = actor.handle.step.remote(block)

    def recv(
        self, batch_size: int | None = None, timeout: float | None = None
    ) -> tuple[Any, np.ndarray, np.ndarray, np.ndarray, dict[str, Any], np.ndarray]:
        """Return exactly ``batch_size`` sub-envs (default: the constructor's, else all
        pending), the first to finish: ``(obs, rewards, terminations, truncations, infos,
        env_ids)``, rows ordered by env id."""
        self._assert_open()
        pending = sum(self.actors[j].size for j in self._in_flight) + len(self._done)
        size = batch_size if batch_size is not None else self.batch_size
        size = pending if size is None else size
        if pending == 0:
            queued = sorted(i for block in self._queued.values() for i in block)
            raise NoAsyncCallError(
                "recv without a running send"
                + (
                    f"; sub-envs {queued} wait for the actions of the rest of their actor's "
                    "block before it starts"
                    if queued
                    else ""
                ),
                "send",
            )
        if not 1 <= size <= pending:
            raise ValueError(
                f"recv: batch_size must lie in [1, {pending}] (the sub-envs sent and not yet "
                f"returned), got {size}"
            )
        wait = self.timeout if timeout is None else timeout
        deadline = None if wait is None else time.monotonic() + wait
        while len(self._done) < size:
            self._collect_first(deadline)
        taken, self._done = self._done[:size], self._done[size:]
        taken.sort(key=lambda row: row[0])
        n = len(taken)
        infos: dict[str, Any] = {}
        for row, (_, _, _, _, _, info) in enumerate(taken):
            if info:
                add_info(infos, info, row, n)
        return (
            _stack([row[1] for row in taken]),
            np.array([row[2] for row in taken], dtype=np.float64),
            np.array([row[3] for row in taken], dtype=np.bool_),
            np.array([row[4] for row in taken], dtype=np.bool_),
            infos,
            np.array([row[0] for row in taken], dtype=np.int64),
        )

    def _collect_first(self, deadline: float | None) -> None:
        """Wait for the next block to finish and file its rows as done."""
        ready_now = [j for j, ref in self._in_flight.items() if ref is None]
        if ready_now:
            j = ready_now[0]
            del self._in_flight[j]
            self._file_rows(self.actors[j], None)
            return
        ray = self._ray
        by_ref = {ref: j for j, ref in self._in_flight.items()}
        left = None if deadline is None else max(0.0, deadline - time.monotonic())
        ready, _ = ray.wait(list(by_ref), num_returns=1, timeout=left)
        if not ready:
            silent = sorted(by_ref.values())
            results = {j: _Failed("did not answer step within the timeout") for j in silent}
        else:
            j = by_ref[ready[0]]
            results = self._get({j: ready[0]}, "step", None)
        for j, result in results.items():
            del self._in_flight[j]
            self._file_rows(self.actors[j], result)

    def _file_rows(self, actor: _Actor, result: Any) -> None:
        obs, rew, term, trunc, part = self._block_result(actor, result, "step")
        self._obs_parts[actor.index] = obs
        for k in range(actor.size):
            self._done.append(
                (
                    actor.start + k,
                    _row(obs, k),
                    float(rew[k]),
                    bool(term[k]),
                    bool(trunc[k]),
                    unbatch_info(part, k) if part else {},
                )
            )

    def _busy_ids(self) -> set[int]:
        busy = {i for block in self._queued.values() for i in block}
        for j in self._in_flight:
            busy.update(range(self.actors[j].start, self.actors[j].stop))
        busy.update(row[0] for row in self._done)
        return busy

    def _actor_of(self, env_id: int) -> _Actor:
        for actor in self.actors:
            if actor.start <= env_id < actor.stop:
                return actor
        raise IndexError(env_id)

    def _drain(self) -> None:
        """Forget pending send/recv work (waiting for what is in flight, so actors stay in
        step with the driver)."""
        refs = {j: ref for j, ref in self._in_flight.items() if ref is not None}
        if self._lockstep is not None:
            refs.update({j: r for j, r in self._lockstep.items() if r is not None})
        if refs:
            self._get(refs, "step", None)
        self._in_flight.clear()
        self._queued.clear()
        self._done.clear()
        self._lockstep = None

    # ------------------------------------------------------------------ call, attrs, render
    def _each(self, what: str, make_ref: Callable[[_Actor], Any]) -> tuple[Any, ...]:
        self._assert_open()
        if self._lockstep is not None or self._in_flight or self._queued:
            raise AlreadyPendingCallError(f"{what} while a step or send is pending", what)
        results = self._get({a.index: make_ref(a) for a in self.actors}, what, None)
        out: list[Any] = []
        for actor in self.actors:
            result = results[actor.index]
            if isinstance(result, _Failed):
                self._replace(actor, result.why)
                raise WorkerError(
                    f"{actor.describe()} {result.why}; it was replaced with fresh envs (reset "
                    f"them), so {what} has no answer for sub-envs {actor.ids()}"
                )
            out.extend(result if result is not None else [None] * actor.size)
        return tuple(out)

    def call(self, name: str, *args: Any, **kwargs: Any) -> tuple[Any, ...]:
        """For each sub-env, call its attribute ``name`` (or return it when not callable)."""
        return self._each("call", lambda a: a.handle.call.remote(name, args, kwargs))

    def get_attr(self, name: str) -> tuple[Any, ...]:
        """Each sub-env's attribute ``name``, as a tuple."""
        return self._each("get_attr", lambda a: a.handle.get_attr.remote(name))

    def set_attr(self, name: str, values: Any) -> None:
        """Set ``name`` on every sub-env: one value per sub-env (list/tuple) or one for all."""
        if not isinstance(values, (list, tuple)):
            values = [values] * self.num_envs
        if len(values) != self.num_envs:
            raise ValueError(
                f"set_attr({name!r}) needs one value per sub-env ({self.num_envs}), got "
                f"{len(values)}"
            )
        values = list(values)
        self._each(
            "set_attr",
            lambda a: a.handle.set_attr.remote(name, values[a.start : a.stop]),
        )

    def render(self) -> tuple[Any, ...] | None:
        """Each sub-env's ``render()`` result, as a tuple."""
        return self._each("render", lambda a: a.handle.render.remote())

    def where(self) -> list[dict[str, Any]]:
        """Where each actor runs: ``{"node_id", "node_ip", "hostname", "pid"}`` per block."""
        return [dict(actor.where, start=actor.start, stop=actor.stop) for actor in self.actors]

    # ------------------------------------------------------------------ close
    def close_extras(self, **kwargs: Any) -> None:
        """Ask the actors to close their envs (``timeout`` seconds, default ``close_timeout``),
        then kill them all. Always returns; ``terminate=True`` skips the polite part."""
        timeout = kwargs.get("timeout") or self.close_timeout
        try:
            if not kwargs.get("terminate", False) and self.actors:
                refs = []
                for actor in self.actors:
                    with contextlib.suppress(Exception):
                        refs.append(actor.handle.close.remote())
                with contextlib.suppress(Exception):
                    self._ray.wait(refs, num_returns=len(refs), timeout=timeout)
        finally:
            self._kill_all()
            self._lockstep = None
            self._in_flight, self._queued, self._done = {}, {}, []
            if self._lease:
                self._lease = False
                cluster.release()

    def _kill_all(self) -> None:
        for actor in self.actors:
            if actor.handle is not None:
                with contextlib.suppress(Exception):
                    self._ray.kill(actor.handle, no_restart=True)

    def _assert_open(self) -> None:
        if self.closed:
            raise ClosedEnvironmentError(
                "RayVectorEnv is closed (closed by the user, or after an actor failed past "
                "max_restarts); build a new vector env to keep going"
            )

    def __str__(self) -> str:
        spec_id = self.spec.id if self.spec is not None else "?"
        sizes = [a.size for a in self.actors]
        return f"RayVectorEnv({spec_id}, num_envs={self.num_envs}, blocks={sizes})"

    __repr__ = __str__


class _Failed:
    """An actor's answer that never came: why (died, silent)."""

    def __init__(self, why: str) -> None:
        self.why = why


def _cause(exc: BaseException) -> str:
    """The first line of Ray's error and, when there is a traceback, its last (the error)."""
    lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
    if not lines:
        return type(exc).__name__
    return lines[0] if len(lines) == 1 else f"{lines[0]} ... {lines[-1]}"
