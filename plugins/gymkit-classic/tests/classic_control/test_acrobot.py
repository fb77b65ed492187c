"""Acrobot: the RK4 step against an independent computation, wrapping, bounds, termination."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gymkit.error import InvalidAction, InvalidEnvKwargs
from gymkit_classic.classic_control.acrobot import AcrobotEnv, wrap


def reference_derivative(y: np.ndarray, torque: float, book: bool) -> np.ndarray:
    """The acrobot as a mass matrix: M(q) q'' = b(q, q'), solved with numpy."""
    t1, t2, d1, d2 = y
    m2, l1, lc1, lc2, inertia, g = 1.0, 1.0, 0.5, 0.5, 1.0, 9.8
    m1 = 1.0
    c2, s2 = math.cos(t2), math.sin(t2)
    m11 = m1 * lc1**2 + m2 * (l1**2 + lc2**2 + 2 * l1 * lc2 * c2) + 2 * inertia
    m12 = m2 * (lc2**2 + l1 * lc2 * c2) + inertia
    m22 = m2 * lc2**2 + inertia
    gravity2 = m2 * lc2 * g * math.sin(t1 + t2)  # cos(a - pi/2) = sin(a)
    first = (
        -m2 * l1 * lc2 * d2**2 * s2
        - 2 * m2 * l1 * lc2 * d2 * d1 * s2
        + (m1 * lc1 + m2 * l1) * g * math.sin(t1)
        + gravity2
    )
    second = gravity2 + (m2 * l1 * lc2 * d1**2 * s2 if book else 0.0)
    dd1, dd2 = np.linalg.solve([[m11, m12], [m12, m22]], [-first, torque - second])
    return np.array([d1, d2, dd1, dd2])


def reference_step(state: tuple, torque: float, book: bool = True) -> np.ndarray:
    y = np.array(state, dtype=float)
    h = 0.2
    k1 = reference_derivative(y, torque, book)
    k2 = reference_derivative(y + h / 2 * k1, torque, book)
    k3 = reference_derivative(y + h / 2 * k2, torque, book)
    k4 = reference_derivative(y + h * k3, torque, book)
    y = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    y[0] = (y[0] + math.pi) % (2 * math.pi) - math.pi
    y[1] = (y[1] + math.pi) % (2 * math.pi) - math.pi
    y[2] = min(max(y[2], -4 * math.pi), 4 * math.pi)
    y[3] = min(max(y[3], -9 * math.pi), 9 * math.pi)
    return y


def acrobot(state: tuple, **kwargs: object) -> AcrobotEnv:
    env = AcrobotEnv(**kwargs)
    env.reset(seed=0)
    env.state = state
    return env


STATES = st.tuples(
    st.floats(-math.pi, math.pi),
    st.floats(-math.pi, math.pi),
    st.floats(-4 * math.pi, 4 * math.pi),
    st.floats(-9 * math.pi, 9 * math.pi),
)


@given(state=STATES, action=st.sampled_from([0, 1, 2]), book=st.booleans())
def test_step_matches_an_independent_rk4(state: tuple, action: int, book: bool) -> None:
    env = acrobot(state, book_or_nips="book" if book else "nips")
    obs, reward, terminated, truncated, info = env.step(action)
    expected = reference_step(state, (-1.0, 0.0, 1.0)[action], book)
    # wrapping at exactly +-pi may land on either end: compare angles on the circle
    for i in (0, 1):
        assert math.cos(env.state[i]) == pytest.approx(math.cos(expected[i]), abs=1e-9)
        assert math.sin(env.state[i]) == pytest.approx(math.sin(expected[i]), abs=1e-9)
    np.testing.assert_allclose(env.state[2:], expected[2:], rtol=1e-9, atol=1e-9)
    t1, t2 = env.state[0], env.state[1]
    assert terminated is (-math.cos(t1) - math.cos(t1 + t2) > 1.0)
    assert reward == (0.0 if terminated else -1.0)
    assert truncated is False and info == {}
    assert obs in env.observation_space


def test_book_and_nips_dynamics_differ() -> None:
    state = (0.3, 0.7, 2.0, -1.0)
    book = acrobot(state)
    nips = acrobot(state, book_or_nips="nips")
    book.step(2)
    nips.step(2)
    assert book.state != nips.state
    with pytest.raises(InvalidEnvKwargs, match="book_or_nips"):
        AcrobotEnv(book_or_nips="paper")


def test_angles_wrap_and_velocities_are_bounded() -> None:
    env = acrobot((3.1, 3.1, 12.5, 28.0))
    env.step(2)
    t1, t2, d1, d2 = env.state
    assert -math.pi <= t1 <= math.pi and -math.pi <= t2 <= math.pi
    assert abs(d1) <= 4 * math.pi and abs(d2) <= 9 * math.pi
    assert wrap(3 * math.pi + 0.5, -math.pi, math.pi) == pytest.approx(-math.pi + 0.5)
    assert wrap(0.25, -math.pi, math.pi) == 0.25


def test_termination_when_the_tip_is_above_the_line() -> None:
    env = acrobot((math.pi, 0.0, 0.0, 0.0))  # balanced straight up
    _, reward, terminated, _, _ = env.step(1)
    assert terminated and reward == 0.0
    env = acrobot((0.0, 0.0, 0.0, 0.0))  # hanging at rest
    obs, reward, terminated, _, _ = env.step(1)
    assert not terminated and reward == -1.0
    np.testing.assert_allclose(obs, [1, 0, 1, 0, 0, 0], atol=1e-12)  # cos(-pi/2) ~ 6e-17


def test_reset_draws_float32_values() -> None:
    env = AcrobotEnv()
    _obs, info = env.reset(seed=7)
    assert info == {} and all(abs(v) <= 0.1 for v in env.state)
    assert all(float(np.float32(v)) == v for v in env.state)
    env.reset(options={"low": 0.5, "high": 0.5})
    assert env.state == (0.5, 0.5, 0.5, 0.5)


def test_torque_noise_is_seeded() -> None:
    def run(seed: int) -> tuple:
        env = AcrobotEnv(torque_noise_max=0.5)
        env.reset(seed=seed)
        for _ in range(5):
            env.step(1)
        return env.state

    assert run(1) == run(1)
    quiet = AcrobotEnv()
    quiet.reset(seed=1)
    for _ in range(5):
        quiet.step(1)
    assert run(1) != quiet.state
    with pytest.raises(InvalidEnvKwargs, match="torque_noise_max"):
        AcrobotEnv(torque_noise_max=-1)


@pytest.mark.parametrize("action", [3, -1, 0.5, None])
def test_invalid_action(action: object) -> None:
    with pytest.raises(InvalidAction):
        acrobot((0.0, 0.0, 0.0, 0.0)).step(action)
