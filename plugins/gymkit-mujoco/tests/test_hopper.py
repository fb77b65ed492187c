"""Hopper-v5 and -v4: spaces, the health law, info values, the camera options, bad options (the
rules Hopper shares with Walker2d are tested in test_planar_runners.py)."""

from __future__ import annotations

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
    make,
)

V5_INFO = {
    "x_position",
    "z_distance_from_origin",
    "x_velocity",
    "reward_forward",
    "reward_ctrl",
    "reward_survive",
}


@pytest.mark.parametrize("env_id", ["Hopper-v5", "Hopper-v4"])
def test_spaces_and_registration(env_id: str) -> None:
    import gymkit

    env = gymkit.make(env_id)
    assert env.spec.max_episode_steps == 1000 and env.spec.reward_threshold == 3800.0
    bare = env.unwrapped
    assert_spaces(bare, 11, 3)
    np.testing.assert_array_equal(bare.action_space.low, [-1, -1, -1])
    np.testing.assert_array_equal(bare.action_space.high, [1, 1, 1])
    assert bare.dt == 0.008 and bare.metadata["render_fps"] == 125
    assert_spaces(make(env_id, exclude_current_positions_from_observation=False), 12, 3)


def test_v5_step_info_and_reward_terms() -> None:
    env = make("Hopper-v5")
    obs, info = env.reset(seed=0)
    assert set(info) == {"x_position", "z_distance_from_origin"}
    np.testing.assert_array_equal(obs, np.concatenate((env.data.qpos[1:], env.data.qvel)))
    x_before = env.data.qpos[0]
    action = np.array([0.5, -0.25, 1.0], dtype=np.float32)
    obs, reward, terminated, truncated, info = env.step(action)
    assert set(info) == V5_INFO and not terminated and not truncated
    assert info["x_velocity"] == (env.data.qpos[0] - x_before) / env.dt
    assert info["x_position"] == env.data.qpos[0]
    assert info["z_distance_from_origin"] == env.data.qpos[1] - env.init_qpos[1]
    assert info["reward_ctrl"] == pytest.approx(-1e-3 * (0.25 + 0.0625 + 1.0), rel=1e-6)
    assert info["reward_survive"] == 1.0
    assert reward == pytest.approx(
        info["reward_forward"] + info["reward_survive"] + info["reward_ctrl"], rel=1e-12
    )
    expected = np.concatenate((env.data.qpos[1:], np.clip(env.data.qvel, -10, 10)))
    np.testing.assert_array_equal(obs, expected)


def test_velocities_in_the_observation_are_clipped() -> None:
    env = make("Hopper-v5")
    env.reset(seed=0)
    qvel = np.array([30.0, -30.0, 0.5, 12.0, -12.0, 0.1])
    env.set_state(env.data.qpos.copy(), qvel)
    np.testing.assert_array_equal(env._get_obs()[5:], [10, -10, 0.5, 10, -10, 0.1])


@settings(max_examples=60, deadline=None)
@given(
    state=st.lists(st.floats(-150, 150), min_size=12, max_size=12),
    z=st.floats(0.0, 2.0),
    angle=st.floats(-0.5, 0.5),
)
def test_health_law(state: list[float], z: float, angle: float) -> None:
    """Healthy exactly when every entry of state_vector()[2:] is in (-100, 100), the height in
    (0.7, inf) and the pitch in (-0.2, 0.2), as Gymnasium's NumPy formula says."""
    env = make("Hopper-v5")
    env.reset(seed=0)
    qpos, qvel = np.array(state[:6]), np.array(state[6:])
    qpos[1], qpos[2] = z, angle
    env.set_state(qpos, qvel)
    rest = env.state_vector()[2:]
    expected = bool(
        np.all(np.logical_and(rest > -100.0, rest < 100.0)) and z > 0.7 and -0.2 < angle < 0.2
    )
    assert env.is_healthy == expected
    assert env.healthy_reward == (1.0 if expected else 0.0)


def test_falling_hopper_terminates_within_its_limit() -> None:
    env = make("Hopper-v5")
    env.reset(seed=0)
    terminated = False
    for _ in range(300):
        _, _, terminated, _, _ = env.step(np.array([-1.0, 1.0, -1.0], dtype=np.float32))
        if terminated:
            break
    assert terminated


def test_camera_and_default_camera_config() -> None:
    assert_camera_options("Hopper-v5")
    env = make("Hopper-v5", default_camera_config={"distance": 5.0, "elevation": -10.0})
    assert env.default_camera_config["distance"] == 5.0


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("forward_reward_weight", "1", "real number"),
        ("forward_reward_weight", float("nan"), "finite"),
        ("ctrl_cost_weight", float("inf"), "finite"),
        ("ctrl_cost_weight", None, "real number"),
        ("healthy_reward", [1.0], "real number"),
        ("terminate_when_unhealthy", 1, "True or False"),
        ("healthy_state_range", 100.0, "pair"),
        ("healthy_z_range", (2.0, 1.0), "low <= high"),
        ("healthy_angle_range", (-0.2, 0.1, 0.2), "pair"),
        ("healthy_angle_range", ("a", 0.2), "pair (low, high) of real numbers"),
        ("reset_noise_scale", -0.1, ">= 0"),
        ("exclude_current_positions_from_observation", "yes", "True or False"),
    ],
)
def test_bad_options(option: str, value: Any, expected: str) -> None:
    assert_bad_option("Hopper-v5", option, value, expected)


def test_v4_bad_option() -> None:
    assert_bad_option("Hopper-v4", "reset_noise_scale", -1.0, ">= 0")
