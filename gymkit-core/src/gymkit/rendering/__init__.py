"""Shared rendering: a headless 2D :class:`Canvas` for ``rgb_array`` frames, a pyglet viewer
that shows those frames in a window for ``human`` mode (:mod:`gymkit.rendering.viewer`) and the
``render()``/``close()`` plumbing envs share (:mod:`gymkit.rendering.display`). None is imported
by ``import gymkit``.
"""

from gymkit.rendering.canvas import Canvas

__all__ = ["Canvas"]
