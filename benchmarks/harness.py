"""Interleaved measurement: the one place that decides how a number is taken.

A :class:`Case` holds named :class:`Variant` s (``"gymkit"``, ``"gymnasium"``, ``"envpool"``…).
Each variant is a zero-argument callable returning one sample in the case's unit. The runner
warms every variant up, then takes ``repeats`` rounds, each round running every variant once, in
an order that alternates round by round (A B, B A, …) so slow drifts of a shared machine hit all
variants alike.
"""

from __future__ import annotations

import contextlib
import gc
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from benchmarks.stats import Estimate, median_interval, paired_ratios


@dataclass
class Variant:
    """One contender of a case. ``setup`` builds what ``sample`` measures (excluded from timing)."""

    name: str
    sample: Callable[[], float]
    teardown: Callable[[], None] | None = None


@dataclass
class Case:
    """A benchmark: variants measured side by side in one unit.

    ``higher_is_better`` is True for throughputs (steps/s) and False for latencies (ms).
    ``baseline`` names the variant the others are compared against in ratios ("gymkit" compared
    with each peer unless stated).
    """

    name: str
    group: str
    unit: str
    higher_is_better: bool
    build: Callable[[bool], list[Variant]]  # build(quick) -> variants; may raise Unavailable
    description: str = ""


class Unavailable(Exception):
    """A variant or case cannot run here (a peer that doesn't install, a family not present)."""


@dataclass
class Result:
    """The samples of one variant, with the statistics reported."""

    case: str
    variant: str
    unit: str
    samples: list[float] = field(default_factory=list)
    error: str | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else float("nan")

    @property
    def low(self) -> float:
        return min(self.samples) if self.samples else float("nan")

    @property
    def high(self) -> float:
        return max(self.samples) if self.samples else float("nan")

    def to_json(self) -> dict[str, Any]:
        return {
            "case": self.case,
            "variant": self.variant,
            "unit": self.unit,
            "median": self.median,
            "min": self.low,
            "max": self.high,
            "samples": self.samples,
            "error": self.error,
        }


def run_case(case: Case, *, quick: bool, repeats: int, warmup: int = 1) -> list[Result]:
    """Measure every variant of ``case`` interleaved; a failing variant is reported, not fatal."""
    try:
        variants = case.build(quick)
    except Unavailable as exc:
        return [Result(case.name, "*", case.unit, error=str(exc))]
    except Exception as exc:  # a case that cannot be set up is a row with its error, not a crash
        return [Result(case.name, "*", case.unit, error=f"{type(exc).__name__}: {exc}")]
    results = {v.name: Result(case.name, v.name, case.unit) for v in variants}
    live = list(variants)
    for _ in range(warmup):
        live = [v for v in live if _take(v, results[v.name], record=False)]
    for round_index in range(repeats):
        order = live if round_index % 2 == 0 else list(reversed(live))
        for variant in order:
            if not _take(variant, results[variant.name], record=True):
                live.remove(variant)
    for variant in variants:
        if variant.teardown is not None:
            with contextlib.suppress(Exception):  # a peer's cleanup must not stop the run
                variant.teardown()
    return list(results.values())


def _take(variant: Variant, result: Result, *, record: bool) -> bool:
    gc.collect()
    try:
        value = variant.sample()
    except Unavailable as exc:
        result.error = str(exc)
        return False
    except Exception as exc:
        result.error = f"{type(exc).__name__}: {exc}"
        return False
    if record:
        result.samples.append(value)
    return True


def ratio(case: Case, results: list[Result], numerator: str, denominator: str) -> Estimate | None:
    """How much better ``numerator`` is than ``denominator`` (>1 = better): the median of the
    per-round ratios with its interval (see :mod:`benchmarks.stats`); ``None`` when either
    has no samples."""
    by_name = {r.variant: r for r in results}
    a, b = by_name.get(numerator), by_name.get(denominator)
    if a is None or b is None or not a.samples or not b.samples:
        return None
    return median_interval(paired_ratios(a.samples, b.samples, case.higher_is_better))
