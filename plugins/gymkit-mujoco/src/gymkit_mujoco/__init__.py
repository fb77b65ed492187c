"""gymkit's MuJoCo family: the 11 locomotion and manipulation tasks, at v5 and v4.

Importing this package imports no MuJoCo; it only picks the OpenGL backend MuJoCo will render
with (``MUJOCO_GL``, when unset; see :mod:`gymkit_mujoco._gl`), which must happen before
``mujoco`` is first imported.
"""

from gymkit_mujoco._gl import choose_backend as _choose_backend

__version__ = "0.1.0"

_choose_backend()
