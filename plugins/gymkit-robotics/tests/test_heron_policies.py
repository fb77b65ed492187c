"""Every Heron task is solvable: its scripted policy succeeds on seeded episodes.

The README's figures (100 episodes per task) come from ``scripts/arm_success.py``; the tests run
20 episodes per task (seeds 1000..1019, not the README's 0..99) and ask for >= 18 successes.
"""

from __future__ import annotations

import numpy as np
import pytest

import gymkit
from gymkit_robotics.heron_policies import PickAndPlacePolicy, policy_for, success_rate
from gymkit_robotics.plugin import ARM_TASKS


@pytest.mark.parametrize("name", list(ARM_TASKS))
def test_scripted_policy_solves_the_task(name: str) -> None:
    assert success_rate(f"robotics/{name}-v1", episodes=20, seed=1000) >= 0.9


def test_the_policies_act_inside_the_action_space() -> None:
    env = gymkit.make("robotics/HeronPickAndPlaceDense-v1")
    policy = policy_for("robotics/HeronPickAndPlaceDense-v1")
    assert isinstance(policy, PickAndPlacePolicy)
    obs, _ = env.reset(seed=5)
    policy.reset()
    for _ in range(50):
        action = policy(obs)
        assert action.dtype == np.float32 and env.action_space.contains(action)
        obs, *_ = env.step(action)
    env.close()


def test_an_unknown_id_has_no_policy() -> None:
    with pytest.raises(ValueError, match="HeronReach-v1"):
        policy_for("robotics/PointMaze_UMaze-v1")
