"""InvertedDoublePendulum-v5/-v4 against Gymnasium 1.4: compiled model, resets, dynamics."""

from __future__ import annotations

import sys
from pathlib import Path

import mujoco
import numpy as np
import pytest
from gymnasium.envs.mujoco import inverted_double_pendulum_v4, inverted_double_pendulum_v5

from gymkit_mujoco.base import ASSETS_DIR
from gymkit_mujoco.inverted_double_pendulum import (
    InvertedDoublePendulumEnv,
    InvertedDoublePendulumV4Env,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _arm_parity import (
    GYMNASIUM_ASSETS,
    assert_registry_matches,
    assert_same_reset,
    model_differences,
    run_lockstep,
)

# an LQR gain of the upright (see tests/test_controllers.py), on (x, angle1, angle2, velocities)
GAIN = np.array([0.088, 0.957, 4.40, 0.178, 0.603, 0.661])


def balancing(obs: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    angles = np.arctan2(obs[1:3], obs[3:5])
    state = np.concatenate(([obs[0]], angles, obs[5:8]))
    return np.array([-GAIN @ state + rng.normal(0.0, 0.3)])


def test_compiled_model_is_gymnasiums() -> None:
    ours = mujoco.MjModel.from_xml_path(str(ASSETS_DIR / "inverted_double_pendulum.xml"))
    theirs = mujoco.MjModel.from_xml_path(str(GYMNASIUM_ASSETS / "inverted_double_pendulum.xml"))
    # Gymnasium's file also carries a custom numeric "frame_skip" = 2 that nothing reads (the
    # task steps 5 frames); gymkit's model leaves it out, and with it its name.
    ignore = {
        "nnumeric", "nnumericdata", "numeric_adr", "numeric_data", "numeric_size",
        "name_numericadr", "nnames", "nnames_map", "names_map", "nbuffer",
    }  # fmt: skip
    assert model_differences(ours, theirs, ignore=ignore) == []


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (InvertedDoublePendulumEnv, inverted_double_pendulum_v5.InvertedDoublePendulumEnv),
        (InvertedDoublePendulumV4Env, inverted_double_pendulum_v4.InvertedDoublePendulumEnv),
    ],
    ids=["v5", "v4"],
)
def test_same_seed_same_reset(ours: type, theirs: type) -> None:
    assert_same_reset(ours(), theirs(), seeds=range(10))


@pytest.mark.parametrize(
    ("ours", "theirs", "kwargs"),
    [
        (InvertedDoublePendulumEnv, inverted_double_pendulum_v5.InvertedDoublePendulumEnv, {}),
        (InvertedDoublePendulumV4Env, inverted_double_pendulum_v4.InvertedDoublePendulumEnv, {}),
        (
            InvertedDoublePendulumEnv,
            inverted_double_pendulum_v5.InvertedDoublePendulumEnv,
            {"frame_skip": 4, "healthy_reward": 3.5, "reset_noise_scale": 0.02},
        ),
    ],
    ids=["v5", "v4", "v5-options"],
)
def test_lockstep_dynamics(ours: type, theirs: type, kwargs: dict) -> None:
    a, b = ours(**kwargs), theirs(**kwargs)
    assert a.dt == b.dt
    assert a.metadata["render_fps"] == b.metadata["render_fps"]
    episodes = run_lockstep(
        a, b, steps=1500, episode_length=1000, policy=balancing, perturb_state=0.05
    )
    assert episodes >= 2


def test_lockstep_random_actions_v5() -> None:
    """Actions from the whole range (and beyond: MuJoCo clamps the control) topple the poles
    within a few steps: many terminations, each compared, with the slider hitting its limit."""
    a, b = InvertedDoublePendulumEnv(), inverted_double_pendulum_v5.InvertedDoublePendulumEnv()
    episodes = run_lockstep(
        a, b, steps=1000, episode_length=1000, policy=lambda o, r: r.uniform(-1.5, 1.5, 1)
    )
    assert episodes >= 20


@pytest.mark.parametrize("env_id", ["InvertedDoublePendulum-v5", "InvertedDoublePendulum-v4"])
def test_registered_ids_match(env_id: str) -> None:
    assert_registry_matches(env_id)
