"""Humanoid-v5 and Humanoid-v4: spaces, every constructor option, bad options, info keys, the
reward law."""

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
from gymkit_mujoco.base import ASSETS_DIR
from gymkit_mujoco.humanoid import HumanoidEnv, HumanoidV4Env

RESET_KEYS = {
    "x_position",
    "y_position",
    "tendon_length",
    "tendon_velocity",
    "distance_from_origin",
}
V5_STEP_KEYS = RESET_KEYS | {
    "x_velocity",
    "y_velocity",
    "reward_survive",
    "reward_forward",
    "reward_ctrl",
    "reward_contact",
}
V4_STEP_KEYS = {
    "reward_linvel",
    "reward_quadctrl",
    "reward_alive",
    "x_position",
    "y_position",
    "distance_from_origin",
    "x_velocity",
    "y_velocity",
    "forward_reward",
}


def _mass_center(env: Any) -> np.ndarray:
    mass = env.model.body_mass
    return (mass[:, None] * env.data.xipos).sum(axis=0)[:2] / mass.sum()


def _at_height(env: Any, z: float) -> None:
    qpos = env.init_qpos.copy()
    qpos[2] = z
    env.set_state(qpos, env.init_qvel)


def test_make_and_spaces() -> None:
    env = gymkit.make("Humanoid-v5")
    assert env.spec.max_episode_steps == 1000
    assert env.action_space.shape == (17,) and env.action_space.dtype == np.float32
    assert np.all(env.action_space.low == np.float32(-0.4))
    assert np.all(env.action_space.high == np.float32(0.4))
    assert env.observation_space.shape == (348,) and env.observation_space.dtype == np.float64
    obs, info = env.reset(seed=0)
    assert obs.shape == (348,) and obs in env.observation_space
    assert set(info) == RESET_KEYS and info["tendon_length"].shape == (2,)
    assert env.unwrapped.dt == pytest.approx(0.015)
    assert env.metadata["render_fps"] == 67
    v4 = gymkit.make("Humanoid-v4")
    assert v4.observation_space.shape == (376,)
    obs, info = v4.reset(seed=0)
    assert obs.shape == (376,) and info == {}


@pytest.mark.parametrize(
    ("options", "size"),
    [
        ({}, 348),
        ({"exclude_current_positions_from_observation": False}, 350),
        ({"include_cinert_in_observation": False}, 218),
        ({"include_cvel_in_observation": False}, 270),
        ({"include_qfrc_actuator_in_observation": False}, 331),
        ({"include_cfrc_ext_in_observation": False}, 270),
        (
            {
                "include_cinert_in_observation": False,
                "include_cvel_in_observation": False,
                "include_qfrc_actuator_in_observation": False,
                "include_cfrc_ext_in_observation": False,
            },
            45,
        ),
    ],
)
def test_v5_observation_layout(options: dict[str, Any], size: int) -> None:
    env = HumanoidEnv(**options)
    obs, _ = env.reset(seed=2)
    assert obs.shape == env.observation_space.shape == (size,)
    structure = env.observation_structure
    assert sum(v for k, v in structure.items() if k != "skipped_qpos") == size
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


def test_v4_observation_layout() -> None:
    env = HumanoidV4Env(exclude_current_positions_from_observation=False)
    obs, _ = env.reset(seed=2)
    assert obs.shape == env.observation_space.shape == (378,)
    obs, *_ = env.step(env.action_space.sample())
    data = env.data
    expected = np.concatenate(
        [data.qpos, data.qvel]
        + [a.ravel() for a in (data.cinert, data.cvel, data.qfrc_actuator, data.cfrc_ext)]
    )
    np.testing.assert_array_equal(obs, expected)


@settings(max_examples=12, deadline=None)
@given(
    forward=st.floats(-3, 3),
    ctrl=st.floats(0, 2),
    contact=st.floats(0, 1e-5),
    cap=st.floats(0.01, 10),
    healthy=st.floats(-2, 8),
    seed=st.integers(0, 2**16),
)
def test_v5_reward_is_the_sum_of_its_weighted_terms(
    forward: float, ctrl: float, contact: float, cap: float, healthy: float, seed: int
) -> None:
    env = HumanoidEnv(
        forward_reward_weight=forward,
        ctrl_cost_weight=ctrl,
        contact_cost_weight=contact,
        contact_cost_range=(0.0, cap),
        healthy_reward=healthy,
    )
    env.reset(seed=seed)
    rng = np.random.default_rng(seed)
    for _ in range(3):
        action = rng.uniform(-0.4, 0.4, 17)
        before = _mass_center(env)
        _, reward, terminated, truncated, info = env.step(action)
        assert set(info) == V5_STEP_KEYS
        total = sum(info[k] for k in ("reward_forward", "reward_survive", "reward_ctrl"))
        assert reward == pytest.approx(total + info["reward_contact"], rel=1e-12, abs=1e-12)
        velocity = (_mass_center(env) - before) / env.dt
        assert info["x_velocity"] == pytest.approx(velocity[0], abs=1e-9)
        assert info["y_velocity"] == pytest.approx(velocity[1], abs=1e-9)
        assert info["reward_forward"] == pytest.approx(forward * info["x_velocity"])
        assert info["reward_ctrl"] == pytest.approx(-ctrl * float(np.sum(action**2)))
        raw = contact * float(np.sum(env.data.cfrc_ext**2))
        assert info["reward_contact"] == pytest.approx(-min(max(raw, 0.0), cap))
        assert info["reward_survive"] == (0.0 if terminated else healthy)
        np.testing.assert_array_equal(info["tendon_length"], env.data.ten_length)
        assert truncated is False
        if terminated:
            break


def test_v4_reward_and_info() -> None:
    env = HumanoidV4Env(forward_reward_weight=2.0, ctrl_cost_weight=0.5, healthy_reward=3.0)
    env.reset(seed=0)
    action = np.full(17, 0.2)
    _, reward, _, _, info = env.step(action)
    assert set(info) == V4_STEP_KEYS
    assert info["reward_alive"] == 3.0
    assert info["reward_quadctrl"] == pytest.approx(-0.5 * 17 * 0.04)
    assert info["forward_reward"] == info["reward_linvel"] == 2.0 * info["x_velocity"]
    assert reward == pytest.approx(info["reward_linvel"] + 3.0 + info["reward_quadctrl"])
    # v4 reports the mass centre as the position
    center = _mass_center(env)
    assert info["x_position"] == pytest.approx(center[0])
    assert info["y_position"] == pytest.approx(center[1])


def test_healthy_z_range_is_open_and_terminates() -> None:
    env = HumanoidEnv(healthy_z_range=(1.0, 1.3))
    env.reset(seed=0)
    _at_height(env, 1.0)  # the bounds themselves are unhealthy
    assert not env._healthy()
    _at_height(env, 1.2)
    assert env._healthy()
    _at_height(env, 1.6)
    _, _, terminated, _, info = env.step(np.zeros(17))
    assert terminated and info["reward_survive"] == 0.0
    lenient = HumanoidEnv(healthy_z_range=(1.0, 1.3), terminate_when_unhealthy=False)
    lenient.reset(seed=0)
    _at_height(lenient, 1.6)
    _, _, terminated, _, info = lenient.step(np.zeros(17))
    assert not terminated and info["reward_survive"] == 0.0
    v4 = HumanoidV4Env(healthy_z_range=(1.0, 1.3))
    v4.reset(seed=0)
    _at_height(v4, 1.6)
    _, _, terminated, _, info = v4.step(np.zeros(17))
    assert terminated and info["reward_alive"] == 5.0


def test_falls_over_under_random_actions() -> None:
    env = gymkit.make("Humanoid-v5")
    env.reset(seed=0)
    terminated = truncated = False
    for _ in range(200):
        _, _, terminated, truncated, _ = env.step(env.action_space.sample())
        if terminated:
            break
    assert terminated and not truncated


@pytest.mark.parametrize("cls", [HumanoidEnv, HumanoidV4Env])
def test_reset_noise_is_uniform_in_the_scale(cls: type) -> None:
    still = cls(reset_noise_scale=0.0)
    still.reset(seed=1)
    np.testing.assert_array_equal(still.data.qpos, still.init_qpos)
    np.testing.assert_array_equal(still.data.qvel, still.init_qvel)
    noisy = cls(reset_noise_scale=0.1)
    noisy.reset(seed=1)
    assert 0 < np.abs(noisy.data.qpos - noisy.init_qpos).max() <= 0.1
    assert 0 < np.abs(noisy.data.qvel).max() <= 0.1


def test_frame_skip_sets_dt() -> None:
    env = HumanoidEnv(frame_skip=3)
    assert env.dt == pytest.approx(0.009) and env.metadata["render_fps"] == 111


def test_xml_file_custom_model(tmp_path: Path) -> None:
    text = (ASSETS_DIR / "humanoid.xml").read_text().replace('gear="300"', 'gear="350"')
    path = tmp_path / "strong.xml"
    path.write_text(text)
    env = HumanoidEnv(xml_file=path)
    assert env.model.actuator_gear[5, 0] == 350
    env.reset(seed=0)
    env.step(np.zeros(17))
    with pytest.raises(InvalidEnvKwargs, match=r"missing\.xml"):
        HumanoidEnv(xml_file=str(tmp_path / "missing.xml"))


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("forward_reward_weight", "fast", "real number"),
        ("ctrl_cost_weight", math.inf, "finite"),
        ("contact_cost_weight", [1], "real number"),
        ("contact_cost_range", (10.0, 0.0), "low <= high"),
        ("contact_cost_range", (0.0, "x"), "pair"),
        ("healthy_reward", False, "real number"),
        ("healthy_z_range", (2.0, 1.0), "low <= high"),
        ("reset_noise_scale", -1e-3, ">= 0"),
        ("terminate_when_unhealthy", 0, "True or False"),
        ("exclude_current_positions_from_observation", "no", "True or False"),
        ("include_cinert_in_observation", None, "True or False"),
        ("include_cvel_in_observation", 1.0, "True or False"),
        ("include_qfrc_actuator_in_observation", "x", "True or False"),
        ("include_cfrc_ext_in_observation", [], "True or False"),
        ("frame_skip", -1, "frame_skip"),
        ("camera_id", 7, "camera_id"),
    ],
)
def test_bad_v5_options_raise(option: str, value: Any, expected: str) -> None:
    with pytest.raises(InvalidEnvKwargs, match=expected) as caught:
        HumanoidEnv(**{option: value})
    assert option in str(caught.value)


def test_v4_has_no_model_option() -> None:
    with pytest.raises(InvalidEnvKwargs, match="xml_file"):
        gymkit.make("Humanoid-v4", xml_file="humanoid.xml")
    with pytest.raises(InvalidEnvKwargs, match="healthy_reward"):
        HumanoidV4Env(healthy_reward="lots")


def test_bad_action_raises() -> None:
    env = HumanoidEnv()
    env.reset(seed=0)
    with pytest.raises(InvalidAction, match=r"\(17,\)"):
        env.step(np.zeros(8))
    with pytest.raises(InvalidAction, match="NaN or inf"):
        env.step(np.full(17, np.inf))


def test_cameras() -> None:
    assert HumanoidEnv(camera_name="track").camera_id == 0
    env = HumanoidEnv()
    assert env.default_camera_config["trackbodyid"] == 1
    assert env.default_camera_config["distance"] == 4.0


def test_copies_continue_identically() -> None:
    env = HumanoidEnv()
    env.reset(seed=5)
    env.step(np.full(17, 0.1))
    twin = pickle.loads(pickle.dumps(env))
    clone = copy.deepcopy(env)
    action = np.linspace(-0.4, 0.4, 17)
    expected = env.step(action)
    for other in (twin, clone):
        got = other.step(action)
        np.testing.assert_array_equal(got[0], expected[0])
        assert got[1] == expected[1]


def test_model_is_the_biped() -> None:
    model = mujoco.MjModel.from_xml_path(str(ASSETS_DIR / "humanoid.xml"))
    assert (model.nbody, model.nq, model.nv, model.nu, model.ntendon) == (14, 24, 23, 17, 2)
    assert model.opt.timestep == 0.003 and model.opt.iterations == 50
    assert model.opt.solver == mujoco.mjtSolver.mjSOL_PGS
    assert model.opt.integrator == mujoco.mjtIntegrator.mjINT_RK4
    assert model.body_mass.sum() == pytest.approx(42.116, abs=1e-3)


def test_tracking_camera_keeps_the_body_in_view() -> None:
    # depth ignores the floor's texture: a camera that follows the body sees the same depths
    env = HumanoidEnv(render_mode="depth_array", width=64, height=64)
    env.reset(seed=0)
    near = env.render().copy()
    qpos = env.data.qpos.copy()
    qpos[0] += 5.0  # five metres on: a fixed camera would lose the body, the tracking one follows
    env.set_state(qpos, env.data.qvel)
    far = env.render()
    fixed = HumanoidEnv(
        render_mode="depth_array", width=64, height=64, default_camera_config={"distance": 4.0}
    )
    fixed.reset(seed=0)
    fixed_near = fixed.render().copy()
    fixed.set_state(qpos, fixed.data.qvel)
    fixed_far = fixed.render()
    env.close()
    fixed.close()
    assert np.abs(near - far).mean() < 0.01
    assert np.abs(fixed_near - fixed_far).mean() > 10 * np.abs(near - far).mean()


def test_depth_and_named_camera() -> None:
    env = HumanoidEnv(render_mode="depth_array", camera_name="track", width=48, height=32)
    env.reset(seed=0)
    depth = env.render()
    env.close()
    assert depth.shape == (32, 48) and depth.dtype == np.float32
    assert 0 < depth.min() < depth.max()
