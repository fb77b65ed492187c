"""Hopper-v5 and -v4: spaces, every v5 option, the reward and health rules, info keys, errors."""

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


@pytest.mark.parametrize("env_id", ["Hopper-v5", "Hopper-v4"])
def test_same_seed_same_episode(env_id: str) -> None:
    assert_same_seed_same_episode(env_id)
    assert_zero_noise_resets_to_the_model(env_id)
    assert_uniform_reset_noise(env_id, 0.05)
    assert_copies_continue_alike(env_id)


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


def test_v4_step_info_and_reset_info() -> None:
    env = make("Hopper-v4")
    _, info = env.reset(seed=0)
    assert info == {}
    _, _, _, _, info = env.step(np.zeros(3, dtype=np.float32))
    assert set(info) == {"x_position", "x_velocity"}


@pytest.mark.parametrize("env_id", ["Hopper-v5", "Hopper-v4"])
@settings(max_examples=25, deadline=None)
@given(
    action=st.lists(st.floats(-1, 1, width=32), min_size=3, max_size=3),
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
    [
        ("healthy_z_range", (1.3, 2.0)),  # the hopper starts at 1.25 m
        ("healthy_angle_range", (0.5, 1.0)),  # it starts upright
        ("healthy_state_range", (-1e-6, 1e-6)),  # its joints start off zero
    ],
)
def test_healthy_ranges_terminate(option: str, value: tuple[float, float]) -> None:
    env = make("Hopper-v5", **{option: value})
    env.reset(seed=0)
    assert not env.is_healthy
    _, reward, terminated, _, info = env.step(np.zeros(3, dtype=np.float32))
    assert terminated and info["reward_survive"] == 0.0

    lenient = make("Hopper-v5", **{option: value}, terminate_when_unhealthy=False)
    lenient.reset(seed=0)
    _, _, terminated, _, info = lenient.step(np.zeros(3, dtype=np.float32))
    assert not terminated and info["reward_survive"] == 0.0

    # v4 pays the healthy reward while it may terminate, even when unhealthy
    v4 = make("Hopper-v4", **{option: value})
    v4.reset(seed=0)
    x_before = v4.data.qpos[0]
    _, reward, terminated, _, info = v4.step(np.zeros(3, dtype=np.float32))
    assert terminated and reward == pytest.approx((v4.data.qpos[0] - x_before) / v4.dt + 1.0)
    assert v4.terminated


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


def test_xml_file(tmp_path: Path) -> None:
    assert_xml_file_option("Hopper-v5", "hopper.xml", tmp_path)


def test_frame_skip() -> None:
    assert_frame_skip_option("Hopper-v5", 4)


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


def test_v4_options_and_bad_actions() -> None:
    assert_v4_fixes_model_and_frame_skip("Hopper-v4")
    assert_bad_option("Hopper-v4", "reset_noise_scale", -1.0, ">= 0")
    assert_bad_actions_raise("Hopper-v5")
    assert_bad_actions_raise("Hopper-v4")
