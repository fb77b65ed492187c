"""Fixtures of the registry tests: real plugin distributions and small test envs.

The fixture plugins under ``fixtures/`` (and the example plugin of the repo) are installed for
real, once per session, with ``pip install --no-deps --no-build-isolation --target <dir>``;
each lands in its own directory, and :func:`plugin_site` runs Python code in a fresh
interpreter whose ``PYTHONPATH`` holds the chosen ones, so ``importlib.metadata`` discovers
their dist-info entry points exactly as it would after ``pip install``.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from gymkit.core import Env

HERE = Path(__file__).parent
REPO = HERE.parents[2]
SOURCES = {
    "example": REPO / "examples" / "gymkit-example-plugin",
    "broken": HERE / "fixtures" / "broken_plugin",
    "clash": HERE / "fixtures" / "clash_plugin",
    "outside": HERE / "fixtures" / "outside_plugin",
    "impostor": HERE / "fixtures" / "impostor_plugin",
    "trial": HERE / "fixtures" / "trial_plugin",
    "slow": HERE / "fixtures" / "slow_plugin",
    "vecmode": HERE / "fixtures" / "vecmode_plugin",
    "lazy": HERE / "fixtures" / "lazy_plugin",
}

# Runs before the code of every plugin_site call: helpers that turn an attempt into JSON-friendly
# data, then (unless discover=False) discovery with every warning recorded in ``warned``.
PRELUDE = """
import json, sys, warnings
import gymkit
from gymkit import error

def attempt(fn):
    try:
        return {"ok": repr(fn())}
    except Exception as exc:
        cause = exc.__cause__
        return {
            "error": type(exc).__name__,
            "message": str(exc),
            "cause": None if cause is None else f"{type(cause).__name__}: {cause}",
        }

warned = []
"""
DISCOVER = """
with warnings.catch_warnings(record=True) as _caught:
    warnings.simplefilter("always")
    gymkit.registry.discover()
warned = [f"{w.category.__name__}: {w.message}" for w in _caught]
"""


@pytest.fixture(scope="session")
def installed_plugins(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Install every plugin of :data:`SOURCES` into its own target directory (once, in parallel)."""
    root = tmp_path_factory.mktemp("plugin-sites")
    targets = {key: root / key for key in SOURCES}
    installs = {
        key: subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--no-cache-dir",
                "--no-deps",
                "--no-build-isolation",
                "--no-index",
                "--target",
                str(targets[key]),
                str(source),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for key, source in SOURCES.items()
    }
    for key, process in installs.items():
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0, f"installing the {key!r} fixture failed:\n{output}"
    return targets


@pytest.fixture(scope="session")
def bare_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory holding only gymkit and what it imports (numpy, pluggy), as links.

    With ``python -S`` (no site-packages) and this directory on ``PYTHONPATH``, the only
    distributions ``importlib.metadata`` sees are the ones a test installs next to it: an
    environment where no first-party family is installed.
    """
    import numpy
    import pluggy

    import gymkit

    site = tmp_path_factory.mktemp("bare-site")
    packages = [Path(m.__file__).parent for m in (gymkit, numpy, pluggy)]
    libs = packages[1].with_name("numpy.libs")  # numpy's bundled shared libraries, if any
    for source in [*packages, *([libs] if libs.exists() else [])]:
        (site / source.name).symlink_to(source, target_is_directory=True)
    return site


@pytest.fixture(scope="session")
def plugin_site(
    installed_plugins: dict[str, Path], bare_site: Path, tmp_path_factory: pytest.TempPathFactory
) -> Callable[..., dict[str, Any]]:
    """``run(code, *plugins, discover=True, bare=False, paths=(), env=None)``: run ``code``.

    The fresh interpreter sees the named fixture plugins, then the directories ``paths``, on
    ``PYTHONPATH``. ``code`` must leave a JSON-serialisable ``result``; the call returns it,
    with the discovery warnings under ``"warned"``. With ``bare`` the interpreter sees no
    site-packages at all: only gymkit, numpy, pluggy and the named plugins. ``env`` adds
    environment variables; the discovery cache lives in a directory of this test session
    unless ``env`` names another ``GYMKIT_CACHE_DIR``, and the plugin load budget is off
    unless ``env`` sets ``GYMKIT_PLUGIN_LOAD_BUDGET``.
    """
    cache_dir = tmp_path_factory.mktemp("gymkit-cache")

    def run(
        code: str,
        *plugins: str,
        discover: bool = True,
        bare: bool = False,
        paths: tuple[Path, ...] = (),
        env: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        variables = {k: v for k, v in os.environ.items() if k != "GYMKIT_NO_PLUGIN_CACHE"}
        variables["GYMKIT_CACHE_DIR"] = str(cache_dir)
        # No load-time warnings from a busy machine unless a test sets a budget itself.
        variables["GYMKIT_PLUGIN_LOAD_BUDGET"] = "inf"
        variables.update(env or {})
        search = [str(installed_plugins[p]) for p in plugins] + [str(p) for p in paths]
        variables["PYTHONPATH"] = os.pathsep.join(search + ([str(bare_site)] if bare else []))
        script = (
            PRELUDE
            + (DISCOVER if discover else "")
            + textwrap.dedent(code)
            + "\nresult['warned'] = warned\n"
        )
        script += "print('@@RESULT@@' + json.dumps(result))\n"
        done = subprocess.run(
            [sys.executable, *(["-S"] if bare else []), "-c", script],
            env=variables,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        line = next(x for x in done.stdout.splitlines() if x.startswith("@@RESULT@@"))
        return json.loads(line[len("@@RESULT@@") :])

    return run


# ----------------------------------------------------------------------------- test envs
class WalkEnv(Env[np.ndarray, int]):
    """A 1-D walk on ``[-size, size]``: action 0 steps left, 1 right; reaching an end terminates.

    The start is drawn from ``np_random`` (so seeding is observable); reward is the new position.
    """

    metadata = {"render_modes": ["ansi", "rgb_array"], "render_fps": 10}

    def __init__(self, size: int = 3, render_mode: str | None = None) -> None:
        from gymkit.spaces import Box, Discrete

        self.render_mode = self._check_render_mode(render_mode)
        self.size = size
        self.observation_space = Box(-size, size, shape=(1,), dtype=np.float32)
        self.action_space = Discrete(2)
        self.position = 0
        self.closed = 0

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        super().reset(seed=seed)
        self.position = int(self.np_random.integers(-self.size + 1, self.size))
        return np.array([self.position], dtype=np.float32), {"start": self.position}

    def step(self, action: int):
        self.position += 1 if action == 1 else -1
        terminated = abs(self.position) >= self.size
        obs = np.array([self.position], dtype=np.float32)
        return obs, float(self.position), terminated, False, {}

    def render(self) -> Any:
        if self.render_mode == "ansi":
            return f"position={self.position}"
        if self.render_mode == "rgb_array":
            return np.zeros((4, 2 * self.size + 1, 3), dtype=np.uint8)
        return None

    def close(self) -> None:
        self.closed += 1


@pytest.fixture
def walk_env_cls() -> type[WalkEnv]:
    """The :class:`WalkEnv` class (a small seeded env with rendering)."""
    return WalkEnv


_WALK_IDS = itertools.count()


@pytest.fixture
def register_walk() -> Callable[..., str]:
    """``register_walk(**register_kwargs) -> id``: registers a fresh ``test/WalkN-v0``."""
    import gymkit

    def register(**kwargs: Any) -> str:
        env_id = f"test/Walk{next(_WALK_IDS)}-v0"
        kwargs.setdefault("entry_point", WalkEnv)
        gymkit.register(env_id, **kwargs)
        return env_id

    return register
