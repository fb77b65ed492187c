"""What one Ray actor runs: :class:`EnvBatch`, a batch of ``K`` sub-envs as one vector env.

The class is plain Python (no Ray import): :mod:`gymkit_ray.vector` turns it into an actor
with ``ray.remote``. Every method answers with NumPy arrays and batched info dicts, which Ray
carries through its object store.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

import gymkit


class EnvBatch:
    """``K`` sub-envs of ``env_spec`` built as ``make_vec(env_spec, K, inner, ...)``.

    ``inner`` is ``"native"`` (the family's batched env) or ``"sync"`` (one ``make`` per
    sub-env, each wrapped in ``wrappers``); ``autoreset_mode`` is the vector env's.
    """

    def __init__(
        self,
        env_spec: gymkit.EnvSpec,
        num_envs: int,
        inner: str,
        autoreset_mode: str,
        wrappers: Sequence[Callable[[Any], Any]],
        env_kwargs: dict[str, Any],
    ) -> None:
        self.env = gymkit.make_vec(
            env_spec,
            num_envs,
            vectorization_mode=inner,
            vector_kwargs={"autoreset_mode": autoreset_mode},
            wrappers=list(wrappers) or None,
            **env_kwargs,
        )

    def where(self) -> dict[str, Any]:
        """Where this actor runs: node id and IP, host name and process id."""
        import ray

        context = ray.get_runtime_context()
        return {
            "node_id": context.get_node_id(),
            "node_ip": ray.util.get_node_ip_address(),
            "hostname": socket.gethostname(),
            "pid": os.getpid(),
        }

    def spaces(self) -> tuple[Any, Any, dict[str, Any], str | None]:
        """``(single_observation_space, single_action_space, metadata, render_mode)``."""
        env = self.env
        return env.single_observation_space, env.single_action_space, env.metadata, env.render_mode

    def reset(
        self, seeds: list[int | None] | None, options: dict[str, Any] | None
    ) -> tuple[Any, dict[str, Any]]:
        """Reset the batch (``seeds``: one per sub-env, or ``None``)."""
        return self.env.reset(seed=seeds, options=options)  # type: ignore[no-any-return]

    def step(self, actions: Any) -> tuple[Any, np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
        """Step the batch with ``K`` actions."""
        return self.env.step(actions)  # type: ignore[no-any-return]

    def call(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
        """The inner vector env's ``call``."""
        return self.env.call(name, *args, **kwargs)  # type: ignore[no-any-return]

    def get_attr(self, name: str) -> tuple[Any, ...]:
        """The inner vector env's ``get_attr``."""
        return self.env.get_attr(name)  # type: ignore[no-any-return]

    def set_attr(self, name: str, values: list[Any]) -> None:
        """The inner vector env's ``set_attr`` (one value per sub-env)."""
        self.env.set_attr(name, values)

    def render(self) -> tuple[Any, ...] | None:
        """The inner vector env's ``render``."""
        return self.env.render()  # type: ignore[no-any-return]

    def close(self) -> None:
        """Close the inner vector env."""
        self.env.close()
