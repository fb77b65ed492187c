"""gymkit.wrappers.utils: the running mean/variance shared by every normaliser, and helpers."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from gymkit import error
from gymkit.spaces import Box, Dict, Discrete, MultiBinary, MultiDiscrete, Text, Tuple
from gymkit.wrappers.utils import RunningMeanStd, affine_map, zero_element

data_arrays = hnp.arrays(
    np.float64,
    st.tuples(st.integers(1, 40), st.integers(1, 3)),
    elements=st.floats(-1e4, 1e4, allow_nan=False),
)


@given(data=data_arrays, cuts=st.lists(st.integers(0, 40), max_size=6))
def test_batches_in_any_split_give_numpys_mean_and_var(data, cuts):
    rms = RunningMeanStd(shape=data.shape[1:])
    bounds = sorted({0, len(data), *(c for c in cuts if c < len(data))})
    for start, stop in itertools.pairwise(bounds):
        rms.update(data[start:stop])
    rms.update(data[:0])  # an empty batch changes nothing
    assert rms.count == len(data)
    np.testing.assert_allclose(rms.mean, data.mean(axis=0), rtol=1e-9, atol=1e-8)
    np.testing.assert_allclose(rms.var, data.var(axis=0), rtol=1e-7, atol=1e-5)


@given(data=data_arrays)
def test_pushing_samples_one_by_one_gives_numpys_mean_and_var(data):
    rms = RunningMeanStd(shape=data.shape[1:])
    for sample in data:
        rms.push(sample)
    assert rms.count == len(data)
    np.testing.assert_allclose(rms.mean, data.mean(axis=0), rtol=1e-9, atol=1e-8)
    np.testing.assert_allclose(rms.var, data.var(axis=0), rtol=1e-7, atol=1e-5)


def test_initial_state_and_shape_errors():
    rms = RunningMeanStd(shape=(2,))
    np.testing.assert_array_equal(rms.normalize(np.array([3.0, -1.0]), epsilon=0.0), [3.0, -1.0])
    with pytest.raises(ValueError, match=r"\(n, \*\(2,\)\)"):
        rms.update(np.zeros(2))
    with pytest.raises(ValueError, match=r"shape \(2,\)"):
        rms.push(np.zeros(3))


def test_affine_map_maps_bounds_onto_bounds():
    scale, offset = affine_map(np.array([0.0, -2.0]), np.array([10.0, 2.0]), -1.0, 1.0)
    np.testing.assert_allclose(np.array([0.0, -2.0]) * scale + offset, [-1.0, -1.0])
    np.testing.assert_allclose(np.array([10.0, 2.0]) * scale + offset, [1.0, 1.0])


def test_zero_element_is_in_the_space():
    spaces = [
        Box(1.0, 5.0, (2,)),
        Box(-5, -1, (3,), dtype=np.int64),
        Discrete(4, start=-2),
        MultiDiscrete([3, 4], start=[1, 2]),
        MultiBinary(5),
        Tuple((Discrete(2), Dict({"a": Box(-1, 1, (1,))}))),
    ]
    for space in spaces:
        assert zero_element(space) in space
    np.testing.assert_array_equal(zero_element(spaces[0]), [1.0, 1.0])
    with pytest.raises(error.CustomSpaceError, match="Text"):
        zero_element(Text(5))
