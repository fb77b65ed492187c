"""MountainCar and MountainCarContinuous: clipping, the left wall, the goal, rewards."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gymkit.error import InvalidAction, InvalidEnvKwargs
from gymkit_classic.classic_control.continuous_mountain_car import ContinuousMountainCarEnv
from gymkit_classic.classic_control.mountain_car import MountainCarEnv


def car(state: tuple[float, float], **kwargs: object) -> MountainCarEnv:
    env = MountainCarEnv(**kwargs)
    env.reset(seed=0)
    env.state = state
    return env


def test_spaces() -> None:
    env = MountainCarEnv()
    np.testing.assert_array_equal(env.observation_space.low, np.float32([-1.2, -0.07]))
    np.testing.assert_array_equal(env.observation_space.high, np.float32([0.6, 0.07]))
    assert env.observation_space.dtype == np.float32
    assert env.action_space.n == 3


@pytest.mark.parametrize("action", [0, 1, 2])
@given(position=st.floats(-1.2, 0.5, exclude_max=True), velocity=st.floats(-0.07, 0.07))
def test_step_follows_the_update_rule(position: float, velocity: float, action: int) -> None:
    env = car((position, velocity))
    obs, reward, terminated, truncated, info = env.step(action)
    v = velocity + ((action - 1) * 0.001 + math.cos(3 * position) * -0.0025)
    v = min(max(v, -0.07), 0.07)
    p = min(max(position + v, -1.2), 0.6)
    if p == -1.2 and v < 0:
        v = 0.0
    assert env.state == (p, v)
    np.testing.assert_array_equal(obs, np.float32([p, v]))
    assert reward == -1.0 and truncated is False and info == {}
    assert terminated is (p >= 0.5)
    assert obs in env.observation_space


def test_velocity_is_clipped() -> None:
    # at x = -0.5 the slope helps a right push: 0.07 + 0.001 - 0.0025 cos(-1.5) > 0.07
    env = car((-0.5, 0.07))
    env.step(2)
    assert env.state[1] == 0.07
    env = car((-0.5, -0.07))
    env.step(0)
    assert env.state[1] == -0.07


def test_left_wall_stops_the_car() -> None:
    env = car((-1.19, -0.05))
    obs, *_ = env.step(0)
    assert env.state == (-1.2, 0.0)
    np.testing.assert_array_equal(obs, np.float32([-1.2, 0.0]))
    # at the wall a car moving right keeps its velocity
    env = car((-1.2, 0.0))
    env.step(2)
    assert env.state[1] > 0 and env.state[0] > -1.2


def test_goal_and_goal_velocity() -> None:
    env = car((0.49, 0.02))
    _, reward, terminated, _, _ = env.step(2)
    assert terminated and reward == -1.0
    env = car((0.49, 0.02), goal_velocity=0.05)
    assert env.step(2)[2] is False
    with pytest.raises(InvalidEnvKwargs):
        MountainCarEnv(goal_velocity="fast")


def test_reset() -> None:
    env = MountainCarEnv()
    for seed in range(20):
        _obs, info = env.reset(seed=seed)
        assert -0.6 <= env.state[0] <= -0.4 and env.state[1] == 0.0 and info == {}
    env.reset(options={"low": -1.0, "high": -1.0})
    assert env.state == (-1.0, 0.0)


@pytest.mark.parametrize("action", [3, -1, 1.5, None])
def test_invalid_action(action: object) -> None:
    env = car((0.0, 0.0))
    with pytest.raises(InvalidAction):
        env.step(action)


# ---------------------------------------------------------------------------- continuous
def continuous(state: tuple[float, float]) -> ContinuousMountainCarEnv:
    env = ContinuousMountainCarEnv()
    env.reset(seed=0)
    env.state = np.array(state, dtype=np.float32)
    return env


def test_continuous_spaces() -> None:
    env = ContinuousMountainCarEnv()
    assert env.action_space.shape == (1,) and env.action_space.dtype == np.float32
    assert env.action_space.low[0] == -1.0 and env.action_space.high[0] == 1.0
    np.testing.assert_array_equal(env.observation_space.high, np.float32([0.6, 0.07]))


def test_continuous_force_is_clipped_but_cost_uses_the_action() -> None:
    a = continuous((-0.5, 0.0))
    b = continuous((-0.5, 0.0))
    obs_a, reward_a, *_ = a.step(np.array([1.0], dtype=np.float32))
    obs_b, reward_b, *_ = b.step(np.array([3.0], dtype=np.float32))
    np.testing.assert_array_equal(obs_a, obs_b)
    assert reward_a == pytest.approx(-0.1)
    assert reward_b == pytest.approx(-0.9)


def test_continuous_goal_reward_and_left_wall() -> None:
    env = continuous((0.44, 0.05))
    _, reward, terminated, _, _ = env.step(np.array([0.5], dtype=np.float32))
    assert terminated and reward == pytest.approx(100.0 - 0.025)
    env = continuous((-1.19, -0.05))
    obs, *_ = env.step(np.array([-1.0], dtype=np.float32))
    np.testing.assert_array_equal(obs, np.float32([-1.2, 0.0]))


def test_continuous_state_is_float32_after_a_step() -> None:
    env = ContinuousMountainCarEnv()
    env.reset(seed=3)
    assert env.state.dtype == np.float64
    env.step(np.array([0.3], dtype=np.float32))
    assert env.state.dtype == np.float32


@pytest.mark.parametrize("action", [0.5, [0.5, 0.5], np.zeros((1, 1)), "x", None])
def test_continuous_invalid_action(action: object) -> None:
    env = continuous((0.0, 0.0))
    with pytest.raises(InvalidAction, match="not in the action space"):
        env.step(action)


def test_continuous_accepts_a_list() -> None:
    env = continuous((0.0, 0.0))
    env.step([0.5])
