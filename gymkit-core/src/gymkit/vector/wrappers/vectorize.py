"""Apply single-env wrappers to vector envs.

- :class:`SingleSpacesEnv` — an env that only carries a pair of spaces, so a single-env wrapper
  can be constructed (and its spaces and transforms computed) without a real sub-env.
- :class:`VectorizeTransformObservation` / :class:`VectorizeTransformAction` /
  :class:`VectorizeTransformReward` — run a single-env ``ObservationWrapper`` /
  ``ActionWrapper`` / ``RewardWrapper``'s transform on every sub-env's item of the batch. They
  work on any vector env, including the native batched ones, which have no single sub-envs to
  wrap.
- :func:`wrap_each` — for Sync/Async vector envs: an env function that builds the env and wraps
  it in the given single-env wrappers (what ``make_vec(..., wrappers=[...])`` uses).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from gymkit.core import ActionWrapper, Env, ObservationWrapper, RewardWrapper
from gymkit.vector.vector_env import (
    VectorActionWrapper,
    VectorEnv,
    VectorObservationWrapper,
    VectorRewardWrapper,
)

__all__ = [
    "SingleSpacesEnv",
    "VectorizeTransformAction",
    "VectorizeTransformObservation",
    "VectorizeTransformReward",
    "wrap_each",
]


class SingleSpacesEnv(Env[Any, Any]):
    """An env holding only ``observation_space`` and ``action_space`` (and ``metadata``).

    Its ``reset``/``step`` raise: it exists so that wrappers, which read their wrapped env's
    spaces at construction, can be built for their transforms alone.
    """

    def __init__(
        self, observation_space: Any, action_space: Any, metadata: dict[str, Any] | None = None
    ) -> None:
        self.observation_space = observation_space
        self.action_space = action_space
        if metadata is not None:
            self.metadata = metadata

    def step(self, action: Any) -> Any:
        """Not steppable: this env only carries spaces."""
        raise TypeError("SingleSpacesEnv only carries spaces; it cannot be stepped")

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None) -> Any:
        """Not resettable: this env only carries spaces."""
        raise TypeError("SingleSpacesEnv only carries spaces; it cannot be reset")


def _build(
    env: VectorEnv[Any, Any, Any], wrapper: Callable[..., Any], kwargs: dict[str, Any]
) -> Any:
    holder = SingleSpacesEnv(env.single_observation_space, env.single_action_space)
    return wrapper(holder, **kwargs)


class VectorizeTransformObservation(VectorObservationWrapper[Any, Any, Any]):
    """Transform each sub-env's observation with a single-env ``ObservationWrapper`` class
    (built once on the single spaces, e.g. ``FlattenObservation``); the batched observation
    space becomes the batch of the wrapper's space."""

    def __init__(
        self,
        env: VectorEnv[Any, Any, Any],
        wrapper: type[ObservationWrapper[Any, Any, Any]],
        **kwargs: Any,
    ) -> None:
        super().__init__(env)
        from gymkit.spaces import batch_space, create_empty_array

        self.wrapper = _build(env, wrapper, kwargs)
        if not isinstance(self.wrapper, ObservationWrapper):
            raise TypeError(
                f"VectorizeTransformObservation needs an ObservationWrapper class, got {wrapper!r}"
            )
        self.single_observation_space = self.wrapper.observation_space
        self.observation_space = batch_space(self.single_observation_space, self.num_envs)
        self._out = create_empty_array(self.single_observation_space, self.num_envs)

    def observations(self, observations: Any) -> Any:
        """Apply the wrapper's ``observation`` to every sub-env's item and re-batch."""
        from gymkit.spaces import concatenate, iterate

        items = [
            self.wrapper.observation(item)
            for item in iterate(self.env.observation_space, observations)
        ]
        return concatenate(self.single_observation_space, items, self._out).copy()


class VectorizeTransformAction(VectorActionWrapper[Any, Any, Any]):
    """Transform each sub-env's action with a single-env ``ActionWrapper`` class (built once on
    the single spaces, e.g. ``RescaleAction``); the batched action space becomes the batch of
    the wrapper's space."""

    def __init__(
        self,
        env: VectorEnv[Any, Any, Any],
        wrapper: type[ActionWrapper[Any, Any, Any]],
        **kwargs: Any,
    ) -> None:
        super().__init__(env)
        from gymkit.spaces import batch_space, create_empty_array

        self.wrapper = _build(env, wrapper, kwargs)
        if not isinstance(self.wrapper, ActionWrapper):
            raise TypeError(
                f"VectorizeTransformAction needs an ActionWrapper class, got {wrapper!r}"
            )
        self.single_action_space = self.wrapper.action_space
        self.action_space = batch_space(self.single_action_space, self.num_envs)
        self._out = create_empty_array(self.env.single_action_space, self.num_envs)

    def actions(self, actions: Any) -> Any:
        """Apply the wrapper's ``action`` to every sub-env's action and re-batch."""
        from gymkit.spaces import concatenate, iterate

        items = [self.wrapper.action(item) for item in iterate(self.action_space, actions)]
        return concatenate(self.env.single_action_space, items, self._out).copy()


class VectorizeTransformReward(VectorRewardWrapper[Any, Any, Any]):
    """Transform each sub-env's reward with a single-env ``RewardWrapper`` class (e.g.
    ``ClipReward``)."""

    def __init__(
        self,
        env: VectorEnv[Any, Any, Any],
        wrapper: type[RewardWrapper[Any, Any]],
        **kwargs: Any,
    ) -> None:
        super().__init__(env)
        self.wrapper = _build(env, wrapper, kwargs)
        if not isinstance(self.wrapper, RewardWrapper):
            raise TypeError(
                f"VectorizeTransformReward needs a RewardWrapper class, got {wrapper!r}"
            )

    def rewards(self, rewards: Any) -> np.ndarray:
        """Apply the wrapper's ``reward`` to every sub-env's reward."""
        return np.array([float(self.wrapper.reward(r)) for r in rewards], dtype=np.float64)


def _build_wrapped(
    env_fn: Callable[[], Env[Any, Any]],
    wrappers: Sequence[Callable[[Env[Any, Any]], Env[Any, Any]]],
) -> Env[Any, Any]:
    env = env_fn()
    for wrapper in wrappers:
        env = wrapper(env)
    return env


def wrap_each(
    env_fn: Callable[[], Env[Any, Any]],
    wrappers: Sequence[Callable[[Env[Any, Any]], Env[Any, Any]]],
) -> Callable[[], Env[Any, Any]]:
    """An env function that calls ``env_fn`` and applies ``wrappers`` in order (each a callable
    ``env -> env``: a wrapper class, or ``functools.partial(Wrapper, **kwargs)``). The result
    is picklable when ``env_fn`` and the wrappers are, so it works with every
    ``AsyncVectorEnv`` context."""
    for index, wrapper in enumerate(wrappers):
        if not callable(wrapper):
            raise TypeError(
                f"wrappers[{index}] must be a callable env -> env (a wrapper class or a "
                f"functools.partial of one), got {wrapper!r}"
            )
    return functools.partial(_build_wrapped, env_fn, tuple(wrappers))
