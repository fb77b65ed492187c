"""GoalEnv: the goal-space contract, single and batched compute_* calls, and the flat wrapper."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import gymkit
from gymkit import error
from gymkit.goal_env import GoalEnv, check_goal_observation_space, goal_batch_shape
from gymkit.spaces import Box, Dict, Discrete
from gymkit.wrappers import FlattenGoalObservation


class Slide(GoalEnv[np.ndarray]):
    """A 3-D point pushed toward a goal; reward minus the distance, terminated within 0.05."""

    def __init__(self, observation_space: Any = None) -> None:
        goal = Box(-1.0, 1.0, shape=(3,), dtype=np.float64)
        self.observation_space = observation_space or Dict(
            observation=Box(-1.0, 1.0, shape=(2,), dtype=np.float32),
            achieved_goal=goal,
            desired_goal=goal,
        )
        self.action_space = Box(-1.0, 1.0, shape=(3,), dtype=np.float32)
        self.point = np.zeros(3)
        self.goal = np.zeros(3)

    def compute_reward(self, achieved_goal: Any, desired_goal: Any, info: Any) -> Any:
        goal_batch_shape(achieved_goal, desired_goal, self.goal_shape())
        return -np.linalg.norm(np.subtract(achieved_goal, desired_goal), axis=-1)

    def compute_terminated(self, achieved_goal: Any, desired_goal: Any, info: Any) -> Any:
        return -self.compute_reward(achieved_goal, desired_goal, info) < 0.05

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None) -> Any:
        super().reset(seed=seed)
        self.point = self.np_random.uniform(-0.5, 0.5, 3)
        self.goal = self.np_random.uniform(-0.5, 0.5, 3)
        return self._obs(), {}

    def _obs(self) -> dict[str, np.ndarray]:
        return {
            "observation": np.array([0.25, -0.25], dtype=np.float32),
            "achieved_goal": self.point.copy(),
            "desired_goal": self.goal.copy(),
        }

    def step(self, action: Any) -> Any:
        self.point = np.clip(self.point + 0.1 * np.asarray(action, dtype=np.float64), -1, 1)
        obs = self._obs()
        reward = float(self.compute_reward(obs["achieved_goal"], obs["desired_goal"], {}))
        terminated = bool(self.compute_terminated(obs["achieved_goal"], obs["desired_goal"], {}))
        return obs, reward, terminated, False, {}


goals = hnp.arrays(np.float64, (3,), elements=st.floats(-1, 1))


@given(
    st.integers(1, 6).flatmap(
        lambda n: st.tuples(
            st.lists(goals, min_size=n, max_size=n), st.lists(goals, min_size=n, max_size=n)
        )
    )
)
def test_a_batched_call_equals_the_calls_row_by_row(pairs: tuple[list, list]) -> None:
    env = Slide()
    achieved, desired = np.stack(pairs[0]), np.stack(pairs[1])
    batch = env.compute_reward(achieved, desired, [{}] * len(achieved))
    rows = [env.compute_reward(a, d, {}) for a, d in zip(achieved, desired)]
    np.testing.assert_array_equal(batch, rows)
    flags = env.compute_truncated(achieved, desired, {})
    assert flags.shape == (len(achieved),) and not flags.any()
    assert env.compute_truncated(achieved[0], desired[0], {}) is False


@pytest.mark.parametrize(
    ("achieved", "desired", "phrase"),
    [
        ((2,), (3,), "achieved_goal has shape (2,); expected (3,) for one goal or (N, 3)"),
        ((4, 3), (4, 2), "desired_goal has shape (4, 2)"),
        ((4, 3), (5, 3), "different batch dimensions"),
    ],
)
def test_goals_of_the_wrong_shape_are_named(achieved: tuple, desired: tuple, phrase: str) -> None:
    with pytest.raises(ValueError, match=phrase.replace("(", r"\(").replace(")", r"\)")):
        Slide().compute_reward(np.zeros(achieved), np.zeros(desired), {})


def test_goal_batch_shape_keeps_every_leading_dimension() -> None:
    assert goal_batch_shape(np.zeros(3), np.ones(3), (3,)) == ()
    assert goal_batch_shape(np.zeros((2, 5, 3)), np.ones((2, 5, 3)), (3,)) == (2, 5)


@pytest.mark.parametrize(
    ("space", "phrase"),
    [
        (Box(0, 1, (3,)), "must be a gymkit.spaces.Dict"),
        (Dict(observation=Discrete(2), achieved_goal=Box(0, 1, (3,))), "lacks the key"),
        (
            Dict(observation=Discrete(2), achieved_goal=Box(0, 1, (3,)), desired_goal=Box(0, 1)),
            "must have one shape",
        ),
    ],
)
def test_reset_refuses_an_observation_space_that_is_not_a_goal_space(
    space: Any, phrase: str
) -> None:
    with pytest.raises(error.InvalidSpace, match=phrase):
        check_goal_observation_space(space)
    with pytest.raises(error.InvalidSpace, match=phrase):
        Slide(space).reset(seed=0)


def test_the_step_reward_is_compute_reward_of_the_goals() -> None:
    env = Slide()
    obs, _ = env.reset(seed=3)
    for _ in range(20):
        obs, reward, terminated, _, info = env.step(env.action_space.sample())
        assert reward == env.compute_reward(obs["achieved_goal"], obs["desired_goal"], info)
        assert terminated == env.compute_terminated(obs["achieved_goal"], obs["desired_goal"], info)


@pytest.mark.parametrize("include_achieved_goal", [True, False])
def test_flatten_goal_observation_concatenates_in_a_documented_order(
    include_achieved_goal: bool,
) -> None:
    env = FlattenGoalObservation(Slide(), include_achieved_goal=include_achieved_goal)
    flat, _ = env.reset(seed=1)
    inner = env.unwrapped
    parts = [[0.25, -0.25]] + ([inner.point] if include_achieved_goal else []) + [inner.goal]
    np.testing.assert_allclose(flat, np.concatenate(parts))
    assert env.observation_space.shape == (8 if include_achieved_goal else 5,)
    assert env.observation_space.contains(flat)
    assert env.unwrapped.compute_reward(inner.point, inner.goal, {}) <= 0


def test_flatten_goal_observation_refuses_other_envs() -> None:
    with pytest.raises(error.UnsupportedSpace, match="FlattenGoalObservation"):
        FlattenGoalObservation(gymkit.make("CartPole-v1"))


def test_goal_env_is_exported_lazily() -> None:
    assert gymkit.GoalEnv is GoalEnv
    code = "import sys, gymkit; print('gymkit.goal_env' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
