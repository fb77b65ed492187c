"""Registration of the classic-control envs: ids, time limits and reward thresholds.

Entry points are strings, so registering imports nothing; an env's module is imported when it
is made.
"""

from __future__ import annotations

from typing import Any

_PACKAGE = "gymkit_classic.classic_control"


def register_envs(registry: Any) -> None:
    """Register CartPole-v0/-v1, MountainCar-v0, MountainCarContinuous-v0, Acrobot-v1 and
    Pendulum-v1 with ``registry`` (anything with the ``register`` signature of
    :func:`gymkit.register`)."""
    registry.register(
        "CartPole-v0",
        entry_point=f"{_PACKAGE}.cartpole:CartPoleEnv",
        vector_entry_point=f"{_PACKAGE}.vector.cartpole:CartPoleVectorEnv",
        max_episode_steps=200,
        reward_threshold=195.0,
    )
    registry.register(
        "CartPole-v1",
        entry_point=f"{_PACKAGE}.cartpole:CartPoleEnv",
        vector_entry_point=f"{_PACKAGE}.vector.cartpole:CartPoleVectorEnv",
        max_episode_steps=500,
        reward_threshold=475.0,
    )
    registry.register(
        "MountainCar-v0",
        entry_point=f"{_PACKAGE}.mountain_car:MountainCarEnv",
        vector_entry_point=f"{_PACKAGE}.vector.mountain_car:MountainCarVectorEnv",
        max_episode_steps=200,
        reward_threshold=-110.0,
    )
    registry.register(
        "MountainCarContinuous-v0",
        entry_point=f"{_PACKAGE}.continuous_mountain_car:ContinuousMountainCarEnv",
        vector_entry_point=f"{_PACKAGE}.vector.continuous_mountain_car:ContinuousMountainCarVectorEnv",
        max_episode_steps=999,
        reward_threshold=90.0,
    )
    registry.register(
        "Acrobot-v1",
        entry_point=f"{_PACKAGE}.acrobot:AcrobotEnv",
        vector_entry_point=f"{_PACKAGE}.vector.acrobot:AcrobotVectorEnv",
        max_episode_steps=500,
        reward_threshold=-100.0,
    )
    registry.register(
        "Pendulum-v1",
        entry_point=f"{_PACKAGE}.pendulum:PendulumEnv",
        vector_entry_point=f"{_PACKAGE}.vector.pendulum:PendulumVectorEnv",
        max_episode_steps=200,
    )
