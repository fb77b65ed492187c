"""Walker2d-v5 and -v4: spaces, models, the health law, info values, the camera options, bad
options (the rules Walker2d shares with Hopper are tested in test_planar_runners.py)."""

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


@pytest.mark.parametrize("env_id", ["Walker2d-v5", "Walker2d-v4"])
def test_spaces_and_registration(env_id: str) -> None:
    import gymkit

    env = gymkit.make(env_id)
    assert env.spec.max_episode_steps == 1000 and env.spec.reward_threshold is None
    bare = env.unwrapped
    assert_spaces(bare, 17, 6)
    np.testing.assert_array_equal(bare.action_space.low, -np.ones(6))
    np.testing.assert_array_equal(bare.action_space.high, np.ones(6))
    assert bare.dt == 0.008 and bare.metadata["render_fps"] == 125
    assert_spaces(make(env_id, exclude_current_positions_from_observation=False), 18, 6)


def test_v5_and_v4_feet() -> None:
    """v5: both feet have friction 1.9; v4: the right foot 0.9, the left 1.9."""
    v5, v4 = make("Walker2d-v5"), make("Walker2d-v4")
    for env, right in ((v5, 1.9), (v4, 0.9)):
        assert env.model.geom("foot_geom").friction[0] == right
        assert env.model.geom("foot_left_geom").friction[0] == 1.9


def test_v5_step_info_and_reward_terms() -> None:
    env = make("Walker2d-v5")
    obs, info = env.reset(seed=0)
    assert set(info) == {"x_position", "z_distance_from_origin"}
    x_before = env.data.qpos[0]
    action = np.array([0.5, -0.25, 1.0, 0.0, -1.0, 0.5], dtype=np.float32)
    obs, reward, terminated, truncated, info = env.step(action)
    assert set(info) == V5_INFO and not terminated and not truncated
    assert info["x_velocity"] == (env.data.qpos[0] - x_before) / env.dt
    assert info["z_distance_from_origin"] == env.data.qpos[1] - env.init_qpos[1]
    assert info["reward_ctrl"] == pytest.approx(-1e-3 * 2.5625, rel=1e-6)
    assert info["reward_survive"] == 1.0
    assert reward == pytest.approx(
        info["reward_forward"] + info["reward_survive"] + info["reward_ctrl"], rel=1e-12
    )
    expected = np.concatenate((env.data.qpos[1:], np.clip(env.data.qvel, -10, 10)))
    np.testing.assert_array_equal(obs, expected)


@settings(max_examples=40, deadline=None)
@given(z=st.floats(0.0, 2.5), angle=st.floats(-1.5, 1.5), other=st.floats(-200, 200))
def test_health_law(z: float, angle: float, other: float) -> None:
    """Healthy exactly when the height is in (0.8, 2.0) and the pitch in (-1, 1); the other
    joints and the velocities do not matter."""
    env = make("Walker2d-v5")
    env.reset(seed=0)
    qpos = np.full(9, other)
    qpos[1], qpos[2] = z, angle
    env.set_state(qpos, np.full(9, other))
    assert env.is_healthy == (0.8 < z < 2.0 and -1.0 < angle < 1.0)


def test_a_walker_pushed_over_terminates() -> None:
    env = make("Walker2d-v5")
    env.reset(seed=0)
    qvel = env.data.qvel.copy()
    qvel[2] = 6.0  # a fast pitch
    env.set_state(env.data.qpos.copy(), qvel)
    terminated = False
    for _ in range(200):
        _, _, terminated, _, _ = env.step(np.zeros(6, dtype=np.float32))
        if terminated:
            break
    assert terminated and not env.is_healthy


def test_camera_and_default_camera_config() -> None:
    assert_camera_options("Walker2d-v5")
    env = make("Walker2d-v5", default_camera_config={"distance": 6.0})
    assert env.default_camera_config["distance"] == 6.0


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("forward_reward_weight", "1", "real number"),
        ("ctrl_cost_weight", float("nan"), "finite"),
        ("healthy_reward", None, "real number"),
        ("terminate_when_unhealthy", "False", "True or False"),
        ("healthy_z_range", (2.0, 0.8), "low <= high"),
        ("healthy_angle_range", 1.0, "pair"),
        ("healthy_angle_range", (float("nan"), 1.0), "no NaN"),
        ("reset_noise_scale", -0.5, ">= 0"),
        ("exclude_current_positions_from_observation", 0, "True or False"),
    ],
)
def test_bad_options(option: str, value: Any, expected: str) -> None:
    assert_bad_option("Walker2d-v5", option, value, expected)


def test_no_healthy_state_range() -> None:
    with pytest.raises(Exception, match="healthy_state_range"):
        make("Walker2d-v5", healthy_state_range=(-100.0, 100.0))  # a Hopper-only option
