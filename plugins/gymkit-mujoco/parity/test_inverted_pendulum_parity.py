"""InvertedPendulum-v5/-v4 against Gymnasium 1.4: compiled model, reset states, dynamics."""

from __future__ import annotations

import sys
from pathlib import Path

import mujoco
import numpy as np
import pytest
from gymnasium.envs.mujoco import inverted_pendulum_v4, inverted_pendulum_v5

from gymkit_mujoco.base import ASSETS_DIR
from gymkit_mujoco.inverted_pendulum import InvertedPendulumEnv, InvertedPendulumV4Env

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _arm_parity import (
    GYMNASIUM_ASSETS,
    assert_registry_matches,
    assert_same_reset,
    model_differences,
    run_lockstep,
)

# a state-feedback gain that keeps the pole up for a while; the noise added to it makes the
# trajectories wander over the state space, and falls end episodes early
GAIN = np.array([0.5, 8.0, 0.6, 1.0])


def balancing(obs: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    return np.array([GAIN @ obs + rng.normal(0.0, 0.6)])


def test_compiled_model_is_gymnasiums() -> None:
    ours = mujoco.MjModel.from_xml_path(str(ASSETS_DIR / "inverted_pendulum.xml"))
    theirs = mujoco.MjModel.from_xml_path(str(GYMNASIUM_ASSETS / "inverted_pendulum.xml"))
    assert model_differences(ours, theirs) == []


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (InvertedPendulumEnv, inverted_pendulum_v5.InvertedPendulumEnv),
        (InvertedPendulumV4Env, inverted_pendulum_v4.InvertedPendulumEnv),
    ],
    ids=["v5", "v4"],
)
def test_same_seed_same_reset(ours: type, theirs: type) -> None:
    assert_same_reset(ours(), theirs(), seeds=range(10))


@pytest.mark.parametrize(
    ("ours", "theirs", "kwargs"),
    [
        (InvertedPendulumEnv, inverted_pendulum_v5.InvertedPendulumEnv, {}),
        (InvertedPendulumV4Env, inverted_pendulum_v4.InvertedPendulumEnv, {}),
        (
            InvertedPendulumEnv,
            inverted_pendulum_v5.InvertedPendulumEnv,
            {"frame_skip": 3, "reset_noise_scale": 0.05},
        ),
    ],
    ids=["v5", "v4", "v5-options"],
)
def test_lockstep_dynamics(ours: type, theirs: type, kwargs: dict) -> None:
    a, b = ours(**kwargs), theirs(**kwargs)
    assert a.dt == b.dt
    assert a.metadata["render_fps"] == b.metadata["render_fps"]
    episodes = run_lockstep(
        a, b, steps=1500, episode_length=1000, policy=balancing, perturb_state=0.02
    )
    assert episodes >= 2  # both a fall (termination) and a re-synchronised episode were compared


def test_seeded_reset_with_custom_xml(tmp_path: Path) -> None:
    """xml_file: the same file loaded by both gives the same episode start."""
    xml = (ASSETS_DIR / "inverted_pendulum.xml").read_text().replace('gear="100"', 'gear="50"')
    path = tmp_path / "weak_cart.xml"
    path.write_text(xml)
    a = InvertedPendulumEnv(xml_file=str(path))
    b = inverted_pendulum_v5.InvertedPendulumEnv(xml_file=str(path))
    assert_same_reset(a, b, seeds=[3])
    run_lockstep(a, b, steps=300, episode_length=300, policy=balancing)


@pytest.mark.parametrize("env_id", ["InvertedPendulum-v5", "InvertedPendulum-v4"])
def test_registered_ids_match(env_id: str) -> None:
    assert_registry_matches(env_id)
