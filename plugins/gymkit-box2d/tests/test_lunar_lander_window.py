"""LunarLander in a real pyglet window (on a private Xvfb display): ``render_mode="human"``
and ``gymkit play`` with the arrow keys / WASD, key events going through the window's own
handlers."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from gymkit_box2d.lunar_lander import LunarLanderEnv

pytestmark = pytest.mark.xvfb


def test_human_mode_shows_frames(virtual_display: str) -> None:
    pytest.importorskip("pyglet")
    env = LunarLanderEnv(render_mode="human")
    obs, _ = env.reset(seed=0)
    viewer = env._display.viewer
    assert viewer is not None and viewer.is_open
    viewer.fps = None  # no pacing: keep the test fast
    for _ in range(5):
        obs = env.step(2)[0]
        assert obs in env.observation_space
        assert env.render() is None
    env.close()
    assert env._display.viewer is None and not viewer.is_open
    env.close()


def _play(continuous: bool, script: dict[int, list[tuple[str, str]]], steps: int) -> list[Any]:
    """Play ``steps`` frames; before frame ``k`` the window receives the key events
    ``script[k]`` (``("press" | "release", key name)``). Returns the actions taken."""
    pyglet = pytest.importorskip("pyglet")
    from gymkit.rendering.viewer import FrameViewer
    from gymkit.utils.play import play

    viewer = FrameViewer(fps=None)
    actions: list[Any] = []

    class Recording(LunarLanderEnv):
        def step(self, action: Any) -> tuple:
            actions.append(action)
            for kind, name in script.get(len(actions), []):
                symbol = getattr(pyglet.window.key, name.upper())
                event = "on_key_press" if kind == "press" else "on_key_release"
                viewer._window.dispatch_event(event, symbol, 0)
            return super().step(action)

    env = Recording(render_mode="rgb_array", continuous=continuous)
    play(env, seed=0, max_steps=steps, viewer=viewer)
    assert not viewer.is_open
    return actions


def test_play_fires_the_engines_from_the_keyboard(virtual_display: str) -> None:
    script = {
        1: [("press", "up")],
        3: [("release", "up"), ("press", "left")],
        5: [("release", "left"), ("press", "d")],
        7: [("release", "d"), ("press", "w")],
        8: [("release", "w")],
    }
    actions = _play(False, script, 9)
    assert actions == [0, 2, 2, 1, 1, 3, 3, 2, 0]


def test_play_continuous_combines_keys(virtual_display: str) -> None:
    script = {
        1: [("press", "up")],
        2: [("press", "left")],
        3: [("release", "up")],
        4: [("release", "left"), ("press", "right")],
    }
    actions = _play(True, script, 5)
    expected = [[0, 0], [1, 0], [1, -1], [0, -1], [0, 1]]
    assert [np.asarray(a).tolist() for a in actions] == expected
