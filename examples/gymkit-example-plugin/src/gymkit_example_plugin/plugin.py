"""The module the ``example`` entry point names: gymkit calls its hooks on discovery."""

from __future__ import annotations

from typing import Any

from gymkit.hookspecs import hookimpl


@hookimpl
def gymkit_register_envs(registry: Any) -> None:
    """Register the plugin's envs; entry points are strings, so nothing is imported yet."""
    registry.register(
        "example/GridWorld-v0",
        "gymkit_example_plugin.grid_world:GridWorldEnv",
        max_episode_steps=50,
        reward_threshold=0.9,
    )


@hookimpl
def gymkit_family_info() -> dict[str, Any]:
    """Describe the plugin for ``gymkit list``."""
    return {"name": "example", "description": "example third-party plugin (grid world)"}
