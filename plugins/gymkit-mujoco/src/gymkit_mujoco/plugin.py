"""The gymkit plugin entry point of the MuJoCo family: registers every env, imports none."""

from __future__ import annotations

from typing import Any

from gymkit.hookspecs import hookimpl

_PACKAGE = "gymkit_mujoco"


@hookimpl
def gymkit_family_info() -> dict[str, Any]:
    """Describe the family for ``gymkit list``."""
    return {"name": "mujoco", "description": "MuJoCo continuous control: locomotion and arms"}


@hookimpl
def gymkit_register_envs(registry: Any) -> None:
    """Register the 11 tasks at v5 and v4 (entry points are strings)."""
