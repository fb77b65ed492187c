"""Settings and fixtures shared by every test suite of the repo."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

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


FAST_FRAMES_MODULE = '''
import numpy as np
import gymkit
from gymkit.spaces import Box, Discrete


class FastFrames(gymkit.Env):
    """Draws rgb_array frames only, at a frame rate that keeps a windowed run short."""

    metadata = {"render_modes": ["rgb_array"], "render_fps": 500}

    def __init__(self, render_mode=None):
        self.render_mode = self._check_render_mode(render_mode)
        self.observation_space = Box(0.0, 10.0, shape=(1,), dtype=np.float32)
        self.action_space = Discrete(2)
        self.t = 0

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        self.t = 0
        return np.zeros(1, np.float32), {}

    def step(self, action):
        self.t += 1
        return np.full(1, self.t, np.float32), 1.0, self.t >= 5, False, {}

    def render(self):
        return np.full((24, 32, 3), 40 * self.t, dtype=np.uint8)


gymkit.register("fasttest/FastFrames-v0", FastFrames)
'''


class FastFramesModule(NamedTuple):
    """A module registering ``env_id``: an env drawing ``rgb_array`` frames only (5-step
    episodes, 500 fps), for windowed runs in a subprocess with ``directory`` on its
    ``PYTHONPATH`` (``import module``, or the id ``"module:env_id"``)."""

    directory: Path
    module: str
    env_id: str


@pytest.fixture
def fast_frames_module(tmp_path: Path) -> FastFramesModule:
    """:class:`FastFramesModule` written to a fresh directory."""
    directory = tmp_path / "fast_frames"
    directory.mkdir()
    (directory / "gymkit_fast_frames.py").write_text(FAST_FRAMES_MODULE)
    return FastFramesModule(directory, "gymkit_fast_frames", "fasttest/FastFrames-v0")
