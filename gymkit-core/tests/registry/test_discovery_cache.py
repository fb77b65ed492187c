"""The discovery cache: entry points served without importlib.metadata, never stale.

Every scenario runs discovery in fresh interpreters (``plugin_site``) over real installed
distributions: the fixture plugins are installed with pip once per session, and "installing"
one into a site directory here means copying that installed tree (dist-info included) in, as
pip does; uninstalling removes it again. ``bare=True`` hides the dev environment's own
distributions, so the site directory holds the only plugins there are.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from gymkit import error
from gymkit.plugins import PluginEntryPoint, _read_cache, _write_cache, cache_dir

# What a run reports: the example ids, who provides them, and whether the entry points were
# read through importlib.metadata (a cache miss) or not (a hit).
REPORT = """
result = {
    "ids": sorted(i for i in gymkit.registry if i.startswith("example/")),
    "plugins": sorted(
        f"{p.namespace} {p.distribution} {p.version}" for p in gymkit.registry.plugins
    ),
    "failures": sorted(gymkit.registry.failures),
    "metadata_read": "importlib.metadata" in sys.modules,
}
"""


def _install(installed: Path, site: Path) -> None:
    """Copy an installed distribution (package and dist-info) into ``site``."""
    for item in installed.iterdir():
        if item.name != "bin":
            shutil.copytree(item, site / item.name)


def _dist_info(site: Path) -> Path:
    return next(site.glob("gymkit_example_plugin-*.dist-info"))


def test_install_upgrade_edit_and_uninstall_are_each_seen(plugin_site, installed_plugins, tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()

    def run() -> dict:
        return plugin_site(REPORT, bare=True, paths=(site,), env={"GYMKIT_CACHE_DIR": str(cache)})

    empty = run()
    assert empty["ids"] == [] and empty["plugins"] == []
    assert empty["metadata_read"] is True  # nothing cached yet
    assert len(list(cache.iterdir())) == 1
    assert run() == {**empty, "metadata_read": False}  # served from the cache

    _install(installed_plugins["example"], site)
    installed = run()
    assert installed["ids"] == ["example/GridWorld-v0"]
    assert installed["plugins"] == ["example gymkit-example-plugin 0.1.0"]
    assert installed["metadata_read"] is True
    assert run() == {**installed, "metadata_read": False}

    # An upgrade: a new dist-info with the new version.
    old = _dist_info(site)
    new = old.with_name("gymkit_example_plugin-0.2.0.dist-info")
    old.rename(new)
    metadata = new / "METADATA"
    metadata.write_text(metadata.read_text().replace("Version: 0.1.0", "Version: 0.2.0"))
    upgraded = run()
    assert upgraded["plugins"] == ["example gymkit-example-plugin 0.2.0"]
    assert upgraded["metadata_read"] is True
    version = plugin_site(
        'result = {"v": gymkit.spec("example/GridWorld-v0").distribution_version}',
        bare=True,
        paths=(site,),
        env={"GYMKIT_CACHE_DIR": str(cache)},
    )
    assert version["v"] == "0.2.0"

    # An edit in place that keeps the file's size and mtime: the entry point's name changes, so
    # the plugin now registers outside its namespace and fails as a whole.
    entry_points = new / "entry_points.txt"
    before = entry_points.stat()
    text = entry_points.read_text()
    entry_points.write_text(text.replace("example =", "exampl_ ="))
    os.utime(entry_points, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert entry_points.stat().st_size == before.st_size
    edited = run()
    assert edited["ids"] == [] and edited["failures"] == ["exampl_"]
    assert edited["metadata_read"] is True

    shutil.rmtree(new)
    shutil.rmtree(site / "gymkit_example_plugin")
    uninstalled = run()
    assert uninstalled == empty


def test_a_cache_hit_gives_exactly_what_importlib_metadata_gives(plugin_site, tmp_path):
    # Clash, broken plugin, namespace violation and a first-party family: every rule at once.
    code = """
    result = {
        "specs": {
            i: [s.distribution, s.distribution_version, s.entry_point]
            for i, s in gymkit.registry.items()
            if not i.startswith("ALE/") and "-v4" not in i
        },
        "n_ids": len(gymkit.registry),
        "plugins": [[p.namespace, p.distribution, p.version, p.first_party, len(p.env_ids)]
                    for p in gymkit.registry.plugins],
        "clashes": {k: list(v) for k, v in gymkit.registry.clashes.items()},
        "failures": {k: [f.distribution, f.version, repr(f.error)]
                     for k, f in gymkit.registry.failures.items()},
        "clash": attempt(lambda: gymkit.make("example/GridWorld-v0")),
        "broken": attempt(lambda: gymkit.make("broken/Thing-v0")),
        "outside": attempt(lambda: gymkit.spec("outside/Fine-v0")),
        "cartpole": attempt(lambda: gymkit.spec("CartPole-v1").distribution),
        "metadata_read": "importlib.metadata" in sys.modules,
    }
    """
    env = {"GYMKIT_CACHE_DIR": str(tmp_path)}
    plugins = ("example", "clash", "broken", "outside")
    miss = plugin_site(code, *plugins, env=env)
    hit = plugin_site(code, *plugins, env=env)
    uncached = plugin_site(code, *plugins, env={**env, "GYMKIT_NO_PLUGIN_CACHE": "1"})
    assert miss.pop("metadata_read") is True
    assert hit.pop("metadata_read") is False
    assert uncached.pop("metadata_read") is True
    assert hit == miss == uncached
    assert miss["clash"]["error"] == "RegistrationClash"
    assert miss["broken"]["error"] == "PluginLoadError"
    assert miss["outside"]["error"] == "PluginLoadError"
    assert miss["cartpole"] == {"ok": "'gymkit-classic'"}
    assert len(miss["warned"]) == 3  # clash, broken, outside: warned on hits too


def test_file_names_that_are_not_utf8_are_cached_too(plugin_site, installed_plugins, tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    _install(installed_plugins["example"], site)
    odd = os.path.join(os.fsencode(site), b"odd\xff-1.0.dist-info")
    try:
        os.mkdir(odd)
    except (OSError, ValueError):
        pytest.skip("this file system only takes UTF-8 names")
    with open(os.path.join(odd, b"METADATA"), "w") as file:
        file.write("Metadata-Version: 2.1\nName: odd\nVersion: 1.0\n")
    with open(os.path.join(odd, b"entry_points.txt"), "w") as file:
        file.write("[console_scripts]\nodd = odd:main\n")
    env = {"GYMKIT_CACHE_DIR": str(cache)}
    first = plugin_site(REPORT, bare=True, paths=(site,), env=env)
    second = plugin_site(REPORT, bare=True, paths=(site,), env=env)
    assert first["ids"] == ["example/GridWorld-v0"]
    assert (first["metadata_read"], second["metadata_read"]) == (True, False)
    assert second == {**first, "metadata_read": False}


def test_corrupted_or_truncated_cache_falls_back_silently_and_is_rewritten(plugin_site, tmp_path):
    env = {"GYMKIT_CACHE_DIR": str(tmp_path)}
    good = plugin_site(REPORT, "example", env=env)
    [cache_file] = tmp_path.iterdir()
    valid = cache_file.read_bytes()
    for damaged in (b"\xff\xfe\x00 not a cache", valid[: len(valid) // 2], valid + b"extra\n"):
        cache_file.write_bytes(damaged)
        result = plugin_site(REPORT, "example", env=env)
        assert result == good  # metadata read again, same plugins, no warning
        assert cache_file.read_bytes() == valid  # rewritten whole
    assert plugin_site(REPORT, "example", env=env)["metadata_read"] is False


def test_an_unwritable_cache_dir_is_tolerated(plugin_site, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("a file where the cache dir would be")
    env = {"GYMKIT_CACHE_DIR": str(blocker / "cache")}
    first = plugin_site(REPORT, "example", env=env)
    second = plugin_site(REPORT, "example", env=env)
    assert first == second
    assert first["ids"] == ["example/GridWorld-v0"] and first["warned"] == []
    assert first["metadata_read"] is True


def test_the_cache_can_be_disabled(plugin_site, tmp_path):
    cache = tmp_path / "cache"
    env = {"GYMKIT_CACHE_DIR": str(cache), "GYMKIT_NO_PLUGIN_CACHE": "1"}
    for _ in range(2):
        result = plugin_site(REPORT, "example", env=env)
        assert result["metadata_read"] is True
        assert result["ids"] == ["example/GridWorld-v0"]
    assert not cache.exists()
    enabled = plugin_site(REPORT, "example", env={**env, "GYMKIT_NO_PLUGIN_CACHE": "0"})
    assert enabled["ids"] == ["example/GridWorld-v0"]
    assert len(list(cache.iterdir())) == 1


def test_concurrent_first_runs_share_one_consistent_cache(plugin_site, tmp_path):
    env = {"GYMKIT_CACHE_DIR": str(tmp_path)}
    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(lambda _: plugin_site(REPORT, "example", env=env), range(6)))
    for result in results:
        assert result["ids"] == ["example/GridWorld-v0"] and result["warned"] == []
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    assert len(list(tmp_path.iterdir())) == 1
    assert plugin_site(REPORT, "example", env=env)["metadata_read"] is False


def test_cache_file_round_trip_and_refusals(tmp_path):
    path = str(tmp_path / "sub" / "plugins.txt")
    found = [
        PluginEntryPoint("classic", "gymkit_classic.plugin", "gymkit-classic", "0.1.0"),
        PluginEntryPoint("example", "pkg.mod:hooks [extra]", "gymkit-example-plugin", "2.0"),
    ]
    _write_cache(path, "fingerprint\nlines", found)
    assert _read_cache(path, "fingerprint\nlines") == found
    assert _read_cache(path, "fingerprint\nother") is None  # the environment changed
    assert _read_cache(str(tmp_path / "absent.txt"), "fingerprint\nlines") is None
    # A field the line format cannot hold is simply not cached.
    other = str(tmp_path / "other.txt")
    _write_cache(other, "fp", [PluginEntryPoint("a", "m\tx", "d", "1")])
    assert not Path(other).exists()
    _write_cache(str(tmp_path / "empty.txt"), "fp", [])
    assert _read_cache(str(tmp_path / "empty.txt"), "fp") == []


@pytest.mark.skipif(not hasattr(os, "chown"), reason="POSIX file ownership")
def test_a_cache_file_owned_by_another_user_is_ignored(tmp_path):
    path = tmp_path / "plugins-0000000000000000.txt"
    found = [PluginEntryPoint("a", "m", "d", "1")]
    _write_cache(str(path), "fp", found)
    assert _read_cache(str(path), "fp") == found
    try:
        os.chown(path, os.getuid() + 1, -1)
    except PermissionError:
        pytest.skip("only root can give a file away")
    assert _read_cache(str(path), "fp") is None


def test_old_cache_files_and_stale_temp_files_are_pruned(tmp_path):
    old = time.time() - 3600
    for index in range(40):
        stale = tmp_path / f"plugins-{index:016x}.txt"
        stale.write_text("an old environment's cache")
        os.utime(stale, (old + index, old + index))
    killed = tmp_path / "plugins-0000000000000001.txt.123-abcd.tmp"
    killed.write_text("left by a killed writer")
    os.utime(killed, (old, old))
    writing = tmp_path / "plugins-0000000000000002.txt.456-ef01.tmp"
    writing.write_text("another process is writing this one right now")
    unrelated = tmp_path / "notes.txt"
    unrelated.write_text("not a cache file")
    new = tmp_path / "plugins-ffffffffffffffff.txt"
    _write_cache(str(new), "fp", [PluginEntryPoint("a", "m", "d", "1")])
    kept = sorted(p.name for p in tmp_path.glob("plugins-*.txt"))
    assert len(kept) == 32
    assert new.name in kept
    assert kept[0] == "plugins-0000000000000009.txt"  # the 9 oldest went
    assert not killed.exists() and writing.exists() and unrelated.exists()


def test_cache_dir_follows_the_override_then_the_platform_convention(monkeypatch, tmp_path):
    monkeypatch.setenv("GYMKIT_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_dir() == str(tmp_path / "mine")
    monkeypatch.delenv("GYMKIT_CACHE_DIR")
    if sys.platform.startswith("linux"):
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
        assert cache_dir() == str(tmp_path / "xdg" / "gymkit")
        monkeypatch.delenv("XDG_CACHE_HOME")
        assert cache_dir() == os.path.join(os.path.expanduser("~"), ".cache", "gymkit")


@pytest.mark.parametrize("value", ["", "not a module", "pkg.mod:", "pkg.mod:attr:more", "1pkg"])
def test_a_malformed_entry_point_value_is_a_clear_error(value):
    entry_point = PluginEntryPoint("ns", value, "some-dist", "1.0")
    with pytest.raises(error.RegistrationError, match="some-dist") as info:
        entry_point.load()
    assert repr(value) in str(info.value) and "module.path:attribute" in str(info.value)


def test_an_entry_point_loads_its_module_and_attribute():
    import gymkit.hookspecs

    assert PluginEntryPoint("x", "gymkit.hookspecs", "d", "1").load() is gymkit.hookspecs
    loaded = PluginEntryPoint("x", "gymkit.hookspecs : hookimpl.project_name [e]", "d", "1").load()
    assert loaded == "gymkit"
