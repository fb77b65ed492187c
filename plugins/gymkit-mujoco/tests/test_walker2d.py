"""Walker2d-v5 and -v4: spaces, models, every v5 option, the reward and health rules, info keys,
errors."""

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
    assert_bad_actions_raise,
    assert_bad_option,
    assert_camera_options,
    assert_copies_continue_alike,
    assert_frame_skip_option,
    assert_same_seed_same_episode,
    assert_spaces,
    assert_uniform_reset_noise,
    assert_v4_fixes_model_and_frame_skip,
    assert_xml_file_option,
    assert_zero_noise_resets_to_the_model,
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


@pytest.mark.parametrize("env_id", ["Walker2d-v5", "Walker2d-v4"])
def test_same_seed_same_episode(env_id: str) -> None:
    assert_same_seed_same_episode(env_id)
    assert_zero_noise_resets_to_the_model(env_id)
    assert_uniform_reset_noise(env_id, 0.05)
    assert_copies_continue_alike(env_id)


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


def test_v4_step_info_and_reset_info() -> None:
    env = make("Walker2d-v4")
    _, info = env.reset(seed=0)
    assert info == {}
    _, _, _, _, info = env.step(np.zeros(6, dtype=np.float32))
    assert set(info) == {"x_position", "x_velocity"}


@pytest.mark.parametrize("env_id", ["Walker2d-v5", "Walker2d-v4"])
@settings(max_examples=25, deadline=None)
@given(
    action=st.lists(st.floats(-1, 1, width=32), min_size=6, max_size=6),
    forward=st.floats(-3, 3),
    ctrl=st.floats(0, 1),
    healthy=st.floats(-2, 2),
)
def test_reward_weights(
    env_id: str, action: list[float], forward: float, ctrl: float, healthy: float
) -> None:
    """The reward is forward * x_velocity + healthy reward - ctrl * |a|^2 for any weights."""
    env = make(env_id, forward_reward_weight=forward, ctrl_cost_weight=ctrl, healthy_reward=healthy)
    env.reset(seed=0)
    x_before = env.data.qpos[0]
    a = np.array(action, dtype=np.float32)
    _, reward, terminated, _, _ = env.step(a)
    x_velocity = (env.data.qpos[0] - x_before) / env.dt
    cost = ctrl * float(np.sum(np.square(a)))
    assert reward == pytest.approx(
        forward * x_velocity + healthy - cost, rel=1e-6, abs=1e-7
    )  # a float32 cost
    assert not terminated


@pytest.mark.parametrize(
    ("option", "value"),
    [("healthy_z_range", (1.3, 2.0)), ("healthy_angle_range", (0.5, 1.0))],
)
def test_healthy_ranges_terminate(option: str, value: tuple[float, float]) -> None:
    env = make("Walker2d-v5", **{option: value})
    env.reset(seed=0)
    assert not env.is_healthy
    _, _, terminated, _, info = env.step(np.zeros(6, dtype=np.float32))
    assert terminated and info["reward_survive"] == 0.0

    lenient = make("Walker2d-v5", **{option: value}, terminate_when_unhealthy=False)
    lenient.reset(seed=0)
    _, _, terminated, _, info = lenient.step(np.zeros(6, dtype=np.float32))
    assert not terminated and info["reward_survive"] == 0.0

    v4 = make("Walker2d-v4", **{option: value})
    v4.reset(seed=0)
    x_before = v4.data.qpos[0]
    _, reward, terminated, _, _ = v4.step(np.zeros(6, dtype=np.float32))
    assert terminated and reward == pytest.approx((v4.data.qpos[0] - x_before) / v4.dt + 1.0)
    assert v4.terminated


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


def test_xml_file(tmp_path: Path) -> None:
    assert_xml_file_option("Walker2d-v5", "walker2d.xml", tmp_path)


def test_frame_skip() -> None:
    assert_frame_skip_option("Walker2d-v5", 4)


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


def test_v4_options_and_bad_actions() -> None:
    assert_v4_fixes_model_and_frame_skip("Walker2d-v4")
    with pytest.raises(Exception, match="healthy_state_range"):
        make("Walker2d-v5", healthy_state_range=(-100.0, 100.0))  # a Hopper-only option
    assert_bad_actions_raise("Walker2d-v5")
    assert_bad_actions_raise("Walker2d-v4")
