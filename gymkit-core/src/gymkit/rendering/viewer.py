"""A pyglet window that shows ``(H, W, 3) uint8`` frames: the display path of ``"human"`` mode.

Every env draws its frames headlessly (``rgb_array``); :class:`FrameViewer` only blits them.
pyglet is imported when the first frame is shown, never at ``import gymkit`` or when an env is
constructed, so computing observations and ``rgb_array`` frames never needs a display.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from gymkit.error import DependencyNotInstalled, Error

__all__ = ["AUTO_ZOOM_SIZE", "FrameViewer", "auto_zoom"]


def _import_pyglet() -> Any:
    try:
        import pyglet
    except ImportError as exc:
        raise DependencyNotInstalled(
            "showing frames in a window (render_mode='human', gymkit play) needs pyglet; "
            "install it with pip install 'gymkit-core[render]'"
        ) from exc
    # no hidden shadow window: the viewer's own window holds the GL context
    pyglet.options["shadow_window"] = False
    return pyglet


AUTO_ZOOM_SIZE = 640
"""The size in screen pixels an automatic zoom keeps a frame's larger side within."""


def auto_zoom(width: int, height: int) -> int:
    """The largest whole zoom that keeps a ``width`` x ``height`` frame within
    :data:`AUTO_ZOOM_SIZE` pixels each way; at least 1."""
    return max(1, AUTO_ZOOM_SIZE // max(width, height, 1))


class FrameViewer:
    """Shows frames in a window, one :meth:`show` call per frame.

    ``caption`` titles the window; ``fps`` (frames per second, ``None`` = as fast as frames
    come) paces :meth:`show`; ``zoom`` scales the window and the frames (``1.0`` = one screen
    pixel per frame pixel; ``None`` = the largest whole factor that keeps the first frame within
    :data:`AUTO_ZOOM_SIZE` pixels, at least 1, so a 160x210 Atari screen shows 3x and a 600x400
    CartPole 1x). The window opens on the first :meth:`show`, sized to that frame times ``zoom``.

    :attr:`pressed_keys` holds the lower-case pyglet names of the keys held down (``"left"``,
    ``"a"``, ``"space"``, ...), for keyboard control. Once the user closes the window,
    :attr:`is_open` is ``False`` and further :meth:`show` calls do nothing. :meth:`close` is
    idempotent.

    Raises :class:`gymkit.error.DependencyNotInstalled` when pyglet is missing and
    :class:`gymkit.error.Error` when no window can be opened (no display: set ``DISPLAY`` or run
    under ``xvfb-run``).
    """

    def __init__(
        self, caption: str = "gymkit", fps: float | None = None, zoom: float | None = 1.0
    ) -> None:
        if fps is not None and not (isinstance(fps, (int, float)) and fps > 0):
            raise ValueError(f"fps must be a positive number or None, got {fps!r}")
        if zoom is not None and not (isinstance(zoom, (int, float)) and zoom > 0):
            raise ValueError(f"zoom must be a positive number or None (automatic), got {zoom!r}")
        self.caption = str(caption)
        self.fps = None if fps is None else float(fps)
        self.zoom = 1.0 if zoom is None else float(zoom)
        self._auto_zoom = zoom is None
        self.pressed_keys: set[str] = set()
        self._window: Any = None
        self._pyglet: Any = None
        self._frame_shape: tuple[int, int] | None = None
        self._user_closed = False
        self._close_requested = False
        self._texture: Any = None
        self._last_flip: float | None = None

    @property
    def is_open(self) -> bool:
        """Whether the window is open (``False`` before the first frame and after closing)."""
        return self._window is not None

    @property
    def closed_by_user(self) -> bool:
        """Whether the user closed the window (window button or Escape)."""
        return self._user_closed

    # ---------------------------------------------------------------- showing
    def show(self, frame: np.ndarray) -> None:
        """Show ``frame`` (an ``(H, W, 3)`` ``uint8`` array), pacing to :attr:`fps`.

        Raises :class:`ValueError` naming the shape/dtype for anything else. Does nothing once
        the user has closed the window.
        """
        frame = self._check_frame(frame)
        if self._user_closed:
            return
        if self._window is None:
            if self._auto_zoom:
                self.zoom = float(auto_zoom(frame.shape[1], frame.shape[0]))
            self._open(frame.shape[1], frame.shape[0])
        self._dispatch()
        if self._window is None:  # closed by an event just dispatched
            return
        window = self._window
        height, width = frame.shape[0], frame.shape[1]
        if self._frame_shape != (height, width):
            self._frame_shape = (height, width)
            self._texture = None
            window.set_size(round(width * self.zoom), round(height * self.zoom))
        image = self._pyglet.image.ImageData(
            width, height, "RGB", frame.tobytes(), pitch=-width * 3
        )
        if self._texture is None:
            gl = self._pyglet.gl
            self._texture = self._pyglet.image.Texture.create(
                width, height, min_filter=gl.GL_NEAREST, mag_filter=gl.GL_NEAREST
            )
        self._texture.blit_into(image, 0, 0, 0)
        window.clear()
        self._texture.blit(0, 0, width=window.width, height=window.height)
        self._pace()
        window.flip()

    def process_events(self) -> None:
        """Handle pending window events (key presses, close) without drawing."""
        if self._window is not None:
            self._dispatch()

    def _dispatch(self) -> None:
        self._window.switch_to()
        self._window.dispatch_events()
        # the handlers only ask for the close: closing inside pyglet's dispatch loop would pull
        # the window from under it
        if self._close_requested:
            self._close_window(by_user=True)

    def _pace(self) -> None:
        now = time.perf_counter()
        if self.fps is not None and self._last_flip is not None:
            wait = self._last_flip + 1.0 / self.fps - now
            if wait > 0:
                time.sleep(wait)
                now = time.perf_counter()
        self._last_flip = now

    @staticmethod
    def _check_frame(frame: Any) -> np.ndarray:
        if (
            not isinstance(frame, np.ndarray)
            or frame.ndim != 3
            or frame.shape[2] != 3
            or frame.dtype != np.uint8
            or frame.shape[0] == 0
            or frame.shape[1] == 0
        ):
            shape = getattr(frame, "shape", None)
            dtype = getattr(frame, "dtype", type(frame).__name__)
            raise ValueError(
                f"FrameViewer.show expects an (H, W, 3) uint8 array, got shape {shape} and "
                f"dtype {dtype}; render with render_mode='rgb_array'"
            )
        return np.ascontiguousarray(frame)

    # ---------------------------------------------------------------- window life cycle
    def _open(self, width: int, height: int) -> None:
        pyglet = _import_pyglet()
        try:
            window = pyglet.window.Window(
                width=round(width * self.zoom),
                height=round(height * self.zoom),
                caption=self.caption,
                resizable=False,
                vsync=False,
            )
        except Exception as exc:
            raise Error(
                f"cannot open a window to show frames ({type(exc).__name__}: {exc}); a display "
                "is needed for render_mode='human' and gymkit play: set DISPLAY, or run under "
                "a virtual display with xvfb-run; use render_mode='rgb_array' to get frames "
                "without a window"
            ) from exc
        key = pyglet.window.key

        def on_key_press(symbol: int, modifiers: int) -> bool:
            name = key.symbol_string(symbol).lower()
            if name == "escape":
                self._close_requested = True
                return True
            self.pressed_keys.add(name)
            return True

        def on_key_release(symbol: int, modifiers: int) -> bool:
            self.pressed_keys.discard(key.symbol_string(symbol).lower())
            return True

        def on_close() -> bool:
            self._close_requested = True
            return True

        def on_deactivate() -> None:
            self.pressed_keys.clear()

        window.push_handlers(
            on_key_press=on_key_press,
            on_key_release=on_key_release,
            on_close=on_close,
            on_deactivate=on_deactivate,
        )
        self._pyglet = pyglet
        self._window = window
        self._frame_shape = (height, width)

    def _close_window(self, *, by_user: bool) -> None:
        window, self._window = self._window, None
        self._texture = None
        self._close_requested = False
        self.pressed_keys.clear()
        if by_user:
            self._user_closed = True
        if window is not None:
            window.close()

    def close(self) -> None:
        """Close the window; safe to call any number of times."""
        self._close_window(by_user=False)

    def __enter__(self) -> FrameViewer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
