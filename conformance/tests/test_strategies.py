"""The strategies: valid elements are contained, invalid ones refused, edges are reached."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gymkit import error
from gymkit.spaces import Box, Discrete, Space
from gymkit_conformance.strategies import (
    from_space,
    invalid_for_space,
    register_strategy,
    spaces,
)


def _draws(strategy: st.SearchStrategy, n: int = 300) -> list:
    """``n`` examples of ``strategy`` (Hypothesis-driven, so edges are over-represented)."""
    found: list = []

    @settings(max_examples=n, database=None)
    @given(strategy)
    def collect(value: object) -> None:
        found.append(value)

    collect()
    return found


@settings(max_examples=300)
@given(spaces().flatmap(lambda s: st.tuples(st.just(s), from_space(s), invalid_for_space(s))))
def test_generated_elements_are_contained_and_invalid_ones_refused(case: tuple) -> None:
    space, valid, invalid = case
    assert space.contains(valid), f"{space} refuses the generated element {valid!r}"
    assert not space.contains(invalid), f"{space} accepts the invalid value {invalid!r}"


@settings(max_examples=100)
@given(spaces(composite=False))
def test_leaf_spaces_sample_inside_themselves(space: Space) -> None:
    space.seed(0)
    assert space.contains(space.sample())


def test_every_discrete_value_is_generated() -> None:
    space = Discrete(5, start=-2)
    assert {int(v) for v in _draws(from_space(space))} == {-2, -1, 0, 1, 2}


def test_box_bounds_and_extremes_are_generated() -> None:
    space = Box(low=np.array([-1.0, 0.0], np.float32), high=np.array([1.0, 5.0], np.float32))
    values = np.stack(_draws(from_space(space)))
    assert values.dtype == np.float32
    assert np.any(values[:, 0] == -1.0) and np.any(values[:, 0] == 1.0)
    assert np.any(values[:, 1] == 0.0) and np.any(values[:, 1] == 5.0)
    unbounded = Box(-np.inf, np.inf, shape=(3,), dtype=np.float64)
    magnitudes = np.abs(np.concatenate(_draws(from_space(unbounded))))
    assert magnitudes.max() > 1e100, "no extreme magnitude reached on an unbounded Box"


def test_register_strategy_for_a_third_party_space() -> None:
    class Parity(Space):
        """Even integers below ``limit``."""

        def __init__(self, limit: int) -> None:
            super().__init__(shape=(), dtype=np.int64)
            self.limit = limit

        def contains(self, x: object) -> bool:
            return isinstance(x, int) and 0 <= x < self.limit and x % 2 == 0

    space = Parity(10)
    with pytest.raises(error.CustomSpaceError, match="register_strategy"):
        from_space(space)

    @register_strategy(Parity)
    def _parity(s: Parity) -> st.SearchStrategy[int]:
        return st.integers(0, (s.limit - 1) // 2).map(lambda k: 2 * k)

    @register_strategy(Parity, invalid=True)
    def _odd(s: Parity) -> st.SearchStrategy[int]:
        return st.integers(0, s.limit).map(lambda k: 2 * k + 1)

    assert all(space.contains(v) for v in _draws(from_space(space), 50))
    assert not any(space.contains(v) for v in _draws(invalid_for_space(space), 50))


def test_register_strategy_refuses_a_non_class() -> None:
    with pytest.raises(TypeError, match="space class"):
        register_strategy("Box")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "space",
    [
        Box(0, 255, (210, 160, 3), np.uint8),  # an Atari frame
        Box(-np.inf, np.inf, (40, 40), np.float32),
        Box(np.zeros(300), np.arange(300.0) + 1.0, dtype=np.float64),
    ],
    ids=["image", "unbounded", "per-element-bounds"],
)
def test_large_boxes_are_generated_within_budget_and_reach_the_bounds(space: Box) -> None:
    values = _draws(from_space(space), 60)
    assert all(space.contains(v) for v in values)
    finite_low = np.where(np.isfinite(space.low), space.low, np.finfo(np.float32).min / 4)
    assert any(np.array_equal(v, finite_low.astype(space.dtype)) for v in values)
    bad = _draws(invalid_for_space(space), 30)
    assert not any(space.contains(v) for v in bad)
