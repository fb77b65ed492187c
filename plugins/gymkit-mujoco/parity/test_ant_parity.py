"""Ant v5 and v4 against Gymnasium 1.4: the compiled model is physically Gymnasium's, the same
seed gives the same reset, and the same states and actions give the same observations, rewards,
info terms and terminations (to 1e-8 relative) over 1000 steps, with default and other options.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from gymkit_mujoco.ant import AntEnv, AntV4Env

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _body_parity import assert_same_resets, gymnasium_env, model_differences, run_lockstep

V5_OPTIONS = {
    "frame_skip": 3,
    "forward_reward_weight": 0.7,
    "ctrl_cost_weight": 0.3,
    "contact_cost_weight": 1e-3,
    "healthy_reward": 2.0,
    "main_body": 2,
    "terminate_when_unhealthy": False,
    "healthy_z_range": (0.3, 0.9),
    "contact_force_range": (-0.5, 0.7),
    "reset_noise_scale": 0.2,
    "exclude_current_positions_from_observation": False,
}
V4_OPTIONS = {
    "use_contact_forces": True,
    "ctrl_cost_weight": 0.3,
    "contact_cost_weight": 1e-3,
    "healthy_reward": 2.0,
    "terminate_when_unhealthy": False,
    "healthy_z_range": (0.3, 0.9),
    "contact_force_range": (-0.5, 0.7),
    "reset_noise_scale": 0.2,
    "exclude_current_positions_from_observation": False,
}


def test_model_is_physically_gymnasiums() -> None:
    diffs, compared = model_differences("ant.xml", "ant.xml")
    assert compared > 300
    assert diffs == []


@pytest.mark.parametrize(
    ("ours", "module", "options", "float32"),
    [
        (AntEnv, "ant_v5", {}, True),
        (AntEnv, "ant_v5", {}, False),
        (AntEnv, "ant_v5", V5_OPTIONS, True),
        (AntEnv, "ant_v5", {"include_cfrc_ext_in_observation": False, "main_body": "torso"}, True),
        (AntV4Env, "ant_v4", {}, True),
        (AntV4Env, "ant_v4", V4_OPTIONS, True),
    ],
    ids=["v5", "v5-float64-actions", "v5-options", "v5-no-cfrc", "v4", "v4-contact-forces"],
)
def test_lockstep(ours: type, module: str, options: dict, float32: bool) -> None:
    steps = 1000 if float32 else 300
    counts = run_lockstep(
        ours(**options), gymnasium_env(module, "AntEnv", **options), steps, 11, float32
    )
    assert counts["steps"] == steps


@pytest.mark.parametrize(("ours", "module"), [(AntEnv, "ant_v5"), (AntV4Env, "ant_v4")])
@pytest.mark.parametrize("seed", [0, 7, 123456])
def test_same_seed_same_reset(ours: type, module: str, seed: int) -> None:
    assert_same_resets(ours(), gymnasium_env(module, "AntEnv"), seed)
