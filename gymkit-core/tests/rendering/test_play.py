"""gymkit.utils.play: key-map conventions and a real keyboard-driven session on Xvfb."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from gymkit.core import Env
from gymkit.error import Error, InvalidAction
from gymkit.utils.play import action_for_keys, describe_controls, normalize_keys_to_action, play


class Unplayable(Env[int, int]):
    """Walk right along 6 cells: 0 stays, 1 steps left, 2 steps right; the last cell ends."""

    metadata = {"render_modes": ["rgb_array"], "render_fps": 1000}

    def __init__(self, render_mode: str | None = "rgb_array") -> None:
        from gymkit.spaces import Discrete

        self.render_mode = self._check_render_mode(render_mode)
        self.action_space = Discrete(3)
        self.observation_space = Discrete(6)
        self.position = 0
        self.actions: list[int] = []

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        super().reset(seed=seed)
        self.position = 0
        return self.position, {}

    def step(self, action: int):
        self.actions.append(int(action))
        self.position = min(max(self.position + (0, -1, 1)[action], 0), 5)
        return self.position, 1.0, self.position == 5, False, {}

    def render(self) -> np.ndarray:
        frame = np.zeros((20, 60, 3), np.uint8)
        frame[:, self.position * 10 : self.position * 10 + 10] = 255
        return frame


class Corridor(Unplayable):
    """The corridor with a key map: arrows walk, nothing held stays."""

    keys_to_action = {("left",): 1, ("right",): 2}
    noop = 0


def test_normalize_keys_to_action() -> None:
    keymap = normalize_keys_to_action({("W", "a"): 1, "left": 2, ("up",): 3})
    assert keymap == {("a", "w"): 1, ("left",): 2, ("up",): 3}
    with pytest.raises(TypeError, match="tuple of key names"):
        normalize_keys_to_action({(): 1})
    with pytest.raises(TypeError, match="tuple of key names"):
        normalize_keys_to_action({(1,): 1})
    with pytest.raises(ValueError, match="twice"):
        normalize_keys_to_action({("a", "w"): 1, ("w", "a"): 2})
    with pytest.raises(TypeError, match="mapping"):
        normalize_keys_to_action([("a", 1)])  # type: ignore[arg-type]


def test_action_for_keys() -> None:
    keymap = normalize_keys_to_action({("left",): 1, ("right",): 2, ("left", "up"): 3})
    assert action_for_keys(set(), keymap, 0) == 0
    assert action_for_keys({"left"}, keymap, 0) == 1
    assert action_for_keys({"left", "shift"}, keymap, 0) == 1  # unmapped keys are ignored
    assert action_for_keys({"up", "left"}, keymap, 0) == 3
    assert action_for_keys({"left", "right"}, keymap, 0) == 0  # unmapped combination


def test_play_refuses_envs_it_cannot_drive() -> None:
    with pytest.raises(Error, match="no keys_to_action"):
        play(Unplayable(), max_steps=1)
    with pytest.raises(Error, match="no noop"):
        play(Unplayable(), keys_to_action={("left",): 1}, max_steps=1)
    with pytest.raises(InvalidAction, match="not in the action space"):
        play(Corridor(), keys_to_action={("left",): 7}, max_steps=1)
    with pytest.raises(Error, match="rgb_array"):
        play(Corridor(render_mode=None), max_steps=1)


@pytest.mark.xvfb
def test_play_follows_the_held_keys(virtual_display: str, capsys: pytest.CaptureFixture) -> None:
    pytest.importorskip("pyglet")
    from gymkit.rendering.viewer import FrameViewer

    env = Corridor()
    viewer = FrameViewer(fps=None)
    viewer.pressed_keys.add("right")
    returns = play(env, seed=0, max_steps=12, viewer=viewer)
    assert env.actions == [2] * 12
    assert returns == [5.0, 5.0]  # two walks of five steps to the end
    assert "episode 2: return 5" in capsys.readouterr().out
    assert not viewer.is_open

    env = Corridor()
    assert play(env, max_steps=3, viewer=FrameViewer()) == []
    assert env.actions == [0, 0, 0]  # nothing held: the noop


@pytest.mark.xvfb
def test_play_stops_when_the_window_closes(virtual_display: str) -> None:
    pytest.importorskip("pyglet")
    from gymkit.rendering.viewer import FrameViewer

    class ClosesAfterFour(FrameViewer):
        shown = 0

        def show(self, frame: np.ndarray) -> None:
            super().show(frame)
            self.shown += 1
            if self.shown == 5:
                self._window.dispatch_event("on_close")
                self.process_events()

    env = Corridor()
    play(env, viewer=ClosesAfterFour())
    assert len(env.actions) == 4


@pytest.mark.xvfb
def test_turn_based_play_steps_once_per_press(virtual_display: str) -> None:
    pytest.importorskip("pyglet")
    from gymkit.rendering.viewer import FrameViewer

    held = [{"right"}, {"right"}, {"right"}, set(), {"right"}, {"right", "shift"}, {"left"}]

    class ScriptedKeys(FrameViewer):
        shown = 0

        def show(self, frame: np.ndarray) -> None:
            super().show(frame)
            if self.shown < len(held):
                self.pressed_keys.clear()
                self.pressed_keys.update(held[self.shown])
            else:
                self.close()
            self.shown += 1

    env = Corridor()
    play(env, noop=None, viewer=ScriptedKeys(fps=None))
    # a held key steps once; releasing and pressing again steps again; unmapped keys ignored
    assert env.actions == [2, 2, 1]


def test_turn_based_needs_no_noop_action() -> None:
    class TurnBased(Corridor):
        noop = None

    with pytest.raises(InvalidAction, match="not in the action space"):
        play(TurnBased(), keys_to_action={("left",): 9}, max_steps=1)


class Arcade(Corridor):
    """The corridor with named actions, as Atari envs declare them."""

    def get_action_meanings(self) -> list[str]:
        return ["STAY", "LEFT", "RIGHT"]


def test_describe_controls_lists_every_key_its_action_and_the_idle_action() -> None:
    text = describe_controls(Corridor())
    lines = text.splitlines()
    assert lines[0] == "controls of Corridor:"
    assert any(line.split() == ["left", "->", "action", "1"] for line in lines)
    assert any(line.split() == ["right", "->", "action", "2"] for line in lines)
    assert "no mapped key held: action 0; the env runs in real time" in text
    assert "Escape" in text
    assert "right  -> action 2 (RIGHT)" in describe_controls(Arcade())
    turn_based = describe_controls(Corridor(), {("a", "left"): 1}, noop=None)
    assert "a + left  -> action 1" in turn_based
    assert "turn based: the env steps once per key press" in turn_based
    with pytest.raises(Error, match="no keys_to_action"):
        describe_controls(Unplayable())


@pytest.mark.xvfb
def test_play_prints_the_controls_when_the_window_opens(
    virtual_display: str, capsys: pytest.CaptureFixture
) -> None:
    pytest.importorskip("pyglet")
    from gymkit.rendering.viewer import FrameViewer

    play(Arcade(), max_steps=1, viewer=FrameViewer(fps=None))
    out = capsys.readouterr().out
    assert out.startswith(describe_controls(Arcade()))
    assert "left   -> action 1 (LEFT)" in out
