"""``mujoco`` itself, imported only after the OpenGL backend is chosen.

MuJoCo reads ``MUJOCO_GL`` once, when ``import mujoco`` runs, so every module of the family takes
``mujoco`` from here (``from gymkit_mujoco.engine import mujoco``): the first env made picks the
backend (:func:`gymkit_mujoco._gl.choose_backend`), while registering the family at plugin
discovery loads neither MuJoCo nor any GL library.
"""

from gymkit_mujoco._gl import choose_backend

choose_backend()

import mujoco  # noqa: E402  (MUJOCO_GL must be settled before this import)

__all__ = ["mujoco"]
