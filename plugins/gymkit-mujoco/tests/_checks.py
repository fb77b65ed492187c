"""Checks every task's tests share: bad options, ``frame_skip``, bad ``xml_file`` paths, bad
actions and copies of a running env. The task groups' own checks are in ``_planar_checks``
(Hopper, Walker2d, HalfCheetah, Swimmer) and ``_arm_checks`` (the pendulums, Reacher,
Pusher)."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import gymkit
from gymkit.error import InvalidAction, InvalidEnvKwargs
from gymkit_mujoco.base import MujocoModelError, MujocoModelNotFound


def make_bare(env_id: str, **kwargs: Any) -> Any:
    """``gymkit.make(env_id, **kwargs)``'s bare env."""
    return gymkit.make(env_id, disable_env_checker=True, **kwargs).unwrapped


def assert_bad_option(env_id: str, name: str, value: Any, expected: str) -> None:
    """Option ``name=value`` raises InvalidEnvKwargs naming the option, the value and what was
    expected."""
    with pytest.raises(InvalidEnvKwargs) as caught:
        gymkit.make(env_id, **{name: value})
    message = str(caught.value)
    assert name in message and repr(value) in message and expected in message, message


def assert_frame_skip_option(env_id: str, default: int) -> None:
    """``frame_skip`` (``default`` when not given) sets ``dt`` and the frame rate; a
    non-positive or non-int value is refused."""
    assert make_bare(env_id).frame_skip == default
    env = make_bare(env_id, frame_skip=2 * default)
    assert env.frame_skip == 2 * default
    assert env.dt == pytest.approx(env.model.opt.timestep * 2 * default)
    assert env.metadata["render_fps"] == round(1 / env.dt)
    for bad in (0, -1, 1.5, "4"):
        with pytest.raises(InvalidEnvKwargs, match="frame_skip"):
            gymkit.make(env_id, frame_skip=bad)


def assert_bad_xml_files(env_id: str, model_text: str, tmp_path: Path) -> None:
    """A missing ``xml_file`` and one that does not compile (``model_text`` with a nonsense
    geom) raise errors naming the path, MuJoCo's own message kept."""
    with pytest.raises(MujocoModelNotFound, match=r"no_such_model\.xml"):
        gymkit.make(env_id, xml_file=str(tmp_path / "no_such_model.xml"))
    broken = tmp_path / "broken.xml"
    broken.write_text(model_text.replace("</worldbody>", "<geom type='nonsense'/></worldbody>"))
    with pytest.raises(MujocoModelError, match=r"broken\.xml") as caught:
        gymkit.make(env_id, xml_file=str(broken))
    assert "nonsense" in str(caught.value)


def assert_bad_actions_raise(env_id: str) -> None:
    """NaN, inf, a wrongly shaped and a non-numeric action raise InvalidAction -- through
    ``make``'s checks and from the bare env itself, naming the env and the value -- and nothing
    was stepped."""
    env = gymkit.make(env_id)
    env.reset(seed=0)
    bare = env.unwrapped
    n = env.action_space.shape[0]
    before = bare.state_vector()
    for bad in (np.full(n, np.nan), np.full(n, np.inf), np.zeros(n + 1), np.zeros((1, n)), "x"):
        with pytest.raises(InvalidAction):
            env.step(bad)
        with pytest.raises(InvalidAction) as caught:
            bare.step(bad)
        message = str(caught.value)
        assert type(bare).__name__ in message and repr(bad) in message, message
    np.testing.assert_array_equal(bare.state_vector(), before)


def assert_copies_continue_alike(env_id: str, steps: int = 10) -> None:
    """A pickled or deep-copied running env steps exactly as the original (its state travels
    and its cached views point into its own MjData)."""
    env = make_bare(env_id)
    env.reset(seed=9)
    env.action_space.seed(9)
    for _ in range(5):
        env.step(env.action_space.sample())
    copies = [pickle.loads(pickle.dumps(env)), copy.deepcopy(env)]
    for other in copies:
        assert other.data is not env.data
    for _ in range(steps):
        action = env.action_space.sample()
        out = env.step(action)
        for other in copies:
            out_other = other.step(action)
            np.testing.assert_array_equal(out[0], out_other[0])
            assert out[1:] == out_other[1:]
