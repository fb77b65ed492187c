"""The gymkit plugin entry point: offers the ``"ray"`` vectorization mode, imports nothing heavy."""

from __future__ import annotations

from gymkit.hookspecs import hookimpl


@hookimpl
def gymkit_vectorization_modes() -> dict[str, str]:
    """The ``"ray"`` mode; :mod:`gymkit_ray.vector` (and Ray) load only when it is used."""
    return {"ray": "gymkit_ray.vector:make_ray_vec"}
