"""``gymkit-conformance fingerprint``: episode coverage settings, ``--kwargs`` recorded and
replayed, ``--refresh`` re-recording files in place with their own settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import gymkit
from gymkit_conformance.cli import main
from gymkit_conformance.fingerprint import episode_coverage_problems, load_fingerprint

WALK = "conformance-fp-cli/NoisyWalk-v0"


@pytest.fixture(scope="module", autouse=True)
def registered_walk() -> None:
    if WALK not in gymkit.registry:
        gymkit.register(WALK, "gymkit_conformance.zoo:NoisyWalk", max_episode_steps=25)


def test_record_with_settings_then_verify(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "walk.json"
    kwargs = '{"max_episode_steps": 6}'
    code = main(["fingerprint", WALK, "-o", str(path), "--after", "5", "--kwargs", kwargs])
    assert code == 0
    printed = " ".join(capsys.readouterr().out.split())
    assert "episode end(s)) written to" in printed
    data = load_fingerprint(path)
    assert data["make_kwargs"] == {"max_episode_steps": 6} and data["after_reset"] == 5
    assert episode_coverage_problems(data) == []
    assert main(["verify", str(path)]) == 0


def test_too_long_an_episode_is_refused_with_the_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    code = main(["fingerprint", WALK, "-o", str(tmp_path / "w.json"), "--max-steps", "3"])
    assert code == 2
    printed = " ".join(capsys.readouterr().out.split())
    assert "did not end within 3 steps" in printed and "--kwargs" in printed


@pytest.mark.parametrize("bad", ["[1]", "{oops"])
def test_bad_kwargs_are_a_usage_error(bad: str, capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["fingerprint", WALK, "--kwargs", bad])
    assert exit_info.value.code == 2
    assert "--kwargs must be a JSON object" in capsys.readouterr().err


def test_refresh_rerecords_in_place_with_the_stored_settings(tmp_path: Path) -> None:
    path = tmp_path / "walk.json"
    assert (
        main(
            [
                "fingerprint",
                WALK,
                "-o",
                str(path),
                "--seed",
                "4",
                "--kwargs",
                '{"max_episode_steps": 7}',
            ]
        )
        == 0
    )
    old = json.loads(path.read_text())
    # an old-style file: no episode end, stale content
    old["trajectory"] = old["trajectory"][:3]
    path.write_text(json.dumps(old))
    assert episode_coverage_problems(load_fingerprint(path))
    assert main(["fingerprint", "--refresh", str(tmp_path)]) == 0
    new = load_fingerprint(path)
    assert new["seed"] == 4 and new["make_kwargs"] == {"max_episode_steps": 7}
    assert episode_coverage_problems(new) == []
    assert main(["verify", "--dir", str(tmp_path)]) == 0


def test_refresh_refuses_env_ids_and_missing_paths(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["fingerprint", WALK, "--refresh", str(tmp_path)])
    with pytest.raises(SystemExit):
        main(["fingerprint", "--refresh", str(tmp_path / "nothing-here")])


def test_verify_notes_a_fingerprint_without_an_episode_end(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    path = tmp_path / "walk.json"
    assert main(["fingerprint", WALK, "-o", str(path)]) == 0
    data = json.loads(path.read_text())
    data["trajectory"] = data["trajectory"][:4]  # replays, but ends no episode
    path.write_text(json.dumps(data))
    capsys.readouterr()
    assert main(["verify", str(path)]) == 0
    printed = " ".join(capsys.readouterr().out.split())
    assert "note: no episode ends in its 3 steps" in printed and "--refresh" in printed
