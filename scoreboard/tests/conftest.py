"""Fixtures of the scoreboard suite: real monitored CartPole runs (a random start, then a
controller that balances the pole) and a fresh app on a SQLite file per test (or on the
database ``GYMKIT_SCOREBOARD_TEST_DB`` names, e.g. PostgreSQL in ``nox -s scoreboard_pg``)."""

from __future__ import annotations

import io
import os
import tarfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

import gymkit
from gymkit.uploading import pack
from gymkit.wrappers import Monitor

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)


def balance(observation) -> int:
    """A linear controller that keeps CartPole-v1 up for its 500 steps."""
    x, x_dot, theta, theta_dot = (float(v) for v in observation)
    return int(theta + 0.5 * theta_dot + 0.05 * x + 0.2 * x_dot > 0)


def monitored_run(directory: Path, random_episodes: int, good_episodes: int, seed: int) -> Path:
    """A real Monitor directory of CartPole-v1: ``random_episodes`` of random play, then
    ``good_episodes`` balanced ones; a video of the first episode."""
    env = Monitor(
        gymkit.make("CartPole-v1", render_mode="rgb_array"),
        directory,
        video=lambda episode: episode == 0,
        fsync=False,  # the page cache is durable enough for a test
    )
    env.action_space.seed(seed)
    for episode in range(random_episodes + good_episodes):
        observation, _ = env.reset(seed=seed + episode)
        while True:
            if episode < random_episodes:
                action = env.action_space.sample()
            else:
                action = balance(observation)
            observation, _, terminated, truncated, _ = env.step(action)
            if terminated or truncated:
                break
    env.close()
    return directory


@pytest.fixture(scope="session")
def run_a(tmp_path_factory) -> Path:
    """Solves after 20 episodes."""
    return monitored_run(tmp_path_factory.mktemp("run-a"), 20, 100, seed=0)


@pytest.fixture(scope="session")
def run_b(tmp_path_factory) -> Path:
    """Solves after 25 episodes (the same score as run A within the tolerance)."""
    return monitored_run(tmp_path_factory.mktemp("run-b"), 25, 100, seed=1000)


@pytest.fixture(scope="session")
def run_random(tmp_path_factory) -> Path:
    """Never solves: 30 random episodes."""
    return monitored_run(tmp_path_factory.mktemp("run-random"), 30, 0, seed=2000)


def archive_of(directory: Path, tmp_path: Path) -> bytes:
    target = tmp_path / f"{directory.name}.tar.gz"
    pack(directory, target)
    return target.read_bytes()


def raw_archive(members: dict[str, bytes], links: dict[str, str] | None = None) -> bytes:
    """A gzip tar of ``members`` (name -> content) and symlinks, names taken as given."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = target
            tar.addfile(info)
    return buffer.getvalue()


@pytest.fixture
def settings(tmp_path):
    from gymkit_scoreboard.settings import Settings

    settings = Settings(data=tmp_path / "data", db=os.environ.get("GYMKIT_SCOREBOARD_TEST_DB", ""))
    settings.max_upload = 8 << 20
    return settings


@pytest.fixture
def test_db() -> str:
    """The database URL of this test: ``""`` (a SQLite file in the data directory) or
    ``GYMKIT_SCOREBOARD_TEST_DB``, emptied first."""
    url = os.environ.get("GYMKIT_SCOREBOARD_TEST_DB", "")
    if url:
        _drop_everything(url)
    return url


@pytest.fixture
def app(settings, test_db):
    from gymkit_scoreboard.app import create_app

    app = create_app(settings)
    yield app
    app.state.engine.dispose()  # no connection outlives its test (PostgreSQL counts them)


def _drop_everything(url: str) -> None:
    """A shared test database starts each test empty (schema and all)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture
def client(app) -> Iterator:
    from starlette.testclient import TestClient

    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def add_user(app, name: str, moderator: bool = False) -> str:
    """Create ``name`` with an API key; return the key."""
    from gymkit_scoreboard import security
    from gymkit_scoreboard.models import User

    with app.state.sessions() as db:
        user = User(name=name, moderator=moderator)
        db.add(user)
        key = security.new_api_key(db, user)
        db.commit()
    return key


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def stored(app) -> dict[str, int]:
    """Rows of the upload tables and evaluation folders on disk (to show nothing was stored)."""
    from sqlalchemy import func, select

    from gymkit_scoreboard.models import Episode, Evaluation, Video

    with app.state.sessions() as db:
        counts = {
            m.__tablename__: db.scalar(select(func.count()).select_from(m))
            for m in (Evaluation, Episode, Video)
        }
    data = app.state.settings.data
    counts["folders"] = len(list((data / "evaluations").iterdir()))
    counts["tmp"] = len(list((data / "tmp").iterdir()))
    return counts


NOTHING = {"evaluations": 0, "episodes": 0, "videos": 0, "folders": 0, "tmp": 0}


@pytest.fixture
def sb(app, tmp_path):
    """The helpers above, bound to this test's app (test modules import no conftest)."""
    from types import SimpleNamespace

    return SimpleNamespace(
        add_user=lambda name, moderator=False: add_user(app, name, moderator),
        bearer=bearer,
        stored=lambda: stored(app),
        archive=lambda directory: archive_of(directory, tmp_path),
        raw_archive=raw_archive,
        NOTHING=NOTHING,
    )
