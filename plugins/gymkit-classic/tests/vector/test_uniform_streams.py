"""UniformStreams reads each sub-env's generator exactly as the single env would, across the
amortised refills (small blocks force many), in the generic and the fixed-unit layouts."""

from __future__ import annotations

import numpy as np
import pytest

from gymkit.utils.seeding import np_random
from gymkit_classic.classic_control.vector.base import UniformStreams


def _expected_streams(num_envs: int, seed: int, length: int) -> list[np.ndarray]:
    return [np_random(seed + i)[0].random(length) for i in range(num_envs)]


@pytest.mark.parametrize("block", [8, 10, 64])
def test_generic_draws_follow_each_generator_across_refills(block):
    num_envs, seed = 5, 3
    streams = UniformStreams(num_envs, block=block)
    for i in range(num_envs):
        streams.seed(i, seed + i)
    expected = _expected_streams(num_envs, seed, 2000)
    read = [0] * num_envs
    rng = np.random.default_rng(0)
    for _ in range(300):
        rows = np.flatnonzero(rng.random(num_envs) < 0.6)
        count = int(rng.integers(1, 4))
        by_variable = bool(rng.integers(2))
        draws = streams.draw(rows, count, by_variable=by_variable)
        if by_variable:
            draws = draws.T
        assert draws.shape == (len(rows), count)
        for row, values in zip(rows, draws):
            np.testing.assert_array_equal(values, expected[row][read[row] : read[row] + count])
            read[row] += count
    assert (streams.position <= block).all()


@pytest.mark.parametrize("order", [None, (0, 2, 1, 3), (3, 2, 1, 0)])
def test_unit_draws_follow_each_generator_in_the_asked_order(order):
    num_envs, seed, unit = 4, 11, 4
    streams = UniformStreams(num_envs, block=16, unit=unit, order=order)
    for i in range(num_envs):
        streams.seed(i, seed + i)
    expected = _expected_streams(num_envs, seed, 4000)
    permutation = list(order) if order is not None else list(range(unit))
    read = [0] * num_envs
    rng = np.random.default_rng(1)
    for _ in range(400):
        rows = np.flatnonzero(rng.random(num_envs) < 0.7)
        draws = streams.draw_units(rows)
        assert draws.shape == (len(rows), unit)
        for row, values in zip(rows, draws):
            wanted = expected[row][read[row] : read[row] + unit][permutation]
            np.testing.assert_array_equal(values, wanted)
            read[row] += unit
    # the generic entry point reads the same stream
    rows = np.arange(num_envs)
    draws = streams.draw(rows, unit)
    for row in rows:
        wanted = expected[row][read[row] : read[row] + unit][permutation]
        np.testing.assert_array_equal(draws[row], wanted)


def test_unseeded_streams_draw_fresh_entropy_and_bad_use_is_refused():
    streams = UniformStreams(3, block=8, unit=2)
    draws = streams.draw_units(np.arange(3))
    assert draws.shape == (3, 2) and ((draws >= 0) & (draws < 1)).all()
    with pytest.raises(ValueError, match="2 doubles at a time"):
        streams.draw(np.arange(3), 3)
    with pytest.raises(ValueError, match="permutation"):
        UniformStreams(2, unit=3, order=(0, 0, 1))
    with pytest.raises(ValueError, match="order needs unit"):
        UniformStreams(2, order=(1, 0))
    with pytest.raises(ValueError, match="at most 4"):
        UniformStreams(2, block=8).draw(np.arange(2), 5)
