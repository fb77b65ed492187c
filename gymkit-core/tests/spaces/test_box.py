"""Box: construction and its errors, sampling distributions, membership, dtype edge cases."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gymkit.error import InvalidBound, InvalidProbability, InvalidSpace
from gymkit.spaces import Box


# ----------------------------------------------------------------------------- construction
def test_scalar_bounds_broadcast_to_shape() -> None:
    box = Box(-1.0, 2.0, (2, 3))
    assert box.shape == (2, 3)
    assert box.dtype == np.float32
    assert box.low.shape == (2, 3) and np.all(box.low == -1.0)
    assert box.high.shape == (2, 3) and np.all(box.high == 2.0)


def test_shape_comes_from_array_bounds_or_defaults_to_one() -> None:
    assert Box(np.zeros(4), 1.0).shape == (4,)
    assert Box(0.0, np.ones((2, 2))).shape == (2, 2)
    assert Box(0.0, 1.0).shape == (1,)
    assert Box([0, 0, 0], [1, 2, 3], dtype=np.int64).shape == (3,)


def test_bounds_are_read_only() -> None:
    box = Box(0.0, 1.0, (2,))
    with pytest.raises(ValueError):
        box.low[0] = 5.0


@pytest.mark.parametrize(
    ("low", "high", "shape"),
    [
        (np.zeros(3), np.ones(3), (2,)),
        (np.zeros(2), np.ones(3), None),
        (0.0, np.ones((2, 2)), (4,)),
    ],
)
def test_shape_mismatch_is_an_invalid_bound(low, high, shape) -> None:
    with pytest.raises(InvalidBound, match="shape"):
        Box(low, high, shape)


def test_low_above_high_names_the_offending_entries() -> None:
    with pytest.raises(InvalidBound, match=r"at \(1,\): low=5.0, high=2.0"):
        Box(np.array([0.0, 5.0]), np.array([1.0, 2.0]))


@pytest.mark.parametrize(
    ("low", "high", "message"),
    [
        (np.nan, 1.0, "NaN"),
        (0.0, np.array([1.0, np.nan]), "NaN"),
        (np.inf, np.inf, "low cannot be inf"),
        (-np.inf, -np.inf, "high cannot be -inf"),
    ],
)
def test_nan_and_wrong_infinities_are_refused(low, high, message) -> None:
    with pytest.raises(InvalidBound, match=message):
        Box(low, high, (2,))


@pytest.mark.parametrize(
    ("low", "high", "dtype", "message"),
    [
        (0.5, 2, np.int64, "not a whole number"),
        (0, 256, np.uint8, r"outside \[0, 255\]"),
        (-1, 3, np.uint8, r"outside \[0, 255\]"),
        (-(2**63) - 1, 0, np.int64, "outside"),
        (0, 2.0**63, np.int64, "outside"),
        (0, 2, np.bool_, r"outside \[0, 1\]"),
        (0.0, 1e39, np.float32, "not representable in float32"),
        (0.0, 7e4, np.float16, "not representable in float16"),
    ],
)
def test_bounds_not_representable_in_dtype_are_refused(low, high, dtype, message) -> None:
    with pytest.raises(InvalidBound, match=message):
        Box(low, high, (2,), dtype=dtype)


def test_integer_bounds_at_the_dtype_limits_are_exact() -> None:
    info = np.iinfo(np.int64)
    box = Box(int(info.min), int(info.max), (3,), dtype=np.int64, seed=0)
    assert box.low[0] == info.min and box.high[0] == info.max
    assert box.is_bounded()
    assert box.sample() in box
    big = Box(0, 2**64 - 1, (2,), dtype=np.uint64, seed=0)
    assert big.high[0] == 2**64 - 1
    assert big.sample() in big


@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.int32, np.int64, np.uint64])
def test_infinite_bounds_clip_to_the_integer_range(dtype) -> None:
    info = np.iinfo(dtype)
    box = Box(-np.inf, np.inf, (4,), dtype=dtype, seed=1)
    assert np.all(box.low == info.min) and np.all(box.high == info.max)
    assert not box.is_bounded("below") and not box.is_bounded("above")
    for _ in range(20):
        sample = box.sample()
        assert sample.dtype == dtype and sample in box


def test_bad_dtype_and_shape_are_invalid_spaces() -> None:
    with pytest.raises(InvalidSpace, match="dtype"):
        Box(0, 1, (2,), dtype=np.str_)
    with pytest.raises(InvalidSpace, match="dtype"):
        Box(0, 1, (2,), dtype=None)
    with pytest.raises(InvalidSpace, match="shape"):
        Box(0, 1, 3)  # type: ignore[arg-type]
    with pytest.raises(InvalidSpace, match="shape"):
        Box(0, 1, (2, -1))
    with pytest.raises(InvalidBound, match="numbers"):
        Box("a", 1, (2,))


def test_bool_box() -> None:
    box = Box(0, 1, (50,), dtype=bool, seed=3)
    sample = box.sample()
    assert sample.dtype == np.bool_ and sample in box
    assert sample.any() and not sample.all()
    fixed = Box(np.array([1, 0]), np.array([1, 0]), dtype=bool, seed=0)
    assert fixed.sample().tolist() == [True, False]
    assert np.array([1, 0], dtype=np.int8) not in fixed  # ints are not bools
    assert [True, False] in fixed


# ----------------------------------------------------------------------------- sampling
def test_each_dimension_samples_from_its_distribution() -> None:
    low = np.array([-1.0, 2.0, -np.inf, -np.inf])
    high = np.array([1.0, np.inf, -3.0, np.inf])
    box = Box(low, high, dtype=np.float64, seed=0)
    draws = np.stack([box.sample() for _ in range(4000)])
    assert np.all(draws >= low) and np.all(draws <= high)
    # bounded: uniform on [-1, 1]
    assert abs(draws[:, 0].mean()) < 0.05 and abs(draws[:, 0].var() - 1 / 3) < 0.03
    # only low: low + Exponential(1)
    assert abs(draws[:, 1].mean() - 3.0) < 0.1 and draws[:, 1].min() >= 2.0
    # only high: high - Exponential(1)
    assert abs(draws[:, 2].mean() + 4.0) < 0.1 and draws[:, 2].max() <= -3.0
    # unbounded: Normal(0, 1)
    assert abs(draws[:, 3].mean()) < 0.1 and abs(draws[:, 3].std() - 1.0) < 0.1


def test_integer_samples_include_both_bounds() -> None:
    box = Box(-2, 2, (2000,), dtype=np.int64, seed=0)
    sample = box.sample()
    assert set(np.unique(sample).tolist()) == {-2, -1, 0, 1, 2}


def test_half_bounded_integer_dimensions() -> None:
    box = Box(np.array([5.0, -np.inf]), np.array([np.inf, -5.0]), dtype=np.int32, seed=0)
    draws = np.stack([box.sample() for _ in range(500)])
    assert draws.dtype == np.int32
    assert draws[:, 0].min() == 5 and draws[:, 1].max() == -5


def test_float_sample_dtype_and_range_at_extremes() -> None:
    top = np.finfo(np.float64).max
    box = Box(-top, top, (1000,), dtype=np.float64, seed=0)
    sample = box.sample()
    assert np.all(np.isfinite(sample)) and sample in box
    # spread over the whole range, not stuck near 0
    assert (sample > top / 2).any() and (sample < -top / 2).any()
    f32 = Box(-np.finfo(np.float32).max, np.finfo(np.float32).max, (8,), seed=0)
    assert f32.sample().dtype == np.float32 and f32.sample() in f32


def test_scalar_shape_box() -> None:
    box = Box(0.0, 1.0, (), seed=0)
    sample = box.sample()
    assert isinstance(sample, np.ndarray) and sample.shape == ()
    assert sample in box
    assert np.float32(0.5) in box and 0.5 in box and 1.5 not in box


def test_sample_takes_no_mask() -> None:
    box = Box(0, 1, (2,))
    with pytest.raises(InvalidProbability, match="no mask"):
        box.sample(mask=np.ones(2, dtype=np.int8))
    with pytest.raises(InvalidProbability):
        box.sample(probability=np.ones(2))


@given(seed=st.integers(0, 2**32), data=st.data())
def test_seeded_samples_are_contained_and_reproducible(seed, data, space_strategies) -> None:
    box = data.draw(space_strategies.boxes())
    first = box.seed(seed)
    assert first == seed
    a = [box.sample() for _ in range(3)]
    box.seed(seed)
    b = [box.sample() for _ in range(3)]
    for x, y in zip(a, b):
        assert x in box and x.dtype == box.dtype and x.shape == box.shape
        assert np.array_equal(x, y)


# ----------------------------------------------------------------------------- membership
def test_contains_checks_dtype_shape_and_bounds() -> None:
    box = Box(-1.0, 1.0, (2,))
    assert np.zeros(2, dtype=np.float32) in box
    assert np.zeros(2, dtype=np.float64) not in box  # float64 does not cast safely to float32
    assert np.zeros(2, dtype=np.int8) in box
    assert np.zeros(3, dtype=np.float32) not in box
    assert np.array([0.0, 2.0], dtype=np.float32) not in box
    assert np.array([0.0, np.nan], dtype=np.float32) not in box
    assert [0.5, -0.5] in box and [0.5, 2.0] not in box
    int_box = Box(0, 10, (2,), dtype=np.int64)
    assert [1, 2] in int_box and [1.0, 2.0] not in int_box
    assert np.array([1, 2], dtype=np.uint8) in int_box


@given(
    junk=st.one_of(
        st.none(),
        st.text(),
        st.binary(),
        st.dictionaries(st.text(), st.integers()),
        st.lists(st.one_of(st.text(), st.none())),
        st.integers(),
        st.floats(),
        st.just(object()),
        st.just([[1, 2], [3]]),
        st.just(np.array(["a", "b"])),
        st.just(np.array([None, None])),
        st.just(2**80),
    )
)
def test_contains_never_raises(junk) -> None:
    for box in (Box(0, 1, (2,)), Box(0, 1, (), dtype=np.int64), Box(0, 1, (2,), dtype=bool)):
        assert box.contains(junk) in (True, False)


def test_is_bounded() -> None:
    box = Box(np.array([0.0, -np.inf]), np.array([1.0, 1.0]))
    assert box.is_bounded("above") and not box.is_bounded("below") and not box.is_bounded()
    assert Box(0, 1, (2,)).is_bounded("both")
    with pytest.raises(ValueError, match="manner"):
        box.is_bounded("sideways")  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- identity
def test_equality_and_repr() -> None:
    assert Box(0, 1, (2,)) == Box(np.zeros(2), np.ones(2), dtype=np.float32)
    assert Box(0, 1, (2,)) != Box(0, 1, (2,), dtype=np.float64)
    assert Box(0, 1, (2,)) != Box(0, 2, (2,))
    assert Box(0, 1, (2,)) != Box(0, 1, (3,))
    assert Box(0, 1, (2,)) != "Box"
    assert repr(Box(-1, 1, (3,))) == "Box(-1.0, 1.0, (3,), float32)"
    assert repr(Box(0, 255, (2, 2), dtype=np.uint8)) == "Box(0, 255, (2, 2), uint8)"
    assert repr(Box(np.array([0.0, 1.0]), 2.0)) == "Box([0., 1.], 2.0, (2,), float32)"


def test_pickle_keeps_bounds_and_random_state() -> None:
    box = Box(np.array([0.0, -np.inf]), np.array([1.0, 5.0]), seed=7)
    box.sample()
    clone = pickle.loads(pickle.dumps(box))
    assert clone == box
    assert np.array_equal(clone.sample(), box.sample())
    with pytest.raises(ValueError):
        clone.low[0] = 3.0


def test_clipped_infinite_integer_bounds_differ_from_finite_ones() -> None:
    unbounded = Box(-np.inf, 0, (2,), dtype=np.int8)
    finite = Box(-128, 0, (2,), dtype=np.int8)
    assert np.array_equal(unbounded.low, finite.low)
    assert unbounded != finite  # they sample differently
    assert unbounded == Box(-np.inf, 0, (2,), dtype=np.int8)
