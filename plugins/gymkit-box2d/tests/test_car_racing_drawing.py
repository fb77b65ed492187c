"""CarRacing's pictures: the 96x96 observation's layout, the 600x400 frame, the human window
and ``gymkit play`` with the arrow keys (real windows on Xvfb)."""

from __future__ import annotations

import numpy as np
import pytest

import gymkit
from gymkit.utils.play import action_for_keys, normalize_keys_to_action
from gymkit_box2d.car_racing import CarRacingEnv

GAS = np.array([0.0, 1.0, 0.0], dtype=np.float32)


def _drive(env, steps, action=GAS):
    obs = None
    for _ in range(steps):
        obs, *_ = env.step(action)
    return obs


def _count(image, color, tolerance=3):
    return int((np.abs(image.astype(int) - color).max(axis=2) <= tolerance).sum())


def test_observation_layout():
    """Grass and road around, the red car low in the middle, the black indicator strip at
    the bottom with the white speed bar once moving."""
    env = CarRacingEnv()
    env.reset(seed=0)
    obs = _drive(env, 60)
    scene, strip = obs[:84], obs[84:]
    # flat colours come out two levels darker, as in the reference's shrunk picture
    assert _count(scene, (100, 202, 100)) + _count(scene, (100, 228, 100)) > 1500
    assert _count(scene, (100, 100, 100)) + _count(scene, (102, 102, 102)) > 300  # road
    red = np.argwhere(
        (np.abs(obs[..., 0].astype(int) - 202) < 40) & (obs[..., 1] < 60) & (obs[..., 2] < 60)
    )
    assert len(red) > 10
    rows, cols = red.mean(axis=0)
    assert 62 <= rows <= 80 and 44 <= cols <= 52  # the hull, at (500, 600) of 1000x800
    assert _count(strip, (0, 0, 0)) > 0.7 * strip.shape[0] * strip.shape[1]
    speed_bar = strip[:, 12:15]  # indicator slot 5 of 40: x 125..150 of 1000
    assert (speed_bar.min(axis=2) > 200).any()


def test_indicators_follow_steering_and_spin():
    env = CarRacingEnv()
    env.reset(seed=0)
    _drive(env, 30)
    obs = _drive(env, 5, np.array([-1.0, 0.3, 0.0], dtype=np.float32))
    green = (obs[84:, :, 1] > 200) & (obs[84:, :, 0] < 80)
    cols = np.flatnonzero(green.any(axis=0))
    # steering left: the bar grows leftward from slot 20 (x = 500 of 1000, column 48)
    assert len(cols) and cols.max() <= 48 and cols.min() < 44
    blue = (obs[84:, :, 2] > 200) & (obs[84:, :, 1] < 80)
    assert blue[:, 16:26].any()  # the ABS bars of the spinning wheels


def test_zoom_animation_shows_more_of_the_track_at_the_start():
    env = CarRacingEnv()
    first, _ = env.reset(seed=0)
    later = _drive(env, 60, np.zeros(3, dtype=np.float32))
    dark = (100, 100, 100)
    assert _count(first[:84], dark) + _count(first[:84], (0, 0, 0)) != _count(later[:84], dark)


def test_rgb_array_frame_matches_the_observation_layout():
    env = CarRacingEnv(render_mode="rgb_array")
    env.reset(seed=0)
    obs = _drive(env, 40)
    frame = env.render()
    assert frame.shape == (400, 600, 3)
    small = np.asarray(
        __import__("PIL.Image", fromlist=["Image"]).fromarray(frame).resize((96, 96), 4)
    )
    assert np.abs(small[:84].astype(int) - obs[:84].astype(int)).mean() < 12


def test_keys_to_action_uses_the_arrows():
    env = gymkit.make("CarRacing-v3", render_mode="rgb_array")
    keymap = normalize_keys_to_action(env.get_wrapper_attr("keys_to_action"))
    noop = env.get_wrapper_attr("noop")
    assert action_for_keys(set(), keymap, noop).tolist() == [0, 0, 0]
    assert action_for_keys({"left"}, keymap, noop).tolist() == [-1, 0, 0]
    assert action_for_keys({"up", "right"}, keymap, noop).tolist() == [1, 1, 0]
    assert action_for_keys({"down"}, keymap, noop)[2] > 0
    assert all(env.action_space.contains(a) for a in keymap.values())
    discrete = gymkit.make("CarRacing-v3", continuous=False)
    keymap = normalize_keys_to_action(discrete.get_wrapper_attr("keys_to_action"))
    assert action_for_keys({"right"}, keymap, discrete.get_wrapper_attr("noop")) == 1
    assert action_for_keys({"up"}, keymap, 0) == 3


@pytest.mark.xvfb
def test_play_drives_with_the_arrow_keys(virtual_display: str) -> None:
    pytest.importorskip("pyglet")
    from gymkit.rendering.viewer import FrameViewer
    from gymkit.utils.play import play

    actions = []

    class Recording(gymkit.Wrapper):
        def step(self, action):
            actions.append(np.asarray(action).tolist())
            return self.env.step(action)

    viewer = FrameViewer(fps=None)
    viewer.pressed_keys.update({"up", "left"})
    env = Recording(gymkit.make("CarRacing-v3", render_mode="rgb_array"))
    play(env, seed=0, max_steps=5, viewer=viewer)
    assert actions == [[-1.0, 1.0, 0.0]] * 5
    assert env.unwrapped.car.wheels[2].gas > 0  # the rear wheels got the throttle
    assert not viewer.is_open


@pytest.mark.xvfb
def test_human_mode_opens_a_window(virtual_display: str) -> None:
    pytest.importorskip("pyglet")
    env = gymkit.make("CarRacing-v3", render_mode="human")
    env.unwrapped.metadata = {**env.unwrapped.metadata, "render_fps": 1000}  # keep it fast
    obs, _ = env.reset(seed=0)
    window = env.unwrapped._display.viewer
    assert window is not None and window.is_open
    for _ in range(3):
        obs, *_ = env.step(GAS)
        assert env.render() is None
    assert obs.shape == (96, 96, 3)
    env.close()
    assert env.unwrapped._display.viewer is None and not window.is_open
    env.close()
