"""gymkit: a toolkit for developing and comparing reinforcement-learning algorithms.

``import gymkit`` is cheap: it loads the env contract, the errors and the registry front-end, and
nothing else — no NumPy, no plugin, no renderer, no engine. The submodules below load on first
attribute access (``gymkit.spaces.Box`` works right after ``import gymkit``), and plugins load on
the first registry look-up.
"""

from __future__ import annotations

import importlib
from typing import Any

from gymkit import error
from gymkit.core import ActionWrapper, Env, ObservationWrapper, RewardWrapper, Wrapper
from gymkit.registration import make, make_vec, pprint_registry, register, registry, spec

__version__ = "0.1.0"

__all__ = [
    "ActionWrapper",
    "Env",
    "GoalEnv",
    "ObservationWrapper",
    "RewardWrapper",
    "Wrapper",
    "__version__",
    "error",
    "hookimpl",
    "hookspec",
    "make",
    "make_vec",
    "pprint_registry",
    "register",
    "registry",
    "spec",
]

# Submodules loaded on first access (PEP 562), so that `import gymkit` stays light.
_LAZY_SUBMODULES = frozenset(
    {"spaces", "wrappers", "vector", "rendering", "utils", "agents", "monitoring", "plugins"}
)
# Names re-exported from a submodule that is loaded on first access.
_LAZY_NAMES = {
    "hookimpl": "gymkit.hookspecs",
    "hookspec": "gymkit.hookspecs",
    "GoalEnv": "gymkit.goal_env",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY_SUBMODULES:
        return importlib.import_module(f"gymkit.{name}")
    if name in _LAZY_NAMES:
        return getattr(importlib.import_module(_LAZY_NAMES[name]), name)
    raise AttributeError(f"module 'gymkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _LAZY_SUBMODULES | set(_LAZY_NAMES))
