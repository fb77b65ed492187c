"""CEM tells how far an iteration has got, and warns before a run it cannot learn from."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest

import gymkit
from gymkit import error
from gymkit.agents.cem import CEMAgent, observation_space_problem
from gymkit.cli import main
from gymkit.core import Env
from gymkit.spaces import Box, Discrete


class Pixels(Env[np.ndarray, int]):
    """Episodes of 3 steps whose observations are 8x8 RGB images."""

    metadata = {"render_modes": []}

    def __init__(self) -> None:
        self.observation_space = Box(0, 255, shape=(8, 8, 3), dtype=np.uint8)
        self.action_space = Discrete(2)
        self.t = 0

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        super().reset(seed=seed)
        self.t = 0
        return np.zeros((8, 8, 3), np.uint8), {}

    def step(self, action: int):
        self.t += 1
        return np.full((8, 8, 3), 10 * self.t, np.uint8), float(action), self.t >= 3, False, {}


def test_on_episode_counts_the_episodes_of_each_iteration():
    env = gymkit.make("CartPole-v1")
    agent = CEMAgent.for_env(env, seed=0, population=4)
    counts: list[int] = []
    agent.train(env, max_iterations=2, check_episodes=2, seed=0, on_episode=counts.append)
    per_iteration = agent.episodes_per_iteration(check_episodes=2)
    assert per_iteration == 6
    assert counts == [1, 2, 3, 4, 5, 6] * 2
    assert [stats.episodes for stats in agent.history] == [per_iteration] * 2


@pytest.mark.parametrize(
    ("space", "expected"),
    [
        (Box(0, 255, shape=(210, 160, 3), dtype=np.uint8), "100800 pixels"),
        (Box(0, 255, shape=(84, 84), dtype=np.uint8), "7056 pixels"),
        (Box(-1.0, 1.0, shape=(2000,), dtype=np.float32), "2000 values"),
    ],
)
def test_images_and_huge_boxes_are_a_problem_for_the_linear_policy(space, expected):
    problem = observation_space_problem(space)
    assert problem is not None and expected in problem
    assert "will not learn" in problem and "agent made for images" in problem


@pytest.mark.parametrize(
    "space",
    [
        Box(-1.0, 1.0, shape=(4,), dtype=np.float32),
        Box(0, 255, shape=(128,), dtype=np.uint8),  # Atari RAM
        Discrete(500),
    ],
)
def test_small_observations_are_no_problem(space):
    assert observation_space_problem(space) is None


def test_cem_on_atari_pixels_warns_and_names_the_ram_variant():
    pytest.importorskip("gymkit_atari")
    with (
        gymkit.make("ALE/Pong-v5") as env,
        pytest.warns(error.GymkitWarning, match="100800 pixels") as caught,
    ):
        CEMAgent.for_env(env)
    assert "ALE/Pong-ram-v5" in str(caught[0].message)
    for pixels, ram in [
        ("PongNoFrameskip-v4", "Pong-ramNoFrameskip-v4"),
        ("PongDeterministic-v4", "Pong-ramDeterministic-v4"),
        ("Pong-v4", "Pong-ram-v4"),
    ]:
        space = Box(0, 255, shape=(210, 160, 3), dtype=np.uint8)
        assert f"RAM observation of the same game, {ram} " in str(
            observation_space_problem(space, pixels)
        )
    with gymkit.make("ALE/Pong-ram-v5") as env, warnings.catch_warnings():
        warnings.simplefilter("error")
        CEMAgent.for_env(env)  # 128 bytes of RAM: fine


def test_gymkit_run_warns_before_cem_on_pixels_and_shows_iteration_progress(capsys):
    if "clitest/Pixels-v0" not in gymkit.registry:
        gymkit.register("clitest/Pixels-v0", Pixels)
    argv = ["run", "clitest/Pixels-v0", "--agent", "cem", "--max-iterations", "2"]
    main([*argv, "--eval-episodes", "1", "--seed", "0"])
    out, err = capsys.readouterr()
    flat_err = " ".join(err.split())
    assert "warning: GymkitWarning: CEM fits a linear policy to the 192 pixels" in flat_err
    assert "Use an env with a small vector observation" in flat_err
    # the episodes within an iteration have their own bar: population 40 + 5 checks
    assert "iteration 2" in out and "45/45" in out and "episodes" in out


def test_gymkit_run_on_a_vector_observation_does_not_warn(capsys):
    main(["run", "CartPole-v1", "--agent", "cem", "--max-iterations", "1", "--eval-episodes", "1"])
    assert "warning" not in capsys.readouterr().err
