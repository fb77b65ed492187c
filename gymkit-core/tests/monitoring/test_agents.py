"""The example agents: the linear policy, CEM learning, the monitored runner and the CLI."""

from __future__ import annotations

import json

import numpy as np
import pytest

import gymkit
from gymkit import error
from gymkit.agents.cem import CEMAgent, LinearPolicy, run_episode
from gymkit.agents.random import RandomAgent
from gymkit.agents.runner import run_agent
from gymkit.monitoring import load_results
from gymkit.spaces import Box, Discrete, Space


def test_linear_policy_discrete_actions_take_the_argmax():
    policy = LinearPolicy(Box(-1.0, 1.0, shape=(2,)), Discrete(3, start=-1))
    assert policy.size == (2 + 1) * 3
    weights = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    bias = np.array([0.0, 0.0, 0.5])
    act = policy.actor(np.concatenate([weights.ravel(), bias]))
    assert act(np.array([0.9, 0.1])) == -1
    assert act(np.array([0.1, 0.9])) == 0
    assert act(np.array([0.1, 0.1])) == 1


def test_linear_policy_box_actions_are_clipped_to_the_box():
    space = Box(-1.0, 2.0, shape=(2,), dtype=np.float32)
    policy = LinearPolicy(Discrete(2), space)  # one-hot observations
    params = np.array([[3.0, 0.0], [0.0, -5.0]]).ravel()
    act = policy.actor(np.concatenate([params, [0.5, 0.0]]))
    np.testing.assert_array_equal(act(0), np.array([2.0, 0.0], dtype=np.float32))
    np.testing.assert_array_equal(act(1), np.array([0.5, -1.0], dtype=np.float32))
    assert act(0) in space


def test_linear_policy_refuses_other_spaces():
    with pytest.raises(error.UnsupportedSpace, match="Box or Discrete observations"):
        LinearPolicy(Space(), Discrete(2))
    with pytest.raises(error.UnsupportedSpace, match="Box or Discrete action spaces"):
        LinearPolicy(Discrete(2), Space())


def test_cem_improves_on_cartpole_and_is_reproducible():
    def train() -> list:
        env = gymkit.make("CartPole-v1")
        agent = CEMAgent.for_env(env, seed=0, population=30)
        return agent.train(env, max_iterations=6, seed=0)

    history = train()
    assert [h.iteration for h in history] == [1, 2, 3, 4, 5, 6]
    # the random-initialised population scores ~15-25; six iterations go far beyond
    assert history[0].population_mean < 40
    assert history[-1].population_mean > 3 * history[0].population_mean
    assert max(h.mean_policy for h in history) > 150
    assert train() == history  # same seeds, same run


def test_cem_learns_a_continuous_action_task(reach_env):
    env = reach_env()
    agent = CEMAgent.for_env(env, seed=1, population=30)
    env.reset(seed=1)
    untrained = agent.evaluate(env, 30).mean()
    agent.train(env, max_iterations=8)
    trained = agent.evaluate(env, 30).mean()
    assert trained > -4.0 > untrained  # closing a gap of up to 3 at speed 1 costs at most -3


def test_cem_refuses_bad_settings(reach_env):
    with pytest.raises(error.InvalidWrapperArgument, match="population"):
        CEMAgent.for_env(reach_env(), population=1)
    with pytest.raises(error.InvalidWrapperArgument, match="elite_fraction"):
        CEMAgent.for_env(reach_env(), elite_fraction=0)


def test_random_agent_is_seeded():
    env = gymkit.make("CartPole-v1")
    first = RandomAgent.for_env(env, seed=4)
    actions = [first.act(None) for _ in range(20)]
    second = RandomAgent(gymkit.make("CartPole-v1").action_space, seed=4)
    assert [second.act(None) for _ in range(20)] == actions
    assert run_episode(env, first.act, seed=0)[1] >= 1


def test_monitored_random_run_writes_episodes_and_videos(tmp_path, decode, capsys):
    assert run_agent("CartPole-v1", "random", seed=0, episodes=3, monitor=tmp_path) == 0
    results = load_results(tmp_path)
    assert len(results) == 3 and set(results.labels.tolist()) == {"random"}
    assert results.seeds.tolist() == [0, -1, -1]
    videos = results.videos()
    assert len(videos) == 2  # episodes 0 and 1 of the cubic schedule
    first = decode(next(p for p in videos if p.name.endswith("episode-0.mp4")))
    assert len(first) == results.lengths[0] + 1 and first[0].shape == (400, 600, 3)
    out = capsys.readouterr().out
    assert "learning curve" in out and "video:" in out


def test_run_argument_errors(tmp_path):
    with pytest.raises(error.InvalidWrapperArgument, match="--monitor"):
        run_agent("CartPole-v1", "random", video=True)
    with pytest.raises(error.InvalidWrapperArgument, match="unknown agent"):
        run_agent("CartPole-v1", "ppo")


@pytest.mark.slow  # trains CartPole-v1 to its threshold: ~5-10 s
def test_gymkit_run_cem_solves_cartpole(tmp_path, decode, capsys):
    from gymkit.cli import main

    directory = tmp_path / "cem"
    args = ["run", "CartPole-v1", "--agent", "cem", "--seed", "0", "--monitor", str(directory)]
    assert main([*args, "--eval-episodes", "100"]) == 0
    out = capsys.readouterr().out
    assert "mean return over 100 evaluation episodes" in out and "solved" in out
    assert f"learning curve: {directory / 'learning_curve.png'}" in out.replace("\n", "")
    evaluation = load_results(directory).select("evaluation")
    assert len(evaluation) == 100 and evaluation.returns.mean() >= 475
    (video,) = [p for p in load_results(directory).videos() if "episode-0" in p.name][-1:]
    frames = decode(video)
    assert len(frames) == evaluation.lengths[0] + 1 and frames[0].shape == (400, 600, 3)
    manifests = [json.loads(p.read_text()) for p in directory.glob("*.manifest.json")]
    assert {m["label"] for m in manifests} == {"train", "evaluation"}
    assert all(m["seeds"] for m in manifests)
