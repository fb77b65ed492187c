"""HumanoidStandup-v5 and -v4: spaces, every constructor option, bad options, info keys, the
reward law."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import mujoco
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gymkit
from gymkit.error import InvalidAction, InvalidEnvKwargs
from gymkit_mujoco.base import ASSETS_DIR
from gymkit_mujoco.humanoid_standup import HumanoidStandupEnv, HumanoidStandupV4Env

RESET_KEYS = {
    "x_position",
    "y_position",
    "z_distance_from_origin",
    "tendon_length",
    "tendon_velocity",
}
V5_STEP_KEYS = RESET_KEYS | {"reward_linup", "reward_quadctrl", "reward_impact"}


def test_make_and_spaces() -> None:
    env = gymkit.make("HumanoidStandup-v5")
    assert env.spec.max_episode_steps == 1000
    assert env.action_space.shape == (17,) and env.action_space.dtype == np.float32
    assert env.observation_space.shape == (348,)
    obs, info = env.reset(seed=0)
    assert obs in env.observation_space and set(info) == RESET_KEYS
    assert info["z_distance_from_origin"] == pytest.approx(
        env.unwrapped.data.qpos[2] - 0.105, abs=1e-12
    )
    assert env.unwrapped.dt == pytest.approx(0.015)
    v4 = gymkit.make("HumanoidStandup-v4")
    assert v4.observation_space.shape == (376,)
    obs, info = v4.reset(seed=0)
    assert obs.shape == (376,) and info == {}


def test_lies_on_the_floor_at_start() -> None:
    env = HumanoidStandupEnv()
    assert env.init_qpos[2] == pytest.approx(0.105)
    env.reset(seed=0)
    for _ in range(20):
        env.step(np.zeros(17))
    assert env.data.qpos[2] < 0.2  # nothing to stand it up: it stays down


@pytest.mark.parametrize(
    ("options", "size"),
    [
        ({}, 348),
        ({"exclude_current_positions_from_observation": False}, 350),
        ({"include_cinert_in_observation": False}, 218),
        ({"include_cvel_in_observation": False, "include_cfrc_ext_in_observation": False}, 192),
        ({"include_qfrc_actuator_in_observation": False}, 331),
    ],
)
def test_v5_observation_layout(options: dict[str, Any], size: int) -> None:
    env = HumanoidStandupEnv(**options)
    obs, _ = env.reset(seed=1)
    assert obs.shape == env.observation_space.shape == (size,)
    obs, *_ = env.step(env.action_space.sample())
    data = env.data
    skip = 2 if options.get("exclude_current_positions_from_observation", True) else 0
    parts = [data.qpos[skip:], data.qvel]
    for name, rows in (
        ("cinert", data.cinert[1:]),
        ("cvel", data.cvel[1:]),
        ("qfrc_actuator", data.qfrc_actuator[6:]),
        ("cfrc_ext", data.cfrc_ext[1:]),
    ):
        if options.get(f"include_{name}_in_observation", True):
            parts.append(rows.ravel())
    np.testing.assert_array_equal(obs, np.concatenate(parts))


@settings(max_examples=12, deadline=None)
@given(
    uph=st.floats(0, 3),
    ctrl=st.floats(0, 2),
    impact=st.floats(0, 1e-5),
    cap=st.floats(0.01, 10),
    frame_skip=st.integers(1, 6),
    seed=st.integers(0, 2**16),
)
def test_v5_reward_is_the_sum_of_its_weighted_terms(
    uph: float, ctrl: float, impact: float, cap: float, frame_skip: int, seed: int
) -> None:
    env = HumanoidStandupEnv(
        uph_cost_weight=uph,
        ctrl_cost_weight=ctrl,
        impact_cost_weight=impact,
        impact_cost_range=(0.0, cap),
        frame_skip=frame_skip,
    )
    env.reset(seed=seed)
    rng = np.random.default_rng(seed)
    for _ in range(3):
        action = rng.uniform(-0.4, 0.4, 17)
        _, reward, terminated, truncated, info = env.step(action)
        assert set(info) == V5_STEP_KEYS
        assert not terminated and not truncated
        z = env.data.qpos[2]
        # the uphill term divides by the MuJoCo timestep (not dt), as Gymnasium's
        assert info["reward_linup"] == pytest.approx(uph * z / 0.003)
        assert info["reward_quadctrl"] == pytest.approx(-ctrl * float(np.sum(action**2)))
        raw = impact * float(np.sum(env.data.cfrc_ext**2))
        assert info["reward_impact"] == pytest.approx(-min(raw, cap))
        total = info["reward_linup"] + info["reward_quadctrl"] + info["reward_impact"] + 1
        assert reward == pytest.approx(total, rel=1e-12)
        assert info["z_distance_from_origin"] == pytest.approx(z - 0.105)


def test_v4_reward_caps_the_impact_at_ten() -> None:
    env = HumanoidStandupV4Env()
    env.reset(seed=0)
    _, reward, terminated, _, info = env.step(np.full(17, 0.4))
    assert set(info) == {"reward_linup", "reward_quadctrl", "reward_impact"}
    assert not terminated
    assert info["reward_quadctrl"] == pytest.approx(-0.1 * 17 * 0.16)
    assert -10.0 <= info["reward_impact"] <= 0
    assert reward == pytest.approx(
        info["reward_linup"] + info["reward_quadctrl"] + info["reward_impact"] + 1
    )
    # a hard fall into the floor: the impact term saturates at 10
    qvel = np.zeros(23)
    qvel[2] = -40.0
    env.set_state(env.init_qpos, qvel)
    _, _, _, _, info = env.step(np.zeros(17))
    assert info["reward_impact"] == -10.0


def test_reset_noise_scale() -> None:
    still = HumanoidStandupEnv(reset_noise_scale=0.0)
    still.reset(seed=3)
    np.testing.assert_array_equal(still.data.qpos, still.init_qpos)
    noisy = HumanoidStandupEnv(reset_noise_scale=0.2)
    noisy.reset(seed=3)
    assert 0.01 < np.abs(noisy.data.qvel).max() <= 0.2
    v4 = HumanoidStandupV4Env()
    v4.reset(seed=3)
    assert 0 < np.abs(v4.data.qvel).max() <= 0.01


def test_xml_file_custom_model(tmp_path: Path) -> None:
    text = (ASSETS_DIR / "humanoid_standup.xml").read_text()
    path = tmp_path / "higher.xml"
    path.write_text(text.replace('pos="0 0 0.105"', 'pos="0 0 0.3"'))
    env = HumanoidStandupEnv(xml_file=str(path))
    _, info = env.reset(seed=0)
    assert env.init_qpos[2] == pytest.approx(0.3)
    assert abs(info["z_distance_from_origin"]) <= 0.01


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("uph_cost_weight", "up", "real number"),
        ("ctrl_cost_weight", math.nan, "finite"),
        ("impact_cost_weight", None, "real number"),
        ("impact_cost_range", (5.0, 1.0), "low <= high"),
        ("impact_cost_range", (1.0,), "pair"),
        ("reset_noise_scale", -0.5, ">= 0"),
        ("exclude_current_positions_from_observation", None, "True or False"),
        ("include_cinert_in_observation", "yes", "True or False"),
        ("include_cvel_in_observation", 0, "True or False"),
        ("include_qfrc_actuator_in_observation", 2, "True or False"),
        ("include_cfrc_ext_in_observation", "no", "True or False"),
        ("frame_skip", 0, "frame_skip"),
        ("camera_name", "overhead", "camera_name"),
    ],
)
def test_bad_v5_options_raise(option: str, value: Any, expected: str) -> None:
    with pytest.raises(InvalidEnvKwargs, match=expected) as caught:
        HumanoidStandupEnv(**{option: value})
    assert option in str(caught.value)


def test_v4_takes_only_rendering_options() -> None:
    with pytest.raises(InvalidEnvKwargs, match="ctrl_cost_weight"):
        gymkit.make("HumanoidStandup-v4", ctrl_cost_weight=0.2)
    assert HumanoidStandupV4Env(camera_name="track").camera_id == 0


def test_bad_action_raises() -> None:
    env = HumanoidStandupEnv()
    env.reset(seed=0)
    with pytest.raises(InvalidAction, match="shape"):
        env.step([0.0] * 16)
    with pytest.raises(InvalidAction, match="NaN"):
        env.step(np.full(17, np.nan))


def test_model_lies_along_x() -> None:
    model = mujoco.MjModel.from_xml_path(str(ASSETS_DIR / "humanoid_standup.xml"))
    standing = mujoco.MjModel.from_xml_path(str(ASSETS_DIR / "humanoid.xml"))
    assert (model.nq, model.nv, model.nu) == (24, 23, 17)
    np.testing.assert_array_equal(model.body_mass, standing.body_mass)
    np.testing.assert_array_equal(model.actuator_gear, standing.actuator_gear)
    left_hip_y = model.joint("left_hip_y").id
    assert np.degrees(model.jnt_range[left_hip_y]) == pytest.approx([-120, 20])


def test_rgb_frame_is_not_blank() -> None:
    env = HumanoidStandupEnv(render_mode="rgb_array", width=64, height=48)
    env.reset(seed=0)
    frame = env.render()
    env.close()
    assert frame.shape == (48, 64, 3) and frame.dtype == np.uint8 and frame.std() > 1
