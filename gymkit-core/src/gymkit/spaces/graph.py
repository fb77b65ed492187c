"""``Graph``: graphs with node (and optional edge) features."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from gymkit.error import InvalidProbability, InvalidSeed, InvalidSpace
from gymkit.spaces.box import Box
from gymkit.spaces.discrete import Discrete
from gymkit.spaces.space import Space, derive_seeds

__all__ = ["Graph", "GraphInstance"]


class GraphInstance(NamedTuple):
    """One graph: ``nodes`` (one feature per node, stacked on axis 0), ``edges`` (one feature
    per edge, or ``None`` without an edge space) and ``edge_links`` (``(num_edges, 2)`` int
    array of ``(source, target)`` node indices, or ``None``)."""

    nodes: npt.NDArray[Any]
    edges: npt.NDArray[Any] | None
    edge_links: npt.NDArray[Any] | None


def all_in(space: Box | Discrete, arr: Any) -> bool:
    """Whether ``arr`` stacks (on axis 0) elements of ``space`` — vectorised, never raises."""
    if not isinstance(arr, np.ndarray):
        return False
    try:
        if isinstance(space, Discrete):
            return bool(
                arr.ndim == 1
                and arr.dtype.kind in "iu"
                and (arr >= space._start).all()
                and (arr < space._start + space._n).all()
            )
        return bool(
            arr.ndim == 1 + len(space.shape)
            and arr.shape[1:] == space.shape
            and np.can_cast(arr.dtype, space.dtype)
            and (arr >= space.low).all()
            and (arr <= space.high).all()
        )
    except (TypeError, ValueError):
        return False


def _stack_samples(space: Space[Any], count: int, mask: Any, probability: Any) -> np.ndarray:
    if count == 0:
        return np.zeros((0, *(space.shape or ())), dtype=space.dtype)
    return np.stack([space.sample(mask=mask, probability=probability) for _ in range(count)])


class Graph(Space[GraphInstance]):
    """Graphs whose node features lie in ``node_space`` and edge features in ``edge_space``.

    Both are :class:`Box` or :class:`Discrete`; ``edge_space=None`` means edges carry no features
    and elements have ``edges = edge_links = None``.
    """

    def __init__(
        self,
        node_space: Box | Discrete,
        edge_space: Box | Discrete | None,
        seed: int | Sequence[int] | np.random.Generator | None = None,
    ) -> None:
        if not isinstance(node_space, (Box, Discrete)):
            raise InvalidSpace(f"Graph node_space must be a Box or Discrete, got {node_space!r}")
        if edge_space is not None and not isinstance(edge_space, (Box, Discrete)):
            raise InvalidSpace(
                f"Graph edge_space must be a Box, Discrete or None, got {edge_space!r}"
            )
        self.node_space = node_space
        self.edge_space = edge_space
        super().__init__(None, None, seed)

    @property
    def is_np_flattenable(self) -> bool:
        """Always ``False``: graphs vary in size."""
        return False

    def seed(self, seed: int | Sequence[int] | None = None) -> tuple[Any, ...]:
        """Seed the link generator, the node and the edge space.

        Returns ``(own_seed, node_seed, edge_seed)`` (``edge_seed`` ``None`` without an edge
        space). A sequence gives those seeds explicitly.
        """
        if isinstance(seed, (list, tuple)):
            if len(seed) != 3:
                raise InvalidSeed(f"Graph.seed needs (own, node, edge) seeds, got {seed!r}")
            own = super().seed(seed[0])
            node = self.node_space.seed(seed[1])
            edge = None if self.edge_space is None else self.edge_space.seed(seed[2])
            return own, node, edge
        own = super().seed(seed)
        node_seed, edge_seed = derive_seeds(self.np_random, 2)
        node = self.node_space.seed(node_seed)
        edge = None if self.edge_space is None else self.edge_space.seed(edge_seed)
        return own, node, edge

    def sample(
        self,
        mask: Any | None = None,
        probability: Any | None = None,
        num_nodes: int = 10,
        num_edges: int | None = None,
    ) -> GraphInstance:
        """A random graph of ``num_nodes`` nodes and ``num_edges`` edges.

        ``num_edges=None`` draws it uniformly from ``[0, num_nodes * (num_nodes - 1))`` (0 for a
        single node). ``mask``/``probability`` are ``(node_arg, edge_arg)`` pairs applied to every
        node / edge sample.
        """
        if (
            isinstance(num_nodes, bool)
            or not isinstance(num_nodes, (int, np.integer))
            or num_nodes < 1
        ):
            raise InvalidSpace(f"Graph.sample num_nodes must be a positive int, got {num_nodes!r}")
        node_mask, edge_mask = self._pair(mask, "mask")
        node_p, edge_p = self._pair(probability, "probability")
        nodes = _stack_samples(self.node_space, int(num_nodes), node_mask, node_p)
        if self.edge_space is None:
            return GraphInstance(nodes, None, None)
        rng = self.np_random
        if num_edges is None:
            num_edges = int(rng.integers(num_nodes * (num_nodes - 1))) if num_nodes > 1 else 0
        elif (
            isinstance(num_edges, bool)
            or not isinstance(num_edges, (int, np.integer))
            or num_edges < 0
        ):
            raise InvalidSpace(
                f"Graph.sample num_edges must be a non-negative int, got {num_edges!r}"
            )
        edges = _stack_samples(self.edge_space, int(num_edges), edge_mask, edge_p)
        links = rng.integers(num_nodes, size=(int(num_edges), 2), dtype=np.int64)
        return GraphInstance(nodes, edges, links)

    @staticmethod
    def _pair(arg: Any, what: str) -> tuple[Any, Any]:
        if arg is None:
            return None, None
        if not (isinstance(arg, (tuple, list)) and len(arg) == 2):
            raise InvalidProbability(f"Graph {what} must be a (node, edge) pair, got {arg!r}")
        return arg[0], arg[1]

    def contains(self, x: Any) -> bool:
        """Whether ``x`` is a :class:`GraphInstance` whose nodes, edges and links are valid."""
        if not isinstance(x, GraphInstance) or not all_in(self.node_space, x.nodes):
            return False
        n_nodes = len(x.nodes)
        links = x.edge_links
        if self.edge_space is None:
            return x.edges is None and (
                links is None or (isinstance(links, np.ndarray) and links.size == 0)
            )
        if not all_in(self.edge_space, x.edges) or not isinstance(links, np.ndarray):
            return False
        return bool(
            links.dtype.kind in "iu"
            and links.shape == (len(x.edges), 2)  # type: ignore[arg-type]
            and (links >= 0).all()
            and (links < n_nodes).all()
        )

    def to_jsonable(self, sample_n: Sequence[GraphInstance]) -> list[dict[str, Any]]:
        """Each graph as ``{"nodes": ..., "edges": ..., "edge_links": ...}`` of nested lists."""
        return [
            {
                "nodes": np.asarray(g.nodes).tolist(),
                "edges": None if g.edges is None else np.asarray(g.edges).tolist(),
                "edge_links": None if g.edge_links is None else np.asarray(g.edge_links).tolist(),
            }
            for g in sample_n
        ]

    def from_jsonable(self, sample_n: Iterable[dict[str, Any]]) -> list[GraphInstance]:
        """Inverse of :meth:`to_jsonable`."""
        result = []
        for g in sample_n:
            nodes = np.asarray(g["nodes"], dtype=self.node_space.dtype).reshape(
                (-1, *self.node_space.shape)
            )
            if g["edges"] is None or self.edge_space is None:
                edges = None
                links = (
                    None
                    if g["edge_links"] is None
                    else np.asarray(g["edge_links"], dtype=np.int64).reshape(-1, 2)
                )
            else:
                edges = np.asarray(g["edges"], dtype=self.edge_space.dtype).reshape(
                    (-1, *self.edge_space.shape)
                )
                links = np.asarray(g["edge_links"], dtype=np.int64).reshape(-1, 2)
            result.append(GraphInstance(nodes, edges, links))
        return result

    def __repr__(self) -> str:
        return f"Graph({self.node_space!r}, {self.edge_space!r})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Graph)
            and self.node_space == other.node_space
            and self.edge_space == other.edge_space
        )

    __hash__ = None  # type: ignore[assignment]
