"""Goal-conditioned envs: the contract Hindsight Experience Replay relies on.

A :class:`GoalEnv` observes a ``Dict`` with three keys::

    obs["observation"]    # what the agent sees of the world
    obs["achieved_goal"]  # the goal the current state achieves (e.g. the object's position)
    obs["desired_goal"]   # the goal of the episode (e.g. the target position)

and computes its reward, ``terminated`` and ``truncated`` from the goals and ``info`` alone, so a
learner can recompute them for any substituted goal ("relabelling")::

    reward == env.compute_reward(obs["achieved_goal"], obs["desired_goal"], info)

The three ``compute_*`` methods take one goal pair (arrays of the goal space's shape) and return
a scalar, or a batch (the same leading dimensions on both goals) and return an array of those
leading dimensions. For a batch, ``info`` is one dict per row (a sequence or an object array of
dicts) or one dict that applies to every row.
"""

from __future__ import annotations

from typing import Any, Generic

import numpy as np

from gymkit.core import ActType, Env
from gymkit.error import InvalidSpace

__all__ = ["GOAL_KEYS", "GoalEnv", "check_goal_observation_space", "goal_batch_shape"]

GOAL_KEYS = ("observation", "achieved_goal", "desired_goal")


def check_goal_observation_space(space: Any) -> None:
    """Raise :class:`~gymkit.error.InvalidSpace` unless ``space`` is a goal env's observation
    space: a ``Dict`` holding the three :data:`GOAL_KEYS`, with goals of one shape."""
    from gymkit.spaces import Dict

    if not isinstance(space, Dict):
        raise InvalidSpace(
            f"a GoalEnv's observation_space must be a gymkit.spaces.Dict with the keys "
            f"{', '.join(GOAL_KEYS)}; got {space!r}"
        )
    missing = [key for key in GOAL_KEYS if key not in space.spaces]
    if missing:
        raise InvalidSpace(
            f"a GoalEnv's observation_space lacks the key(s) {', '.join(missing)}; it has "
            f"{', '.join(map(str, space.spaces))} (expected {', '.join(GOAL_KEYS)})"
        )
    achieved, desired = space["achieved_goal"].shape, space["desired_goal"].shape
    if achieved != desired:
        raise InvalidSpace(
            f"a GoalEnv's achieved_goal and desired_goal spaces must have one shape; got "
            f"{achieved} and {desired}"
        )


def goal_batch_shape(
    achieved_goal: Any, desired_goal: Any, goal_shape: tuple[int, ...]
) -> tuple[int, ...]:
    """The leading (batch) dimensions of a ``compute_*`` call: ``()`` for one goal pair.

    Raises ``ValueError`` naming both shapes unless each goal ends with ``goal_shape`` and the
    two share their leading dimensions.
    """
    achieved_shape, desired_shape = np.shape(achieved_goal), np.shape(desired_goal)
    width = len(goal_shape)
    for name, shape in (("achieved_goal", achieved_shape), ("desired_goal", desired_shape)):
        if len(shape) < width or tuple(shape[len(shape) - width :]) != tuple(goal_shape):
            raise ValueError(
                f"{name} has shape {shape}; expected {goal_shape} for one goal or "
                f"(N, {', '.join(map(str, goal_shape))}) for a batch of N"
            )
    if achieved_shape[: len(achieved_shape) - width] != desired_shape[: len(desired_shape) - width]:
        raise ValueError(
            f"achieved_goal {achieved_shape} and desired_goal {desired_shape} have different "
            "batch dimensions; relabel with the same number of rows on both"
        )
    return tuple(achieved_shape[: len(achieved_shape) - width])


class GoalEnv(Env[dict[str, Any], ActType], Generic[ActType]):
    """An env whose reward, ``terminated`` and ``truncated`` are functions of its goals.

    Subclasses set a ``Dict`` observation space with :data:`GOAL_KEYS` (checked at every
    :meth:`reset`), implement :meth:`compute_reward`, and return from ``step`` exactly
    ``compute_reward(obs["achieved_goal"], obs["desired_goal"], info)`` as the reward and
    ``compute_terminated(...)`` as ``terminated`` (the conformance suite checks both).
    """

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Seed ``np_random`` when ``seed`` is given and check the observation space.

        Subclasses call ``super().reset(seed=seed)`` first, then draw their goal and return
        ``(obs, info)``; the base implementation returns ``None``. Raises
        :class:`~gymkit.error.InvalidSpace` when the observation space is not a goal space.
        """
        super().reset(seed=seed, options=options)
        check_goal_observation_space(self.observation_space)
        return None  # type: ignore[return-value]

    def compute_reward(self, achieved_goal: Any, desired_goal: Any, info: Any) -> Any:
        """The reward of reaching ``achieved_goal`` when ``desired_goal`` was wanted.

        One goal pair → a float; a batch (leading dimensions ``B``) → a float array of shape
        ``B``, equal row by row to the single calls. ``ValueError`` for goals of the wrong shape.
        """
        raise NotImplementedError(f"{type(self).__name__} must implement compute_reward")

    def compute_terminated(self, achieved_goal: Any, desired_goal: Any, info: Any) -> Any:
        """Whether the episode ends in a terminal state: a bool, or a bool array for a batch.

        The default never terminates (the Fetch convention: goals are held, not ended on).
        """
        return self._constant_flag(achieved_goal, desired_goal, False)

    def compute_truncated(self, achieved_goal: Any, desired_goal: Any, info: Any) -> Any:
        """Whether the env itself cuts the episode short (time limits are the wrappers'):
        a bool, or a bool array for a batch; the default never truncates."""
        return self._constant_flag(achieved_goal, desired_goal, False)

    def goal_shape(self) -> tuple[int, ...]:
        """The shape of one goal (the ``desired_goal`` space's)."""
        check_goal_observation_space(self.observation_space)
        return tuple(self.observation_space["desired_goal"].shape)  # type: ignore[index]

    def _constant_flag(self, achieved_goal: Any, desired_goal: Any, value: bool) -> Any:
        batch = goal_batch_shape(achieved_goal, desired_goal, self.goal_shape())
        return value if batch == () else np.full(batch, value, dtype=bool)
