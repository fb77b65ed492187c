"""The upload API with the app's test client: a real monitored run is stored and scored; every
bad input is a clear 4xx and stores nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gymkit.monitoring import load_results

UPLOAD = "/api/v1/evaluations"


def test_an_upload_is_stored_and_scored(client, sb, run_a):
    key = sb.add_user("alice")
    response = client.post(UPLOAD, content=sb.archive(run_a), headers=sb.bearer(key))
    assert response.status_code == 201, response.text
    evaluation = response.json()
    assert evaluation["env_id"] == "CartPole-v1"
    assert evaluation["user"] == "alice"
    assert evaluation["episodes"] == 120
    assert evaluation["videos"] == 1
    assert evaluation["score"]["kind"] == "episodes-to-threshold"
    assert evaluation["score"]["solved"] is True
    # the controller takes over at episode 20: a window holding a few random episodes and
    # 500s after them already averages 475; counted here the plain way
    returns = load_results(run_a).returns.tolist()
    lengths = load_results(run_a).lengths.tolist()
    first = next(i for i in range(len(returns) - 99) if sum(returns[i : i + 100]) / 100 >= 475)
    assert 10 < first <= 20
    assert evaluation["score"]["episodes_to_solve"] == first
    assert evaluation["score"]["steps_to_solve"] == sum(lengths[:first])
    assert evaluation["score"]["reward_threshold"] == 475.0
    assert evaluation["url"].endswith(f"/evaluations/{evaluation['id']}")
    assert evaluation["gymkit_version"] == "0.1.0"
    assert "gymkit-classic" in evaluation["versions"]["plugins"]
    assert evaluation["seeds"][:3] == [0, 1, 2]
    counts = sb.stored()
    assert counts == {"evaluations": 1, "episodes": 120, "videos": 1, "folders": 1, "tmp": 0}
    again = client.get(f"/api/v1/evaluations/{evaluation['id']}")
    assert again.status_code == 200 and again.json() == evaluation


def test_an_unsolved_run_scores_its_best_mean(client, sb, run_random):
    key = sb.add_user("alice")
    evaluation = client.post(UPLOAD, content=sb.archive(run_random), headers=sb.bearer(key)).json()
    assert evaluation["score"]["solved"] is False
    assert evaluation["score"]["episodes_to_solve"] is None
    assert 5 < evaluation["score"]["best_mean"] < 100  # random CartPole play


@pytest.mark.parametrize(
    ("headers", "status", "message"),
    [
        ({}, 401, "no API key"),
        ({"Authorization": "Bearer gks_not-a-key"}, 401, "not known to this server"),
        ({"Authorization": "Basic abc"}, 401, "no API key"),
    ],
)
def test_a_missing_or_wrong_key_is_refused(client, sb, run_a, headers, status, message):
    response = client.post(UPLOAD, content=sb.archive(run_a), headers=headers)
    assert response.status_code == status
    assert message in response.json()["error"]
    assert sb.stored() == sb.NOTHING


def test_a_revoked_key_is_refused(client, sb, run_a):
    key = sb.add_user("alice")
    revoked = client.post("/api/v1/keys/revoke", headers=sb.bearer(key))
    assert revoked.status_code == 200 and revoked.json()["revoked"].startswith("gks_")
    response = client.post(UPLOAD, content=sb.archive(run_a), headers=sb.bearer(key))
    assert response.status_code == 401
    assert "was revoked" in response.json()["error"]
    assert client.get("/api/v1/whoami", headers=sb.bearer(key)).status_code == 401
    assert sb.stored() == sb.NOTHING


def test_a_truncated_archive_is_refused(client, sb, run_a):
    key = sb.add_user("alice")
    body = sb.archive(run_a)
    response = client.post(UPLOAD, content=body[: len(body) // 2], headers=sb.bearer(key))
    assert response.status_code == 400
    assert "truncated" in response.json()["error"]
    assert sb.stored() == sb.NOTHING


def test_garbage_and_empty_bodies_are_refused(client, sb):
    key = sb.add_user("alice")
    for body in (b"", b"not an archive at all"):
        response = client.post(UPLOAD, content=body, headers=sb.bearer(key))
        assert response.status_code == 400, response.text
    assert sb.stored() == sb.NOTHING


def test_an_oversized_archive_is_refused(client, sb, app):
    key = sb.add_user("alice")
    limit = app.state.settings.max_upload
    response = client.post(UPLOAD, content=b"\0" * (limit + 1), headers=sb.bearer(key))
    assert response.status_code == 413
    assert str(limit) in response.json()["error"]
    assert sb.stored() == sb.NOTHING


def test_an_archive_that_unpacks_too_large_is_refused(client, sb, app):
    key = sb.add_user("alice")
    app.state.settings.max_unpacked = 1000
    body = sb.raw_archive({"monitor-1.episodes.jsonl": b"\n" * 5000})  # compresses to little
    response = client.post(UPLOAD, content=body, headers=sb.bearer(key))
    assert response.status_code == 413
    assert "unpacks to more than 1000 bytes" in response.json()["error"]
    assert sb.stored() == sb.NOTHING


@pytest.mark.parametrize(
    "name", ["../evil.manifest.json", "/etc/evil.manifest.json", "videos/../../x.mp4"]
)
def test_path_traversal_is_refused(client, sb, name):
    key = sb.add_user("alice")
    response = client.post(UPLOAD, content=sb.raw_archive({name: b"{}"}), headers=sb.bearer(key))
    assert response.status_code == 400
    assert "points outside the upload" in response.json()["error"]
    assert sb.stored() == sb.NOTHING


def test_links_and_unexpected_members_are_refused(client, sb):
    key = sb.add_user("alice")
    link = sb.raw_archive({}, links={"m.manifest.json": "/etc/passwd"})
    response = client.post(UPLOAD, content=link, headers=sb.bearer(key))
    assert response.status_code == 400 and "link" in response.json()["error"]
    other = sb.raw_archive({"run.sh": b"rm -rf /"})
    response = client.post(UPLOAD, content=other, headers=sb.bearer(key))
    assert response.status_code == 400 and "unexpected archive member" in response.json()["error"]
    assert sb.stored() == sb.NOTHING


def _tampered(run: Path, tmp_path: Path, change) -> Path:
    copy = tmp_path / "tampered"
    shutil.copytree(run, copy)
    change(copy)
    return copy


def _manifest(directory: Path) -> Path:
    return next(directory.glob("*.manifest.json"))


def _edit_json(path: Path, edit) -> None:
    data = json.loads(path.read_text())
    edit(data)
    path.write_text(json.dumps(data))


@pytest.mark.parametrize(
    ("change", "status", "message"),
    [
        (lambda d: _manifest(d).write_text("{not json"), 400, "malformed manifest"),
        (lambda d: _manifest(d).write_text("[1, 2]"), 400, "malformed manifest"),
        (
            lambda d: _edit_json(_manifest(d), lambda m: m.pop("env_id")),
            400,
            "'env_id' must be a str",
        ),
        (
            lambda d: _edit_json(_manifest(d), lambda m: m.update(env_id="NoSuchEnv-v3")),
            422,
            "unknown env id 'NoSuchEnv-v3'",
        ),
        (
            lambda d: _edit_json(_manifest(d), lambda m: m.update(env_id="CartPole")),
            422,
            "not an exact version",
        ),
    ],
    ids=["not-json", "not-an-object", "no-env-id", "unknown-env", "unversioned"],
)
def test_bad_manifests_are_refused(client, sb, run_a, tmp_path, change, status, message):
    key = sb.add_user("alice")
    body = sb.archive(_tampered(run_a, tmp_path, change))
    response = client.post(UPLOAD, content=body, headers=sb.bearer(key))
    assert response.status_code == status, response.text
    assert message in response.json()["error"]
    assert sb.stored() == sb.NOTHING


def _modify_dynamics(directory: Path) -> None:
    """What a run on modified dynamics records: a fingerprint diverging from the golden one."""
    path = next(directory.glob("*.fingerprint.json"))
    data = json.loads(path.read_text())
    data["trajectory"][5]["o"][2] *= 1.5
    path.write_text(json.dumps(data))


def test_a_fingerprint_mismatch_is_refused_with_the_reason(client, sb, run_a, tmp_path):
    key = sb.add_user("alice")
    body = sb.archive(_tampered(run_a, tmp_path, _modify_dynamics))
    response = client.post(UPLOAD, content=body, headers=sb.bearer(key))
    assert response.status_code == 422
    error = response.json()["error"]
    assert "modified dynamics" in error and "record #5: observation" in error
    assert sb.stored() == sb.NOTHING


def test_a_missing_fingerprint_or_changed_kwargs_are_refused(client, sb, run_a, tmp_path):
    key = sb.add_user("alice")

    def drop(directory: Path) -> None:
        next(directory.glob("*.fingerprint.json")).unlink()

    response = client.post(
        UPLOAD, content=sb.archive(_tampered(run_a, tmp_path, drop)), headers=sb.bearer(key)
    )
    assert response.status_code == 422 and "no dynamics fingerprint" in response.json()["error"]
    shutil.rmtree(tmp_path / "tampered")

    def longer(directory: Path) -> None:
        _edit_json(_manifest(directory), lambda m: m["spec"].update(max_episode_steps=10_000))

    response = client.post(
        UPLOAD, content=sb.archive(_tampered(run_a, tmp_path, longer)), headers=sb.bearer(key)
    )
    assert response.status_code == 422
    assert "max_episode_steps=10000" in response.json()["error"]
    assert sb.stored() == sb.NOTHING


def _edit_episode(directory: Path, index: int, **changes) -> None:
    path = next(directory.glob("*.episodes.jsonl"))
    lines = path.read_text().splitlines()
    record = json.loads(lines[index])
    record.update(changes)
    lines[index] = json.dumps(record)
    path.write_text("\n".join(lines) + "\n")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"length": 501, "return": 501.0}, "ends every episode at 500 steps"),
        ({"return": 1e6}, "outside what CartPole-v1 allows"),
        ({"return": -3.0}, "outside what CartPole-v1 allows"),
        ({"length": 0}, "is not a positive int"),
        ({"return": "NaN"}, "is not a finite number"),
    ],
    ids=["too-long", "too-much-reward", "negative-reward", "empty", "not-a-number"],
)
def test_impossible_episode_records_are_refused(client, sb, run_a, tmp_path, changes, message):
    key = sb.add_user("alice")
    tampered = _tampered(run_a, tmp_path, lambda d: _edit_episode(d, 30, **changes))
    response = client.post(UPLOAD, content=sb.archive(tampered), headers=sb.bearer(key))
    assert response.status_code == 422, response.text
    assert message in response.json()["error"]
    assert sb.stored() == sb.NOTHING


def test_upload_rate_limit(client, sb, app, run_random):
    app.state.settings.upload_limit = 1
    key = sb.add_user("alice")
    body = sb.archive(run_random)
    assert client.post(UPLOAD, content=body, headers=sb.bearer(key)).status_code == 201
    response = client.post(UPLOAD, content=body, headers=sb.bearer(key))
    assert response.status_code == 429 and "too many uploads" in response.json()["error"]
    assert sb.stored()["evaluations"] == 1


def test_a_failed_commit_leaves_no_half_evaluation(client, sb, app, run_a, monkeypatch):
    """The files are renamed into place, then the commit fails: both are undone."""
    from sqlalchemy.orm import Session

    key = sb.add_user("alice")
    folders = app.state.settings.data / "evaluations"
    commit = Session.commit
    seen = []

    def commit_failing_after_the_rename(self):
        if any(folders.iterdir()):  # the upload's folder is in place: the commit "fails"
            seen.append(sorted(p.name for p in folders.iterdir()))
            raise RuntimeError("the database went away")
        return commit(self)

    monkeypatch.setattr(Session, "commit", commit_failing_after_the_rename)
    response = client.post(UPLOAD, content=sb.archive(run_a), headers=sb.bearer(key))
    monkeypatch.undo()
    assert len(seen) == 1 and len(seen[0]) == 1  # the failure struck after the rename
    assert response.status_code == 500
    assert "Traceback" not in response.text and "went away" not in response.text
    assert sb.stored() == sb.NOTHING


def test_what_a_killed_server_left_is_removed_at_the_next_start(settings, test_db, sb, run_a):
    """A server killed mid-upload leaves a staging folder, or a folder renamed into place whose
    transaction never committed: neither is an evaluation, and the next start removes both
    (once they are older than an hour: another process may be committing a fresh one)."""
    import os

    from gymkit_scoreboard.app import STALE_SECONDS, create_app

    first = create_app(settings)
    data = settings.data
    staging = data / "tmp" / "staging-killed"
    shutil.copytree(run_a, staging)
    orphan = data / "evaluations" / "0123456789abcdef"
    shutil.copytree(run_a, orphan)
    fresh = data / "evaluations" / "fresh-commit-in-flight"
    fresh.mkdir()
    old = os.stat(orphan).st_mtime - STALE_SECONDS - 60
    for path in (staging, orphan):
        os.utime(path, (old, old))
    first.state.engine.dispose()
    second = create_app(settings)
    assert not staging.exists() and not orphan.exists()
    assert fresh.exists()  # too young to tell: kept
    from starlette.testclient import TestClient

    with TestClient(second) as client:
        assert client.get("/api/v1/envs/CartPole-v1/evaluations").json()["evaluations"] == []
    second.state.engine.dispose()
