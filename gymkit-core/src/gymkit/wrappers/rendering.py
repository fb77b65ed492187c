"""Wrappers that change how an env renders: collect frames, or show them in a window."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, SupportsFloat

import numpy as np

from gymkit import error
from gymkit.core import ActType, Env, ObsType, Wrapper

if TYPE_CHECKING:
    from gymkit.rendering.viewer import FrameViewer

__all__ = ["HumanRendering", "RenderCollection"]


def _with_mode(metadata: dict[str, Any], mode: str) -> dict[str, Any]:
    modes = list(metadata.get("render_modes", []))
    if mode not in modes:
        modes.append(mode)
    return {**metadata, "render_modes": modes}


class RenderCollection(Wrapper[ObsType, ActType, ObsType, ActType]):
    """Render after every ``reset`` and ``step`` and keep the frames.

    The render mode becomes ``"<inner mode>_list"`` (e.g. ``"rgb_array_list"``) and
    :meth:`render` returns the list of frames collected so far; with ``pop_frames=True`` (the
    default) that list is handed over and collection starts afresh. With ``reset_clean=True``
    (the default) ``reset`` drops the frames not yet popped. The wrapped env must have a render
    mode that returns frames (``"rgb_array"``, ``"ansi"``, ...).
    """

    def __init__(
        self, env: Env[ObsType, ActType], pop_frames: bool = True, reset_clean: bool = True
    ) -> None:
        super().__init__(env)
        inner = env.render_mode
        if inner is None or inner == "human" or inner.endswith("_list"):
            raise error.UnsupportedMode(
                f"RenderCollection needs an env whose render_mode returns frames (e.g. "
                f"'rgb_array' or 'ansi'), got render_mode={inner!r}; make the env with "
                "render_mode='rgb_array'"
            )
        self.pop_frames = bool(pop_frames)
        self.reset_clean = bool(reset_clean)
        self.frame_list: list[Any] = []
        self._render_mode = f"{inner}_list"
        self.metadata = _with_mode(env.metadata, self._render_mode)

    @property
    def render_mode(self) -> str:  # type: ignore[override]
        """``"<inner mode>_list"``."""
        return self._render_mode

    def step(self, action: ActType) -> tuple[ObsType, SupportsFloat, bool, bool, dict[str, Any]]:
        """Step and collect the new frame."""
        result = self.env.step(action)
        self.frame_list.append(self.env.render())
        return result

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[ObsType, dict[str, Any]]:
        """Reset (dropping uncollected frames if ``reset_clean``) and collect the first frame."""
        result = self.env.reset(seed=seed, options=options)
        if self.reset_clean:
            self.frame_list = []
        self.frame_list.append(self.env.render())
        return result

    def render(self) -> list[Any]:
        """Return the collected frames (and start a new list if ``pop_frames``)."""
        frames = self.frame_list
        if self.pop_frames:
            self.frame_list = []
        return frames


class HumanRendering(Wrapper[ObsType, ActType, ObsType, ActType]):
    """Show the wrapped env's ``rgb_array`` frames in a window: render mode ``"human"``.

    For envs that draw frames but have no window of their own. The wrapped env's render mode
    must be ``"rgb_array"`` or ``"rgb_array_list"`` (the last frame of the list is shown).
    After every ``reset`` and ``step`` (and on :meth:`render`) the current frame is shown in a
    :class:`gymkit.rendering.viewer.FrameViewer` paced to ``metadata["render_fps"]``;
    :meth:`render` returns ``None``. :meth:`close` closes the window and the env. Needs pyglet
    (``pip install 'gymkit-core[render]'``) and a display.
    """

    ACCEPTED_MODES = ("rgb_array", "rgb_array_list")

    def __init__(self, env: Env[ObsType, ActType]) -> None:
        super().__init__(env)
        if env.render_mode not in self.ACCEPTED_MODES:
            raise error.UnsupportedMode(
                f"HumanRendering needs an env with render_mode in {list(self.ACCEPTED_MODES)}, "
                f"got render_mode={env.render_mode!r}; make the env with render_mode='rgb_array'"
            )
        self.metadata = _with_mode(env.metadata, "human")
        self.viewer: FrameViewer | None = None

    @property
    def render_mode(self) -> str:  # type: ignore[override]
        """Always ``"human"``."""
        return "human"

    def step(self, action: ActType) -> tuple[ObsType, SupportsFloat, bool, bool, dict[str, Any]]:
        """Step and show the new frame."""
        result = self.env.step(action)
        self._show()
        return result

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[ObsType, dict[str, Any]]:
        """Reset and show the first frame."""
        result = self.env.reset(seed=seed, options=options)
        self._show()
        return result

    def render(self) -> None:
        """Show the current frame; returns ``None``."""
        self._show()

    def _show(self) -> None:
        frame = self.env.render()
        if self.env.render_mode == "rgb_array_list":
            if not frame:
                return
            frame = frame[-1]
        frame = np.asarray(frame)
        if frame.ndim != 3 or frame.shape[2] != 3 or frame.dtype != np.uint8:
            raise error.UnsupportedMode(
                f"HumanRendering expected the env's {self.env.render_mode!r} render to return an "
                f"(H, W, 3) uint8 frame, got shape {frame.shape} dtype {frame.dtype}"
            )
        if self.viewer is None:
            from gymkit.rendering.viewer import FrameViewer

            spec = self.env.spec
            caption = spec.id if spec is not None else type(self.env.unwrapped).__name__
            self.viewer = FrameViewer(caption=caption, fps=self.metadata.get("render_fps"))
        self.viewer.show(frame)

    def close(self) -> None:
        """Close the window (if open) and the wrapped env; idempotent."""
        if self.viewer is not None:
            self.viewer.close()
            self.viewer = None
        super().close()
