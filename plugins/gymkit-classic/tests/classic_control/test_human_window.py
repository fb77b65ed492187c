"""``render_mode="human"`` opens a real pyglet window (on a private Xvfb display) per env."""

from __future__ import annotations

import numpy as np
import pytest

pytestmark = pytest.mark.xvfb


def test_human_mode_shows_frames(env_class: type, virtual_display: str) -> None:
    pytest.importorskip("pyglet")
    env = env_class(render_mode="human")
    env.metadata = {**env_class.metadata, "render_fps": 1000}  # keep the test fast
    assert env.reset(seed=0)[0] in env.observation_space
    viewer = env._display.viewer
    assert viewer is not None and viewer.is_open
    env.action_space.seed(0)
    for _ in range(3):
        assert env.step(env.action_space.sample())[0] in env.observation_space
        assert env.render() is None
    env.close()
    assert env._display.viewer is None and not viewer.is_open
    env.close()


def test_play_drives_the_env_with_its_arrow_keys(env_class: type, virtual_display: str) -> None:
    pytest.importorskip("pyglet")
    from gymkit.rendering.viewer import FrameViewer
    from gymkit.utils.play import play

    actions = []

    class Recording(env_class):  # type: ignore[misc, valid-type]
        def step(self, action: object) -> tuple:
            actions.append(action)
            return super().step(action)

    viewer = FrameViewer(fps=None)
    viewer.pressed_keys.add("right")
    play(Recording(render_mode="rgb_array"), seed=0, max_steps=4, viewer=viewer)
    right = env_class.keys_to_action[("right",)]
    assert len(actions) == 4
    assert all(np.array_equal(action, right) for action in actions)
    assert not viewer.is_open
