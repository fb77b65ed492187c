"""CartPole: thresholds, both integrators against the equations of motion, rewards, errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gymkit.error import GymkitWarning, InvalidAction, InvalidEnvKwargs, ResetNeeded
from gymkit_classic.classic_control.cartpole import CartPoleEnv

THETA_LIMIT = 12 * 2 * math.pi / 360


def reference_accelerations(state: tuple[float, ...], force: float) -> tuple[float, float]:
    """Solve the cart-pole's two Lagrange equations as a 2x2 linear system:

    (m_c + m_p) x'' + m_p l cos(th) th''   = F + m_p l th'^2 sin(th)
    cos(th) x''     + (4/3) l th''         = g sin(th)
    """
    _, _, theta, theta_dot = state
    m_c, m_p, half_len, g = 1.0, 0.1, 0.5, 9.8
    matrix = np.array(
        [
            [m_c + m_p, m_p * half_len * math.cos(theta)],
            [math.cos(theta), 4.0 / 3.0 * half_len],
        ]
    )
    rhs = np.array([force + m_p * half_len * theta_dot**2 * math.sin(theta), g * math.sin(theta)])
    xacc, thetaacc = np.linalg.solve(matrix, rhs)
    return float(xacc), float(thetaacc)


def stepped(state: tuple[float, ...], action: int, **kwargs: object) -> tuple:
    env = CartPoleEnv(**kwargs)
    env.reset(seed=0)
    env.state = state
    return (*env.step(action), env.state)


def test_spaces_and_constants() -> None:
    env = CartPoleEnv()
    assert env.observation_space.shape == (4,)
    assert env.observation_space.dtype == np.float32
    high = env.observation_space.high
    assert high[0] == np.float32(4.8) and high[2] == np.float32(2 * THETA_LIMIT)
    assert high[1] == np.inf and high[3] == np.inf
    np.testing.assert_array_equal(env.observation_space.low, -high)
    assert env.action_space.n == 2
    assert env.theta_threshold_radians == THETA_LIMIT
    assert env.x_threshold == 2.4
    assert env.metadata["render_fps"] == 50


@pytest.mark.parametrize(
    ("theta", "theta_dot", "terminated"),
    [
        (THETA_LIMIT, 0.0, False),  # exactly at the limit: still alive
        (-THETA_LIMIT, 0.0, False),
        (THETA_LIMIT - 0.001, 0.04, False),  # ends 0.0002 inside
        (THETA_LIMIT - 0.001, 0.1, True),  # ends 0.001 outside
        (-THETA_LIMIT + 0.001, -0.1, True),
        (math.nextafter(THETA_LIMIT, 1.0), 0.0, True),
    ],
)
def test_termination_angle(theta: float, theta_dot: float, terminated: bool) -> None:
    obs, reward, term, trunc, info, _ = stepped((0.0, 0.0, theta, theta_dot), 1)
    assert term is terminated
    assert trunc is False and info == {} and reward == 1.0
    assert obs[2] == np.float32(theta + 0.02 * theta_dot)


@pytest.mark.parametrize(
    ("x", "x_dot", "terminated"),
    [
        (2.4, 0.0, False),
        (-2.4, 0.0, False),
        (2.39, 0.4, False),  # 2.398
        (2.39, 1.0, True),  # 2.41
        (-2.39, -1.0, True),
        (math.nextafter(-2.4, -3.0), 0.0, True),
    ],
)
def test_termination_position(x: float, x_dot: float, terminated: bool) -> None:
    *_, term, _, _, state = stepped((x, x_dot, 0.0, 0.0), 0)
    assert term is terminated
    assert state[0] == x + 0.02 * x_dot


@given(
    st.tuples(
        st.floats(-2.4, 2.4),
        st.floats(-3, 3),
        st.floats(-THETA_LIMIT, THETA_LIMIT),
        st.floats(-3, 3),
    ),
    st.sampled_from([0, 1]),
)
def test_euler_step_matches_equations_of_motion(state: tuple, action: int) -> None:
    xacc, thetaacc = reference_accelerations(state, 10.0 if action == 1 else -10.0)
    *_, new = stepped(state, action)
    x, x_dot, theta, theta_dot = state
    expected = (
        x + 0.02 * x_dot,
        x_dot + 0.02 * xacc,
        theta + 0.02 * theta_dot,
        theta_dot + 0.02 * thetaacc,
    )
    np.testing.assert_allclose(new, expected, rtol=0, atol=1e-12)


@given(
    st.tuples(
        st.floats(-2.4, 2.4),
        st.floats(-3, 3),
        st.floats(-THETA_LIMIT, THETA_LIMIT),
        st.floats(-3, 3),
    ),
    st.sampled_from([0, 1]),
)
def test_semi_implicit_step_uses_new_velocities(state: tuple, action: int) -> None:
    xacc, thetaacc = reference_accelerations(state, 10.0 if action == 1 else -10.0)
    *_, new = stepped(state, action, kinematics_integrator="semi-implicit")
    x, x_dot, theta, theta_dot = state
    new_x_dot, new_theta_dot = x_dot + 0.02 * xacc, theta_dot + 0.02 * thetaacc
    expected = (x + 0.02 * new_x_dot, new_x_dot, theta + 0.02 * new_theta_dot, new_theta_dot)
    np.testing.assert_allclose(new, expected, rtol=0, atol=1e-12)


def test_reward_and_warning_after_termination() -> None:
    env = CartPoleEnv()
    env.reset(seed=1)
    env.state = (2.4, 1.0, 0.0, 0.0)
    _, reward, terminated, _, _ = env.step(1)
    assert terminated and reward == 1.0
    with pytest.warns(GymkitWarning, match="after the episode terminated"):
        _, reward, terminated, _, _ = env.step(1)
    assert terminated and reward == 0.0
    env.reset()
    _, reward, terminated, _, _ = env.step(1)
    assert reward == 1.0 and not terminated


def test_sutton_barto_reward() -> None:
    env = CartPoleEnv(sutton_barto_reward=True)
    env.reset(seed=1)
    assert env.step(0)[1] == 0.0
    env.state = (2.4, 1.0, 0.0, 0.0)
    _, reward, terminated, _, _ = env.step(1)
    assert terminated and reward == -1.0


def test_reset_distribution_and_options() -> None:
    env = CartPoleEnv()
    obs, info = env.reset(seed=123)
    assert info == {} and obs.dtype == np.float32
    assert np.all(np.abs(obs) <= 0.05)
    expected = np.random.Generator(np.random.PCG64(np.random.SeedSequence(123))).uniform(
        -0.05, 0.05, size=4
    )
    np.testing.assert_array_equal(obs, expected.astype(np.float32))
    obs, _ = env.reset(seed=5, options={"low": -0.2, "high": -0.1})
    assert np.all((obs >= np.float32(-0.2)) & (obs <= np.float32(-0.1)))
    with pytest.raises(ValueError, match="low <= high"):
        env.reset(options={"low": 0.3, "high": 0.1})
    with pytest.raises(ValueError, match="'high' must be a real number"):
        env.reset(options={"high": "x"})


@pytest.mark.parametrize("action", [1, np.int64(1), np.array(1), True])
def test_integer_like_actions(action: object) -> None:
    env = CartPoleEnv()
    env.reset(seed=0)
    env.state = (0.0, 0.0, 0.0, 0.0)
    env.step(action)
    assert env.state[1] > 0  # pushed right


@pytest.mark.parametrize("action", [2, -1, 0.5, "1", None, np.array([0, 1])])
def test_invalid_actions_are_named(action: object) -> None:
    env = CartPoleEnv()
    env.reset(seed=0)
    with pytest.raises(InvalidAction, match="not in the action space"):
        env.step(action)


def test_bad_construction_and_order() -> None:
    with pytest.raises(InvalidEnvKwargs, match="kinematics_integrator"):
        CartPoleEnv(kinematics_integrator="rk4")
    with pytest.raises(ResetNeeded):
        CartPoleEnv().step(0)
