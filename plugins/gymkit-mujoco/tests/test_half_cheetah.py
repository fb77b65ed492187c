"""HalfCheetah-v5 and -v4: spaces, the model's mass, every v5 option, the reward, info keys,
errors.
(Seeding, copies, ``xml_file``, ``frame_skip``, v4's fixed model and bad actions:
test_planar_runners.py.)
"""

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


@pytest.mark.parametrize("env_id", ["HalfCheetah-v5", "HalfCheetah-v4"])
def test_spaces_and_registration(env_id: str) -> None:
    import gymkit

    env = gymkit.make(env_id)
    assert env.spec.max_episode_steps == 1000 and env.spec.reward_threshold == 4800.0
    bare = env.unwrapped
    assert_spaces(bare, 17, 6)
    np.testing.assert_array_equal(bare.action_space.low, -np.ones(6))
    np.testing.assert_array_equal(bare.action_space.high, np.ones(6))
    assert bare.dt == 0.05 and bare.metadata["render_fps"] == 20
    assert_spaces(make(env_id, exclude_current_positions_from_observation=False), 18, 6)


def test_the_cheetah_weighs_14_kg() -> None:
    model = make("HalfCheetah-v5").model
    assert model.body_mass.sum() == pytest.approx(14.0, rel=1e-12)
    np.testing.assert_array_equal(model.actuator_gear[:, 0], [120, 90, 60, 120, 60, 30])


def test_reset_noise_is_uniform_on_qpos_and_normal_on_qvel() -> None:
    env = make("HalfCheetah-v5", reset_noise_scale=0.5)
    draws = []
    for seed in range(40):
        env.reset(seed=seed)
        draws.append(env.state_vector() - np.concatenate((env.init_qpos, env.init_qvel)))
    noise = np.array(draws)
    qpos_noise, qvel_noise = noise[:, :9], noise[:, 9:]
    assert np.abs(qpos_noise).max() <= 0.5
    assert np.abs(qvel_noise).max() > 0.5  # a Gaussian of sd 0.5 exceeds it, often
    assert 0.35 < qvel_noise.std() < 0.65


def test_v5_step_info_and_reward_terms() -> None:
    env = make("HalfCheetah-v5")
    obs, info = env.reset(seed=0)
    assert set(info) == {"x_position"}
    x_before = env.data.qpos[0]
    action = np.array([0.5, -0.25, 1.0, 0.0, -1.0, 0.5], dtype=np.float32)
    obs, reward, terminated, truncated, info = env.step(action)
    assert set(info) == {"x_position", "x_velocity", "reward_forward", "reward_ctrl"}
    assert not terminated and not truncated
    assert info["x_velocity"] == (env.data.qpos[0] - x_before) / env.dt
    assert info["reward_ctrl"] == pytest.approx(-0.1 * 2.5625, rel=1e-6)
    assert reward == pytest.approx(info["reward_forward"] + info["reward_ctrl"], rel=1e-12)
    np.testing.assert_array_equal(obs, np.concatenate((env.data.qpos[1:], env.data.qvel)))


def test_v4_step_info_and_reset_info() -> None:
    env = make("HalfCheetah-v4")
    _, info = env.reset(seed=0)
    assert info == {}
    _, _, _, _, info = env.step(np.zeros(6, dtype=np.float32))
    assert set(info) == {"x_position", "x_velocity", "reward_run", "reward_ctrl"}


@pytest.mark.parametrize("env_id", ["HalfCheetah-v5", "HalfCheetah-v4"])
@settings(max_examples=25, deadline=None)
@given(
    action=st.lists(st.floats(-1, 1, width=32), min_size=6, max_size=6),
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


def test_a_flipped_cheetah_still_does_not_terminate() -> None:
    env = make("HalfCheetah-v5")
    env.reset(seed=0)
    qpos = env.data.qpos.copy()
    qpos[2] = np.pi  # upside down
    env.set_state(qpos, env.data.qvel.copy())
    for _ in range(50):
        assert not env.step(env.action_space.sample())[2]


def test_camera_and_default_camera_config() -> None:
    assert_camera_options("HalfCheetah-v5")
    env = make("HalfCheetah-v5", default_camera_config={"distance": 2.0, "azimuth": 90.0})
    assert env.default_camera_config["azimuth"] == 90.0


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("forward_reward_weight", None, "real number"),
        ("forward_reward_weight", float("-inf"), "finite"),
        ("ctrl_cost_weight", "0.1", "real number"),
        ("reset_noise_scale", -0.1, ">= 0"),
        ("reset_noise_scale", float("nan"), "finite"),
        ("exclude_current_positions_from_observation", None, "True or False"),
    ],
)
def test_bad_options(option: str, value: Any, expected: str) -> None:
    assert_bad_option("HalfCheetah-v5", option, value, expected)


def test_no_health_options() -> None:
    with pytest.raises(Exception, match="healthy_reward"):
        make("HalfCheetah-v5", healthy_reward=1.0)  # the cheetah has no health
