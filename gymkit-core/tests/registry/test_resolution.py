"""Resolving ids: versions, deprecation, suggestions, install hints, ``module:Name-vN``.

Most tests use a private ``Registry(discover_plugins=False)`` so that what is installed in the
environment cannot change the answer.
"""

from __future__ import annotations

import re
import sys
import textwrap
import warnings

import pytest

import gymkit
from gymkit import error
from gymkit.registration import EnvSpec, Registry, find_highest_version

ENTRY = "gymkit_example_plugin.grid_world:GridWorldEnv"


@pytest.fixture
def reg() -> Registry:
    registry = Registry(discover_plugins=False)
    for env_id in ("Walk-v0", "Walk-v1", "Walk-v3", "Maze-v0", "Mazes-v2", "team/Walk-v2"):
        registry.register(env_id, ENTRY)
    registry.register("Old-v0", ENTRY, deprecated=True)
    registry.register("Old-v1", ENTRY)
    registry.register("Gone-v0", ENTRY, deprecated=True)
    registry.register("team/Runner-v0", ENTRY)
    return registry


def test_exact_ids_resolve_to_their_spec(reg):
    assert reg.find("Walk-v1").id == "Walk-v1"
    assert reg.find("team/Walk-v2").namespace == "team"


def test_an_unversioned_id_resolves_to_the_newest_version_with_a_warning(reg):
    with pytest.warns(error.ResolvedIdWarning, match=r"'Walk' has no version; using .*'Walk-v3'"):
        assert reg.find("Walk").id == "Walk-v3"


def test_the_newest_version_skips_deprecated_ones():
    registry = Registry(discover_plugins=False)
    registry.register("Env-v0", ENTRY)
    registry.register("Env-v1", ENTRY, deprecated=True)
    with pytest.warns(error.ResolvedIdWarning, match="'Env-v0'"):
        assert registry.find("Env").id == "Env-v0"


def test_an_unknown_version_lists_the_versions_that_exist(reg):
    with pytest.raises(error.VersionNotFound) as caught:
        reg.find("Walk-v2")
    message = str(caught.value)
    assert "'Walk-v2'" in message
    assert "Walk-v0, Walk-v1, Walk-v3" in message
    assert "the newest is 'Walk-v3'" in message


def test_a_deprecated_version_points_to_the_newest(reg):
    with pytest.raises(error.DeprecatedEnv, match=r"'Old-v0' is deprecated; use 'Old-v1' instead"):
        reg.find("Old-v0")


def test_a_deprecated_env_without_successor_says_so(reg):
    with pytest.raises(error.DeprecatedEnv, match="'Gone-v0' is deprecated and has no newer"):
        reg.find("Gone-v0")
    with pytest.raises(error.DeprecatedEnv):
        reg.find("Gone")


def test_unknown_names_suggest_close_matches_in_the_same_namespace_first(reg):
    with pytest.raises(error.NameNotFound) as caught:
        reg.find("team/Walker-v0")
    message = str(caught.value)
    assert "namespace 'team'" in message
    assert "did you mean 'team/Walk'" in message
    with pytest.raises(error.NameNotFound, match="did you mean 'Maze' or 'Mazes'"):
        reg.find("Mase-v0")


def test_unknown_names_fall_back_to_matches_in_other_namespaces(reg):
    with pytest.raises(error.NameNotFound, match="did you mean 'team/Runner'"):
        reg.find("Runner-v0")


@pytest.mark.parametrize(
    ("env_id", "kind"),
    [
        ("Xyzzyq-v0", error.NameNotFound),  # nothing close: no suggestion
        ("Mase-v0", error.NameNotFound),
        ("qqqq/Walk-v0", error.NamespaceNotFound),
        ("teem/Walk-v2", error.NamespaceNotFound),
    ],
)
def test_not_found_messages_end_each_sentence_before_the_next(reg, env_id, kind):
    with pytest.raises(kind) as caught:
        reg.find(env_id)
    message = str(caught.value)
    # "...(asked for 'X') `gymkit list` shows..." ran two sentences together
    assert re.search(r"\)[.?] |\? ", message), message
    assert not re.search(r"\) [`A-Z]", message), message


def test_an_unknown_namespace_lists_namespaces_and_suggests_one(reg):
    with pytest.raises(error.NamespaceNotFound) as caught:
        reg.find("teem/Walk-v2")
    message = str(caught.value)
    assert "namespace 'teem'" in message
    assert "'team'" in message and "did you mean 'team'" in message


@pytest.mark.parametrize(
    ("env_id", "command"),
    [
        ("ALE/Pong-v5", "pip install 'gymkit[atari]'"),
        ("PongNoFrameskip-v4", "pip install 'gymkit[atari]'"),
        ("Pong-v4", "pip install 'gymkit[atari]'"),
        ("Breakout-ram-v4", "pip install 'gymkit[atari]'"),
        ("Pong-ramNoFrameskip-v4", "pip install 'gymkit[atari]'"),
        ("SpaceInvadersDeterministic-v4", "pip install 'gymkit[atari]'"),
        ("LunarLander-v3", "pip install 'gymkit[box2d]'"),
        ("CarRacing-v3", "pip install 'gymkit[box2d]'"),
        ("HalfCheetah-v5", "pip install 'gymkit[mujoco]'"),
        ("Humanoid-v5", "pip install 'gymkit[mujoco]'"),
        ("FetchReach-v4", "pip install 'gymkit[robotics]'"),
        ("CartPole-v1", "pip install gymkit-classic"),
    ],
)
def test_ids_of_a_missing_first_party_family_give_the_install_command(env_id, command):
    registry = Registry(discover_plugins=False)  # no plugin installed at all
    with pytest.raises(error.DependencyNotInstalled) as caught:
        registry.find(env_id)
    assert command in str(caught.value)
    assert repr(env_id) in str(caught.value)
    assert isinstance(caught.value, ImportError)


def test_module_prefix_imports_the_module_before_resolving(tmp_path, monkeypatch):
    module = tmp_path / "gymkit_side_effect_module.py"
    module.write_text(
        textwrap.dedent(
            f"""
            import gymkit
            gymkit.register("sidefx/Registered-v0", {ENTRY!r})
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert "gymkit_side_effect_module" not in sys.modules
    try:
        found = gymkit.spec("gymkit_side_effect_module:sidefx/Registered-v0")
        assert found.id == "sidefx/Registered-v0"
        assert "gymkit_side_effect_module" in sys.modules
    finally:
        sys.modules.pop("gymkit_side_effect_module", None)


def test_module_prefix_naming_a_missing_module_is_a_clear_error():
    with pytest.raises(error.UnregisteredEnv, match="cannot import module 'no_such_mod_xyz'"):
        gymkit.spec("no_such_mod_xyz:Thing-v0")


def test_registering_an_id_again_replaces_it_with_a_warning():
    registry = Registry(discover_plugins=False)
    registry.register("Twice-v0", ENTRY, kwargs={"a": 1})
    with pytest.warns(error.GymkitWarning, match="overriding env 'Twice-v0'"):
        registry.register("Twice-v0", ENTRY, kwargs={"a": 2})
    assert registry["Twice-v0"].kwargs == {"a": 2}


def test_register_without_discovery_does_not_touch_plugins():
    registry = Registry()
    registry.register("Local-v0", ENTRY)
    assert registry.plugin_manager is None
    assert "not yet discovered" in repr(registry)
    # Asking which plugins exist is a look-up: it discovers.
    assert "example" in [p.namespace for p in registry.plugins]
    assert registry.plugin_manager is not None
    assert registry["Local-v0"].distribution is None


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"entry_point": "no_colon_here"}, "'module.path:ClassName' string"),
        ({"entry_point": 42}, "must be a callable"),
        ({"entry_point": None}, "needs an entry_point"),
        ({"entry_point": ENTRY, "max_episode_steps": 0}, "positive int"),
        ({"entry_point": ENTRY, "max_episode_steps": 2.5}, "positive int"),
        ({"entry_point": ENTRY, "reward_threshold": "high"}, "a number or None"),
        ({"entry_point": ENTRY, "kwargs": {1: "x"}}, "str keys"),
        ({"entry_point": ENTRY, "additional_wrappers": ["oops"]}, "WrapperSpec"),
    ],
)
def test_bad_registrations_are_refused_with_the_reason(kwargs, match):
    registry = Registry(discover_plugins=False)
    with pytest.raises(error.RegistrationError, match=match):
        registry.register("Bad-v0", **kwargs)
    assert "Bad-v0" not in registry


def test_registering_a_malformed_id_raises_invalid_env_id():
    with pytest.raises(error.InvalidEnvId):
        Registry(discover_plugins=False).register("not valid/at/all", ENTRY)


def test_find_highest_version_ignores_deprecated_and_ranks_unversioned_lowest():
    specs = [
        EnvSpec("E", ENTRY),
        EnvSpec("E-v0", ENTRY),
        EnvSpec("E-v4", ENTRY, deprecated=True),
        EnvSpec("E-v2", ENTRY),
    ]
    assert find_highest_version(specs).id == "E-v2"
    assert find_highest_version([EnvSpec("E-v4", ENTRY, deprecated=True)]) is None


def test_pprint_registry_groups_ids_by_namespace(reg):
    text = gymkit.pprint_registry(reg, num_cols=2, disable_print=True)
    assert text.startswith("===== (root) =====")
    assert "===== team =====" in text
    root_block = text.split("\n\n")[0]
    assert "Walk-v3" in root_block and "team/Walk-v2" not in root_block
    without_team = gymkit.pprint_registry(reg, exclude_namespaces=["team"], disable_print=True)
    assert "team" not in without_team


def test_pprint_registry_prints_by_default(reg, capsys):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert gymkit.pprint_registry(reg) is None
    assert "Maze-v0" in capsys.readouterr().out


def test_the_registry_is_a_read_only_mapping_of_ids_to_specs(reg):
    assert len(reg) == len(list(reg)) == 10
    assert reg["Walk-v0"].id == "Walk-v0"
    assert isinstance(reg.get("Walk-v0"), EnvSpec)
    with pytest.raises(KeyError):
        reg["Walk-v9"]
    assert "Walk-v9" not in reg
    assert not hasattr(reg, "__setitem__")


def test_env_specs_pickle_and_copy_as_equal_values():
    import copy
    import pickle

    from gymkit.registration import WrapperSpec

    spec = EnvSpec(
        "team/Walk-v1",
        ENTRY,
        kwargs={"layout": ("S.G",)},
        additional_wrappers=[
            WrapperSpec("W", "gymkit.wrappers.common:TimeLimit", {"max_episode_steps": 3})
        ],
    )
    assert pickle.loads(pickle.dumps(spec)) == spec
    assert copy.deepcopy(spec) == spec
    assert spec.replace(max_episode_steps=4) != spec
    with pytest.raises(TypeError, match="no field"):
        spec.replace(colour="red")
