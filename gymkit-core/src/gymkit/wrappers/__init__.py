"""Every wrapper of gymkit, importable as ``gymkit.wrappers.<Name>``.

Wrappers are grouped by what they transform (``common``, ``observation``, ``action``,
``reward``, ``rendering``, ...). Each name loads its module on first access, so ``make`` (which
needs only ``common``) does not pay for the others. To add a wrapper, add one line to
``_WRAPPER_MODULES``: ``"Name": "module"``.
"""

from __future__ import annotations

import importlib
from typing import Any

# Wrapper (or helper) name → the submodule of gymkit.wrappers that defines it.
_WRAPPER_MODULES: dict[str, str] = {
    # common: the standard stack of make
    "TimeLimit": "common",
    "OrderEnforcing": "common",
    "PassiveEnvChecker": "common",
    "RecordEpisodeStatistics": "common",
    "Autoreset": "common",
    # observation
    "TransformObservation": "observation",
    "FlattenObservation": "observation",
    "FlattenGoalObservation": "observation",
    "FilterObservation": "observation",
    "ReshapeObservation": "observation",
    "DtypeObservation": "observation",
    "RescaleObservation": "observation",
    "GrayscaleObservation": "observation",
    "ResizeObservation": "observation",
    "NormalizeObservation": "observation",
    "TimeAwareObservation": "observation",
    "FrameStackObservation": "observation",
    "DelayObservation": "observation",
    "MaxAndSkipObservation": "observation",
    # action
    "TransformAction": "action",
    "ClipAction": "action",
    "RescaleAction": "action",
    "StickyAction": "action",
    # reward
    "TransformReward": "reward",
    "ClipReward": "reward",
    "NormalizeReward": "reward",
    # rendering
    "RenderCollection": "rendering",
    "HumanRendering": "rendering",
    # recording and compatibility
    "RecordVideo": "video",
    "capped_cubic_video_schedule": "video",
    "Monitor": "monitor",
    "LegacyAPI": "legacy",
}

__all__ = sorted(_WRAPPER_MODULES)


def __getattr__(name: str) -> Any:
    module = _WRAPPER_MODULES.get(name)
    if module is None:
        raise AttributeError(f"module 'gymkit.wrappers' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"gymkit.wrappers.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WRAPPER_MODULES))
