"""The native MuJoCo vector env: ``num_envs`` single envs stepped by a pool of threads.

``gymkit.make_vec("Hopper-v5", num_envs=8, vector_kwargs={"num_threads": 2})`` builds a
:class:`HopperVectorEnv` (every task has a ``<Task>VectorEnv`` for v5 and a
``<Task>V4VectorEnv`` for v4, the specs' ``vector_entry_point``). Any
:class:`~gymkit_mujoco.base.MujocoEnv` subclass, a third party's included, vectorises the same
way: ``MujocoVectorEnv(num_envs=8, env_class=MyTask)``.

How it runs. Each sub-env is an ordinary single env with its own ``MjModel``/``MjData``, so
sub-env ``i`` computes exactly what that single env computes: the vector env calls the single
env's own ``step``/``reset``, nothing is re-implemented. ``num_threads`` threads (the calling
one and ``num_threads - 1`` workers) step the sub-envs, each claiming the next unstepped sub-env
whenever it is free. ``mj_step`` releases the GIL, so one thread's physics runs while another
does its sub-env's Python work (action in, observation and reward out): on ``k`` cores the
physics, which is most of a step, runs ``k`` at a time. The workers are started once and woken
per call by a lock each (no executor, no queue), so a call costs two lock hand-offs per worker
on top of the sub-envs' own work.

Seeding, truncation and autoreset follow the core's conventions (see :mod:`gymkit.vector`):
``reset(seed=s)`` seeds sub-env ``i`` with ``s + i`` (a list: one seed or ``None`` each);
``max_episode_steps`` truncates as ``TimeLimit`` does; ``autoreset_mode`` is ``next_step``
(default), ``same_step`` (``infos["final_obs"]``/``infos["final_info"]``) or ``disabled``
(``reset(options={"reset_mask": mask})`` resets the sub-envs of ``mask``). So the vector env
returns, step for step, what ``SyncVectorEnv`` of the same single envs returns.
"""

from __future__ import annotations

import importlib
import inspect
import itertools
import math
import os
import threading
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

import numpy as np

from gymkit.core import Env
from gymkit.error import InvalidAction, InvalidEnvKwargs, ResetNeeded, UnsupportedMode
from gymkit.vector.utils import add_info, check_reset_mask
from gymkit.vector.vector_env import AutoresetMode, NativeVectorEnv, resolve_seeds

__all__ = ["MujocoVectorEnv", "default_num_threads"]

#: The vector-env keywords (everything else goes to the single env).
VECTOR_KWARGS = (
    "num_envs",
    "max_episode_steps",
    "autoreset_mode",
    "num_threads",
    "render_mode",
    "render_envs",
    "copy",
    "env_class",
)
_FLOATS = frozenset({float, np.float64})
_MISSING = object()  # an info key a sub-env did not report
_BOOLS = frozenset({bool, np.bool_})


def default_num_threads(num_envs: int) -> int:
    """``min(num_envs, usable cores)``: the default size of the thread pool."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not every platform has affinity masks
        cores = os.cpu_count() or 1
    return max(1, min(num_envs, cores))


def _check_count(name: str, value: Any, allow_none: bool) -> int | None:
    if value is None and allow_none:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise ValueError(
            f"{name} must be {'None or ' if allow_none else ''}an int >= 1, got {value!r}"
        )
    if value < 1:
        raise ValueError(
            f"{name} must be {'None or ' if allow_none else ''}an int >= 1, got {value!r}"
        )
    return int(value)


def _note(exc: BaseException, text: str) -> None:
    """Attach ``text`` to ``exc``'s report (Python >= 3.11; the message is kept as is before)."""
    add_note = getattr(exc, "add_note", None)
    if add_note is not None:
        add_note(text)


def _worker(
    index: int,
    go: threading.Lock,
    done: threading.Lock,
    slot: list[Callable[[int], None] | None],
    errors: list[BaseException | None],
) -> None:
    """A pool thread: wait for ``go``, run ``slot[0](index)``, release ``done``; a ``None``
    task ends the thread. Holds no reference to the vector env (so it can be collected)."""
    while True:
        go.acquire()
        task = slot[0]
        if task is None:
            done.release()
            return
        try:
            task(index)
        except BaseException as exc:  # handed to the calling thread, which re-raises it
            errors[index] = exc
        task = None  # hold no reference to the vector env while idle
        done.release()


class _ThreadPool:
    """``num_threads - 1`` persistent worker threads plus the caller, all running one task (a
    callable taking the thread's index, 0 for the caller) at once."""

    def __init__(self, num_threads: int) -> None:
        self.num_threads = num_threads
        workers = num_threads - 1
        self._slot: list[Callable[[int], None] | None] = [None]
        self._errors: list[BaseException | None] = [None] * num_threads
        self._go = [threading.Lock() for _ in range(workers)]
        self._done = [threading.Lock() for _ in range(workers)]
        for lock in (*self._go, *self._done):
            lock.acquire()  # an acquired "go" is an idle worker, an acquired "done" a busy one
        self._threads = [
            threading.Thread(
                target=_worker,
                args=(k + 1, self._go[k], self._done[k], self._slot, self._errors),
                name=f"gymkit-mujoco-vector-{k + 1}",
                daemon=True,
            )
            for k in range(workers)
        ]
        for thread in self._threads:
            thread.start()

    def run(self, task: Callable[[int], None]) -> None:
        """Run ``task(k)`` on every thread ``k`` (0 is this one); wait for all; re-raise the
        first error, if any."""
        self._slot[0] = task
        for go in self._go:
            go.release()
        try:
            task(0)
        except BaseException as exc:
            self._errors[0] = exc
        for done in self._done:
            # wait for every worker even through a KeyboardInterrupt (a call takes
            # milliseconds): a worker left running would desynchronise the next call
            while True:
                try:
                    done.acquire()
                    break
                except BaseException as exc:
                    if self._errors[0] is None:
                        self._errors[0] = exc
        self._slot[0] = None
        errors = self._errors
        for exc in errors:
            if exc is not None:
                errors[:] = [None] * len(errors)
                raise exc

    def close(self) -> None:
        """Stop the workers (idempotent)."""
        threads, self._threads = self._threads, []
        if not threads:
            return
        self._slot[0] = None
        for go in self._go:
            go.release()
        for thread in threads:
            thread.join()


class MujocoVectorEnv(NativeVectorEnv[np.ndarray, np.ndarray, np.ndarray]):
    """``num_envs`` MuJoCo single envs stepped by ``num_threads`` threads (module docstring).

    Args:
        num_envs: number of sub-envs (an int >= 1).
        max_episode_steps: truncate each sub-env's episode after this many steps (as
            ``TimeLimit``); ``None`` = never. ``make_vec`` passes the spec's value.
        autoreset_mode: an :class:`~gymkit.vector.AutoresetMode` or its value.
        num_threads: threads stepping the sub-envs, the calling one included (an int >= 1;
            more than ``num_envs`` is cut to ``num_envs``); ``None`` = ``min(num_envs, cores)``.
        render_mode: ``None`` or one of the single env's render modes; ``"human"`` shows the
            first sub-env only.
        render_envs: ``"all"`` (``render()`` returns every sub-env's frame) or ``"first"``
            (a 1-tuple with sub-env 0's frame; the others build no renderer).
        copy: return a new observation array per call (``True``) or the internal buffer, which
            the next call overwrites (``False``).
        env_class: the single env class (the per-task subclasses set it; give it to vectorise
            your own :class:`~gymkit_mujoco.base.MujocoEnv` subclass).
        **env_kwargs: the single env's options, validated by it.

    Attributes: ``envs`` (the sub-envs, a tuple), ``num_threads``, ``elapsed_steps``.
    """

    #: ``"module:Class"`` of the single env, imported when the vector env is built.
    env_entry_point: ClassVar[str | None] = None
    metadata: dict[str, Any] = {"render_modes": [], "autoreset_mode": AutoresetMode.NEXT_STEP}

    def __init__(
        self,
        num_envs: int = 1,
        *,
        max_episode_steps: int | None = None,
        autoreset_mode: AutoresetMode | str = AutoresetMode.NEXT_STEP,
        num_threads: int | None = None,
        render_mode: str | None = None,
        render_envs: str = "all",
        copy: bool = True,
        env_class: type[Env[Any, Any]] | None = None,
        **env_kwargs: Any,
    ) -> None:
        from gymkit.spaces import batch_space

        self.envs: tuple[Env[Any, Any], ...] = ()
        self._pool: _ThreadPool | None = None
        self.num_envs = _check_count("num_envs", num_envs, allow_none=False)  # type: ignore[assignment]
        self.max_episode_steps = _check_count("max_episode_steps", max_episode_steps, True)
        threads = _check_count("num_threads", num_threads, allow_none=True)
        self.num_threads = min(threads or default_num_threads(self.num_envs), self.num_envs)
        self._autoreset_mode = AutoresetMode.parse(autoreset_mode)
        if render_envs not in ("all", "first"):
            raise ValueError(f"render_envs must be 'all' or 'first', got {render_envs!r}")
        self.render_envs = render_envs
        self.copy = bool(copy)
        cls = self._env_class(env_class)
        self.env_class = cls
        self._check_env_kwargs(cls, env_kwargs)
        modes = list(getattr(cls, "metadata", {}).get("render_modes", []))
        if render_mode is not None and render_mode not in modes:
            raise UnsupportedMode(
                f"{type(self).__name__}: render_mode must be None or one of {modes}, got "
                f"{render_mode!r}"
            )
        self.render_mode = render_mode
        envs: list[Env[Any, Any]] = []
        try:
            for index in range(self.num_envs):
                envs.append(cls(render_mode=self._sub_render_mode(index), **env_kwargs))
        except BaseException:
            for env in envs:
                env.close()
            self.closed = True
            raise
        self.envs = tuple(envs)
        first = envs[0]
        self.metadata = {**first.metadata, "autoreset_mode": self._autoreset_mode}
        self.single_observation_space = first.observation_space
        self.single_action_space = first.action_space
        self.observation_space = batch_space(self.single_observation_space, self.num_envs)
        self.action_space = batch_space(self.single_action_space, self.num_envs)
        obs_space = self.single_observation_space
        self._observations = np.zeros((self.num_envs, *obs_space.shape), dtype=obs_space.dtype)  # type: ignore[misc]
        # each sub-env's latest observation (as it returned it), joined into a batch per call
        self._obs_list: list[Any] = list(self._observations)
        self._action_shape = (self.num_envs, *(self.single_action_space.shape or ()))
        # the next sub-env a thread claims (sub-env 0 is the calling thread's); see _claim
        self._take: Callable[[], int] = itertools.count(1).__next__
        self._elapsed = [0] * self.num_envs
        self._autoreset = [False] * self.num_envs
        self._infos: list[dict[str, Any]] = [{} for _ in range(self.num_envs)]
        self._has_reset = False
        # per-call state the thread tasks read and write
        self._actions: np.ndarray = np.zeros(self._action_shape)
        self._rewards: np.ndarray = np.zeros(self.num_envs)
        self._terminations: np.ndarray = np.zeros(self.num_envs, dtype=np.bool_)
        self._truncations: np.ndarray = np.zeros(self.num_envs, dtype=np.bool_)
        self._reset_seeds: list[int | None] = []
        self._reset_mask: np.ndarray | None = None
        self._reset_options: dict[str, Any] | None = None
        # the step task of the mode, by name (a bound method kept on self would be a cycle)
        self._step_task = {
            AutoresetMode.NEXT_STEP: "_step_next",
            AutoresetMode.SAME_STEP: "_step_same",
            AutoresetMode.DISABLED: "_step_disabled",
        }[self._autoreset_mode]
        if self.num_threads > 1:
            self._pool = _ThreadPool(self.num_threads)

    # ------------------------------------------------------------------ construction helpers
    def _env_class(self, env_class: type[Env[Any, Any]] | None) -> type[Env[Any, Any]]:
        if env_class is None:
            path = self.env_entry_point
            if path is None:
                raise TypeError(
                    "MujocoVectorEnv needs the single env class: MujocoVectorEnv(num_envs, "
                    "env_class=MyTaskEnv), or use a task's vector env (e.g. HopperVectorEnv)"
                )
            module, _, name = path.partition(":")
            return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]
        if self.env_entry_point is not None:
            raise TypeError(
                f"{type(self).__name__} always vectorises {self.env_entry_point}; env_class is "
                "for MujocoVectorEnv itself"
            )
        if not (isinstance(env_class, type) and issubclass(env_class, Env)):
            raise TypeError(
                f"env_class must be a gymkit.Env subclass (e.g. a MujocoEnv task), got "
                f"{env_class!r}"
            )
        return env_class

    def _check_env_kwargs(self, cls: type, env_kwargs: dict[str, Any]) -> None:
        """Refuse keywords the single env does not take, before building any sub-env.

        A ``**kwargs`` parameter forwards to the base class, so the names accepted are those of
        every ``__init__`` up the MRO until one without ``**kwargs``."""
        accepted: list[str] = []
        for klass in cls.__mro__:
            init = klass.__dict__.get("__init__")
            if init is None:
                continue
            try:
                parameters = list(inspect.signature(init).parameters.values())[1:]
            except (TypeError, ValueError):
                return
            accepted += [
                p.name
                for p in parameters
                if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) and p.name not in accepted
            ]
            if not any(p.kind is p.VAR_KEYWORD for p in parameters):
                break
        else:
            return  # **kwargs all the way up: the env itself decides
        accepted = [name for name in accepted if name != "render_mode"]
        rejected = sorted(set(env_kwargs) - set(accepted))
        if rejected:
            raise InvalidEnvKwargs(
                f"{type(self).__name__} does not accept the keyword(s) {', '.join(rejected)}; "
                f"it accepts {', '.join(VECTOR_KWARGS[:-1])} and the options of "
                f"{cls.__name__}: {', '.join(accepted) or 'none'}"
            )

    def _sub_render_mode(self, index: int) -> str | None:
        mode = self.render_mode
        if mode is None or index == 0:
            return mode
        if mode == "human" or self.render_envs == "first":
            return None
        return mode

    @property
    def elapsed_steps(self) -> np.ndarray:
        """Steps taken in each sub-env's current episode (what ``TimeLimit`` counts)."""
        return np.array(self._elapsed, dtype=np.int64)

    # ------------------------------------------------------------------ running the threads
    def _run(self, task: Callable[[int], None]) -> None:
        self._take = itertools.count(1).__next__
        if self._pool is None:
            task(0)
        else:
            self._pool.run(task)

    def _claim(self, worker: int) -> Iterator[int]:
        """The sub-envs thread ``worker`` steps: each thread claims the next unclaimed one
        when it is free (``count.__next__`` is atomic under the GIL), so a thread the OS
        holds back delays only the sub-env it holds, and uneven steps balance themselves.
        The calling thread (``worker`` 0) always takes sub-env 0, so a ``"human"`` window
        is driven from it."""
        if worker == 0:
            yield 0
        take, n = self._take, self.num_envs
        i = take()
        while i < n:
            yield i
            i = take()

    def _reset_task(self, worker: int) -> None:
        envs, seeds, mask, options = (
            self.envs,
            self._reset_seeds,
            self._reset_mask,
            self._reset_options,
        )
        observations, infos, elapsed, autoreset = (
            self._obs_list,
            self._infos,
            self._elapsed,
            self._autoreset,
        )
        for i in self._claim(worker):
            if mask is not None and not mask[i]:
                infos[i] = {}
                continue
            try:
                observations[i], infos[i] = envs[i].reset(seed=seeds[i], options=options)
            except BaseException as exc:
                _note(exc, f"(in sub-env {i} of {type(self).__name__}.reset)")
                raise
            elapsed[i] = 0
            autoreset[i] = False

    def _step_next(self, worker: int) -> None:
        """NEXT_STEP: a sub-env that ended last call is reset instead of stepped."""
        envs, actions, limit = self.envs, self._actions, self.max_episode_steps
        observations, rewards, infos = self._obs_list, self._rewards, self._infos
        terminations, truncations = self._terminations, self._truncations
        elapsed, autoreset = self._elapsed, self._autoreset
        for i in self._claim(worker):
            env = envs[i]
            try:
                if autoreset[i]:
                    observations[i], infos[i] = env.reset()
                    elapsed[i] = 0
                    autoreset[i] = False
                    continue
                observations[i], reward, terminated, truncated, infos[i] = env.step(actions[i])
            except BaseException as exc:
                _note(exc, f"(in sub-env {i} of {type(self).__name__}.step)")
                raise
            rewards[i] = reward
            steps = elapsed[i] = elapsed[i] + 1
            if limit is not None and steps >= limit:
                truncated = True
            if terminated or truncated:
                terminations[i] = terminated
                truncations[i] = truncated
                autoreset[i] = True

    def _step_same(self, worker: int) -> None:
        """SAME_STEP: a sub-env whose episode ends is reset within the call."""
        envs, actions, limit = self.envs, self._actions, self.max_episode_steps
        observations, rewards, infos = self._obs_list, self._rewards, self._infos
        terminations, truncations, elapsed = self._terminations, self._truncations, self._elapsed
        for i in self._claim(worker):
            env = envs[i]
            try:
                obs, reward, terminated, truncated, info = env.step(actions[i])
                rewards[i] = reward
                steps = elapsed[i] = elapsed[i] + 1
                if limit is not None and steps >= limit:
                    truncated = True
                if terminated or truncated:
                    terminations[i] = terminated
                    truncations[i] = truncated
                    final_obs, final_info = obs, info
                    obs, info = env.reset()
                    info = {**info, "final_obs": final_obs, "final_info": final_info}
                    elapsed[i] = 0
            except BaseException as exc:
                _note(exc, f"(in sub-env {i} of {type(self).__name__}.step)")
                raise
            observations[i] = obs
            infos[i] = info

    def _step_disabled(self, worker: int) -> None:
        """DISABLED: no automatic reset; the caller resets with ``reset_mask``."""
        envs, actions, limit = self.envs, self._actions, self.max_episode_steps
        observations, rewards, infos = self._obs_list, self._rewards, self._infos
        terminations, truncations, elapsed = self._terminations, self._truncations, self._elapsed
        for i in self._claim(worker):
            try:
                observations[i], reward, terminated, truncated, infos[i] = envs[i].step(actions[i])
            except BaseException as exc:
                _note(exc, f"(in sub-env {i} of {type(self).__name__}.step)")
                raise
            rewards[i] = reward
            steps = elapsed[i] = elapsed[i] + 1
            if limit is not None and steps >= limit:
                truncated = True
            if terminated or truncated:
                terminations[i] = terminated
                truncations[i] = truncated

    # ------------------------------------------------------------------ batching
    def _batched_infos(self) -> dict[str, Any]:
        """The sub-envs' info dicts batched as :func:`gymkit.vector.utils.add_info` batches
        them. Fast paths: when every sub-env reported the same keys with float values (a
        MuJoCo task's reward terms), one table; otherwise one NumPy call per key that every
        sub-env reported with float (or bool) values, and ``add_info`` for the rest."""
        infos = self._infos
        n = self.num_envs
        keys = list(infos[0])
        if keys and all(len(info) == len(keys) for info in infos):
            try:
                rows = [[info[key] for key in keys] for info in infos]
            except KeyError:
                rows = []
            if rows and {type(value) for row in rows for value in row} <= _FLOATS:
                table = np.array(rows, dtype=np.float64).T.copy()
                masks = np.ones((len(keys), n), dtype=np.bool_)
                batched: dict[str, Any] = {}
                for j, key in enumerate(keys):
                    batched[key] = table[j]
                    batched["_" + key] = masks[j]
                return batched
        batched = {}
        fast: set[str] = set()
        for key in keys:
            column = [info.get(key, _MISSING) for info in infos]
            kinds = {type(value) for value in column}
            if kinds <= _FLOATS:
                batched[key] = np.array(column, dtype=np.float64)
            elif kinds <= _BOOLS:
                batched[key] = np.array(column, dtype=np.bool_)
            else:
                continue
            batched["_" + key] = np.ones(n, dtype=np.bool_)
            fast.add(key)
        for i, info in enumerate(infos):
            if len(info) > len(fast):  # a sub-env has every fast key, so these are the others
                add_info(batched, {k: v for k, v in info.items() if k not in fast}, i, n)
        return batched

    def _joined_observations(self) -> np.ndarray:
        """The sub-envs' latest observations as a batch: a new array (``copy``), or written
        into the internal buffer."""
        if self.copy:
            return np.array(self._obs_list, dtype=self._observations.dtype)
        np.stack(self._obs_list, out=self._observations)
        return self._observations

    def _check_actions(self, actions: Any) -> np.ndarray:
        array = np.asarray(actions)
        if array.shape != self._action_shape or array.dtype.kind not in "fiu":
            raise InvalidAction(
                f"{type(self).__name__}.step expects a float array of shape "
                f"{self._action_shape} (one action per sub-env), got "
                f"{actions if array.size <= 64 else f'shape {array.shape}'!r}"
            )
        # one dot product is finite exactly when every entry is (unless it overflows: then
        # the elementwise test decides)
        if (
            array.dtype.kind == "f"
            and not math.isfinite(np.vdot(array, array))
            and not np.isfinite(array).all()
        ):
            rows = sorted({int(r) for r in np.argwhere(~np.isfinite(array))[:, 0]})
            raise InvalidAction(
                f"{type(self).__name__}.step got NaN or inf in the actions of sub-env(s) {rows}: "
                f"{array[rows]!r}; every action must be finite"
            )
        return array

    # ------------------------------------------------------------------ contract
    def reset(
        self,
        *,
        seed: int | list[int | None] | None = None,
        options: dict[str, Any] | None = None,
    ) -> tuple[np.ndarray, dict[str, Any]]:
        """Reset every sub-env (or those of ``options["reset_mask"]``); an int ``seed`` s seeds
        sub-env ``i`` with ``s + i``, a list one seed (or ``None``) each. Other options go to
        the sub-envs' ``reset``. Returns batched ``(obs, infos)``."""
        self._assert_open()
        super().reset(seed=seed)
        seeds = resolve_seeds(seed, self.num_envs)
        mask = check_reset_mask(options, self.num_envs)
        if mask is not None:
            options = {k: v for k, v in options.items() if k != "reset_mask"} or None  # type: ignore[union-attr]
            if not self._has_reset and not mask.all():
                raise ResetNeeded(
                    f"{type(self).__name__}: the first reset must reset every sub-env; call "
                    "reset() without reset_mask first"
                )
        self._reset_seeds, self._reset_mask, self._reset_options = seeds, mask, options
        try:
            self._run(self._reset_task)
        finally:
            self._reset_options = None
        self._has_reset = True
        infos = self._batched_infos()
        return self._joined_observations(), infos

    def step(
        self, actions: Any
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
        """Step every sub-env with its row of ``actions`` (autoreset per the mode); return
        batched ``(obs, rewards, terminations, truncations, infos)``."""
        if not self._has_reset:
            self._assert_open()
            raise ResetNeeded(f"{type(self).__name__}.step called before reset(); reset first")
        self._actions = self._check_actions(actions)
        n = self.num_envs
        self._rewards = rewards = np.zeros(n)
        self._terminations = terminations = np.zeros(n, dtype=np.bool_)
        self._truncations = truncations = np.zeros(n, dtype=np.bool_)
        self._run(getattr(self, self._step_task))
        obs = self._joined_observations()
        return obs, rewards, terminations, truncations, self._batched_infos()

    def render(self) -> tuple[Any, ...] | None:
        """The frames of the sub-envs (``render_envs="all"``) or of sub-env 0 (``"first"``,
        and always for ``"human"``), as a tuple; ``None`` without a render mode."""
        self._assert_open()
        if self.render_mode is None:
            return None
        if self.render_mode == "human" or self.render_envs == "first":
            return (self.envs[0].render(),)
        return tuple(env.render() for env in self.envs)

    def call(self, name: str, *args: Any, **kwargs: Any) -> tuple[Any, ...]:
        """For each sub-env: call its attribute ``name`` with the arguments (or return it when
        it is not callable). Returns a tuple of ``num_envs`` results."""
        self._assert_open()
        results = []
        for env in self.envs:
            attr = env.get_wrapper_attr(name)
            results.append(attr(*args, **kwargs) if callable(attr) else attr)
        return tuple(results)

    def get_attr(self, name: str) -> tuple[Any, ...]:
        """Each sub-env's attribute ``name``, as a tuple."""
        self._assert_open()
        return tuple(env.get_wrapper_attr(name) for env in self.envs)

    def set_attr(self, name: str, values: Any) -> None:
        """Set ``name`` on every sub-env: one value per sub-env (a list/tuple of ``num_envs``)
        or a single value for all."""
        self._assert_open()
        if not isinstance(values, (list, tuple)):
            values = [values] * self.num_envs
        if len(values) != self.num_envs:
            raise ValueError(
                f"set_attr({name!r}) needs one value per sub-env ({self.num_envs}), got "
                f"{len(values)}"
            )
        for env, value in zip(self.envs, values):
            env.set_wrapper_attr(name, value)

    def close_extras(self, **kwargs: Any) -> None:
        """Stop the worker threads and close every sub-env."""
        pool, self._pool = getattr(self, "_pool", None), None
        if pool is not None:
            pool.close()
        for env in getattr(self, "envs", ()):
            env.close()
        self._has_reset = False


def _task_vector_class(task: str, module: str, version: str) -> type[MujocoVectorEnv]:
    suffix = "V4" if version == "v4" else ""
    single = f"{task}{suffix}Env"
    name = f"{task}{suffix}VectorEnv"
    doc = (
        f"``num_envs`` :class:`~gymkit_mujoco.{module}.{single}` sub-envs ({task}-{version}) "
        "stepped by a thread pool; the options are those of :class:`MujocoVectorEnv` and of "
        "the single env."
    )
    cls = type(
        name,
        (MujocoVectorEnv,),
        {
            "__doc__": doc,
            "__module__": __name__,
            "env_entry_point": f"gymkit_mujoco.{module}:{single}",
        },
    )
    cls.__qualname__ = name
    return cls


_TASK_MODULES = {
    "Ant": "ant",
    "HalfCheetah": "half_cheetah",
    "Hopper": "hopper",
    "Humanoid": "humanoid",
    "HumanoidStandup": "humanoid_standup",
    "InvertedDoublePendulum": "inverted_double_pendulum",
    "InvertedPendulum": "inverted_pendulum",
    "Pusher": "pusher",
    "Reacher": "reacher",
    "Swimmer": "swimmer",
    "Walker2d": "walker2d",
}

AntVectorEnv = _task_vector_class("Ant", "ant", "v5")
AntV4VectorEnv = _task_vector_class("Ant", "ant", "v4")
HalfCheetahVectorEnv = _task_vector_class("HalfCheetah", "half_cheetah", "v5")
HalfCheetahV4VectorEnv = _task_vector_class("HalfCheetah", "half_cheetah", "v4")
HopperVectorEnv = _task_vector_class("Hopper", "hopper", "v5")
HopperV4VectorEnv = _task_vector_class("Hopper", "hopper", "v4")
HumanoidVectorEnv = _task_vector_class("Humanoid", "humanoid", "v5")
HumanoidV4VectorEnv = _task_vector_class("Humanoid", "humanoid", "v4")
HumanoidStandupVectorEnv = _task_vector_class("HumanoidStandup", "humanoid_standup", "v5")
HumanoidStandupV4VectorEnv = _task_vector_class("HumanoidStandup", "humanoid_standup", "v4")
InvertedDoublePendulumVectorEnv = _task_vector_class(
    "InvertedDoublePendulum", "inverted_double_pendulum", "v5"
)
InvertedDoublePendulumV4VectorEnv = _task_vector_class(
    "InvertedDoublePendulum", "inverted_double_pendulum", "v4"
)
InvertedPendulumVectorEnv = _task_vector_class("InvertedPendulum", "inverted_pendulum", "v5")
InvertedPendulumV4VectorEnv = _task_vector_class("InvertedPendulum", "inverted_pendulum", "v4")
PusherVectorEnv = _task_vector_class("Pusher", "pusher", "v5")
PusherV4VectorEnv = _task_vector_class("Pusher", "pusher", "v4")
ReacherVectorEnv = _task_vector_class("Reacher", "reacher", "v5")
ReacherV4VectorEnv = _task_vector_class("Reacher", "reacher", "v4")
SwimmerVectorEnv = _task_vector_class("Swimmer", "swimmer", "v5")
SwimmerV4VectorEnv = _task_vector_class("Swimmer", "swimmer", "v4")
Walker2dVectorEnv = _task_vector_class("Walker2d", "walker2d", "v5")
Walker2dV4VectorEnv = _task_vector_class("Walker2d", "walker2d", "v4")

__all__ += [f"{task}{suffix}VectorEnv" for task in _TASK_MODULES for suffix in ("", "V4")]
