"""Hypothesis strategies for spaces, masks and probabilities, and a structural equality check.

Shared through session fixtures (``space_strategies``, ``same``) because the suite runs with
``--import-mode=importlib``, where test modules cannot import one another.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from gymkit.spaces import (
    Box,
    Dict,
    Discrete,
    Graph,
    GraphInstance,
    MultiBinary,
    MultiDiscrete,
    OneOf,
    Sequence,
    Space,
    Text,
    Tuple,
)

FLOAT_DTYPES = [np.float16, np.float32, np.float64]
INT_DTYPES = [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint64]
SHAPES = hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=3)


@st.composite
def float_boxes(draw: st.DrawFn, shape: Any = SHAPES) -> Box:
    """Float Boxes: finite, half-bounded and unbounded dimensions, scalar or array bounds."""
    dtype = np.dtype(draw(st.sampled_from(FLOAT_DTYPES)))
    shape = draw(shape) if isinstance(shape, st.SearchStrategy) else shape
    limit = 1e3 if dtype == np.float16 else 1e6
    finite = st.floats(-limit, limit, width=16 if dtype == np.float16 else 32)
    lows = hnp.arrays(np.float64, shape, elements=st.one_of(finite, st.just(-np.inf)))
    spans = hnp.arrays(np.float64, shape, elements=st.one_of(st.floats(0, limit), st.just(np.inf)))
    if draw(st.booleans()):  # scalar bounds, broadcast
        low = draw(st.one_of(finite, st.just(-np.inf)))
        span = draw(st.one_of(st.floats(0, limit), st.just(np.inf)))
        high = np.inf if np.isinf(span) else (span if np.isneginf(low) else low + span)
        return Box(low, high, shape, dtype=dtype)
    low = draw(lows)
    span = draw(spans)
    with np.errstate(invalid="ignore"):
        high = np.where(np.isneginf(low), np.where(np.isinf(span), np.inf, span), low + span)
    return Box(low, high.astype(np.float64), dtype=dtype)


@st.composite
def int_boxes(draw: st.DrawFn, shape: Any = SHAPES) -> Box:
    """Integer and bool Boxes, with infinite (clipped) bounds too."""
    dtype = np.dtype(draw(st.sampled_from([*INT_DTYPES, np.bool_])))
    shape = draw(shape) if isinstance(shape, st.SearchStrategy) else shape
    if dtype == np.bool_:
        low = draw(hnp.arrays(np.int64, shape, elements=st.integers(0, 1)))
        high = np.maximum(low, draw(hnp.arrays(np.int64, shape, elements=st.integers(0, 1))))
        return Box(low, high, dtype=dtype)
    info = np.iinfo(dtype)
    lo, hi = max(int(info.min), -100), min(int(info.max), 100)
    low = draw(
        hnp.arrays(
            np.float64, shape, elements=st.one_of(st.integers(lo, hi).map(float), st.just(-np.inf))
        )
    )
    span = draw(
        hnp.arrays(
            np.float64, shape, elements=st.one_of(st.integers(0, 50).map(float), st.just(np.inf))
        )
    )
    with np.errstate(invalid="ignore"):
        high = np.where(
            np.isinf(span),
            np.inf,
            np.where(np.isneginf(low), hi - span, np.minimum(low + span, hi)),
        )
    return Box(low, high, dtype=dtype)


def boxes(shape: Any = SHAPES) -> st.SearchStrategy[Box]:
    return st.one_of(float_boxes(shape), int_boxes(shape))


discretes = st.builds(Discrete, st.integers(1, 12), start=st.integers(-5, 5))


@st.composite
def multi_discretes(draw: st.DrawFn) -> MultiDiscrete:
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=3))
    nvec = draw(hnp.arrays(np.int64, shape, elements=st.integers(1, 6)))
    dtype = draw(st.sampled_from([np.int64, np.int32, np.int16]))
    start = draw(st.one_of(st.none(), hnp.arrays(np.int64, shape, elements=st.integers(-4, 4))))
    return MultiDiscrete(nvec, dtype=dtype, start=start)


multi_binaries = st.one_of(
    st.integers(1, 6).map(MultiBinary),
    st.lists(st.integers(1, 3), min_size=1, max_size=3).map(MultiBinary),
)


@st.composite
def texts(draw: st.DrawFn) -> Text:
    min_length = draw(st.integers(0, 3))
    max_length = draw(st.integers(min_length, 8))
    charset = draw(st.one_of(st.none(), st.text("abcxyz019 é", min_size=1, max_size=6)))
    if charset is None:
        return Text(max_length, min_length=min_length)
    return Text(max_length, min_length=min_length, charset=charset)


small_boxes = st.one_of(
    float_boxes(hnp.array_shapes(min_dims=0, max_dims=2, max_side=2)),
    int_boxes(hnp.array_shapes(min_dims=0, max_dims=2, max_side=2)),
)
graphs = st.builds(
    Graph, st.one_of(small_boxes, discretes), st.one_of(st.none(), small_boxes, discretes)
)
leaves = st.one_of(boxes(), discretes, multi_discretes(), multi_binaries, texts())
keys = st.text("abcdefgh", min_size=1, max_size=3)


def _extend(children: st.SearchStrategy[Space[Any]]) -> st.SearchStrategy[Space[Any]]:
    return st.one_of(
        # Empty Tuple/Dict batches carry no length, so they have their own unit tests.
        st.lists(children, min_size=1, max_size=3).map(Tuple),
        st.dictionaries(keys, children, min_size=1, max_size=3).map(Dict),
        st.lists(children, min_size=1, max_size=3).map(OneOf),
        st.builds(Sequence, children, stack=st.booleans()),
    )


all_spaces = st.one_of(st.recursive(st.one_of(leaves, graphs), _extend, max_leaves=5))


# ----------------------------------------------------------------------------- masks
def _binary(n: int) -> st.SearchStrategy[np.ndarray]:
    return hnp.arrays(np.int8, (n,), elements=st.integers(0, 1))


def _distribution(n: int) -> st.SearchStrategy[np.ndarray]:
    weights = hnp.arrays(np.float64, (n,), elements=st.floats(0, 1)).filter(
        lambda w: w.sum() > 0.01
    )
    return weights.map(lambda w: w / w.sum())


def _per_variable(space: MultiDiscrete, leaf: Any) -> st.SearchStrategy[Any]:
    def nest(nvec: np.ndarray) -> st.SearchStrategy[Any]:
        if nvec.ndim == 1:
            return st.tuples(*(leaf(int(n)) for n in nvec))
        return st.tuples(*(nest(row) for row in nvec))

    return nest(space.nvec)


def masks(space: Space[Any], *, probability: bool = False) -> st.SearchStrategy[Any]:
    """Valid ``mask`` (or ``probability``) arguments for ``space.sample``, or None."""
    leaf = _distribution if probability else _binary
    none = st.none()
    if isinstance(space, Discrete):
        return st.one_of(none, leaf(int(space.n)))
    if isinstance(space, MultiDiscrete):
        return st.one_of(none, _per_variable(space, leaf))
    if isinstance(space, MultiBinary):
        if probability:
            return st.one_of(none, hnp.arrays(np.float64, space.shape, elements=st.floats(0, 1)))
        return st.one_of(none, hnp.arrays(np.int8, space.shape, elements=st.integers(0, 2)))
    if isinstance(space, Text):
        n = len(space.character_list)
        lengths = st.one_of(none, st.integers(space.min_length, space.max_length))
        chars = leaf(n)
        if not probability and space.min_length > 0:
            chars = chars.filter(lambda m: m.any())
        return st.one_of(none, st.tuples(lengths, st.one_of(none, chars)))
    if isinstance(space, Tuple):
        return st.one_of(none, st.tuples(*(masks(s, probability=probability) for s in space)))
    if isinstance(space, OneOf):
        return st.one_of(
            none, st.tuples(*(masks(s, probability=probability) for s in space.spaces))
        )
    if isinstance(space, Dict):
        return st.one_of(
            none,
            st.fixed_dictionaries({k: masks(s, probability=probability) for k, s in space.items()}),
        )
    if isinstance(space, Sequence):
        lengths = st.one_of(
            none, st.integers(0, 4), hnp.arrays(np.int64, (2,), elements=st.integers(0, 4))
        )
        return st.one_of(
            none, st.tuples(lengths, masks(space.feature_space, probability=probability))
        )
    if isinstance(space, Graph):
        edge = (
            none if space.edge_space is None else masks(space.edge_space, probability=probability)
        )
        return st.one_of(none, st.tuples(masks(space.node_space, probability=probability), edge))
    return none


# ----------------------------------------------------------------------------- equality
def same(a: Any, b: Any) -> bool:
    """Structural equality of space elements: types, dtypes and values."""
    if isinstance(a, GraphInstance) or isinstance(b, GraphInstance):
        return (
            isinstance(a, GraphInstance)
            and isinstance(b, GraphInstance)
            and all(same(x, y) for x, y in zip(a, b))
        )
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (
            isinstance(a, np.ndarray)
            and isinstance(b, np.ndarray)
            and a.dtype == b.dtype
            and a.shape == b.shape
            and bool(np.array_equal(a, b))
        )
    if isinstance(a, (tuple, list)):
        return type(a) is type(b) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return isinstance(b, dict) and list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


@pytest.fixture(scope="session")
def space_strategies() -> SimpleNamespace:
    """The strategies above, for ``data.draw(...)`` inside ``@given(data=st.data())`` tests."""
    return SimpleNamespace(
        float_boxes=float_boxes,
        int_boxes=int_boxes,
        boxes=boxes,
        discretes=discretes,
        multi_discretes=multi_discretes,
        multi_binaries=multi_binaries,
        texts=texts,
        graphs=graphs,
        leaves=leaves,
        all_spaces=all_spaces,
        masks=masks,
    )


@pytest.fixture(scope="session")
def same_element() -> Any:
    """The structural equality check :func:`same`."""
    return same
