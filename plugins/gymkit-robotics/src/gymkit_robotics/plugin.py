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


@hookimpl
def gymkit_family_info() -> dict[str, Any]:
    """Describe the family for ``gymkit list``."""
    return {"name": "robotics", "description": "Goal-conditioned arm and maze tasks on MuJoCo"}


@hookimpl
def gymkit_register_envs(registry: Any) -> None:
    """Register the arm and maze tasks (entry points are strings)."""
    _register_arm(registry)
