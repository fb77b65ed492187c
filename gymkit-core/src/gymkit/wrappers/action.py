"""Wrappers that transform actions before the wrapped env sees them.

A wrapper that cannot handle the wrapped env's action space raises
:class:`gymkit.error.UnsupportedSpace` at construction; a bad argument raises
:class:`gymkit.error.InvalidWrapperArgument`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, SupportsFloat

import numpy as np

from gymkit import error
from gymkit.core import ActionWrapper, ActType, Env, ObsType, Wrapper, WrapperActType
from gymkit.spaces import Box, Space
from gymkit.wrappers.observation import _new_bounds, _require_finite_float_box
from gymkit.wrappers.utils import affine_map, require_box

__all__ = ["ClipAction", "RescaleAction", "StickyAction", "TransformAction"]


def _box_action(wrapper: str, action: Any, space: Box) -> np.ndarray:
    """``action`` as a float64 array of ``space.shape``; :class:`error.InvalidAction` if it is
    not numeric, has another shape, or holds NaN."""
    try:
        array = np.asarray(action, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise error.InvalidAction(
            f"{wrapper} got the action {action!r}, which is not numeric; expected an element "
            f"of {space!r}"
        ) from exc
    if array.shape != space.shape or np.isnan(array).any():
        raise error.InvalidAction(
            f"{wrapper} got the action {action!r} (shape {array.shape}); expected an element of "
            f"{space!r}: a {space.shape} array without NaN"
        )
    return array


class TransformAction(ActionWrapper[ObsType, WrapperActType, ActType]):
    """Apply ``func`` to every action before stepping the wrapped env.

    ``action_space`` is the space the agent acts in (``func`` maps it into the wrapped env's
    action space); ``None`` keeps the wrapped env's action space.
    """

    def __init__(
        self,
        env: Env[ObsType, ActType],
        func: Callable[[WrapperActType], ActType],
        action_space: Space[WrapperActType] | None,
    ) -> None:
        super().__init__(env)
        if not callable(func):
            raise error.InvalidWrapperArgument(
                f"TransformAction needs a callable func, got {func!r}"
            )
        if action_space is not None:
            if not isinstance(action_space, Space):
                raise error.InvalidWrapperArgument(
                    "TransformAction's action_space must be a gymkit.spaces.Space or None, got "
                    f"{action_space!r}"
                )
            self.action_space = action_space
        self.func = func

    def action(self, action: WrapperActType) -> ActType:
        """Return ``func(action)``."""
        return self.func(action)


class ClipAction(ActionWrapper[ObsType, np.ndarray, np.ndarray]):
    """Clip Box actions into the wrapped env's ``[low, high]``.

    The agent's action space becomes the unbounded Box of the same shape and dtype, so any
    finite action is accepted. Clipping is idempotent.
    """

    def __init__(self, env: Env[ObsType, np.ndarray]) -> None:
        super().__init__(env)
        space = require_box("ClipAction", env.action_space, "action")
        self._low, self._high = space.low, space.high
        self._agent_space = Box(low=-np.inf, high=np.inf, shape=space.shape, dtype=space.dtype)
        self.action_space = self._agent_space

    def action(self, action: np.ndarray) -> np.ndarray:
        """Return ``action`` clipped into the wrapped env's bounds.

        Raises :class:`gymkit.error.InvalidAction` for a non-numeric action, a wrong shape or NaN.
        """
        array = _box_action("ClipAction", action, self._agent_space)
        return np.clip(array, self._low, self._high).astype(self._low.dtype)


class RescaleAction(ActionWrapper[ObsType, np.ndarray, np.ndarray]):
    """Let the agent act in ``[min_action, max_action]``; map linearly onto the env's bounds.

    The wrapped action space must be a floating Box with finite bounds; ``min_action`` and
    ``max_action`` (scalars or arrays broadcastable to its shape) must satisfy
    ``min_action < max_action``. The mapped action is clipped against rounding into the env's
    bounds.
    """

    def __init__(
        self,
        env: Env[ObsType, np.ndarray],
        min_action: float | np.ndarray,
        max_action: float | np.ndarray,
    ) -> None:
        super().__init__(env)
        space = _require_finite_float_box("RescaleAction", env.action_space, "action")
        low, high = _new_bounds(
            "RescaleAction", space, min_action, max_action, "min_action", "max_action"
        )
        self.min_action, self.max_action = low, high
        self._env_low, self._env_high = space.low, space.high
        self._scale, self._offset = affine_map(low, high, space.low, space.high)
        self._agent_space = Box(low=low, high=high, shape=space.shape, dtype=space.dtype)
        self.action_space = self._agent_space

    def action(self, action: np.ndarray) -> np.ndarray:
        """Return the action mapped onto the wrapped env's bounds.

        An action outside ``[min_action, max_action]`` is mapped and then clipped; a
        non-numeric action, a wrong shape or NaN raises :class:`gymkit.error.InvalidAction`.
        """
        array = _box_action("RescaleAction", action, self._agent_space)
        mapped = array * self._scale + self._offset
        return np.clip(mapped, self._env_low, self._env_high).astype(self._env_low.dtype)


class StickyAction(Wrapper[ObsType, ActType, ObsType, ActType]):
    """With probability ``repeat_action_probability`` keep executing the previous action.

    At each step, if no repetition is running, a repetition of the previous action starts with
    probability ``repeat_action_probability`` and lasts ``repeat_action_duration`` steps (an
    int, or ``(low, high)`` for a uniformly drawn length, both inclusive); during it the agent's
    actions are ignored. The first step after ``reset`` always executes the agent's action.
    Randomness comes from the env's ``np_random``, so ``reset(seed=...)`` makes it reproducible.
    """

    def __init__(
        self,
        env: Env[ObsType, ActType],
        repeat_action_probability: float,
        repeat_action_duration: int | tuple[int, int] = 1,
    ) -> None:
        super().__init__(env)
        p = repeat_action_probability
        if isinstance(p, bool) or not isinstance(p, (int, float, np.floating)) or not 0 <= p < 1:
            raise error.InvalidWrapperArgument(
                f"StickyAction needs 0 <= repeat_action_probability < 1, got {p!r}"
            )
        if isinstance(repeat_action_duration, (int, np.integer)) and not isinstance(
            repeat_action_duration, bool
        ):
            duration = (int(repeat_action_duration), int(repeat_action_duration))
        elif (
            isinstance(repeat_action_duration, (tuple, list))
            and len(repeat_action_duration) == 2
            and all(isinstance(d, (int, np.integer)) for d in repeat_action_duration)
        ):
            duration = (int(repeat_action_duration[0]), int(repeat_action_duration[1]))
        else:
            raise error.InvalidWrapperArgument(
                "StickyAction repeat_action_duration must be an int or a (low, high) pair of "
                f"ints, got {repeat_action_duration!r}"
            )
        if duration[0] < 1 or duration[1] < duration[0]:
            raise error.InvalidWrapperArgument(
                f"StickyAction needs 1 <= repeat_action_duration (low <= high), got "
                f"{repeat_action_duration!r}"
            )
        self.repeat_action_probability = float(p)
        self.repeat_action_duration = duration
        self.last_action: ActType | None = None
        self._repeats_left = 0

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[ObsType, dict[str, Any]]:
        """Forget the previous action and reset."""
        self.last_action = None
        self._repeats_left = 0
        return self.env.reset(seed=seed, options=options)

    def step(self, action: ActType) -> tuple[ObsType, SupportsFloat, bool, bool, dict[str, Any]]:
        """Step with the previous action while a repetition runs, else with ``action``."""
        if (
            self._repeats_left == 0
            and self.last_action is not None
            and self.np_random.uniform() < self.repeat_action_probability
        ):
            low, high = self.repeat_action_duration
            self._repeats_left = low if low == high else int(self.np_random.integers(low, high + 1))
        if self._repeats_left > 0:
            self._repeats_left -= 1
            executed = self.last_action
        else:
            executed = action
            self.last_action = action
        return self.env.step(executed)  # type: ignore[arg-type]
