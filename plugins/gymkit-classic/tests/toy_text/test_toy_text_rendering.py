"""Rendering of every toy-text env: rgb_array frames (shape, dtype, deterministic for a state,
changing with it), readable ansi text, human mode in a real window, and the render contract."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest

from gymkit.error import GymkitWarning, UnsupportedMode
from gymkit_classic.toy_text.blackjack import BlackjackEnv
from gymkit_classic.toy_text.frozen_lake import FrozenLakeEnv
from gymkit_classic.toy_text.taxi import TaxiEnv, encode

ANSI_CODE = re.compile(r"\x1b\[[0-9;]*m")
SIZES = {
    "FrozenLake": (256, 256),
    "Taxi": (350, 550),
    "CliffWalking": (240, 720),
    "Blackjack": (500, 600),
}


def two_states(env) -> None:
    """Move ``env`` to a second state different from its first (after reset(seed=0))."""
    if isinstance(env, BlackjackEnv):
        env.player = [10, 2]
    elif isinstance(env, TaxiEnv):
        env.s = encode(2, 2, 4, 1)
    else:
        env.s = 6


def test_rgb_array_frames(env_class: type) -> None:
    env = env_class(render_mode="rgb_array")
    env.reset(seed=0)
    frame = env.render()
    assert isinstance(frame, np.ndarray) and frame.dtype == np.uint8
    assert frame.shape == (*SIZES[env_class.__name__.removesuffix("Env")], 3)
    assert np.array_equal(frame, env.render())  # deterministic for a state
    twin = env_class(render_mode="rgb_array")
    twin.reset(seed=0)
    assert np.array_equal(frame, twin.render())
    two_states(env)
    assert not np.array_equal(frame, env.render())  # the picture follows the state
    assert len(np.unique(frame.reshape(-1, 3), axis=0)) > 8  # a picture, not a flat fill


def test_rgb_array_after_steps_and_8x8(env_class: type) -> None:
    env = env_class(render_mode="rgb_array")
    env.reset(seed=1)
    env.action_space.seed(1)
    for _ in range(5):
        _, _, terminated, _, _ = env.step(int(env.action_space.sample()))
        assert env.render().shape[2] == 3
        if terminated:
            env.reset()
    big = FrozenLakeEnv(render_mode="rgb_array", map_name="8x8")
    big.reset(seed=0)
    assert big.render().shape == (512, 512, 3)


def test_ansi_is_readable(env_class: type) -> None:
    env = env_class(render_mode="ansi")
    env.reset(seed=0)
    text = env.render()
    assert isinstance(text, str) and text.endswith("\n")
    plain = ANSI_CODE.sub("", text)
    name = env_class.__name__
    if name == "FrozenLakeEnv":
        assert plain.split("\n")[1:5] == ["SFFF", "FHFH", "FFFH", "HFFG"]
        assert "\x1b[1;41mS" in text  # the agent's cell is highlighted
        env.step(1)
        assert ANSI_CODE.sub("", env.render()).startswith("  (Down)")
    elif name == "TaxiEnv":
        lines = plain.split("\n")
        assert lines[0] == "+---------+" and lines[1] == "|R: | : :G|"
        assert "\x1b[1;43m" in text  # the empty taxi is yellow
        env.s = encode(0, 0, 4, 1)
        assert "\x1b[1;42m" in env.render()  # with the passenger aboard it turns green
    elif name == "CliffWalkingEnv":
        lines = plain.split("\n")
        assert lines[3].split() == ["x"] + ["C"] * 10 + ["T"]
        assert lines[0].split() == ["o"] * 12
    else:
        assert plain.startswith("Dealer: ") and "Player: " in plain
        assert "??" in plain  # the hole card stays hidden during play
        env.step(0)
        assert "??" not in env.render()


def test_render_contract(env_class: type) -> None:
    with pytest.raises(UnsupportedMode, match="render_mode"):
        env_class(render_mode="video")
    env = env_class()
    env.reset(seed=0)
    with pytest.warns(GymkitWarning, match="render_mode"):
        assert env.render() is None
    fresh = env_class(render_mode="rgb_array")
    with pytest.warns(GymkitWarning, match="before reset"):
        assert fresh.render() is None
    env.close()
    env.close()


@pytest.mark.xvfb
def test_human_mode_shows_frames(env_class: type, virtual_display: str) -> None:
    pytest.importorskip("pyglet")
    env = env_class(render_mode="human")
    env.metadata = {**env_class.metadata, "render_fps": 1000}  # keep the test fast
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _obs, _ = env.reset(seed=0)
    viewer = env._display.viewer
    assert viewer is not None and viewer.is_open
    env.action_space.seed(0)
    for _ in range(3):
        _, _, terminated, _, _ = env.step(int(env.action_space.sample()))
        assert env.render() is None
        if terminated:
            env.reset()
    env.close()
    assert env._display.viewer is None and not viewer.is_open
    env.close()


def test_keyboard_maps(env_class: type) -> None:
    env = env_class()
    keys = env_class.keys_to_action
    assert keys and env_class.noop is None  # turn-based: nothing held = no step
    assert all(
        isinstance(combo, tuple) and all(isinstance(k, str) for k in combo) for combo in keys
    )
    assert sorted(keys.values()) == list(range(env.action_space.n))
