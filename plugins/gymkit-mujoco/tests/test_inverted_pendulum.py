"""InvertedPendulum-v5 and -v4: spaces, every v5 option, the reward and termination rules,
info keys and bad input.
(``xml_file``, ``frame_skip``, bad actions, determinism, copies and rendering: test_arm_tasks.py)
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _arm_checks import (
    assert_bad_option,
    assert_camera_options,
    assert_registered,
    assert_step_contract,
    assert_v4_has_no_task_options,
    make,
)

IDS = ["InvertedPendulum-v5", "InvertedPendulum-v4"]


@pytest.mark.parametrize("env_id", IDS)
def test_registration_and_spaces(env_id: str) -> None:
    env = assert_registered(env_id, obs_size=4, ctrl=(-3, 3), n_actions=1, limit=1000, dt=0.04)
    assert env.spec.reward_threshold == 950.0


def test_info_keys() -> None:
    assert_step_contract("InvertedPendulum-v5", {"reward_survive"})
    assert_step_contract("InvertedPendulum-v4", set())


def test_observation_is_the_state() -> None:
    env = make("InvertedPendulum-v5")
    obs, _ = env.reset(seed=4)
    np.testing.assert_array_equal(obs, env.unwrapped.state_vector())
    obs, *_ = env.step(np.array([0.3], np.float32))
    np.testing.assert_array_equal(obs, env.unwrapped.state_vector())
    assert env.unwrapped.observation_structure == {"qpos": 2, "qvel": 2}


@settings(max_examples=20, deadline=None)
@given(
    seed=st.integers(0, 2**31 - 1),
    pushes=st.lists(st.floats(-3, 3, width=32), min_size=1, max_size=40),
)
def test_reward_and_termination_rule(seed: int, pushes: list[float]) -> None:
    """Law: terminated exactly when |pole angle| > 0.2 (or a number is not finite); v5 pays 1
    while upright and 0 on the terminating step, v4 pays 1 on every step."""
    v5, v4 = make("InvertedPendulum-v5"), make("InvertedPendulum-v4")
    v5.reset(seed=seed)
    v4.reset(seed=seed)
    for push in pushes:
        action = np.array([push], np.float32)
        obs, reward, terminated, _, info = v5.step(action)
        obs4, reward4, terminated4, _, _ = v4.step(action)
        np.testing.assert_array_equal(obs, obs4)
        assert terminated == terminated4 == bool(abs(obs[1]) > 0.2)
        assert reward == info["reward_survive"] == (0.0 if terminated else 1.0)
        assert reward4 == 1.0
        if terminated:
            break


def test_pushing_one_way_topples_the_pole() -> None:
    env = make("InvertedPendulum-v5")
    env.reset(seed=0)
    steps, terminated = 0, False
    while not terminated and steps < 100:
        obs, reward, terminated, _, _ = env.step(np.array([3.0], np.float32))
        steps += 1
    assert terminated and steps < 20
    assert abs(obs[1]) > 0.2 and reward == 0.0


def test_reset_noise_scale() -> None:
    obs, _ = make("InvertedPendulum-v5", reset_noise_scale=0.0).reset(seed=1)
    np.testing.assert_array_equal(obs, np.zeros(4))
    for seed in range(10):
        obs, _ = make("InvertedPendulum-v5", reset_noise_scale=0.3).reset(seed=seed)
        assert np.all(np.abs(obs) <= 0.3)
    default, _ = make("InvertedPendulum-v5").reset(seed=5)
    assert np.all(np.abs(default) <= 0.01) and np.any(default != 0)
    # the noise scales the same uniform draws
    wide, _ = make("InvertedPendulum-v5", reset_noise_scale=0.05).reset(seed=5)
    np.testing.assert_allclose(wide, default * 5, rtol=1e-12)


@pytest.mark.parametrize(
    ("value", "expectation"), [(-0.1, ">= 0"), (float("nan"), "finite"), ("0.1", "real number")]
)
def test_bad_reset_noise_scale(value: object, expectation: str) -> None:
    assert_bad_option("InvertedPendulum-v5", "reset_noise_scale", value, expectation)


def test_camera_options() -> None:
    assert_camera_options("InvertedPendulum-v5")
    env = make("InvertedPendulum-v5").unwrapped
    assert env.default_camera_config["distance"] == 2.04


def test_v4_takes_rendering_options_only() -> None:
    assert_v4_has_no_task_options(
        "InvertedPendulum-v4",
        {"xml_file": "inverted_pendulum.xml", "frame_skip": 2, "reset_noise_scale": 0.1},
    )
