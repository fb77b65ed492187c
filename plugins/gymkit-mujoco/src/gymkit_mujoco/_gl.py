"""The OpenGL backend MuJoCo renders with, chosen before ``mujoco`` is first imported.

MuJoCo reads ``MUJOCO_GL`` once, when ``import mujoco`` runs, so :func:`choose_backend` runs
just before it, in :mod:`gymkit_mujoco.engine` (the one place the family imports ``mujoco``). A
user's ``MUJOCO_GL`` always wins. Otherwise the first backend whose library loads is set:
``egl`` (``libEGL.so.1``: a GPU driver or Mesa's software llvmpipe), then ``osmesa``
(``libOSMesa``); with neither, MuJoCo keeps its default (GLFW, needing a display). Only shared
libraries are loaded here (no GL context is made), so this costs about a millisecond; a backend
that loads but cannot make a context fails at the first frame with an error naming the packages
in :data:`PACKAGES`.
"""

from __future__ import annotations

import os
import sys

__all__ = ["CHOICE", "PACKAGES", "choose_backend", "loads"]

#: The Debian packages each backend needs.
PACKAGES = {
    "egl": "libegl1 libegl-mesa0 libgl1-mesa-dri",
    "osmesa": "libosmesa6",
    "glfw": "libgl1 libglx-mesa0 (and a display)",
    "glx": "libgl1 libglx-mesa0 (and a display)",
}

_LIBRARIES = {
    "egl": ("libEGL.so.1", "libEGL.so"),
    "osmesa": ("libOSMesa.so.8", "libOSMesa.so.6", "libOSMesa.so"),
}

#: How the backend was chosen (``None`` when ``MUJOCO_GL`` was already set).
CHOICE: str | None = None


def _loads(names: tuple[str, ...]) -> bool:
    import ctypes

    for name in names:
        try:
            ctypes.CDLL(name)
        except OSError:
            continue
        return True
    return False


def loads(backend: str) -> bool:
    """Whether the shared library of ``backend`` (``"egl"`` or ``"osmesa"``) loads."""
    return _loads(_LIBRARIES[backend])


def choose_backend() -> str | None:
    """Set ``MUJOCO_GL`` when it is unset and ``mujoco`` is not imported yet; return the
    backend in effect (``None``: MuJoCo's default)."""
    global CHOICE
    current = os.environ.get("MUJOCO_GL")
    if current:
        libraries = _LIBRARIES.get(current.lower().strip())
        if libraries is not None and "mujoco" not in sys.modules and not _loads(libraries):
            import warnings

            from gymkit.error import GymkitWarning

            warnings.warn(
                f"MUJOCO_GL={current!r} but {libraries[0]} does not load, so importing mujoco "
                f"will fail; install it (apt-get install {PACKAGES[current.lower().strip()]}) "
                "or unset MUJOCO_GL to let gymkit_mujoco choose a backend that loads",
                GymkitWarning,
                stacklevel=2,
            )
        return current
    if "mujoco" in sys.modules:
        CHOICE = "mujoco was imported before gymkit_mujoco with MUJOCO_GL unset"
        return None
    if not sys.platform.startswith("linux"):
        CHOICE = "MuJoCo's default backend for this platform"
        return None
    missing = []
    for backend in ("egl", "osmesa"):
        if _loads(_LIBRARIES[backend]):
            os.environ["MUJOCO_GL"] = backend
            CHOICE = f"chosen by gymkit_mujoco: {_LIBRARIES[backend][0]} loads"
            return backend
        missing.append(f"{_LIBRARIES[backend][0]} ({PACKAGES[backend]})")
    CHOICE = "no EGL or OSMesa library found: " + ", ".join(missing) + " missing"
    return None
