"""Reward wrappers for vector envs: TransformReward and NormalizeReward."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from gymkit import error
from gymkit.vector.utils import check_reset_mask
from gymkit.vector.vector_env import VectorEnv, VectorRewardWrapper, VectorWrapper

__all__ = ["NormalizeReward", "TransformReward"]


class TransformReward(VectorRewardWrapper[Any, Any, Any]):
    """Apply ``func`` to every batch of rewards (an array of ``num_envs``)."""

    def __init__(self, env: VectorEnv[Any, Any, Any], func: Callable[[Any], Any]) -> None:
        super().__init__(env)
        if not callable(func):
            raise error.InvalidWrapperArgument(
                f"TransformReward needs a callable func, got {func!r}"
            )
        self.func = func

    def rewards(self, rewards: Any) -> Any:
        """Return ``func(rewards)``."""
        return self.func(rewards)


class NormalizeReward(VectorWrapper[Any, Any, Any]):
    """Scale rewards so that each sub-env's discounted return has roughly unit variance.

    Per sub-env the running discounted return ``G <- gamma * G + r`` restarts at 0 after its
    episode ends; the variance of ``G`` over all sub-envs and steps is tracked in
    :attr:`return_rms` (the single-env :class:`~gymkit.wrappers.utils.RunningMeanStd`), and
    rewards are returned as ``r / sqrt(var(G) + epsilon)`` (unscaled while fewer than two
    returns were seen). Set :attr:`update_running_mean` to ``False`` to freeze the statistics.
    """

    def __init__(
        self, env: VectorEnv[Any, Any, Any], gamma: float = 0.99, epsilon: float = 1e-8
    ) -> None:
        super().__init__(env)
        from gymkit.wrappers.utils import RunningMeanStd

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
        self.discounted_returns = np.zeros(self.num_envs, dtype=np.float64)
        self.update_running_mean = True

    def reset(
        self,
        *,
        seed: int | list[int | None] | None = None,
        options: dict[str, Any] | None = None,
    ) -> tuple[Any, dict[str, Any]]:
        """Reset and restart the discounted returns of the sub-envs reset."""
        mask = check_reset_mask(options, self.num_envs)
        self.discounted_returns[slice(None) if mask is None else mask] = 0.0
        return self.env.reset(seed=seed, options=options)

    def step(self, actions: Any) -> tuple[Any, Any, Any, Any, dict[str, Any]]:
        """Step and return the scaled rewards."""
        obs, rewards, terminations, truncations, infos = self.env.step(actions)
        rewards = np.asarray(rewards, dtype=np.float64)
        returns = self.discounted_returns
        returns *= self.gamma
        returns += rewards
        if self.update_running_mean:
            self.return_rms.update(returns)
        var = self.return_rms.var if self.return_rms.count > 1 else 1.0
        scaled = rewards / np.sqrt(var + self.epsilon)
        returns[np.logical_or(terminations, truncations)] = 0.0
        return obs, scaled, terminations, truncations, infos
