"""Discrete, MultiDiscrete and MultiBinary: ranges, masks, probabilities and their errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gymkit.error import InvalidProbability, InvalidSpace
from gymkit.spaces import Discrete, MultiBinary, MultiDiscrete


# ----------------------------------------------------------------------------- Discrete
def test_discrete_range_with_start() -> None:
    space = Discrete(3, start=-1, seed=0)
    assert space.shape == () and space.dtype == np.int64
    samples = {int(space.sample()) for _ in range(200)}
    assert samples == {-1, 0, 1}
    assert isinstance(space.sample(), np.int64)


@pytest.mark.parametrize("value", [0, 3, np.int64(2), np.int8(1), np.array(1), np.uint8(0)])
def test_discrete_contains_integers_in_range(value) -> None:
    assert value in Discrete(4)


@pytest.mark.parametrize(
    "value",
    [-1, 4, 2**70, 1.0, 1.5, True, np.bool_(True), "1", None, np.array([1]), np.array(1.0), [1]],
)
def test_discrete_refuses_everything_else(value) -> None:
    assert value not in Discrete(4)


@pytest.mark.parametrize(("n", "start"), [(0, 0), (-2, 0), (2.0, 0), (True, 0), (3, 0.5)])
def test_discrete_bad_arguments(n, start) -> None:
    with pytest.raises(InvalidSpace):
        Discrete(n, start=start)


def test_discrete_mask() -> None:
    space = Discrete(5, start=10, seed=0)
    mask = np.array([0, 1, 0, 1, 0], dtype=np.int8)
    assert {int(space.sample(mask=mask)) for _ in range(100)} == {11, 13}
    assert space.sample(mask=np.zeros(5, dtype=np.int8)) == 10  # nothing allowed: start
    assert space.sample(mask=np.array([0, 0, 0, 0, 1], dtype=np.int8)) == 14


def test_discrete_probability() -> None:
    space = Discrete(3, seed=0)
    assert {int(space.sample(probability=np.array([0.0, 0.0, 1.0]))) for _ in range(20)} == {2}
    draws = [int(space.sample(probability=np.array([0.8, 0.2, 0.0]))) for _ in range(2000)]
    assert 0.75 < draws.count(0) / 2000 < 0.85 and 2 not in draws


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"mask": np.ones(4, dtype=np.int8)}, r"shape \(3,\)"),
        ({"mask": np.array([0, 2, 1], dtype=np.int8)}, "0 or 1"),
        ({"mask": np.array([0.0, 1.0, 1.0])}, "int8"),
        ({"probability": np.array([0.5, 0.5])}, r"shape \(3,\)"),
        ({"probability": np.array([0.5, 0.6, -0.1])}, r"\[0, 1\]"),
        ({"probability": np.array([0.5, 0.1, 0.1])}, "sum to 1"),
        ({"probability": np.array([np.nan, 0.5, 0.5])}, r"\[0, 1\]"),
        (
            {"mask": np.ones(3, dtype=np.int8), "probability": np.full(3, 1 / 3)},
            "not both",
        ),
    ],
)
def test_discrete_bad_masks_and_probabilities(kwargs, message) -> None:
    with pytest.raises(InvalidProbability, match=message):
        Discrete(3).sample(**kwargs)


def test_discrete_identity() -> None:
    assert Discrete(3) == Discrete(3) and Discrete(3) != Discrete(3, start=1)
    assert Discrete(3) != Discrete(4) and Discrete(3) != MultiDiscrete([3])
    assert repr(Discrete(3)) == "Discrete(3)"
    assert repr(Discrete(3, start=-1)) == "Discrete(3, start=-1)"
    assert Discrete(2).to_jsonable([np.int64(1)]) == [1]
    assert Discrete(2).from_jsonable([1]) == [np.int64(1)]


@given(n=st.integers(1, 50), start=st.integers(-100, 100), seed=st.integers(0, 2**32))
def test_discrete_samples_within_range(n, start, seed) -> None:
    space = Discrete(n, start=start, seed=seed)
    x = space.sample()
    assert start <= x < start + n and x in space


# ----------------------------------------------------------------------------- MultiDiscrete
def test_multi_discrete_shape_start_and_contains() -> None:
    space = MultiDiscrete([[2, 3], [4, 5]], start=[[0, -1], [10, 0]], seed=0)
    assert space.shape == (2, 2) and space.dtype == np.int64
    x = space.sample()
    assert x.shape == (2, 2) and x in space
    assert np.array([[1, 1], [13, 4]]) in space
    assert np.array([[2, 1], [13, 4]]) not in space
    assert np.array([[1, -2], [13, 4]]) not in space
    assert [[1, 1], [13, 4]] in space  # lists are accepted
    assert np.array([[1.0, 1.0], [13.0, 4.0]]) not in space  # floats are not
    assert np.array([1, 1]) not in space and "x" not in space and None not in space


def test_multi_discrete_masks_and_probabilities() -> None:
    space = MultiDiscrete([3, 2], start=[5, 0], seed=0)
    mask = (np.array([0, 0, 1], dtype=np.int8), np.array([1, 0], dtype=np.int8))
    assert all(space.sample(mask=mask).tolist() == [7, 0] for _ in range(10))
    zero = (np.zeros(3, dtype=np.int8), np.zeros(2, dtype=np.int8))
    assert space.sample(mask=zero).tolist() == [5, 0]
    p = (np.array([0.0, 1.0, 0.0]), np.array([0.0, 1.0]))
    assert space.sample(probability=p).tolist() == [6, 1]
    nested = MultiDiscrete([[2, 2], [3, 3]], seed=0)
    m = (
        (np.array([1, 0], dtype=np.int8), np.array([0, 1], dtype=np.int8)),
        (np.array([0, 0, 1], dtype=np.int8), np.array([1, 0, 0], dtype=np.int8)),
    )
    assert nested.sample(mask=m).tolist() == [[0, 1], [2, 0]]
    with pytest.raises(InvalidProbability, match="missing"):
        space.sample(mask=(np.ones(3, dtype=np.int8),))
    with pytest.raises(InvalidProbability, match=r"shape \(2,\)"):
        space.sample(mask=(np.ones(3, dtype=np.int8), np.ones(3, dtype=np.int8)))


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (([0, 2],), {}),
        (([2.5],), {}),
        (([2, 2],), {"start": [0, 0, 0]}),
        (([2, 2],), {"dtype": np.float32}),
        (([200],), {"dtype": np.int8}),
        (([2],), {"start": [0.5]}),
    ],
)
def test_multi_discrete_bad_arguments(args, kwargs) -> None:
    with pytest.raises(InvalidSpace):
        MultiDiscrete(*args, **kwargs)


def test_multi_discrete_indexing_and_identity() -> None:
    space = MultiDiscrete([3, 4], start=[1, 0])
    assert space[0] == Discrete(3, start=1) and len(space) == 2
    assert MultiDiscrete([[2, 3], [4, 5]])[1] == MultiDiscrete([4, 5])
    assert space == MultiDiscrete(np.array([3, 4]), start=np.array([1, 0]))
    assert space != MultiDiscrete([3, 4]) and space != MultiDiscrete([3, 4], dtype=np.int32)
    assert repr(space) == "MultiDiscrete([3, 4], start=[1, 0])"
    assert repr(MultiDiscrete([3, 4])) == "MultiDiscrete([3, 4])"


# ----------------------------------------------------------------------------- MultiBinary
def test_multi_binary_shapes_and_contains() -> None:
    assert MultiBinary(4).shape == (4,) and MultiBinary([2, 3]).shape == (2, 3)
    space = MultiBinary([2, 3], seed=0)
    x = space.sample()
    assert x.dtype == np.int8 and x in space
    assert np.ones((2, 3), dtype=bool) in space
    assert np.full((2, 3), 2) not in space
    assert np.ones((3, 2), dtype=np.int8) not in space
    assert np.ones((2, 3)) not in space  # float arrays are not binary vectors
    assert [[0, 1, 0], [1, 1, 1]] in space and None not in space


def test_multi_binary_mask_and_probability() -> None:
    space = MultiBinary(4, seed=0)
    mask = np.array([0, 1, 2, 2], dtype=np.int8)
    draws = np.stack([space.sample(mask=mask) for _ in range(200)])
    assert np.all(draws[:, 0] == 0) and np.all(draws[:, 1] == 1)
    assert set(draws[:, 2].tolist()) == {0, 1}
    p = np.array([0.0, 1.0, 0.5, 0.5])
    draws = np.stack([space.sample(probability=p) for _ in range(200)])
    assert np.all(draws[:, 0] == 0) and np.all(draws[:, 1] == 1)
    with pytest.raises(InvalidProbability, match="0, 1"):
        space.sample(mask=np.array([0, 1, 3, 2], dtype=np.int8))
    with pytest.raises(InvalidProbability, match=r"\[0, 1\]"):
        space.sample(probability=np.array([0.0, 1.5, 0.5, 0.5]))
    with pytest.raises(InvalidProbability, match="shape"):
        space.sample(mask=np.zeros(3, dtype=np.int8))


def test_multi_binary_bad_arguments_and_identity() -> None:
    for bad in (0, -1, [2, 0], 2.5, [[2]]):
        with pytest.raises(InvalidSpace):
            MultiBinary(bad)
    assert MultiBinary(3) == MultiBinary([3]) and MultiBinary(3) != MultiBinary(4)
    assert repr(MultiBinary(3)) == "MultiBinary(3)"
    assert repr(MultiBinary([2, 3])) == "MultiBinary([2, 3])"
