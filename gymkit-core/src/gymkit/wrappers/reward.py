"""Wrappers that transform rewards."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, SupportsFloat

import numpy as np

from gymkit import error
from gymkit.core import ActType, Env, ObsType, RewardWrapper, Wrapper
from gymkit.wrappers.utils import RunningMeanStd

__all__ = ["ClipReward", "NormalizeReward", "TransformReward"]


class TransformReward(RewardWrapper[ObsType, ActType]):
    """Apply ``func`` to every reward (``func`` must return a finite real scalar)."""

    def __init__(
        self, env: Env[ObsType, ActType], func: Callable[[SupportsFloat], SupportsFloat]
    ) -> None:
        super().__init__(env)
        if not callable(func):
            raise error.InvalidWrapperArgument(
                f"TransformReward needs a callable func, got {func!r}"
            )
        self.func = func

    def reward(self, reward: SupportsFloat) -> SupportsFloat:
        """Return ``func(reward)``."""
        return self.func(reward)


class ClipReward(RewardWrapper[ObsType, ActType]):
    """Clip every reward into ``[min_reward, max_reward]``; ``None`` leaves that side open.

    At least one bound must be given, and ``min_reward <= max_reward``. Clipping is idempotent.
    """

    def __init__(
        self,
        env: Env[ObsType, ActType],
        min_reward: float | None = None,
        max_reward: float | None = None,
    ) -> None:
        super().__init__(env)
        if min_reward is None and max_reward is None:
            raise error.InvalidWrapperArgument(
                "ClipReward needs min_reward or max_reward (or both); with neither it does nothing"
            )
        for name, value in (("min_reward", min_reward), ("max_reward", max_reward)):
            if value is not None and (
                isinstance(value, bool)
                or not isinstance(value, (int, float, np.number))
                or np.isnan(value)
            ):
                raise error.InvalidWrapperArgument(
                    f"ClipReward {name} must be a real number or None, got {value!r}"
                )
        if min_reward is not None and max_reward is not None and min_reward > max_reward:
            raise error.InvalidWrapperArgument(
                f"ClipReward needs min_reward <= max_reward, got {min_reward} > {max_reward}"
            )
        self.min_reward = -np.inf if min_reward is None else float(min_reward)
        self.max_reward = np.inf if max_reward is None else float(max_reward)

    def reward(self, reward: SupportsFloat) -> float:
        """Return ``reward`` clipped into the bounds."""
        return min(max(float(reward), self.min_reward), self.max_reward)


class NormalizeReward(Wrapper[ObsType, ActType, ObsType, ActType]):
    """Scale rewards so that the discounted return has roughly unit variance.

    The wrapper keeps the running discounted return ``G <- gamma * G + r`` of the current
    episode (``G`` restarts at 0 after an episode ends and on ``reset``) and the running
    variance of ``G`` (:attr:`return_rms`, a :class:`~gymkit.wrappers.utils.RunningMeanStd`).
    Each reward is returned as ``r / sqrt(var(G) + epsilon)`` (unscaled while fewer than two
    returns have been seen); the reward is not centred.
    Set :attr:`update_running_mean` to ``False`` to freeze the statistics (evaluation).
    """

    def __init__(
        self, env: Env[ObsType, ActType], gamma: float = 0.99, epsilon: float = 1e-8
    ) -> None:
        super().__init__(env)
        if not 0 <= gamma <= 1:
            raise error.InvalidWrapperArgument(
                f"NormalizeReward needs 0 <= gamma <= 1, got {gamma!r}"
            )
        if not epsilon > 0:
            raise error.InvalidWrapperArgument(
                f"NormalizeReward needs epsilon > 0, got {epsilon!r}"
            )
        self.gamma = float(gamma)
        self.epsilon = float(epsilon)
        self.return_rms = RunningMeanStd(shape=())
        self.discounted_reward = 0.0
        self._update_running_mean = True

    @property
    def update_running_mean(self) -> bool:
        """Whether new rewards update the return statistics."""
        return self._update_running_mean

    @update_running_mean.setter
    def update_running_mean(self, value: bool) -> None:
        self._update_running_mean = bool(value)

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[ObsType, dict[str, Any]]:
        """Restart the discounted return and reset."""
        self.discounted_reward = 0.0
        return self.env.reset(seed=seed, options=options)

    def step(self, action: ActType) -> tuple[ObsType, SupportsFloat, bool, bool, dict[str, Any]]:
        """Step and return the scaled reward."""
        obs, reward, terminated, truncated, info = self.env.step(action)
        self.discounted_reward = self.discounted_reward * self.gamma + float(reward)
        if self._update_running_mean:
            self.return_rms.push(self.discounted_reward)
        # One sample has no spread yet: leave the first reward unscaled instead of dividing it
        # by sqrt(epsilon).
        var = self.return_rms.var if self.return_rms.count > 1 else 1.0
        scaled = float(reward) / float(np.sqrt(var + self.epsilon))
        if terminated or truncated:
            self.discounted_reward = 0.0
        return obs, scaled, terminated, truncated, info
