"""Rendering of the algorithmic envs: rgb_array frames of a fixed size per env that follow the
state, readable ansi text with the read head highlighted, and human mode in a real window."""

from __future__ import annotations

import re

import numpy as np
import pytest

from gymkit.error import GymkitWarning, UnsupportedMode
from gymkit_classic.algorithmic.copy_ import CopyEnv
from gymkit_classic.algorithmic.reversed_addition import ReversedAdditionEnv

ANSI_CODE = re.compile(r"\x1b\[[0-9;]*m")


def test_rgb_array_frames(env_class) -> None:
    env = env_class(render_mode="rgb_array")
    env.reset(seed=0)
    frame = env.render()
    assert isinstance(frame, np.ndarray) and frame.dtype == np.uint8 and frame.ndim == 3
    assert frame.shape[1] == 640 and frame.shape[2] == 3
    assert np.array_equal(frame, env.render())
    twin = env_class(render_mode="rgb_array")
    twin.reset(seed=0)
    assert np.array_equal(frame, twin.render())
    env.step((1, 0, 0))  # the read head moves
    moved = env.render()
    assert not np.array_equal(frame, moved)
    env.step((1, 1, env.target[0]))  # a symbol is written
    assert not np.array_equal(moved, env.render())
    # the frame size stays fixed across episodes of other lengths and far-away heads
    for seed in range(1, 6):
        env.reset(seed=seed)
        for _ in range(12):
            env.step((0, 0, 0))
        assert env.render().shape == frame.shape


def test_grid_frame_height_grows_with_rows() -> None:
    two = ReversedAdditionEnv(render_mode="rgb_array", rows=2)
    three = ReversedAdditionEnv(render_mode="rgb_array", rows=3)
    two.reset(seed=0)
    three.reset(seed=0)
    assert three.render().shape[0] > two.render().shape[0]


def test_ansi_tape() -> None:
    env = CopyEnv(render_mode="ansi")
    env.reset(seed=0)
    letters = "".join(env.charmap[s] for s in env.input_data)
    text = env.render()
    plain = ANSI_CODE.sub("", text)
    lines = plain.split("\n")
    assert lines[0].startswith("Observation tape") and letters in lines[0]
    assert f"\x1b[1;41m{letters[0]}" in text  # the read head
    assert lines[2].startswith("Targets") and letters in lines[2]
    env.step((1, 1, env.target[0]))
    lines = ANSI_CODE.sub("", env.render()).split("\n")
    assert lines[1].rstrip().endswith(letters[0])
    assert "write" in lines[3] and "reward +1" in lines[3]


def test_ansi_grid_shows_every_row() -> None:
    env = ReversedAdditionEnv(render_mode="ansi", rows=3)
    env.reset(seed=0)
    plain = ANSI_CODE.sub("", env.render()).split("\n")
    for row in range(3):
        digits = "".join(str(column[row]) for column in env.input_data)
        assert digits in plain[row]
    assert plain[3].startswith("Output tape") and plain[4].startswith("Targets")


def test_render_contract(env_class) -> None:
    with pytest.raises(UnsupportedMode):
        env_class(render_mode="video")
    with pytest.warns(GymkitWarning, match="before reset"):
        assert env_class(render_mode="ansi").render() is None
    env = env_class()
    env.reset(seed=0)
    with pytest.warns(GymkitWarning, match="render_mode"):
        assert env.render() is None


@pytest.mark.xvfb
def test_human_mode_shows_frames(virtual_display: str) -> None:
    pytest.importorskip("pyglet")
    env = ReversedAdditionEnv(render_mode="human")
    env.metadata = {**env.metadata, "render_fps": 1000}
    env.reset(seed=0)
    viewer = env._display.viewer
    assert viewer is not None and viewer.is_open
    env.step((1, 1, env.target[0]))
    assert env.render() is None
    env.close()
    assert env._display.viewer is None and not viewer.is_open
    env.close()
