"""Space conversion both ways, for all ten kinds, nested to any depth.

:func:`to_gymnasium_space` and :func:`from_gymnasium_space` build the equivalent space of the
other library (same kind, bounds, dtype, shape, key order, character order); a space of a kind
the other side cannot represent raises :class:`gymkit.error.UnsupportedSpace` naming it and the
fix. Elements are the same objects on both sides except a graph's, whose ``GraphInstance`` types
differ: :func:`element_converter` returns the function that converts elements of a space (or
``None`` when they need no conversion, so adapters pay nothing on the hot path).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import gymnasium.spaces as gs

from gymkit import spaces as ks
from gymkit.error import UnsupportedSpace

__all__ = ["element_converter", "from_gymnasium_space", "to_gymnasium_space"]

Converter = Callable[[Any], Any]

_KINDS = "Box, Discrete, MultiBinary, MultiDiscrete, Tuple, Dict, Text, Graph, Sequence, OneOf"


def to_gymnasium_space(space: ks.Space[Any]) -> gs.Space[Any]:
    """The Gymnasium space equal to gymkit ``space`` (unseeded; nested spaces converted too)."""
    if isinstance(space, ks.Box):
        return gs.Box(space.low, space.high, shape=space.shape, dtype=space.dtype)
    if isinstance(space, ks.Discrete):
        return gs.Discrete(int(space.n), start=int(space.start))
    if isinstance(space, ks.MultiBinary):
        return gs.MultiBinary(space.n)
    if isinstance(space, ks.MultiDiscrete):
        return gs.MultiDiscrete(space.nvec, dtype=space.dtype, start=space.start)
    if isinstance(space, ks.Tuple):
        return gs.Tuple([to_gymnasium_space(s) for s in space.spaces])
    if isinstance(space, ks.Dict):
        pairs = [(key, to_gymnasium_space(s)) for key, s in space.spaces.items()]
        return gs.Dict(pairs, sort_keys=False)
    if isinstance(space, ks.Text):
        return gs.Text(space.max_length, min_length=space.min_length, charset=space.characters)
    if isinstance(space, ks.Graph):
        edge = None if space.edge_space is None else to_gymnasium_space(space.edge_space)
        return gs.Graph(to_gymnasium_space(space.node_space), edge)
    if isinstance(space, ks.Sequence):
        return gs.Sequence(to_gymnasium_space(space.feature_space), stack=space.stack)
    if isinstance(space, ks.OneOf):
        return gs.OneOf([to_gymnasium_space(s) for s in space.spaces])
    if isinstance(space, gs.Space):
        raise UnsupportedSpace(
            f"{space!r} is already a Gymnasium space; to_gymnasium_space converts gymkit spaces "
            "(use from_gymnasium_space for the other direction)"
        )
    raise UnsupportedSpace(
        f"cannot convert {space!r} (type {type(space).__module__}.{type(space).__qualname__}) "
        f"to a Gymnasium space: only gymkit's ten space kinds convert ({_KINDS}). Express the "
        "custom space with those kinds (e.g. a Box or a Dict of them) to adapt its env."
    )


def from_gymnasium_space(space: gs.Space[Any]) -> ks.Space[Any]:
    """The gymkit space equal to Gymnasium ``space`` (unseeded; nested spaces converted too).

    Raises :class:`~gymkit.error.UnsupportedSpace` for a Gymnasium space of another kind (a
    custom ``gymnasium.Space`` subclass): gymkit cannot sample or check its elements.
    """
    if isinstance(space, gs.Box):
        return ks.Box(space.low, space.high, shape=space.shape, dtype=space.dtype)
    if isinstance(space, gs.Discrete):
        return ks.Discrete(int(space.n), start=int(space.start))
    if isinstance(space, gs.MultiBinary):
        return ks.MultiBinary(space.n)
    if isinstance(space, gs.MultiDiscrete):
        return ks.MultiDiscrete(space.nvec, dtype=space.dtype, start=space.start)
    if isinstance(space, gs.Tuple):
        return ks.Tuple([from_gymnasium_space(s) for s in space.spaces])
    if isinstance(space, gs.Dict):
        return ks.Dict([(key, from_gymnasium_space(s)) for key, s in space.spaces.items()])
    if isinstance(space, gs.Text):
        charset = "".join(space.character_list)  # `characters` is sorted; the list keeps order
        return ks.Text(space.max_length, min_length=space.min_length, charset=charset)
    if isinstance(space, gs.Graph):
        edge = None if space.edge_space is None else from_gymnasium_space(space.edge_space)
        return ks.Graph(from_gymnasium_space(space.node_space), edge)  # type: ignore[arg-type]
    if isinstance(space, gs.Sequence):
        return ks.Sequence(from_gymnasium_space(space.feature_space), stack=space.stack)
    if isinstance(space, gs.OneOf):
        return ks.OneOf([from_gymnasium_space(s) for s in space.spaces])
    if isinstance(space, ks.Space):
        raise UnsupportedSpace(
            f"{space!r} is already a gymkit space; from_gymnasium_space converts Gymnasium "
            "spaces (use to_gymnasium_space for the other direction)"
        )
    raise UnsupportedSpace(
        f"gymkit cannot represent the Gymnasium space {space!r} (type "
        f"{type(space).__module__}.{type(space).__qualname__}): only Gymnasium's ten standard "
        f"kinds convert ({_KINDS}). Wrap the env in a gymnasium.ObservationWrapper / "
        "ActionWrapper that maps it onto those kinds (e.g. flatten it to a Box), then adapt it."
    )


def element_converter(space: ks.Space[Any] | gs.Space[Any], *, to: str) -> Converter | None:
    """The function converting elements of ``space`` for the library ``to`` (``"gymnasium"`` or
    ``"gymkit"``), or ``None`` when elements are the same objects on both sides.

    Only graph elements differ (each library has its own ``GraphInstance``), so only a space that
    holds a Graph somewhere gets a converter. ``space`` may be of either library.
    """
    if to not in ("gymnasium", "gymkit"):
        raise ValueError(f"to must be 'gymnasium' or 'gymkit', got {to!r}")
    instance = gs.GraphInstance if to == "gymnasium" else ks.GraphInstance
    return _converter(space, instance)


def _converter(space: Any, instance: type) -> Converter | None:
    if isinstance(space, (ks.Graph, gs.Graph)):

        def graph(x: Any) -> Any:
            return instance(x.nodes, x.edges, x.edge_links)

        return graph
    if isinstance(space, (ks.Tuple, gs.Tuple)):
        inner = [_converter(s, instance) for s in space.spaces]
        if not any(inner):
            return None
        return lambda x: tuple(x[i] if c is None else c(x[i]) for i, c in enumerate(inner))
    if isinstance(space, (ks.Dict, gs.Dict)):
        by_key = {k: _converter(s, instance) for k, s in space.spaces.items()}
        if not any(by_key.values()):
            return None
        return lambda x: {k: v if by_key.get(k) is None else by_key[k](v) for k, v in x.items()}
    if isinstance(space, (ks.OneOf, gs.OneOf)):
        options = [_converter(s, instance) for s in space.spaces]
        if not any(options):
            return None

        def one_of(x: Any) -> Any:
            index, value = x
            convert = options[int(index)]
            return (index, value if convert is None else convert(value))

        return one_of
    if isinstance(space, (ks.Sequence, gs.Sequence)):
        feature = _converter(space.feature_space, instance)
        if feature is None:
            return None
        # Graphs do not batch, so even a stacked sequence of graphs is a tuple of instances.
        return lambda x: tuple(feature(item) for item in x)
    return None
