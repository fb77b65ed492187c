"""Checks shared by the planar runners' tests (Hopper, Walker2d, HalfCheetah, Swimmer); the
checks every task shares come from ``_checks``."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from _checks import (
    assert_bad_actions_raise,
    assert_bad_option,
    assert_bad_xml_files,
    assert_copies_continue_alike,
    assert_frame_skip_option,
    make_bare,
)

from gymkit.error import InvalidEnvKwargs
from gymkit_mujoco.base import ASSETS_DIR

__all__ = [
    "assert_bad_actions_raise",
    "assert_bad_option",
    "assert_camera_options",
    "assert_copies_continue_alike",
    "assert_frame_skip_option",
    "assert_same_seed_same_episode",
    "assert_spaces",
    "assert_uniform_reset_noise",
    "assert_v4_fixes_model_and_frame_skip",
    "assert_xml_file_option",
    "assert_zero_noise_resets_to_the_model",
    "make",
]


make = make_bare


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

    assert_bad_xml_files(env_id, (ASSETS_DIR / file_name).read_text(), tmp_path)


def assert_v4_fixes_model_and_frame_skip(env_id: str) -> None:
    """v4 has no ``xml_file``, ``frame_skip`` or ``default_camera_config`` option."""
    for name, value in (("xml_file", "x.xml"), ("frame_skip", 2), ("default_camera_config", {})):
        with pytest.raises(InvalidEnvKwargs, match=name):
            make(env_id, **{name: value})


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
