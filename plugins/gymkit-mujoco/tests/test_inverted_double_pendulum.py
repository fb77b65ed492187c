"""InvertedDoublePendulum-v5 and -v4: spaces, every v5 option, the reward and termination
rules, the observation layout, info keys and bad input.
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

V5 = "InvertedDoublePendulum-v5"
V4 = "InvertedDoublePendulum-v4"
V5_INFO = {"reward_survive", "distance_penalty", "velocity_penalty"}


@pytest.mark.parametrize(("env_id", "size"), [(V5, 9), (V4, 11)])
def test_registration_and_spaces(env_id: str, size: int) -> None:
    env = assert_registered(env_id, obs_size=size, ctrl=(-1, 1), n_actions=1, limit=1000, dt=0.05)
    assert env.spec.reward_threshold == 9100.0


def test_info_keys() -> None:
    assert_step_contract(V5, V5_INFO)
    assert_step_contract(V4, set())


@pytest.mark.parametrize("env_id", [V5, V4])
def test_observation_layout(env_id: str) -> None:
    env = make(env_id)
    env.reset(seed=2)
    for _ in range(5):
        obs, *_ = env.step(env.action_space.sample())
    data = env.unwrapped.data
    assert obs[0] == data.qpos[0]
    np.testing.assert_array_equal(obs[1:3], np.sin(data.qpos[1:]))
    np.testing.assert_array_equal(obs[3:5], np.cos(data.qpos[1:]))
    np.testing.assert_array_equal(obs[5:8], np.clip(data.qvel, -10, 10))
    kept = 1 if env_id == V5 else 3
    np.testing.assert_array_equal(obs[8:], np.clip(data.qfrc_constraint[:kept], -10, 10))


@settings(max_examples=20, deadline=None)
@given(
    seed=st.integers(0, 2**31 - 1),
    healthy=st.floats(-20, 20, allow_nan=False),
    pushes=st.lists(st.floats(-1, 1, width=32), min_size=1, max_size=30),
)
def test_reward_and_termination_rule(seed: int, healthy: float, pushes: list[float]) -> None:
    """Law: terminated exactly when the tip site is at height <= 1; the reward is the alive
    bonus (healthy_reward, 0 on the terminating step) minus the distance and velocity penalties
    of the tip position and the hinge velocities; v4 always adds 10."""
    v5 = make(V5, healthy_reward=healthy)
    v4 = make(V4)
    v5.reset(seed=seed)
    v4.reset(seed=seed)
    for push in pushes:
        action = np.array([push], np.float32)
        _, reward, terminated, _, info = v5.step(action)
        _, reward4, terminated4, _, _ = v4.step(action)
        x, _, z = v5.unwrapped.data.site_xpos[0]
        w1, w2 = v5.unwrapped.data.qvel[1:3]
        assert terminated == terminated4 == bool(z <= 1)
        assert info["reward_survive"] == (0.0 if terminated else healthy)
        assert info["distance_penalty"] == pytest.approx(-(0.01 * x**2 + (z - 2) ** 2))
        assert info["velocity_penalty"] == pytest.approx(-(1e-3 * w1**2 + 5e-3 * w2**2))
        assert reward == pytest.approx(sum(info.values()), abs=1e-12)
        penalties = info["distance_penalty"] + info["velocity_penalty"]
        assert reward4 == pytest.approx(10 + penalties, abs=1e-12)
        if terminated:
            break


def test_the_poles_fall_without_control() -> None:
    env = make(V5)
    env.reset(seed=0)
    steps, terminated = 0, False
    while not terminated and steps < 200:
        _, _, terminated, _, info = env.step(np.zeros(1, np.float32))
        steps += 1
    assert terminated and steps < 100
    assert info["reward_survive"] == 0.0
    assert env.unwrapped.data.site_xpos[0][2] <= 1


def test_reset_noise_scale() -> None:
    env = make(V5, reset_noise_scale=0.0)
    env.reset(seed=1)
    data = env.unwrapped.data
    np.testing.assert_array_equal(data.qpos, np.zeros(3))
    np.testing.assert_array_equal(data.qvel, np.zeros(3))
    qvels = []
    for seed in range(30):
        env = make(V5, reset_noise_scale=0.2)
        env.reset(seed=seed)
        assert np.all(np.abs(env.unwrapped.data.qpos) <= 0.2)
        qvels.append(env.unwrapped.data.qvel.copy())
    # velocities are normal with standard deviation reset_noise_scale: some exceed it
    assert np.abs(np.array(qvels)).max() > 0.2
    assert np.std(qvels) == pytest.approx(0.2, rel=0.35)


@pytest.mark.parametrize(
    ("name", "value", "expectation"),
    [
        ("reset_noise_scale", -1.0, ">= 0"),
        ("reset_noise_scale", float("inf"), "finite"),
        ("healthy_reward", float("nan"), "finite"),
        ("healthy_reward", "10", "real number"),
        ("healthy_reward", None, "real number"),
    ],
)
def test_bad_options(name: str, value: object, expectation: str) -> None:
    assert_bad_option(V5, name, value, expectation)


def test_xml_file_without_tip_site(tmp_path: Path) -> None:
    from gymkit.error import InvalidEnvKwargs
    from gymkit_mujoco.base import ASSETS_DIR

    text = (ASSETS_DIR / "inverted_double_pendulum.xml").read_text()
    path = tmp_path / "no_tip.xml"
    path.write_text(text.replace('<site name="tip" pos="0 0 0.6" size="0.01 0.01"/>', ""))
    with pytest.raises(InvalidEnvKwargs, match="no site"):
        make(V5, xml_file=str(path))


def test_camera_options() -> None:
    assert_camera_options(V5)
    # v4 places the free camera behind the cart; v5 leaves MuJoCo's default view (as Gymnasium)
    assert make(V4).unwrapped.default_camera_config["distance"] == 4.1225
    assert "distance" not in (make(V5).unwrapped.default_camera_config or {})


def test_v4_takes_rendering_options_only() -> None:
    assert_v4_has_no_task_options(
        V4, {"xml_file": "inverted_double_pendulum.xml", "healthy_reward": 1.0}
    )
