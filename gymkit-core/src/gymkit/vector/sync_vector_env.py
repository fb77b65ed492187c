"""SyncVectorEnv: sub-envs stepped one after another in the calling process.

The lightest way to batch envs: no process, no pickling, observations stacked into a batched
buffer allocated once. Use it for cheap envs (where a process round trip costs more than a step)
and for debugging; use :class:`~gymkit.vector.AsyncVectorEnv` when a step is expensive.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from copy import deepcopy
from typing import Any

import numpy as np

from gymkit.core import Env
from gymkit.vector.utils import add_info, check_reset_mask
from gymkit.vector.vector_env import AutoresetMode, VectorEnv, resolve_seeds

__all__ = ["SyncVectorEnv", "batched_spaces"]


def batched_spaces(
    envs_spaces: Sequence[tuple[Any, Any]], observation_mode: str | Any, num_envs: int
) -> tuple[Any, Any, Any, Any]:
    """Check the sub-envs' ``(observation_space, action_space)`` pairs and return
    ``(single_obs, single_act, batched_obs, batched_act)``.

    ``observation_mode``: ``"same"`` (every sub-env has the same observation space),
    ``"different"`` (same kind and shape, different bounds: batched with
    ``batch_differing_spaces``) or a ``Space`` to use as the batched observation space. Action
    spaces must always be equal.
    """
    from gymkit.spaces import Space, batch_differing_spaces, batch_space

    single_obs, single_act = envs_spaces[0]
    for index, (obs_space, act_space) in enumerate(envs_spaces[1:], start=1):
        if act_space != single_act:
            raise ValueError(
                f"sub-env {index} has action space {act_space!r}, sub-env 0 has {single_act!r}; "
                "every sub-env of a vector env must share one action space"
            )
        if observation_mode == "same" and obs_space != single_obs:
            raise ValueError(
                f"sub-env {index} has observation space {obs_space!r}, sub-env 0 has "
                f"{single_obs!r}; pass observation_mode='different' to batch differing bounds"
            )
    if observation_mode == "same":
        batched_obs = batch_space(single_obs, num_envs)
    elif observation_mode == "different":
        batched_obs = batch_differing_spaces([spaces[0] for spaces in envs_spaces])
    elif isinstance(observation_mode, Space):
        batched_obs = observation_mode
    else:
        raise ValueError(
            f"observation_mode must be 'same', 'different' or a Space, got {observation_mode!r}"
        )
    return single_obs, single_act, batched_obs, batch_space(single_act, num_envs)


def copy_batch(batch: Any) -> Any:
    """A copy of a batched observation (fast for a plain array)."""
    if type(batch) is np.ndarray:
        return batch.copy()
    return deepcopy(batch)


class SyncVectorEnv(VectorEnv[Any, Any, np.ndarray]):
    """Runs ``len(env_fns)`` sub-envs sequentially in this process.

    Args:
        env_fns: callables, each returning a new :class:`gymkit.Env` (e.g.
            ``lambda: gymkit.make("CartPole-v1")``).
        copy: return a copy of the batched observation (``True``) or the internal buffer, which
            the next ``step``/``reset`` overwrites (``False``, saves one copy per step).
        observation_mode: ``"same"``, ``"different"`` or a batched ``Space``; see
            :func:`batched_spaces`.
        autoreset_mode: an :class:`AutoresetMode` or its value; see :mod:`gymkit.vector`.

    Raises ``ValueError`` for an empty ``env_fns``, a non-callable entry or mismatched spaces.
    """

    def __init__(
        self,
        env_fns: Iterable[Callable[[], Env[Any, Any]]],
        copy: bool = True,
        observation_mode: str | Any = "same",
        autoreset_mode: AutoresetMode | str = AutoresetMode.NEXT_STEP,
    ) -> None:
        env_fns = list(env_fns)
        if not env_fns:
            raise ValueError("SyncVectorEnv needs at least one env function, got none")
        for index, fn in enumerate(env_fns):
            if not callable(fn):
                raise TypeError(
                    f"env_fns[{index}] must be a callable returning an Env, got {fn!r}; "
                    "wrap it: lambda: gymkit.make(...)"
                )
        self._autoreset_mode = AutoresetMode.parse(autoreset_mode)
        self.copy = bool(copy)
        self.envs: list[Env[Any, Any]] = []
        try:
            for index, fn in enumerate(env_fns):
                env = fn()
                if not isinstance(env, Env):
                    raise TypeError(
                        f"env_fns[{index}] returned {env!r}, not a gymkit.Env; "
                        "each function must build one env"
                    )
                self.envs.append(env)
            self.num_envs = len(self.envs)
            first = self.envs[0]
            self.metadata = {**first.metadata, "autoreset_mode": self._autoreset_mode}
            self.spec = first.spec
            self.render_mode = first.render_mode
            (
                self.single_observation_space,
                self.single_action_space,
                self.observation_space,
                self.action_space,
            ) = batched_spaces(
                [(e.observation_space, e.action_space) for e in self.envs],
                observation_mode,
                self.num_envs,
            )
        except BaseException:
            for env in self.envs:
                env.close()
            self.closed = True
            raise
        from gymkit.spaces import concatenate, create_empty_array, iterate

        self._iterate = iterate
        self._concatenate = concatenate
        self._observations = create_empty_array(
            self.single_observation_space, self.num_envs, fn=np.zeros
        )
        self._env_obs: list[Any] = [None] * self.num_envs
        self._autoreset_envs = [False] * self.num_envs
        from gymkit.spaces import Box, Discrete, MultiBinary, MultiDiscrete

        # Fast paths (the hot loop's overhead over a bare loop is what SyncVectorEnv costs):
        # array actions are iterated directly (Discrete ones as Python ints, which the envs
        # look up fastest), and Box observations of rank >= 1 are joined with one NumPy call:
        # np.array of the list when a new array is returned anyway (copy=True), else one
        # np.concatenate into a flat view of the buffer.
        self._array_actions = isinstance(self.action_space, (MultiDiscrete, MultiBinary)) or (
            isinstance(self.action_space, Box) and len(self.action_space.shape) >= 2
        )
        self._int_actions = isinstance(self.single_action_space, Discrete)
        self._flat_obs: np.ndarray | None = None
        self._obs_dtype: np.dtype[Any] | None = None
        if (
            isinstance(self.single_observation_space, Box)
            and len(self.single_observation_space.shape) >= 1
            and type(self._observations) is np.ndarray
        ):
            shape = self.single_observation_space.shape
            self._flat_obs = self._observations.reshape(self.num_envs * shape[0], *shape[1:])
            self._obs_dtype = self._observations.dtype

    # ------------------------------------------------------------------ reset
    def reset(
        self,
        *,
        seed: int | list[int | None] | None = None,
        options: dict[str, Any] | None = None,
    ) -> tuple[Any, dict[str, Any]]:
        """Reset every sub-env (or those of ``options["reset_mask"]``) and return batched
        ``(obs, infos)``; sub-env ``i`` gets seed ``seed + i`` for an int ``seed``."""
        self._assert_open()
        super().reset(seed=seed)
        seeds = resolve_seeds(seed, self.num_envs)
        mask = check_reset_mask(options, self.num_envs)
        env_options = options
        if mask is not None:
            env_options = {k: v for k, v in options.items() if k != "reset_mask"} or None  # type: ignore[union-attr]
        infos: dict[str, Any] = {}
        env_obs = self._env_obs
        for i, (env, env_seed) in enumerate(zip(self.envs, seeds)):
            if mask is not None and not mask[i]:
                continue
            env_obs[i], info = env.reset(seed=env_seed, options=env_options)
            if info:
                add_info(infos, info, i, self.num_envs)
            self._autoreset_envs[i] = False
        if mask is None:
            return self._join_observations(), infos
        self._write_rows(mask)
        return (copy_batch(self._observations) if self.copy else self._observations), infos

    def _write_rows(self, rows: np.ndarray) -> None:
        from gymkit.spaces import concatenate

        indices = np.flatnonzero(rows)
        if self._flat_obs is not None and all(obs is not None for obs in self._env_obs):
            # every sub-env's latest observation is in _env_obs (the buffer may be stale: with
            # copy=True, steps return new arrays without writing it)
            np.concatenate(self._env_obs, axis=0, out=self._flat_obs)
        elif type(self._observations) is np.ndarray:
            for i in indices:
                self._observations[i] = self._env_obs[i]
        else:
            # Structured spaces: rebuild from the latest per-env observations.
            self._observations = concatenate(
                self.single_observation_space, self._env_obs, self._observations
            )

    # ------------------------------------------------------------------ step
    def _single_actions(self, actions: Any) -> Any:
        if self._array_actions and type(actions) is np.ndarray and actions.ndim >= 1:
            if actions.shape[0] != self.num_envs:
                raise ValueError(
                    f"expected one action per sub-env ({self.num_envs}), got an array of shape "
                    f"{actions.shape}"
                )
            if self._int_actions and actions.ndim == 1 and actions.dtype.kind in "iu":
                return actions.tolist()
            return actions
        return self._iterate(self.action_space, actions)

    def _join_observations(self) -> Any:
        if self._flat_obs is not None:
            if self.copy:  # a new array: the buffer is rebuilt when needed (_write_rows)
                joined = np.array(self._env_obs, dtype=self._obs_dtype)
                if joined.shape == self._observations.shape:
                    return joined
            np.concatenate(self._env_obs, axis=0, out=self._flat_obs)
        else:
            self._observations = self._concatenate(
                self.single_observation_space, self._env_obs, self._observations
            )
        return copy_batch(self._observations) if self.copy else self._observations

    def step(self, actions: Any) -> tuple[Any, np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
        """Step every sub-env; autoreset per :attr:`autoreset_mode`; return batched
        ``(obs, rewards, terminations, truncations, infos)``."""
        if self.closed:
            self._assert_open()
        n = self.num_envs
        rewards: list[Any] = [0.0] * n
        # episode ends are rare: flags are set only when one happens
        terminations = np.zeros(n, dtype=np.bool_)
        truncations = np.zeros(n, dtype=np.bool_)
        infos: dict[str, Any] = {}
        env_obs = self._env_obs
        mode = self._autoreset_mode
        single_actions = self._single_actions(actions)
        if mode is AutoresetMode.NEXT_STEP:
            autoreset = self._autoreset_envs
            for i, (env, action) in enumerate(zip(self.envs, single_actions)):
                if autoreset[i]:
                    env_obs[i], info = env.reset()
                    autoreset[i] = False
                else:
                    env_obs[i], rewards[i], terminated, truncated, info = env.step(action)
                    if terminated or truncated:
                        terminations[i] = terminated
                        truncations[i] = truncated
                        autoreset[i] = True
                if info:
                    add_info(infos, info, i, n)
        elif mode is AutoresetMode.SAME_STEP:
            for i, (env, action) in enumerate(zip(self.envs, single_actions)):
                obs, rewards[i], terminated, truncated, info = env.step(action)
                if terminated or truncated:
                    terminations[i] = terminated
                    truncations[i] = truncated
                    final_obs, final_info = obs, info
                    obs, info = env.reset()
                    info = {**info, "final_obs": final_obs, "final_info": final_info}
                env_obs[i] = obs
                if info:
                    add_info(infos, info, i, n)
        else:
            for i, (env, action) in enumerate(zip(self.envs, single_actions)):
                env_obs[i], rewards[i], terminated, truncated, info = env.step(action)
                if terminated or truncated:
                    terminations[i] = terminated
                    truncations[i] = truncated
                if info:
                    add_info(infos, info, i, n)
        return (
            self._join_observations(),
            np.array(rewards, dtype=np.float64),
            terminations,
            truncations,
            infos,
        )

    # ------------------------------------------------------------------ render, call, close
    def render(self) -> tuple[Any, ...] | None:
        """Each sub-env's ``render()`` result, as a tuple."""
        self._assert_open()
        return tuple(env.render() for env in self.envs)

    def call(self, name: str, *args: Any, **kwargs: Any) -> tuple[Any, ...]:
        """For each sub-env: call its attribute ``name`` (found through its wrappers) with the
        arguments, or return the attribute when it is not callable. Returns a tuple."""
        self._assert_open()
        results = []
        for env in self.envs:
            attr = env.get_wrapper_attr(name)
            results.append(attr(*args, **kwargs) if callable(attr) else attr)
        return tuple(results)

    def get_attr(self, name: str) -> tuple[Any, ...]:
        """Each sub-env's attribute ``name`` (through its wrappers), as a tuple."""
        self._assert_open()
        return tuple(env.get_wrapper_attr(name) for env in self.envs)

    def set_attr(self, name: str, values: Any) -> None:
        """Set attribute ``name`` on every sub-env: ``values`` is one value per sub-env (list or
        tuple of ``num_envs``) or a single value given to all."""
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
        """Close every sub-env."""
        for env in getattr(self, "envs", []):
            env.close()
