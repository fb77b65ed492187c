"""Scores, as the page and docs/scoreboard.md state them.

- An env with a reward threshold: the number of episodes (and of steps) *before* the first
  100-episode window whose mean return reaches the threshold; fewer is better. If no window
  reaches it the evaluation is unsolved, ranked after every solved one by its best mean.
- An env without a threshold: the best mean return over 100 consecutive episodes (over all of
  them when there are fewer than 100); more is better.

Episodes are taken in wall-time order, every label (train, evaluation) together, as the
learning curve shows them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

WINDOW = 100
#: A reproduction reaches "the same score" when its episodes to the threshold differ by at most
#: this fraction of the original's, or by EPISODE_SLACK episodes, whichever is larger...
RELATIVE_TOLERANCE = 0.25
EPISODE_SLACK = 20
#: ...or, for a best-mean score, when the means differ by at most 10% of the original's size.
MEAN_TOLERANCE = 0.10


@dataclass(frozen=True)
class Score:
    kind: str  # "episodes-to-threshold" or "best-mean"
    solved: bool
    episodes_to_solve: int | None
    steps_to_solve: int | None
    best_mean: float


def window_means(returns: np.ndarray) -> np.ndarray:
    """Mean of every run of ``WINDOW`` consecutive returns (one value, the whole mean, when
    there are fewer)."""
    returns = np.asarray(returns, dtype=np.float64)
    if returns.size < WINDOW:
        return np.array([returns.mean()]) if returns.size else np.array([])
    sums = np.cumsum(np.concatenate([[0.0], returns]))
    return (sums[WINDOW:] - sums[:-WINDOW]) / WINDOW


def score(returns: np.ndarray, lengths: np.ndarray, threshold: float | None) -> Score:
    means = window_means(returns)
    best = float(means.max()) if means.size else float("nan")
    if threshold is None:
        return Score("best-mean", False, None, None, best)
    full = means if len(returns) >= WINDOW else np.array([])
    reached = np.flatnonzero(full >= threshold)
    if reached.size == 0:
        return Score("episodes-to-threshold", False, None, None, best)
    before = int(reached[0])  # the first reaching window starts after this many episodes
    steps = int(np.asarray(lengths[:before], dtype=np.int64).sum())
    return Score("episodes-to-threshold", True, before, steps, best)


def same_score(original: Score, reproduction: Score) -> bool:
    """Whether ``reproduction`` reached ``original``'s score within the tolerance."""
    if original.kind == "episodes-to-threshold" and original.solved:
        if not reproduction.solved:
            return False
        a, b = original.episodes_to_solve or 0, reproduction.episodes_to_solve or 0
        return abs(a - b) <= max(RELATIVE_TOLERANCE * a, EPISODE_SLACK)
    a, b = original.best_mean, reproduction.best_mean
    return bool(abs(a - b) <= MEAN_TOLERANCE * max(abs(a), 1e-9))


def sort_key(evaluation: object) -> tuple:
    """Best first: solved by fewest episodes, then unsolved (or no threshold) by best mean."""
    solved = bool(getattr(evaluation, "solved", False))
    if solved:
        return (0, getattr(evaluation, "episodes_to_solve", 0), getattr(evaluation, "id", 0))
    return (1, -float(getattr(evaluation, "best_mean", 0.0)), getattr(evaluation, "id", 0))
