"""The example third-party plugin's env, ``example/GridWorld-v0``, as a user meets it."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gymkit
from gymkit import error

UP, RIGHT, DOWN, LEFT = range(4)
# The shortest path through the default maze (see grid_world.DEFAULT_LAYOUT).
SHORTEST = [DOWN, DOWN, RIGHT, RIGHT, DOWN, RIGHT, RIGHT, DOWN]


def test_the_shortest_path_reaches_the_goal_and_solves_the_task():
    env = gymkit.make("example/GridWorld-v0")
    obs, info = env.reset(seed=0)
    assert obs == 0 and info == {}
    total = 0.0
    for k, action in enumerate(SHORTEST):
        obs, reward, terminated, truncated, _ = env.step(action)
        total += reward
        assert terminated == (k == len(SHORTEST) - 1) and not truncated
    assert obs == 24
    assert total == pytest.approx(1.0 - 0.01 * 7)
    assert total >= env.spec.reward_threshold


def test_walls_and_edges_leave_the_agent_in_place():
    env = gymkit.make("example/GridWorld-v0", disable_env_checker=True)
    env.reset()
    assert env.step(UP)[0] == 0  # the top edge
    assert env.step(LEFT)[0] == 0  # the left edge
    assert env.step(RIGHT)[0] == 1
    assert env.step(DOWN)[0] == 1  # a wall below (row 1, col 1)


def test_episodes_are_cut_at_fifty_steps():
    env = gymkit.make("example/GridWorld-v0")
    env.reset()
    results = [env.step(UP) for _ in range(50)]
    assert [r[3] for r in results] == [False] * 49 + [True]


@given(actions=st.lists(st.integers(0, 3), max_size=60), seed=st.integers(0, 2**31))
def test_the_env_is_deterministic_whatever_the_seed(actions, seed):
    first = gymkit.make("example/GridWorld-v0")
    second = gymkit.make("example/GridWorld-v0")
    first.reset(seed=seed)
    second.reset(seed=seed + 1)
    for action in actions:
        a, b = first.step(action), second.step(action)
        assert a == b
        assert a[0] in first.observation_space
        if a[2] or a[3]:
            break


def test_ansi_and_rgb_array_rendering():
    env = gymkit.make("example/GridWorld-v0", render_mode="ansi")
    env.reset()
    env.step(RIGHT)
    assert env.render().splitlines()[0] == "SA..#"
    frames = gymkit.make("example/GridWorld-v0", render_mode="rgb_array")
    frames.reset()
    frame = frames.render()
    assert frame.shape == (5 * 32, 5 * 32, 3) and frame.dtype == np.uint8
    assert tuple(frame[16, 16]) != tuple(frame[16 + 32, 16 + 32])  # agent vs wall cell


def test_a_custom_layout_defines_the_spaces():
    env = gymkit.make("example/GridWorld-v0", layout=("S..", "..G"))
    assert env.observation_space.n == 6
    env.reset()
    assert env.step(RIGHT)[0] == 1


@pytest.mark.parametrize(
    ("layout", "match"),
    [
        ((), "non-empty"),
        (("S.", "..G"), "same length"),
        (("S.x", "..G"), "may hold only"),
        (("S..", "..."), "exactly one start"),
    ],
)
def test_bad_layouts_are_refused(layout, match):
    with pytest.raises(ValueError, match=match):
        gymkit.make("example/GridWorld-v0", layout=layout)


def test_invalid_actions_are_refused_even_after_the_first_step():
    env = gymkit.make("example/GridWorld-v0")
    env.reset()
    with pytest.raises(error.InvalidAction):
        env.step(4)  # caught by the passive checker on the first step
    env.step(RIGHT)
    with pytest.raises(error.InvalidAction, match=r"0\.\.3"):
        env.step(-1)  # and by the env itself afterwards
