"""The ``gymnasium/`` bridge: every Gymnasium id made, vectorised, monitored and certified with
gymkit's tools; Gymnasium imported only on demand; failures isolated like broken plugins."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import gymnasium
import numpy as np
import pytest

import gymkit
from gymkit import error
from gymkit_gymnasium import FromGymnasium, gymkit_id, gymnasium_id

FIXTURES = Path(__file__).parent / "fixtures"


def run_python(code: str, **env: str) -> dict[str, Any]:
    """Run ``code`` in a fresh interpreter (fixtures on the path); it prints one JSON line."""
    variables = {**os.environ, "PYTHONPATH": str(FIXTURES), **env}
    done = subprocess.run(
        [sys.executable, "-c", code], env=variables, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_gymnasium_is_imported_only_when_a_gymnasium_id_is_looked_up() -> None:
    result = run_python(
        "import json, sys, gymkit\n"
        "a = 'gymnasium' in sys.modules\n"
        "gymkit.make('CartPole-v1')\n"
        "b = 'gymnasium' in sys.modules\n"
        "ids = [i for i in gymkit.registry if i.startswith('gymnasium/')]\n"
        "lazy = sorted(gymkit.registry.lazy_namespaces)\n"
        "c = 'gymnasium' in sys.modules\n"
        "gymkit.make('gymnasium/CartPole-v1')\n"
        "d = 'gymnasium' in sys.modules\n"
        "print(json.dumps([a, b, len(ids), lazy, c, d]))\n"
    )
    assert result == [False, False, 0, ["gymnasium"], False, True]


def test_every_gymnasium_id_is_bridged() -> None:
    gymkit.registry.expand("gymnasium")
    bridged = {i for i in gymkit.registry if i.startswith("gymnasium/")}
    expected = {gymkit_id(i) for i, s in gymnasium.envs.registry.items() if s.entry_point}
    assert expected <= bridged
    assert "gymnasium/CartPole-v1" in bridged and "gymnasium/MountainCar-v0" in bridged
    spec = gymkit.spec("gymnasium/CartPole-v1")
    assert spec.distribution == "gymkit-gymnasium"
    assert spec.reward_threshold == 475.0 and spec.max_episode_steps == 500


def test_ids_map_both_ways() -> None:
    assert gymkit_id("ALE/Pong-v5") == "gymnasium/ALE.Pong-v5"
    assert gymkit_id("CartPole-v1") == "gymnasium/CartPole-v1"
    assert gymnasium_id("gymnasium/ALE.Pong-v5") == "ALE.Pong-v5"
    assert gymnasium_id("gymnasium/CartPole-v1") == "CartPole-v1"
    with pytest.raises(ValueError, match="not a bridged id"):
        gymnasium_id("CartPole-v1")


def test_a_bridged_env_steps_exactly_as_gymnasiums() -> None:
    ours = gymkit.make("gymnasium/CartPole-v1")
    theirs = gymnasium.make("CartPole-v1")
    assert isinstance(ours.unwrapped, FromGymnasium)
    a, _ = ours.reset(seed=3)
    b, _ = theirs.reset(seed=3)
    steps = 0
    while True:
        action = steps % 2
        x = ours.step(action)
        y = theirs.step(action)
        assert np.array_equal(x[0], y[0]) and x[1:4] == y[1:4]
        steps += 1
        if x[2] or x[3]:
            break
    assert np.array_equal(a, b) and steps > 5


def test_gymkits_time_limit_replaces_gymnasiums() -> None:
    env = gymkit.make("gymnasium/Pendulum-v1")
    env.reset(seed=0)
    truncated, steps = False, 0
    while not truncated:
        _, _, _, truncated, _ = env.step(np.zeros(1, dtype=np.float32))
        steps += 1
    assert steps == 200
    inner = env.unwrapped.gymnasium_env
    names = []
    while hasattr(inner, "env"):
        names.append(type(inner).__name__)
        inner = inner.env
    assert "TimeLimit" not in names and "PassiveEnvChecker" not in names


def test_make_vec_and_the_monitor_work_on_a_bridged_id(tmp_path: Path) -> None:
    from gymkit.wrappers import Monitor

    vec = gymkit.make_vec("gymnasium/CartPole-v1", 4)
    obs, _ = vec.reset(seed=0)
    assert obs.shape == (4, 4)
    vec.step(np.ones(4, dtype=np.int64))
    vec.close()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        env = Monitor(gymkit.make("gymnasium/CartPole-v1"), str(tmp_path / "run"), video=False)
    env.reset(seed=0)
    done = False
    while not done:
        _, _, terminated, truncated, _ = env.step(1)
        done = terminated or truncated
    env.close()
    manifests = list((tmp_path / "run").glob("*manifest*.json"))
    assert manifests, sorted(p.name for p in (tmp_path / "run").iterdir())
    assert "gymnasium/CartPole-v1" in manifests[0].read_text()


def test_the_certifier_certifies_a_bridged_id(tmp_path: Path) -> None:
    out = tmp_path / "cert.json"
    done = subprocess.run(
        [
            str(Path(sys.executable).with_name("gymkit-conformance")),
            "check",
            "gymnasium/CartPole-v1",
            "--examples",
            "15",
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "gymnasium/CartPole-v1" in out.read_text()


def test_an_unknown_bridged_id_names_the_close_ones() -> None:
    with pytest.raises(error.NameNotFound, match="gymnasium/CartPole"):
        gymkit.make("gymnasium/CartPol-v1")


def test_an_env_whose_dependency_is_missing_names_the_install() -> None:
    pytest.importorskip("gymnasium")
    try:
        import mujoco  # noqa: F401

        pytest.skip("mujoco is installed here: Ant-v5 makes")
    except ImportError:
        pass
    with pytest.raises(error.DependencyNotInstalled, match=r"gymnasium/Ant-v5.*mujoco"):
        gymkit.make("gymnasium/Ant-v5")
    assert gymkit.make("gymnasium/CartPole-v1") is not None  # every other id still works


def test_a_failing_registering_package_and_a_broken_env_module_are_isolated() -> None:
    result = run_python(
        "import json, warnings, gymkit\n"
        "from gymkit import error\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    ok = gymkit.make('gymnasium/FixtureLake-v0').reset(seed=0)[0]\n"
        "messages = [str(w.message) for w in caught if w.category is error.PluginWarning]\n"
        "try:\n"
        "    gymkit.make('gymnasium/FixtureBroken-v0')\n"
        "    broken = None\n"
        "except error.PluginLoadError as exc:\n"
        "    broken = [str(exc), type(exc.__cause__).__name__]\n"
        "cart = gymkit.make('gymnasium/CartPole-v1').reset(seed=0)[0].tolist()\n"
        "print(json.dumps([int(ok), messages, broken, len(cart)]))\n",
        GYMKIT_GYMNASIUM_MODULES="interop_fixture_fails,interop_fixture_registrar",
    )
    ok, messages, broken, cart = result
    assert ok == 0 and cart == 4
    failing = [m for m in messages if "interop_fixture_fails" in m]
    assert failing and "cannot be imported (on purpose)" in failing[0]
    assert "Every other gymnasium/ id still works" in failing[0]
    assert broken is not None
    assert "gymnasium/FixtureBroken-v0" in broken[0] and "failed to import" in broken[0]
    assert broken[1] == "ModuleNotFoundError"


def test_without_gymnasium_the_namespace_fails_like_a_broken_plugin(tmp_path: Path) -> None:
    # A directory that shadows gymnasium with a module that cannot be imported.
    (tmp_path / "gymnasium").mkdir()
    (tmp_path / "gymnasium" / "__init__.py").write_text("raise ImportError('no gymnasium here')\n")
    result = run_python(
        "import json, warnings, gymkit\n"
        "from gymkit import error\n"
        "warnings.simplefilter('ignore')\n"
        "cart = gymkit.make('CartPole-v1') is not None\n"
        "try:\n"
        "    gymkit.make('gymnasium/CartPole-v1')\n"
        "    message = None\n"
        "except error.PluginLoadError as exc:\n"
        "    message = [str(exc), type(exc.__cause__).__name__]\n"
        "print(json.dumps([cart, message]))\n",
        PYTHONPATH=os.pathsep.join([str(tmp_path), str(FIXTURES)]),
    )
    cart, message = result
    assert cart is True
    assert message is not None and "pip install gymkit-gymnasium" in message[0]
    assert message[1] == "DependencyNotInstalled"


def test_an_env_with_a_space_gymkit_cannot_represent_is_made_with_gymnasium_wrappers() -> None:
    result = run_python(
        "import json, warnings, gymkit\n"
        "from gymkit import error\n"
        "warnings.simplefilter('ignore')\n"
        "from interop_fixture_registrar import CellOnly\n"
        "try:\n"
        "    gymkit.make('gymnasium/FixtureWordyLake-v0')\n"
        "    refused = None\n"
        "except error.UnsupportedSpace as exc:\n"
        "    refused = str(exc)\n"
        "env = gymkit.make('gymnasium/FixtureWordyLake-v0', gymnasium_wrappers=[CellOnly])\n"
        "obs, _ = env.reset(seed=0)\n"
        "print(json.dumps([refused, str(env.observation_space), int(obs)]))\n",
        GYMKIT_GYMNASIUM_MODULES="interop_fixture_registrar",
    )
    refused, space, obs = result
    assert refused is not None and "Words" in refused
    assert "gymnasium_wrappers=[YourWrapper]" in refused
    assert space == "Discrete(16)" and obs == 0
