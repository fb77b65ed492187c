"""Wrappers for vector envs: whole-batch versions of the common single-env wrappers, and the
``VectorizeTransform*`` wrappers that run any single-env transform wrapper per sub-env."""

from __future__ import annotations

from gymkit.vector.vector_env import (
    VectorActionWrapper,
    VectorObservationWrapper,
    VectorRewardWrapper,
    VectorWrapper,
)
from gymkit.vector.wrappers.action import ClipAction, RescaleAction, TransformAction
from gymkit.vector.wrappers.common import RecordEpisodeStatistics
from gymkit.vector.wrappers.observation import NormalizeObservation, TransformObservation
from gymkit.vector.wrappers.reward import NormalizeReward, TransformReward
from gymkit.vector.wrappers.vectorize import (
    SingleSpacesEnv,
    VectorizeTransformAction,
    VectorizeTransformObservation,
    VectorizeTransformReward,
    wrap_each,
)

__all__ = [
    "ClipAction",
    "NormalizeObservation",
    "NormalizeReward",
    "RecordEpisodeStatistics",
    "RescaleAction",
    "SingleSpacesEnv",
    "TransformAction",
    "TransformObservation",
    "TransformReward",
    "VectorActionWrapper",
    "VectorObservationWrapper",
    "VectorRewardWrapper",
    "VectorWrapper",
    "VectorizeTransformAction",
    "VectorizeTransformObservation",
    "VectorizeTransformReward",
    "wrap_each",
]
