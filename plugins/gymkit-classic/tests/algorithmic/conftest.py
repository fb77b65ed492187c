"""Fixtures of the algorithmic tests: every env class, and an oracle that solves an episode."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from gymkit_classic.algorithmic.copy_ import CopyEnv
from gymkit_classic.algorithmic.duplicated_input import DuplicatedInputEnv
from gymkit_classic.algorithmic.repeat_copy import RepeatCopyEnv
from gymkit_classic.algorithmic.reverse import ReverseEnv
from gymkit_classic.algorithmic.reversed_addition import ReversedAdditionEnv

ENV_CLASSES = {
    "Copy": CopyEnv,
    "RepeatCopy": RepeatCopyEnv,
    "DuplicatedInput": DuplicatedInputEnv,
    "Reverse": ReverseEnv,
    "ReversedAddition": ReversedAdditionEnv,
}


@pytest.fixture(params=sorted(ENV_CLASSES))
def env_class(request: pytest.FixtureRequest) -> type:
    """Each algorithmic env class in turn."""
    return ENV_CLASSES[request.param]


def _solve(env: Any, mistakes_at: int | None = None) -> float:
    """Play one episode (after reset) writing the target in order, moving the head right; write
    a wrong symbol at output index ``mistakes_at``. Returns the episode's return."""
    total = 0.0
    for index, symbol in enumerate(list(env.target)):
        if index == mistakes_at:
            symbol = (symbol + 1) % env.base
        _, reward, terminated, truncated, _ = env.step((1, 1, symbol))
        total += reward
        if terminated or truncated:
            break
    return total


@pytest.fixture(scope="session")
def solve() -> Callable[..., float]:
    """``solve(env, mistakes_at=None) -> return``: an oracle that writes the target."""
    return _solve


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
