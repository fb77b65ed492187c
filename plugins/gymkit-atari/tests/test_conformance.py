"""A representative Atari set passes the conformance checks and replays its golden fingerprints
(``plugins/gymkit-atari/fingerprints``: one per v5 game, plus the v4 and RAM kinds).

An ALE ``reset(seed=...)`` reloads the ROM (~0.1 s), so the checks run few examples here; the
``conformance`` nox session runs more, and ``nox -s conformance -- --all`` every registered id.
A version's dynamics must never change: record a new fingerprint only for a new version, with
``gymkit-conformance fingerprint ID --kwargs '{"max_num_frames_per_episode": 400}' --dir
plugins/gymkit-atari/fingerprints`` (the emulator truncates the episode after 400 frames, so
the fingerprint covers an episode end and the reset after it at a bounded cost).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import gymkit
from gymkit_atari.games import ALL_GAMES, MULTIPLAYER_ONLY, game_name
from gymkit_conformance.fingerprint import fingerprint_filename, load_fingerprint
from gymkit_conformance.fingerprint import verify_fingerprint as replay
from gymkit_conformance.pytest_plugin import certify_envs

REPRESENTATIVE = ["ALE/Pong-v5", "ALE/Breakout-v5", "PongNoFrameskip-v4", "ALE/Pong-ram-v5"]
# Replayed here: the representative set and the other id kinds (v4 plain/Deterministic, RAM).
# Every v5 game has a fingerprint too; `nox -s conformance` replays them all (~30 s).
REPLAYED = [
    *REPRESENTATIVE,
    "ALE/SpaceInvaders-v5",
    "ALE/MsPacman-v5",
    "Pong-v4",
    "PongDeterministic-v4",
    "Breakout-ramNoFrameskip-v4",
]
FINGERPRINTS = Path(__file__).resolve().parents[1] / "fingerprints"

test_conformance = certify_envs(*REPRESENTATIVE, examples=6)


def test_every_game_and_the_replayed_ids_have_fingerprints() -> None:
    v5 = [f"ALE/{game_name(rom)}-v5" for rom in ALL_GAMES if rom not in MULTIPLAYER_ONLY]
    missing = [
        env_id
        for env_id in [*v5, *REPLAYED]
        if not (FINGERPRINTS / fingerprint_filename(env_id)).exists()
    ]
    assert missing == [], (
        "record them with: gymkit-conformance fingerprint ID... --kwargs "
        "'{\"max_num_frames_per_episode\": 400}' --dir "
        f"plugins/gymkit-atari/fingerprints ({missing})"
    )
    for path in FINGERPRINTS.glob("*.json"):
        env_id = load_fingerprint(path)["env_id"]
        assert path.name == fingerprint_filename(env_id) and env_id in gymkit.registry, path


@pytest.mark.parametrize("env_id", REPLAYED)
def test_fingerprint_replays(env_id: str) -> None:
    path = FINGERPRINTS / fingerprint_filename(env_id)
    problems = replay(path, env_id)
    assert problems == [], f"{env_id} no longer matches {path.name}:\n" + "\n".join(problems)
