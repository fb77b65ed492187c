"""HalfCheetah v5 and v4 against Gymnasium 1.4: the compiled model is physically Gymnasium's, the
same seed gives the same reset, and the same states and actions give the same observations,
rewards and info terms (to 1e-8 relative) over 1000+ steps, with default and other options.
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
from gymkit_mujoco.half_cheetah import HalfCheetahEnv, HalfCheetahV4Env

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _planar_parity import (
    GYMNASIUM_ASSETS,
    assert_same_model,
    oracle,
    run_side_by_side,
)


@pytest.fixture(autouse=True)
def _in_a_scratch_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Compiling Gymnasium's file warns that ``settotalmass`` is deprecated, and MuJoCo writes
    its warnings to MUJOCO_LOG.TXT in the working directory: keep that out of the repository."""
    monkeypatch.chdir(tmp_path)


def test_model_is_gymnasiums() -> None:
    """Including the 14 kg total mass Gymnasium's file gets from ``settotalmass``."""
    assert_same_model(ASSETS_DIR / "half_cheetah.xml", GYMNASIUM_ASSETS / "half_cheetah.xml")


OTHER_OPTIONS = {
    "forward_reward_weight": 0.6,
    "ctrl_cost_weight": 0.35,
    "reset_noise_scale": 0.3,
    "exclude_current_positions_from_observation": False,
}


@pytest.mark.parametrize(
    ("ours_cls", "env_id", "options"),
    [
        (HalfCheetahEnv, "HalfCheetah-v5", {}),
        (HalfCheetahV4Env, "HalfCheetah-v4", {}),
        (HalfCheetahEnv, "HalfCheetah-v5", {**OTHER_OPTIONS, "frame_skip": 2}),
        (HalfCheetahV4Env, "HalfCheetah-v4", OTHER_OPTIONS),
        (
            HalfCheetahEnv,
            "HalfCheetah-v5",
            {
                "ctrl_cost_weight": np.float64(0.2),
                "forward_reward_weight": np.float32(0.8),
                "reset_noise_scale": np.float32(0.05),
            },
        ),
    ],
    ids=["v5", "v4", "v5-options", "v4-options", "v5-numpy-weights"],
)
def test_rollouts_agree(ours_cls: type, env_id: str, options: dict[str, Any]) -> None:
    ours, theirs = ours_cls(**options), oracle(env_id, **options)
    assert run_side_by_side(ours, theirs, seed=11) == 0  # the cheetah never terminates
