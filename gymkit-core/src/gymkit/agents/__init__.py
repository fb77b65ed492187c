"""Example agents written against the generic env API (spaces in, actions out).

- :class:`RandomAgent` (``gymkit.agents.random``): uniform actions from the action space;
- :class:`CEMAgent` (``gymkit.agents.cem``): the cross-entropy method over a linear policy;
- :class:`HeuristicAgent` (``gymkit.agents.heuristic``): the env's own hand-written controller.

``gymkit run ID --agent {random,cem,heuristic} --monitor DIR`` drives them through
:func:`gymkit.agents.runner.run_agent`.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["CEMAgent", "HeuristicAgent", "RandomAgent"]


def __getattr__(name: str) -> Any:
    modules = {"RandomAgent": "random", "CEMAgent": "cem", "HeuristicAgent": "heuristic"}
    if name in modules:
        return getattr(importlib.import_module(f"gymkit.agents.{modules[name]}"), name)
    raise AttributeError(f"module 'gymkit.agents' has no attribute {name!r}")
