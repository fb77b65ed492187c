"""The core's upload client against a real uvicorn server (in a thread of this process), and
the ``gymkit-scoreboard`` command."""

from __future__ import annotations

import io
import socket
import threading
import time
from collections.abc import Iterator

import pytest

import gymkit
from gymkit import error
from gymkit.cli import main as gymkit_main


@pytest.fixture
def server(app) -> Iterator[str]:
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not instance.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=30)


def test_gymkit_upload_prints_progress_and_the_url(server, sb, run_a, monkeypatch):
    key = sb.add_user("alice")
    out = io.StringIO()
    evaluation = gymkit.upload(
        run_a, api_key=key, server=server, writeup="https://example.org/cem", out=out
    )
    text = out.getvalue()
    assert "120 episodes, 1 videos" in text and f"to {server}" in text
    assert "100.0%" in text and "MB/s" in text
    assert text.rstrip().endswith(f"{server}/evaluations/{evaluation['id']}")
    assert evaluation["writeup"] == "https://example.org/cem"
    # key and server from the environment, through the CLI
    monkeypatch.setenv("GYMKIT_API_KEY", key)
    monkeypatch.setenv("GYMKIT_SCOREBOARD_URL", server)
    assert gymkit_main(["writeup", str(evaluation["id"]), "https://example.org/v2"]) == 0
    assert gymkit_main(["upload", str(run_a)]) == 0


def test_gymkit_upload_reports_the_servers_refusal(server, sb, tmp_path, capsys):
    key = sb.add_user("alice")
    (tmp_path / "m.manifest.json").write_text("{}")
    with pytest.raises(error.UploadError, match=r"HTTP 401.*not known"):
        gymkit.upload(tmp_path, api_key="gks_wrong", server=server, out=io.StringIO())
    with pytest.raises(error.UploadError, match=r"HTTP 400.*malformed manifest"):
        gymkit.upload(tmp_path, api_key=key, server=server, out=io.StringIO())
    assert gymkit_main(["upload", str(tmp_path), "--api-key", key, "--server", server]) == 1
    assert "malformed manifest" in " ".join(capsys.readouterr().err.split())


def test_gymkit_upload_checks_its_arguments(tmp_path, monkeypatch):
    monkeypatch.delenv("GYMKIT_API_KEY", raising=False)
    with pytest.raises(error.UploadError, match="no API key"):
        gymkit.upload(tmp_path)
    with pytest.raises(error.UploadError, match="must be http"):
        gymkit.upload(tmp_path, api_key="k", server="ftp://x")
    with pytest.raises(error.UploadError, match=r"holds no .*manifest"):
        gymkit.upload(tmp_path, api_key="k", server="http://127.0.0.1:9")
    with pytest.raises(error.UploadError, match="cannot reach the scoreboard"):
        (tmp_path / "m.manifest.json").write_text("{}")
        gymkit.upload(tmp_path, api_key="k", server="http://127.0.0.1:9", out=io.StringIO())


def test_user_add_prints_a_working_key_once(tmp_path, capsys):
    from gymkit_scoreboard.cli import main
    from gymkit_scoreboard.security import KEY_PREFIX, key_digest

    data = tmp_path / "data"
    assert main(["user", "add", "root-admin", "--moderator", "--data", str(data)]) == 0
    printed = capsys.readouterr().out
    key = printed.split("shown only now): ")[1].strip()
    assert key.startswith(KEY_PREFIX) and "moderator root-admin" in printed
    import sqlite3

    with sqlite3.connect(data / "scoreboard.db") as connection:
        rows = connection.execute("SELECT * FROM api_keys").fetchall()
    assert len(rows) == 1 and key_digest(key) in rows[0]
    assert not any(key in str(value) for value in rows[0])  # only the digest and a prefix
    assert main(["user", "add", "root-admin", "--data", str(data)]) == 1
    assert main(["user", "add", "<script>", "--data", str(data)]) == 2


def test_migrations_build_the_models_schema(tmp_path):
    from sqlalchemy import inspect

    from gymkit_scoreboard.db import make_engine, upgrade
    from gymkit_scoreboard.models import Base

    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    upgrade(engine)
    upgrade(engine)  # idempotent
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables and "alembic_version" in tables
    for name, table in Base.metadata.tables.items():
        columns = {c["name"] for c in inspect(engine).get_columns(name)}
        assert columns == {c.name for c in table.columns}, name
