"""Reacher-v5/-v4 against Gymnasium 1.4: compiled model, resets (goal draws), dynamics."""

from __future__ import annotations

import sys
from pathlib import Path

import mujoco
import numpy as np
import pytest
from gymnasium.envs.mujoco import reacher_v4, reacher_v5

from gymkit_mujoco.base import ASSETS_DIR
from gymkit_mujoco.reacher import ReacherEnv, ReacherV4Env

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _arm_parity import (
    GYMNASIUM_ASSETS,
    assert_registry_matches,
    assert_same,
    assert_same_reset,
    model_differences,
    run_lockstep,
)

EPISODE = 50  # the registry's limit: 1000 steps are 20 chained episodes


def wide_random(obs: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Controls over the whole range and 20% beyond it (MuJoCo clamps them; the control cost
    sees the action as given)."""
    return rng.uniform(-1.2, 1.2, 2)


def test_compiled_model_is_gymnasiums() -> None:
    ours = mujoco.MjModel.from_xml_path(str(ASSETS_DIR / "reacher.xml"))
    theirs = mujoco.MjModel.from_xml_path(str(GYMNASIUM_ASSETS / "reacher.xml"))
    assert model_differences(ours, theirs) == []


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [(ReacherEnv, reacher_v5.ReacherEnv), (ReacherV4Env, reacher_v4.ReacherEnv)],
    ids=["v5", "v4"],
)
def test_same_seed_same_reset(ours: type, theirs: type) -> None:
    a, b = ours(), theirs()
    assert_same_reset(a, b, seeds=range(20))
    a.reset(seed=7)
    b.reset(seed=7)
    assert_same(a.goal, b.goal, "goal")


@pytest.mark.parametrize(
    ("ours", "theirs", "kwargs"),
    [
        (ReacherEnv, reacher_v5.ReacherEnv, {}),
        (ReacherV4Env, reacher_v4.ReacherEnv, {}),
        (
            ReacherEnv,
            reacher_v5.ReacherEnv,
            {"frame_skip": 3, "reward_dist_weight": 2.5, "reward_control_weight": 0.1},
        ),
    ],
    ids=["v5", "v4", "v5-options"],
)
def test_lockstep_dynamics(ours: type, theirs: type, kwargs: dict) -> None:
    a, b = ours(**kwargs), theirs(**kwargs)
    assert a.dt == b.dt
    assert a.metadata["render_fps"] == b.metadata["render_fps"]
    episodes = run_lockstep(
        a, b, steps=1200, episode_length=EPISODE, policy=wide_random, perturb_state=0.05
    )
    assert episodes == 24


def test_float64_actions_v5() -> None:
    a, b = ReacherEnv(), reacher_v5.ReacherEnv()
    run_lockstep(
        a,
        b,
        steps=200,
        episode_length=EPISODE,
        policy=lambda o, r: r.uniform(-1, 1, 2),
        seed=5,
    )
    # float64 through the same path: the control cost in double precision in both
    a.reset(seed=1)
    b.reset(seed=1)
    action = np.array([0.123456789012345, -0.98765432109876])
    ra, rb = a.step(action)[1], b.step(action.copy())[1]
    assert_same(ra, rb, "reward with a float64 action")


@pytest.mark.parametrize("env_id", ["Reacher-v5", "Reacher-v4"])
def test_registered_ids_match(env_id: str) -> None:
    assert_registry_matches(env_id)


@pytest.mark.parametrize("weight", [np.float64(0.3), np.float32(0.3), 2])
def test_numpy_and_int_control_weights(weight: object) -> None:
    """The control weight's type takes part in NumPy's promotion of the float32 cost as in the
    reference (an np.float64 weight gives a float64 product, a Python number a float32 one)."""
    a = ReacherEnv(reward_control_weight=weight)
    b = reacher_v5.ReacherEnv(reward_control_weight=weight)
    run_lockstep(a, b, steps=150, episode_length=EPISODE, policy=wide_random, seed=3)
