"""Humanoid v5 and v4 against Gymnasium 1.4: the compiled model is physically Gymnasium's, the
same seed gives the same reset, and the same states and actions give the same observations,
rewards, info terms and terminations (to 1e-8 relative) over 1000 steps, with default and other
options (the humanoid falls within tens of steps, so each run spans many episodes).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from gymkit_mujoco.humanoid import HumanoidEnv, HumanoidV4Env

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _body_parity import assert_same_resets, gymnasium_env, model_differences, run_lockstep

V5_OPTIONS = {
    "frame_skip": 4,
    "forward_reward_weight": 2.0,
    "ctrl_cost_weight": 0.3,
    "contact_cost_weight": 1e-6,
    "contact_cost_range": (0.0, 0.5),
    "healthy_reward": 1.5,
    "terminate_when_unhealthy": False,
    "healthy_z_range": (0.8, 2.5),
    "reset_noise_scale": 0.05,
    "exclude_current_positions_from_observation": False,
    "include_cinert_in_observation": False,
    "include_qfrc_actuator_in_observation": False,
}
V5_PARTS = {
    "healthy_z_range": (1.1, 1.9),
    "include_cvel_in_observation": False,
    "include_cfrc_ext_in_observation": False,
}
V4_OPTIONS = {
    "forward_reward_weight": 2.0,
    "ctrl_cost_weight": 0.3,
    "healthy_reward": 1.5,
    "terminate_when_unhealthy": False,
    "healthy_z_range": (0.8, 2.5),
    "reset_noise_scale": 0.05,
    "exclude_current_positions_from_observation": False,
}


def test_model_is_physically_gymnasiums() -> None:
    diffs, compared = model_differences("humanoid.xml", "humanoid.xml")
    assert compared > 300
    assert diffs == []


@pytest.mark.parametrize(
    ("ours", "module", "options"),
    [
        (HumanoidEnv, "humanoid_v5", {}),
        (HumanoidEnv, "humanoid_v5", V5_OPTIONS),
        (HumanoidEnv, "humanoid_v5", V5_PARTS),
        (HumanoidV4Env, "humanoid_v4", {}),
        (HumanoidV4Env, "humanoid_v4", V4_OPTIONS),
    ],
    ids=["v5", "v5-options", "v5-parts", "v4", "v4-options"],
)
def test_lockstep(ours: type, module: str, options: dict) -> None:
    counts = run_lockstep(ours(**options), gymnasium_env(module, "HumanoidEnv", **options), 1000, 5)
    assert counts["steps"] == 1000
    if options.get("terminate_when_unhealthy", True):
        assert counts["terminated"] > 5  # terminations and resets were exercised


@pytest.mark.parametrize(
    ("ours", "module"), [(HumanoidEnv, "humanoid_v5"), (HumanoidV4Env, "humanoid_v4")]
)
@pytest.mark.parametrize("seed", [0, 7, 123456])
def test_same_seed_same_reset(ours: type, module: str, seed: int) -> None:
    assert_same_resets(ours(), gymnasium_env(module, "HumanoidEnv"), seed)
