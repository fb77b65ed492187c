"""An action refused by the env checker says why: NaN, out of bounds (naming ClipAction, the fix
for float boxes), wrong shape or dtype, out of range; always the env, the value and the space."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import gymkit
import gymkit.wrappers
from gymkit import error
from gymkit.core import Env
from gymkit.spaces import Box, Discrete, MultiBinary
from gymkit.utils.passive_env_checker import action_problem, check_action
from gymkit.wrappers import PassiveEnvChecker


class BoxActions(Env[np.ndarray, np.ndarray]):
    """Records the actions it is stepped with; the action space is given."""

    metadata = {"render_modes": [], "render_fps": 1}

    def __init__(self, action_space: Box) -> None:
        self.action_space = action_space
        self.observation_space = Box(-1.0, 1.0, shape=(1,), dtype=np.float32)
        self.actions: list[Any] = []

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        super().reset(seed=seed)
        return np.zeros(1, dtype=np.float32), {}

    def step(self, action: np.ndarray):
        self.actions.append(action)
        return np.zeros(1, dtype=np.float32), 0.0, False, False, {}


def refused(env: Env[Any, Any], action: Any) -> str:
    env.reset(seed=0)
    with pytest.raises(error.InvalidAction) as caught:
        env.step(action)
    return str(caught.value)


# ----------------------------------------------------------------------------- Pendulum (issue)
def test_a_nan_action_is_said_to_hold_nan():
    message = refused(gymkit.make("Pendulum-v1"), np.array([np.nan], dtype=np.float32))
    assert "holds NaN" in message and "index (0,)" in message
    assert "PendulumEnv" in message and "array([nan], dtype=float32)" in message
    assert "Box(-2.0, 2.0, (1,), float32)" in message  # what was expected
    assert "outside the bounds" not in message


@pytest.mark.parametrize("action", [np.array([3.0], dtype=np.float32), [3.0], [-2.5]])
def test_an_out_of_bounds_float_action_names_clip_action(action):
    message = refused(gymkit.make("Pendulum-v1"), action)
    assert "outside the bounds" in message and "PendulumEnv" in message
    value = float(np.asarray(action)[0])
    bound = "high 2.0" if value > 0 else "low -2.0"
    assert f"index (0,): {value!r}" in message and bound in message
    assert "gymkit.wrappers.ClipAction(env)" in message


def test_the_named_fix_exists_and_works():
    fix = gymkit.wrappers.ClipAction  # the wrapper the message names
    env = fix(gymkit.make("Pendulum-v1"))
    env.reset(seed=0)
    env.step(np.array([3.0], dtype=np.float32))
    assert env.unwrapped.last_u == 2.0


def test_other_box_problems_are_named():
    pendulum = gymkit.make("Pendulum-v1")
    assert "has shape (2,); expected a (1,) array of float32" in refused(pendulum, [1.0, 0.5])
    message = refused(gymkit.make("Pendulum-v1"), np.array([0.5]))
    assert "dtype float64 does not cast safely to float32" in message
    assert "np.asarray(action, dtype=np.float32)" in message
    assert "is not numeric" in refused(gymkit.make("Pendulum-v1"), "push")


def test_discrete_actions_name_the_range():
    message = refused(gymkit.make("CartPole-v1"), 7)
    assert "action 7" in message and "Discrete(2)" in message and "[0, 2)" in message
    assert "got a float" in refused(gymkit.make("CartPole-v1"), 0.5)


def test_integer_boxes_are_not_told_to_clip_with_a_float_wrapper():
    env = PassiveEnvChecker(BoxActions(Box(0, 3, shape=(2,), dtype=np.int64)))
    message = refused(env, np.array([1, 9]))
    assert "index (1,): 9 > high 3" in message and "ClipAction" not in message
    assert env.unwrapped.actions == []


# ----------------------------------------------------------------------------- laws
finite = {"allow_nan": False, "allow_infinity": False, "width": 32}


@settings(max_examples=60, deadline=None)
@given(
    shape=hnp.array_shapes(min_dims=1, max_dims=2, max_side=3),
    data=st.data(),
)
def test_the_reason_matches_what_is_wrong(shape, data):
    low = data.draw(hnp.arrays(np.float32, shape, elements=st.floats(-10, 0, **finite)))
    high = low + data.draw(hnp.arrays(np.float32, shape, elements=st.floats(0, 10, **finite)))
    space = Box(low, high, dtype=np.float32)
    action = data.draw(
        hnp.arrays(np.float32, shape, elements=st.floats(-20, 20, **finite) | st.just(float("nan")))
    )
    env = BoxActions(space)
    contained = space.contains(action)
    if contained:
        check_action(env, action)  # an element passes, silently
        return
    with pytest.raises(error.InvalidAction) as caught:
        check_action(env, action)
    message = str(caught.value)
    assert "BoxActions" in message and str(space) in message
    assert message.endswith(action_problem(space, action))
    nan = np.isnan(action)
    if nan.any():
        first = tuple(int(i) for i in np.argwhere(nan)[0])
        assert "holds NaN" in message and f"index {first}" in message
    else:
        outside = (action < space.low) | (action > space.high)
        first = tuple(int(i) for i in np.argwhere(outside)[0])
        assert f"index {first}: {action[first].item()!r}" in message
        assert "gymkit.wrappers.ClipAction(env)" in message
        clipped = np.clip(action, space.low, space.high).astype(np.float32)
        assert clipped in space  # the fix named gives an element


def test_other_spaces_get_the_generic_reason():
    assert action_problem(MultiBinary(3), [2, 0, 0]) == (
        "expected an element of MultiBinary(3); sample valid actions with env.action_space.sample()"
    )
    assert "expected an integer in [-1, 2)" in action_problem(Discrete(3, start=-1), 5)
