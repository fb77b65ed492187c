"""The classic-control ids through gymkit.make: specs, the wrapper stack, options, time limits."""

from __future__ import annotations

import numpy as np
import pytest

import gymkit
from gymkit_classic.classic_control.acrobot import AcrobotEnv
from gymkit_classic.classic_control.cartpole import CartPoleEnv
from gymkit_classic.classic_control.continuous_mountain_car import ContinuousMountainCarEnv
from gymkit_classic.classic_control.mountain_car import MountainCarEnv
from gymkit_classic.classic_control.pendulum import PendulumEnv

IDS = {
    "CartPole-v0": (CartPoleEnv, 200, 195.0),
    "CartPole-v1": (CartPoleEnv, 500, 475.0),
    "MountainCar-v0": (MountainCarEnv, 200, -110.0),
    "MountainCarContinuous-v0": (ContinuousMountainCarEnv, 999, 90.0),
    "Acrobot-v1": (AcrobotEnv, 500, -100.0),
    "Pendulum-v1": (PendulumEnv, 200, None),
}


@pytest.mark.parametrize("env_id", sorted(IDS))
def test_make_builds_the_env(env_id: str) -> None:
    env_class, steps, threshold = IDS[env_id]
    env = gymkit.make(env_id)
    assert type(env.unwrapped) is env_class
    assert env.spec is not None and env.spec.id == env_id
    assert env.spec.max_episode_steps == steps
    assert env.spec.reward_threshold == threshold
    obs, info = env.reset(seed=0)
    assert obs in env.observation_space and info == {}
    env.close()


def test_time_limit_truncates_pendulum() -> None:
    env = gymkit.make("Pendulum-v1")
    env.reset(seed=0)
    action = np.zeros(1, dtype=np.float32)
    for t in range(200):
        _, _, terminated, truncated, _ = env.step(action)
        assert not terminated
        assert truncated is (t == 199)


def test_make_passes_options_and_render_mode() -> None:
    assert gymkit.make("Pendulum-v1", g=9.81).unwrapped.g == 9.81
    assert gymkit.make("Acrobot-v1", book_or_nips="nips").unwrapped.book_or_nips == "nips"
    cartpole = gymkit.make("CartPole-v1", render_mode="rgb_array")
    cartpole.reset(seed=0)
    assert cartpole.render().shape == (400, 600, 3)


def test_same_seed_same_episode_through_make() -> None:
    def episode() -> list[float]:
        env = gymkit.make("CartPole-v1")
        obs, _ = env.reset(seed=42)
        env.action_space.seed(42)
        trace = [float(obs.sum())]
        done = False
        while not done:
            obs, _, terminated, truncated, _ = env.step(env.action_space.sample())
            trace.append(float(obs.sum()))
            done = terminated or truncated
        return trace

    assert episode() == episode()
