"""Walker2d v5 and v4 against Gymnasium 1.4: the compiled model is physically Gymnasium's, the same
seed gives the same reset, and the same states and actions give the same observations, rewards,
info terms and terminations (to 1e-8 relative) over 1000+ steps, with default and other options.
The seeded resets, the ``xml_file`` option and float64 actions are checked for every planar
runner in test_planar_parity.py.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import mujoco
import numpy as np
import pytest

from gymkit_mujoco.base import ASSETS_DIR
from gymkit_mujoco.walker2d import Walker2dEnv, Walker2dV4Env

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _planar_parity import (
    GYMNASIUM_ASSETS,
    assert_same_model,
    oracle,
    run_side_by_side,
)


def test_v5_model_is_gymnasiums() -> None:
    assert_same_model(ASSETS_DIR / "walker2d.xml", GYMNASIUM_ASSETS / "walker2d_v5.xml")


def test_v4_model_is_gymnasiums() -> None:
    assert_same_model(ASSETS_DIR / "walker2d_v4.xml", GYMNASIUM_ASSETS / "walker2d.xml")


def test_v4_and_v5_models_differ_in_the_right_foot_friction() -> None:
    v5 = mujoco.MjModel.from_xml_path(str(ASSETS_DIR / "walker2d.xml"))
    v4 = mujoco.MjModel.from_xml_path(str(ASSETS_DIR / "walker2d_v4.xml"))
    right, left = v5.geom("foot_geom").id, v5.geom("foot_left_geom").id
    assert v5.geom_friction[right, 0] == v5.geom_friction[left, 0] == 1.9
    assert v4.geom_friction[right, 0] == 0.9 and v4.geom_friction[left, 0] == 1.9
    v4.geom_friction[right] = v5.geom_friction[right]
    np.testing.assert_array_equal(v4.geom_friction, v5.geom_friction)


OTHER_OPTIONS = {
    "forward_reward_weight": 1.7,
    "ctrl_cost_weight": 0.02,
    "healthy_reward": 0.4,
    "terminate_when_unhealthy": False,
    "healthy_z_range": (0.9, 1.6),
    "healthy_angle_range": (-0.5, 0.3),
    "reset_noise_scale": 0.05,
    "exclude_current_positions_from_observation": False,
}


@pytest.mark.parametrize(
    ("ours_cls", "env_id", "options"),
    [
        (Walker2dEnv, "Walker2d-v5", {}),
        (Walker2dV4Env, "Walker2d-v4", {}),
        (Walker2dEnv, "Walker2d-v5", {**OTHER_OPTIONS, "frame_skip": 3}),
        (Walker2dV4Env, "Walker2d-v4", OTHER_OPTIONS),
        (Walker2dEnv, "Walker2d-v5", {"healthy_z_range": (1.0, 1.4), "healthy_reward": -0.5}),
        (
            Walker2dEnv,
            "Walker2d-v5",
            {
                "ctrl_cost_weight": np.float64(0.01),
                "forward_reward_weight": np.float32(1.5),
                "healthy_reward": np.float32(0.75),
            },
        ),
    ],
    ids=["v5", "v4", "v5-options", "v4-options", "v5-terminating", "v5-numpy-weights"],
)
def test_rollouts_agree(ours_cls: type, env_id: str, options: dict[str, Any]) -> None:
    ours, theirs = ours_cls(**options), oracle(env_id, **options)
    endings = run_side_by_side(ours, theirs, seed=11)
    if options.get("terminate_when_unhealthy", True):
        assert endings > 0  # the random walker falls, so resets are compared too
