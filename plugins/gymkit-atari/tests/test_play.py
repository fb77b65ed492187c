"""``gymkit play ALE/...``: the key map the Atari envs declare, and play/human windows on Xvfb."""

from __future__ import annotations

import numpy as np
import pytest

import gymkit
from gymkit.utils.play import action_for_keys, normalize_keys_to_action
from gymkit_atari.env import AtariEnv


def test_play_finds_the_key_map_through_the_wrappers():
    env = gymkit.make("ALE/Pong-v5", render_mode="rgb_array")  # as `gymkit play` makes it
    assert env.has_wrapper_attr("keys_to_action") and env.has_wrapper_attr("noop")
    keymap = normalize_keys_to_action(env.get_wrapper_attr("keys_to_action"))
    noop = env.get_wrapper_attr("noop")
    meanings = env.unwrapped.get_action_meanings()
    assert meanings[noop] == "NOOP"
    assert keymap == normalize_keys_to_action(env.unwrapped.get_keys_to_action())
    for keys, meaning in [
        (set(), "NOOP"),
        ({"space"}, "FIRE"),
        ({"right"}, "RIGHT"),
        ({"left", "space"}, "LEFTFIRE"),
        ({"right", "x"}, "RIGHT"),  # keys outside the map are ignored
        ({"left", "right"}, "NOOP"),  # a chord the game has no action for
    ]:
        assert meanings[action_for_keys(keys, keymap, noop)] == meaning, keys
    assert all(env.action_space.contains(action) for action in keymap.values())


def test_the_full_action_space_has_a_chord_for_every_action_but_noop():
    env = AtariEnv("breakout", full_action_space=True)
    keymap = normalize_keys_to_action(env.keys_to_action)
    assert sorted(keymap.values()) == list(range(1, 18))
    meanings = env.get_action_meanings()
    assert meanings[keymap[("down", "left", "space")]] == "DOWNLEFTFIRE"
    assert meanings[keymap[("right", "up")]] == "UPRIGHT"


@pytest.mark.xvfb
def test_play_drives_pong_with_the_arrow_keys(virtual_display: str) -> None:
    pytest.importorskip("pyglet")
    from gymkit.rendering.viewer import FrameViewer
    from gymkit.utils.play import play

    actions = []

    class Recording(gymkit.Wrapper):
        def step(self, action):
            actions.append(int(action))
            return self.env.step(action)

    viewer = FrameViewer(fps=None)
    viewer.pressed_keys.update({"right", "space"})
    env = Recording(gymkit.make("ALE/Pong-v5", render_mode="rgb_array"))
    play(env, seed=0, max_steps=4, viewer=viewer)
    assert actions == [env.unwrapped.get_action_meanings().index("RIGHTFIRE")] * 4
    assert not viewer.is_open


@pytest.mark.xvfb
def test_human_mode_shows_the_screen(virtual_display: str) -> None:
    pytest.importorskip("pyglet")
    env = gymkit.make("ALE/Breakout-v5", render_mode="human")
    env.unwrapped.metadata = {**env.unwrapped.metadata, "render_fps": 1000}  # keep it fast
    obs, _ = env.reset(seed=0)
    viewer = env.unwrapped._viewer
    assert viewer is not None and viewer.is_open
    for _ in range(3):
        obs, *_ = env.step(1)
        assert env.render() is None
    assert isinstance(obs, np.ndarray) and obs.shape == (210, 160, 3)
    env.close()
    assert env.unwrapped._viewer is None
    env.close()
