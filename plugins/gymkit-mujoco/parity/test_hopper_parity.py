"""Hopper v5 and v4 against Gymnasium 1.4: the compiled model is physically Gymnasium's, the same
seed gives the same reset, and the same states and actions give the same observations, rewards,
info terms and terminations (to 1e-8 relative) over 1000+ steps, with default and other options.
The seeded resets, the ``xml_file`` option and float64 actions are checked for every planar
runner in test_planar_parity.py.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from gymkit_mujoco.base import ASSETS_DIR
from gymkit_mujoco.hopper import HopperEnv, HopperV4Env

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _planar_parity import (
    GYMNASIUM_ASSETS,
    assert_same_model,
    oracle,
    run_side_by_side,
)


def test_model_is_gymnasiums() -> None:
    assert_same_model(ASSETS_DIR / "hopper.xml", GYMNASIUM_ASSETS / "hopper.xml")


OTHER_OPTIONS = {
    "forward_reward_weight": 1.7,
    "ctrl_cost_weight": 0.02,
    "healthy_reward": 0.4,
    "terminate_when_unhealthy": False,
    "healthy_state_range": (-20.0, 20.0),
    "healthy_z_range": (0.9, 1.6),
    "healthy_angle_range": (-0.3, 0.1),
    "reset_noise_scale": 0.05,
    "exclude_current_positions_from_observation": False,
}


@pytest.mark.parametrize(
    ("ours_cls", "env_id", "options"),
    [
        (HopperEnv, "Hopper-v5", {}),
        (HopperV4Env, "Hopper-v4", {}),
        (HopperEnv, "Hopper-v5", {**OTHER_OPTIONS, "frame_skip": 3}),
        (HopperV4Env, "Hopper-v4", OTHER_OPTIONS),
        (HopperEnv, "Hopper-v5", {"healthy_z_range": (1.0, 1.3), "healthy_reward": -0.5}),
        (
            HopperEnv,
            "Hopper-v5",
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
        assert endings > 0  # the random hopper falls, so resets are compared too
