"""gymkit-ray: ``make_vec(id, n, vectorization_mode="ray", vector_kwargs={...})``.

Each Ray actor holds a batch of sub-envs (the family's native vector env where it has one,
else a :class:`~gymkit.vector.SyncVectorEnv`); the driver steps every actor in parallel and
observations travel as NumPy arrays through Ray's object store. See
:class:`gymkit_ray.vector.RayVectorEnv` and ``docs/distributed.md``.

Importing this package does not import Ray: :mod:`gymkit_ray.vector` does, when the mode is used.
"""

__version__ = "0.1.0"
