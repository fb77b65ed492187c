"""Checks shared by the arm and pendulum task tests (InvertedPendulum, InvertedDoublePendulum,
Reacher, Pusher): registration, spaces, steps, rendering; the checks every task shares come
from ``_checks``."""

from __future__ import annotations

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
)

import gymkit
from gymkit.error import InvalidEnvKwargs
from gymkit.spaces import Box
from gymkit_mujoco.base import ASSETS_DIR

__all__ = [
    "assert_bad_actions_raise",
    "assert_bad_option",
    "assert_camera_options",
    "assert_copies_continue_alike",
    "assert_frame_skip_option",
    "assert_registered",
    "assert_renders",
    "assert_same_seed_same_episode",
    "assert_step_contract",
    "assert_v4_has_no_task_options",
    "assert_xml_file_option",
    "make",
]


def make(env_id: str, **kwargs: Any) -> Any:
    """``gymkit.make(env_id, **kwargs)``: the registered env, wrappers and all."""
    return gymkit.make(env_id, **kwargs)


def assert_registered(
    env_id: str, *, obs_size: int, ctrl: tuple[float, float], n_actions: int, limit: int, dt: float
) -> Any:
    """The id makes an env with Gymnasium's spaces, time limit and step length."""
    env = make(env_id)
    assert env.spec.max_episode_steps == limit
    assert isinstance(env.observation_space, Box)
    assert env.observation_space.shape == (obs_size,)
    assert env.observation_space.dtype == np.float64
    assert np.all(np.isinf(env.observation_space.low))
    assert isinstance(env.action_space, Box)
    assert env.action_space.dtype == np.float32
    assert env.action_space.shape == (n_actions,)
    np.testing.assert_array_equal(env.action_space.low, np.full(n_actions, ctrl[0], np.float32))
    np.testing.assert_array_equal(env.action_space.high, np.full(n_actions, ctrl[1], np.float32))
    assert env.unwrapped.dt == pytest.approx(dt)
    assert env.metadata["render_fps"] == round(1 / dt)
    obs, info = env.reset(seed=0)
    assert info == {}
    assert obs.dtype == np.float64
    assert obs in env.observation_space
    return env


def assert_step_contract(env_id: str, info_keys: set[str], steps: int = 30) -> None:
    """Every step returns an observation of the space, a float reward, bools and the info keys."""
    env = make(env_id)
    env.reset(seed=3)
    env.action_space.seed(3)
    for _ in range(steps):
        obs, reward, terminated, truncated, info = env.step(env.action_space.sample())
        assert obs in env.observation_space
        assert isinstance(reward, float)
        assert isinstance(terminated, bool) and isinstance(truncated, bool)
        assert set(info) == info_keys
        if terminated or truncated:
            env.reset()


def assert_same_seed_same_episode(env_id: str, steps: int = 40, **kwargs: Any) -> None:
    """Two envs reset with one seed and given the same actions produce the same numbers."""
    runs = []
    for _ in range(2):
        env = make(env_id, **kwargs)
        obs, _ = env.reset(seed=123)
        record = [obs]
        rng = np.random.default_rng(0)
        for _ in range(steps):
            obs, reward, terminated, _, info = env.step(
                rng.uniform(env.action_space.low, env.action_space.high).astype(np.float32)
            )
            record += [obs, np.array([reward]), np.array(sorted(info.values()))]
            if terminated:
                env.reset()
        runs.append(np.concatenate([np.ravel(r) for r in record]))
    np.testing.assert_array_equal(runs[0], runs[1])


def assert_xml_file_option(env_id: str, asset: str, tmp_path: Path) -> None:
    """``xml_file``: a path to an edited copy of the asset is the model used; a missing file and
    one that does not compile raise errors naming the path (MuJoCo's message kept)."""
    edited = tmp_path / "edited.xml"
    text = (ASSETS_DIR / asset).read_text()
    edited.write_text(
        text.replace('timestep="0.01"', 'timestep="0.005"').replace(
            'timestep="0.02"', 'timestep="0.005"'
        )
    )
    env = make(env_id, xml_file=str(edited))
    assert env.unwrapped.model.opt.timestep == 0.005
    env.reset(seed=0)
    env.step(env.action_space.sample())
    # the default names the family's own asset
    assert make(env_id, xml_file=asset).unwrapped.model.opt.timestep != 0.005
    assert_bad_xml_files(env_id, text, tmp_path)


def assert_camera_options(env_id: str) -> None:
    """Camera options: a free camera config is accepted; a camera the model lacks, an id out of
    range and both at once are refused, naming the value."""
    make(env_id, default_camera_config={"distance": 3.0, "elevation": -30.0, "azimuth": 45.0})
    make(env_id, camera_id=-1)
    with pytest.raises(InvalidEnvKwargs, match="no_such_camera"):
        make(env_id, camera_name="no_such_camera")
    with pytest.raises(InvalidEnvKwargs, match="camera_id"):
        make(env_id, camera_id=7)
    with pytest.raises(InvalidEnvKwargs, match="not both"):
        make(env_id, camera_id=-1, camera_name="x")


def assert_v4_has_no_task_options(env_id: str, options: dict[str, Any]) -> None:
    """v4 takes rendering options only: each v5 task option is refused by ``make``."""
    make(env_id, width=64, height=48)
    for name, value in options.items():
        with pytest.raises(InvalidEnvKwargs, match=name):
            make(env_id, **{name: value})


def assert_renders(env_id: str, **kwargs: Any) -> None:
    """``rgb_array`` gives a non-blank frame of the asked size that follows the state;
    ``depth_array`` a float32 depth map."""
    env = make(env_id, render_mode="rgb_array", width=80, height=60, **kwargs)
    env.reset(seed=0)
    first = env.render()
    assert first.shape == (60, 80, 3) and first.dtype == np.uint8
    assert len(np.unique(first.reshape(-1, 3), axis=0)) > 5
    bare = env.unwrapped
    bare.set_state(bare.init_qpos + 0.3, bare.init_qvel)
    assert not np.array_equal(env.render(), first)
    env.close()
    depth = make(env_id, render_mode="depth_array", width=40, height=30, **kwargs)
    depth.reset(seed=0)
    frame = depth.render()
    assert frame.shape == (30, 40) and frame.dtype == np.float32
    assert np.isfinite(frame).all() and frame.max() > frame.min()
    depth.close()
