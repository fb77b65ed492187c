"""Hypothesis strategies for the elements of gymkit spaces, valid and invalid, and for spaces.

- :func:`from_space` — every valid element of a space, biased to its edges (bounds, extreme
  magnitudes, every discrete value, empty and maximal Sequence/Text/Graph).
- :func:`invalid_for_space` — values a space must refuse (out of bounds, wrong shape, wrong
  type, unknown keys...), for negative tests such as "the checker flags invalid actions".
- :func:`spaces` — the spaces themselves, for testing space implementations and utilities.

Strategies are looked up by the space's type along its MRO, so a third-party space plugs in
with :func:`register_strategy`::

    @register_strategy(MySpace)
    def _my_space(space: MySpace) -> st.SearchStrategy:
        return st.integers(0, space.size - 1)

    @register_strategy(MySpace, invalid=True)
    def _not_my_space(space: MySpace) -> st.SearchStrategy:
        return st.integers(space.size, space.size + 10)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from gymkit import error

__all__ = [
    "MAX_COLLECTION_LENGTH",
    "from_space",
    "invalid_for_space",
    "register_strategy",
    "spaces",
]

StrategyFactory = Callable[[Any], st.SearchStrategy[Any]]

#: The longest Sequence (and the most Graph nodes/edges) :func:`from_space` generates: long
#: enough to exercise batching, short enough to keep each example cheap.
MAX_COLLECTION_LENGTH = 8

_VALID: dict[type, StrategyFactory] = {}
_INVALID: dict[type, StrategyFactory] = {}
_builtins_loaded = False


def register_strategy(
    space_type: type, *, invalid: bool = False
) -> Callable[[StrategyFactory], StrategyFactory]:
    """Decorator: register ``factory(space) -> SearchStrategy`` for ``space_type``.

    With ``invalid=False`` (default) the strategy must generate only elements the space
    contains (used by :func:`from_space`); with ``invalid=True`` only values it must refuse
    (used by :func:`invalid_for_space`). A registration applies to subclasses too unless they
    register their own. Registering a type again replaces the previous factory.
    """
    if not isinstance(space_type, type):
        raise TypeError(
            f"register_strategy expects a space class, got {space_type!r}; "
            "use it as @register_strategy(MySpace)"
        )
    table = _INVALID if invalid else _VALID

    def decorator(factory: StrategyFactory) -> StrategyFactory:
        if not callable(factory):
            raise TypeError(f"register_strategy needs a callable factory, got {factory!r}")
        table[space_type] = factory
        return factory

    return decorator


def _lookup(space: Any, table: dict[type, StrategyFactory], what: str) -> StrategyFactory:
    _load_builtins()
    for cls in type(space).__mro__:
        factory = table.get(cls)
        if factory is not None:
            return factory
    decorator = "@register_strategy(%s%s)" % (  # noqa: UP031 - readable template
        type(space).__name__,
        ", invalid=True" if table is _INVALID else "",
    )
    raise error.CustomSpaceError(
        f"gymkit_conformance has no strategy for {what} of {type(space).__name__} ({space!r}); "
        f"register one with gymkit_conformance.strategies.{decorator}"
    )


def from_space(space: Any) -> st.SearchStrategy[Any]:
    """A strategy for the valid elements of ``space`` (every element it ``contains``).

    Raises :class:`gymkit.error.CustomSpaceError` when no strategy is registered for the
    space's type (the message shows how to register one).
    """
    return _lookup(space, _VALID, "the elements")(space)


def invalid_for_space(space: Any) -> st.SearchStrategy[Any]:
    """A strategy for values ``space`` must refuse (``space.contains(x)`` must be ``False``).

    Values are built from the space's declared parameters (bounds, shape, size, keys), never
    by filtering through ``contains``, so a space whose ``contains`` is too lenient is caught.
    """
    return _lookup(space, _INVALID, "invalid values")(space)


# ============================================================================ numeric helpers
def _float_width(dtype: np.dtype) -> Literal[16, 32, 64]:
    if dtype.itemsize == 2:
        return 16
    return 32 if dtype.itemsize == 4 else 64


def _scalar_elements(dtype: np.dtype, low: float, high: float) -> st.SearchStrategy[Any]:
    """Scalars of ``dtype`` in ``[low, high]`` (infinite bounds: extreme finite magnitudes)."""
    if np.issubdtype(dtype, np.floating):
        lo = None if np.isneginf(low) else float(low)
        hi = None if np.isposinf(high) else float(high)
        return st.floats(
            min_value=lo,
            max_value=hi,
            width=_float_width(dtype),
            allow_nan=False,
            allow_infinity=False,
            allow_subnormal=False,
        )
    if np.issubdtype(dtype, np.bool_):
        return st.booleans()
    info = np.iinfo(dtype)
    lo_i = info.min if not np.isfinite(low) else max(int(np.ceil(low)), info.min)
    hi_i = info.max if not np.isfinite(high) else min(int(np.floor(high)), info.max)
    return st.integers(min_value=lo_i, max_value=hi_i)


def _bounded_array(
    dtype: np.dtype, shape: tuple[int, ...], low: np.ndarray, high: np.ndarray
) -> st.SearchStrategy[np.ndarray]:
    """Arrays of ``dtype``/``shape`` with every element in its own ``[low, high]``.

    Elements are drawn in the union range and clipped into each element's own range, which
    deliberately piles values onto the bounds (the edges are where bugs live).
    """
    low = np.broadcast_to(np.asarray(low), shape)
    high = np.broadcast_to(np.asarray(high), shape)
    if low.size == 0:
        return st.just(np.zeros(shape, dtype=dtype))
    if low.size > LARGE_ARRAY_SIZE:
        return _large_bounded_array(dtype, shape, low, high)
    union = _scalar_elements(dtype, np.min(low), np.max(high))
    edges = sorted(
        {float(v) for v in np.concatenate([low.ravel(), high.ravel()]) if np.isfinite(v)}
    )
    if edges and not np.issubdtype(dtype, np.bool_):
        elements = st.one_of(st.sampled_from(edges).map(dtype.type), union)
    else:
        elements = union
    arrays = hnp.arrays(dtype=dtype, shape=shape, elements=elements, fill=st.nothing())
    uniform = bool(np.all(low == low.flat[0]) and np.all(high == high.flat[0]))
    if uniform:
        return arrays
    return arrays.map(lambda a: np.asarray(np.clip(a, low, high), dtype=dtype))


#: Arrays with more elements than this (images, RAM) are not drawn element by element (that
#: exceeds Hypothesis' budget per example) but built from a drawn seed and a drawn pattern.
LARGE_ARRAY_SIZE = 256
_PATTERNS = ("low", "high", "uniform", "edges", "extreme")


def _large_bounded_array(
    dtype: np.dtype, shape: tuple[int, ...], low: np.ndarray, high: np.ndarray
) -> st.SearchStrategy[np.ndarray]:
    """Large arrays in ``[low, high]``: all at the lower or upper bound, uniform noise, noise
    with a share of elements pinned to the bounds, or extreme magnitudes where unbounded."""
    floating = np.issubdtype(dtype, np.floating)
    if floating:
        limit = float(np.finfo(dtype).max) / 4
    else:
        info = np.iinfo(dtype)
        limit = float(min(abs(info.min), info.max))
    lo = np.where(np.isfinite(low), low, -limit).astype(np.float64)
    hi = np.where(np.isfinite(high), high, limit).astype(np.float64)

    def build(pattern: str, seed: int) -> np.ndarray:
        rng = np.random.default_rng(seed)
        if pattern == "low":
            values = lo
        elif pattern == "high":
            values = hi
        else:
            scale = {"extreme": 1.0}.get(pattern, 1e-3 if np.any(hi - lo >= limit) else 1.0)
            centre = np.clip(0.0, lo, hi)
            span_lo, span_hi = centre + (lo - centre) * scale, centre + (hi - centre) * scale
            values = rng.uniform(span_lo, span_hi)
            if pattern == "edges":
                pinned = rng.random(shape)
                values = np.where(pinned < 0.1, lo, np.where(pinned > 0.9, hi, values))
        if not floating:
            values = np.clip(np.rint(values), np.ceil(lo), np.floor(hi))
        return np.asarray(np.clip(values.astype(dtype), low, high), dtype=dtype)

    return st.builds(build, st.sampled_from(_PATTERNS), st.integers(0, 2**32 - 1))


def _stacked(space: Any, count: int) -> st.SearchStrategy[np.ndarray]:
    """An array of ``count`` elements of ``space`` (a Box or Discrete) stacked on axis 0."""
    shape = tuple(space.shape or ())
    dtype = np.dtype(space.dtype)
    if count == 0:
        return st.just(np.zeros((0, *shape), dtype=dtype))
    return st.lists(from_space(space), min_size=count, max_size=count).map(
        lambda items: np.stack([np.asarray(i, dtype=dtype) for i in items])
    )


def _edge_biased_length(low: int, high: int) -> st.SearchStrategy[int]:
    """Lengths in ``[low, high]``, with the empty/minimal and the maximal one drawn often."""
    if low >= high:
        return st.just(low)
    return st.one_of(st.just(low), st.just(high), st.integers(low, high))


def _junk() -> st.SearchStrategy[Any]:
    """Values of the wrong kind for any space."""
    return st.sampled_from([None, "not-an-element", object(), [[["deep"]]], {"k": 1}])


# ============================================================================ valid elements
def _box(space: Any) -> st.SearchStrategy[np.ndarray]:
    return _bounded_array(np.dtype(space.dtype), tuple(space.shape), space.low, space.high)


def _discrete(space: Any) -> st.SearchStrategy[Any]:
    start, n = int(space.start), int(space.n)
    values = st.integers(start, start + n - 1)
    # Both the plain int a user writes and the NumPy integer sample() returns.
    return st.one_of(values.map(np.int64), values)


def _multi_discrete(space: Any) -> st.SearchStrategy[np.ndarray]:
    nvec = np.asarray(space.nvec)
    start = np.asarray(space.start)
    return _bounded_array(np.dtype(space.dtype), nvec.shape, start, start + nvec - 1)


def _multi_binary(space: Any) -> st.SearchStrategy[np.ndarray]:
    return hnp.arrays(dtype=np.int8, shape=tuple(space.shape), elements=st.integers(0, 1))


def _tuple(space: Any) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.tuples(*(from_space(s) for s in space.spaces))


def _dict(space: Any) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({k: from_space(s) for k, s in space.spaces.items()})


def _text_characters(space: Any) -> str:
    chars = getattr(space, "characters", None)
    if isinstance(chars, str):
        return chars
    return "".join(sorted(space.character_set))


def _text(space: Any) -> st.SearchStrategy[str]:
    alphabet = _text_characters(space)
    low, high = int(space.min_length), int(space.max_length)
    if not alphabet:
        return st.just("")
    return _edge_biased_length(low, high).flatmap(
        lambda n: st.text(alphabet=st.sampled_from(alphabet), min_size=n, max_size=n)
    )


def _sequence(space: Any) -> st.SearchStrategy[Any]:
    feature = space.feature_space
    lengths = _edge_biased_length(0, MAX_COLLECTION_LENGTH)
    if getattr(space, "stack", False):
        from gymkit.spaces import batch_space

        def stacked(n: int) -> st.SearchStrategy[Any]:
            if n == 0:
                from gymkit.spaces import create_empty_array

                return st.just(create_empty_array(feature, n=0))
            return from_space(batch_space(feature, n))

        return lengths.flatmap(stacked)
    return lengths.flatmap(
        lambda n: st.lists(from_space(feature), min_size=n, max_size=n).map(tuple)
    )


def _graph(space: Any) -> st.SearchStrategy[Any]:
    from gymkit.spaces import GraphInstance

    def build(n_nodes: int, n_edges: int) -> st.SearchStrategy[Any]:
        nodes = _stacked(space.node_space, n_nodes)
        if space.edge_space is None:
            edges: st.SearchStrategy[Any] = st.none()
            n_edges = 0
        else:
            edges = _stacked(space.edge_space, n_edges)
        links = hnp.arrays(dtype=np.int64, shape=(n_edges, 2), elements=st.integers(0, n_nodes - 1))
        return st.builds(
            lambda n, e, link: GraphInstance(n, e, link if e is not None else None),
            nodes,
            edges,
            links,
        )

    sizes = st.tuples(
        _edge_biased_length(1, MAX_COLLECTION_LENGTH), _edge_biased_length(0, MAX_COLLECTION_LENGTH)
    )
    return sizes.flatmap(lambda nm: build(*nm))


def _one_of(space: Any) -> st.SearchStrategy[tuple[int, Any]]:
    return st.one_of(
        *(
            from_space(sub).map(lambda value, index=index: (index, value))
            for index, sub in enumerate(space.spaces)
        )
    )


# ============================================================================ invalid values
def _invalid_box(space: Any) -> st.SearchStrategy[Any]:
    dtype = np.dtype(space.dtype)
    shape = tuple(space.shape)
    low = np.broadcast_to(np.asarray(space.low), shape)
    high = np.broadcast_to(np.asarray(space.high), shape)
    options: list[st.SearchStrategy[Any]] = [
        _junk(),
        # one extra trailing axis: never the declared shape
        st.just(np.zeros((*shape, 2), dtype=dtype)),
    ]
    if low.size:
        floating = np.issubdtype(dtype, np.floating)

        def out_of_bounds(data: tuple[int, bool]) -> np.ndarray:
            index, above = data
            value = np.array(np.clip(np.zeros(shape), low, high), dtype=dtype)
            flat = value.reshape(-1)
            if above:
                bound = high.reshape(-1)[index]
                flat[index] = _step_beyond(bound, dtype, +1)
            else:
                bound = low.reshape(-1)[index]
                flat[index] = _step_beyond(bound, dtype, -1)
            return value

        # every element of a small Box; 64 spread-out elements of a large one
        indices = (
            range(low.size)
            if low.size <= LARGE_ARRAY_SIZE
            else sorted({int(i) for i in np.linspace(0, low.size - 1, 64)})
        )
        candidates = [
            (i, above)
            for i in indices
            for above, bound in ((True, high.reshape(-1)[i]), (False, low.reshape(-1)[i]))
            if _has_room_beyond(bound, dtype, +1 if above else -1)
        ]
        if candidates:
            options.append(st.sampled_from(candidates).map(out_of_bounds))
        if floating:
            options.append(
                st.integers(0, low.size - 1).map(lambda i: _with_nan(shape, dtype, low, high, i))
            )
    return st.one_of(*options)


def _has_room_beyond(bound: Any, dtype: np.dtype, direction: int) -> bool:
    if not np.isfinite(bound):
        return False
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        return bool(bound < info.max) if direction > 0 else bool(bound > info.min)
    return bool(np.isfinite(_step_beyond(bound, dtype, direction)))


def _step_beyond(bound: Any, dtype: np.dtype, direction: int) -> Any:
    if np.issubdtype(dtype, np.integer):
        return dtype.type(int(bound) + direction)
    magnitude = max(1.0, abs(float(bound)))
    return dtype.type(float(bound) + direction * magnitude)


def _with_nan(
    shape: tuple[int, ...], dtype: np.dtype, low: np.ndarray, high: np.ndarray, index: int
) -> np.ndarray:
    value = np.array(np.clip(np.zeros(shape), low, high), dtype=dtype)
    value.reshape(-1)[index] = np.nan
    return value


def _invalid_discrete(space: Any) -> st.SearchStrategy[Any]:
    start, n = int(space.start), int(space.n)
    limit = np.iinfo(np.int64)
    outside = st.one_of(
        st.integers(min_value=int(limit.min), max_value=start - 1),
        st.integers(min_value=start + n, max_value=int(limit.max)),
    )
    return st.one_of(
        outside,
        outside.map(np.int64),
        st.floats(allow_nan=False).filter(lambda f: not float(f).is_integer()),
        st.just(np.array([start, start])),
        _junk(),
    )


def _invalid_multi_discrete(space: Any) -> st.SearchStrategy[Any]:
    nvec = np.asarray(space.nvec)
    start = np.broadcast_to(np.asarray(space.start), nvec.shape)
    dtype = np.dtype(space.dtype)
    options: list[st.SearchStrategy[Any]] = [
        _junk(),
        st.just(np.zeros((*nvec.shape, 2), dtype=dtype)),
    ]
    if nvec.size:

        def past_end(index: int) -> np.ndarray:
            value = np.array(start, dtype=dtype)
            value.reshape(-1)[index] = start.reshape(-1)[index] + nvec.reshape(-1)[index]
            return value

        options.append(st.integers(0, nvec.size - 1).map(past_end))
    return st.one_of(*options)


def _invalid_multi_binary(space: Any) -> st.SearchStrategy[Any]:
    shape = tuple(space.shape)
    options: list[st.SearchStrategy[Any]] = [
        _junk(),
        st.just(np.zeros((*shape, 2), dtype=np.int8)),
    ]
    size = int(np.prod(shape))
    if size:

        def two_at(index: int) -> np.ndarray:
            value = np.zeros(shape, dtype=np.int8)
            value.reshape(-1)[index] = 2
            return value

        options.append(st.integers(0, size - 1).map(two_at))
    return st.one_of(*options)


def _invalid_tuple(space: Any) -> st.SearchStrategy[Any]:
    subs = list(space.spaces)
    options: list[st.SearchStrategy[Any]] = [_junk()]
    if subs:
        valid = [from_space(s) for s in subs]
        options.append(st.tuples(*valid).map(lambda t: (*t, t[0])))  # one item too many
        options.append(st.tuples(*valid[:-1]))  # one item missing
        for index, sub in enumerate(subs):
            parts = [*valid[:index], invalid_for_space(sub), *valid[index + 1 :]]
            options.append(st.tuples(*parts))
    return st.one_of(*options)


def _invalid_dict(space: Any) -> st.SearchStrategy[Any]:
    subs = dict(space.spaces)
    options: list[st.SearchStrategy[Any]] = [_junk()]
    valid = {k: from_space(s) for k, s in subs.items()}
    options.append(
        st.fixed_dictionaries(valid).map(lambda d: {**d, "__not_a_key__": 0})  # unknown key
    )
    for key, sub in subs.items():
        missing = {k: v for k, v in valid.items() if k != key}
        options.append(st.fixed_dictionaries(missing))
        options.append(st.fixed_dictionaries({**valid, key: invalid_for_space(sub)}))
    return st.one_of(*options)


def _invalid_text(space: Any) -> st.SearchStrategy[Any]:
    alphabet = _text_characters(space)
    low, high = int(space.min_length), int(space.max_length)
    fill = alphabet[0] if alphabet else ""
    options: list[st.SearchStrategy[Any]] = [
        st.sampled_from([None, 42, b"bytes", ["a"]]),
    ]
    if fill:
        options.append(st.integers(high + 1, high + 5).map(lambda n: fill * n))
        if low > 0:
            options.append(st.integers(0, low - 1).map(lambda n: fill * n))
    foreign = st.characters().filter(lambda c: c not in alphabet)
    n_valid = max(low, 1)
    if n_valid <= high:
        options.append(foreign.map(lambda c: (fill * (n_valid - 1)) + c))
    return st.one_of(*options)


def _invalid_sequence(space: Any) -> st.SearchStrategy[Any]:
    feature = space.feature_space
    if getattr(space, "stack", False):
        return st.one_of(_junk(), st.integers(1, 3).map(lambda n: ("not", "stacked", n)))
    return st.one_of(
        st.sampled_from([None, 42, "text"]),
        st.tuples(invalid_for_space(feature)),
        st.tuples(from_space(feature), invalid_for_space(feature)),
    )


def _invalid_graph(space: Any) -> st.SearchStrategy[Any]:
    from gymkit.spaces import GraphInstance

    def dangling(instance: Any) -> Any:
        n_nodes = len(instance.nodes)
        links = np.asarray(instance.edge_links) if instance.edge_links is not None else None
        if links is None or len(links) == 0:
            # A graph with an edge space needs edges to have a dangling link: add one.
            if space.edge_space is None:
                return GraphInstance(instance.nodes, None, np.array([[0, n_nodes]]))
            edge = np.asarray(space.edge_space.sample())[None, ...]
            return GraphInstance(instance.nodes, edge, np.array([[0, n_nodes]]))
        links = links.copy()
        links[0, 1] = n_nodes  # points past the last node
        return GraphInstance(instance.nodes, instance.edges, links)

    def bad_nodes(instance: Any) -> Any:
        nodes = np.asarray(instance.nodes)
        wrong = np.zeros((*nodes.shape, 2), dtype=nodes.dtype)  # one axis too many
        return GraphInstance(wrong, instance.edges, instance.edge_links)

    return st.one_of(
        _junk(),
        from_space(space).map(dangling),
        from_space(space).map(bad_nodes),
    )


def _invalid_one_of(space: Any) -> st.SearchStrategy[Any]:
    n = len(space.spaces)
    options: list[st.SearchStrategy[Any]] = [
        _junk(),
        st.integers(n, n + 3).map(lambda i: (i, 0)),
        st.integers(-3, -1).map(lambda i: (i, 0)),
    ]
    for index, sub in enumerate(space.spaces):
        options.append(invalid_for_space(sub).map(lambda v, index=index: (index, v)))
    return st.one_of(*options)


# ============================================================================ registration
_BUILTIN: dict[str, tuple[StrategyFactory, StrategyFactory]] = {
    "Box": (_box, _invalid_box),
    "Discrete": (_discrete, _invalid_discrete),
    "MultiDiscrete": (_multi_discrete, _invalid_multi_discrete),
    "MultiBinary": (_multi_binary, _invalid_multi_binary),
    "Tuple": (_tuple, _invalid_tuple),
    "Dict": (_dict, _invalid_dict),
    "Text": (_text, _invalid_text),
    "Sequence": (_sequence, _invalid_sequence),
    "Graph": (_graph, _invalid_graph),
    "OneOf": (_one_of, _invalid_one_of),
}


def _load_builtins() -> None:
    """Register the strategies of every space ``gymkit.spaces`` defines (once, lazily)."""
    global _builtins_loaded
    if _builtins_loaded:
        return
    import gymkit.spaces as gspaces

    for name, (valid, invalid) in _BUILTIN.items():
        cls = getattr(gspaces, name, None)
        if isinstance(cls, type):
            _VALID.setdefault(cls, valid)
            _INVALID.setdefault(cls, invalid)
    _builtins_loaded = True


# ============================================================================ spaces
_FLOAT_DTYPES = (np.float32, np.float64)
_INT_DTYPES = (np.uint8, np.int32, np.int64)


@st.composite
def _box_spaces(draw: st.DrawFn, max_dims: int = 3, max_side: int = 4) -> Any:
    from gymkit.spaces import Box

    shape = draw(hnp.array_shapes(min_dims=0, max_dims=max_dims, min_side=1, max_side=max_side))
    dtype = np.dtype(draw(st.sampled_from(_FLOAT_DTYPES + _INT_DTYPES)))
    if np.issubdtype(dtype, np.floating):
        finite = st.floats(-1e6, 1e6, width=_float_width(dtype))
        lows = draw(
            hnp.arrays(np.float64, shape, elements=st.one_of(finite, st.just(-np.inf)))
        ).astype(dtype)
        spans = draw(
            hnp.arrays(np.float64, shape, elements=st.one_of(st.floats(0, 1e6), st.just(np.inf)))
        )
        with np.errstate(invalid="ignore", over="ignore"):
            highs = np.where(np.isposinf(spans), np.inf, lows.astype(np.float64) + spans)
        highs = np.where(np.isneginf(highs), 0.0, highs).astype(dtype)
        highs = np.maximum(highs, lows)
    else:
        info = np.iinfo(dtype)
        lo_limit, hi_limit = max(info.min, -1000), min(info.max, 1000)
        lows = draw(hnp.arrays(dtype, shape, elements=st.integers(lo_limit, hi_limit)))
        spans = draw(hnp.arrays(np.int64, shape, elements=st.integers(0, 50)))
        highs = np.minimum(lows.astype(np.int64) + spans, hi_limit).astype(dtype)
    return Box(low=lows, high=highs, shape=shape, dtype=dtype)


@st.composite
def _discrete_spaces(draw: st.DrawFn) -> Any:
    from gymkit.spaces import Discrete

    return Discrete(draw(st.integers(1, 20)), start=draw(st.integers(-5, 5)))


@st.composite
def _multi_discrete_spaces(draw: st.DrawFn) -> Any:
    from gymkit.spaces import MultiDiscrete

    nvec = draw(
        hnp.arrays(np.int64, hnp.array_shapes(max_dims=2, max_side=4), elements=st.integers(1, 10))
    )
    start = draw(hnp.arrays(np.int64, nvec.shape, elements=st.integers(-5, 5)))
    return MultiDiscrete(nvec, start=start)


@st.composite
def _multi_binary_spaces(draw: st.DrawFn) -> Any:
    from gymkit.spaces import MultiBinary

    shape = draw(hnp.array_shapes(max_dims=2, max_side=5))
    return MultiBinary(shape[0] if len(shape) == 1 else list(shape))


@st.composite
def _text_spaces(draw: st.DrawFn) -> Any:
    from gymkit.spaces import Text

    min_length = draw(st.integers(0, 3))
    max_length = draw(st.integers(max(min_length, 1), 12))
    charset = draw(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789 ", min_size=1, max_size=10)
    )
    return Text(max_length, min_length=min_length, charset="".join(sorted(set(charset))))


def _available(name: str) -> bool:
    import gymkit.spaces as gspaces

    return isinstance(getattr(gspaces, name, None), type)


def spaces(*, composite: bool = True, max_leaves: int = 4) -> st.SearchStrategy[Any]:
    """A strategy for gymkit spaces themselves.

    Leaves are Box (float and int dtypes, finite and infinite bounds), Discrete (with
    ``start``), MultiDiscrete, MultiBinary and Text; with ``composite`` they nest in Tuple,
    Dict, Sequence and OneOf, and Graphs are built over Box/Discrete node and edge spaces.
    Stacked Sequences (``stack=True``) over Box/Discrete features are generated too. Only the
    space types ``gymkit.spaces`` defines are generated.
    """
    leaf_makers = {
        "Box": _box_spaces,
        "Discrete": _discrete_spaces,
        "MultiDiscrete": _multi_discrete_spaces,
        "MultiBinary": _multi_binary_spaces,
        "Text": _text_spaces,
    }
    leaves = [maker() for name, maker in leaf_makers.items() if _available(name)]
    if not leaves:
        raise error.CustomSpaceError("gymkit.spaces defines no space type to generate")
    leaf = st.one_of(*leaves)
    if not composite:
        return leaf
    import gymkit.spaces as gspaces

    def extend(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        options: list[st.SearchStrategy[Any]] = []
        if _available("Tuple"):
            options.append(st.lists(children, min_size=1, max_size=3).map(gspaces.Tuple))
        if _available("Dict"):
            options.append(
                st.dictionaries(
                    st.text("abcdefgh", min_size=1, max_size=4), children, min_size=1, max_size=3
                ).map(gspaces.Dict)
            )
        if _available("Sequence"):
            options.append(children.map(gspaces.Sequence))
        if _available("OneOf"):
            options.append(st.lists(children, min_size=1, max_size=3).map(gspaces.OneOf))
        return st.one_of(*options) if options else children

    tree = st.recursive(leaf, extend, max_leaves=max_leaves)
    if not (_available("Box") and _available("Discrete")):
        return tree
    simple = st.one_of(_box_spaces(max_dims=1, max_side=3), _discrete_spaces())
    extras = [tree]
    if _available("Graph"):
        extras.append(st.builds(gspaces.Graph, simple, st.one_of(st.none(), simple)))
    if _available("Sequence"):
        extras.append(simple.map(lambda feature: gspaces.Sequence(feature, stack=True)))
    return st.one_of(*extras)
