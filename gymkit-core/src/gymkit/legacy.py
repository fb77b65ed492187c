"""The seeds' spelling: ``import gymkit.legacy as gym`` and the rest of an old program runs.

This module is ``gymkit`` with one difference: :func:`make` returns envs with the seeds' 4-tuple
API (:class:`gymkit.wrappers.LegacyAPI`): ``obs = env.reset()``,
``obs, reward, done, info = env.step(action)``, ``env.render(mode="human")``, ``env.seed(s)``.
It is the short spelling of ``gymkit.make(id, legacy=True)``. Everything else (``spaces``,
``wrappers``, ``error``, ``register``, ``spec``, ...) is gymkit's own.
"""

from __future__ import annotations

from typing import Any

import gymkit
from gymkit import error
from gymkit.core import ActionWrapper, Env, ObservationWrapper, RewardWrapper, Wrapper
from gymkit.registration import pprint_registry, register, registry, spec

__all__ = [
    "ActionWrapper",
    "Env",
    "ObservationWrapper",
    "RewardWrapper",
    "Wrapper",
    "error",
    "make",
    "pprint_registry",
    "register",
    "registry",
    "spec",
]


def make(id: str, **kwargs: Any) -> Any:
    """``gymkit.make(id, legacy=True, **kwargs)``: the env behind the seeds' 4-tuple API."""
    if "legacy" in kwargs:
        raise error.InvalidEnvKwargs(
            "gymkit.legacy.make always returns the legacy API; call gymkit.make(id, legacy=...) "
            "to choose"
        )
    return gymkit.make(id, legacy=True, **kwargs)


def __getattr__(name: str) -> Any:
    # The lazy submodules of gymkit (spaces, wrappers, vector, ...), reached the same way.
    return getattr(gymkit, name)
