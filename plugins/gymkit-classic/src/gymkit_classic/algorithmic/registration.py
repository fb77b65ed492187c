"""Registration of the algorithmic envs with the ids, time limits and reward thresholds of
Gym 0.x (where they were defined).

Entry points are strings, so registering imports nothing; an env's module is imported when it
is made.
"""

from __future__ import annotations

from typing import Any

_PACKAGE = "gymkit_classic.algorithmic"


def register_envs(registry: Any) -> None:
    """Register Copy-v0, RepeatCopy-v0, DuplicatedInput-v0, Reverse-v0, ReversedAddition-v0
    and ReversedAddition3-v0 with ``registry`` (anything with the ``register`` signature of
    :func:`gymkit.register`)."""
    for env_id, entry_point, kwargs, threshold in (
        ("Copy-v0", "copy_:CopyEnv", {}, 25.0),
        ("RepeatCopy-v0", "repeat_copy:RepeatCopyEnv", {}, 75.0),
        ("ReversedAddition-v0", "reversed_addition:ReversedAdditionEnv", {"rows": 2}, 25.0),
        ("ReversedAddition3-v0", "reversed_addition:ReversedAdditionEnv", {"rows": 3}, 25.0),
        ("DuplicatedInput-v0", "duplicated_input:DuplicatedInputEnv", {}, 9.0),
        ("Reverse-v0", "reverse:ReverseEnv", {}, 25.0),
    ):
        registry.register(
            env_id,
            entry_point=f"{_PACKAGE}.{entry_point}",
            kwargs=kwargs,
            max_episode_steps=200,
            reward_threshold=threshold,
        )
