"""Settings and fixtures shared by every test suite of the repo."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

# Shared machines are noisy: no per-example deadline; examples are counted, never timed.
settings.register_profile("gymkit", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("gymkit")


@pytest.fixture(scope="session")
def virtual_display() -> Iterator[str]:
    """A private Xvfb display (``":N"``) set as ``DISPLAY`` for the whole test session.

    Xvfb picks a free display number itself (``-displayfd``), so parallel runs never collide.
    Skips when the ``Xvfb`` binary is absent (``.ci/install-system-deps`` installs it).
    """
    binary = shutil.which("Xvfb")
    if binary is None:
        pytest.skip("Xvfb is not installed (run .ci/install-system-deps); no display to test on")
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        [binary, "-displayfd", str(write_fd), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    if not number:
        server.kill()
        server.wait()
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
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
