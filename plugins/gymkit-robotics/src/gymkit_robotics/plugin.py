"""The gymkit plugin entry point of the robotics family: registers every env, imports none."""

from __future__ import annotations

from typing import Any

from gymkit.hookspecs import hookimpl

_PACKAGE = "gymkit_robotics"


@hookimpl
def gymkit_family_info() -> dict[str, Any]:
    """Describe the family for ``gymkit list``."""
    return {"name": "robotics", "description": "Goal-conditioned arm and maze tasks on MuJoCo"}


@hookimpl
def gymkit_register_envs(registry: Any) -> None:
    """Register the arm and maze tasks (entry points are strings)."""
