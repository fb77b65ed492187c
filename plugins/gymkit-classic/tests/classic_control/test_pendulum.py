"""Pendulum: angle normalisation, torque clipping, the update rule and its float32 torque."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gymkit.error import InvalidAction, InvalidEnvKwargs
from gymkit_classic.classic_control.pendulum import PendulumEnv, angle_normalize


def pendulum(state: tuple[float, float], **kwargs: object) -> PendulumEnv:
    env = PendulumEnv(**kwargs)
    env.reset(seed=0)
    env.state = state
    return env


def torque(value: float) -> np.ndarray:
    return np.array([value], dtype=np.float32)


@pytest.mark.parametrize(
    ("angle", "expected"),
    [
        (0.0, 0.0),
        (0.5, 0.5),
        (-0.5, -0.5),
        (math.pi, -math.pi),
        (-math.pi, -math.pi),
        (3 * math.pi, -math.pi),
        (2 * math.pi + 0.25, 0.25),
        (-2 * math.pi - 0.25, -0.25),
    ],
)
def test_angle_normalize(angle: float, expected: float) -> None:
    assert angle_normalize(angle) == pytest.approx(expected, abs=1e-12)


@given(st.floats(-1e6, 1e6))
def test_angle_normalize_range(angle: float) -> None:
    wrapped = angle_normalize(angle)
    assert -math.pi <= wrapped < math.pi
    assert math.cos(wrapped) == pytest.approx(math.cos(angle), abs=1e-6)


def test_cost_uses_the_normalised_angle() -> None:
    reward_a = pendulum((0.3, 0.0)).step(torque(0.0))[1]
    reward_b = pendulum((0.3 + 4 * math.pi, 0.0)).step(torque(0.0))[1]
    assert reward_a == pytest.approx(reward_b, abs=1e-12)
    assert reward_a == pytest.approx(-(0.3**2), abs=1e-15)


def test_torque_is_clipped() -> None:
    a = pendulum((0.1, 0.2))
    b = pendulum((0.1, 0.2))
    obs_a, reward_a, *_ = a.step(torque(2.0))
    obs_b, reward_b, *_ = b.step(torque(7.5))
    np.testing.assert_array_equal(obs_a, obs_b)
    assert reward_a == reward_b
    assert b.last_u == 2.0
    assert reward_a == pytest.approx(-(0.1**2 + 0.1 * 0.2**2 + 0.001 * 4), abs=1e-9)


@given(
    theta=st.floats(-10, 10),
    theta_dot=st.floats(-8, 8),
    u=st.floats(-2, 2, width=32),
    g=st.sampled_from([10.0, 9.81, 0.0]),
)
def test_step_follows_the_update_rule(theta: float, theta_dot: float, u: float, g: float) -> None:
    env = pendulum((theta, theta_dot), g=g)
    obs, reward, terminated, truncated, info = env.step(torque(u))
    new_dot = theta_dot + (3 * g / 2 * math.sin(theta) + 3.0 * u) * 0.05
    new_dot = min(max(new_dot, -8.0), 8.0)
    new_theta = theta + new_dot * 0.05
    assert env.state == pytest.approx((new_theta, new_dot), abs=1e-6)  # torque math is float32
    cost = angle_normalize(theta) ** 2 + 0.1 * theta_dot**2 + 0.001 * u**2
    assert reward == pytest.approx(-cost, abs=1e-6)
    np.testing.assert_allclose(
        obs, [math.cos(env.state[0]), math.sin(env.state[0]), env.state[1]], atol=1e-6
    )
    assert obs in env.observation_space
    assert terminated is False and truncated is False and info == {}


def test_speed_is_clipped_and_g_option() -> None:
    env = pendulum((math.pi / 2, 7.9))
    env.step(torque(-2.0))  # gravity pulls further: speed saturates at 8
    assert env.state[1] == 8.0
    still = pendulum((1.0, 0.0), g=0.0)
    still.step(torque(0.0))
    assert still.state == (1.0, 0.0)
    with pytest.raises(InvalidEnvKwargs):
        PendulumEnv(g="strong")


def test_reset_options() -> None:
    env = PendulumEnv()
    _obs, info = env.reset(seed=0)
    assert abs(env.state[0]) <= math.pi and abs(env.state[1]) <= 1.0 and info == {}
    assert env.last_u is None
    env.reset(seed=0, options={"x_init": 0.0, "y_init": 0.0})
    assert env.state == (0.0, 0.0)
    with pytest.raises(ValueError, match="x_init"):
        env.reset(options={"x_init": "wide"})


@pytest.mark.parametrize("action", [1.0, [1.0, 2.0], np.zeros((1, 1)), "x", None])
def test_invalid_action(action: object) -> None:
    env = pendulum((0.0, 0.0))
    with pytest.raises(InvalidAction, match="not in the action space"):
        env.step(action)


def test_float64_and_list_actions_are_accepted() -> None:
    a = pendulum((0.1, 0.0))
    b = pendulum((0.1, 0.0))
    assert a.step([1.5])[1] == b.step(np.array([1.5]))[1]
