"""Every performance goal named in the issues and the design brief, checked against a run.

Each figure carries its interval from the interleaved rounds, and a goal is "met" only when the
whole interval clears it, "not met" when the whole interval misses it, and "within noise" when
the interval straddles it (:mod:`benchmarks.stats`). A goal whose case did not run (its family is
not built yet, its peer did not install) stays in the table as "not measured" and counts as not
met, so a missing figure is never mistaken for a passing one.
"""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks.harness import Case, Result, ratio
from benchmarks.stats import MET, NOT_MEASURED, Estimate, median_interval, verdict


@dataclass(frozen=True)
class Outcome:
    """A goal checked against a run: ``measured`` is the figure with its interval as text,
    ``verdict`` one of :mod:`benchmarks.stats`' ``MET``, ``NOT_MET``, ``WITHIN_NOISE``,
    ``NOT_MEASURED``; ``estimate`` the numbers (``None`` when not measured)."""

    measured: str
    verdict: str
    estimate: Estimate | None = None

    @property
    def met(self) -> bool:
        return self.verdict == MET


@dataclass(frozen=True)
class Goal:
    """``text`` is met when ``case``'s measure clears ``threshold`` with its whole interval.

    ``denominator=None`` makes it an absolute goal on the median of ``numerator``'s samples
    (``at_most`` for latencies); otherwise it is a ratio goal: how much better ``numerator`` is
    than ``denominator`` (1.0 = equal), the median of the per-round ratios, which must be
    ``>= threshold``. See :mod:`benchmarks.stats` for the interval and the verdict.
    """

    text: str
    source: str
    case: str
    numerator: str
    denominator: str | None
    threshold: float
    at_most: bool = False

    def evaluate(self, cases: dict[str, Case], results: dict[str, list[Result]]) -> Outcome:
        if self.case not in results:
            return Outcome("not measured (case not run)", NOT_MEASURED)
        case, rows = cases[self.case], results[self.case]
        by_name = {r.variant: r for r in rows}
        num = by_name.get(self.numerator)
        if num is None or not num.samples:
            reason = num.error if num is not None and num.error else _first_error(rows)
            return Outcome(f"not measured ({reason})", NOT_MEASURED)
        if self.denominator is None:
            estimate = median_interval(num.samples)
            return Outcome(
                estimate.format(f" {case.unit}"),
                verdict(estimate, self.threshold, self.at_most),
                estimate,
            )
        found = ratio(case, rows, self.numerator, self.denominator)
        if found is None:
            den = by_name.get(self.denominator)
            reason = den.error if den is not None and den.error else f"no {self.denominator} run"
            return Outcome(f"not measured ({reason})", NOT_MEASURED)
        return Outcome(found.format("×"), verdict(found, self.threshold), found)


def _first_error(rows: list[Result]) -> str:
    for row in rows:
        if row.error:
            return row.error
    return "no samples"


GOALS = [
    Goal("`import gymkit` ≤ 30 ms", "#2", "import", "gymkit", None, 30.0, at_most=True),
    Goal(
        "first `make` with every plugin installed ≤ 50 ms",
        "#3",
        "first-make",
        "gymkit",
        None,
        50.0,
        at_most=True,
    ),
    *[
        Goal(
            f"{env_id} single-env steps/s ≥ 3× Gymnasium",
            "#4",
            f"step {env_id}",
            "gymkit",
            "gymnasium",
            3.0,
        )
        for env_id in ("CartPole-v1", "MountainCar-v0", "Acrobot-v1", "Pendulum-v1")
    ],
    Goal(
        "Certify CartPole-v1 (≥ 100 examples per property) ≤ 10 s",
        "#5",
        "certify CartPole-v1",
        "gymkit",
        None,
        10.0,
        at_most=True,
    ),
    Goal(
        "native CartPole ×1024 ≥ 3× Gymnasium's native vector",
        "#8",
        "native CartPole x1024",
        "gymkit",
        "gymnasium",
        3.0,
    ),
    Goal(
        "native CartPole ×16 ≥ EnvPool ×16", "#8", "native CartPole x16", "gymkit", "envpool", 1.0
    ),
    Goal(
        "SyncVectorEnv overhead ≤ 10% over a bare loop",
        "#8",
        "sync CartPole x8",
        "gymkit-sync",
        "bare-loop",
        0.9,
    ),
    Goal(
        "AsyncVectorEnv ×2 on a CPU-heavy env ≥ 1.6× a single env",
        "#8",
        "async busy x2",
        "gymkit-async-x2",
        "gymkit-single",
        1.6,
    ),
    Goal(
        "single-env ALE/Pong-v5 ≥ 95% of the raw ale-py act loop",
        "#9",
        "step ALE/Pong-v5",
        "gymkit",
        "ale-py-raw",
        0.95,
    ),
    Goal(
        "single-env ALE/Pong-v5 ≥ Gymnasium + ale-py",
        "#9",
        "step ALE/Pong-v5",
        "gymkit",
        "gymnasium",
        1.0,
    ),
    Goal(
        "native Atari vector ×8, 2 threads ≥ EnvPool Pong ×8, 2 threads",
        "#9",
        "native Pong x8",
        "gymkit",
        "envpool",
        1.0,
    ),
    *[
        Goal(
            f"{task}-v5 single-env ≥ 90% of the raw mj_step loop",
            "#15",
            f"step {task}-v5",
            "gymkit",
            "mujoco-raw",
            0.9,
        )
        for task in (
            "Reacher",
            "Pusher",
            "InvertedPendulum",
            "InvertedDoublePendulum",
            "HalfCheetah",
            "Hopper",
            "Swimmer",
            "Walker2d",
            "Ant",
            "Humanoid",
            "HumanoidStandup",
        )
    ],
    *[
        Goal(
            f"{task}-v5 single-env ≥ 1.5× Gymnasium",
            "#15",
            f"step {task}-v5",
            "gymkit",
            "gymnasium",
            1.5,
        )
        for task in ("Hopper", "HalfCheetah", "Ant", "Humanoid")
    ],
    Goal(
        "native Hopper ×8, 2 threads ≥ EnvPool Hopper-v4 ×8, 2 threads",
        "#15",
        "native Hopper x8",
        "gymkit",
        "envpool",
        1.0,
    ),
    Goal(
        "native Hopper ×8, 2 threads ≥ 1.7× one env",
        "#15",
        "native Hopper x8",
        "gymkit",
        "gymkit-single",
        1.7,
    ),
    Goal(
        "CarRacing-v3 single-env ≥ 10× Gymnasium",
        "#14",
        "step CarRacing-v3",
        "gymkit",
        "gymnasium",
        10.0,
    ),
    Goal(
        "single-env LunarLander-v3 ≥ 2× Gymnasium",
        "#14",
        "step LunarLander-v3",
        "gymkit",
        "gymnasium",
        2.0,
    ),
    Goal(
        "single-env LunarLander-v3 ≥ 90% of the raw b2World.Step loop",
        "#14",
        "step LunarLander-v3",
        "gymkit",
        "box2d-raw",
        0.9,
    ),
    Goal(
        "BipedalWalker-v3 single-env ≥ 2× Gymnasium",
        "#14",
        "step BipedalWalker-v3",
        "gymkit",
        "gymnasium",
        2.0,
    ),
    Goal(
        "BipedalWalker-v3 single-env ≥ 90% of the raw world.Step loop",
        "#14",
        "step BipedalWalker-v3",
        "gymkit",
        "box2d-raw",
        0.9,
    ),
    Goal(
        "to_gymnasium(CartPole-v1) costs ≤ 5% of a step (≥ 0.95× the bare env's steps/s)",
        "#18",
        "adapter CartPole-v1",
        "to_gymnasium",
        "gymkit",
        0.95,
    ),
    Goal(
        "from_gymnasium(to_gymnasium(CartPole-v1)) costs ≤ 5% of a step",
        "#18",
        "adapter CartPole-v1",
        "round trip",
        "gymkit",
        0.95,
    ),
    Goal(
        "to_gymnasium_vector(native CartPole x8) costs ≤ 5% of a step",
        "#18",
        "adapter CartPole-v1 x8 native",
        "to_gymnasium",
        "gymkit",
        0.95,
    ),
    Goal(
        "robotics/HeronPush-v1 single-env steps/s ≥ 1.5× Gymnasium-Robotics FetchPush-v4",
        "#16",
        "step robotics/HeronPush-v1",
        "gymkit",
        "gymnasium-robotics",
        1.5,
    ),
    Goal(
        "compute_reward on 4096 relabelled goals ≤ 1 ms",
        "#16",
        "compute_reward x4096",
        "gymkit",
        None,
        1.0,
        at_most=True,
    ),
]
