"""Vector envs: many sub-envs stepped as one batch.

- :class:`VectorEnv` — the contract (batched spaces, ``reset``/``step``/``render``/``close``,
  ``call``/``get_attr``/``set_attr``) and :class:`AutoresetMode` (diagram in
  :mod:`gymkit.vector.vector_env`);
- :class:`SyncVectorEnv` — sub-envs in this process, one after another;
- :class:`AsyncVectorEnv` — one worker process per sub-env, shared-memory observations, faults
  reported as errors (never a hang), and the EnvPool-style ``send``/``recv``;
- the ``VectorWrapper`` family and ready-made vector wrappers in :mod:`gymkit.vector.wrappers`.

Native batched envs (e.g. classic control) subclass :class:`NativeVectorEnv`; build any of
them with :func:`gymkit.make_vec`.
"""

from __future__ import annotations

from gymkit.vector.async_vector_env import AsyncVectorEnv
from gymkit.vector.sync_vector_env import SyncVectorEnv
from gymkit.vector.utils import add_info
from gymkit.vector.vector_env import (
    AutoresetMode,
    NativeVectorEnv,
    VectorActionWrapper,
    VectorEnv,
    VectorObservationWrapper,
    VectorRewardWrapper,
    VectorWrapper,
)

__all__ = [
    "AsyncVectorEnv",
    "AutoresetMode",
    "NativeVectorEnv",
    "SyncVectorEnv",
    "VectorActionWrapper",
    "VectorEnv",
    "VectorObservationWrapper",
    "VectorRewardWrapper",
    "VectorWrapper",
    "add_info",
]
