"""Every session of the gymkit monorepo: ``nox -l`` lists them.

Adding a distribution is one line in ``DISTRIBUTIONS``; every session that installs the repo
picks it up.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import nox

ROOT = Path(__file__).parent
# Folder of every distribution in the repo, with the extras the test environment needs.
DISTRIBUTIONS = [
    "gymkit-core[render,video,plot,test]",
    "plugins/gymkit-classic",
    "plugins/gymkit-atari",
    "plugins/gymkit-box2d",
    "plugins/gymkit-mujoco",
    "plugins/gymkit-robotics",
    "conformance",
    "examples/gymkit-example-plugin",
    "scoreboard[test]",
]
# Where each distribution keeps its tests.
TEST_DIRS = [
    "gymkit-core/tests",
    "plugins/gymkit-classic/tests",
    "plugins/gymkit-atari/tests",
    "plugins/gymkit-box2d/tests",
    "plugins/gymkit-mujoco/tests",
    "plugins/gymkit-robotics/tests",
    "conformance/tests",
    "benchmarks/tests",  # the harness's logic (no timing): intervals, verdicts, structure
    "scoreboard/tests",  # incl. the real-browser test (Debian's Chromium, install-system-deps)
]
PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "tests"]


def install_repo(session: nox.Session, *extra: str) -> None:
    """Install every distribution of the repo editable (plus ``extra`` packages)."""
    args: list[str] = []
    for dist in DISTRIBUTIONS:
        args += ["-e", dist]
    session.install(*args, "-e", ".", *extra)


def ensure_xvfb(session: nox.Session) -> None:
    """Install the system packages of the tests (Xvfb for the human-rendering tests, Debian's
    Chromium for the scoreboard's browser test) when missing and we may (root + apt)."""
    if (shutil.which("Xvfb") and os.path.exists("/usr/bin/chromium")) or not shutil.which(
        "apt-get"
    ):
        return
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        session.warn(
            "Xvfb or Chromium is missing and this is not root: human-window tests will be "
            "skipped, the browser test fails under CI"
        )
        return
    session.run("bash", str(ROOT / ".ci" / "install-system-deps"), external=True)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Every distribution's test suite in one environment with everything installed."""
    ensure_xvfb(session)
    install_repo(session)
    session.run("pytest", *TEST_DIRS, *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff (lint and format check) over the repo, mypy over the core."""
    session.install("ruff>=0.5", "mypy>=1.10")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    install_repo(session)
    session.run("mypy", "gymkit-core/src/gymkit")


@nox.session(python=PYTHON)
def parity(session: nox.Session) -> None:
    """Dynamics parity with Gymnasium, installed here only as a test oracle (never a dependency,
    never in the tests session): same states and actions must give the same outcomes."""
    # pygame: Gymnasium draws CarRacing's observation with it (the oracle's need, not ours).
    install_repo(session, "gymnasium[mujoco]>=1.0,<2", "pygame>=2.1.3")
    session.run(
        "pytest",
        "plugins/gymkit-classic/parity",
        "plugins/gymkit-box2d/parity",
        "plugins/gymkit-mujoco/parity",
        *session.posargs,
    )


@nox.session(python=PYTHON)
def conformance(session: nox.Session) -> None:
    """Certify the classic, box2d, mujoco and robotics families, the example plugin and a
    representative Atari set, and verify every plugin's golden fingerprints. Posargs replace
    the selection given to ``gymkit-conformance check`` (e.g. ``-- --distribution gymkit-classic
    --examples 300``);
    the nightly run certifies every registered env (~580 ALE ids): ``-- --all``."""
    install_repo(session)
    certificates = Path(session.create_tmp()) / "certificates.json"
    if session.posargs:
        session.run("gymkit-conformance", "check", "--json", str(certificates), *session.posargs)
    else:
        session.run(
            "gymkit-conformance", "check", "--json", str(certificates), "--examples", "100",
            "--distribution", "gymkit-classic", "--distribution", "gymkit-example-plugin",
        )  # fmt: skip
        # An ALE reset(seed=...) reloads the ROM (~0.1 s), so fewer examples per Atari env.
        atari = ["ALE/Pong-v5", "ALE/Breakout-v5", "PongNoFrameskip-v4", "ALE/Pong-ram-v5"]
        atari_json = str(certificates.with_name("certificates-atari.json"))
        session.run("gymkit-conformance", "check", "--json", atari_json, "--examples", "20", *atari)
        # A Box2D episode is hundreds of physics steps (CarRacing draws a picture at each).
        box2d_json = str(certificates.with_name("certificates-box2d.json"))
        session.run(
            "gymkit-conformance", "check", "--json", box2d_json, "--examples", "20",
            "--distribution", "gymkit-box2d",
        )  # fmt: skip
        # A MuJoCo episode is up to 1000 steps of up to 5 mj_steps (Humanoid: 348-376 numbers
        # per observation) and every render makes a GL context: 5 examples per property keep
        # the 22 ids to minutes.
        mujoco_json = str(certificates.with_name("certificates-mujoco.json"))
        session.run(
            "gymkit-conformance", "check", "--json", mujoco_json, "--examples", "5",
            "--distribution", "gymkit-mujoco",
        )  # fmt: skip
        # The robotics ids: an arm episode is 50 steps of 20 mj_steps, a maze one hundreds of
        # steps (AntMaze: the Ant's 8 joints), so 3 examples per property.
        robotics_json = str(certificates.with_name("certificates-robotics.json"))
        session.run(
            "gymkit-conformance", "check", "--json", robotics_json, "--examples", "3",
            "--distribution", "gymkit-robotics",
        )  # fmt: skip
    for fingerprints in sorted(ROOT.glob("plugins/*/fingerprints")):
        session.run("gymkit-conformance", "verify", "--dir", str(fingerprints))


@nox.session(python=PYTHON)
def demo(session: nox.Session) -> None:
    """The main job: learn CartPole-v1 with the cross-entropy method, monitored, with video.

    Writes ``demo-results/CartPole-v1-cem`` (episodes, manifests, MP4s, learning curve) and fails
    unless the mean return over 100 evaluation episodes reaches the reward threshold (475).
    """
    install_repo(session)
    results = ROOT / "demo-results" / "CartPole-v1-cem"
    shutil.rmtree(results, ignore_errors=True)  # one run per directory: a clean learning curve
    session.run(
        "gymkit", "run", "CartPole-v1", "--agent", "cem", "--seed", "0",
        "--monitor", str(results), "--eval-episodes", "100",
    )  # fmt: skip


@nox.session(python=PYTHON)
def build(session: nox.Session) -> None:
    """Build a wheel and sdist of every distribution into ``dist/`` (a local package index)."""
    session.install("build>=1.2")
    out = ROOT / "dist"
    out.mkdir(exist_ok=True)
    # gymkit-ray is built too (for 'gymkit[ray]') but stays out of DISTRIBUTIONS: Ray is heavy
    # and installed only by the ray and bench_ray sessions.
    for dist in [d.split("[")[0] for d in DISTRIBUTIONS] + ["plugins/gymkit-ray", "."]:
        session.run("python", "-m", "build", "--outdir", str(out), dist)
    session.log(f"wheelhouse ready: pip install --find-links {out} 'gymkit[all]'")


@nox.session(python=PYTHON)
def ray(session: nox.Session) -> None:
    """gymkit-ray's tests on a local multi-node Ray cluster (simulated nodes on this machine,
    started and shut down by the tests' fixtures). Ray is installed here only, never in the
    tests session."""
    install_repo(session, "-e", "plugins/gymkit-ray[test]")
    try:
        session.run("pytest", "plugins/gymkit-ray/tests", *session.posargs)
    finally:  # the cluster fixtures shut Ray down; check that nothing of it is left running
        session.run("python", "plugins/gymkit-ray/tests/leftovers.py", session.virtualenv.location)


@nox.session(python=PYTHON)
def bench_ray(session: nox.Session) -> None:
    """The Ray benchmarks (``benchmarks/ray_vector.py``) on a local 2-CPU Ray cluster, in a venv
    of their own with gymkit-ray (``nox -s bench`` has no Ray: it reports them "not measured").
    Posargs go to ``python -m benchmarks``."""
    install_repo(session, "-e", "plugins/gymkit-ray")
    args = session.posargs or [
        "--only", "^ray ", "--json", "benchmarks/results/ray.json",
        "--markdown", "benchmarks/results/ray.md",
    ]  # fmt: skip
    session.run("python", "-m", "benchmarks", *args)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Side-by-side benchmarks; the peers are installed here only, never as gymkit dependencies."""
    # Gymnasium's MuJoCo extra: the peer of the gymkit-mujoco cases (benchmarks/mujoco_*.py)
    install_repo(
        session,
        "-e",
        "plugins/gymkit-gymnasium",
        "gymnasium[mujoco]>=1.0,<2",
        "pygame>=2.1.3",
    )
    # EnvPool ships wheels for some platforms/Pythons only: a peer that doesn't install is
    # reported as "not measured", not a failure.
    try:
        session.install("envpool>=0.8")
    except nox.command.CommandFailed:
        session.warn("EnvPool does not install here; its rows will read 'not measured'")
    # Gymnasium-Robotics' FetchPush-v4, the peer of benchmarks/robotics_arm.py: its Fetch tasks
    # need mujoco < 3.12 while gymkit-robotics runs on the current mujoco, so it gets a venv
    # of its own, named to the harness by GYMKIT_BENCH_ROBOTICS_PEER.
    peer = Path(session.create_tmp()) / "robotics-peer"
    try:
        session.run("uv", "venv", "--allow-existing", "-q", str(peer), external=True)
        session.run(
            "uv", "pip", "install", "-q", "-p", str(peer / "bin" / "python"),
            "gymnasium-robotics==1.4.2", "mujoco==3.11.0", external=True,
        )  # fmt: skip
        session.env["GYMKIT_BENCH_ROBOTICS_PEER"] = str(peer / "bin" / "python")
    except nox.command.CommandFailed:
        session.warn("gymnasium-robotics does not install here; its rows read 'not measured'")
    args = session.posargs or [
        "--json",
        "benchmarks/results/latest.json",
        "--markdown",
        "BENCHMARKS.md",
    ]
    session.run("python", "-m", "benchmarks", *args)
    if not session.posargs:  # the scoreboard's load test: its own section of BENCHMARKS.md
        session.run(
            "python", "-m", "benchmarks.scoreboard_load", "--markdown", "BENCHMARKS.md",
            "--json", "benchmarks/results/scoreboard_load.json",
        )  # fmt: skip


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(url: str, process: object, seconds: float = 60.0) -> None:
    """Wait until ``url`` answers (or fail when the server ``process`` died or took too long)."""
    import time
    import urllib.request

    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:  # type: ignore[attr-defined]
            raise RuntimeError(f"the scoreboard at {url} did not start")
        time.sleep(0.2)


@nox.session(python=PYTHON)
def scoreboard(session: nox.Session) -> None:
    """A local scoreboard with the demo's results uploaded (the demo runs first when its
    results are missing), served at http://127.0.0.1:8000 until Ctrl-C.

    ``-- --port N`` picks the port; ``-- --check`` uploads and stops (no serving)."""
    import subprocess

    install_repo(session)
    port = 8000
    if "--port" in session.posargs:
        port = int(session.posargs[session.posargs.index("--port") + 1])
    results = ROOT / "demo-results" / "CartPole-v1-cem"
    if not list(results.glob("*.manifest.json")):
        demo(session)
    data = Path(session.create_tmp()) / "scoreboard-data"
    shutil.rmtree(data, ignore_errors=True)
    added = session.run(
        "gymkit-scoreboard", "user", "add", "demo", "--moderator", "--data", str(data),
        silent=True,
    )  # fmt: skip
    key = str(added).rsplit(" ", 1)[-1].strip()
    bin_dir = Path(session.bin)
    server = subprocess.Popen(
        [str(bin_dir / "gymkit-scoreboard"), "serve", "--data", str(data), "--port", str(port)]
    )
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_for(url + "/", server)
        session.run(
            "gymkit", "upload", str(results), "--server", url, "--api-key", key,
            "--writeup", "https://github.com/gymkit/gymkit/blob/main/docs/monitoring.md",
        )  # fmt: skip
        if "--check" in session.posargs:
            return
        session.log(f"scoreboard at {url} (user 'demo', API key {key}); Ctrl-C stops it")
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        server.wait(timeout=30)


def _postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


@nox.session(python=PYTHON)
def scoreboard_pg(session: nox.Session) -> None:
    """The scoreboard's suite against a real PostgreSQL server: Debian's ``postgresql`` is
    installed when missing, a throwaway cluster is started in a temporary directory (as the
    ``postgres`` user when this runs as root), the suite runs against it (its real-server tests
    with two uvicorn workers) and then the load test, and the cluster is stopped and deleted:
    nothing left running."""
    import subprocess
    import tempfile

    if _postgres_bin() is None:
        if not shutil.which("apt-get") or os.geteuid() != 0:
            session.error("PostgreSQL is missing: apt-get install postgresql (needs root)")
        session.run("apt-get", "update", "-qq", external=True)
        session.run(
            "apt-get", "install", "-y", "-qq", "--no-install-recommends", "postgresql",
            external=True, env={"DEBIAN_FRONTEND": "noninteractive"},
        )  # fmt: skip
    pg = _postgres_bin()
    assert pg is not None
    install_repo(session, "psycopg[binary]>=3.1,<4")
    as_postgres: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        as_postgres = ["runuser", "-u", "postgres", "--"]
    cluster = Path(tempfile.mkdtemp(prefix="gymkit-pg-"))
    if as_postgres:
        shutil.chown(cluster, "postgres", "postgres")
    data = cluster / "data"
    port = _free_port()
    session.run(*as_postgres, str(pg / "initdb"), "-D", str(data), "-U", "postgres",
                "-A", "trust", "--no-sync", silent=True, external=True)  # fmt: skip
    options = f"-p {port} -k {cluster} -c listen_addresses=127.0.0.1 -c fsync=off"
    session.run(*as_postgres, str(pg / "pg_ctl"), "-D", str(data), "-o", options,
                "-l", str(cluster / "log"), "-w", "start", external=True)  # fmt: skip
    try:
        session.run(*as_postgres, str(pg / "createdb"), "-h", "127.0.0.1", "-p", str(port),
                    "-U", "postgres", "scoreboard", external=True)  # fmt: skip
        url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/scoreboard"
        session.run(
            "pytest", "scoreboard/tests", *session.posargs,
            env={"GYMKIT_SCOREBOARD_TEST_DB": url, "GYMKIT_SCOREBOARD_TEST_WORKERS": "2"},
        )  # fmt: skip
        # the load test on its own database: 50 concurrent uploads, 500 views, two workers
        session.run(*as_postgres, str(pg / "createdb"), "-h", "127.0.0.1", "-p", str(port),
                    "-U", "postgres", "load", external=True)  # fmt: skip
        session.run(
            "python", "-m", "benchmarks.scoreboard_load", "--workers", "2",
            "--db", url.rsplit("/", 1)[0] + "/load",
            "--json", str(Path(session.create_tmp()) / "scoreboard_load_pg.json"),
        )  # fmt: skip
    finally:
        subprocess.run(
            [*as_postgres, str(pg / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
            check=False,
        )
        shutil.rmtree(cluster, ignore_errors=True)


# The interop session's consumers: CPU torch from this machine's disk (pip only; uv does not look
# there, and a plain "torch" pulls a multi-GB CUDA build), then the libraries that train on it.
INTEROP_TORCH = "torch==2.13.0"
INTEROP_CONSUMERS = ["stable-baselines3>=2.4,<3"]
INTEROP_OPTIONAL = ["minigrid>=3,<4"]  # certified through the bridge when it installs
INTEROP_DIR = ROOT / "plugins" / "gymkit-gymnasium"


@nox.session(python=PYTHON, venv_backend="virtualenv")
def interop(session: nox.Session) -> None:
    """Gymnasium interop: the adapters' and bridge's tests, then real consumers.

    Installs gymkit-gymnasium (Gymnasium with it), pygame (Gymnasium's own classic-control
    drawing, for bridged ids), CPU torch, Stable-Baselines3 and MiniGrid, none of them a
    dependency of the core or of the ``tests`` session (which stays Gymnasium-free for the parity
    guard). Then: pytest over plugins/gymkit-gymnasium/tests; SB3 PPO on CartPole-v1, SB3 DQN on
    MountainCar-v0, a CleanRL-style PPO over the vector adapter, each bounded and seeded and
    failing with its figures when it misses its threshold; certification of bridged ids.
    Figures go to ``interop-results/*.json``. ``-- --tests-only`` stops after pytest; other
    posargs go to pytest.
    """
    ensure_xvfb(session)
    install_repo(session, "-e", "plugins/gymkit-gymnasium", "pygame>=2.1.3")
    session.install(INTEROP_TORCH)
    session.install(*INTEROP_CONSUMERS)
    for package in INTEROP_OPTIONAL:
        try:
            session.install(package)
        except nox.command.CommandFailed:
            session.warn(f"{package} does not install here; its certification is skipped")
    args = [a for a in session.posargs if a != "--tests-only"]
    session.run("pytest", str(INTEROP_DIR / "tests"), "-q", *args)
    if "--tests-only" in session.posargs:
        return
    results = ROOT / "interop-results"
    results.mkdir(exist_ok=True)
    consumers = INTEROP_DIR / "consumers"
    for script in ["sb3_ppo_cartpole.py", "sb3_dqn_mountaincar.py", "cleanrl_ppo_cartpole.py"]:
        session.run("python", str(consumers / script), "--out", str(results))
    session.run("python", str(consumers / "certify_bridged.py"), "--out", str(results))


@nox.session(python=PYTHON)
def interop_seeds(session: nox.Session) -> None:
    """The seeds' integrations through the bridge: stable-retro (Airstriker-Genesis, its freely
    shipped ROM) and Safety-Gymnasium (SafetyPointGoal1-v0), each made, stepped, rendered
    headless, monitored and certified; ``interop-results/seeds.json`` records what happens.

    Both pin what gymkit cannot take, so they are installed without their pins (``--no-deps``)
    and their real needs added: stable-retro pins pyglet<2 (gymkit renders with pyglet 2; the
    headless rgb_array path needs no pyglet); Safety-Gymnasium 1.0.0 (its latest release) pins
    gymnasium==0.28.1, mujoco==2.3.3 and numpy==1.23.5, none of which gymkit-gymnasium's
    gymnasium>=1.0 or gymkit's numpy>=1.24 admits. The script reports, it does not judge: it
    fails only when the bridge itself misbehaves (an error that is not the package's own).
    """
    install_repo(session, "-e", "plugins/gymkit-gymnasium")
    session.install("--no-deps", "stable-retro>=1,<2")
    session.install("--no-deps", "safety-gymnasium==1.0.0")
    session.install("mujoco>=3", "xmltodict>=0.13", "pyyaml>=6", "imageio>=2.27")
    session.run(
        "python",
        str(INTEROP_DIR / "consumers" / "seeds.py"),
        "--out",
        str(ROOT / "interop-results"),
        env={"MUJOCO_GL": "egl"},
    )
