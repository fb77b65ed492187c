"""Flattening: map elements of a space to 1-D arrays (and back), and spaces to flat spaces.

``flatten(space, x)`` is an element of ``flatten_space(space)``; ``unflatten(space,
flatten(space, x))`` equals ``x``; ``flatdim(space)`` is the length of the flat array. Spaces
without a fixed size (Sequence, Graph, and composites holding them) flatten structurally: their
parts are flattened but the result is a tuple / dict / :class:`GraphInstance`, and
:func:`flatdim` raises :class:`gymkit.error.UnsupportedSpace` for them.

Every function dispatches with ``functools.singledispatch``; an unregistered space type raises
:class:`gymkit.error.CustomSpaceError`.
"""

from __future__ import annotations

import typing
from functools import reduce, singledispatch
from operator import mul
from typing import Any

import numpy as np
import numpy.typing as npt

from gymkit.error import CustomSpaceError, InvalidSpaceElement, UnsupportedSpace
from gymkit.spaces.batching import batch_space, concatenate, create_empty_array, iterate
from gymkit.spaces.box import Box
from gymkit.spaces.dict import Dict
from gymkit.spaces.discrete import Discrete
from gymkit.spaces.graph import Graph, GraphInstance
from gymkit.spaces.multi_binary import MultiBinary
from gymkit.spaces.multi_discrete import MultiDiscrete
from gymkit.spaces.oneof import OneOf
from gymkit.spaces.sequence import Sequence
from gymkit.spaces.space import Space
from gymkit.spaces.text import Text
from gymkit.spaces.tuple import Tuple

__all__ = ["flatdim", "flatten", "flatten_space", "unflatten"]


def _unregistered(function: str, space: Any) -> CustomSpaceError:
    return CustomSpaceError(
        f"{function} has no implementation for {type(space).__name__} ({space!r}); register one "
        f"with @gymkit.spaces.{function}.register({type(space).__name__})"
    )


def _prod(shape: tuple[int, ...]) -> int:
    return int(reduce(mul, shape, 1))


# ------------------------------------------------------------------------------ flatdim
@singledispatch
def flatdim(space: Space[Any]) -> int:
    """The length of ``flatten(space, x)`` for the fixed-size (np-flattenable) spaces.

    Sequence, Graph and composites holding them raise :class:`gymkit.error.UnsupportedSpace`.
    """
    raise _unregistered("flatdim", space)


@flatdim.register(Box)
@flatdim.register(MultiBinary)
def _flatdim_array(space: Box | MultiBinary) -> int:
    return _prod(space.shape)


@flatdim.register(Discrete)
def _flatdim_discrete(space: Discrete) -> int:
    return int(space.n)


@flatdim.register(MultiDiscrete)
def _flatdim_multi_discrete(space: MultiDiscrete) -> int:
    return int(np.sum(space.nvec))


def _not_flattenable(space: Space[Any]) -> UnsupportedSpace:
    return UnsupportedSpace(
        f"{space} has no fixed flat size (it holds a Sequence or Graph); flatten() still works "
        "on it but returns a structure, not one array"
    )


@flatdim.register(Tuple)
def _flatdim_tuple(space: Tuple) -> int:
    if not space.is_np_flattenable:
        raise _not_flattenable(space)
    return sum(flatdim(sub) for sub in space.spaces)


@flatdim.register(Dict)
def _flatdim_dict(space: Dict) -> int:
    if not space.is_np_flattenable:
        raise _not_flattenable(space)
    return sum(flatdim(sub) for sub in space.spaces.values())


@flatdim.register(Text)
def _flatdim_text(space: Text) -> int:
    return space.max_length


@flatdim.register(OneOf)
def _flatdim_oneof(space: OneOf) -> int:
    if not space.is_np_flattenable:
        raise _not_flattenable(space)
    return 1 + max(flatdim(sub) for sub in space.spaces)


@flatdim.register(Sequence)
@flatdim.register(Graph)
def _flatdim_unsized(space: Space[Any]) -> int:
    raise _not_flattenable(space)


# ------------------------------------------------------------------------------ flatten
@singledispatch
def flatten(space: Space[Any], x: Any) -> Any:
    """Flatten the element ``x`` of ``space`` into an element of ``flatten_space(space)``.

    Discrete and MultiDiscrete become one-hot vectors, Box and MultiBinary are raveled, Text
    becomes ``max_length`` character indices (padded with ``len(charset)``), np-flattenable
    Tuple/Dict concatenate their parts, OneOf is ``[index, flat value, zero padding]``.
    """
    raise _unregistered("flatten", space)


@flatten.register(Box)
@flatten.register(MultiBinary)
def _flatten_array(space: Box | MultiBinary, x: Any) -> npt.NDArray[Any]:
    return np.asarray(x, dtype=space.dtype).reshape(-1)


@flatten.register(Discrete)
def _flatten_discrete(space: Discrete, x: Any) -> npt.NDArray[np.int64]:
    onehot = np.zeros(space._n, dtype=space.dtype)
    onehot[int(x) - space._start] = 1
    return onehot


@flatten.register(MultiDiscrete)
def _flatten_multi_discrete(space: MultiDiscrete, x: Any) -> npt.NDArray[Any]:
    offsets = np.zeros(space.nvec.size + 1, dtype=np.int64)
    offsets[1:] = np.cumsum(space.nvec.reshape(-1))
    onehot = np.zeros(int(offsets[-1]), dtype=space.dtype)
    positions = offsets[:-1] + (np.asarray(x) - space.start).reshape(-1)
    onehot[positions] = 1
    return onehot


@flatten.register(Tuple)
def _flatten_tuple(space: Tuple, x: Any) -> Any:
    parts = [flatten(sub, part) for sub, part in zip(space.spaces, x)]
    if not space.is_np_flattenable:
        return tuple(parts)
    return _join(parts, space)


@flatten.register(Dict)
def _flatten_dict(space: Dict, x: Any) -> Any:
    parts = {key: flatten(sub, x[key]) for key, sub in space.spaces.items()}
    if not space.is_np_flattenable:
        return parts
    return _join(list(parts.values()), space)


def _join(parts: list[npt.NDArray[Any]], space: Space[Any]) -> npt.NDArray[Any]:
    """Concatenate flat parts; NumPy promotes to the dtype ``flatten_space`` declares."""
    if not parts:
        return np.zeros(0, dtype=np.float32)
    return np.concatenate(parts)


@flatten.register(Text)
def _flatten_text(space: Text, x: str) -> npt.NDArray[np.int32]:
    arr = np.full(space.max_length, len(space.character_list), dtype=np.int32)
    for i, char in enumerate(x):
        arr[i] = space.character_index(char)
    return arr


@flatten.register(Sequence)
def _flatten_sequence(space: Sequence, x: Any) -> Any:
    flat_items = [flatten(space.feature_space, item) for item in space.items(x)]
    if not space.stack:
        return tuple(flat_items)
    flat_feature = flatten_space(space.feature_space)
    return concatenate(flat_feature, flat_items, create_empty_array(flat_feature, len(flat_items)))


def _flatten_rows(space: Box | Discrete, rows: npt.NDArray[Any]) -> npt.NDArray[Any]:
    if isinstance(space, Discrete):
        onehot = np.zeros((len(rows), space._n), dtype=space.dtype)
        onehot[np.arange(len(rows)), np.asarray(rows, dtype=np.int64) - space._start] = 1
        return onehot
    return np.asarray(rows, dtype=space.dtype).reshape(len(rows), _prod(space.shape))


@flatten.register(Graph)
def _flatten_graph(space: Graph, x: GraphInstance) -> GraphInstance:
    nodes = _flatten_rows(space.node_space, x.nodes)
    if space.edge_space is None or x.edges is None:
        return GraphInstance(nodes, None, x.edge_links)
    return GraphInstance(nodes, _flatten_rows(space.edge_space, x.edges), x.edge_links)


@flatten.register(OneOf)
def _flatten_oneof(space: OneOf, x: tuple[int, Any]) -> Any:
    index, value = x
    flat = flatten(space.spaces[int(index)], value)
    if not space.is_np_flattenable:  # structural: (index, flattened value)
        return int(index), flat
    out = np.zeros(flatdim(space), dtype=flatten_space(space).dtype)
    out[0] = index
    out[1 : 1 + flat.size] = flat
    return out


# ------------------------------------------------------------------------------ unflatten
@singledispatch
def unflatten(space: Space[Any], x: Any) -> Any:
    """Inverse of :func:`flatten`: the element of ``space`` whose flat form is ``x``.

    A malformed ``x`` (e.g. not one-hot for a Discrete) raises
    :class:`gymkit.error.InvalidSpaceElement`.
    """
    raise _unregistered("unflatten", space)


@unflatten.register(Box)
@unflatten.register(MultiBinary)
def _unflatten_array(space: Box | MultiBinary, x: Any) -> npt.NDArray[Any]:
    return np.asarray(x, dtype=space.dtype).reshape(space.shape)


@unflatten.register(Discrete)
def _unflatten_discrete(space: Discrete, x: Any) -> np.int64:
    hot = np.flatnonzero(x)
    if hot.size != 1:
        raise InvalidSpaceElement(
            f"unflatten({space}) needs a one-hot vector of length {space.n}, got {x!r}"
        )
    return np.int64(space._start + int(hot[0]))


@unflatten.register(MultiDiscrete)
def _unflatten_multi_discrete(space: MultiDiscrete, x: Any) -> npt.NDArray[Any]:
    arr = np.asarray(x)
    offsets = np.zeros(space.nvec.size + 1, dtype=np.int64)
    offsets[1:] = np.cumsum(space.nvec.reshape(-1))
    if arr.shape != (int(offsets[-1]),):
        raise InvalidSpaceElement(
            f"unflatten({space}) needs a vector of length {int(offsets[-1])}, got shape {arr.shape}"
        )
    hot = np.flatnonzero(arr)
    which = np.searchsorted(offsets, hot, side="right") - 1
    if hot.size != space.nvec.size or np.any(which != np.arange(space.nvec.size)):
        raise InvalidSpaceElement(
            f"unflatten({space}) needs exactly one 1 per variable's block, got {x!r}"
        )
    values = (hot - offsets[:-1]).reshape(space.shape) + space.start
    return values.astype(space.dtype)


def _split(space: Space[Any], subspaces: list[Space[Any]], x: Any) -> list[Any]:
    arr = np.asarray(x)
    dims = [flatdim(sub) for sub in subspaces]
    if arr.shape != (sum(dims),):
        raise InvalidSpaceElement(
            f"unflatten({space}) needs a vector of length {sum(dims)}, got shape {arr.shape}"
        )
    bounds = np.cumsum([0, *dims])
    return [unflatten(sub, arr[bounds[i] : bounds[i + 1]]) for i, sub in enumerate(subspaces)]


@unflatten.register(Tuple)
def _unflatten_tuple(space: Tuple, x: Any) -> tuple[Any, ...]:
    if space.is_np_flattenable:
        return tuple(_split(space, list(space.spaces), x))
    return tuple(unflatten(sub, part) for sub, part in zip(space.spaces, x))


@unflatten.register(Dict)
def _unflatten_dict(space: Dict, x: Any) -> dict[str, Any]:
    if space.is_np_flattenable:
        return dict(zip(space.spaces, _split(space, list(space.spaces.values()), x)))
    return {key: unflatten(sub, x[key]) for key, sub in space.spaces.items()}


@unflatten.register(Text)
def _unflatten_text(space: Text, x: Any) -> str:
    chars = space.character_list
    return "".join(chars[int(i)] for i in np.asarray(x) if int(i) < len(chars))


@unflatten.register(Sequence)
def _unflatten_sequence(space: Sequence, x: Any) -> Any:
    flat_feature = flatten_space(space.feature_space)
    if not space.stack:
        return tuple(unflatten(space.feature_space, item) for item in x)
    from gymkit.spaces.sequence import stacked_length

    length = stacked_length(flat_feature, x)
    if length is None:
        raise InvalidSpaceElement(f"unflatten({space}) got a malformed stacked sequence {x!r}")
    flat_items = list(iterate(batch_space(flat_feature, length), x)) if length else []
    items = [unflatten(space.feature_space, item) for item in flat_items]
    return concatenate(space.feature_space, items, create_empty_array(space.feature_space, length))


def _unflatten_rows(space: Box | Discrete, rows: Any) -> npt.NDArray[Any]:
    arr = np.asarray(rows)
    if isinstance(space, Discrete):
        if arr.ndim != 2 or arr.shape[1] != space.n or np.any(np.count_nonzero(arr, axis=1) != 1):
            raise InvalidSpaceElement(f"unflatten({space}) rows must be one-hot, got {rows!r}")
        return (np.argmax(arr != 0, axis=1) + space._start).astype(space.dtype)
    return np.asarray(arr, dtype=space.dtype).reshape((len(arr), *space.shape))


@unflatten.register(Graph)
def _unflatten_graph(space: Graph, x: GraphInstance) -> GraphInstance:
    nodes = _unflatten_rows(space.node_space, x.nodes)
    if space.edge_space is None or x.edges is None:
        return GraphInstance(nodes, None, x.edge_links)
    return GraphInstance(nodes, _unflatten_rows(space.edge_space, x.edges), x.edge_links)


@unflatten.register(OneOf)
def _unflatten_oneof(space: OneOf, x: Any) -> tuple[int, Any]:
    if not space.is_np_flattenable:
        index, flat = x
        return int(index), unflatten(space.spaces[int(index)], flat)
    arr = np.asarray(x)
    if arr.shape != (flatdim(space),):
        raise InvalidSpaceElement(
            f"unflatten({space}) needs a vector of length {flatdim(space)}, got shape {arr.shape}"
        )
    index = int(arr[0])
    if not 0 <= index < len(space.spaces):
        raise InvalidSpaceElement(f"unflatten({space}) got the subspace index {arr[0]!r}")
    sub = space.spaces[index]
    return index, unflatten(sub, arr[1 : 1 + flatdim(sub)].astype(flatten_space(sub).dtype))


# ------------------------------------------------------------------------------ flatten_space
@singledispatch
def flatten_space(space: Space[Any]) -> Space[Any]:
    """The space of the flattened elements: a 1-D :class:`Box` for np-flattenable spaces.

    Sequence and Graph (and composites holding them) give the same structure over flattened
    parts. ``flatten(space, x)`` is always an element of ``flatten_space(space)``.
    """
    raise _unregistered("flatten_space", space)


@flatten_space.register(Box)
def _flatten_space_box(space: Box) -> Box:
    return Box.from_validated(
        space.low.reshape(-1),
        space.high.reshape(-1),
        space.bounded_below.reshape(-1),
        space.bounded_above.reshape(-1),
    )


@flatten_space.register(Discrete)
@flatten_space.register(MultiDiscrete)
@flatten_space.register(MultiBinary)
def _flatten_space_onehot(space: Discrete | MultiDiscrete | MultiBinary) -> Box:
    return Box(0, 1, (flatdim(space),), dtype=space.dtype)


def _concat_boxes(boxes: list[Box]) -> Box:
    if not boxes:
        return Box(0, 0, (0,), dtype=np.float32)
    dtype = np.result_type(*(box.dtype for box in boxes))
    return Box.from_validated(
        np.concatenate([box.low.astype(dtype) for box in boxes]),
        np.concatenate([box.high.astype(dtype) for box in boxes]),
        np.concatenate([box.bounded_below for box in boxes]),
        np.concatenate([box.bounded_above for box in boxes]),
    )


@flatten_space.register(Tuple)
def _flatten_space_tuple(space: Tuple) -> Space[Any]:
    flat = [flatten_space(sub) for sub in space.spaces]
    if space.is_np_flattenable:
        return _concat_boxes(flat)  # type: ignore[arg-type]
    return Tuple(flat)


@flatten_space.register(Dict)
def _flatten_space_dict(space: Dict) -> Space[Any]:
    flat = [(key, flatten_space(sub)) for key, sub in space.spaces.items()]
    if space.is_np_flattenable:
        return _concat_boxes([box for _, box in flat])  # type: ignore[misc]
    return Dict(flat)


@flatten_space.register(Text)
def _flatten_space_text(space: Text) -> Box:
    return Box(0, len(space.character_list), (space.max_length,), dtype=np.int32)


@flatten_space.register(Sequence)
def _flatten_space_sequence(space: Sequence) -> Sequence:
    return Sequence(flatten_space(space.feature_space), stack=space.stack)


@flatten_space.register(Graph)
def _flatten_space_graph(space: Graph) -> Graph:
    edge = None if space.edge_space is None else flatten_space(space.edge_space)
    return Graph(flatten_space(space.node_space), edge)  # type: ignore[arg-type]


@flatten_space.register(OneOf)
def _flatten_space_oneof(space: OneOf) -> Space[Any]:
    if not space.is_np_flattenable:
        return OneOf([flatten_space(sub) for sub in space.spaces])
    flat = [typing.cast(Box, flatten_space(sub)) for sub in space.spaces]
    width = max(box.shape[0] for box in flat)
    dtype = np.result_type(np.int64, *(box.dtype for box in flat))
    n = len(space.spaces)
    low = np.zeros(1 + width, dtype=dtype)
    high = np.zeros(1 + width, dtype=dtype)
    below = np.ones(1 + width, dtype=bool)
    above = np.ones(1 + width, dtype=bool)
    high[0] = n - 1
    for box in flat:
        size = box.shape[0]
        # Positions a subspace does not use hold 0, so every range includes 0 beyond its width.
        sub_low = np.zeros(width, dtype=dtype)
        sub_high = np.zeros(width, dtype=dtype)
        sub_low[:size] = box.low.astype(dtype)
        sub_high[:size] = box.high.astype(dtype)
        np.minimum(low[1:], sub_low, out=low[1:])
        np.maximum(high[1:], sub_high, out=high[1:])
        below[1 : 1 + size] &= box.bounded_below
        above[1 : 1 + size] &= box.bounded_above
    return Box.from_validated(low, high, below, above)
