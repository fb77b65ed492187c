"""Flattening and batching utilities: known values, errors, and third-party registration."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import numpy as np
import pytest

from gymkit.error import CustomSpaceError, InvalidSpace, InvalidSpaceElement, UnsupportedSpace
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
    batch_differing_spaces,
    batch_space,
    concatenate,
    create_empty_array,
    flatdim,
    flatten,
    flatten_space,
    iterate,
    unflatten,
)


class Coin(Space[str]):
    """A custom space no utility knows: "heads" or "tails"."""

    def __init__(self, seed: int | None = None) -> None:
        super().__init__(None, None, seed)

    @property
    def is_np_flattenable(self) -> bool:
        return True

    def sample(self, mask: Any = None, probability: Any = None) -> str:
        return "heads" if self.np_random.random() < 0.5 else "tails"

    def contains(self, x: Any) -> bool:
        return x in ("heads", "tails")


# ----------------------------------------------------------------------------- known values
def test_flatdim_values() -> None:
    assert flatdim(Box(0, 1, (2, 3))) == 6
    assert flatdim(Discrete(4)) == 4
    assert flatdim(MultiDiscrete([2, 3])) == 5
    assert flatdim(MultiBinary([2, 2])) == 4
    assert flatdim(Tuple([Discrete(2), Box(0, 1, (3,))])) == 5
    assert flatdim(Dict(a=Discrete(2), b=MultiBinary(3))) == 5
    assert flatdim(Text(7)) == 7
    assert flatdim(OneOf([Discrete(2), Box(0, 1, (3,))])) == 4
    for unsized in (
        Sequence(Discrete(2)),
        Graph(Discrete(2), None),
        Tuple([Sequence(Discrete(2))]),
    ):
        with pytest.raises(UnsupportedSpace, match="no fixed flat size"):
            flatdim(unsized)


def test_flatten_known_values() -> None:
    assert flatten(Discrete(4, start=1), 3).tolist() == [0, 0, 1, 0]
    assert flatten(MultiDiscrete([2, 3]), np.array([1, 0])).tolist() == [0, 1, 1, 0, 0]
    assert flatten(Box(0, 5, (2, 2)), np.array([[1, 2], [3, 4]])).tolist() == [1, 2, 3, 4]
    flat = flatten(Tuple([Discrete(2), Box(0, 1, (2,))]), (1, np.array([0.5, 0.25], np.float32)))
    assert flat.dtype == np.float64 and flat.tolist() == [0, 1, 0.5, 0.25]
    text = Text(4, charset="ab")
    assert flatten(text, "ba").tolist() == [1, 0, 2, 2]  # padded with len(charset)
    assert flatten_space(text) == Box(0, 2, (4,), dtype=np.int32)
    assert flatten(OneOf([Discrete(3), Box(0, 1, (1,))]), (0, 2)).tolist() == [0, 0, 0, 1]
    assert flatten_space(Discrete(3)) == Box(0, 1, (3,), dtype=np.int64)


def test_flatten_space_keeps_infinite_bounds_unbounded() -> None:
    box = Box(np.array([[-np.inf, 0]]), np.array([[0, np.inf]]), dtype=np.int32)
    flat = flatten_space(box)
    assert flat.shape == (2,) and flat.dtype == np.int32
    assert flat.bounded_below.tolist() == [False, True]
    assert flat.bounded_above.tolist() == [True, False]


def test_unflatten_refuses_malformed_input() -> None:
    with pytest.raises(InvalidSpaceElement, match="one-hot"):
        unflatten(Discrete(3), np.array([0, 1, 1]))
    with pytest.raises(InvalidSpaceElement, match="one-hot"):
        unflatten(Discrete(3), np.zeros(3))
    with pytest.raises(InvalidSpaceElement, match="one 1 per"):
        unflatten(MultiDiscrete([2, 2]), np.array([1, 1, 0, 0]))
    with pytest.raises(InvalidSpaceElement, match="length 4"):
        unflatten(Tuple([Discrete(2), Discrete(2)]), np.zeros(3))
    with pytest.raises(InvalidSpaceElement, match="index"):
        unflatten(OneOf([Discrete(2)]), np.array([3, 1, 0]))


def test_structural_flattening_of_unsized_spaces() -> None:
    graph = Graph(Discrete(3), Box(0, 1, (2, 2)), seed=0)
    g = graph.sample(num_nodes=3, num_edges=2)
    flat = flatten(graph, g)
    assert flat.nodes.shape == (3, 3) and flat.edges.shape == (2, 4)
    assert flatten_space(graph) == Graph(Box(0, 1, (3,), dtype=np.int64), Box(0, 1, (4,)))
    seq = Sequence(Discrete(3), stack=True, seed=0)
    x = seq.sample(mask=(4, None))
    assert flatten(seq, x).shape == (4, 3)


# ----------------------------------------------------------------------------- batching
def test_batch_space_shapes() -> None:
    assert batch_space(Box(0, 1, (2,)), 3) == Box(0, 1, (3, 2))
    assert batch_space(Discrete(4, start=1), 3) == MultiDiscrete([4, 4, 4], start=[1, 1, 1])
    assert batch_space(MultiDiscrete([2, 3]), 2) == Box(
        np.zeros((2, 2)), np.array([[1, 2], [1, 2]]), dtype=np.int64
    )
    assert batch_space(MultiBinary(3), 2) == Box(0, 1, (2, 3), dtype=np.int8)
    assert batch_space(Dict(a=Discrete(2)), 2) == Dict(a=MultiDiscrete([2, 2]))
    batched_text = batch_space(Text(3), 2)
    assert batched_text == Tuple([Text(3), Text(3)])
    with pytest.raises(InvalidSpace, match="non-negative int"):
        batch_space(Discrete(2), -1)


def test_batched_copies_are_seeded_from_the_source_space() -> None:
    def batch_sample(seed: int) -> tuple[str, ...]:
        text = Text(6, seed=seed)
        return batch_space(text, 3).sample()

    assert batch_sample(1) == batch_sample(1)
    a = batch_sample(2)
    assert len(set(a)) == 3  # the copies draw independent strings


def test_batch_space_keeps_infinite_integer_bounds() -> None:
    box = Box(-np.inf, 3, (2,), dtype=np.int64)
    batched = batch_space(box, 4)
    assert batched.shape == (4, 2) and not batched.is_bounded("below")
    assert batched.sample() in batched


def test_batch_differing_spaces() -> None:
    boxes = [Box(0, 1, (2,)), Box(-1, 5, (2,))]
    batched = batch_differing_spaces(boxes)
    assert batched.low.tolist() == [[0, 0], [-1, -1]] and batched.high.tolist() == [[1, 1], [5, 5]]
    assert batch_differing_spaces([Discrete(2), Discrete(5, start=1)]) == MultiDiscrete(
        [2, 5], start=[0, 1]
    )
    nested = batch_differing_spaces([Dict(a=Discrete(2)), Dict(a=Discrete(3))])
    assert nested == Dict(a=MultiDiscrete([2, 3]))
    with pytest.raises(InvalidSpace, match="one type"):
        batch_differing_spaces([Discrete(2), Box(0, 1, (1,))])
    with pytest.raises(InvalidSpace, match="same shape"):
        batch_differing_spaces([Box(0, 1, (2,)), Box(0, 1, (3,))])
    with pytest.raises(InvalidSpace, match="same keys"):
        batch_differing_spaces([Dict(a=Discrete(2)), Dict(b=Discrete(2))])
    with pytest.raises(InvalidSpace, match="at least one"):
        batch_differing_spaces([])


def test_iterate_and_concatenate_errors() -> None:
    with pytest.raises(UnsupportedSpace, match="Discrete"):
        iterate(Discrete(3), [1, 2])
    with pytest.raises(UnsupportedSpace, match="leading batch axis"):
        iterate(Box(0, 1, (2,)), 3.0)


def test_concatenate_writes_into_out() -> None:
    space = Box(0, 1, (2,))
    out = create_empty_array(space, 3, fn=np.ones)
    result = concatenate(space, [np.full(2, 0.5, np.float32)] * 3, out)
    assert result is out and np.all(out == 0.5)
    tuple_out = create_empty_array(Tuple([Discrete(3), space]), 2)
    stacked = concatenate(
        Tuple([Discrete(3), space]),
        [(1, np.zeros(2, np.float32)), (2, np.ones(2, np.float32))],
        tuple_out,
    )
    assert stacked[0].tolist() == [1, 2] and stacked[1].shape == (2, 2)
    assert create_empty_array(Graph(Discrete(2), None), 2)[0] in Graph(Discrete(2), None)
    assert all(x in Sequence(Discrete(2)) for x in create_empty_array(Sequence(Discrete(2)), 2))


# ----------------------------------------------------------------------------- custom spaces
@pytest.mark.parametrize(
    ("function", "args"),
    [
        (flatdim, ()),
        (flatten, ("heads",)),
        (unflatten, (np.zeros(1),)),
        (flatten_space, ()),
        (batch_space, (2,)),
        (iterate, (["heads"],)),
        (concatenate, (["heads"], None)),
        (create_empty_array, (2,)),
    ],
)
def test_unregistered_space_types_raise_custom_space_error(function, args) -> None:
    with pytest.raises(CustomSpaceError, match=r"register\(Coin\)"):
        function(Coin(), *args)


def test_unregistered_types_inside_composites_and_differing() -> None:
    with pytest.raises(CustomSpaceError):
        flatten_space(Tuple([Discrete(2), Coin()]))
    with pytest.raises(CustomSpaceError, match="batch_differing_spaces"):
        batch_differing_spaces([Coin(), Coin()])


def test_registering_a_custom_space() -> None:
    class Die(Coin):
        pass

    @flatdim.register(Die)
    def _flatdim_die(space: Die) -> int:
        return 1

    @flatten.register(Die)
    def _flatten_die(space: Die, x: str) -> np.ndarray:
        return np.array([1.0 if x == "heads" else 0.0])

    assert flatdim(Tuple([Discrete(2), Die()])) == 3
    assert flatten(Tuple([Discrete(2), Die()]), (1, "heads")).tolist() == [0, 1, 1]


def test_import_gymkit_does_not_import_spaces() -> None:
    code = "import sys, gymkit; print('gymkit.spaces' in sys.modules, 'numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
    code = "import gymkit; gymkit.spaces.Box(0, 1, (2,)); print('ok')"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"


def test_graph_instances_are_named_tuples() -> None:
    g = GraphInstance(np.zeros((1, 2)), None, None)
    assert (
        g.nodes.shape == (1, 2)
        and g.edges is None
        and g._fields == ("nodes", "edges", "edge_links")
    )
