"""Fixtures of the toy-text tests: the env classes by name, and a private virtual display."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator

import pytest

from gymkit_classic.toy_text.blackjack import BlackjackEnv
from gymkit_classic.toy_text.cliffwalking import CliffWalkingEnv
from gymkit_classic.toy_text.frozen_lake import FrozenLakeEnv
from gymkit_classic.toy_text.taxi import TaxiEnv

ENV_CLASSES = {
    "FrozenLake": FrozenLakeEnv,
    "Taxi": TaxiEnv,
    "CliffWalking": CliffWalkingEnv,
    "Blackjack": BlackjackEnv,
}


@pytest.fixture(params=sorted(ENV_CLASSES))
def env_class(request: pytest.FixtureRequest) -> type:
    """Each toy-text env class in turn."""
    return ENV_CLASSES[request.param]


@pytest.fixture(scope="session")
def virtual_display() -> Iterator[str]:
    """A private Xvfb display set as ``DISPLAY`` for the session; skips without Xvfb."""
    binary = shutil.which("Xvfb")
    if binary is None:
        pytest.skip("Xvfb is not installed (run .ci/install-system-deps); no display to test on")
    read_fd, write_fd = os.pipe()
    process = subprocess.Popen(
        [binary, "-displayfd", str(write_fd), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    if not number:
        process.kill()
        process.wait()
        pytest.fail("Xvfb started but reported no display number")
    previous = os.environ.get("DISPLAY")
    os.environ["DISPLAY"] = f":{number}"
    try:
        yield f":{number}"
    finally:
        if previous is None:
            os.environ.pop("DISPLAY", None)
        else:
            os.environ["DISPLAY"] = previous
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
