"""The Monitor records the watched env's dynamics fingerprint, comparable with the golden one."""

from __future__ import annotations

import json
from pathlib import Path

import gymkit
from gymkit.fingerprint import compare_fingerprints, load_fingerprint
from gymkit.wrappers import Monitor

GOLDEN = Path(__file__).parents[3] / "plugins" / "gymkit-classic" / "fingerprints"


def _manifest(monitor: Monitor) -> dict:
    return json.loads(monitor.manifest_path.read_text())


def test_the_manifest_names_a_fingerprint_that_matches_the_golden_one(tmp_path: Path) -> None:
    env = Monitor(gymkit.make("CartPole-v1"), tmp_path, video=False)
    env.reset(seed=3)
    env.step(env.action_space.sample())  # the monitored env is untouched by the recording
    env.close()
    manifest = _manifest(env)
    recorded = load_fingerprint(tmp_path / manifest["dynamics_fingerprint"])
    assert recorded["env_id"] == "CartPole-v1"
    assert compare_fingerprints(load_fingerprint(GOLDEN / "CartPole-v1.json"), recorded) == []


def test_changed_dynamics_are_reported_record_by_record(tmp_path: Path) -> None:
    env = Monitor(gymkit.make("CartPole-v1"), tmp_path, video=False)
    env.close()
    recorded = load_fingerprint(tmp_path / _manifest(env)["dynamics_fingerprint"])
    recorded["trajectory"][3]["o"][0] += 0.5
    problems = compare_fingerprints(load_fingerprint(GOLDEN / "CartPole-v1.json"), recorded)
    assert len(problems) == 1 and problems[0].startswith("record #3: observation")
    other = load_fingerprint(GOLDEN / "MountainCar-v0.json")
    assert "env_id is 'CartPole-v1'" in compare_fingerprints(other, recorded)[0]


def test_no_fingerprint_says_why(tmp_path: Path) -> None:
    off = Monitor(gymkit.make("CartPole-v1"), tmp_path / "off", video=False, fingerprint=False)
    off.close()
    assert _manifest(off)["dynamics_fingerprint"] is None
    assert not list((tmp_path / "off").glob("*.fingerprint.json"))
    short = Monitor(
        gymkit.make("MountainCar-v0"),
        tmp_path / "long",
        video=False,
        fingerprint={"max_steps": 5},
    )
    short.close()
    manifest = _manifest(short)
    assert manifest["dynamics_fingerprint"] is None
    assert "did not end within 5 steps" in manifest["dynamics_fingerprint_error"]
