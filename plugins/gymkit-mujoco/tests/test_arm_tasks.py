"""What the arm and pendulum tasks' tests share, for InvertedPendulum, InvertedDoublePendulum,
Reacher and Pusher (v5 and v4): the ``xml_file`` and ``frame_skip`` options, bad actions,
determinism and copies, rendering. Each task's own rules are in ``test_<task>.py``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _arm_checks import (
    assert_bad_actions_raise,
    assert_copies_continue_alike,
    assert_frame_skip_option,
    assert_renders,
    assert_same_seed_same_episode,
    assert_xml_file_option,
)

# Pusher-v4 warns at construction that mujoco >= 3 changes its results (tested in test_pusher.py)
pytestmark = pytest.mark.filterwarnings("ignore::gymkit_mujoco.pusher.PusherV4Warning")

#: task -> (the v5 model's file, the default frame skip)
TASKS = {
    "InvertedPendulum": ("inverted_pendulum.xml", 2),
    "InvertedDoublePendulum": ("inverted_double_pendulum.xml", 5),
    "Reacher": ("reacher.xml", 2),
    "Pusher": ("pusher.xml", 5),
}
IDS = [f"{task}-{version}" for task in TASKS for version in ("v5", "v4")]


@pytest.mark.parametrize("task", TASKS)
def test_xml_file_and_frame_skip(task: str, tmp_path: Path) -> None:
    model_file, frame_skip = TASKS[task]
    assert_xml_file_option(f"{task}-v5", model_file, tmp_path)
    assert_frame_skip_option(f"{task}-v5", frame_skip)


@pytest.mark.parametrize("env_id", IDS)
def test_bad_actions(env_id: str) -> None:
    assert_bad_actions_raise(env_id)


@pytest.mark.parametrize("env_id", IDS)
def test_determinism_and_copies(env_id: str) -> None:
    assert_same_seed_same_episode(env_id)
    assert_copies_continue_alike(env_id)


@pytest.mark.parametrize("env_id", IDS)
def test_rendering(env_id: str) -> None:
    assert_renders(env_id)
