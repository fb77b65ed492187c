"""Namespaces populated on demand (``gymkit_register_lazy_envs``), through real installed
distributions: the hook runs once, only when an id of its namespace is looked up or the
namespace is listed, and a hook that fails is isolated like a plugin that failed to load."""

from __future__ import annotations

LAZY_MODULE = "gymkit_lazy_fixture.lazy"


def test_discovery_loads_the_module_but_does_not_run_the_lazy_hook(plugin_site):
    result = plugin_site(
        f"""
        import {LAZY_MODULE} as lazy
        plugin = next(p for p in gymkit.registry.plugins if p.namespace == "lazy")
        result = {{
            "calls": list(lazy.CALLS),
            "listed": [i for i in gymkit.registry if i.startswith("lazy/")],
            "lazy_namespaces": sorted(gymkit.registry.lazy_namespaces),
            "in_namespaces": "lazy" in gymkit.registry.namespaces(),
            "plugin_lazy": plugin.lazy,
            "plugin_ids": list(plugin.env_ids),
        }}
        """,
        "lazy",
        "example",
    )
    assert result["calls"] == []
    assert result["listed"] == []
    assert {"lazy", "lazybroken"} <= set(result["lazy_namespaces"])
    assert result["in_namespaces"] is True
    assert result["plugin_lazy"] is True
    assert result["plugin_ids"] == []
    # A lazy plugin registers nothing at discovery on purpose: no "registered no env" warning.
    assert not [w for w in result["warned"] if "'lazy'" in w]


def test_the_first_lookup_of_the_namespace_runs_the_hook_once(plugin_site):
    result = plugin_site(
        f"""
        import {LAZY_MODULE} as lazy
        made = gymkit.make("lazy/Grid-v1")
        obs, info = made.reset(seed=0)
        again = "lazy/Grid-v0" in gymkit.registry
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            newest = gymkit.spec("lazy/Grid").id
        plugin = next(p for p in gymkit.registry.plugins if p.namespace == "lazy")
        result = {{
            "calls": list(lazy.CALLS),
            "again": again,
            "newest": newest,
            "distribution": gymkit.spec("lazy/Grid-v0").distribution,
            "listed": sorted(i for i in gymkit.registry if i.startswith("lazy/")),
            "plugin_ids": sorted(plugin.env_ids),
            "lazy_namespaces": sorted(gymkit.registry.lazy_namespaces),
        }}
        """,
        "lazy",
        "example",
    )
    assert result["calls"] == ["lazy"]
    assert result["again"] is True
    assert result["newest"] == "lazy/Grid-v1"
    assert result["distribution"] == "gymkit-lazy-fixture"
    assert result["listed"] == ["lazy/Grid-v0", "lazy/Grid-v1"]
    assert result["plugin_ids"] == ["lazy/Grid-v0", "lazy/Grid-v1"]
    assert "lazy" not in result["lazy_namespaces"]


def test_expand_registers_every_lazy_namespace_and_isolates_a_failing_hook(plugin_site):
    result = plugin_site(
        """
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            gymkit.registry.expand()
        result = {
            "expand_warnings": [str(w.message) for w in caught],
            "lazy_ids": sorted(i for i in gymkit.registry if i.startswith("lazy/")),
            "broken": attempt(lambda: gymkit.make("lazybroken/Anything-v0")),
            "other_plugin": attempt(lambda: gymkit.make("example/GridWorld-v0").spec.id),
            "lazy_namespaces": sorted(gymkit.registry.lazy_namespaces),
        }
        """,
        "lazy",
        "example",
    )
    assert result["lazy_ids"] == ["lazy/Grid-v0", "lazy/Grid-v1"]
    assert result["lazy_namespaces"] == []
    warning = next(w for w in result["expand_warnings"] if "lazybroken" in w)
    assert "gymkit-lazy-fixture" in warning and "cannot be imported (on purpose)" in warning
    assert "Other plugins still work" in warning
    assert result["broken"]["error"] == "PluginLoadError"
    assert "lazybroken/Anything-v0" in result["broken"]["message"]
    assert result["broken"]["cause"].startswith("ImportError: the foreign registry")
    assert result["other_plugin"] == {"ok": "'example/GridWorld-v0'"}


def test_an_unknown_id_of_an_expanded_namespace_names_the_close_ones(plugin_site):
    result = plugin_site(
        """
        result = {"missing": attempt(lambda: gymkit.spec("lazy/Gird-v0"))}
        """,
        "lazy",
        "example",
    )
    assert result["missing"]["error"] == "NameNotFound"
    assert "lazy/Grid" in result["missing"]["message"]


def test_gymkit_list_lists_a_lazy_namespace_when_asked_for_it(plugin_site):
    result = plugin_site(
        """
        import contextlib, io
        from gymkit.cli import main
        everything, asked = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(everything):
            main(["list"])
        with contextlib.redirect_stdout(asked):
            main(["list", "--namespace", "lazy"])
        result = {"everything": everything.getvalue(), "asked": asked.getvalue()}
        """,
        "lazy",
        "example",
    )
    assert "lazy/Grid" not in result["everything"]
    assert "gymkit list --namespace lazy" in result["everything"]
    assert "lazy/Grid" in result["asked"]
