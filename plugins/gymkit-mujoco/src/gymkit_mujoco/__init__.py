"""gymkit's MuJoCo family: the 11 locomotion and manipulation tasks, at v5 and v4.

Importing this package imports no MuJoCo and loads no GL library; the modules that use MuJoCo
take it from :mod:`gymkit_mujoco.engine`, which picks the OpenGL backend first.
"""

__version__ = "0.1.0"
