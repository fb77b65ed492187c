"""HumanoidStandup v5 and v4 against Gymnasium 1.4: the compiled model is physically
Gymnasium's, the same seed gives the same reset, and the same states and actions give the same
observations, rewards, info terms and terminations (to 1e-8 relative) over 1000 steps, with
default and other options.

One documented difference: ``uph_cost_weight`` weighs our uphill term, as Gymnasium documents,
while Gymnasium 1.4's code ignores it; with another weight the comparison scales Gymnasium's term.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from gymkit_mujoco.humanoid_standup import HumanoidStandupEnv, HumanoidStandupV4Env

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _body_parity import assert_same_resets, gymnasium_env, model_differences, run_lockstep

V5_OPTIONS = {
    "frame_skip": 3,
    "uph_cost_weight": 0.5,
    "ctrl_cost_weight": 0.3,
    "impact_cost_weight": 1e-6,
    "impact_cost_range": (0.01, 0.3),
    "reset_noise_scale": 0.05,
    "exclude_current_positions_from_observation": False,
    "include_cvel_in_observation": False,
    "include_cfrc_ext_in_observation": False,
}
V5_PARTS = {"include_cinert_in_observation": False, "include_qfrc_actuator_in_observation": False}


def test_model_is_physically_gymnasiums() -> None:
    diffs, compared = model_differences("humanoid_standup.xml", "humanoidstandup.xml")
    assert compared > 300
    assert diffs == []


@pytest.mark.parametrize(
    ("ours", "module", "options"),
    [
        (HumanoidStandupEnv, "humanoidstandup_v5", {}),
        (HumanoidStandupEnv, "humanoidstandup_v5", V5_OPTIONS),
        (HumanoidStandupEnv, "humanoidstandup_v5", V5_PARTS),
        (HumanoidStandupV4Env, "humanoidstandup_v4", {}),
    ],
    ids=["v5", "v5-options", "v5-parts", "v4"],
)
def test_lockstep(ours: type, module: str, options: dict) -> None:
    counts = run_lockstep(
        ours(**options),
        gymnasium_env(module, "HumanoidStandupEnv", **options),
        1000,
        3,
        scale_linup=options.get("uph_cost_weight", 1.0),
    )
    assert counts["steps"] == 1000


@pytest.mark.parametrize(
    ("ours", "module"),
    [(HumanoidStandupEnv, "humanoidstandup_v5"), (HumanoidStandupV4Env, "humanoidstandup_v4")],
)
@pytest.mark.parametrize("seed", [0, 7, 123456])
def test_same_seed_same_reset(ours: type, module: str, seed: int) -> None:
    assert_same_resets(ours(), gymnasium_env(module, "HumanoidStandupEnv"), seed)
