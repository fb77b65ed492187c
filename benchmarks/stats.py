"""Intervals for the figures the report compares: a median with a distribution-free
confidence interval, and ratios taken round by round from the interleaved samples.

Why per-round ratios: the harness measures every variant once per round, adjacently (A B, then
B A, …), so a slow drift of a shared machine (another job starting, thermal throttling) hits
both members of a round alike. The ratio of the two samples of one round cancels that drift;
the ratio of two medians taken over different moments does not. The point estimate of a ratio
is therefore the median of the per-round ratios.

Why an order-statistic interval: the per-round values are few (7 rounds by default, 3 in a
quick run) and their distribution is unknown and skewed (a round disturbed by another process
is an outlier, not Gaussian noise). For n independent values from any continuous distribution,
the interval between the k-th smallest and the k-th largest value contains the true median with
probability ``1 - 2 * P(B <= k - 1)``, B ~ Binomial(n, 1/2) — an exact statement with no
distribution assumed. :func:`median_interval` takes the narrowest such interval whose coverage
reaches the confidence asked for (90% by default); with 7 rounds that is the min–max of the
rounds (coverage 98.4%), with 3 rounds no interval reaches 90% and the min–max is used, its
lower coverage (75%) stated.

How a goal is decided (:func:`verdict`): met when the whole interval clears the threshold,
not met when the whole interval misses it, within noise when the interval straddles it. Fewer
than :data:`MIN_ROUNDS` values decide nothing (within noise).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

DEFAULT_CONFIDENCE = 0.90
#: Below this many values no interval says anything (two values cover the median half the time).
MIN_ROUNDS = 3

MET = "met"
NOT_MET = "not met"
WITHIN_NOISE = "within noise"
NOT_MEASURED = "not measured"


@dataclass(frozen=True)
class Estimate:
    """A median ``value`` with the interval ``[low, high]`` that contains the true median with
    probability ``coverage``, from ``n`` values."""

    value: float
    low: float
    high: float
    coverage: float
    n: int

    def format(self, unit: str = "", digits: int = 3) -> str:
        """E.g. ``"1.02× (0.97–1.08, 98%)"``; ``unit`` is appended to each number."""
        return (
            f"{self.value:.{digits}g}{unit} ({self.low:.{digits}g}–{self.high:.{digits}g}{unit}, "
            f"{self.coverage:.0%})"
        )


def _coverage(n: int, k: int) -> float:
    """P(x_(k) <= true median <= x_(n+1-k)) for ``n`` i.i.d. continuous values."""
    below = sum(math.comb(n, i) for i in range(k)) / 2**n
    return max(0.0, 1.0 - 2.0 * below)


def median_interval(values: Sequence[float], confidence: float = DEFAULT_CONFIDENCE) -> Estimate:
    """The median of ``values`` with the narrowest order-statistic interval whose coverage is
    at least ``confidence`` (the min–max, and its own coverage, when none reaches it)."""
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence!r}")
    data = sorted(float(v) for v in values)
    n = len(data)
    if n == 0:
        raise ValueError("median_interval needs at least one value, got none")
    if any(math.isnan(v) for v in data):
        raise ValueError(f"median_interval got a NaN among {data}; drop failed samples first")
    k = 1
    while k + 1 <= (n + 1) // 2 and _coverage(n, k + 1) >= confidence:
        k += 1
    return Estimate(statistics.median(data), data[k - 1], data[n - k], _coverage(n, k), n)


def paired_ratios(
    numerator: Sequence[float], denominator: Sequence[float], higher_is_better: bool
) -> list[float]:
    """Round-by-round ratios "how many times better ``numerator`` is" (>1 = better): sample i
    of one against sample i of the other (the same interleaved round). A variant that stopped
    early has fewer samples: only the rounds both completed are paired."""
    pairs = list(zip(numerator, denominator))
    if higher_is_better:
        return [a / b for a, b in pairs]
    return [b / a for a, b in pairs]


def verdict(estimate: Estimate | None, threshold: float, at_most: bool = False) -> str:
    """:data:`MET` when the interval clears ``threshold`` (every value of it ``>= threshold``,
    or ``<= threshold`` with ``at_most``), :data:`NOT_MET` when it misses it entirely,
    :data:`WITHIN_NOISE` when it straddles it or holds fewer than :data:`MIN_ROUNDS` values,
    :data:`NOT_MEASURED` without an estimate."""
    if estimate is None:
        return NOT_MEASURED
    if estimate.n < MIN_ROUNDS:
        return WITHIN_NOISE
    if at_most:
        clears, misses = estimate.high <= threshold, estimate.low > threshold
    else:
        clears, misses = estimate.low >= threshold, estimate.high < threshold
    if clears:
        return MET
    if misses:
        return NOT_MET
    return WITHIN_NOISE
