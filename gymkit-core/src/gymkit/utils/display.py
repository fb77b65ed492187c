"""The ``render()`` plumbing shared by envs that draw ``rgb_array`` frames and show them in a
window for ``"human"`` mode: :class:`WindowedRendering`.

An env holds one :class:`WindowedRendering` and forwards to it::

    def render(self):
        return self._display.render(self.render_mode, self._draw, self.metadata["render_fps"])

    def close(self):
        self._display.close()

pyglet is imported only when the first ``"human"`` frame is shown (through
:class:`gymkit.rendering.viewer.FrameViewer`), never by importing this module.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from gymkit.error import GymkitWarning

if TYPE_CHECKING:
    from gymkit.rendering.viewer import FrameViewer

__all__ = ["WindowedRendering"]


def _or_list(modes: Sequence[str]) -> str:
    quoted = [f"render_mode={modes[0]!r}"] + [repr(mode) for mode in modes[1:]]
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


class WindowedRendering:
    """The window of one env's ``"human"`` mode and the warning for a missing render mode.

    ``env_name`` names the env in the warning :meth:`warn_no_mode` gives (``"<env_name>.render()
    called without a render_mode; ..."``), which lists ``modes`` as the ones to choose from.
    ``caption`` titles the window (default ``env_name``).

    Contract: :meth:`present` returns the frame unchanged for any mode but ``"human"``; for
    ``"human"`` it shows the frame in a :class:`~gymkit.rendering.viewer.FrameViewer` paced to
    ``fps``, opened on the first such frame (so constructing an env never needs pyglet or a
    display), and returns ``None``. :meth:`close` closes the window and is idempotent; the next
    ``"human"`` frame opens a new one. A pickled or copied :class:`WindowedRendering` carries no
    window.
    """

    def __init__(
        self,
        env_name: str,
        caption: str | None = None,
        modes: Sequence[str] = ("rgb_array", "human"),
    ) -> None:
        if not modes:
            raise ValueError(f"modes must name at least one render mode, got {modes!r}")
        self.env_name = env_name
        self.caption = env_name if caption is None else caption
        self.modes = tuple(modes)
        self.viewer: FrameViewer | None = None

    @property
    def is_open(self) -> bool:
        """Whether a window is showing frames."""
        return self.viewer is not None and self.viewer.is_open

    def warn_no_mode(self, stacklevel: int = 3) -> None:
        """Warn (:class:`~gymkit.error.GymkitWarning`) that ``render()`` was called on an env
        made without a ``render_mode``; ``stacklevel`` 3 points at the caller of the env's
        ``render()`` when called from it. Returns ``None``, what ``render()`` returns then."""
        warnings.warn(
            f"{self.env_name}.render() called without a render_mode; make the env with "
            f"{_or_list(self.modes)}",
            GymkitWarning,
            stacklevel=stacklevel,
        )

    def present(self, render_mode: str, frame: Any, fps: float | None) -> Any:
        """``frame`` itself unless ``render_mode`` is ``"human"``; then show it (opening the
        window if needed, paced to ``fps`` frames per second, ``None`` = unpaced) and return
        ``None``."""
        if render_mode != "human":
            return frame
        if self.viewer is None:
            from gymkit.rendering.viewer import FrameViewer

            self.viewer = FrameViewer(caption=self.caption, fps=fps)
        self.viewer.show(frame)
        return None

    def render(
        self, render_mode: str | None, draw: Callable[[], np.ndarray], fps: float | None
    ) -> np.ndarray | None:
        """The whole ``render()`` of an env drawing only frames: warn and return ``None`` when
        ``render_mode`` is ``None``; otherwise :meth:`present` the frame ``draw()`` makes."""
        if render_mode is None:
            self.warn_no_mode(stacklevel=4)
            return None
        result: np.ndarray | None = self.present(render_mode, draw(), fps)
        return result

    def close(self) -> None:
        """Close the window if one is open; idempotent."""
        if self.viewer is not None:
            self.viewer.close()
            self.viewer = None

    def __getstate__(self) -> dict[str, Any]:
        # a window cannot travel: a copy opens its own on its first "human" frame
        return {**self.__dict__, "viewer": None}
