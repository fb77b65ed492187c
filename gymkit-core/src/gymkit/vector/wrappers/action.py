"""Action wrappers for vector envs: TransformAction, ClipAction and RescaleAction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from gymkit import error
from gymkit.vector.vector_env import VectorActionWrapper, VectorEnv

__all__ = ["ClipAction", "RescaleAction", "TransformAction"]


class TransformAction(VectorActionWrapper[Any, Any, Any]):
    """Apply ``func`` to every batch of actions before the wrapped env sees it.

    Pass ``action_space`` (batched) and/or ``single_action_space`` for the space the agent acts
    in when it differs; given only the single one, the batched space is its batch.
    """

    def __init__(
        self,
        env: VectorEnv[Any, Any, Any],
        func: Callable[[Any], Any],
        action_space: Any = None,
        single_action_space: Any = None,
    ) -> None:
        super().__init__(env)
        if not callable(func):
            raise error.InvalidWrapperArgument(
                f"TransformAction needs a callable func, got {func!r}"
            )
        self.func = func
        if single_action_space is not None:
            self.single_action_space = single_action_space
            if action_space is None:
                from gymkit.spaces import batch_space

                action_space = batch_space(single_action_space, self.num_envs)
        if action_space is not None:
            self.action_space = action_space

    def actions(self, actions: Any) -> Any:
        """Return ``func(actions)``."""
        return self.func(actions)


class ClipAction(VectorActionWrapper[Any, Any, Any]):
    """Clip every sub-env's Box action into the wrapped env's bounds; the agent's spaces become
    unbounded Boxes of the same shapes and dtype."""

    def __init__(self, env: VectorEnv[Any, Any, Any]) -> None:
        super().__init__(env)
        from gymkit.spaces import Box
        from gymkit.wrappers.utils import require_box

        single = require_box("ClipAction", env.single_action_space, "action")
        self._low, self._high = single.low, single.high
        self.single_action_space = Box(-np.inf, np.inf, shape=single.shape, dtype=single.dtype)
        self.action_space = Box(
            -np.inf, np.inf, shape=(self.num_envs, *single.shape), dtype=single.dtype
        )

    def actions(self, actions: Any) -> np.ndarray:
        """Return the actions clipped into the wrapped env's bounds (broadcast per sub-env)."""
        return np.clip(actions, self._low, self._high).astype(self._low.dtype, copy=False)


class RescaleAction(VectorActionWrapper[Any, Any, Any]):
    """Let the agent act in ``[min_action, max_action]`` per sub-env; map linearly onto the
    wrapped env's (finite, floating) Box bounds, as the single-env ``RescaleAction`` (whose
    checks and mapping it reuses)."""

    def __init__(
        self,
        env: VectorEnv[Any, Any, Any],
        min_action: float | np.ndarray,
        max_action: float | np.ndarray,
    ) -> None:
        super().__init__(env)
        from gymkit.spaces import batch_space
        from gymkit.vector.wrappers.vectorize import SingleSpacesEnv
        from gymkit.wrappers.action import RescaleAction as SingleRescaleAction

        single = SingleRescaleAction(
            SingleSpacesEnv(env.single_observation_space, env.single_action_space),
            min_action,
            max_action,
        )
        self.min_action, self.max_action = single.min_action, single.max_action
        self._single = single
        self.single_action_space = single.action_space
        self.action_space = batch_space(single.action_space, self.num_envs)

    def actions(self, actions: Any) -> np.ndarray:
        """Return the actions mapped onto the wrapped env's bounds."""
        s = self._single
        mapped = np.asarray(actions, dtype=np.float64) * s._scale + s._offset
        return np.clip(mapped, s._env_low, s._env_high).astype(s._env_low.dtype)
