"""Pusher-v5/-v4 against Gymnasium 1.4: compiled models, resets (object draws), dynamics.

Gymnasium's Pusher-v4 refuses to build on mujoco >= 3 (its ``__init__`` compares
``mujoco.__version__``); the oracle here is built with that one check answered as if mujoco 2
were installed -- everything else (model file, stepping, reward) is Gymnasium's own code.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path

import mujoco
import numpy as np
import pytest
from gymnasium.envs.mujoco import pusher_v4, pusher_v5

from gymkit_mujoco.base import ASSETS_DIR
from gymkit_mujoco.pusher import PusherEnv, PusherV4Env

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _arm_parity import (
    GYMNASIUM_ASSETS,
    assert_registry_matches,
    assert_same,
    assert_same_reset,
    model_differences,
    run_lockstep,
)

pytestmark = pytest.mark.filterwarnings("ignore::gymkit_mujoco.pusher.PusherV4Warning")

EPISODE = 100  # the registry's limit: 1000 steps are 10 chained episodes


def gymnasium_v4(monkeypatch: pytest.MonkeyPatch) -> pusher_v4.PusherEnv:
    monkeypatch.setattr(pusher_v4, "mujoco", types.SimpleNamespace(__version__="2.3.7"))
    return pusher_v4.PusherEnv()


def reaching(env: object) -> object:
    """A noisy Jacobian-transpose controller that drives the fingertips through the object (so
    that the lock-step runs cover arm-object contacts), read from the oracle's state."""
    model, data = env.model, env.data
    tips = model.body("tips_arm").id
    jacp = np.zeros((3, model.nv))

    def policy(obs: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        mujoco.mj_jacBody(model, data, jacp, None, tips)
        error = data.body("object").xpos - data.body("tips_arm").xpos
        torque = jacp[:, :7].T @ (20.0 * error) - 0.5 * data.qvel[:7]
        return torque + rng.normal(0.0, 0.5, 7)

    return policy


@pytest.mark.parametrize(
    ("ours", "theirs"), [("pusher.xml", "pusher_v5.xml"), ("pusher_v4.xml", "pusher.xml")]
)
def test_compiled_model_is_gymnasiums(ours: str, theirs: str) -> None:
    a = mujoco.MjModel.from_xml_path(str(ASSETS_DIR / ours))
    b = mujoco.MjModel.from_xml_path(str(GYMNASIUM_ASSETS / theirs))
    assert model_differences(a, b) == []


def test_v4_and_v5_objects_differ() -> None:
    v5 = PusherEnv()
    v4 = PusherV4Env()
    assert v5.model.body("object").mass[0] > 100 * v4.model.body("object").mass[0]
    assert v4.model.ngeom == v5.model.ngeom + 1


@pytest.mark.parametrize("version", ["v5", "v4"])
def test_same_seed_same_reset(version: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if version == "v5":
        a, b = PusherEnv(), pusher_v5.PusherEnv()
    else:
        a, b = PusherV4Env(), gymnasium_v4(monkeypatch)
    assert_same_reset(a, b, seeds=range(20))
    a.reset(seed=11)
    b.reset(seed=11)
    assert_same(a.cylinder_pos, b.cylinder_pos, "cylinder_pos")


@pytest.mark.parametrize(
    ("version", "kwargs"),
    [
        ("v5", {}),
        ("v4", {}),
        (
            "v5",
            {
                "frame_skip": 3,
                "reward_near_weight": 1.5,
                "reward_dist_weight": 0.25,
                "reward_control_weight": 0.02,
            },
        ),
    ],
    ids=["v5", "v4", "v5-options"],
)
def test_lockstep_dynamics(version: str, kwargs: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    if version == "v5":
        a, b = PusherEnv(**kwargs), pusher_v5.PusherEnv(**kwargs)
    else:
        a, b = PusherV4Env(), gymnasium_v4(monkeypatch)
    assert a.dt == b.dt
    assert a.metadata["render_fps"] == b.metadata["render_fps"]
    push = reaching(b)
    body_of = b.model.geom_bodyid
    obj = b.model.body("object").id
    touches = []

    def policy(obs: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        # an arm-object contact at this step (the table touches the object all the time)
        pairs = zip(b.data.contact.geom1, b.data.contact.geom2, strict=True)
        bodies = [{body_of[g1], body_of[g2]} for g1, g2 in pairs]
        touches.append(any(obj in pair and 0 not in pair for pair in bodies))
        return push(obs, rng)

    episodes = run_lockstep(a, b, steps=1000, episode_length=EPISODE, policy=policy)
    assert episodes == 10
    assert sum(touches) >= 20, "the arm hardly touched the object: contacts were not compared"


@pytest.mark.parametrize("env_id", ["Pusher-v5", "Pusher-v4"])
def test_registered_ids_match(env_id: str) -> None:
    assert_registry_matches(env_id)


@pytest.mark.parametrize("weight", [np.float64(0.3), np.float32(0.3), 2])
def test_numpy_and_int_control_weights(weight: object) -> None:
    """The control weight's type takes part in NumPy's promotion of the float32 cost as in the
    reference (an np.float64 weight gives a float64 product, a Python number a float32 one)."""
    a = PusherEnv(reward_control_weight=weight)
    b = pusher_v5.PusherEnv(reward_control_weight=weight)
    run_lockstep(
        a, b, steps=200, episode_length=EPISODE, policy=lambda o, r: r.uniform(-2, 2, 7), seed=3
    )
