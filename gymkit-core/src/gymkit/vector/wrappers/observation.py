"""Observation wrappers for vector envs: TransformObservation and NormalizeObservation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from gymkit import error
from gymkit.vector.vector_env import VectorEnv, VectorObservationWrapper

__all__ = ["NormalizeObservation", "TransformObservation"]


class TransformObservation(VectorObservationWrapper[Any, Any, Any]):
    """Apply ``func`` to every batched observation (the whole batch at once).

    Pass ``observation_space`` (batched) and/or ``single_observation_space`` when ``func``
    changes the space; given only the single one, the batched space is its batch.
    """

    def __init__(
        self,
        env: VectorEnv[Any, Any, Any],
        func: Callable[[Any], Any],
        observation_space: Any = None,
        single_observation_space: Any = None,
    ) -> None:
        super().__init__(env)
        if not callable(func):
            raise error.InvalidWrapperArgument(
                f"TransformObservation needs a callable func, got {func!r}"
            )
        self.func = func
        if single_observation_space is not None:
            self.single_observation_space = single_observation_space
            if observation_space is None:
                from gymkit.spaces import batch_space

                observation_space = batch_space(single_observation_space, self.num_envs)
        if observation_space is not None:
            self.observation_space = observation_space

    def observations(self, observations: Any) -> Any:
        """Return ``func(observations)``."""
        return self.func(observations)


class NormalizeObservation(VectorObservationWrapper[Any, Any, Any]):
    """Normalise Box observations to roughly zero mean and unit variance per dimension.

    Every batch first updates the running statistics (:attr:`obs_rms`, the
    :class:`~gymkit.wrappers.utils.RunningMeanStd` of the single-env wrapper) unless
    :attr:`update_running_mean` is ``False``, then is returned as
    ``(obs - mean) / sqrt(var + epsilon)`` in ``float32``; the spaces become unbounded float32
    Boxes of the same shapes.
    """

    def __init__(self, env: VectorEnv[Any, Any, Any], epsilon: float = 1e-8) -> None:
        super().__init__(env)
        from gymkit.spaces import Box
        from gymkit.wrappers.utils import RunningMeanStd, require_box

        single = require_box("NormalizeObservation", env.single_observation_space, "observation")
        if not epsilon > 0:
            raise error.InvalidWrapperArgument(
                f"NormalizeObservation needs epsilon > 0, got {epsilon!r}"
            )
        self.single_observation_space = Box(-np.inf, np.inf, shape=single.shape, dtype=np.float32)
        self.observation_space = Box(
            -np.inf, np.inf, shape=(self.num_envs, *single.shape), dtype=np.float32
        )
        self.obs_rms = RunningMeanStd(shape=single.shape)
        self.epsilon = float(epsilon)
        self.update_running_mean = True

    def observations(self, observations: Any) -> np.ndarray:
        """Update the statistics with the batch (if enabled) and return it normalised."""
        obs = np.asarray(observations, dtype=np.float64)
        if self.update_running_mean:
            self.obs_rms.update(obs)
        return self.obs_rms.normalize(obs, self.epsilon).astype(np.float32)
