"""The continuous classic-control envs refuse a NaN action on every step (not only the checker's
first), saying so, and leave their state untouched; other refusals say what was expected."""

from __future__ import annotations

import numpy as np
import pytest

import gymkit
from gymkit.error import InvalidAction
from gymkit_classic.classic_control.acrobot import AcrobotEnv
from gymkit_classic.classic_control.cartpole import CartPoleEnv
from gymkit_classic.classic_control.continuous_mountain_car import ContinuousMountainCarEnv
from gymkit_classic.classic_control.pendulum import PendulumEnv

NAN = np.array([np.nan], dtype=np.float32)


@pytest.mark.parametrize("env_class", [PendulumEnv, ContinuousMountainCarEnv])
@pytest.mark.parametrize("action", [NAN, np.array([np.nan]), [float("nan")]])
def test_a_nan_action_is_refused_and_changes_nothing(env_class, action):
    env = env_class()
    env.reset(seed=0)
    env.step(np.array([0.5], dtype=np.float32))
    before = env.state
    with pytest.raises(InvalidAction) as caught:
        env.step(action)
    message = str(caught.value)
    assert f"{env_class.__name__}.step got action" in message
    assert "holds NaN (at index (0,))" in message and "not in the action space Box(" in message
    assert np.array_equal(np.asarray(env.state), np.asarray(before))
    obs, *_ = env.step(np.array([0.5], dtype=np.float32))  # the episode carries on
    assert np.all(np.isfinite(obs))


@pytest.mark.parametrize("env_id", ["Pendulum-v1", "MountainCarContinuous-v0"])
def test_a_nan_after_the_first_step_is_refused_through_make(env_id):
    env = gymkit.make(env_id)
    env.reset(seed=0)
    env.step(np.array([0.0], dtype=np.float32))  # the checker looks at this one only
    with pytest.raises(InvalidAction, match="holds NaN"):
        env.step(NAN)


def test_out_of_bounds_torques_are_still_clipped_by_the_env_itself():
    env = PendulumEnv()
    env.reset(seed=0)
    env.step(np.array([3.0], dtype=np.float32))
    assert env.last_u == 2.0


@pytest.mark.parametrize(
    ("env_class", "action", "expected"),
    [
        (PendulumEnv, [1.0, 2.0], "has shape (2,); expected a (1,) array of float32"),
        (PendulumEnv, "x", "it is not numeric"),
        (CartPoleEnv, 2, "expected an integer in [0, 2)"),
        (AcrobotEnv, 1.5, "expected an integer in [0, 3), got a float"),
    ],
)
def test_other_refusals_say_what_was_expected(env_class, action, expected):
    env = env_class()
    env.reset(seed=0)
    with pytest.raises(InvalidAction) as caught:
        env.step(action)
    assert expected in str(caught.value) and env_class.__name__ in str(caught.value)
