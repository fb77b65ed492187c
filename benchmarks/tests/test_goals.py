"""Goals decided from given samples: met only when the interval of the per-round figures
clears the threshold; the report's tables and JSON say which verdict (no timing here)."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.goals import GOALS, Goal
from benchmarks.harness import Case, Result, ratio
from benchmarks.report import goal_rows, result_rows, to_json, write_markdown
from benchmarks.stats import MET, NOT_MEASURED, NOT_MET, WITHIN_NOISE


def _case(name: str, higher_is_better: bool = True, unit: str = "steps/s") -> Case:
    return Case(name, "test", unit, higher_is_better, lambda quick: [], "a made-up case")


def _results(name: str, unit: str = "steps/s", **samples: list[float]) -> list[Result]:
    return [Result(name, variant, unit, list(values)) for variant, values in samples.items()]


RATIO_GOAL = Goal("gymkit ≥ peer", "#test", "c", "gymkit", "peer", 1.0)


def _evaluate(goal: Goal, case: Case, rows: list[Result]):
    return goal.evaluate({case.name: case}, {case.name: rows})


def test_a_ratio_of_medians_above_the_goal_is_not_enough() -> None:
    # Medians 103 vs 100 (1.03×), but the per-round ratios run 0.97–1.09: this run cannot tell.
    case = _case("c")
    rows = _results(
        "c",
        gymkit=[97, 103, 109, 100, 106, 104, 102],
        peer=[100, 100, 100, 100, 100, 100, 100],
    )
    outcome = _evaluate(RATIO_GOAL, case, rows)
    assert outcome.verdict == WITHIN_NOISE and not outcome.met
    assert outcome.estimate is not None
    assert (outcome.estimate.low, outcome.estimate.high) == (0.97, 1.09)
    assert outcome.measured == "1.03× (0.97–1.09×, 98%)"


def test_rounds_are_paired_so_a_shared_drift_cancels() -> None:
    # The machine slows down 3× over the run; gymkit is 1.1× the peer in every round.
    case = _case("c")
    peer = [300, 250, 200, 150, 120, 110, 100]
    rows = _results("c", gymkit=[p * 1.1 for p in peer], peer=peer)
    outcome = _evaluate(RATIO_GOAL, case, rows)
    assert outcome.verdict == MET
    assert outcome.estimate is not None and abs(outcome.estimate.low - 1.1) < 1e-12


def test_wholly_below_is_not_met() -> None:
    case = _case("c")
    rows = _results("c", gymkit=[96, 97, 98, 97, 96, 98, 97], peer=[100] * 7)
    assert _evaluate(RATIO_GOAL, case, rows).verdict == NOT_MET


def test_latency_goals_use_the_interval_of_the_samples() -> None:
    case = _case("import", higher_is_better=False, unit="ms")
    goal = Goal("import ≤ 30 ms", "#test", "import", "gymkit", None, 30.0, at_most=True)
    met = _evaluate(goal, case, _results("import", "ms", gymkit=[19, 20, 22, 21, 19, 20, 25]))
    assert met.verdict == MET and met.measured == "20 ms (19–25 ms, 98%)"
    noisy = _evaluate(goal, case, _results("import", "ms", gymkit=[19, 20, 22, 21, 19, 20, 35]))
    assert noisy.verdict == WITHIN_NOISE
    slow = _evaluate(goal, case, _results("import", "ms", gymkit=[31, 32, 33, 31, 32, 34, 40]))
    assert slow.verdict == NOT_MET


def test_latency_ratios_are_inverted() -> None:
    case = _case("c", higher_is_better=False, unit="ms")
    rows = _results("c", gymkit=[10, 10, 10], peer=[20, 22, 24])
    estimate = ratio(case, rows, "gymkit", "peer")
    assert estimate is not None and (estimate.low, estimate.value, estimate.high) == (2, 2.2, 2.4)


def test_missing_figures_are_not_measured() -> None:
    case = _case("c")
    assert _evaluate(RATIO_GOAL, case, _results("c", gymkit=[1.0])).verdict == NOT_MEASURED
    failed = [Result("c", "gymkit", "steps/s", error="peer exploded")]
    outcome = _evaluate(RATIO_GOAL, case, failed)
    assert outcome.verdict == NOT_MEASURED and "peer exploded" in outcome.measured
    assert RATIO_GOAL.evaluate({}, {}).verdict == NOT_MEASURED


def test_the_report_shows_intervals_and_verdicts(tmp_path: Path) -> None:
    name = "sync CartPole x8"
    goal = next(g for g in GOALS if g.case == name)
    cases = {name: _case(name)}
    results = {
        name: _results(
            name,
            **{goal.numerator: [95, 90, 92, 93, 91, 94, 90], goal.denominator: [100] * 7},
        )
    }
    rows = {row[0]: row for row in goal_rows(cases, results)}
    assert rows[goal.text][2] == "0.92× (0.9–0.95×, 98%)"
    assert rows[goal.text][3] == "✅ met"  # ≥ 0.9 over the whole interval
    others = [row for text, row in rows.items() if text != goal.text]
    assert others and all(row[3] == "❌ not measured" for row in others)
    variant_rows = result_rows(cases, results)
    assert variant_rows[1][4] == f"{goal.numerator} 0.92× (0.9–0.95×, 98%)"

    payload = to_json(cases, results, quick=False)
    record = next(r for r in payload["goals"] if r["goal"] == goal.text)
    assert record["verdict"] == MET and record["met"] is True
    assert record["interval"] == [0.9, 0.95] and record["rounds"] == 7
    json.dumps(payload)  # JSON-ready

    page = tmp_path / "BENCHMARKS.md"
    write_markdown(page, cases, results, payload)
    text = page.read_text()
    assert "| measured (interval, coverage) | verdict |" in text
    assert "0.92× (0.9–0.95×, 98%) | ✅ met |" in text
    assert "**within noise** when the interval straddles the threshold" in text
