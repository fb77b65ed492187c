"""Presenting a run: a terminal table, a JSON file and the BENCHMARKS.md page."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks.goals import GOALS
from benchmarks.harness import Case, Result, ratio
from benchmarks.stats import MET, NOT_MEASURED, NOT_MET, WITHIN_NOISE

PEER_PACKAGES = [
    "gymkit-core",
    "gymkit-classic",
    "gymkit-atari",
    "gymkit-box2d",
    "gymkit-mujoco",
    "gymkit-conformance",
    "gymnasium",
    "envpool",
    "ale-py",
    "box2d",
    "pygame",
    "mujoco",
    "numpy",
]


def machine() -> dict[str, Any]:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for name in PEER_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "versions": versions,
    }


def _fmt(value: float) -> str:
    if value != value:  # NaN
        return "–"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def result_rows(cases: dict[str, Case], results: dict[str, list[Result]]) -> list[list[str]]:
    """One row per variant: case, variant, median, min–max, gymkit's ratio against it."""
    rows = []
    for name, rs in results.items():
        case = cases[name]
        lead = rs[0].variant if rs else "gymkit"
        for r in rs:
            if r.error and not r.samples:
                rows.append([name, r.variant, "n/a", r.error[:70], ""])
                continue
            rel = None if r.variant == lead else ratio(case, rs, lead, r.variant)
            rel_s = "" if rel is None else f"{lead} {rel.format('×')}"
            rows.append(
                [
                    name,
                    r.variant,
                    f"{_fmt(r.median)} {case.unit}",
                    f"{_fmt(r.low)} – {_fmt(r.high)}",
                    rel_s,
                ]
            )
    return rows


#: How each verdict reads in the tables.
VERDICT_MARKS = {
    MET: "✅ met",
    NOT_MET: "❌ not met",
    WITHIN_NOISE: "≈ within noise",
    NOT_MEASURED: "❌ not measured",
}


def goal_rows(cases: dict[str, Case], results: dict[str, list[Result]]) -> list[list[str]]:
    """One row per goal: text, source, measured figure with its interval, verdict."""
    rows = []
    for goal in GOALS:
        outcome = goal.evaluate(cases, results)
        rows.append([goal.text, goal.source, outcome.measured, VERDICT_MARKS[outcome.verdict]])
    return rows


def goal_records(cases: dict[str, Case], results: dict[str, list[Result]]) -> list[dict]:
    """The goals as JSON data: the figure, its interval and coverage, the verdict."""
    records = []
    for goal in GOALS:
        outcome = goal.evaluate(cases, results)
        est = outcome.estimate
        records.append(
            {
                "goal": goal.text,
                "source": goal.source,
                "threshold": goal.threshold,
                "at_most": goal.at_most,
                "measured": outcome.measured,
                "value": None if est is None else est.value,
                "interval": None if est is None else [est.low, est.high],
                "coverage": None if est is None else est.coverage,
                "rounds": None if est is None else est.n,
                "verdict": outcome.verdict,
                "met": outcome.met,
            }
        )
    return records


def print_tables(cases: dict[str, Case], results: dict[str, list[Result]]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title="gymkit benchmarks (median of interleaved repeats)")
    for column in ("case", "variant", "median", "min – max", "ratio (interval, coverage)"):
        table.add_column(column)
    for row in result_rows(cases, results):
        table.add_row(*row)
    console.print(table)
    goals = Table(title="goals (met only when the whole interval clears the threshold)")
    for column in ("goal", "issue", "measured (interval, coverage)", "verdict"):
        goals.add_column(column)
    for row in goal_rows(cases, results):
        goals.add_row(*row)
    console.print(goals)


def to_json(cases: dict[str, Case], results: dict[str, list[Result]], quick: bool) -> dict:
    return {
        "machine": machine(),
        "quick": quick,
        "results": [r.to_json() for rs in results.values() for r in rs],
        "goals": goal_records(cases, results),
    }


def write_json(path: Path, payload: dict) -> None:
    path.write_text(json.dumps(payload, indent=2) + "\n")


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def write_markdown(
    path: Path, cases: dict[str, Case], results: dict[str, list[Result]], payload: dict
) -> None:
    m = payload["machine"]
    versions = ", ".join(f"{k} {v}" for k, v in m["versions"].items() if v)
    goals_table = _md_table(
        ["goal", "issue", "measured (interval, coverage)", "verdict"], goal_rows(cases, results)
    )
    results_table = _md_table(
        ["case", "variant", "median", "min – max", "ratio (interval, coverage)"],
        result_rows(cases, results),
    )
    text = f"""# Benchmarks

Every figure below comes from one run of the harness in `benchmarks/`: gymkit and its peers
measured side by side in the same process (or the same fresh-interpreter recipe), interleaved
A B A B … after a warm-up; each cell is the median of the repeats with their min – max. Ratios
are "how many times better gymkit is" (higher throughput or lower latency), taken round by
round (each round measures every variant once, adjacently, so a drift of the shared machine
cancels) and reported as the median of the per-round ratios with a distribution-free confidence
interval for it: the narrowest interval between order statistics of the rounds whose coverage
is at least 90% (with 7 rounds, the min – max of the per-round ratios, 98%), its coverage in
parentheses. Absolute goals (ms, s) get the same interval over their samples.

A goal is **met** only when its whole interval clears the threshold, **not met** when its whole
interval misses it, and **within noise** when the interval straddles the threshold: this run
cannot tell. Shared machines are noisy: compare ratios, not absolute numbers across runs.

- **Date**: {m["date"]}{" (quick run)" if payload["quick"] else ""}
- **Machine**: {m["cpu"]}, {m["cores"]} cores, {m["platform"]}
- **Python** {m["python"]}; {versions}

## Goals

{goals_table}

## All results

{results_table}

Case notes:

{chr(10).join(f"- **{c.name}**: {c.description}" for c in cases.values() if c.name in results)}

## Reproduce

    python3 -m pip install 'nox[uv]' && nox -s bench

The session installs the peers (Gymnasium, EnvPool) into the benchmark environment only, runs
`python -m benchmarks --json benchmarks/results/latest.json --markdown BENCHMARKS.md`, and
rewrites this page. `python -m benchmarks --quick` is the ≤ 2-minute smoke run;
`--only PATTERN` selects cases by name (a regular expression).
"""
    path.write_text(text)
