"""Plugin authors' mistakes, through real installed distributions (fixtures/trial_plugin, ...).

Each mistake must be isolated to its plugin, warned about at a line of the plugin that names its
module, and explained truthfully by ``make`` and ``gymkit list``.
"""

from __future__ import annotations

import json
import textwrap

import pytest

# Runs discovery itself, recording where each warning points (file, line) besides its text.
LOCATED = """
import os
with warnings.catch_warnings(record=True) as _caught:
    warnings.simplefilter("always")
    gymkit.registry.discover()
located = [
    {"text": f"{w.category.__name__}: {w.message}", "file": w.filename, "line": w.lineno}
    for w in _caught
]
warned = [w["text"] for w in located]

def about(namespace):
    return [w for w in located if f"plugin {namespace!r}" in w["text"]]
"""

CLI = """
import contextlib, io
from gymkit.cli import main

def run_cli(*argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = exc.code
        except Exception as exc:  # the defect: a plugin's hook crashing the command
            code = f"crashed: {type(exc).__name__}: {exc}"
    return {"code": code, "out": out.getvalue(), "err": err.getvalue()}
"""


def located(code: str) -> str:
    """``code`` run after :data:`LOCATED`."""
    return LOCATED + textwrap.dedent(code)


def with_cli(code: str) -> str:
    """``code`` run after :data:`CLI`."""
    return CLI + textwrap.dedent(code)


def _flat(text: str) -> str:
    """Undo rich's line wrapping."""
    return " ".join(text.split())


# ----------------------------------------------------------------------------- item 1
def test_a_raising_family_info_hook_does_not_crash_gymkit_list(plugin_site):
    result = plugin_site(
        with_cli(
            """
        from gymkit.plugins import family_info
        plugin = next(p for p in gymkit.registry.plugins if p.namespace == "infofail")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            info = family_info(gymkit.registry, plugin)
        result = {
            "all": run_cli("list"),
            "classic": run_cli("list", "--namespace", "classic"),
            "infofail": run_cli("list", "--namespace", "infofail"),
            "info": info,
            "warning": [[str(w.message), w.filename, w.lineno] for w in caught],
        }
        """
        ),
        "example",
        "trial",
        discover=True,
    )
    for key in ("all", "classic", "infofail"):
        assert result[key]["code"] == 0, result[key]
    assert "CartPole" in result["classic"]["out"]
    assert "infofail/Grid" in result["all"]["out"]
    assert "infofail/Grid" in result["infofail"]["out"]
    for key in ("all", "infofail"):
        err = _flat(result[key]["err"])
        assert "'infofail'" in err and "gymkit-trial-fixture" in err
        assert "gymkit_family_info hook raised KeyError" in err
    assert result["info"] == {}
    [(message, filename, line)] = result["warning"]
    assert "gymkit_trial_fixture.infofail" in message
    assert "'description of the infofail family'" in message
    assert filename.endswith("gymkit_trial_fixture/infofail.py")
    assert line == 13  # the hook's `raise` line


# ----------------------------------------------------------------------------- item 2
def test_a_hookimpl_with_a_misspelled_name_fails_the_plugin_with_the_closest_hook(plugin_site):
    result = plugin_site(
        located(
            """
        result = {
            "make": attempt(lambda: gymkit.make("trial/X-v0")),
            "about": about("trial"),
            "failed": "trial" in gymkit.registry.failures,
        }
        """
        ),
        "example",
        "trial",
        discover=False,
    )
    assert result["failed"]
    [warning] = result["about"]
    assert "gymkit_trial_fixture.misspelled" in warning["text"]
    assert "gymkit_register_env is marked @hookimpl but is not a gymkit hook" in warning["text"]
    assert "did you mean gymkit_register_envs?" in warning["text"]
    assert warning["file"].endswith("gymkit_trial_fixture/misspelled.py")
    made = result["make"]
    assert made["error"] == "PluginLoadError"
    assert made["cause"].startswith("PluginValidationError: module gymkit_trial_fixture.misspelled")
    assert "did you mean gymkit_register_envs?" in made["message"]
    assert "does not exist" not in made["message"]


@pytest.mark.parametrize(
    ("namespace", "cause"),
    [
        ("unmarked", "gymkit_register_envs is not marked with @hookimpl"),
        ("typo", "gymkit_register_env is not a gymkit hook; did you mean gymkit_register_envs?"),
        ("empty", "it implements no gymkit hook"),
    ],
)
def test_a_plugin_that_registers_no_env_is_named_and_make_says_why(plugin_site, namespace, cause):
    result = plugin_site(
        located(
            f"""
        result = {{
            "make": attempt(lambda: gymkit.make("{namespace}/X-v0")),
            "about": about("{namespace}"),
            "loaded": [p.namespace for p in gymkit.registry.plugins],
        }}
        """
        ),
        "example",
        "trial",
        discover=False,
    )
    assert namespace in result["loaded"]  # it loaded: it is not a failure of the import
    [warning] = result["about"]
    assert f"(module gymkit_trial_fixture.{namespace}) registered no env" in warning["text"]
    assert cause in warning["text"]
    assert warning["file"].endswith(f"gymkit_trial_fixture/{namespace}.py")
    made = result["make"]
    assert made["error"] == "PluginLoadError"
    assert "is installed and its module" in made["message"]
    assert f"gymkit_trial_fixture.{namespace} loaded, but it registered no env" in made["message"]
    assert cause in made["message"]
    assert "does not exist" not in made["message"]


def test_a_correct_plugin_gets_no_hook_warning(plugin_site):
    result = plugin_site(
        located("result = {'about': about('example') + about('infofail')}"),
        "example",
        "trial",
        discover=False,
    )
    assert result["about"] == []


# ----------------------------------------------------------------------------- item 3 (location)
def test_failure_warnings_point_at_the_failing_line_of_the_plugin(plugin_site):
    result = plugin_site(
        located(
            """
        # Discovery triggered through a Mapping method (the conformance selection's path).
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fresh = gymkit.registration.Registry()
            list(fresh.items())
        result = {
            "broken": about("broken"),
            "twice": about("twice"),
            "via_items": [
                [str(w.message), w.filename, w.lineno]
                for w in caught
                if "plugin 'broken'" in str(w.message)
            ],
        }
        """
        ),
        "example",
        "broken",
        "trial",
        discover=False,
    )
    [broken] = result["broken"]
    assert broken["file"].endswith("gymkit_broken_fixture/plugin.py")
    assert broken["line"] == 3  # its `raise` at import
    [(_, filename, line)] = result["via_items"]
    assert filename.endswith("gymkit_broken_fixture/plugin.py") and line == 3
    assert "frozen" not in filename
    [twice] = result["twice"]
    assert twice["file"].endswith("gymkit_trial_fixture/twice.py")
    assert twice["line"] == 10  # the second registry.register of the same id


# ----------------------------------------------------------------------------- item 4
def test_a_plugin_slower_than_the_budget_is_named_with_the_fix(plugin_site):
    result = plugin_site(
        located(
            """
        slow = next(p for p in gymkit.registry.plugins if p.namespace == "slow")
        result = {
            "about": about("slow"),
            "example": about("example"),
            "seconds": slow.load_seconds,
            "served": gymkit.spec("slow/Grid-v0").distribution,
        }
        """
        ),
        "example",
        "slow",
        discover=False,
        env={"GYMKIT_PLUGIN_LOAD_BUDGET": "0.05"},  # the plugin sleeps 0.3 s at import
    )
    assert result["seconds"] >= 0.3  # a lower bound the sleep guarantees
    [warning] = result["about"]
    text = warning["text"]
    assert "gymkit-slow-fixture" in text and "gymkit_slow_fixture.plugin" in text
    assert "more than the 0.05 s budget ($GYMKIT_PLUGIN_LOAD_BUDGET)" in text
    assert "string entry points" in text and "import no engine" in text
    assert warning["file"].endswith("gymkit_slow_fixture/plugin.py")
    assert result["served"] == "gymkit-slow-fixture"  # slow is not broken: still served


def test_no_budget_warning_under_a_generous_budget_and_a_bad_budget_is_named(plugin_site):
    generous = plugin_site(
        located("result = {'about': about('slow')}"),
        "example",
        "slow",
        discover=False,
        env={"GYMKIT_PLUGIN_LOAD_BUDGET": "inf"},
    )
    assert generous["about"] == []
    bad = plugin_site(
        located("result = {'about': about('slow')}"),
        "example",
        "slow",
        discover=False,
        env={"GYMKIT_PLUGIN_LOAD_BUDGET": "fast"},
    )
    [named] = [w for w in bad["warned"] if "GYMKIT_PLUGIN_LOAD_BUDGET='fast'" in w]
    assert "using the default 0.2" in named
    assert len(bad["about"]) == 1  # the default budget (0.2 s) still catches the 0.3 s plugin


# ----------------------------------------------------------------------------- item 5
def test_an_id_registered_twice_by_one_plugin_fails_that_plugin(plugin_site):
    result = plugin_site(
        """
        result = {
            "grid": attempt(lambda: gymkit.make("twice/Grid-v0")),
            "other": attempt(lambda: gymkit.spec("twice/Other-v0")),
            "example": attempt(lambda: gymkit.spec("example/GridWorld-v0").id),
        }
        """,
        "example",
        "trial",
    )
    for key in ("grid", "other"):  # all or nothing: its id registered once is not served either
        assert result[key]["error"] == "PluginLoadError"
        assert result[key]["cause"].startswith(
            "RegistrationError: plugin 'twice' of distribution gymkit-trial-fixture registered "
            "'twice/Grid-v0' twice; register each id once"
        )
    assert result["example"] == {"ok": "'example/GridWorld-v0'"}
    warning = next(w for w in result["warned"] if "plugin 'twice'" in w)
    assert "registered 'twice/Grid-v0' twice" in warning


# ----------------------------------------------------------------------------- item 3 (conformance)
def test_conformance_selection_of_a_failed_plugin_shows_its_failure(plugin_site):
    pytest.importorskip("gymkit_conformance")
    result = plugin_site(
        """
        import contextlib, io
        from gymkit_conformance.cli import main

        def run(*argv):
            err = io.StringIO()
            with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stderr(err):
                warnings.simplefilter("always")
                try:
                    code = main(list(argv))
                except SystemExit as exc:
                    code = exc.code
            where = [[w.filename, w.lineno] for w in caught if "plugin 'broken'" in str(w.message)]
            return {"code": code, "err": err.getvalue(), "where": where}

        result = {
            "broken": run("check", "--namespace", "broken"),
            "trial": run("check", "--namespace", "trial"),
            "unmarked": run("check", "--namespace", "unmarked", "--examples", "1"),
            "dist": run("check", "--distribution", "gymkit-broken-fixture"),
        }
        """,
        "example",
        "broken",
        "trial",
        discover=False,
    )
    broken = result["broken"]
    assert broken["code"] == 2
    err = _flat(broken["err"])
    assert "the selection matched no registered env: the gymkit plugin 'broken'" in err
    assert "gymkit-broken-fixture 1.2.3 failed to load: RuntimeError:" in err
    assert "fails on import on purpose" in err
    [[filename, line]] = broken["where"]  # the discovery warning, at the plugin's line
    assert filename.endswith("gymkit_broken_fixture/plugin.py") and line == 3
    assert "did you mean gymkit_register_envs?" in _flat(result["trial"]["err"])
    unmarked = _flat(result["unmarked"]["err"])
    assert "loaded but registered no env: gymkit_register_envs is not marked" in unmarked
    assert "fails on import on purpose" in _flat(result["dist"]["err"])


def test_certify_envs_of_a_failed_plugin_fails_with_the_plugin_error(installed_plugins, tmp_path):
    pytest.importorskip("gymkit_conformance")
    import os
    import subprocess
    import sys

    (tmp_path / "test_certify.py").write_text(
        "from gymkit_conformance.pytest_plugin import certify_envs\n\n"
        'test_conformance = certify_envs(namespace="broken")\n'
    )
    path = os.pathsep.join(str(installed_plugins[k]) for k in ("example", "broken"))
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_certify.py"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": path, "GYMKIT_NO_PLUGIN_CACHE": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    out = _flat(done.stdout)
    assert "certify_envs selected no env (namespace='broken'): the gymkit plugin 'broken'" in out
    assert "failed to load: RuntimeError: gymkit_broken_fixture fails on import on purpose" in out


def test_plugin_info_keeps_its_old_fields_first():
    from gymkit.plugins import PluginInfo

    # Code that unpacks the first six fields keeps working; the new ones have defaults.
    assert PluginInfo._fields[:6] == (
        "namespace",
        "distribution",
        "version",
        "module",
        "first_party",
        "env_ids",
    )
    info = PluginInfo("ns", "dist", "1", json, False, [])
    assert info.problems == () and info.load_seconds == 0.0


def test_a_clash_warning_raised_through_a_mapping_method_points_at_the_user_line(plugin_site):
    result = plugin_site(
        """
        import inspect
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            line = inspect.currentframe().f_lineno + 1
            ids = [env_id for env_id, _ in gymkit.registry.items()]
        result = {
            "line": line,
            "where": [
                [w.filename, w.lineno] for w in caught if "example/GridWorld-v0" in str(w.message)
            ],
        }
        """,
        "example",
        "clash",
        discover=False,
    )
    [[filename, line]] = result["where"]
    assert filename == "<string>" and line == result["line"]  # not <frozen _collections_abc>
