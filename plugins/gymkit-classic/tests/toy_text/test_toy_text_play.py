"""``gymkit play`` with the toy-text key maps: one step per key press, waiting in between."""

from __future__ import annotations

import pytest

from gymkit_classic.toy_text.frozen_lake import FrozenLakeEnv

pytestmark = pytest.mark.xvfb


def test_play_frozen_lake_one_step_per_press(virtual_display: str) -> None:
    pytest.importorskip("pyglet")
    from gymkit.rendering.viewer import FrameViewer
    from gymkit.utils.play import play

    script = [{"s"}, {"s"}, set(), {"s"}, set(), set(), {"d"}, {"d"}, set(), {"x"}, {"s"}]

    class ScriptedViewer(FrameViewer):
        """A real window whose held keys follow ``script``, one entry per frame."""

        def show(self, frame) -> None:
            super().show(frame)
            self.pressed_keys = script.pop(0) if script else set()

    actions = []

    class Recording(FrozenLakeEnv):
        def step(self, action):
            actions.append(action)
            return super().step(action)

    env = Recording(render_mode="rgb_array", is_slippery=False)
    play(env, seed=0, max_steps=4, viewer=ScriptedViewer(fps=None))
    # presses: s (held two frames), s, d (held two frames), s; 'x' is not in the map
    assert actions == [1, 1, 2, 1]
    assert env.s == 13  # down, down, right, down from the start on the 4x4 lake
