"""FrameViewer: lazy pyglet import, clear errors, and a real window on a virtual display."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import numpy as np
import pytest

from gymkit.rendering.viewer import AUTO_ZOOM_SIZE, FrameViewer, auto_zoom


def run_python(code: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )


def test_importing_the_viewer_does_not_import_pyglet() -> None:
    result = run_python(
        "import sys, gymkit.rendering.viewer as v; v.FrameViewer('x', fps=30);"
        "print('pyglet' in sys.modules)"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_no_display_is_a_clear_error() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    result = run_python(
        "import numpy as np\n"
        "from gymkit.error import Error\n"
        "from gymkit.rendering.viewer import FrameViewer\n"
        "try:\n"
        "    FrameViewer().show(np.zeros((4, 4, 3), np.uint8))\n"
        "except Error as exc:\n"
        "    print('ERROR', exc)\n",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ERROR cannot open a window")
    assert "xvfb-run" in result.stdout and "rgb_array" in result.stdout


def test_missing_pyglet_names_the_extra() -> None:
    result = run_python(
        "import sys, numpy as np\n"
        "sys.modules['pyglet'] = None\n"
        "from gymkit.error import DependencyNotInstalled\n"
        "from gymkit.rendering.viewer import FrameViewer\n"
        "try:\n"
        "    FrameViewer().show(np.zeros((4, 4, 3), np.uint8))\n"
        "except DependencyNotInstalled as exc:\n"
        "    print('MISSING', exc)\n"
    )
    assert result.returncode == 0, result.stderr
    assert "MISSING" in result.stdout and "gymkit-core[render]" in result.stdout


@pytest.mark.parametrize(
    "frame",
    [
        np.zeros((4, 4), np.uint8),
        np.zeros((4, 4, 4), np.uint8),
        np.zeros((4, 4, 3)),
        [[0, 0, 0]],
        np.zeros((0, 4, 3), np.uint8),
    ],
)
def test_bad_frames_are_refused(frame: object) -> None:
    with pytest.raises(ValueError, match=r"\(H, W, 3\) uint8"):
        FrameViewer().show(frame)  # type: ignore[arg-type]


@pytest.mark.parametrize(("fps", "zoom"), [(0, 1.0), (-5, 1.0), ("fast", 1.0), (None, 0), (30, -1)])
def test_bad_settings_are_refused(fps: object, zoom: object) -> None:
    with pytest.raises(ValueError):
        FrameViewer(fps=fps, zoom=zoom)  # type: ignore[arg-type]


def test_close_before_opening_is_fine() -> None:
    viewer = FrameViewer()
    assert not viewer.is_open
    viewer.close()
    viewer.close()


def frame_pattern(height: int, width: int, shift: int = 0) -> np.ndarray:
    frame = np.zeros((height, width, 3), np.uint8)
    frame[..., 0] = (np.arange(width) * 7 + shift) % 256
    frame[..., 1] = (np.arange(height)[:, None] * 5) % 256
    frame[: height // 3, :, 2] = 255
    return frame


def read_back(viewer: FrameViewer) -> np.ndarray:
    """The window's pixels, top row first (after two identical frames both buffers hold it)."""
    from pyglet import gl

    window = viewer._window
    window.switch_to()
    width, height = window.get_framebuffer_size()
    buffer = (gl.GLubyte * (width * height * 4))()
    gl.glReadBuffer(gl.GL_BACK)
    gl.glReadPixels(0, 0, width, height, gl.GL_RGBA, gl.GL_UNSIGNED_BYTE, buffer)
    pixels = np.frombuffer(bytes(buffer), np.uint8).reshape(height, width, 4)
    return pixels[::-1, :, :3]


@pytest.mark.xvfb
def test_window_shows_the_frames(virtual_display: str) -> None:
    pytest.importorskip("pyglet")
    frame = frame_pattern(60, 80)
    with FrameViewer(caption="test", fps=None) as viewer:
        viewer.show(frame)
        viewer.show(frame)
        assert viewer.is_open
        assert (viewer._window.width, viewer._window.height) == (80, 60)
        np.testing.assert_array_equal(read_back(viewer), frame)
        other = frame_pattern(60, 80, shift=100)
        viewer.show(other)
        viewer.show(other)
        np.testing.assert_array_equal(read_back(viewer), other)
        # a frame of another size resizes the window
        viewer.show(frame_pattern(30, 50))
        assert (viewer._window.width, viewer._window.height) == (50, 30)
    assert not viewer.is_open


@pytest.mark.xvfb
def test_zoom_scales_the_window(virtual_display: str) -> None:
    pytest.importorskip("pyglet")
    viewer = FrameViewer(zoom=2.0)
    frame = frame_pattern(20, 30)
    viewer.show(frame)
    viewer.show(frame)
    assert (viewer._window.width, viewer._window.height) == (60, 40)
    shown = read_back(viewer)
    np.testing.assert_array_equal(shown[::2, ::2][:, :, 2], frame[:, :, 2])
    viewer.close()


@pytest.mark.parametrize(
    ("width", "height", "zoom"),
    [(160, 210, 3), (600, 400, 1), (256, 256, 2), (1000, 30, 1), (8, 4, 80)],
)
def test_auto_zoom_fits_small_frames(width: int, height: int, zoom: int) -> None:
    assert auto_zoom(width, height) == zoom
    assert max(width, height) * zoom <= AUTO_ZOOM_SIZE or zoom == 1


@pytest.mark.xvfb
def test_automatic_zoom_sizes_the_window_from_the_first_frame(virtual_display: str) -> None:
    pytest.importorskip("pyglet")
    viewer = FrameViewer(zoom=None)
    frame = frame_pattern(210, 160)  # an Atari screen: shown 3x
    viewer.show(frame)
    viewer.show(frame)
    assert viewer.zoom == 3.0
    assert (viewer._window.width, viewer._window.height) == (480, 630)
    shown = read_back(viewer)
    np.testing.assert_array_equal(shown[::3, ::3][:, :, 2], frame[:, :, 2])
    viewer.close()


@pytest.mark.xvfb
def test_pacing_to_fps(virtual_display: str) -> None:
    pytest.importorskip("pyglet")
    viewer = FrameViewer(fps=40)
    frame = frame_pattern(10, 10)
    viewer.show(frame)
    start = time.perf_counter()
    for _ in range(8):
        viewer.show(frame)
    assert time.perf_counter() - start >= 8 / 40 * 0.95
    viewer.close()


@pytest.mark.xvfb
def test_pressed_keys_and_escape(virtual_display: str) -> None:
    pytest.importorskip("pyglet")
    from pyglet.window import key

    viewer = FrameViewer()
    viewer.show(frame_pattern(10, 10))
    window = viewer._window
    window.dispatch_event("on_key_press", key.LEFT, 0)
    window.dispatch_event("on_key_press", key.A, 0)
    viewer.process_events()  # pyglet queues events until the window dispatches them
    assert viewer.pressed_keys == {"left", "a"}
    window.dispatch_event("on_key_release", key.LEFT, 0)
    viewer.process_events()
    assert viewer.pressed_keys == {"a"}
    window.dispatch_event("on_key_press", key.ESCAPE, 0)
    viewer.process_events()
    assert not viewer.is_open and viewer.closed_by_user and viewer.pressed_keys == set()
    viewer.show(frame_pattern(10, 10))  # ignored once the user closed the window
    assert not viewer.is_open
    viewer.close()


@pytest.mark.xvfb
def test_window_close_button(virtual_display: str) -> None:
    pytest.importorskip("pyglet")
    viewer = FrameViewer()
    viewer.show(frame_pattern(10, 10))
    viewer._window.dispatch_event("on_close")
    viewer.process_events()
    assert not viewer.is_open and viewer.closed_by_user
    viewer.close()
