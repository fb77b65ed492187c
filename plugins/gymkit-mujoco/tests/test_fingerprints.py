"""Every id of gymkit-mujoco, and every option set recorded, reproduces its golden fingerprint.

``fingerprints/<id>.json`` hold the registered ids, ``fingerprints/<id>.<tag>.json`` the same id
made with task options (stored in the file as ``make_kwargs`` and passed again on replay). A
task whose random-action episode does not end early (HalfCheetah, Swimmer, HumanoidStandup run
their full 1000 steps) is recorded with a shorter ``max_episode_steps`` only, so its file stays
small and its replay short. Record or refresh them with::

    gymkit-conformance fingerprint Hopper-v5 -o plugins/gymkit-mujoco/fingerprints/Hopper-v5.json
    gymkit-conformance fingerprint Swimmer-v5 --kwargs '{"max_episode_steps": 100}' \\
        -o plugins/gymkit-mujoco/fingerprints/Swimmer-v5.json
    gymkit-conformance fingerprint --refresh plugins/gymkit-mujoco/fingerprints

Each runs until the first episode ends, resets, and records 20 steps more.
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
from gymkit_mujoco.plugin import env_ids

FINGERPRINTS = Path(__file__).resolve().parents[1] / "fingerprints"
ENV_IDS = select_env_ids(distributions=["gymkit-mujoco"])
RECORDED = sorted(p.name for p in FINGERPRINTS.glob("*.json"))
#: Non-default option sets recorded beside the plain ids.
OPTION_SETS = {
    "Ant-v4.contact_forces.json": {"use_contact_forces": True},
    "Ant-v5.no_cfrc_ext.json": {"include_cfrc_ext_in_observation": False},
    "Hopper-v5.positions.json": {"exclude_current_positions_from_observation": False},
    "Reacher-v5.frame_skip.json": {"frame_skip": 4},
}
#: The only make keyword a plain id's fingerprint may carry: a shorter time limit.
SHORTENED = {"HalfCheetah", "Swimmer", "HumanoidStandup"}


def test_the_mujoco_envs_are_registered() -> None:
    assert sorted(ENV_IDS) == sorted(env_ids()) and len(ENV_IDS) == 22


@pytest.mark.parametrize("env_id", sorted(env_ids()))
def test_every_id_has_a_fingerprint(env_id: str) -> None:
    path = FINGERPRINTS / fingerprint_filename(env_id)
    assert path.exists(), f"record it with: gymkit-conformance fingerprint {env_id} -o {path}"


@pytest.mark.parametrize(("name", "options"), sorted(OPTION_SETS.items()))
def test_every_option_set_has_a_fingerprint_made_with_it(name: str, options: dict) -> None:
    data = load_fingerprint(FINGERPRINTS / name)
    assert options.items() <= data["make_kwargs"].items(), data["make_kwargs"]


@pytest.mark.parametrize("name", RECORDED)
def test_env_reproduces_its_fingerprint(name: str) -> None:
    path = FINGERPRINTS / name
    data = load_fingerprint(path)
    env_id = data["env_id"]
    assert env_id in ENV_IDS, f"{name} records {env_id}, which gymkit-mujoco does not register"
    kwargs = data["make_kwargs"]
    if name == fingerprint_filename(env_id):
        allowed = {"max_episode_steps"} if env_id.split("-")[0] in SHORTENED else set()
        assert set(kwargs) <= allowed, (
            f"{name} is the plain id: record it without --kwargs (a shorter max_episode_steps "
            f"only for {sorted(SHORTENED)})"
        )
    else:
        assert name.startswith(f"{env_id}.") and kwargs, (
            f"{name}: an option set is named <id>.<tag>.json and recorded with --kwargs"
        )
    problems = verify_fingerprint(path, env_id)
    assert problems == [], f"{env_id} no longer matches {name}:\n" + "\n".join(problems)
