"""The interval and verdict logic of the report, on given numbers (no timing anywhere)."""

from __future__ import annotations

import math
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.stats import (
    MET,
    NOT_MEASURED,
    NOT_MET,
    WITHIN_NOISE,
    Estimate,
    median_interval,
    paired_ratios,
    verdict,
)

VALUES = st.lists(st.floats(0.01, 1e6, allow_nan=False), min_size=1, max_size=40)


def test_seven_rounds_give_the_min_max_with_its_exact_coverage() -> None:
    est = median_interval([1.0, 0.9, 1.2, 1.1, 0.95, 1.05, 1.3])
    assert (est.low, est.value, est.high, est.n) == (0.9, 1.05, 1.3, 7)
    assert est.coverage == pytest.approx(1 - 2 / 2**7)  # 98.4%


def test_three_rounds_cannot_reach_90_percent_and_say_so() -> None:
    est = median_interval([3.0, 1.0, 2.0])
    assert (est.low, est.value, est.high) == (1.0, 2.0, 3.0)
    assert est.coverage == pytest.approx(0.75)


def test_many_rounds_give_an_inner_interval() -> None:
    est = median_interval(list(range(1, 21)))  # 20 rounds: k = 6 is the narrowest >= 90%
    assert (est.low, est.high) == (6, 15)
    assert est.coverage >= 0.90
    # one step narrower would fall below 90%
    narrower = 1 - 2 * sum(math.comb(20, i) for i in range(7)) / 2**20  # k = 7
    assert narrower < 0.90


@given(VALUES, st.sampled_from([0.5, 0.8, 0.9, 0.95]))
def test_the_interval_holds_the_median_and_reaches_the_confidence(values, confidence) -> None:
    est = median_interval(values, confidence)
    assert est.low <= est.value <= est.high
    assert est.value == statistics.median(values)
    assert est.low in values and est.high in values
    full = 1 - 2 / 2 ** len(values)  # the min–max's coverage, the most any interval has
    assert est.coverage >= confidence or (est.low, est.high) == (min(values), max(values))
    assert est.coverage <= full + 1e-12


def test_bad_input_is_refused_with_the_value() -> None:
    with pytest.raises(ValueError, match="at least one value"):
        median_interval([])
    with pytest.raises(ValueError, match="NaN"):
        median_interval([1.0, float("nan")])
    with pytest.raises(ValueError, match=r"confidence must lie strictly between 0 and 1, got 1\.5"):
        median_interval([1.0], 1.5)


def test_paired_ratios_pair_rounds_and_invert_latencies() -> None:
    assert paired_ratios([10.0, 20.0, 30.0], [5.0, 10.0], True) == [2.0, 2.0]
    assert paired_ratios([2.0, 4.0], [4.0, 4.0], False) == [2.0, 1.0]  # lower latency = better


def _est(low: float, high: float, n: int = 7) -> Estimate:
    return Estimate((low + high) / 2, low, high, 0.98, n)


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (1.01, 1.2, MET),
        (1.0, 1.2, MET),  # the whole interval is >= the threshold
        (0.97, 1.03, WITHIN_NOISE),  # "≥ Gymnasium" flipping between 0.97× and 1.03×
        (0.96, 0.98, NOT_MET),  # Pong against the raw loop at 0.96–0.98×
        (0.9, 1.0, WITHIN_NOISE),
    ],
)
def test_verdict_of_an_at_least_goal(low: float, high: float, expected: str) -> None:
    assert verdict(_est(low, high), 1.0) == expected


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [(18.0, 25.0, MET), (25.0, 31.0, WITHIN_NOISE), (31.0, 40.0, NOT_MET), (20.0, 30.0, MET)],
)
def test_verdict_of_an_at_most_goal(low: float, high: float, expected: str) -> None:
    assert verdict(_est(low, high), 30.0, at_most=True) == expected


def test_too_few_rounds_decide_nothing_and_none_is_not_measured() -> None:
    assert verdict(_est(5.0, 6.0, n=2), 1.0) == WITHIN_NOISE
    assert verdict(_est(0.1, 0.2, n=1), 1.0) == WITHIN_NOISE
    assert verdict(None, 1.0) == NOT_MEASURED
