"""Observation buffers shared between the parent and the worker processes of AsyncVectorEnv.

One ``multiprocessing`` array of raw bytes per leaf space (Box, Discrete, MultiDiscrete,
MultiBinary), nested in tuples/dicts like the space; NumPy views on it give every process the
batched observation without a copy through a pipe. The three functions dispatch on the space type
with :func:`functools.singledispatch`, so a third-party space registers its own::

    @create_shared_memory.register(MySpace)
    def _(space, n=1, ctx=multiprocessing): ...
"""

from __future__ import annotations

import multiprocessing
from functools import singledispatch
from typing import Any

import numpy as np

from gymkit.error import CustomSpaceError
from gymkit.spaces import Box, Dict, Discrete, MultiBinary, MultiDiscrete, Space, Tuple

__all__ = [
    "assign_row",
    "create_shared_memory",
    "read_from_shared_memory",
    "take_rows",
    "write_to_shared_memory",
]


def _shape(space: Space[Any]) -> tuple[int, ...]:
    return tuple(space.shape or ())


def _unsupported(space: Space[Any]) -> CustomSpaceError:
    return CustomSpaceError(
        f"no shared-memory layout for {space!r} (supported: Box, Discrete, MultiDiscrete, "
        "MultiBinary and Tuple/Dict of them); pass shared_memory=False to AsyncVectorEnv or "
        "register one with gymkit.vector.shared_memory.create_shared_memory.register"
    )


# ----------------------------------------------------------------------------- create
@singledispatch
def create_shared_memory(space: Space[Any], n: int = 1, ctx: Any = multiprocessing) -> Any:
    """Allocate shared memory for ``n`` observations of ``space`` (``ctx``: a multiprocessing
    context). Returns a ctypes array, or a tuple/dict of them for composite spaces."""
    raise _unsupported(space)


@create_shared_memory.register(Box)
@create_shared_memory.register(Discrete)
@create_shared_memory.register(MultiDiscrete)
@create_shared_memory.register(MultiBinary)
def _create_leaf(space: Space[Any], n: int = 1, ctx: Any = multiprocessing) -> Any:
    dtype = np.dtype(space.dtype)
    nbytes = max(1, n * int(np.prod(_shape(space), dtype=np.int64)) * dtype.itemsize)
    return ctx.Array("B", nbytes, lock=False)


@create_shared_memory.register(Tuple)
def _create_tuple(space: Tuple, n: int = 1, ctx: Any = multiprocessing) -> Any:
    return tuple(create_shared_memory(sub, n, ctx) for sub in space.spaces)


@create_shared_memory.register(Dict)
def _create_dict(space: Dict, n: int = 1, ctx: Any = multiprocessing) -> Any:
    return {key: create_shared_memory(sub, n, ctx) for key, sub in space.spaces.items()}


# ----------------------------------------------------------------------------- read
@singledispatch
def read_from_shared_memory(space: Space[Any], shared_memory: Any, n: int = 1) -> Any:
    """NumPy views of shape ``(n, *space.shape)`` on ``shared_memory`` (nested like the space).

    The views alias the shared buffer: copy them to keep values past the next write.
    """
    raise _unsupported(space)


@read_from_shared_memory.register(Box)
@read_from_shared_memory.register(Discrete)
@read_from_shared_memory.register(MultiDiscrete)
@read_from_shared_memory.register(MultiBinary)
def _read_leaf(space: Space[Any], shared_memory: Any, n: int = 1) -> np.ndarray:
    dtype = np.dtype(space.dtype)
    count = n * int(np.prod(_shape(space), dtype=np.int64))
    return np.frombuffer(shared_memory, dtype=dtype, count=count).reshape((n, *_shape(space)))


@read_from_shared_memory.register(Tuple)
def _read_tuple(space: Tuple, shared_memory: Any, n: int = 1) -> tuple[Any, ...]:
    return tuple(
        read_from_shared_memory(sub, memory, n) for sub, memory in zip(space.spaces, shared_memory)
    )


@read_from_shared_memory.register(Dict)
def _read_dict(space: Dict, shared_memory: Any, n: int = 1) -> dict[str, Any]:
    return {
        key: read_from_shared_memory(sub, shared_memory[key], n)
        for key, sub in space.spaces.items()
    }


# ----------------------------------------------------------------------------- write
@singledispatch
def write_to_shared_memory(
    space: Space[Any], index: int, value: Any, shared_memory: Any, n: int = 1
) -> None:
    """Write observation ``value`` of ``space`` into row ``index`` of ``shared_memory``."""
    raise _unsupported(space)


@write_to_shared_memory.register(Box)
@write_to_shared_memory.register(Discrete)
@write_to_shared_memory.register(MultiDiscrete)
@write_to_shared_memory.register(MultiBinary)
@write_to_shared_memory.register(Tuple)
@write_to_shared_memory.register(Dict)
def _write_any(space: Space[Any], index: int, value: Any, shared_memory: Any, n: int = 1) -> None:
    assign_row(read_from_shared_memory(space, shared_memory, n), index, value)


def assign_row(views: Any, index: int, value: Any) -> None:
    """Write ``value`` into row ``index`` of ``views`` (an array or a tuple/dict of arrays, as
    returned by :func:`read_from_shared_memory`). Workers keep the views and call this per step.
    """
    if isinstance(views, np.ndarray):
        views[index] = value
    elif isinstance(views, tuple):
        for view, item in zip(views, value):
            assign_row(view, index, item)
    else:
        for key, view in views.items():
            assign_row(view, index, value[key])


def take_rows(views: Any, rows: Any) -> Any:
    """Copy of rows ``rows`` (an index array) of ``views`` (array or tuple/dict of arrays)."""
    if isinstance(views, np.ndarray):
        return views[rows]
    if isinstance(views, tuple):
        return tuple(take_rows(view, rows) for view in views)
    return {key: take_rows(view, rows) for key, view in views.items()}
