"""Scoring laws, checked against the plain definition on arbitrary return sequences."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from gymkit_scoreboard.scoring import WINDOW, Score, same_score, score

returns_lists = st.lists(
    st.floats(min_value=-10, max_value=500, allow_nan=False), min_size=1, max_size=260
)


def plain_windows(returns: list[float]) -> list[float]:
    if len(returns) < WINDOW:
        return [sum(returns) / len(returns)]
    return [sum(returns[i : i + WINDOW]) / WINDOW for i in range(len(returns) - WINDOW + 1)]


@settings(max_examples=80, deadline=None)
@given(
    returns=st.lists(st.integers(-10, 500), min_size=1, max_size=260),
    threshold=st.integers(0, 500),
)
def test_episodes_to_threshold_is_the_start_of_the_first_reaching_window(returns, threshold):
    """Integer returns: every window mean is exact, so the law holds exactly."""
    lengths = np.arange(1, len(returns) + 1)
    result = score(np.array(returns, dtype=float), lengths, float(threshold))
    windows = plain_windows(returns)
    reaching = [i for i, m in enumerate(windows) if m >= threshold]
    if len(returns) >= WINDOW and reaching:
        assert result.solved and result.episodes_to_solve == reaching[0]
        assert result.steps_to_solve == int(lengths[: reaching[0]].sum())
    else:
        assert not result.solved and result.episodes_to_solve is None
    assert result.best_mean == max(windows)


@settings(max_examples=60, deadline=None)
@given(returns=returns_lists)
def test_without_threshold_the_score_is_the_best_window_mean(returns):
    result = score(np.array(returns), np.ones(len(returns), dtype=int), None)
    assert result.kind == "best-mean" and not result.solved
    assert np.isclose(result.best_mean, max(plain_windows(returns)))


def test_fewer_than_a_window_never_solves():
    assert not score(np.full(99, 500.0), np.full(99, 500), 475.0).solved
    solved = score(np.full(100, 500.0), np.full(100, 500), 475.0)
    assert solved.solved and solved.episodes_to_solve == 0 and solved.steps_to_solve == 0


def test_same_score_tolerance():
    def solved(n: int) -> Score:
        return Score("episodes-to-threshold", True, n, n * 100, 480.0)

    assert same_score(solved(100), solved(125)) and not same_score(solved(100), solved(126))
    assert same_score(solved(10), solved(30)) and not same_score(solved(10), solved(31))
    unsolved = Score("episodes-to-threshold", False, None, None, 100.0)
    assert not same_score(solved(10), unsolved)
    mean = Score("best-mean", False, None, None, -200.0)
    assert same_score(mean, Score("best-mean", False, None, None, -215.0))
    assert not same_score(mean, Score("best-mean", False, None, None, -230.0))
