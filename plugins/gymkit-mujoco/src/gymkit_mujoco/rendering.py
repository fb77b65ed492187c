"""Off-screen frames of a MuJoCo simulation: :class:`MujocoRenderer` over ``mujoco.Renderer``.

The OpenGL backend is MuJoCo's choice of ``MUJOCO_GL``; when that variable is unset,
:mod:`gymkit_mujoco.engine` sets it just before importing ``mujoco`` (see
:mod:`gymkit_mujoco._gl`): ``egl`` when an EGL library loads (a GPU driver or Mesa's software
llvmpipe), else ``osmesa`` when Mesa's OSMesa loads, else MuJoCo's default (GLFW, which needs a
display). When ``mujoco`` was imported before this package with ``MUJOCO_GL`` unset and there is
no display, the renderer makes an EGL (else OSMesa) context itself instead of GLFW's. A backend
that fails raises :class:`~gymkit.error.DependencyNotInstalled` naming the Debian package to
install.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import Any

import numpy as np

from gymkit.error import DependencyNotInstalled
from gymkit_mujoco import _gl
from gymkit_mujoco.engine import mujoco

__all__ = ["CAMERA_CONFIG_KEYS", "MujocoRenderer", "make_camera"]

#: The keys ``default_camera_config`` accepts: the attributes of ``mujoco.MjvCamera``.
CAMERA_CONFIG_KEYS = (
    "type",
    "fixedcamid",
    "trackbodyid",
    "lookat",
    "distance",
    "azimuth",
    "elevation",
    "orthographic",
)


def make_camera(
    model: mujoco.MjModel,
    data: mujoco.MjData,
    camera_id: int | None,
    config: dict[str, Any],
) -> mujoco.MjvCamera:
    """The camera frames are taken from.

    ``camera_id`` (an id of the model's cameras) gives that fixed camera. ``None`` gives the free
    camera: looking at the median of the geoms' positions from the model's extent, then set by
    ``config`` (:data:`CAMERA_CONFIG_KEYS`); a ``trackbodyid`` >= 0 without an explicit ``type``
    makes it a tracking camera that follows that body.
    """
    camera = mujoco.MjvCamera()
    if camera_id is not None:
        camera.type = mujoco.mjtCamera.mjCAMERA_FIXED
        camera.fixedcamid = camera_id
        return camera
    camera.type = mujoco.mjtCamera.mjCAMERA_FREE
    camera.fixedcamid = -1
    if model.ngeom:
        camera.lookat[:] = np.median(data.geom_xpos, axis=0)
    camera.distance = model.stat.extent
    for key, value in config.items():
        if key == "lookat":
            camera.lookat[:] = np.asarray(value, dtype=np.float64)
        else:
            setattr(camera, key, value)
    if "type" not in config and config.get("trackbodyid", -1) >= 0:
        camera.type = mujoco.mjtCamera.mjCAMERA_TRACKING
    return camera


def _backend_error(exc: BaseException) -> DependencyNotInstalled:
    """The error of a GL backend that cannot make a context: what failed, what to install."""
    backend = os.environ.get("MUJOCO_GL", "") or "glfw"
    how = _gl.CHOICE or "MUJOCO_GL set before gymkit_mujoco was imported"
    if backend in ("glfw", "glx"):
        fix = (
            f"{backend} needs a display (DISPLAY={os.environ.get('DISPLAY')!r}) and "
            f"{_gl.PACKAGES[backend]}"
        )
    else:
        fix = f"{backend} needs apt-get install {_gl.PACKAGES.get(backend, '?')}"
    return DependencyNotInstalled(
        f"MuJoCo could not create an OpenGL context with MUJOCO_GL={backend!r} ({how}): "
        f"{type(exc).__name__}: {exc}. {fix}. To render without a display install EGL "
        f"(apt-get install {_gl.PACKAGES['egl']}) or OSMesa (apt-get install "
        f"{_gl.PACKAGES['osmesa']}) and set MUJOCO_GL=egl or MUJOCO_GL=osmesa before Python "
        "starts (or leave it unset: gymkit_mujoco then picks the first that loads)"
    )


def _headless_context_class() -> type | None:
    """EGL's (else OSMesa's) GL context class of MuJoCo when ``mujoco`` was imported with
    ``MUJOCO_GL`` unset (so it would use GLFW) on a Linux machine without a display; else
    ``None``."""
    if os.environ.get("MUJOCO_GL") or not sys.platform.startswith("linux"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    for backend, module in (("egl", "mujoco.egl"), ("osmesa", "mujoco.osmesa")):
        if not _gl.loads(backend):
            continue
        try:
            context_class: type = __import__(module, fromlist=["GLContext"]).GLContext
        except (ImportError, AttributeError, OSError, RuntimeError):
            continue
        return context_class
    return None


@contextlib.contextmanager
def _gl_context_class() -> Iterator[None]:
    """Within the block ``mujoco.Renderer`` makes its GL context with
    :func:`_headless_context_class` when that is not ``None`` (MuJoCo's own choice otherwise)."""
    context_class = _headless_context_class()
    module = getattr(sys.modules.get(mujoco.Renderer.__module__), "gl_context", None)
    if context_class is None or module is None:
        yield
        return
    previous = getattr(module, "GLContext", None)
    module.GLContext = context_class
    try:
        yield
    finally:
        module.GLContext = previous


class MujocoRenderer:
    """Draws ``rgb`` ``(H, W, 3)`` uint8 frames and ``depth`` ``(H, W)`` float32 maps (metres
    from the camera) of ``data`` through one ``mujoco.Renderer``, made on construction.

    ``visual_options`` maps ``mujoco.mjtVisFlag`` values to on/off; ``max_geom`` bounds the
    scene. :meth:`close` frees the GL context; it is idempotent.
    """

    def __init__(
        self,
        model: mujoco.MjModel,
        data: mujoco.MjData,
        *,
        width: int,
        height: int,
        camera_id: int | None = None,
        default_camera_config: dict[str, Any] | None = None,
        max_geom: int = 1000,
        visual_options: dict[int, bool] | None = None,
    ) -> None:
        self.model = model
        self.data = data
        self.width = width
        self.height = height
        try:
            with _gl_context_class():
                self._renderer: mujoco.Renderer | None = mujoco.Renderer(
                    model, height=height, width=width, max_geom=max_geom
                )
        except (ImportError, RuntimeError, OSError, AttributeError, mujoco.FatalError) as exc:
            raise _backend_error(exc) from exc
        self.option = mujoco.MjvOption()
        for flag, value in (visual_options or {}).items():
            self.option.flags[flag] = value
        self.camera = make_camera(model, data, camera_id, dict(default_camera_config or {}))

    def _update(self) -> mujoco.Renderer:
        if self._renderer is None:
            raise RuntimeError("MujocoRenderer.render called after close()")
        self._renderer.update_scene(self.data, camera=self.camera, scene_option=self.option)
        return self._renderer

    def render_rgb(self) -> np.ndarray:
        """The current frame, ``(height, width, 3)`` uint8."""
        renderer = self._update()
        renderer.disable_depth_rendering()
        return renderer.render()

    def render_depth(self) -> np.ndarray:
        """The current depth map, ``(height, width)`` float32, metres from the camera."""
        renderer = self._update()
        renderer.enable_depth_rendering()
        try:
            return renderer.render()
        finally:
            renderer.disable_depth_rendering()

    def close(self) -> None:
        """Free the GL context; idempotent."""
        if self._renderer is not None:
            self._renderer.close()
            self._renderer = None
