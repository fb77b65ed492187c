"""The gymkit plugin entry point of the MuJoCo family: registers every env, imports none.

Each of the 11 tasks is registered at ``-v5`` and ``-v4`` in the root namespace, with the time
limits and reward thresholds of Gymnasium 1.4's registry, so results compare. Entry points are
strings: a task's module (and MuJoCo) is imported when the env is made, so a missing module
fails at ``make`` time only.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from gymkit.hookspecs import hookimpl

_PACKAGE = "gymkit_mujoco"


class Task(NamedTuple):
    """One task: its id name, module, time limit and reward threshold (``None``: none)."""

    name: str
    module: str
    max_episode_steps: int
    reward_threshold: float | None


#: The family's tasks, in Gymnasium's order (manipulation, balance, runners).
TASKS = (
    Task("Reacher", "reacher", 50, -3.75),
    Task("Pusher", "pusher", 100, 0.0),
    Task("InvertedPendulum", "inverted_pendulum", 1000, 950.0),
    Task("InvertedDoublePendulum", "inverted_double_pendulum", 1000, 9100.0),
    Task("HalfCheetah", "half_cheetah", 1000, 4800.0),
    Task("Hopper", "hopper", 1000, 3800.0),
    Task("Swimmer", "swimmer", 1000, 360.0),
    Task("Walker2d", "walker2d", 1000, None),
    Task("Ant", "ant", 1000, 6000.0),
    Task("Humanoid", "humanoid", 1000, None),
    Task("HumanoidStandup", "humanoid_standup", 1000, None),
)

#: The versions each task is registered at, and the suffix of their class names.
VERSIONS = {5: "", 4: "V4"}


def env_ids() -> list[str]:
    """Every id the family registers (``"<Task>-v5"``, ``"<Task>-v4"``)."""
    return [f"{task.name}-v{version}" for task in TASKS for version in VERSIONS]


@hookimpl
def gymkit_family_info() -> dict[str, Any]:
    """Describe the family for ``gymkit list``."""
    return {
        "name": "mujoco",
        "description": "MuJoCo continuous control: 11 locomotion and arm tasks at v5 and v4",
    }


@hookimpl
def gymkit_register_envs(registry: Any) -> None:
    """Register the 11 tasks at v5 and v4, each with its native threaded vector env."""
    for task in TASKS:
        for version, suffix in VERSIONS.items():
            registry.register(
                f"{task.name}-v{version}",
                entry_point=f"{_PACKAGE}.{task.module}:{task.name}{suffix}Env",
                vector_entry_point=f"{_PACKAGE}.vector:{task.name}{suffix}VectorEnv",
                max_episode_steps=task.max_episode_steps,
                reward_threshold=task.reward_threshold,
            )
