"""Plugin discovery through real installed distributions (entry points in dist-info).

Each test runs in a fresh interpreter with a chosen set of fixture plugins on ``PYTHONPATH``
(see ``conftest.py``); other plugins installed in the environment are discovered as well and
must not disturb these results.
"""

from __future__ import annotations


def test_example_plugin_is_discovered_lazily_without_importing_its_env(plugin_site):
    result = plugin_site(
        """
        # PRELUDE already ran discovery; check what it loaded and what it did not.
        spec = gymkit.spec("example/GridWorld-v0")
        plugin = next(p for p in gymkit.registry.plugins if p.namespace == "example")
        result = {
            "distribution": spec.distribution,
            "version": spec.distribution_version,
            "entry_point": spec.entry_point,
            "plugin_ids": plugin.env_ids,
            "first_party": plugin.first_party,
            "hook_module_loaded": "gymkit_example_plugin.plugin" in sys.modules,
            "env_module_loaded": "gymkit_example_plugin.grid_world" in sys.modules,
        }
        """,
        "example",
    )
    assert result["distribution"] == "gymkit-example-plugin"
    assert result["version"] == "0.1.0"
    assert result["entry_point"] == "gymkit_example_plugin.grid_world:GridWorldEnv"
    assert result["plugin_ids"] == ["example/GridWorld-v0"]
    assert result["first_party"] is False
    assert result["hook_module_loaded"] is True
    assert result["env_module_loaded"] is False
    assert not [w for w in result["warned"] if "example" in w]


def test_import_gymkit_loads_no_plugin_until_the_first_lookup(installed_plugins):
    import os
    import subprocess
    import sys

    code = (
        "import sys, json, gymkit\n"
        "before = sorted(m for m in ('pluggy', 'numpy', 'importlib.metadata', "
        "'gymkit_example_plugin', 'gymkit_broken_fixture', 'gymkit.plugins') if m in sys.modules)\n"
        "'example/GridWorld-v0' in gymkit.registry\n"
        "after = sorted(m for m in ('pluggy', 'gymkit_example_plugin', 'gymkit.plugins') "
        "if m in sys.modules)\n"
        "print(json.dumps([before, after]))\n"
    )
    path = os.pathsep.join(str(installed_plugins[k]) for k in ("example", "broken"))
    done = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code],
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        check=True,
    )
    before, after = __import__("json").loads(done.stdout)
    assert before == []
    assert after == ["gymkit.plugins", "gymkit_example_plugin", "pluggy"]


def test_discovery_runs_once_on_the_first_lookup(plugin_site):
    result = plugin_site(
        """
        import gymkit.plugins as plugins
        calls = []
        original = plugins.discover_into
        plugins.discover_into = lambda registry: calls.append(1) or original(registry)
        gymkit.register("mine/Local-v0", "gymkit_example_plugin.grid_world:GridWorldEnv")
        after_register = len(calls)
        for _ in range(3):
            gymkit.spec("example/GridWorld-v0")
            len(gymkit.registry)
            list(gymkit.registry)
        result = {
            "after_register": after_register,
            "calls": len(calls),
            "plugins": [p.namespace for p in gymkit.registry.plugins],
            "local": gymkit.spec("mine/Local-v0").distribution,
        }
        """,
        "example",
        discover=False,
    )
    assert result["after_register"] == 0  # register() from user code does not discover
    assert result["calls"] == 1
    assert result["plugins"].count("example") == 1
    assert result["local"] is None


def test_broken_plugin_is_isolated_and_its_namespace_reraises_the_error(plugin_site):
    result = plugin_site(
        """
        result = {
            "broken": attempt(lambda: gymkit.make("broken/Anything-v0")),
            "spec": attempt(lambda: gymkit.spec("broken/Anything")),
            "example": attempt(lambda: gymkit.spec("example/GridWorld-v0").id),
            "failures": sorted(gymkit.registry.failures),
        }
        """,
        "example",
        "broken",
    )
    plugin_warnings = [w for w in result["warned"] if "gymkit-broken-fixture" in w]
    assert len(plugin_warnings) == 1
    warning = plugin_warnings[0]
    assert warning.startswith("PluginWarning:")
    assert "'broken'" in warning and "1.2.3" in warning
    assert "RuntimeError: gymkit_broken_fixture fails on import on purpose" in warning
    assert "broken" in result["failures"]
    for attempt in (result["broken"], result["spec"]):
        assert attempt["error"] == "PluginLoadError"
        assert "gymkit-broken-fixture" in attempt["message"]
        assert "fails on import on purpose" in attempt["message"]
        assert attempt["cause"] == "RuntimeError: gymkit_broken_fixture fails on import on purpose"
    assert result["example"] == {"ok": "'example/GridWorld-v0'"}


def test_clash_names_both_distributions_and_leaves_other_ids_working(plugin_site):
    result = plugin_site(
        """
        result = {
            "clashed": attempt(lambda: gymkit.make("example/GridWorld-v0")),
            "clashed_spec": attempt(lambda: gymkit.spec("example/GridWorld")),
            "maze": attempt(lambda: gymkit.spec("example/Maze-v0").distribution),
            "in_registry": "example/GridWorld-v0" in gymkit.registry,
        }
        """,
        "example",
        "clash",
    )
    for attempt in (result["clashed"], result["clashed_spec"]):
        assert attempt["error"] == "RegistrationClash"
        assert "gymkit-example-plugin" in attempt["message"]
        assert "gymkit-clash-fixture" in attempt["message"]
    assert result["maze"] == {"ok": "'gymkit-clash-fixture'"}
    assert result["in_registry"] is False
    clash_warnings = [w for w in result["warned"] if "example/GridWorld-v0" in w]
    assert len(clash_warnings) == 1
    assert "gymkit-example-plugin" in clash_warnings[0]
    assert "gymkit-clash-fixture" in clash_warnings[0]


def test_third_party_plugin_cannot_register_outside_its_namespace(plugin_site):
    result = plugin_site(
        """
        cartpole = gymkit.registry._specs.get("CartPole-v1")
        result = {
            "fine": attempt(lambda: gymkit.spec("outside/Fine-v0")),
            "fine_registered": "outside/Fine-v0" in gymkit.registry,
            "cartpole_owner": None if cartpole is None else cartpole.distribution,
        }
        """,
        "example",
        "outside",
    )
    warning = next(w for w in result["warned"] if "gymkit-outside-fixture" in w)
    assert "NamespaceViolation" in warning
    assert "'CartPole-v1'" in warning and "outside/" in warning
    # The plugin failed as a whole: even its in-namespace id is not served.
    assert result["fine_registered"] is False
    assert result["fine"]["error"] == "PluginLoadError"
    assert result["fine"]["cause"].startswith("NamespaceViolation: ")
    assert "outside its namespace" in result["fine"]["cause"]
    assert result["cartpole_owner"] != "gymkit-outside-fixture"


def test_an_entry_point_named_like_a_first_party_family_gets_no_root_namespace(plugin_site):
    result = plugin_site(
        """
        result = {
            "impostor": attempt(lambda: gymkit.spec("Impostor-v0")),
            "registered": "Impostor-v0" in gymkit.registry,
        }
        """,
        "example",
        "impostor",
    )
    warning = next(w for w in result["warned"] if "gymkit-impostor-fixture" in w)
    assert "NamespaceViolation" in warning and "'Impostor-v0'" in warning
    assert result["registered"] is False
    assert result["impostor"]["error"] == "NameNotFound"


def test_install_hint_for_a_first_party_family_absent_from_the_environment(plugin_site):
    result = plugin_site(
        """
        result = {
            "cheetah": attempt(lambda: gymkit.make("HalfCheetah-v5")),
            "fetch": attempt(lambda: gymkit.make("FetchReach-v4")),
        }
        """,
        "example",
        bare=True,  # no site-packages: the box2d family is installed in the test venv
    )
    # gymkit-box2d is installed here; the bare site below shows its install hint.
    assert result["cheetah"]["error"] == "DependencyNotInstalled"
    assert "pip install 'gymkit[mujoco]'" in result["cheetah"]["message"]
    assert "pip install 'gymkit[robotics]'" in result["fetch"]["message"]


def test_install_hints_in_an_environment_without_any_first_party_family(plugin_site):
    result = plugin_site(
        """
        import importlib.metadata as md
        names = sorted(ep.name for ep in md.entry_points(group="gymkit.plugins"))
        result = {
            "entry_points": names,
            "pong": attempt(lambda: gymkit.make("ALE/Pong-v5")),
            "pong_v4": attempt(lambda: gymkit.make("PongNoFrameskip-v4")),
            "cartpole": attempt(lambda: gymkit.make("CartPole-v1")),
            "lunar": attempt(lambda: gymkit.make("LunarLander-v3")),
            "example": attempt(lambda: gymkit.spec("example/GridWorld-v0").id),
        }
        """,
        "example",
        bare=True,
    )
    assert result["entry_points"] == ["example"]  # nothing else is installed here
    for key, command in (
        ("pong", "pip install 'gymkit[atari]'"),
        ("pong_v4", "pip install 'gymkit[atari]'"),
        ("cartpole", "pip install gymkit-classic"),
        ("lunar", "pip install 'gymkit[box2d]'"),
    ):
        assert result[key]["error"] == "DependencyNotInstalled", result[key]
        assert command in result[key]["message"]
    assert result["example"] == {"ok": "'example/GridWorld-v0'"}


def test_concurrent_first_lookups_discover_exactly_once(plugin_site):
    result = plugin_site(
        """
        import threading, time
        import gymkit.plugins as plugins
        calls = []
        original = plugins.discover_into

        def slow_discovery(registry):
            calls.append(1)
            time.sleep(0.2)  # keep the other threads waiting at the door
            original(registry)

        plugins.discover_into = slow_discovery
        found = []
        threads = [
            threading.Thread(target=lambda: found.append(gymkit.spec("example/GridWorld-v0").id))
            for _ in range(8)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        result = {"calls": len(calls), "found": found}
        """,
        "example",
        discover=False,
    )
    assert result["calls"] == 1
    assert result["found"] == ["example/GridWorld-v0"] * 8


def test_gymkit_list_reports_clashes_and_failed_plugins(plugin_site):
    result = plugin_site(
        """
        import contextlib, io
        from gymkit.cli import main
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(["list"])
        result = {"code": code, "out": out.getvalue()}
        """,
        "example",
        "clash",
        "broken",
    )
    assert result["code"] == 0
    out = " ".join(result["out"].split())  # undo the table's line wrapping
    assert "example/Maze" in out
    assert "example/GridWorld-v0 is not served: registered by both" in out
    assert "gymkit-example-plugin" in out and "gymkit-clash-fixture" in out
    assert "plugin 'broken' (gymkit-broken-fixture 1.2.3) failed to load" in out
