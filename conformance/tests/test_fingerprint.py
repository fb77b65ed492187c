"""Golden fingerprints: a recording verifies against its env, tolerates rounding noise and
catches any change of dynamics, reward or termination."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gymkit
from gymkit.fingerprint import _action_data, _plain, _restore_action
from gymkit_conformance.checks import same_value
from gymkit_conformance.fingerprint import (
    FINGERPRINT_FORMAT,
    episode_coverage_problems,
    fingerprint_filename,
    load_fingerprint,
    record_fingerprint,
    verify_fingerprint,
    write_fingerprint,
)
from gymkit_conformance.strategies import from_space, spaces

WALK = "conformance-test/NoisyWalk-v0"


@pytest.fixture(scope="module", autouse=True)
def registered_walk() -> Iterator[None]:
    """The zoo's correct env under a test id (registration is process-wide; ids are unique)."""
    if WALK not in gymkit.registry:
        gymkit.register(WALK, "gymkit_conformance.zoo:NoisyWalk", max_episode_steps=30)
    yield


def _recorded(tmp_path: Path) -> Path:
    return write_fingerprint(record_fingerprint(WALK, seed=3, after_reset=40), tmp_path / "w.json")


def test_a_recording_covers_an_episode_end_and_the_reset_after_it(tmp_path: Path) -> None:
    path = _recorded(tmp_path)
    data = load_fingerprint(path)
    assert data["format"] == FINGERPRINT_FORMAT == "gymkit-fingerprint/2"
    assert data["env_id"] == WALK and data["seed"] == 3 and data["after_reset"] == 40
    records = data["trajectory"]
    # 30-step time limit: the first episode is truncated at step 30 (or terminates before)
    first_end = next(i for i, r in enumerate(records) if "a" in r and (r["t"] or r["u"]))
    assert first_end <= 30 and records[first_end + 1]["reset"] == 4  # seed + 1
    after = [r for r in records[first_end + 2 :] if "a" in r]
    assert len(after) == 40 and data["steps"] == first_end + 40
    resets = [r["reset"] for r in records if "reset" in r]
    assert resets == list(range(3, 3 + len(resets))) and data["episodes_ended"] == len(resets) - 1
    assert episode_coverage_problems(data) == []
    assert verify_fingerprint(path) == []


def test_an_episode_longer_than_max_steps_is_refused_with_the_fix() -> None:
    with pytest.raises(ValueError, match=r"did not end within 10 steps.*max_episode_steps"):
        record_fingerprint(WALK, max_steps=10)


def test_make_kwargs_shorten_the_episode_and_are_replayed(tmp_path: Path) -> None:
    data = record_fingerprint(
        WALK, max_steps=10, after_reset=3, make_kwargs={"max_episode_steps": 5}
    )
    assert data["make_kwargs"] == {"max_episode_steps": 5}
    first_end = next(i for i, r in enumerate(data["trajectory"]) if "a" in r and (r["t"] or r["u"]))
    assert first_end <= 5 and episode_coverage_problems(data) == []
    path = write_fingerprint(data, tmp_path / "short.json")
    assert verify_fingerprint(path) == []
    # replayed without the recorded kwargs, the time limit (30) would not truncate at 5 steps
    data["make_kwargs"] = {}
    write_fingerprint(data, path)
    problems = verify_fingerprint(path)
    assert (problems and "truncated" in problems[0]) or "terminated" in problems[0]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"after_reset": 0}, "after_reset must be an int >= 1, got 0"),
        ({"max_steps": True}, "max_steps must be an int >= 1, got True"),
        ({"seed": -1}, "seed must be an int >= 0, got -1"),
    ],
)
def test_bad_settings_are_refused(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        record_fingerprint(WALK, **kwargs)


def test_coverage_problems_name_what_is_missing() -> None:
    reset = {"reset": 0, "o": [0.0]}
    step = {"a": 0, "o": [0.0], "r": 0.0, "t": False, "u": False}
    end = {**step, "u": True}
    assert (
        "no episode ends in its 2 steps"
        in episode_coverage_problems({"trajectory": [reset, step, step]})[0]
    )
    assert "no reset follows" in episode_coverage_problems({"trajectory": [reset, end]})[0]
    assert (
        "no step is recorded after the reset"
        in episode_coverage_problems({"trajectory": [reset, end, {"reset": 1, "o": [0.0]}]})[0]
    )
    assert episode_coverage_problems({"trajectory": [reset, step, end, reset, step]}) == []


def test_a_format_1_file_still_replays(tmp_path: Path) -> None:
    data = record_fingerprint(WALK, seed=3)
    for key in ("make_kwargs", "after_reset", "max_steps", "episodes_ended"):
        del data[key]
    data["format"] = "gymkit-fingerprint/1"
    path = write_fingerprint(data, tmp_path / "old.json")
    assert verify_fingerprint(path) == []


def test_the_file_is_compact_json_one_record_per_line(tmp_path: Path) -> None:
    path = _recorded(tmp_path)
    lines = path.read_text().splitlines()
    data = json.loads(path.read_text())
    assert len(lines) < len(data["trajectory"]) + 20


def test_rounding_noise_within_tolerance_is_accepted(tmp_path: Path) -> None:
    path = _recorded(tmp_path)
    data = load_fingerprint(path)
    record = next(r for r in data["trajectory"] if "a" in r)
    record["o"][0] *= 1 + 1e-7
    write_fingerprint(data, path)
    assert verify_fingerprint(path) == []


@pytest.mark.parametrize(
    ("field", "change", "named"),
    [
        ("o", lambda r: r["o"].__setitem__(0, r["o"][0] + 0.01), "observation"),
        ("r", lambda r: r.__setitem__("r", r["r"] + 0.5), "reward"),
        ("t", lambda r: r.__setitem__("t", not r["t"]), "terminated"),
    ],
)
def test_a_changed_value_is_reported(
    tmp_path: Path, field: str, change: object, named: str
) -> None:
    path = _recorded(tmp_path)
    data = load_fingerprint(path)
    index, record = next((i, r) for i, r in enumerate(data["trajectory"]) if i > 5 and "a" in r)
    change(record)  # type: ignore[operator]
    write_fingerprint(data, path)
    problems = verify_fingerprint(path)
    assert len(problems) == 1
    assert f"record #{index}" in problems[0] and named in problems[0]


def test_another_env_does_not_match(tmp_path: Path) -> None:
    other = "conformance-test/NoisyWalkBox-v0"
    if other not in gymkit.registry:
        gymkit.register(other, "gymkit_conformance.zoo:NoisyWalkBoxAction")
    path = _recorded(tmp_path)
    problems = verify_fingerprint(path, other)
    assert problems and "action_space" in problems[0]


def test_a_file_that_is_not_a_fingerprint_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"hello": 1}')
    with pytest.raises(ValueError, match="not a gymkit fingerprint"):
        load_fingerprint(path)


def test_file_names_keep_namespaces_readable() -> None:
    assert fingerprint_filename("CartPole-v1") == "CartPole-v1.json"
    assert fingerprint_filename("example/GridWorld-v0") == "example--GridWorld-v0.json"


@settings(max_examples=200)
@given(spaces().flatmap(lambda space: st.tuples(st.just(space), from_space(space))))
def test_stored_actions_are_restored_exactly(case: tuple) -> None:
    space, action = case
    data = json.loads(json.dumps(_action_data(space, action)))
    restored = _restore_action(space, data)
    assert space.contains(restored)
    assert same_value(_plain(restored), _plain(action))


def test_large_integer_arrays_are_recorded_by_digest() -> None:
    import numpy as np

    screen = np.zeros((210, 160, 3), dtype=np.uint8)
    recorded = _plain(screen)
    assert recorded == _plain(screen.copy()) and set(recorded) == {"sha256", "shape", "dtype"}
    assert recorded["shape"] == [210, 160, 3] and recorded["dtype"] == "uint8"
    screen[100, 50, 1] = 1  # one changed pixel changes the record
    assert _plain(screen) != recorded
    assert _plain(np.arange(10, dtype=np.uint8)) == list(range(10))  # small arrays stay lists
    assert isinstance(_plain(np.zeros(5000, dtype=np.float32)), list)  # floats keep tolerance
