"""The family's registration: 22 ids with Gymnasium 1.4's limits and thresholds, lazy entry
points (registering imports no MuJoCo and no task module), ``gymkit list``."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import gymkit
from gymkit.cli import main as gymkit_main
from gymkit_mujoco import plugin

# Gymnasium 1.4's registry: id name -> (max_episode_steps, reward_threshold), for v5 and v4.
GYMNASIUM_LIMITS = {
    "Reacher": (50, -3.75),
    "Pusher": (100, 0.0),
    "InvertedPendulum": (1000, 950.0),
    "InvertedDoublePendulum": (1000, 9100.0),
    "HalfCheetah": (1000, 4800.0),
    "Hopper": (1000, 3800.0),
    "Swimmer": (1000, 360.0),
    "Walker2d": (1000, None),
    "Ant": (1000, 6000.0),
    "Humanoid": (1000, None),
    "HumanoidStandup": (1000, None),
}
MODULES = {
    "Reacher": "reacher",
    "Pusher": "pusher",
    "InvertedPendulum": "inverted_pendulum",
    "InvertedDoublePendulum": "inverted_double_pendulum",
    "HalfCheetah": "half_cheetah",
    "Hopper": "hopper",
    "Swimmer": "swimmer",
    "Walker2d": "walker2d",
    "Ant": "ant",
    "Humanoid": "humanoid",
    "HumanoidStandup": "humanoid_standup",
}


def test_the_family_registers_22_root_ids() -> None:
    ids = sorted(plugin.env_ids())
    assert len(ids) == 22
    assert ids == sorted(f"{name}-v{v}" for name in GYMNASIUM_LIMITS for v in (4, 5))
    for env_id in ids:
        assert gymkit.spec(env_id).namespace is None


@pytest.mark.parametrize("name", sorted(GYMNASIUM_LIMITS))
@pytest.mark.parametrize(("version", "suffix"), [(5, ""), (4, "V4")])
def test_specs_match_gymnasium_and_the_module_table(name: str, version: int, suffix: str) -> None:
    spec = gymkit.spec(f"{name}-v{version}")
    steps, threshold = GYMNASIUM_LIMITS[name]
    assert spec.max_episode_steps == steps
    assert spec.reward_threshold == threshold
    assert spec.entry_point == f"gymkit_mujoco.{MODULES[name]}:{name}{suffix}Env"
    assert spec.vector_entry_point == f"gymkit_mujoco.vector:{name}{suffix}VectorEnv"
    assert spec.kwargs == {}
    assert not spec.nondeterministic and not spec.deprecated


def test_registering_imports_neither_mujoco_nor_a_task_nor_a_gl_library() -> None:
    code = (
        "import sys, gymkit\n"
        "gymkit.registry.discover()\n"
        "assert gymkit.spec('Hopper-v5').entry_point\n"
        "loaded = sorted(m for m in sys.modules if m == 'mujoco'"
        " or m.startswith('mujoco.')"
        " or (m.startswith('gymkit_mujoco.') and m != 'gymkit_mujoco.plugin'))\n"
        "import os\n"
        "print(loaded + (['MUJOCO_GL set'] if 'MUJOCO_GL' in os.environ else []))\n"
    )
    clean = {k: v for k, v in os.environ.items() if k != "MUJOCO_GL"}  # as a fresh shell
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=clean,
    )
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_gymkit_list_shows_the_family(capsys: pytest.CaptureFixture[str]) -> None:
    assert gymkit_main(["list", "--namespace", "mujoco"]) == 0
    out = capsys.readouterr().out
    assert "gymkit-mujoco" in out and "22 id(s)" in out
    assert "MuJoCo continuous control" in out
    for name in GYMNASIUM_LIMITS:
        assert name in out


def test_the_cores_install_hint_covers_every_task() -> None:
    # Without the plugin installed, asking for one of these ids names the pip command; the
    # core's table of first-party families must know every task name the plugin registers.
    from gymkit.plugins import family_for_id

    for task in plugin.TASKS:
        family = family_for_id(None, task.name)
        assert family is not None, task.name
        assert family.distribution == "gymkit-mujoco"
        assert family.install == "pip install 'gymkit[mujoco]'"
