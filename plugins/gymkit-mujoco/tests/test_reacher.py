"""Reacher-v5 and -v4: spaces, every v5 option, the reward rule, the reset's goal draws, the
observation layout, info keys and bad input.
(``xml_file``, ``frame_skip``, bad actions, determinism, copies and rendering: test_arm_tasks.py)
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gymkit.error import InvalidEnvKwargs
from gymkit_mujoco.base import ASSETS_DIR

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _arm_checks import (
    assert_bad_option,
    assert_camera_options,
    assert_registered,
    assert_step_contract,
    assert_v4_has_no_task_options,
    make,
)

V5 = "Reacher-v5"
V4 = "Reacher-v4"
INFO = {"reward_dist", "reward_ctrl"}


def tip_to_target(env: object) -> np.ndarray:
    data = env.unwrapped.data
    return data.body("fingertip").xpos - data.body("target").xpos


@pytest.mark.parametrize(("env_id", "size"), [(V5, 10), (V4, 11)])
def test_registration_and_spaces(env_id: str, size: int) -> None:
    env = assert_registered(env_id, obs_size=size, ctrl=(-1, 1), n_actions=2, limit=50, dt=0.02)
    assert env.spec.reward_threshold == -3.75


def test_info_keys() -> None:
    assert_step_contract(V5, INFO)
    assert_step_contract(V4, INFO)


def test_episodes_are_cut_at_50_steps() -> None:
    env = make(V5)
    env.reset(seed=0)
    for step in range(1, 51):
        _, _, terminated, truncated, _ = env.step(env.action_space.sample())
        assert not terminated
        assert truncated == (step == 50)


@pytest.mark.parametrize("env_id", [V5, V4])
def test_observation_layout(env_id: str) -> None:
    env = make(env_id)
    env.reset(seed=2)
    for _ in range(3):
        obs, *_ = env.step(env.action_space.sample())
    data = env.unwrapped.data
    np.testing.assert_array_equal(obs[0:2], np.cos(data.qpos[:2]))
    np.testing.assert_array_equal(obs[2:4], np.sin(data.qpos[:2]))
    np.testing.assert_array_equal(obs[4:6], data.qpos[2:])
    np.testing.assert_array_equal(obs[6:8], data.qvel[:2])
    vector = tip_to_target(env)
    np.testing.assert_array_equal(obs[8:], vector[:2] if env_id == V5 else vector)


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**31 - 1),
    dist_weight=st.floats(-5, 5, allow_nan=False),
    ctrl_weight=st.floats(-5, 5, allow_nan=False),
    actions=st.lists(
        st.tuples(st.floats(-1, 1, width=32), st.floats(-1, 1, width=32)),
        min_size=1,
        max_size=10,
    ),
)
def test_reward_rule(
    seed: int, dist_weight: float, ctrl_weight: float, actions: list[tuple[float, float]]
) -> None:
    """Law: reward = reward_dist + reward_ctrl with reward_dist = -|tip - target| * weight (after
    the step in v5, before it in v4) and reward_ctrl = -|action|^2 * weight (weights 1 in v4)."""
    v5 = make(V5, reward_dist_weight=dist_weight, reward_control_weight=ctrl_weight)
    v4 = make(V4)
    v5.reset(seed=seed)
    v4.reset(seed=seed)
    for pair in actions:
        action = np.array(pair, np.float32)
        before = np.linalg.norm(tip_to_target(v4))
        _, reward, _, _, info = v5.step(action)
        _, reward4, _, _, info4 = v4.step(action)
        after = np.linalg.norm(tip_to_target(v5))
        cost = float(np.square(action).sum())
        assert info["reward_dist"] == pytest.approx(-after * dist_weight, rel=1e-12, abs=1e-15)
        assert info["reward_ctrl"] == pytest.approx(-cost * ctrl_weight, rel=1e-6, abs=1e-12)
        assert reward == pytest.approx(info["reward_dist"] + info["reward_ctrl"], abs=1e-12)
        assert info4["reward_dist"] == pytest.approx(-before, rel=1e-12)
        assert info4["reward_ctrl"] == pytest.approx(-cost, rel=1e-6)
        assert reward4 == pytest.approx(info4["reward_dist"] + info4["reward_ctrl"], abs=1e-12)


def test_default_weights_are_one() -> None:
    """Gymnasium's code uses 1 for both (its table of options says 0.1 for the control)."""
    env = make(V5)
    env.reset(seed=0)
    _, _, _, _, info = env.step(np.array([0.5, -0.5], np.float32))
    assert info["reward_ctrl"] == pytest.approx(-0.5)


@pytest.mark.parametrize("env_id", [V5, V4])
def test_reset_places_the_target_within_reach(env_id: str) -> None:
    for seed in range(40):
        env = make(env_id)
        env.reset(seed=seed)
        bare = env.unwrapped
        qpos, qvel = bare.data.qpos, bare.data.qvel
        assert np.linalg.norm(bare.goal) < 0.2
        np.testing.assert_array_equal(qpos[2:], bare.goal)
        # the target's reference positions put it at the goal on the table
        np.testing.assert_allclose(bare.data.body("target").xpos[:2], bare.goal, atol=1e-12)
        assert np.all(np.abs(qpos[:2]) <= 0.1)
        assert np.all(np.abs(qvel[:2]) <= 0.005)
        np.testing.assert_array_equal(qvel[2:], 0.0)


@pytest.mark.parametrize(
    ("name", "value", "expectation"),
    [
        ("reward_dist_weight", float("nan"), "finite"),
        ("reward_dist_weight", "1", "real number"),
        ("reward_control_weight", float("-inf"), "finite"),
        ("reward_control_weight", [0.1], "real number"),
    ],
)
def test_bad_options(name: str, value: object, expectation: str) -> None:
    assert_bad_option(V5, name, value, expectation)


def test_xml_file_must_keep_the_bodies_the_task_reads(tmp_path: Path) -> None:
    text = (ASSETS_DIR / "reacher.xml").read_text()
    path = tmp_path / "renamed.xml"
    path.write_text(text.replace('body name="fingertip"', 'body name="hand"'))
    with pytest.raises(InvalidEnvKwargs, match="'fingertip'"):
        make(V5, xml_file=str(path))


def test_camera_options() -> None:
    assert_camera_options(V5)
    assert make(V5).unwrapped.default_camera_config["trackbodyid"] == 0


def test_v4_takes_rendering_options_only() -> None:
    assert_v4_has_no_task_options(
        V4, {"xml_file": "reacher.xml", "frame_skip": 2, "reward_dist_weight": 1.0}
    )
