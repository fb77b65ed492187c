"""Every env version of gymkit-classic reproduces its golden fingerprint.

A version's dynamics, rewards and termination must never change: when they must, register a
new version and record its fingerprint with
``gymkit-conformance fingerprint ID -o plugins/gymkit-classic/fingerprints/ID.json`` (it runs
until the first episode ends, resets, and records 20 steps more).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gymkit_conformance.cli import select_env_ids
from gymkit_conformance.fingerprint import fingerprint_filename, verify_fingerprint

FINGERPRINTS = Path(__file__).resolve().parents[1] / "fingerprints"
ENV_IDS = select_env_ids(distributions=["gymkit-classic"])


def test_the_classic_envs_are_registered() -> None:
    assert "CartPole-v1" in ENV_IDS, f"gymkit-classic registered {ENV_IDS}"


@pytest.mark.parametrize("env_id", ENV_IDS)
def test_env_reproduces_its_fingerprint(env_id: str) -> None:
    path = FINGERPRINTS / fingerprint_filename(env_id)
    if not path.exists():
        pytest.fail(
            f"{env_id} has no golden fingerprint; record it with: "
            f"gymkit-conformance fingerprint {env_id} -o {path}"
        )
    problems = verify_fingerprint(path, env_id)
    assert problems == [], f"{env_id} no longer matches {path.name}:\n" + "\n".join(problems)


def test_every_fingerprint_belongs_to_a_registered_env() -> None:
    names = {fingerprint_filename(env_id) for env_id in ENV_IDS}
    orphans = sorted(p.name for p in FINGERPRINTS.glob("*.json") if p.name not in names)
    assert orphans == [], f"fingerprints without a registered env: {orphans}"
