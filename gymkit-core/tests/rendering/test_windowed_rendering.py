"""WindowedRendering: the warning without a render mode, frames passed through for rgb_array,
a lazily opened real window for human mode (on a private Xvfb display), pickling without it."""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys
import warnings

import numpy as np
import pytest

from gymkit.error import GymkitWarning
from gymkit.utils.display import WindowedRendering

FRAME = np.zeros((30, 40, 3), dtype=np.uint8)


def test_importing_it_imports_neither_pyglet_nor_pillow() -> None:
    # Every env builds one at construction: making an env that does not draw must not pay
    # for the window toolkit or the rasteriser.
    code = (
        "import sys, gymkit, gymkit.utils.display as d; d.WindowedRendering('X');"
        "print(sorted({'pyglet', 'PIL'} & {m.split('.')[0] for m in sys.modules}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_making_an_env_without_a_render_mode_imports_no_renderer() -> None:
    code = (
        "import sys, gymkit; gymkit.make('CartPole-v1').reset(seed=0);"
        "print(sorted({'pyglet', 'PIL'} & {m.split('.')[0] for m in sys.modules}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_no_render_mode_warns_naming_the_env_and_the_modes_at_the_callers_line() -> None:
    display = WindowedRendering("ToyEnv", modes=("ansi", "rgb_array", "human"))
    drawn = []

    def draw() -> np.ndarray:
        drawn.append(1)
        return FRAME

    class ToyEnv:
        def render(self) -> np.ndarray | None:
            return display.render(None, draw, 30)

    with pytest.warns(GymkitWarning) as record:
        assert ToyEnv().render() is None  # the warning points at this line
    message = str(record[0].message)
    assert message == (
        "ToyEnv.render() called without a render_mode; make the env with "
        "render_mode='ansi', 'rgb_array' or 'human'"
    )
    assert record[0].filename == __file__
    assert drawn == []  # nothing drawn without a mode


def test_rgb_array_returns_the_frame_and_opens_no_window() -> None:
    display = WindowedRendering("ToyEnv")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert display.render("rgb_array", lambda: FRAME, 30) is FRAME
    assert display.present("ansi", "text", None) == "text"
    assert display.viewer is None and not display.is_open
    display.close()  # nothing to close: fine


def test_empty_modes_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="at least one render mode"):
        WindowedRendering("ToyEnv", modes=())


@pytest.mark.xvfb
def test_human_mode_opens_a_window_on_the_first_frame(virtual_display: str) -> None:
    pytest.importorskip("pyglet")
    display = WindowedRendering("ToyEnv", caption="Toy")
    assert display.viewer is None
    assert display.render("human", lambda: FRAME, None) is None
    viewer = display.viewer
    assert viewer is not None and viewer.is_open and display.is_open
    assert viewer.caption == "Toy" and viewer.fps is None
    assert display.present("human", FRAME, None) is None
    assert display.viewer is viewer  # one window for all frames

    clone = pickle.loads(pickle.dumps(display))
    assert clone.viewer is None and clone.caption == "Toy"
    assert copy.deepcopy(display).viewer is None
    assert display.viewer is viewer  # the original keeps its window

    display.close()
    assert display.viewer is None and not viewer.is_open and not display.is_open
    display.close()
