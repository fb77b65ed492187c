"""Checks shared by the planar runners' tests (Hopper, Walker2d, HalfCheetah, Swimmer)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import gymkit
from gymkit.error import InvalidAction, InvalidEnvKwargs
from gymkit_mujoco.base import ASSETS_DIR, MujocoModelError, MujocoModelNotFound


def make(env_id: str, **kwargs: Any) -> Any:
    """``gymkit.make(env_id, **kwargs)``'s bare env."""
    return gymkit.make(env_id, disable_env_checker=True, **kwargs).unwrapped


def assert_spaces(env: Any, obs_size: int, n_actions: int) -> None:
    """A float64 observation Box of ``obs_size`` and a float32 action Box of ``n_actions``."""
    assert env.observation_space.shape == (obs_size,)
    assert env.observation_space.dtype == np.float64
    assert env.action_space.shape == (n_actions,)
    assert env.action_space.dtype == np.float32
    obs, _ = env.reset(seed=0)
    assert obs.shape == (obs_size,) and obs.dtype == np.float64
    assert env.observation_space.contains(obs)


def assert_same_seed_same_episode(env_id: str, steps: int = 20, **kwargs: Any) -> None:
    """Two envs reset with one seed and stepped with the same actions agree exactly."""
    first, second = make(env_id, **kwargs), make(env_id, **kwargs)
    obs_a, info_a = first.reset(seed=42)
    obs_b, info_b = second.reset(seed=42)
    np.testing.assert_array_equal(obs_a, obs_b)
    assert info_a == info_b
    other, _ = make(env_id, **kwargs).reset(seed=43)
    assert not np.array_equal(obs_a, other)
    first.action_space.seed(1)
    for _ in range(steps):
        action = first.action_space.sample()
        out_a, out_b = first.step(action), second.step(action)
        np.testing.assert_array_equal(out_a[0], out_b[0])
        assert out_a[1:] == out_b[1:]


def assert_zero_noise_resets_to_the_model(env_id: str, **kwargs: Any) -> None:
    """``reset_noise_scale=0`` starts every episode at the model's initial state."""
    env = make(env_id, reset_noise_scale=0.0, **kwargs)
    env.reset(seed=3)
    np.testing.assert_array_equal(env.data.qpos, env.init_qpos)
    np.testing.assert_array_equal(env.data.qvel, env.init_qvel)


def assert_uniform_reset_noise(env_id: str, scale: float) -> None:
    """Every ``qpos`` and ``qvel`` entry starts within ``reset_noise_scale`` of the model's
    initial state, and the draws differ from seed to seed."""
    env = make(env_id, reset_noise_scale=scale)
    starts = []
    for seed in range(10):
        env.reset(seed=seed)
        offset = env.state_vector() - np.concatenate((env.init_qpos, env.init_qvel))
        assert np.abs(offset).max() <= scale
        starts.append(offset)
    assert np.abs(np.array(starts)).max() > scale / 2
    assert len({tuple(start) for start in starts}) == 10


def assert_xml_file_option(env_id: str, file_name: str, tmp_path: Path) -> None:
    """``xml_file`` takes a path (a copy of the task's model steps like the default one); a
    missing file and a broken one raise errors naming the path."""
    copy = tmp_path / f"copy_of_{file_name}"
    shutil.copy(ASSETS_DIR / file_name, copy)
    ours, default = make(env_id, xml_file=str(copy)), make(env_id)
    assert ours.fullpath == copy.resolve()
    np.testing.assert_array_equal(ours.reset(seed=1)[0], default.reset(seed=1)[0])
    action = ours.action_space.sample()
    np.testing.assert_array_equal(ours.step(action)[0], default.step(action)[0])

    missing = tmp_path / "no_such_model.xml"
    with pytest.raises(MujocoModelNotFound, match=r"no_such_model\.xml"):
        make(env_id, xml_file=str(missing))
    broken = tmp_path / "broken.xml"
    broken.write_text(
        "<mujoco><worldbody><body><geom type='nonsense'/></body></worldbody></mujoco>"
    )
    with pytest.raises(MujocoModelError, match=r"broken\.xml"):
        make(env_id, xml_file=str(broken))


def assert_frame_skip_option(env_id: str, default_skip: int) -> None:
    """``frame_skip`` sets ``dt`` and the frame rate; it must be a positive int."""
    env = make(env_id, frame_skip=2 * default_skip)
    assert env.frame_skip == 2 * default_skip
    assert env.dt == env.model.opt.timestep * 2 * default_skip
    assert env.metadata["render_fps"] == round(1 / env.dt)
    for bad in (0, -1, 1.5, "4"):
        with pytest.raises(InvalidEnvKwargs, match="frame_skip"):
            make(env_id, frame_skip=bad)


def assert_bad_option(env_id: str, name: str, value: Any, expected: str) -> None:
    """Option ``name=value`` raises InvalidEnvKwargs naming the option, the value and what was
    expected."""
    with pytest.raises(InvalidEnvKwargs) as caught:
        make(env_id, **{name: value})
    message = str(caught.value)
    assert name in message and repr(value) in message and expected in message, message


def assert_v4_fixes_model_and_frame_skip(env_id: str) -> None:
    """v4 has no ``xml_file``, ``frame_skip`` or ``default_camera_config`` option."""
    for name, value in (("xml_file", "x.xml"), ("frame_skip", 2), ("default_camera_config", {})):
        with pytest.raises(InvalidEnvKwargs, match=name):
            make(env_id, **{name: value})


def assert_bad_actions_raise(env_id: str) -> None:
    """NaN, inf and wrongly shaped actions raise InvalidAction naming the value."""
    env = make(env_id)
    env.reset(seed=0)
    n = env.action_space.shape[0]
    for bad in (np.full(n, np.nan), np.full(n, np.inf), np.zeros(n + 1), np.zeros((1, n))):
        with pytest.raises(InvalidAction):
            env.step(bad)
    with pytest.raises(InvalidAction):
        env.step("forward")


def assert_camera_options(env_id: str) -> None:
    """A camera by name or id renders; a camera the model lacks is an error naming it."""
    env = make(env_id, render_mode="rgb_array", width=32, height=24, camera_name="track")
    env.reset(seed=0)
    frame = env.render()
    assert frame.shape == (24, 32, 3) and frame.dtype == np.uint8 and frame.std() > 0
    env.close()
    make(env_id, camera_id=0).close()
    # the scene options reach the renderer: a contact-point overlay, a small geom budget
    import mujoco

    options = {int(mujoco.mjtVisFlag.mjVIS_CONTACTPOINT): True}
    env = make(
        env_id, render_mode="rgb_array", width=32, height=24, max_geom=50, visual_options=options
    )
    env.reset(seed=0)
    assert env.max_geom == 50 and env.visual_options == options
    assert env.render().shape == (24, 32, 3)
    env.close()
    with pytest.raises(InvalidEnvKwargs, match="no_such_camera"):
        make(env_id, camera_name="no_such_camera")
    with pytest.raises(InvalidEnvKwargs, match="camera_id"):
        make(env_id, camera_id=0, camera_name="track")


def assert_copies_continue_alike(env_id: str) -> None:
    """A deep copy and a pickled copy of a running env step exactly as the original does."""
    import copy
    import pickle

    env = make(env_id)
    env.reset(seed=9)
    for _ in range(5):
        env.step(env.action_space.sample())
    copies = [copy.deepcopy(env), pickle.loads(pickle.dumps(env))]
    for _ in range(10):
        action = env.action_space.sample()
        out = env.step(action)
        for other in copies:
            out_other = other.step(action)
            np.testing.assert_array_equal(out[0], out_other[0])
            assert out[1:] == out_other[1:]
