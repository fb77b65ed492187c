"""The gymkit plugin entry point of the Box2D family: registers every env, imports none.

Ids, time limits and reward thresholds are those of Gymnasium 1.4, so results compare.
"""

from __future__ import annotations

from typing import Any

from gymkit.hookspecs import hookimpl

_PACKAGE = "gymkit_box2d"


@hookimpl
def gymkit_family_info() -> dict[str, Any]:
    """Describe the family for ``gymkit list``."""
    return {"name": "box2d", "description": "Box2D physics: a lander, a walker and a racing car"}


@hookimpl
def gymkit_register_envs(registry: Any) -> None:
    """Register LunarLander, BipedalWalker and CarRacing (entry points are strings)."""
    lander = f"{_PACKAGE}.lunar_lander:LunarLanderEnv"
    registry.register("LunarLander-v3", lander, max_episode_steps=1000, reward_threshold=200.0)
    registry.register(
        "LunarLanderContinuous-v3",
        lander,
        max_episode_steps=1000,
        reward_threshold=200.0,
        kwargs={"continuous": True},
    )
    walker = f"{_PACKAGE}.bipedal_walker:BipedalWalkerEnv"
    registry.register("BipedalWalker-v3", walker, max_episode_steps=1600, reward_threshold=300.0)
    registry.register(
        "BipedalWalkerHardcore-v3",
        walker,
        max_episode_steps=2000,
        reward_threshold=300.0,
        kwargs={"hardcore": True},
    )
    registry.register(
        "CarRacing-v3",
        f"{_PACKAGE}.car_racing:CarRacingEnv",
        max_episode_steps=1000,
        reward_threshold=900.0,
    )
