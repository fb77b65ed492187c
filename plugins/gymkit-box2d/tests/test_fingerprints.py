"""Every env version of gymkit-box2d, and every option set recorded, reproduces its golden
fingerprint.

``fingerprints/<id>.json`` hold the registered ids, ``fingerprints/<id>.<tag>.json`` the same id
made with options (the ``make_kwargs`` stored in the file and passed again on replay, e.g.
LunarLander's wind). Record them with::

    gymkit-conformance fingerprint ID -o plugins/gymkit-box2d/fingerprints/ID.json
    gymkit-conformance fingerprint ID --kwargs '{"enable_wind": true}' \\
        -o plugins/gymkit-box2d/fingerprints/ID.wind.json

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

FINGERPRINTS = Path(__file__).resolve().parents[1] / "fingerprints"
ENV_IDS = select_env_ids(distributions=["gymkit-box2d"])
RECORDED = sorted(p.name for p in FINGERPRINTS.glob("*.json"))
#: The option sets the issue names, beside every registered id.
OPTION_SETS = {
    "LunarLander-v3.wind.json": {"enable_wind": True},
    "CarRacing-v3.discrete.json": {"continuous": False},
    "CarRacing-v3.domain_randomize.json": {"domain_randomize": True},
}


def test_the_box2d_envs_are_registered() -> None:
    assert set(ENV_IDS) == {
        "LunarLander-v3",
        "LunarLanderContinuous-v3",
        "BipedalWalker-v3",
        "BipedalWalkerHardcore-v3",
        "CarRacing-v3",
    }, ENV_IDS


@pytest.mark.parametrize("env_id", ENV_IDS)
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
    assert env_id in ENV_IDS, f"{name} records {env_id}, which gymkit-box2d does not register"
    if name == fingerprint_filename(env_id):
        assert not data["make_kwargs"], f"{name} is the plain id: record it without --kwargs"
    else:
        assert name.startswith(f"{env_id}.") and data["make_kwargs"], (
            f"{name}: an option set is named <id>.<tag>.json and recorded with --kwargs"
        )
    problems = verify_fingerprint(path, env_id)
    assert problems == [], f"{env_id} no longer matches {name}:\n" + "\n".join(problems)
