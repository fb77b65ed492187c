"""Shared rendering: a headless 2D :class:`Canvas` for ``rgb_array`` frames and a pyglet viewer
that shows those frames in a window for ``human`` mode (:mod:`gymkit.rendering.viewer`). Neither
is imported by ``import gymkit``; importing this package imports Pillow, so envs take their
``render()``/``close()`` plumbing from :mod:`gymkit.utils.display` (no Pillow, no pyglet) and
import the canvas only when they draw.
"""

from gymkit.rendering.canvas import Canvas

__all__ = ["Canvas"]
