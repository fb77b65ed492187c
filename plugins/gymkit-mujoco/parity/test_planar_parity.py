"""What the four planar runners' parity tests share, for Hopper, Walker2d, HalfCheetah and
Swimmer against Gymnasium 1.4: the same seed gives the same reset (v5 and v4), our env on
Gymnasium's MJCF file and Gymnasium's on ours step alike, and float64 actions agree. Each task's
model check and rollouts with its options are in ``test_<task>_parity.py``."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from gymkit_mujoco.base import ASSETS_DIR
from gymkit_mujoco.half_cheetah import HalfCheetahEnv, HalfCheetahV4Env
from gymkit_mujoco.hopper import HopperEnv, HopperV4Env
from gymkit_mujoco.swimmer import SwimmerEnv, SwimmerV4Env
from gymkit_mujoco.walker2d import Walker2dEnv, Walker2dV4Env

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _planar_parity import GYMNASIUM_ASSETS, assert_same_reset, oracle, run_side_by_side

#: task -> (v5 env, v4 env, our v5 model file, Gymnasium's v5 model file)
TASKS = {
    "Hopper": (HopperEnv, HopperV4Env, "hopper.xml", "hopper.xml"),
    "Walker2d": (Walker2dEnv, Walker2dV4Env, "walker2d.xml", "walker2d_v5.xml"),
    "HalfCheetah": (HalfCheetahEnv, HalfCheetahV4Env, "half_cheetah.xml", "half_cheetah.xml"),
    "Swimmer": (SwimmerEnv, SwimmerV4Env, "swimmer.xml", "swimmer.xml"),
}


@pytest.fixture(autouse=True)
def _in_a_scratch_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Compiling Gymnasium's HalfCheetah file warns that ``settotalmass`` is deprecated, and
    MuJoCo writes its warnings to MUJOCO_LOG.TXT in the working directory: keep that out of the
    repository."""
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("task", TASKS)
@pytest.mark.parametrize("version", ["v5", "v4"])
@pytest.mark.parametrize("seed", [0, 7, 123456])
def test_same_seed_same_reset(task: str, version: str, seed: int) -> None:
    ours_cls = TASKS[task][0] if version == "v5" else TASKS[task][1]
    assert_same_reset(ours_cls(), oracle(f"{task}-{version}"), seed)


@pytest.mark.parametrize("task", TASKS)
def test_xml_file_option_agrees(task: str) -> None:
    """Our env on Gymnasium's own file and Gymnasium's env on ours step alike."""
    ours_cls, _, our_file, their_file = TASKS[task]
    ours = ours_cls(xml_file=str(GYMNASIUM_ASSETS / their_file))
    theirs = oracle(f"{task}-v5", xml_file=str(ASSETS_DIR / our_file))
    run_side_by_side(ours, theirs, seed=5)


@pytest.mark.parametrize("task", TASKS)
def test_float64_actions_agree(task: str) -> None:
    """A float64 action's control cost is computed in float64 by both."""
    run_side_by_side(TASKS[task][0](), oracle(f"{task}-v5"), seed=3, action_dtype=np.float64)
