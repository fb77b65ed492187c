"""HeuristicAgent: the env's own controller, a fresh policy per episode, through wrappers."""

from __future__ import annotations

from typing import Any

import pytest

from gymkit import error
from gymkit.agents import HeuristicAgent
from gymkit.wrappers import TimeLimit


@pytest.fixture
def controlled(scripted_env: type) -> type:
    class Controlled(scripted_env):  # type: ignore[misc, valid-type]
        """A scripted env whose controller records the policies handed out and what each one
        saw (a stateful policy)."""

        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.policies: list[list[Any]] = []

        def heuristic_policy(self) -> Any:
            seen: list[Any] = []
            self.policies.append(seen)

            def policy(observation: Any) -> int:
                seen.append(float(observation[0]))
                return len(seen) % 2

            return policy

    return Controlled


def test_fresh_policy_each_episode_through_wrappers(controlled: type) -> None:
    env = controlled(lengths=(3, 5), rewards=(1.0, 2.0))
    agent = HeuristicAgent.for_env(TimeLimit(env, max_episode_steps=4))
    assert agent.run_episode(seed=0) == (3.0, 3)
    assert agent.run_episode() == (8.0, 4)  # truncated by the time limit
    assert env.policies == [[0.0, 1.0, 2.0], [0.0, 1.0, 2.0, 3.0]]


def test_act_takes_a_policy_on_first_use_and_begin_episode_renews_it(controlled: type) -> None:
    env = controlled()
    agent = HeuristicAgent(env)
    obs, _ = env.reset(seed=0)
    assert agent.act(obs) == 1 and agent.act(obs) == 0 and len(env.policies) == 1
    agent.begin_episode()
    assert agent.act(obs) == 1 and len(env.policies) == 2


def test_env_without_a_controller_names_the_agents_that_work(scripted_env: type) -> None:
    with pytest.raises(error.InvalidWrapperArgument, match="random or --agent cem"):
        HeuristicAgent(scripted_env())
