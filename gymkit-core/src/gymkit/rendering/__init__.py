"""Shared rendering: a headless 2D :class:`Canvas` for ``rgb_array`` frames and a pyglet viewer
that shows those frames in a window for ``human`` mode. Neither is imported by ``import gymkit``.
"""

from gymkit.rendering.canvas import Canvas

__all__ = ["Canvas"]
