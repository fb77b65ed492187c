"""The gymkit plugin entry point of the robotics family: registers every env, imports none."""

from __future__ import annotations

from typing import Any

from gymkit.hookspecs import hookimpl

_PACKAGE = "gymkit_robotics"

#: The Heron arm tasks (module ``heron``): id name → class name.
ARM_TASKS = {
    "HeronReach": "HeronReachEnv",
    "HeronPush": "HeronPushEnv",
    "HeronSlide": "HeronSlideEnv",
    "HeronPickAndPlace": "HeronPickAndPlaceEnv",
}


def arm_env_ids() -> list[str]:
    """The arm ids: ``robotics/<Task>-v1`` (sparse) and ``robotics/<Task>Dense-v1``."""
    return [f"robotics/{name}{dense}-v1" for name in ARM_TASKS for dense in ("", "Dense")]


def _register_arm(registry: Any) -> None:
    for name, cls in ARM_TASKS.items():
        for dense in ("", "Dense"):
            registry.register(
                f"robotics/{name}{dense}-v1",
                entry_point=f"{_PACKAGE}.heron:{cls}",
                max_episode_steps=50,
                kwargs={"reward_type": "dense" if dense else "sparse"},
            )


#: The maze tasks: map name → episode step limit (PointMaze, AntMaze).
MAZE_MAPS = {
    "Open": (300, 700),
    "UMaze": (300, 700),
    "Medium": (600, 1000),
    "Large": (800, 1000),
}
#: The maze agents (module, class) by id prefix.
MAZE_AGENTS = {
    "PointMaze": ("point_maze", "PointMazeEnv"),
    "AntMaze": ("ant_maze", "AntMazeEnv"),
}


def maze_env_ids() -> list[str]:
    """The maze ids: ``robotics/<Agent>_<Map>-v1`` (sparse) and ``..._<Map>Dense-v1``."""
    return [
        f"robotics/{agent}_{name}{dense}-v1"
        for agent in MAZE_AGENTS
        for name in MAZE_MAPS
        for dense in ("", "Dense")
    ]


def _register_maze(registry: Any) -> None:
    for index, (agent, (module, cls)) in enumerate(MAZE_AGENTS.items()):
        for name, limits in MAZE_MAPS.items():
            for dense in ("", "Dense"):
                registry.register(
                    f"robotics/{agent}_{name}{dense}-v1",
                    entry_point=f"{_PACKAGE}.{module}:{cls}",
                    max_episode_steps=limits[index],
                    kwargs={"maze_map": name, "reward_type": "dense" if dense else "sparse"},
                )


@hookimpl
def gymkit_family_info() -> dict[str, Any]:
    """Describe the family for ``gymkit list``."""
    return {"name": "robotics", "description": "Goal-conditioned arm and maze tasks on MuJoCo"}


@hookimpl
def gymkit_register_envs(registry: Any) -> None:
    """Register the arm and maze tasks (entry points are strings)."""
    _register_arm(registry)
    _register_maze(registry)
