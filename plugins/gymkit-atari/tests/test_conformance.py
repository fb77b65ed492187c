"""A representative Atari set passes the conformance checks, and every Atari fingerprint in
``plugins/gymkit-atari/fingerprints`` still replays.

An ALE ``reset(seed=...)`` reloads the ROM (~0.1 s), so the checks run few examples here; the
``conformance`` nox session runs more, and ``nox -s conformance -- --all`` every registered id.
A version's dynamics must never change: record a new fingerprint only for a new version, with
``gymkit-conformance fingerprint ID -o plugins/gymkit-atari/fingerprints/<file>``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gymkit_conformance.fingerprint import fingerprint_filename, load_fingerprint
from gymkit_conformance.fingerprint import verify_fingerprint as replay
from gymkit_conformance.pytest_plugin import certify_envs

REPRESENTATIVE = ["ALE/Pong-v5", "ALE/Breakout-v5", "PongNoFrameskip-v4", "ALE/Pong-ram-v5"]
FINGERPRINTS = Path(__file__).resolve().parents[1] / "fingerprints"

test_conformance = certify_envs(*REPRESENTATIVE, examples=6)


def test_the_representative_set_has_fingerprints() -> None:
    missing = [i for i in REPRESENTATIVE if not (FINGERPRINTS / fingerprint_filename(i)).exists()]
    assert missing == [], f"record them with: gymkit-conformance fingerprint ID -o ... ({missing})"


@pytest.mark.parametrize("path", sorted(FINGERPRINTS.glob("*.json")), ids=lambda p: p.stem)
def test_fingerprint_replays(path: Path) -> None:
    env_id = load_fingerprint(path)["env_id"]
    assert path.name == fingerprint_filename(env_id)
    problems = replay(path)
    assert problems == [], f"{env_id} no longer matches {path.name}:\n" + "\n".join(problems)
