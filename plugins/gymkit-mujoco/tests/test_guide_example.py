"""The plugin guide's MuJoCo task (docs/plugins.md, "Your own MuJoCo task") works as written:
its two code blocks become a real package on disk, its hook registers the id under its own
namespace in a registry, and ``make`` builds an env that behaves as the guide says."""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

import gymkit
from gymkit.error import InvalidAction
from gymkit.registration import Registry

DOCS = Path(__file__).resolve().parents[3] / "docs" / "plugins.md"
SECTION = "## Your own MuJoCo task"
ENV_ID = "yourname/PointMass-v0"


def guide_files() -> dict[str, str]:
    """``{path: code}`` of the section's code blocks, each introduced by its file name."""
    text = DOCS.read_text()
    assert SECTION in text, f"{DOCS} lost its section {SECTION!r}"
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^`(src/[\w/]+\.py)`:\n\n```python\n(.*?)^```", section, re.S | re.M)
    return dict(blocks)


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, ModuleType]]:
    """The guide's package ``gymkit_yourname`` written out and imported."""
    files = guide_files()
    assert set(files) == {
        "src/gymkit_yourname/point_mass.py",
        "src/gymkit_yourname/plugin.py",
    }, sorted(files)
    root = tmp_path_factory.mktemp("guide")
    (root / "src" / "gymkit_yourname").mkdir(parents=True)
    (root / "src" / "gymkit_yourname" / "__init__.py").write_text("")
    for path, code in files.items():
        (root / path).write_text(code)
    sys.path.insert(0, str(root / "src"))
    try:
        yield {
            "point_mass": importlib.import_module("gymkit_yourname.point_mass"),
            "plugin": importlib.import_module("gymkit_yourname.plugin"),
        }
    finally:
        sys.path.remove(str(root / "src"))
        for name in [m for m in sys.modules if m.split(".")[0] == "gymkit_yourname"]:
            del sys.modules[name]


@pytest.fixture(scope="module")
def spec(package: dict[str, ModuleType]) -> gymkit.registration.EnvSpec:
    registry = Registry(discover_plugins=False)
    package["plugin"].gymkit_register_envs(registry)
    found = registry.find(ENV_ID)
    assert found.namespace == "yourname" and found.max_episode_steps == 200
    return found


def test_the_guide_env_makes_and_steps(spec) -> None:
    env = gymkit.make(spec)
    assert env.observation_space.shape == (4,)
    assert env.action_space.shape == (2,) and env.action_space.dtype == np.float32
    obs, info = env.reset(seed=0)
    assert obs in env.observation_space and info == {}
    assert np.all(np.abs(obs[:2]) <= 0.5) and np.all(obs[2:] == 0.0)
    obs, reward, terminated, truncated, info = env.step(env.action_space.sample())
    assert obs in env.observation_space and truncated is False and isinstance(terminated, bool)
    assert set(info) == {"distance", "ctrl_cost"}
    assert reward == pytest.approx(-info["distance"] - info["ctrl_cost"])
    assert env.unwrapped.dt == pytest.approx(0.04)
    with pytest.raises(InvalidAction, match="PointMassEnv"):
        env.step([np.nan, 0.0])
    env.close()


def test_same_seed_same_episode(spec) -> None:
    def episode(seed: int) -> list[np.ndarray]:
        env = gymkit.make(spec)
        env.action_space.seed(seed)
        observations = [env.reset(seed=seed)[0]]
        for _ in range(20):
            observations.append(env.step(env.action_space.sample())[0])
        env.close()
        return observations

    np.testing.assert_array_equal(episode(3), episode(3))
    assert not np.array_equal(episode(3)[0], episode(4)[0])


def test_a_pd_controller_brings_the_ball_to_the_centre(spec) -> None:
    # the physics is what the docstring says: pushing towards the centre terminates the episode
    env = gymkit.make(spec)
    obs, _ = env.reset(seed=1)
    assert np.linalg.norm(obs[:2]) > 0.02
    for _step in range(200):
        action = np.clip(-4.0 * obs[:2] - 1.0 * obs[2:], -1.0, 1.0).astype(np.float32)
        obs, _, terminated, truncated, info = env.step(action)
        if terminated or truncated:
            break
    assert terminated and not truncated, (_step, info)
    assert info["distance"] < 0.02
    env.close()


def test_the_guide_env_renders(spec) -> None:
    env = gymkit.make(spec, render_mode="rgb_array", width=64, height=48)
    env.reset(seed=0)
    frame = env.render()
    assert frame.shape == (48, 64, 3) and frame.dtype == np.uint8 and frame.std() > 5
    env.close()


def test_the_guide_env_is_certified(package: dict[str, ModuleType]) -> None:
    from gymkit_conformance import certify

    certificate = certify("gymkit_yourname.point_mass:PointMassEnv", examples=5, seed=0)
    assert certificate.passed, certificate
