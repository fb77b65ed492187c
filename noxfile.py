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
    """Install Xvfb for the human-rendering tests when missing and we may (root + apt)."""
    if shutil.which("Xvfb") or not shutil.which("apt-get"):
        return
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        session.warn("Xvfb is missing and this is not root: human-window tests will be skipped")
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
    for dist in [d.split("[")[0] for d in DISTRIBUTIONS] + ["."]:
        session.run("python", "-m", "build", "--outdir", str(out), dist)
    session.log(f"wheelhouse ready: pip install --find-links {out} 'gymkit[all]'")


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Side-by-side benchmarks; the peers are installed here only, never as gymkit dependencies."""
    # Gymnasium's MuJoCo extra: the peer of the gymkit-mujoco cases (benchmarks/mujoco_*.py)
    install_repo(session, "gymnasium[mujoco]>=1.0,<2", "pygame>=2.1.3")
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
