"""Batching: how a vector env stacks the elements of ``n`` copies of a space.

Every function dispatches on the space's type with ``functools.singledispatch``; a custom space
joins by registering its own implementation (``@batch_space.register(MySpace)``). An
unregistered space type raises :class:`gymkit.error.CustomSpaceError`.

Array-like spaces (Box, Discrete, MultiDiscrete, MultiBinary) batch into one array with a new
leading axis of length ``n``; Tuple and Dict batch child by child; spaces without a fixed shape
(Text, Sequence, Graph, OneOf) batch into a :class:`Tuple` of ``n`` copies.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator
from functools import singledispatch
from typing import Any

import numpy as np

from gymkit.error import CustomSpaceError, InvalidSpace, UnsupportedSpace
from gymkit.spaces.box import Box
from gymkit.spaces.dict import Dict
from gymkit.spaces.discrete import Discrete
from gymkit.spaces.graph import Graph, GraphInstance
from gymkit.spaces.multi_binary import MultiBinary
from gymkit.spaces.multi_discrete import MultiDiscrete
from gymkit.spaces.oneof import OneOf
from gymkit.spaces.sequence import Sequence
from gymkit.spaces.space import Space, derive_seeds
from gymkit.spaces.text import Text
from gymkit.spaces.tuple import Tuple

__all__ = [
    "batch_differing_spaces",
    "batch_space",
    "concatenate",
    "create_empty_array",
    "iterate",
]

_UNSTACKABLE = (Text, Sequence, Graph, OneOf)


def _unregistered(function: str, space: Any) -> CustomSpaceError:
    return CustomSpaceError(
        f"{function} has no implementation for {type(space).__name__} ({space!r}); register one "
        f"with @gymkit.spaces.{function}.register({type(space).__name__})"
    )


def _rng_copy(space: Space[Any]) -> np.random.Generator:
    return copy.deepcopy(space.np_random)


# ------------------------------------------------------------------------------ batch_space
@singledispatch
def batch_space(space: Space[Any], n: int = 1) -> Space[Any]:
    """The space of ``n`` stacked elements of ``space`` (a vector env's batched space).

    The batched space's generator starts as a copy of ``space``'s. ``n`` must be an int >= 0.
    """
    raise _unregistered("batch_space", space)


def _check_n(n: Any) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise InvalidSpace(f"batch size n must be a non-negative int, got {n!r}")
    return int(n)


@batch_space.register(Box)
def _batch_box(space: Box, n: int = 1) -> Box:
    reps = (_check_n(n),) + (1,) * space.low.ndim
    return Box.from_validated(
        np.tile(space.low, reps),
        np.tile(space.high, reps),
        np.tile(space.bounded_below, reps),
        np.tile(space.bounded_above, reps),
        seed=_rng_copy(space),
    )


@batch_space.register(Discrete)
def _batch_discrete(space: Discrete, n: int = 1) -> MultiDiscrete:
    n = _check_n(n)
    return MultiDiscrete(
        np.full((n,), space.n, dtype=space.dtype),
        dtype=space.dtype,
        seed=_rng_copy(space),
        start=np.full((n,), space.start, dtype=space.dtype),
    )


@batch_space.register(MultiDiscrete)
def _batch_multi_discrete(space: MultiDiscrete, n: int = 1) -> Box:
    n = _check_n(n)
    reps = (n,) + (1,) * space.nvec.ndim
    return Box(
        low=np.tile(space.start, reps),
        high=np.tile(space.start + (space.nvec - 1), reps),
        dtype=space.dtype,
        seed=_rng_copy(space),
    )


@batch_space.register(MultiBinary)
def _batch_multi_binary(space: MultiBinary, n: int = 1) -> Box:
    n = _check_n(n)
    return Box(0, 1, (n, *space.shape), dtype=space.dtype, seed=_rng_copy(space))


@batch_space.register(Tuple)
def _batch_tuple(space: Tuple, n: int = 1) -> Tuple:
    n = _check_n(n)
    return Tuple([batch_space(sub, n) for sub in space.spaces], seed=_rng_copy(space))


@batch_space.register(Dict)
def _batch_dict(space: Dict, n: int = 1) -> Dict:
    n = _check_n(n)
    return Dict(
        [(key, batch_space(sub, n)) for key, sub in space.spaces.items()], seed=_rng_copy(space)
    )


def _copies(space: Space[Any], n: int) -> Tuple:
    """A Tuple of ``n`` independent copies of ``space``, seeded from ``space``'s generator."""
    batched = Tuple([copy.deepcopy(space) for _ in range(n)], seed=_rng_copy(space))
    seeds = derive_seeds(batched.np_random, n)
    for sub, seed in zip(batched.spaces, seeds):
        sub.seed(seed)
    return batched


for _cls in _UNSTACKABLE:

    @batch_space.register(_cls)
    def _batch_copies(space: Space[Any], n: int = 1) -> Tuple:
        return _copies(space, _check_n(n))


# ------------------------------------------------------------------------------ differing
@singledispatch
def batch_differing_spaces(spaces: Any) -> Space[Any]:
    """The batched space of ``spaces`` (one per sub-env), which share a type and shape.

    ``spaces`` is a non-empty sequence of spaces. Like :func:`batch_space` but the spaces may
    differ in their parameters (bounds, ``n``...).
    Implementations are registered per space type (of the first space) and receive the list.
    Spaces of different types or shapes raise :class:`gymkit.error.InvalidSpace`.
    """
    spaces = list(spaces)
    if not spaces:
        raise InvalidSpace("batch_differing_spaces needs at least one space")
    first = spaces[0]
    for other in spaces[1:]:
        if type(other) is not type(first):
            raise InvalidSpace(
                f"batch_differing_spaces needs spaces of one type, got {type(first).__name__} "
                f"and {type(other).__name__} ({first!r} vs {other!r})"
            )
    implementation = batch_differing_spaces.dispatch(type(first))
    if implementation is _batch_differing_default:
        raise _unregistered("batch_differing_spaces", first)
    return implementation(spaces)


_batch_differing_default = batch_differing_spaces.dispatch(object)


def _same(spaces: list[Any], attr: str, what: str) -> None:
    values = [getattr(s, attr) for s in spaces]
    if any(v != values[0] for v in values[1:]):
        raise InvalidSpace(
            f"batch_differing_spaces needs every {type(spaces[0]).__name__} to have the same "
            f"{what}, got {values}"
        )


@batch_differing_spaces.register(Box)
def _differing_box(spaces: list[Box]) -> Box:
    _same(spaces, "shape", "shape")
    _same(spaces, "dtype", "dtype")
    return Box.from_validated(
        np.stack([s.low for s in spaces]),
        np.stack([s.high for s in spaces]),
        np.stack([s.bounded_below for s in spaces]),
        np.stack([s.bounded_above for s in spaces]),
        seed=_rng_copy(spaces[0]),
    )


@batch_differing_spaces.register(Discrete)
def _differing_discrete(spaces: list[Discrete]) -> MultiDiscrete:
    first = spaces[0]
    return MultiDiscrete(
        np.array([s.n for s in spaces]),
        dtype=first.dtype,
        seed=_rng_copy(first),
        start=np.array([s.start for s in spaces]),
    )


@batch_differing_spaces.register(MultiDiscrete)
def _differing_multi_discrete(spaces: list[MultiDiscrete]) -> Box:
    first = spaces[0]
    _same(spaces, "shape", "shape")
    _same(spaces, "dtype", "dtype")
    return Box(
        low=np.stack([s.start for s in spaces]),
        high=np.stack([s.start + (s.nvec - 1) for s in spaces]),
        dtype=first.dtype,
        seed=_rng_copy(first),
    )


@batch_differing_spaces.register(MultiBinary)
def _differing_multi_binary(spaces: list[MultiBinary]) -> Box:
    first = spaces[0]
    _same(spaces, "shape", "shape")
    return Box(0, 1, (len(spaces), *first.shape), dtype=first.dtype, seed=_rng_copy(first))


@batch_differing_spaces.register(Tuple)
def _differing_tuple(spaces: list[Tuple]) -> Tuple:
    first = spaces[0]
    if any(len(s) != len(first) for s in spaces):
        raise InvalidSpace(
            f"batch_differing_spaces needs Tuples of one length, got {[len(s) for s in spaces]}"
        )
    return Tuple(
        [batch_differing_spaces([s.spaces[i] for s in spaces]) for i in range(len(first))],
        seed=_rng_copy(first),
    )


@batch_differing_spaces.register(Dict)
def _differing_dict(spaces: list[Dict]) -> Dict:
    first = spaces[0]
    keys = list(first.spaces)
    if any(set(s.spaces) != set(keys) for s in spaces):
        raise InvalidSpace(
            f"batch_differing_spaces needs Dicts with the same keys, got "
            f"{[list(s.spaces) for s in spaces]}"
        )
    return Dict(
        [(key, batch_differing_spaces([s.spaces[key] for s in spaces])) for key in keys],
        seed=_rng_copy(first),
    )


for _cls in _UNSTACKABLE:

    @batch_differing_spaces.register(_cls)
    def _differing_copies(spaces: list[Space[Any]]) -> Tuple:
        first = spaces[0]
        return Tuple([copy.deepcopy(s) for s in spaces], seed=_rng_copy(first))


# ------------------------------------------------------------------------------ iterate
@singledispatch
def iterate(space: Space[Any], items: Any) -> Iterator[Any]:
    """Iterate over the elements of ``items``, a batch in the *batched* ``space``.

    ``space`` is what :func:`batch_space` returned; each yielded item is an element of the
    original space.
    """
    raise _unregistered("iterate", space)


def _check_batch_array(space: Space[Any], items: Any) -> None:
    if not isinstance(items, np.ndarray) or items.ndim == 0:
        raise UnsupportedSpace(
            f"iterate over a batched {type(space).__name__} needs an array with a leading batch "
            f"axis, got {items!r}"
        )


@iterate.register(Box)
def _iterate_box(space: Box, items: Any) -> Iterator[Any]:
    _check_batch_array(space, items)
    if items.ndim == 1:  # the batch of a shape-() Box: yield 0-d arrays, not NumPy scalars
        return (items[i, ...] for i in range(items.shape[0]))
    return iter(items)


@iterate.register(MultiDiscrete)
@iterate.register(MultiBinary)
def _iterate_array(space: Space[Any], items: Any) -> Iterator[Any]:
    _check_batch_array(space, items)
    return iter(items)


@iterate.register(Discrete)
def _iterate_discrete(space: Discrete, items: Any) -> Iterator[Any]:
    raise UnsupportedSpace(
        f"cannot iterate over a batch of {space}: a Discrete is never a batched space "
        "(batch_space(Discrete) is a MultiDiscrete)"
    )


def _iterates_batches(space: Space[Any]) -> bool:
    """Whether ``space`` is a batched space (its elements are batches that iterate splits)."""
    implementation = iterate.dispatch(type(space))
    return implementation not in (iterate.dispatch(object), _iterate_discrete)


@iterate.register(Tuple)
def _iterate_tuple(space: Tuple, items: Any) -> Iterator[Any]:
    if space.spaces and all(_iterates_batches(sub) for sub in space.spaces):
        return zip(*(iterate(sub, part) for sub, part in zip(space.spaces, items)))
    # A Tuple of copies (the batch of a Text, Sequence, Graph or OneOf): its items are the batch.
    return iter(items)


@iterate.register(Dict)
def _iterate_dict(space: Dict, items: Any) -> Iterator[dict[str, Any]]:
    keys = list(space.spaces)
    columns = [iterate(space.spaces[key], items[key]) for key in keys]
    return (dict(zip(keys, values)) for values in zip(*columns))


# ------------------------------------------------------------------------------ concatenate
@singledispatch
def concatenate(space: Space[Any], items: Iterable[Any], out: Any) -> Any:
    """Stack ``items`` (elements of ``space``) into ``out`` (from :func:`create_empty_array`).

    Array spaces write into ``out`` and return it; spaces without a fixed shape return
    ``tuple(items)``.
    """
    raise _unregistered("concatenate", space)


@concatenate.register(Box)
@concatenate.register(Discrete)
@concatenate.register(MultiDiscrete)
@concatenate.register(MultiBinary)
def _concatenate_array(space: Space[Any], items: Iterable[Any], out: np.ndarray) -> np.ndarray:
    items = list(items)
    if not items:
        return out
    return np.stack(items, axis=0, out=out)


@concatenate.register(Tuple)
def _concatenate_tuple(space: Tuple, items: Iterable[Any], out: tuple[Any, ...]) -> tuple[Any, ...]:
    items = list(items)
    return tuple(
        concatenate(sub, [item[i] for item in items], out[i]) for i, sub in enumerate(space.spaces)
    )


@concatenate.register(Dict)
def _concatenate_dict(space: Dict, items: Iterable[Any], out: dict[str, Any]) -> dict[str, Any]:
    items = list(items)
    return {
        key: concatenate(sub, [item[key] for item in items], out[key])
        for key, sub in space.spaces.items()
    }


for _cls in _UNSTACKABLE:

    @concatenate.register(_cls)
    def _concatenate_copies(space: Space[Any], items: Iterable[Any], out: Any) -> tuple[Any, ...]:
        return tuple(items)


# ------------------------------------------------------------------------------ empty arrays
@singledispatch
def create_empty_array(
    space: Space[Any], n: int = 1, fn: Callable[..., np.ndarray] = np.zeros
) -> Any:
    """A batch of ``n`` placeholder elements of ``space``, to be filled by :func:`concatenate`.

    ``fn`` (``np.zeros``, ``np.ones``, ``np.empty``...) makes the arrays, called as
    ``fn(shape, dtype=dtype)``.
    """
    raise _unregistered("create_empty_array", space)


@create_empty_array.register(Box)
@create_empty_array.register(Discrete)
@create_empty_array.register(MultiDiscrete)
@create_empty_array.register(MultiBinary)
def _empty_array(
    space: Space[Any], n: int = 1, fn: Callable[..., np.ndarray] = np.zeros
) -> np.ndarray:
    return fn((_check_n(n), *(space.shape or ())), dtype=space.dtype)


@create_empty_array.register(Tuple)
def _empty_tuple(
    space: Tuple, n: int = 1, fn: Callable[..., np.ndarray] = np.zeros
) -> tuple[Any, ...]:
    return tuple(create_empty_array(sub, n, fn) for sub in space.spaces)


@create_empty_array.register(Dict)
def _empty_dict(
    space: Dict, n: int = 1, fn: Callable[..., np.ndarray] = np.zeros
) -> dict[str, Any]:
    return {key: create_empty_array(sub, n, fn) for key, sub in space.spaces.items()}


@create_empty_array.register(Text)
def _empty_text(
    space: Text, n: int = 1, fn: Callable[..., np.ndarray] = np.zeros
) -> tuple[str, ...]:
    return tuple(space.characters[0] * space.min_length for _ in range(_check_n(n)))


@create_empty_array.register(Sequence)
def _empty_sequence(
    space: Sequence, n: int = 1, fn: Callable[..., np.ndarray] = np.zeros
) -> tuple[Any, ...]:
    if space.stack:
        return tuple(create_empty_array(space.feature_space, 0, fn) for _ in range(_check_n(n)))
    return tuple(() for _ in range(_check_n(n)))


@create_empty_array.register(Graph)
def _empty_graph(
    space: Graph, n: int = 1, fn: Callable[..., np.ndarray] = np.zeros
) -> tuple[GraphInstance, ...]:
    def one() -> GraphInstance:
        nodes = fn((1, *space.node_space.shape), dtype=space.node_space.dtype)
        if space.edge_space is None:
            return GraphInstance(nodes, None, None)
        edges = fn((0, *space.edge_space.shape), dtype=space.edge_space.dtype)
        return GraphInstance(nodes, edges, fn((0, 2), dtype=np.int64))

    return tuple(one() for _ in range(_check_n(n)))


@create_empty_array.register(OneOf)
def _empty_oneof(
    space: OneOf, n: int = 1, fn: Callable[..., np.ndarray] = np.zeros
) -> tuple[Any, ...]:
    first = space.spaces[0]
    placeholder = next(iter(iterate(batch_space(first, 1), create_empty_array(first, 1, fn))))
    return tuple((0, placeholder) for _ in range(_check_n(n)))
