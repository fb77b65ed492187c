"""``gymkit play`` on the algorithmic tasks: arrows move the head, arrow + symbol key writes."""

from __future__ import annotations

import pytest

from gymkit.utils.play import normalize_keys_to_action
from gymkit_classic.algorithmic.copy_ import CopyEnv
from gymkit_classic.algorithmic.reversed_addition import ReversedAdditionEnv


@pytest.mark.parametrize("env_class", [CopyEnv, ReversedAdditionEnv])
@pytest.mark.parametrize("chars", [False, True])
def test_every_mapped_action_is_in_the_action_space(env_class, chars) -> None:
    env = env_class(chars=chars)
    keymap = normalize_keys_to_action(env.keys_to_action)
    moves = len(env.MOVEMENTS)
    # one plain arrow per move, and one arrow+symbol chord per move and writable symbol
    assert len(keymap) == moves * (1 + min(env.base, 26 if chars else 10))
    assert all(env.action_space.contains(action) for action in keymap.values())
    assert env.noop is None  # turn based


def test_keys_spell_moves_and_writes() -> None:
    tape = normalize_keys_to_action(CopyEnv(base=5, chars=False).keys_to_action)
    assert tape[("right",)] == (1, 0, 0)
    assert tape[("_3", "left")] == (0, 1, 3)
    assert ("_7", "right") not in tape  # symbol 7 does not exist in base 5
    grid = normalize_keys_to_action(ReversedAdditionEnv(base=3, chars=True).keys_to_action)
    assert grid[("c", "down")] == (3, 1, 2)


@pytest.mark.xvfb
def test_play_copies_the_tape_from_the_keyboard(virtual_display: str) -> None:
    pytest.importorskip("pyglet")
    from gymkit.rendering.viewer import FrameViewer
    from gymkit.utils.play import play

    env = CopyEnv(render_mode="rgb_array", base=5, chars=False)
    env.reset(seed=3)
    first, second = env.input_data[0], env.input_data[1]
    # write the first symbol and move right, wait a frame, write the second symbol
    script = [{"right", f"_{first}"}, set(), {"right", f"_{second}"}, set()]

    class ScriptedViewer(FrameViewer):
        """A real window whose held keys follow ``script``, one entry per frame."""

        def show(self, frame) -> None:
            super().show(frame)
            self.pressed_keys = script.pop(0) if script else set()

    rewards = []

    class Recording(CopyEnv):
        def step(self, action):
            result = super().step(action)
            rewards.append(result[1])
            return result

    played = Recording(render_mode="rgb_array", base=5, chars=False)
    play(played, seed=3, max_steps=2, viewer=ScriptedViewer(fps=None))
    assert played.output == [first, second]
    assert rewards == [1.0, 1.0]
