"""Checks shared by the arm and pendulum task tests (InvertedPendulum, InvertedDoublePendulum,
Reacher, Pusher): registration and spaces, the options every v5 task takes, bad input."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import gymkit
from gymkit.error import InvalidAction, InvalidEnvKwargs
from gymkit.spaces import Box
from gymkit_mujoco.base import ASSETS_DIR, MujocoModelError, MujocoModelNotFound


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


def assert_copies_continue_alike(env_id: str, steps: int = 10) -> None:
    """A pickled or deep-copied env continues exactly as the original (its state travels and
    its cached views point into its own MjData)."""
    env = make(env_id).unwrapped
    env.reset(seed=9)
    for _ in range(3):
        env.step(env.action_space.sample())
    copies = [pickle.loads(pickle.dumps(env)), copy.deepcopy(env)]
    actions = np.random.default_rng(1).uniform(
        env.action_space.low, env.action_space.high, (steps, env.action_space.shape[0])
    )
    expected = [env.step(a)[0] for a in actions]
    for other in copies:
        assert other.data is not env.data
        got = [other.step(a)[0] for a in actions]
        np.testing.assert_array_equal(np.array(got), np.array(expected))


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
    with pytest.raises(MujocoModelNotFound, match=r"no_such_model\.xml"):
        make(env_id, xml_file=str(tmp_path / "no_such_model.xml"))
    broken = tmp_path / "broken.xml"
    broken.write_text(text.replace("</worldbody>", "<geom type='nonsense'/></worldbody>"))
    with pytest.raises(MujocoModelError, match=r"broken\.xml") as caught:
        make(env_id, xml_file=str(broken))
    assert "nonsense" in str(caught.value)  # MuJoCo's own message


def assert_frame_skip_option(env_id: str, default: int) -> None:
    """``frame_skip`` sets the step length; a non-positive or non-int value is refused."""
    base = make(env_id).unwrapped
    assert base.frame_skip == default
    env = make(env_id, frame_skip=default + 3).unwrapped
    assert env.dt == pytest.approx(base.model.opt.timestep * (default + 3))
    assert env.metadata["render_fps"] == round(1 / env.dt)
    for bad in (0, -2, 1.5, "2"):
        with pytest.raises(InvalidEnvKwargs, match="frame_skip"):
            make(env_id, frame_skip=bad)


def assert_bad_option(env_id: str, name: str, value: Any, expectation: str) -> None:
    """``name=value`` raises InvalidEnvKwargs naming the option, the value and the expectation."""
    with pytest.raises(InvalidEnvKwargs) as caught:
        make(env_id, **{name: value})
    message = str(caught.value)
    assert name in message and repr(value) in message and expectation in message, message


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


def assert_bad_actions_raise(env_id: str) -> None:
    """NaN, inf, a wrongly shaped and a non-numeric action raise InvalidAction -- through
    ``make``'s checks and from the bare env itself, naming the env and the value -- and nothing
    was stepped."""
    env = make(env_id)
    env.reset(seed=0)
    bare = env.unwrapped
    n = env.action_space.shape[0]
    before = bare.state_vector()
    for bad in (np.full(n, np.nan), np.full(n, np.inf), np.zeros(n + 1), "push"):
        with pytest.raises(InvalidAction):
            env.step(bad)
        with pytest.raises(InvalidAction) as caught:
            bare.step(bad)
        message = str(caught.value)
        assert type(bare).__name__ in message and repr(bad) in message, message
    np.testing.assert_array_equal(bare.state_vector(), before)


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
