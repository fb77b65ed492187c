"""The robotics arm cases: the peer's venv is found through GYMKIT_BENCH_ROBOTICS_PEER (a clear
"not measured" without it), and the gymkit variants take real samples."""

from __future__ import annotations

import pytest

from benchmarks import robotics_arm
from benchmarks.harness import Unavailable

pytest.importorskip("gymkit_robotics")


def test_without_the_peer_venv_the_peer_is_not_measured(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("GYMKIT_BENCH_ROBOTICS_PEER", raising=False)
    with pytest.raises(Unavailable, match="GYMKIT_BENCH_ROBOTICS_PEER"):
        robotics_arm.peer_python()
    monkeypatch.setenv("GYMKIT_BENCH_ROBOTICS_PEER", str(tmp_path / "missing" / "python"))
    with pytest.raises(Unavailable, match=r"mujoco==3\.11\.0"):
        robotics_arm.peer_python()
    variants = robotics_arm.push_variants(quick=True)
    assert [v.name for v in variants] == ["gymkit"]
    try:
        assert variants[0].sample() > 0
    finally:
        variants[0].teardown()


def test_the_reward_case_times_one_4096_goal_call() -> None:
    (variant,) = robotics_arm.reward_variants(quick=True)
    try:
        assert variant.sample() > 0
    finally:
        variant.teardown()
    names = [case.name for case in robotics_arm.cases()]
    assert names == ["step robotics/HeronPush-v1", "compute_reward x4096"]
