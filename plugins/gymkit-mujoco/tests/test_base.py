"""The MujocoEnv contract, on a tiny MJCF cart-pole (tests/conftest.py): model loading and its
errors, frame_skip and dt, spaces, seeding, set_state/state_vector, do_simulation and the
action checks."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path

import mujoco
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gymkit.error import InvalidAction, InvalidEnvKwargs, UnsupportedMode
from gymkit_mujoco.base import (
    ASSETS_DIR,
    InvalidState,
    MujocoEnv,
    MujocoModelError,
    MujocoModelNotFound,
    resolve_model_path,
)


def _mjcf(tmp_path: Path, text: str, name: str = "model.xml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_model_from_string_sets_the_documented_attributes(tiny) -> None:
    env = tiny(frame_skip=3)
    assert env.model.nq == 2 and env.model.nv == 2 and env.model.nu == 2
    assert env.frame_skip == 3
    assert env.dt == pytest.approx(0.03)
    assert env.metadata["render_fps"] == round(1 / 0.03)
    assert env.metadata["render_modes"] == ["human", "rgb_array", "depth_array"]
    assert env.fullpath is None
    np.testing.assert_array_equal(env.init_qpos, env.data.qpos)
    assert env.init_qpos is not env.data.qpos
    assert env.action_space.dtype == np.float32
    np.testing.assert_array_equal(env.action_space.low, [-1.0, -0.5])
    np.testing.assert_array_equal(env.action_space.high, [1.0, 0.5])
    assert env.observation_space.shape == (4,)


def test_model_from_a_file_path(tmp_path: Path, tiny_mjcf: str) -> None:
    path = _mjcf(tmp_path, tiny_mjcf)
    env = MujocoEnv(path, 1, None)
    assert env.fullpath == path.resolve()
    assert env.model.nq == 2
    assert not hasattr(env, "observation_space")
    env_str = MujocoEnv(str(path), 1, None)
    assert env_str.model.nbody == env.model.nbody


def test_bare_names_resolve_against_the_assets_directory(tmp_path: Path) -> None:
    with pytest.raises(MujocoModelNotFound) as info:
        resolve_model_path("no_such_model.xml")
    message = str(info.value)
    assert "no_such_model.xml" in message and str(ASSETS_DIR) in message
    assert isinstance(info.value, FileNotFoundError) and isinstance(info.value, InvalidEnvKwargs)


def test_missing_file_names_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "robot.xml"
    with pytest.raises(MujocoModelNotFound, match=r"robot\.xml") as info:
        MujocoEnv(missing, 1, None)
    assert str(missing) in str(info.value) and "xml_file" in str(info.value)


def test_uncompilable_file_keeps_mujocos_message_and_the_path(tmp_path: Path) -> None:
    path = _mjcf(tmp_path, '<mujoco><worldbody><geom type="blob"/></worldbody></mujoco>')
    with pytest.raises(MujocoModelError) as info:
        MujocoEnv(path, 1, None)
    message = str(info.value)
    assert str(path) in message
    assert "invalid keyword" in message and "blob" in message  # MuJoCo's own words
    broken = _mjcf(tmp_path, "<mujoco><worldbody>", name="truncated.xml")
    with pytest.raises(MujocoModelError, match=r"truncated\.xml"):
        MujocoEnv(broken, 1, None)


def test_uncompilable_string_keeps_mujocos_message() -> None:
    with pytest.raises(MujocoModelError, match=r"xml_string.*unrecognized|xml_string.*Error"):
        MujocoEnv(None, 1, None, xml_string="<mujoco><nonsense/></mujoco>")


def test_model_source_is_exactly_one(tmp_path: Path) -> None:
    with pytest.raises(InvalidEnvKwargs, match="no MuJoCo model"):
        MujocoEnv(None, 1, None)
    with pytest.raises(InvalidEnvKwargs, match="not both"):
        MujocoEnv(tmp_path / "a.xml", 1, None, xml_string="<mujoco/>")
    with pytest.raises(InvalidEnvKwargs, match="xml_string must be a str"):
        MujocoEnv(None, 1, None, xml_string=b"<mujoco/>")  # type: ignore[arg-type]
    with pytest.raises(InvalidEnvKwargs, match=r"str or os\.PathLike"):
        MujocoEnv(42, 1, None)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [0, -3, 1.5, "2", True, None])
def test_frame_skip_must_be_a_positive_int(tiny, bad: object) -> None:
    with pytest.raises(InvalidEnvKwargs, match="TinyCartPole: frame_skip") as info:
        tiny(frame_skip=bad)
    assert repr(bad) in str(info.value)


def test_frame_skip_accepts_numpy_ints(tiny) -> None:
    assert tiny(frame_skip=np.int64(4)).frame_skip == 4


@pytest.mark.parametrize("name", ["width", "height", "max_geom"])
def test_render_sizes_must_be_positive_ints(tiny, name: str) -> None:
    with pytest.raises(InvalidEnvKwargs, match=name):
        tiny(**{name: 0})


def test_cameras_by_name_and_id(tiny) -> None:
    assert tiny(camera_name="side").camera_id == 0
    assert tiny(camera_name="onboard").camera_id == 1
    assert tiny(camera_id=1).camera_id == 1
    assert tiny(camera_id=-1).camera_id is None  # the free camera
    assert tiny().camera_id is None


def test_bad_cameras_are_named(tiny) -> None:
    with pytest.raises(InvalidEnvKwargs, match=r"camera_name='top'.*\['side', 'onboard'\]"):
        tiny(camera_name="top")
    with pytest.raises(InvalidEnvKwargs, match="not both"):
        tiny(camera_name="side", camera_id=0)
    with pytest.raises(InvalidEnvKwargs, match="camera_id=2 is out of range"):
        tiny(camera_id=2)
    with pytest.raises(InvalidEnvKwargs, match="camera_id must be an int"):
        tiny(camera_id="side")


def test_bad_camera_config_and_visual_options(tiny) -> None:
    with pytest.raises(InvalidEnvKwargs, match=r"unknown key.*'zoom'"):
        tiny(default_camera_config={"zoom": 2.0})
    with pytest.raises(InvalidEnvKwargs, match="lookat"):
        tiny(default_camera_config={"lookat": [0.0, 1.0]})
    with pytest.raises(InvalidEnvKwargs, match="distance"):
        tiny(default_camera_config={"distance": "far"})
    with pytest.raises(InvalidEnvKwargs, match="visual_options key 999"):
        tiny(visual_options={999: True})
    env = tiny(visual_options={mujoco.mjtVisFlag.mjVIS_CONTACTPOINT: True})
    assert env.visual_options == {int(mujoco.mjtVisFlag.mjVIS_CONTACTPOINT): True}


def test_render_mode_is_checked(tiny) -> None:
    with pytest.raises(UnsupportedMode, match="ansi"):
        tiny(render_mode="ansi")


def test_same_seed_same_reset_state(tiny) -> None:
    a, b = tiny(), tiny()
    obs_a, info = a.reset(seed=7)
    obs_b, _ = b.reset(seed=7)
    assert info == {}
    np.testing.assert_array_equal(obs_a, obs_b)
    np.testing.assert_array_equal(a.data.qpos, b.data.qpos)
    obs_c, _ = a.reset(seed=8)
    assert not np.array_equal(obs_a, obs_c)
    # the noise comes from np_random and lies within the task's scale
    assert np.all(np.abs(obs_a - np.concatenate([a.init_qpos, a.init_qvel])) <= 0.1)


def test_reset_clears_the_previous_episode(tiny) -> None:
    env = tiny()
    first, _ = env.reset(seed=3)
    for _ in range(20):
        env.step([1.0, 0.5])
    assert env.data.time > 0
    again, _ = env.reset(seed=3)
    np.testing.assert_array_equal(first, again)
    assert env.data.time == 0.0
    np.testing.assert_array_equal(env.data.ctrl, [0.0, 0.0])


def test_do_simulation_matches_raw_mj_step(tiny) -> None:
    env = tiny(frame_skip=3)
    env.reset(seed=0)
    model = env.model
    raw = mujoco.MjData(model)
    raw.qpos[:], raw.qvel[:] = env.data.qpos, env.data.qvel
    mujoco.mj_forward(model, raw)
    for step in range(10):
        ctrl = np.array([np.sin(step), np.cos(step) * 0.4])
        env.do_simulation(ctrl, env.frame_skip)
        raw.ctrl[:] = ctrl
        for _ in range(3):
            mujoco.mj_step(model, raw)
    np.testing.assert_array_equal(env.data.qpos, raw.qpos)
    np.testing.assert_array_equal(env.data.qvel, raw.qvel)
    assert env.data.time == pytest.approx(30 * model.opt.timestep)
    # mj_rnePostConstraint ran: cfrc_ext is computed (the floor pushes nothing here; the
    # total is finite and of the documented shape)
    assert env.data.cfrc_ext.shape == (model.nbody, 6)
    assert np.isfinite(env.data.cfrc_ext).all()


def test_set_state_and_state_vector(tiny) -> None:
    env = tiny()
    env.reset(seed=0)
    env.set_state([0.3, -0.2], [1.0, 2.0])
    np.testing.assert_array_equal(env.state_vector(), [0.3, -0.2, 1.0, 2.0])
    # mj_forward ran: the cart body moved with qpos
    assert env.get_body_com("cart")[0] == pytest.approx(0.3)
    vector = env.state_vector()
    vector[0] = 99.0
    assert env.data.qpos[0] == pytest.approx(0.3)  # a copy


@pytest.mark.parametrize(
    ("qpos", "qvel", "match"),
    [
        ([0.0], [0.0, 0.0], r"qpos has shape \(1,\); expected \(2,\)"),
        ([0.0, 0.0], [0.0, 0.0, 0.0], r"qvel has shape \(3,\); expected \(2,\)"),
        ([[0.0, 0.0]], [0.0, 0.0], r"qpos has shape \(1, 2\)"),
        ([np.nan, 0.0], [0.0, 0.0], "qpos .* holds NaN or inf"),
        ([0.0, 0.0], [0.0, -np.inf], "qvel .* holds NaN or inf"),
        (["a", "b"], [0.0, 0.0], "must be arrays of numbers"),
    ],
)
def test_set_state_checks_its_input(tiny, qpos, qvel, match: str) -> None:
    env = tiny()
    env.reset(seed=0)
    before = env.state_vector()
    with pytest.raises(InvalidState, match=match):
        env.set_state(qpos, qvel)
    np.testing.assert_array_equal(env.state_vector(), before)  # untouched


@pytest.mark.parametrize(
    ("action", "match"),
    [
        ([np.nan, 0.0], "NaN or inf"),
        ([0.0, np.inf], "NaN or inf"),
        ([-np.inf, 0.0], "NaN or inf"),
        ([0.0], r"shape \(1,\); expected shape \(2,\)"),
        ([[0.0, 0.0]], r"shape \(1, 2\)"),
        (0.5, r"shape \(\); expected shape \(2,\)"),
        (["a", "b"], "not an array of numbers"),
        (None, "not an array of numbers|shape"),
    ],
)
def test_bad_actions_are_named(tiny, action, match: str) -> None:
    env = tiny()
    env.reset(seed=0)
    before = env.state_vector()
    with pytest.raises(InvalidAction, match=match) as info:
        env.step(action)
    assert "TinyCartPole" in str(info.value)
    np.testing.assert_array_equal(env.state_vector(), before)  # nothing was simulated


def test_huge_finite_actions_pass(tiny) -> None:
    env = tiny()
    env.reset(seed=0)
    # out of bounds but finite: accepted; MuJoCo clamps the controls to ctrlrange
    checked = env.check_action([1.7e308, -1.7e308])
    assert checked.dtype == np.float64
    env.step([1.7e308, -1.7e308])
    np.testing.assert_allclose(env.data.actuator_force, [1.0, -0.5])  # clamped controls


@given(st.lists(st.floats(allow_nan=False, allow_infinity=False, width=32), min_size=2, max_size=2))
def test_check_action_keeps_every_finite_action(tiny_cls, values: list[float]) -> None:
    env = _SHARED.setdefault("env", tiny_cls())
    checked = env.check_action(np.asarray(values, dtype=np.float32))
    assert checked.dtype == np.float64 and checked.shape == (2,)
    np.testing.assert_array_equal(checked, np.asarray(values, dtype=np.float32))


_SHARED: dict[str, MujocoEnv] = {}


@given(
    st.lists(st.floats(-10.0, 10.0), min_size=2, max_size=2),
    st.lists(st.floats(-100.0, 100.0), min_size=2, max_size=2),
)
def test_state_vector_returns_what_set_state_set(tiny_cls, qpos: list, qvel: list) -> None:
    env = _SHARED.setdefault("env", tiny_cls())
    env.set_state(qpos, qvel)
    np.testing.assert_array_equal(env.state_vector(), qpos + qvel)


@settings(max_examples=20)
@given(st.integers(1, 50))
def test_dt_is_timestep_times_frame_skip(tiny_cls, frame_skip: int) -> None:
    env = tiny_cls(frame_skip=frame_skip)
    assert env.dt == env.model.opt.timestep * frame_skip
    assert env.metadata["render_fps"] == round(1 / env.dt)


def test_reset_model_is_abstract(tiny_mjcf: str) -> None:
    env = MujocoEnv(None, 1, None, xml_string=tiny_mjcf)
    with pytest.raises(NotImplementedError, match="reset_model"):
        env.reset(seed=0)


def test_copies_carry_the_simulation_but_no_renderer(tiny) -> None:
    env = tiny()
    env.reset(seed=1)
    env.step([0.5, 0.1])
    for clone in (copy.deepcopy(env), pickle.loads(pickle.dumps(env))):
        np.testing.assert_array_equal(clone.state_vector(), env.state_vector())
        assert clone._renderer is None
        a = env.step([0.2, -0.1])[0]
        b = clone.step([0.2, -0.1])[0]
        np.testing.assert_array_equal(a, b)
        env.set_state(*np.split(a, 2))  # keep env where the clone is, for the next clone
        env.reset(seed=1)
        env.step([0.5, 0.1])


def test_close_is_idempotent(tiny) -> None:
    env = tiny()
    env.close()
    env.close()
