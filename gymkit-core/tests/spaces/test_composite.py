"""Tuple, Dict, OneOf, Sequence, Graph and Text: structure, seeding, masks and errors."""

from __future__ import annotations

import numpy as np
import pytest

from gymkit.error import InvalidProbability, InvalidSeed, InvalidSpace
from gymkit.spaces import (
    Box,
    Dict,
    Discrete,
    Graph,
    GraphInstance,
    MultiBinary,
    OneOf,
    Sequence,
    Text,
    Tuple,
)


# ----------------------------------------------------------------------------- seeding
def test_composite_seeds_derive_child_seeds_deterministically() -> None:
    space = Tuple([Discrete(5), Dict(a=Box(0, 1, (2,)), b=Text(4))])
    seeds = space.seed(42)
    assert seeds[0] == 42 and len(seeds) == 3
    assert isinstance(seeds[1], int) and isinstance(seeds[2], dict)
    assert seeds == Tuple([Discrete(5), Dict(a=Box(0, 1, (2,)), b=Text(4))]).seed(42)
    assert space.seed(43) != seeds
    fresh = space.seed()  # None: a fresh parent seed that reproduces everything
    first = [space.sample() for _ in range(3)]
    space.seed(fresh[0])
    again = [space.sample() for _ in range(3)]
    assert repr(first) == repr(again)


def test_explicit_child_seeds() -> None:
    space = Tuple([Discrete(100), Discrete(100)])
    assert space.seed([1, 2]) == (1, 2)
    a = space.sample()
    space.seed((1, 2))
    assert space.sample() == a
    with pytest.raises(InvalidSeed, match="2 subspaces"):
        space.seed([1, 2, 3])
    d = Dict(x=Discrete(100), y=Discrete(100))
    assert d.seed({"x": 5, "y": 6}) == {"x": 5, "y": 6}
    with pytest.raises(InvalidSeed, match="keys"):
        d.seed({"x": 5})
    with pytest.raises(InvalidSeed):
        d.seed(-1)
    assert OneOf([Discrete(2), Discrete(3)]).seed([1, 2, 3]) == (1, 2, 3)
    assert Sequence(Discrete(2)).seed((4, 5)) == (4, 5)
    assert Graph(Discrete(2), None).seed((1, 2, 3)) == (1, 2, None)


def test_constructor_seed_equals_seed_call() -> None:
    a = Dict(x=Box(-1, 1, (3,)), y=Sequence(Discrete(4)), seed=7)
    b = Dict(x=Box(-1, 1, (3,)), y=Sequence(Discrete(4)))
    b.seed(7)
    assert repr(a.sample()) == repr(b.sample())


def test_generator_seed_is_shared() -> None:
    rng = np.random.default_rng(0)
    space = Discrete(10, seed=rng)
    assert space.np_random is rng


@pytest.mark.parametrize("seed", [-1, 1.5, "1", True])
def test_bad_seeds(seed) -> None:
    with pytest.raises(InvalidSeed):
        Discrete(3).seed(seed)


# ----------------------------------------------------------------------------- Tuple
def test_tuple() -> None:
    space = Tuple((Discrete(2), Box(0, 1, (2,))), seed=0)
    x = space.sample()
    assert isinstance(x, tuple) and len(x) == 2 and x in space
    assert [x[0], x[1]] in space  # a list of the parts is accepted
    assert (x[0],) not in space and (x[0], x[1], 0) not in space and 1 not in space
    assert space[0] == Discrete(2) and len(space) == 2 and list(space)[1] == Box(0, 1, (2,))
    assert space.sample(mask=(np.array([0, 1], dtype=np.int8), None))[0] == 1
    with pytest.raises(InvalidProbability, match="one entry"):
        space.sample(mask=(None,))
    assert repr(space) == "Tuple(Discrete(2), Box(0.0, 1.0, (2,), float32))"
    assert space == Tuple([Discrete(2), Box(0, 1, (2,))]) and space != Tuple([Discrete(2)])
    with pytest.raises(InvalidSpace, match="gymkit spaces"):
        Tuple([Discrete(2), 3])  # type: ignore[list-item]
    with pytest.raises(InvalidSpace, match="single space"):
        Tuple(Discrete(2))  # type: ignore[arg-type]


def test_empty_tuple_and_dict() -> None:
    assert Tuple([]).sample() == () and () in Tuple([]) and (1,) not in Tuple([])
    assert Dict().sample() == {} and {} in Dict() and {"a": 1} not in Dict()


# ----------------------------------------------------------------------------- Dict
def test_dict_keys_are_sorted_from_mappings_and_kept_from_pairs() -> None:
    assert list(Dict({"b": Discrete(2), "a": Discrete(3)}).keys()) == ["a", "b"]
    assert list(Dict(b=Discrete(2), a=Discrete(3))) == ["b", "a"]  # keywords keep their order
    assert list(Dict([("b", Discrete(2)), ("a", Discrete(3))]).spaces) == ["b", "a"]
    assert Dict(b=Discrete(2), a=Discrete(3)) == Dict(a=Discrete(3), b=Discrete(2))


def test_dict() -> None:
    space = Dict(position=Box(-1, 1, (2,)), color=Discrete(3), seed=0)
    x = space.sample()
    assert set(x) == {"position", "color"} and x in space
    assert {"position": x["position"]} not in space
    assert {**x, "extra": 1} not in space
    assert {"position": x["position"], "color": 7} not in space
    assert [("position", x["position"]), ("color", 1)] not in space
    assert space["color"] == Discrete(3) and len(space) == 2
    space["flag"] = MultiBinary(1)
    assert "flag" in space.spaces and "flag" in space.sample()
    masked = space.sample(
        mask={"position": None, "color": np.array([0, 0, 1], np.int8), "flag": None}
    )
    assert masked["color"] == 2
    with pytest.raises(InvalidProbability, match="keys"):
        space.sample(mask={"color": None})
    with pytest.raises(InvalidSpace, match="gymkit space"):
        Dict(a=3)  # type: ignore[arg-type]
    with pytest.raises(InvalidSpace, match="both"):
        Dict({"a": Discrete(2)}, a=Discrete(3))
    with pytest.raises(InvalidSpace, match="pairs"):
        Dict([("a", Discrete(2), 1)])  # type: ignore[list-item]
    assert "Dict(" in repr(space) and "'color': Discrete(3)" in repr(space)


# ----------------------------------------------------------------------------- OneOf
def test_oneof() -> None:
    space = OneOf([Discrete(3), Box(-1, 1, (2,))], seed=0)
    seen = set()
    for _ in range(50):
        index, value = space.sample()
        assert isinstance(index, int) and (index, value) in space
        seen.add(index)
    assert seen == {0, 1}
    assert (0, 2) in space and (0, 3) not in space and (2, 0) not in space
    assert (True, 0) not in space and (0,) not in space and 5 not in space
    assert (1, np.zeros(2, np.float32)) in space and (0, np.zeros(2, np.float32)) not in space
    with pytest.raises(InvalidSpace, match="at least one"):
        OneOf([])
    assert repr(space) == "OneOf(Discrete(3), Box(-1.0, 1.0, (2,), float32))"


# ----------------------------------------------------------------------------- Sequence
def test_sequence_unstacked() -> None:
    space = Sequence(Discrete(3), seed=0)
    lengths = [len(space.sample()) for _ in range(300)]
    assert min(lengths) == 0 and 2 < np.mean(lengths) < 4  # Geometric(0.25) - 1
    x = space.sample(mask=(4, None))
    assert len(x) == 4 and all(v in Discrete(3) for v in x) and x in space
    assert len(space.sample(mask=(np.array([2, 5]), None))) in (2, 5)
    assert all(v == 1 for v in space.sample(mask=(6, np.array([0, 1, 0], np.int8))))
    assert () in space and [0, 1] in space and (0, 3) not in space and "01" not in space
    with pytest.raises(InvalidProbability, match="length"):
        space.sample(mask=(-1, None))
    with pytest.raises(InvalidProbability):
        space.sample(mask=(np.array([1.5]), None))


def test_sequence_stacked() -> None:
    space = Sequence(Box(0, 1, (2,)), stack=True, seed=0)
    x = space.sample(mask=(3, None))
    assert isinstance(x, np.ndarray) and x.shape == (3, 2) and x in space
    assert np.zeros((0, 2), np.float32) in space
    assert np.zeros((3, 3), np.float32) not in space
    assert (np.zeros(2, np.float32),) not in space
    nested = Sequence(Dict(a=Discrete(2), b=Box(0, 1, ())), stack=True, seed=0)
    y = nested.sample(mask=(2, None))
    assert y["a"].shape == (2,) and y["b"].shape == (2,) and y in nested
    assert {"a": np.zeros(2, np.int64), "b": np.zeros(3, np.float32)} not in nested
    assert Sequence(Discrete(2), stack=True) != Sequence(Discrete(2))
    assert repr(space) == "Sequence(Box(0.0, 1.0, (2,), float32), stack=True)"


# ----------------------------------------------------------------------------- Graph
def test_graph_samples_and_membership() -> None:
    space = Graph(Box(0, 1, (3,)), Discrete(4), seed=0)
    g = space.sample(num_nodes=5, num_edges=7)
    assert isinstance(g, GraphInstance)
    assert g.nodes.shape == (5, 3) and g.edges.shape == (7,) and g.edge_links.shape == (7, 2)
    assert g in space
    dangling = g.edge_links.copy()
    dangling[0, 1] = 5
    assert GraphInstance(g.nodes, g.edges, dangling) not in space
    assert GraphInstance(g.nodes, g.edges[:-1], g.edge_links) not in space
    assert GraphInstance(g.nodes[:, :2], g.edges, g.edge_links) not in space
    assert GraphInstance(g.nodes, g.edges + 4, g.edge_links) not in space
    assert (g.nodes, g.edges, g.edge_links) not in space  # a plain tuple is not a graph
    default = space.sample()
    assert len(default.nodes) == 10 and len(default.edges) < 90
    assert len(space.sample(num_nodes=1).edges) == 0


def test_graph_without_edge_features_and_masks() -> None:
    space = Graph(Discrete(3), None, seed=0)
    g = space.sample(mask=(np.array([0, 0, 1], np.int8), None), num_nodes=4)
    assert g.edges is None and g.edge_links is None and np.all(g.nodes == 2)
    assert g in space
    assert GraphInstance(g.nodes, None, np.array([[0, 1]])) not in space
    with pytest.raises(InvalidSpace, match="Box or Discrete"):
        Graph(MultiBinary(2), None)  # type: ignore[arg-type]
    with pytest.raises(InvalidSpace, match="num_nodes"):
        space.sample(num_nodes=0)
    with pytest.raises(InvalidProbability, match="pair"):
        space.sample(mask=np.array([1, 1, 1], np.int8))


# ----------------------------------------------------------------------------- Text
def test_text() -> None:
    space = Text(5, min_length=2, charset="abc", seed=0)
    for _ in range(30):
        x = space.sample()
        assert 2 <= len(x) <= 5 and set(x) <= set("abc") and x in space
    assert "a" not in space and "abcabc" not in space and "abd" not in space
    assert b"abc" not in space and ["a", "b"] not in space and None not in space
    assert space.sample(mask=(3, np.array([0, 1, 0], np.int8))) == "bbb"
    assert space.sample(probability=(4, np.array([0.0, 0.0, 1.0]))) == "cccc"
    with pytest.raises(InvalidProbability, match="no character"):
        space.sample(mask=(None, np.zeros(3, np.int8)))
    assert Text(3, min_length=0, charset="ab").sample(mask=(None, np.zeros(2, np.int8))) == ""
    assert space.characters == "abc" and space.character_index("c") == 2
    assert Text(5).character_set == frozenset(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    )
    assert repr(space) == "Text(2, 5, charset='abc')" and repr(Text(4)) == "Text(1, 4)"
    assert space == Text(5, min_length=2, charset="abc") and space != Text(5, charset="abc")
    assert Text(3, charset=frozenset("cab")).characters == "abc"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_length": 2, "min_length": 3},
        {"max_length": -1},
        {"max_length": 3, "charset": ""},
        {"max_length": 3, "charset": ["ab"]},
        {"max_length": 3.0},
    ],
)
def test_text_bad_arguments(kwargs) -> None:
    with pytest.raises(InvalidSpace):
        Text(**kwargs)
