"""Pusher-v5 and -v4: spaces, the two models, every v5 option, the reward rule, the reset's
object draws, the observation layout, info keys and bad input.
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
from gymkit_mujoco.pusher import PusherV4Warning

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _arm_checks import (
    assert_bad_option,
    assert_camera_options,
    assert_registered,
    assert_step_contract,
    assert_v4_has_no_task_options,
    make,
)

V5 = "Pusher-v5"
V4 = "Pusher-v4"

# Pusher-v4 warns at construction that mujoco >= 3 changes its results (tested below)
pytestmark = pytest.mark.filterwarnings("ignore::gymkit_mujoco.pusher.PusherV4Warning")


def test_v4_warns_that_mujoco_3_changes_its_results() -> None:
    with pytest.warns(PusherV4Warning, match="Pusher-v5"):
        make(V4)


def distances(env: object) -> tuple[float, float]:
    """(|object - tips_arm|, |object - goal|) from the body frames."""
    data = env.unwrapped.data
    obj = data.body("object").xpos
    near = np.linalg.norm(obj - data.body("tips_arm").xpos)
    return float(near), float(np.linalg.norm(obj - data.body("goal").xpos))


@pytest.mark.parametrize("env_id", [V5, V4])
def test_registration_and_spaces(env_id: str) -> None:
    env = assert_registered(env_id, obs_size=23, ctrl=(-2, 2), n_actions=7, limit=100, dt=0.05)
    assert env.spec.reward_threshold == 0.0


def test_info_keys() -> None:
    assert_step_contract(V5, {"reward_dist", "reward_ctrl", "reward_near"})
    assert_step_contract(V4, {"reward_dist", "reward_ctrl"})


def test_v4_and_v5_use_their_own_object() -> None:
    v5, v4 = make(V5).unwrapped, make(V4).unwrapped
    assert v5.model.body("object").mass[0] == pytest.approx(0.01 * np.pi * 0.05**2 * 0.1)
    # v4: a cylinder and a hidden sphere, both of density 1e-5
    sphere = 4 / 3 * np.pi * 0.05**3
    cylinder = np.pi * 0.05**2 * 0.1
    assert v4.model.body("object").mass[0] == pytest.approx(1e-5 * (sphere + cylinder))
    assert v4.model.ngeom == v5.model.ngeom + 1


@pytest.mark.parametrize("env_id", [V5, V4])
def test_observation_layout(env_id: str) -> None:
    env = make(env_id)
    env.reset(seed=2)
    for _ in range(3):
        obs, *_ = env.step(env.action_space.sample())
    data = env.unwrapped.data
    np.testing.assert_array_equal(obs[:7], data.qpos[:7])
    np.testing.assert_array_equal(obs[7:14], data.qvel[:7])
    np.testing.assert_array_equal(obs[14:17], data.body("tips_arm").xpos)
    np.testing.assert_array_equal(obs[17:20], data.body("object").xpos)
    np.testing.assert_array_equal(obs[20:23], data.body("goal").xpos)


@settings(max_examples=20, deadline=None)
@given(
    seed=st.integers(0, 2**31 - 1),
    weights=st.tuples(*[st.floats(-3, 3, allow_nan=False)] * 3),
    actions=st.lists(
        st.lists(st.floats(-2, 2, width=32), min_size=7, max_size=7), min_size=1, max_size=8
    ),
)
def test_reward_rule(
    seed: int, weights: tuple[float, float, float], actions: list[list[float]]
) -> None:
    """Law: v5's reward = reward_dist + reward_ctrl + reward_near, each the weighted distance or
    squared action after the step; v4's = dist + 0.1 ctrl + 0.5 near before the step, with the
    unweighted control cost in info."""
    near_w, dist_w, ctrl_w = weights
    v5 = make(
        V5, reward_near_weight=near_w, reward_dist_weight=dist_w, reward_control_weight=ctrl_w
    )
    v4 = make(V4)
    v5.reset(seed=seed)
    v4.reset(seed=seed)
    for values in actions:
        action = np.array(values, np.float32)
        near4, dist4 = distances(v4)
        _, reward, _, _, info = v5.step(action)
        _, reward4, _, _, info4 = v4.step(action)
        near, dist = distances(v5)
        cost = float(np.square(action).sum())
        assert info["reward_near"] == pytest.approx(-near * near_w, rel=1e-12, abs=1e-15)
        assert info["reward_dist"] == pytest.approx(-dist * dist_w, rel=1e-12, abs=1e-15)
        assert info["reward_ctrl"] == pytest.approx(-cost * ctrl_w, rel=1e-6, abs=1e-12)
        assert reward == pytest.approx(sum(info.values()), abs=1e-12)
        assert info4["reward_dist"] == pytest.approx(-dist4, rel=1e-12)
        assert info4["reward_ctrl"] == pytest.approx(-cost, rel=1e-6)
        assert reward4 == pytest.approx(-dist4 - 0.1 * cost - 0.5 * near4, rel=1e-6)


@pytest.mark.parametrize("env_id", [V5, V4])
def test_reset_places_the_object_away_from_the_goal(env_id: str) -> None:
    for seed in range(40):
        env = make(env_id)
        env.reset(seed=seed)
        bare = env.unwrapped
        qpos, qvel = bare.data.qpos, bare.data.qvel
        x, y = qpos[-4:-2]
        assert -0.3 <= x <= 0 and -0.2 <= y <= 0.2
        assert np.hypot(x, y) > 0.17
        np.testing.assert_array_equal(qpos[-4:-2], bare.cylinder_pos)
        np.testing.assert_array_equal(qpos[-2:], 0.0)
        np.testing.assert_array_equal(qpos[:7], bare.init_qpos[:7])
        np.testing.assert_array_equal(qvel[-4:], 0.0)
        assert np.all(np.abs(qvel[:7]) <= 0.005)
    # the initial pose is not changed by the resets (each reset starts from the model's)
    np.testing.assert_array_equal(bare.init_qpos, np.zeros(bare.model.nq))


@pytest.mark.parametrize(
    ("name", "value", "expectation"),
    [
        ("reward_near_weight", float("nan"), "finite"),
        ("reward_dist_weight", "1", "real number"),
        ("reward_control_weight", float("inf"), "finite"),
        ("reward_near_weight", True, "real number"),
    ],
)
def test_bad_options(name: str, value: object, expectation: str) -> None:
    assert_bad_option(V5, name, value, expectation)


def test_xml_file_must_keep_the_bodies_the_task_reads(tmp_path: Path) -> None:
    text = (ASSETS_DIR / "pusher.xml").read_text()
    path = tmp_path / "renamed.xml"
    path.write_text(text.replace('body name="goal"', 'body name="target"'))
    with pytest.raises(InvalidEnvKwargs, match="'goal'"):
        make(V5, xml_file=str(path))


def test_camera_options() -> None:
    assert_camera_options(V5)
    config = make(V5).unwrapped.default_camera_config
    assert config["distance"] == 4.0


def test_v4_takes_rendering_options_only() -> None:
    assert_v4_has_no_task_options(
        V4, {"xml_file": "pusher.xml", "frame_skip": 5, "reward_near_weight": 0.5}
    )
