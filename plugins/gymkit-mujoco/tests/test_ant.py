"""Ant-v5 and Ant-v4: spaces, every constructor option, bad options, info keys, the reward law."""

from __future__ import annotations

import copy
import math
import pickle
from pathlib import Path
from typing import Any

import mujoco
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gymkit
from gymkit.error import InvalidAction, InvalidEnvKwargs
from gymkit_mujoco.ant import AntEnv, AntV4Env
from gymkit_mujoco.base import ASSETS_DIR

V5_STEP_KEYS = {
    "x_position",
    "y_position",
    "distance_from_origin",
    "x_velocity",
    "y_velocity",
    "reward_forward",
    "reward_ctrl",
    "reward_contact",
    "reward_survive",
}
V4_STEP_KEYS = {
    "x_position",
    "y_position",
    "distance_from_origin",
    "x_velocity",
    "y_velocity",
    "reward_forward",
    "reward_ctrl",
    "reward_survive",
    "forward_reward",
}


def _tilted(env: Any, z: float) -> None:
    """Put the torso at height ``z`` (everything else at the initial state)."""
    qpos = env.init_qpos.copy()
    qpos[2] = z
    env.set_state(qpos, env.init_qvel)


def test_make_and_spaces() -> None:
    env = gymkit.make("Ant-v5")
    assert env.spec.max_episode_steps == 1000
    assert env.spec.reward_threshold == 6000.0
    assert env.action_space.shape == (8,)
    assert env.action_space.dtype == np.float32
    assert np.all(env.action_space.low == -1) and np.all(env.action_space.high == 1)
    assert env.observation_space.shape == (105,)
    assert env.observation_space.dtype == np.float64
    obs, info = env.reset(seed=0)
    assert obs.shape == (105,) and obs in env.observation_space
    assert set(info) == {"x_position", "y_position", "distance_from_origin"}
    assert env.unwrapped.dt == pytest.approx(0.05)
    assert env.metadata["render_fps"] == 20
    v4 = gymkit.make("Ant-v4")
    assert v4.observation_space.shape == (27,)
    assert v4.reset(seed=0)[1] == {}


@pytest.mark.parametrize(
    ("options", "size"),
    [
        ({}, 105),
        ({"exclude_current_positions_from_observation": False}, 107),
        ({"include_cfrc_ext_in_observation": False}, 27),
        (
            {
                "include_cfrc_ext_in_observation": False,
                "exclude_current_positions_from_observation": False,
            },
            29,
        ),
    ],
)
def test_v5_observation_layout(options: dict[str, Any], size: int) -> None:
    env = AntEnv(**options)
    obs, _ = env.reset(seed=3)
    assert obs.shape == env.observation_space.shape == (size,)
    structure = env.observation_structure
    assert structure["qpos"] + structure["qvel"] + structure["cfrc_ext"] == size
    assert structure["qvel"] == 14
    for _ in range(5):
        obs, *_ = env.step(env.action_space.sample())
    skip = 2 if options.get("exclude_current_positions_from_observation", True) else 0
    n_qpos = 15 - skip
    np.testing.assert_array_equal(obs[:n_qpos], env.data.qpos[skip:])
    np.testing.assert_array_equal(obs[n_qpos : n_qpos + 14], env.data.qvel)
    if options.get("include_cfrc_ext_in_observation", True):
        expected = np.clip(env.data.cfrc_ext[1:], -1.0, 1.0).ravel()
        np.testing.assert_array_equal(obs[n_qpos + 14 :], expected)


@pytest.mark.parametrize(
    ("options", "size"),
    [
        ({}, 27),
        ({"exclude_current_positions_from_observation": False}, 29),
        ({"use_contact_forces": True}, 111),
        ({"use_contact_forces": True, "exclude_current_positions_from_observation": False}, 113),
    ],
)
def test_v4_observation_layout(options: dict[str, Any], size: int) -> None:
    env = AntV4Env(**options)
    obs, _ = env.reset(seed=3)
    assert obs.shape == env.observation_space.shape == (size,)
    obs, *_ = env.step(env.action_space.sample())
    if options.get("use_contact_forces"):
        # v4 keeps the world body's (always zero) row
        expected = np.clip(env.data.cfrc_ext, -1.0, 1.0).ravel()
        np.testing.assert_array_equal(obs[-84:], expected)


def test_contact_force_range_clips_the_observed_forces() -> None:
    env = AntEnv(contact_force_range=(-0.25, 0.5))
    env.reset(seed=0)
    seen = []
    for _ in range(40):
        obs, *_ = env.step(env.action_space.sample())
        seen.append(obs[27:])
    forces = np.concatenate(seen)
    assert forces.min() >= -0.25 and forces.max() <= 0.5
    assert forces.max() == 0.5  # the feet do push on the floor hard enough to clip


def test_frame_skip_sets_dt_and_fps() -> None:
    env = AntEnv(frame_skip=2)
    assert env.dt == pytest.approx(0.02)
    assert env.metadata["render_fps"] == 50
    env.reset(seed=0)
    t0 = env.data.time
    env.step(np.zeros(8))
    assert env.data.time - t0 == pytest.approx(0.02)


@settings(max_examples=15, deadline=None)
@given(
    forward=st.floats(-3, 3),
    ctrl=st.floats(0, 2),
    contact=st.floats(0, 1e-2),
    healthy=st.floats(-2, 5),
    seed=st.integers(0, 2**16),
)
def test_reward_is_the_sum_of_its_weighted_terms(
    forward: float, ctrl: float, contact: float, healthy: float, seed: int
) -> None:
    env = AntEnv(
        forward_reward_weight=forward,
        ctrl_cost_weight=ctrl,
        contact_cost_weight=contact,
        healthy_reward=healthy,
    )
    env.reset(seed=seed)
    rng = np.random.default_rng(seed)
    for _ in range(3):
        action = rng.uniform(-1, 1, 8)
        _, reward, terminated, truncated, info = env.step(action)
        assert set(info) == V5_STEP_KEYS
        total = (
            info["reward_forward"]
            + info["reward_survive"]
            + info["reward_ctrl"]
            + info["reward_contact"]
        )
        assert reward == pytest.approx(total, rel=1e-12, abs=1e-12)
        assert info["reward_forward"] == pytest.approx(forward * info["x_velocity"])
        assert info["reward_ctrl"] == pytest.approx(-ctrl * float(np.sum(action**2)))
        clipped = np.clip(env.data.cfrc_ext, -1, 1)
        assert info["reward_contact"] == pytest.approx(-contact * float(np.sum(clipped**2)))
        assert info["reward_survive"] == (healthy if not terminated else 0.0)
        assert truncated is False


def test_forward_velocity_follows_main_body() -> None:
    env = AntEnv(main_body="aux_1")
    env.reset(seed=0)
    before = env.data.body("aux_1").xpos[:2].copy()
    _, _, _, _, info = env.step(np.ones(8))
    after = env.data.body("aux_1").xpos[:2]
    assert info["x_velocity"] == pytest.approx((after[0] - before[0]) / env.dt)
    assert info["y_velocity"] == pytest.approx((after[1] - before[1]) / env.dt)
    assert info["x_position"] == env.data.qpos[0]
    assert info["distance_from_origin"] == pytest.approx(np.linalg.norm(env.data.qpos[:2]))


def test_healthy_z_range_and_termination() -> None:
    env = AntEnv(healthy_z_range=(0.3, 0.6))
    env.reset(seed=0)
    _tilted(env, 0.9)  # above the range: unhealthy at once
    _, _, terminated, _, info = env.step(np.zeros(8))
    assert terminated and info["reward_survive"] == 0.0
    lenient = AntEnv(healthy_z_range=(0.3, 0.6), terminate_when_unhealthy=False)
    lenient.reset(seed=0)
    _tilted(lenient, 0.9)
    _, _, terminated, _, info = lenient.step(np.zeros(8))
    assert not terminated and info["reward_survive"] == 0.0
    # v4 pays the healthy reward while terminating, and when not terminating on ill health not
    v4 = AntV4Env(healthy_z_range=(0.3, 0.6))
    v4.reset(seed=0)
    _tilted(v4, 0.9)
    _, _, terminated, _, info = v4.step(np.zeros(8))
    assert terminated and info["reward_survive"] == 1.0
    v4 = AntV4Env(healthy_z_range=(0.3, 0.6), terminate_when_unhealthy=False)
    v4.reset(seed=0)
    _tilted(v4, 0.9)
    _, _, terminated, _, info = v4.step(np.zeros(8))
    assert not terminated and info["reward_survive"] == 0.0


def test_non_finite_state_is_unhealthy() -> None:
    env = AntEnv()
    env.reset(seed=0)
    env.data.qvel[3] = np.inf
    assert not env._healthy()


@pytest.mark.parametrize("cls", [AntEnv, AntV4Env])
def test_reset_noise_scale(cls: type) -> None:
    still = cls(reset_noise_scale=0.0)
    still.reset(seed=1)
    np.testing.assert_array_equal(still.data.qpos, still.init_qpos)
    np.testing.assert_array_equal(still.data.qvel, still.init_qvel)
    noisy = cls(reset_noise_scale=0.05)
    noisy.reset(seed=1)
    offset = noisy.data.qpos - noisy.init_qpos
    assert 0 < np.abs(offset).max() <= 0.05
    again = cls(reset_noise_scale=0.05)
    again.reset(seed=1)
    np.testing.assert_array_equal(again.data.qpos, noisy.data.qpos)
    np.testing.assert_array_equal(again.data.qvel, noisy.data.qvel)


def test_v4_contact_forces_enter_the_reward() -> None:
    plain = AntV4Env()
    forced = AntV4Env(use_contact_forces=True, contact_cost_weight=0.5)
    for env in (plain, forced):
        env.reset(seed=4)
    rewards = []
    for _ in range(20):
        action = np.full(8, 0.5)
        _, r_plain, _, _, info_plain = plain.step(action)
        _, r_forced, _, _, info_forced = forced.step(action)
        assert set(info_plain) == set(info_forced) == V4_STEP_KEYS
        rewards.append(r_plain - r_forced)
        # v4 reports the contact cost under reward_ctrl (Gymnasium's v4 does the same)
        clipped = np.clip(forced.data.cfrc_ext, -1, 1)
        assert info_forced["reward_ctrl"] == pytest.approx(-0.5 * float(np.sum(clipped**2)))
    assert max(rewards) > 0


def test_xml_file_custom_model(tmp_path: Path) -> None:
    text = (ASSETS_DIR / "ant.xml").read_text().replace('pos="0 0 0.75"', 'pos="0 0 0.6"')
    path = tmp_path / "low_ant.xml"
    path.write_text(text)
    env = AntEnv(xml_file=str(path))
    assert env.init_qpos[2] == pytest.approx(0.6)
    env.reset(seed=0)
    env.step(np.zeros(8))
    assert AntV4Env(xml_file=path).init_qpos[2] == pytest.approx(0.6)


def test_xml_file_errors(tmp_path: Path) -> None:
    missing = tmp_path / "nope.xml"
    with pytest.raises(InvalidEnvKwargs, match=r"nope\.xml"):
        AntEnv(xml_file=str(missing))
    broken = tmp_path / "broken.xml"
    broken.write_text("<mujoco><worldbody><body><geom type='sphere'/></body></worldbody>")
    with pytest.raises(InvalidEnvKwargs, match=r"broken\.xml"):
        AntEnv(xml_file=str(broken))
    hinged = tmp_path / "hinged.xml"
    hinged.write_text(
        "<mujoco><worldbody><body><joint name='hinge' type='hinge'/><geom size='0.1'/>"
        "</body></worldbody><actuator><motor joint='hinge'/></actuator></mujoco>"
    )
    with pytest.raises(InvalidEnvKwargs, match="free root joint"):
        AntEnv(xml_file=str(hinged))


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("ctrl_cost_weight", "big", "real number"),
        ("forward_reward_weight", math.nan, "finite"),
        ("contact_cost_weight", True, "real number"),
        ("healthy_reward", None, "real number"),
        ("healthy_z_range", (1.0, 0.2), "low <= high"),
        ("healthy_z_range", 0.5, "pair"),
        ("contact_force_range", (math.nan, 1.0), "NaN"),
        ("reset_noise_scale", -0.1, ">= 0"),
        ("terminate_when_unhealthy", "yes", "True or False"),
        ("exclude_current_positions_from_observation", 1, "True or False"),
        ("include_cfrc_ext_in_observation", None, "True or False"),
        ("main_body", "tail", "not a body"),
        ("main_body", 99, "out of range"),
        ("main_body", 1.5, "body name"),
        ("frame_skip", 0, "frame_skip"),
        ("camera_name", "nope", "nope"),
    ],
)
def test_bad_v5_options_raise(option: str, value: Any, expected: str) -> None:
    with pytest.raises(InvalidEnvKwargs, match=expected) as caught:
        AntEnv(**{option: value})
    if option != "frame_skip":
        assert option in str(caught.value) and repr(value)[:4] in str(caught.value)


def test_bad_v4_options_raise() -> None:
    with pytest.raises(InvalidEnvKwargs, match="use_contact_forces"):
        AntV4Env(use_contact_forces="on")
    with pytest.raises(InvalidEnvKwargs, match="frame_skip"):
        gymkit.make("Ant-v4", frame_skip=3)  # v4's frame skip is fixed


def test_bad_action_raises() -> None:
    env = AntEnv()
    env.reset(seed=0)
    with pytest.raises(InvalidAction, match="shape"):
        env.step(np.zeros(7))
    with pytest.raises(InvalidAction, match="NaN"):
        env.step(np.full(8, np.nan))


def test_cameras_and_default_camera_config() -> None:
    env = AntEnv(camera_name="track")
    assert env.camera_id == 0
    env = AntEnv(default_camera_config={"distance": 7.0, "elevation": -30.0})
    assert env.default_camera_config["distance"] == 7.0


def test_copies_continue_identically() -> None:
    env = AntEnv()
    env.reset(seed=5)
    for _ in range(3):
        env.step(np.full(8, 0.3))
    twins = [copy.deepcopy(env), pickle.loads(pickle.dumps(env))]
    action = np.linspace(-1, 1, 8)
    expected = env.step(action)
    for twin in twins:
        got = twin.step(action)
        np.testing.assert_array_equal(got[0], expected[0])
        assert got[1] == expected[1] and got[4] == expected[4]
    # the copy's state is its own
    twins[0].step(action)
    assert not np.array_equal(twins[0].data.qpos, env.data.qpos)


def test_float32_actions_cost_at_float32() -> None:
    env = AntEnv(ctrl_cost_weight=0.3)
    env.reset(seed=0)
    action = np.full(8, 0.1, dtype=np.float32)
    _, _, _, _, info = env.step(action)
    expected = 0.3 * np.square(action).sum()  # float32 arithmetic, as Gymnasium's
    assert info["reward_ctrl"] == -float(expected)


def test_rgb_frame_is_not_blank() -> None:
    env = AntEnv(render_mode="rgb_array", width=64, height=48)
    env.reset(seed=0)
    frame = env.render()
    env.close()
    assert frame.shape == (48, 64, 3) and frame.dtype == np.uint8
    assert frame.std() > 1


def test_model_is_the_quadruped() -> None:
    model = mujoco.MjModel.from_xml_path(str(ASSETS_DIR / "ant.xml"))
    assert (model.nbody, model.nq, model.nv, model.nu) == (14, 15, 14, 8)
    assert model.opt.timestep == 0.01
    assert np.all(model.actuator_gear[:, 0] == 150)
    assert model.body_mass.sum() == pytest.approx(0.91, abs=0.01)


def test_v4_needs_a_torso(tmp_path: Path) -> None:
    text = (ASSETS_DIR / "ant.xml").read_text().replace('name="torso"', 'name="body"')
    path = tmp_path / "renamed.xml"
    path.write_text(text)
    with pytest.raises(InvalidEnvKwargs, match="no body named 'torso'"):
        AntV4Env(xml_file=path)
    AntEnv(xml_file=path, main_body="body").reset(seed=0)
