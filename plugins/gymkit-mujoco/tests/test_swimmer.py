"""Swimmer-v5 and -v4: spaces, every v5 option, the reward, info keys, errors.
(Seeding, copies, ``xml_file``, ``frame_skip``, v4's fixed model and bad actions:
test_planar_runners.py.)
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _planar_checks import (
    assert_bad_option,
    assert_camera_options,
    assert_spaces,
    assert_uniform_reset_noise,
    make,
)

POSITION_INFO = {"x_position", "y_position", "distance_from_origin", "x_velocity", "y_velocity"}


@pytest.mark.parametrize("env_id", ["Swimmer-v5", "Swimmer-v4"])
def test_spaces_and_registration(env_id: str) -> None:
    import gymkit

    env = gymkit.make(env_id)
    assert env.spec.max_episode_steps == 1000 and env.spec.reward_threshold == 360.0
    bare = env.unwrapped
    assert_spaces(bare, 8, 2)
    np.testing.assert_array_equal(bare.action_space.low, [-1, -1])
    np.testing.assert_array_equal(bare.action_space.high, [1, 1])
    assert bare.dt == 0.04 and bare.metadata["render_fps"] == 25
    assert_spaces(make(env_id, exclude_current_positions_from_observation=False), 10, 2)


@pytest.mark.parametrize("env_id", ["Swimmer-v5", "Swimmer-v4"])
def test_uniform_reset_noise(env_id: str) -> None:
    assert_uniform_reset_noise(env_id, 0.3)


def test_v5_step_info_and_reward_terms() -> None:
    env = make("Swimmer-v5")
    obs, info = env.reset(seed=0)
    assert set(info) == {"x_position", "y_position", "distance_from_origin"}
    before = env.data.qpos[:2].copy()
    obs, reward, terminated, truncated, info = env.step(np.array([0.5, -1.0], dtype=np.float32))
    assert set(info) == POSITION_INFO | {"reward_forward", "reward_ctrl"}
    assert not terminated and not truncated
    x, y = env.data.qpos[:2]
    assert (info["x_position"], info["y_position"]) == (x, y)
    assert info["distance_from_origin"] == pytest.approx(math.hypot(x, y), rel=1e-15)
    assert info["x_velocity"] == (x - before[0]) / env.dt
    assert info["y_velocity"] == (y - before[1]) / env.dt
    assert info["reward_ctrl"] == pytest.approx(-1e-4 * 1.25, rel=1e-6)
    assert reward == pytest.approx(info["reward_forward"] + info["reward_ctrl"], rel=1e-12)
    np.testing.assert_array_equal(obs, np.concatenate((env.data.qpos[2:], env.data.qvel)))


def test_v4_step_info_and_reset_info() -> None:
    env = make("Swimmer-v4")
    _, info = env.reset(seed=0)
    assert info == {}
    _, _, _, _, info = env.step(np.zeros(2, dtype=np.float32))
    assert set(info) == POSITION_INFO | {"reward_fwd", "reward_ctrl", "forward_reward"}
    assert info["reward_fwd"] == info["forward_reward"] == info["x_velocity"]


@pytest.mark.parametrize("env_id", ["Swimmer-v5", "Swimmer-v4"])
@settings(max_examples=25, deadline=None)
@given(
    action=st.lists(st.floats(-1, 1, width=32), min_size=2, max_size=2),
    forward=st.floats(-3, 3),
    ctrl=st.floats(0, 1),
)
def test_reward_weights(env_id: str, action: list[float], forward: float, ctrl: float) -> None:
    """The reward is forward * x_velocity - ctrl * |a|^2 for any weights; never terminated."""
    env = make(env_id, forward_reward_weight=forward, ctrl_cost_weight=ctrl)
    env.reset(seed=0)
    x_before = env.data.qpos[0]
    a = np.array(action, dtype=np.float32)
    _, reward, terminated, _, _ = env.step(a)
    x_velocity = (env.data.qpos[0] - x_before) / env.dt
    cost = ctrl * float(np.sum(np.square(a)))
    assert reward == pytest.approx(
        forward * x_velocity - cost, rel=1e-6, abs=1e-7
    )  # a float32 cost
    assert not terminated


def test_an_undulating_swimmer_moves() -> None:
    """A travelling wave of the two hinges (phase lag) makes the swimmer travel."""
    env = make("Swimmer-v5", reset_noise_scale=0.0)
    env.reset(seed=0)
    for t in range(250):
        phase = 2 * np.pi * t * env.dt
        env.step(np.array([np.sin(phase), np.sin(phase - np.pi / 2)], dtype=np.float32))
    assert math.hypot(*env.data.qpos[:2]) > 0.1


def test_camera_and_default_camera_config() -> None:
    assert_camera_options("Swimmer-v5")
    env = make("Swimmer-v5", default_camera_config={"distance": 8.0, "elevation": -60.0})
    assert env.default_camera_config["elevation"] == -60.0


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("forward_reward_weight", "2", "real number"),
        ("ctrl_cost_weight", float("nan"), "finite"),
        ("ctrl_cost_weight", True, "real number"),
        ("reset_noise_scale", -1e-3, ">= 0"),
        ("exclude_current_positions_from_observation", 1.0, "True or False"),
    ],
)
def test_bad_options(option: str, value: Any, expected: str) -> None:
    assert_bad_option("Swimmer-v5", option, value, expected)
