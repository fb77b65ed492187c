"""Every id of gymkit-robotics reproduces its golden fingerprint.

``fingerprints/<id>.json`` (``/`` written ``--``) holds each registered id's trajectory: the
first episode (50 steps for the arm tasks) and 20 steps after a reset. Record or refresh them::

    gymkit-conformance fingerprint robotics/HeronPush-v1 \\
        -o plugins/gymkit-robotics/fingerprints/robotics--HeronPush-v1.json
    gymkit-conformance fingerprint robotics/AntMaze_UMaze-v1 \\
        --kwargs '{"max_episode_steps": 100}' \\
        -o plugins/gymkit-robotics/fingerprints/robotics--AntMaze_UMaze-v1.json
    gymkit-conformance fingerprint --refresh plugins/gymkit-robotics/fingerprints

The maze tasks run hundreds of steps per episode, so theirs are recorded with a 100-step limit
(the only make keyword a fingerprint here may carry).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gymkit_conformance.cli import select_env_ids
from gymkit_conformance.fingerprint import (
    fingerprint_filename,
    load_fingerprint,
    verify_fingerprint,
)

FINGERPRINTS = Path(__file__).resolve().parents[1] / "fingerprints"
ENV_IDS = select_env_ids(distributions=["gymkit-robotics"])
RECORDED = sorted(p.name for p in FINGERPRINTS.glob("*.json"))


def test_the_robotics_ids_are_registered() -> None:
    assert ENV_IDS and all(env_id.startswith("robotics/") for env_id in ENV_IDS)


@pytest.mark.parametrize("env_id", sorted(ENV_IDS))
def test_every_id_has_a_fingerprint(env_id: str) -> None:
    path = FINGERPRINTS / fingerprint_filename(env_id)
    assert path.exists(), f"record it with: gymkit-conformance fingerprint {env_id} -o {path}"


@pytest.mark.parametrize("name", RECORDED)
def test_env_reproduces_its_fingerprint(name: str) -> None:
    path = FINGERPRINTS / name
    data = load_fingerprint(path)
    env_id = data["env_id"]
    assert env_id in ENV_IDS, f"{name} records {env_id}, which gymkit-robotics does not register"
    assert name == fingerprint_filename(env_id)
    allowed = {"max_episode_steps"} if "Maze" in env_id else set()
    assert set(data["make_kwargs"]) <= allowed, data["make_kwargs"]
    problems = verify_fingerprint(path, env_id)
    assert problems == [], f"{env_id} no longer matches {name}:\n" + "\n".join(problems)
