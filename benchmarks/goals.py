"""Every performance goal named in the issues and the design brief, checked against a run.

A goal whose case did not run (its family is not built yet, its peer did not install) stays in
the table as "not measured" and counts as not met, so a missing figure is never mistaken for a
passing one.
"""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks.harness import Case, Result, ratio


@dataclass(frozen=True)
class Goal:
    """``text`` is met when ``case``'s measure passes ``threshold``.

    ``denominator=None`` makes it an absolute goal on the median of ``numerator``
    (``at_most`` for latencies); otherwise it is a ratio goal: how much better ``numerator`` is
    than ``denominator`` (1.0 = equal), which must be ≥ ``threshold``.
    """

    text: str
    source: str
    case: str
    numerator: str
    denominator: str | None
    threshold: float
    at_most: bool = False

    def evaluate(
        self, cases: dict[str, Case], results: dict[str, list[Result]]
    ) -> tuple[str, bool]:
        if self.case not in results:
            return "not measured (case not run)", False
        case, rows = cases[self.case], results[self.case]
        by_name = {r.variant: r for r in rows}
        num = by_name.get(self.numerator)
        if num is None or not num.samples:
            reason = num.error if num is not None and num.error else _first_error(rows)
            return f"not measured ({reason})", False
        if self.denominator is None:
            value = num.median
            ok = value <= self.threshold if self.at_most else value >= self.threshold
            return f"{value:.3g} {case.unit}", ok
        r = ratio(case, rows, self.numerator, self.denominator)
        if r is None:
            den = by_name.get(self.denominator)
            reason = den.error if den is not None and den.error else f"no {self.denominator} run"
            return f"not measured ({reason})", False
        return f"{r:.2f}×", r >= self.threshold


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
    Goal(
        "MuJoCo single-env ≥ 90% of the raw mj_step loop",
        "design brief",
        "step HalfCheetah-v5",
        "gymkit",
        "mujoco-raw",
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
]
