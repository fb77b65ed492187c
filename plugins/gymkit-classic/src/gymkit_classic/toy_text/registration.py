"""Registration of the toy-text envs: ids, time limits, reward thresholds and default options.

Entry points are strings, so registering imports nothing; an env's module is imported when it
is made.
"""

from __future__ import annotations

from typing import Any

_PACKAGE = "gymkit_classic.toy_text"


def register_envs(registry: Any) -> None:
    """Register FrozenLake-v1, FrozenLake8x8-v1, Taxi-v3, CliffWalking-v0 and Blackjack-v1 with
    ``registry`` (anything with the ``register`` signature of :func:`gymkit.register`)."""
    registry.register(
        "FrozenLake-v1",
        entry_point=f"{_PACKAGE}.frozen_lake:FrozenLakeEnv",
        kwargs={"map_name": "4x4"},
        max_episode_steps=100,
        reward_threshold=0.70,
    )
    registry.register(
        "FrozenLake8x8-v1",
        entry_point=f"{_PACKAGE}.frozen_lake:FrozenLakeEnv",
        kwargs={"map_name": "8x8"},
        max_episode_steps=200,
        reward_threshold=0.85,
    )
    registry.register(
        "Taxi-v3",
        entry_point=f"{_PACKAGE}.taxi:TaxiEnv",
        max_episode_steps=200,
        reward_threshold=8,
    )
    registry.register(
        "CliffWalking-v0",
        entry_point=f"{_PACKAGE}.cliffwalking:CliffWalkingEnv",
    )
    registry.register(
        "Blackjack-v1",
        entry_point=f"{_PACKAGE}.blackjack:BlackjackEnv",
        kwargs={"sab": True, "natural": False},
    )
