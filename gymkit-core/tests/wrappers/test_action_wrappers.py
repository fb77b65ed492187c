"""Action wrappers: what the wrapped env receives, the agent's space, refusals."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from gymkit import error
from gymkit.spaces import Box, Discrete, MultiDiscrete
from gymkit.wrappers.action import ClipAction, RescaleAction, StickyAction, TransformAction

ENV_BOX = Box(np.array([-1.0, 0.0, -5.0]), np.array([1.0, 10.0, -2.0]), dtype=np.float32)


# ----------------------------------------------------------------------------- Transform
def test_transform_action(counting_env):
    inner = counting_env(action_space=Discrete(3))
    env = TransformAction(inner, lambda a: 2 - a, Discrete(3))
    env.reset()
    env.step(0)
    env.step(2)
    assert inner.actions == [2, 0]
    assert env.action_space == Discrete(3)
    assert TransformAction(inner, lambda a: a, None).action_space is inner.action_space
    with pytest.raises(error.InvalidWrapperArgument, match="Space"):
        TransformAction(inner, lambda a: a, "Discrete(3)")  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- Clip
@given(
    action=hnp.arrays(np.float32, (3,), elements=st.floats(-1e6, 1e6, width=32)),
)
def test_clip_action_lands_in_bounds_and_is_idempotent(counting_env, action):
    inner = counting_env(action_space=ENV_BOX)
    env = ClipAction(inner)
    clipped = env.action(action)
    assert clipped in ENV_BOX
    np.testing.assert_array_equal(env.action(clipped), clipped)
    inside = np.all((action >= ENV_BOX.low) & (action <= ENV_BOX.high))
    if inside:
        np.testing.assert_array_equal(clipped, action)
    env.reset()
    env.step(action)
    np.testing.assert_array_equal(inner.actions[-1], clipped)


def test_clip_action_space_and_refusals(counting_env):
    env = ClipAction(counting_env(action_space=ENV_BOX))
    assert env.action_space == Box(-np.inf, np.inf, (3,), dtype=np.float32)
    with pytest.raises(
        error.UnsupportedSpace, match=r"ClipAction needs a Box action space.*Discrete"
    ):
        ClipAction(counting_env(action_space=Discrete(3)))
    with pytest.raises(error.UnsupportedSpace, match="MultiDiscrete"):
        ClipAction(counting_env(action_space=MultiDiscrete([2, 2])))


# ----------------------------------------------------------------------------- Rescale
@st.composite
def rescale_cases(draw):
    low = np.array(draw(st.lists(st.floats(-50, 50), min_size=3, max_size=3)))
    high = low + np.array(draw(st.lists(st.floats(0.01, 50), min_size=3, max_size=3)))
    lo = draw(st.floats(-5, 5))
    hi = lo + draw(st.floats(0.01, 5))
    fractions = np.array(draw(st.lists(st.floats(0, 1), min_size=3, max_size=3)))
    return low, high, lo, hi, fractions


@given(case=rescale_cases())
def test_rescale_action_then_inverse_recovers_action(counting_env, case):
    low, high, lo, hi, fractions = case
    inner = counting_env(action_space=Box(low, high, dtype=np.float64))
    env = RescaleAction(inner, lo, hi)
    assert env.action_space == Box(lo, hi, (3,), dtype=np.float64)
    agent_action = lo + fractions * (hi - lo)
    env.reset()
    env.step(agent_action)
    env_action = inner.actions[-1]
    assert env_action in inner.action_space
    back = (env_action - low) / (high - low) * (hi - lo) + lo
    np.testing.assert_allclose(back, agent_action, rtol=1e-9, atol=1e-9)


def test_rescale_action_endpoints(counting_env):
    inner = counting_env(action_space=ENV_BOX)
    env = RescaleAction(inner, -1.0, 1.0)
    np.testing.assert_allclose(env.action(np.full(3, -1.0, np.float32)), ENV_BOX.low)
    np.testing.assert_allclose(env.action(np.full(3, 1.0, np.float32)), ENV_BOX.high)
    np.testing.assert_allclose(env.action(np.zeros(3, np.float32)), [0.0, 5.0, -3.5])
    assert env.action(np.zeros(3, np.float32)).dtype == np.float32


@pytest.mark.parametrize(
    ("space", "lo", "hi", "exc", "match"),
    [
        (ENV_BOX, 1.0, 1.0, error.InvalidWrapperArgument, "min_action < max_action"),
        (ENV_BOX, 2.0, -2.0, error.InvalidWrapperArgument, "min_action < max_action"),
        (ENV_BOX, [0, 0], 1.0, error.InvalidWrapperArgument, "broadcastable"),
        (Discrete(4), -1.0, 1.0, error.UnsupportedSpace, r"Discrete\(4\)"),
        (Box(-np.inf, np.inf, (2,)), -1.0, 1.0, error.UnsupportedSpace, "finite"),
        (Box(0, 4, (2,), dtype=np.int32), -1.0, 1.0, error.UnsupportedSpace, "floating"),
    ],
)
def test_rescale_action_refusals(counting_env, space, lo, hi, exc, match):
    with pytest.raises(exc, match=match):
        RescaleAction(counting_env(action_space=space), lo, hi)


# ----------------------------------------------------------------------------- Sticky
def _run_sticky(counting_env, p, duration, seed, steps=200):
    inner = counting_env(episode_length=10_000, action_space=Discrete(10_000))
    env = StickyAction(inner, p, duration)
    env.reset(seed=seed)
    for a in range(steps):
        env.step(a)
    return inner.actions


def test_sticky_action_zero_probability_never_repeats(counting_env):
    assert _run_sticky(counting_env, 0.0, 1, seed=0) == list(range(200))


def test_sticky_action_repeats_previous_action_at_about_p(counting_env):
    executed = _run_sticky(counting_env, 0.25, 1, seed=3, steps=4000)
    assert executed[0] == 0
    repeated = [b == a for a, b in itertools.pairwise(executed)]
    # Every executed action is either the agent's own or the previous executed one.
    assert all(e == t or r for t, (e, r) in enumerate(zip(executed[1:], repeated), start=1))
    assert 0.21 < np.mean(repeated) < 0.29


def test_sticky_action_duration_and_reproducibility(counting_env):
    executed = _run_sticky(counting_env, 0.5, (2, 3), seed=7)
    assert executed == _run_sticky(counting_env, 0.5, (2, 3), seed=7)
    assert executed != _run_sticky(counting_env, 0.5, (2, 3), seed=8)
    runs, length = [], 1
    for a, b in itertools.pairwise(executed):
        if b == a:
            length += 1
        else:
            runs.append(length)
            length = 1
    # A repetition lasts 2 or 3 extra steps, and may be immediately followed by another.
    assert {r - 1 for r in runs if r > 1} <= set(range(2, 100))
    assert any(r > 1 for r in runs)


def test_sticky_action_first_step_after_reset_is_agents(counting_env):
    inner = counting_env(episode_length=10_000, action_space=Discrete(100))
    env = StickyAction(inner, 0.99, 5)
    for seed in range(5):
        env.reset(seed=seed)
        env.step(seed * 10)
        assert inner.actions[-1] == seed * 10


@pytest.mark.parametrize(
    ("p", "duration", "match"),
    [
        (1.0, 1, "repeat_action_probability"),
        (-0.1, 1, "repeat_action_probability"),
        (0.5, 0, "repeat_action_duration"),
        (0.5, (3, 2), "repeat_action_duration"),
        (0.5, 1.5, "repeat_action_duration"),
    ],
)
def test_sticky_action_refusals(counting_env, p, duration, match):
    with pytest.raises(error.InvalidWrapperArgument, match=match):
        StickyAction(counting_env(), p, duration)


@pytest.mark.parametrize(
    "bad", [None, "left", np.zeros(2), np.array([0.0, np.nan, 0.0]), [[1, 2, 3]]]
)
@pytest.mark.parametrize("make_wrapper", [ClipAction, lambda e: RescaleAction(e, -1.0, 1.0)])
def test_box_action_wrappers_refuse_malformed_actions(counting_env, make_wrapper, bad):
    env = make_wrapper(counting_env(action_space=ENV_BOX))
    env.reset()
    with pytest.raises(error.InvalidAction, match="expected an element of Box"):
        env.step(bad)
