"""``make``: the standard stack, the recorded spec, keyword checks, and spec round trips."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gymkit
from gymkit import error
from gymkit.registration import EnvSpec, WrapperSpec
from gymkit.wrappers.common import TimeLimit

GRID = "gymkit_example_plugin.grid_world:GridWorldEnv"


def layers(env):
    """The wrapper classes from the outside in, ending with the env's class."""
    names = []
    while isinstance(env, gymkit.Wrapper):
        names.append(type(env).__name__)
        env = env.env
    return [*names, type(env).__name__]


def rollout(env, seed, actions):
    obs, _ = env.reset(seed=seed)
    trace = [np.asarray(obs).tolist()]
    for action in actions:
        obs, reward, terminated, truncated, _ = env.step(action)
        trace.append((np.asarray(obs).tolist(), float(reward), terminated, truncated))
        if terminated or truncated:
            obs, _ = env.reset()
            trace.append(np.asarray(obs).tolist())
    return trace


# ----------------------------------------------------------------------------- the stack
def test_make_applies_the_standard_stack_in_order(register_walk):
    env_id = register_walk(max_episode_steps=7)
    env = gymkit.make(env_id)
    assert layers(env) == ["TimeLimit", "OrderEnforcing", "PassiveEnvChecker", "WalkEnv"]
    assert env.get_wrapper_attr("max_episode_steps") == 7


def test_make_leaves_out_the_layers_the_spec_or_call_disables(register_walk):
    env_id = register_walk(order_enforce=False, disable_env_checker=True)
    assert layers(gymkit.make(env_id)) == ["WalkEnv"]
    env_id = register_walk()
    assert layers(gymkit.make(env_id, disable_env_checker=True)) == ["OrderEnforcing", "WalkEnv"]
    assert layers(gymkit.make(env_id, max_episode_steps=3))[0] == "TimeLimit"


def test_additional_wrappers_go_outside_the_standard_stack(register_walk):
    env_id = register_walk(
        max_episode_steps=50,
        additional_wrappers=(
            WrapperSpec("TimeLimit", "gymkit.wrappers.common:TimeLimit", {"max_episode_steps": 2}),
        ),
    )
    env = gymkit.make(env_id)
    assert layers(env)[:2] == ["TimeLimit", "TimeLimit"]
    env.reset(seed=0)
    env.step(0)
    assert env.step(0)[3] is True  # the outer limit of 2 steps truncates first


def test_legacy_wraps_the_outermost_layer_in_the_legacy_adapter(register_walk):
    legacy = pytest.importorskip("gymkit.wrappers.legacy")
    env = gymkit.make(register_walk(max_episode_steps=5), legacy=True)
    assert isinstance(env, legacy.LegacyAPI)
    assert layers(env)[1] == "TimeLimit"


# ----------------------------------------------------------------------------- the recorded spec
def test_the_full_resolved_spec_is_recorded_on_the_env(register_walk):
    env_id = register_walk(max_episode_steps=9, kwargs={"size": 4})
    env = gymkit.make(env_id, render_mode="ansi", max_episode_steps=11, disable_env_checker=True)
    spec = env.spec
    assert env.unwrapped.spec is spec
    assert spec.id == env_id
    assert spec.kwargs == {"size": 4, "render_mode": "ansi"}
    assert spec.max_episode_steps == 11
    assert spec.disable_env_checker is True
    assert gymkit.spec(env_id).kwargs == {"size": 4}  # the registered spec is untouched
    assert env.unwrapped.size == 4 and env.render_mode == "ansi"


def test_call_kwargs_override_registered_kwargs(register_walk):
    env_id = register_walk(kwargs={"size": 4})
    env = gymkit.make(env_id, size=6)
    assert env.unwrapped.size == 6
    assert env.spec.kwargs == {"size": 6}


def test_make_of_env_spec_rebuilds_an_identical_env(register_walk):
    env_id = register_walk(max_episode_steps=6, kwargs={"size": 5})
    first = gymkit.make(env_id, render_mode="rgb_array", size=3)
    again = gymkit.make(first.spec)
    assert again.spec == first.spec
    assert layers(again) == layers(first)
    assert again.render_mode == "rgb_array" and again.unwrapped.size == 3
    actions = [1, 1, 0, 1, 0, 0, 1, 1, 1, 1, 0, 0]
    assert rollout(again, 3, actions) == rollout(first, 3, actions)


def test_spec_make_is_make(register_walk):
    env_id = register_walk()
    env = gymkit.spec(env_id).make(size=2)
    assert env.unwrapped.size == 2


def test_a_plugin_env_records_its_distribution():
    env = gymkit.make("example/GridWorld-v0")
    assert env.spec.distribution == "gymkit-example-plugin"
    assert env.spec.max_episode_steps == 50
    assert layers(env) == ["TimeLimit", "OrderEnforcing", "PassiveEnvChecker", "GridWorldEnv"]


# ----------------------------------------------------------------------------- errors
def test_an_unknown_keyword_names_the_env_and_the_accepted_keywords(register_walk):
    env_id = register_walk()
    with pytest.raises(error.InvalidEnvKwargs) as caught:
        gymkit.make(env_id, sise=3)
    message = str(caught.value)
    assert env_id in message
    assert "sise" in message
    assert "it accepts: size, render_mode" in message
    assert isinstance(caught.value, TypeError)


def test_a_type_error_inside_the_constructor_is_not_disguised(register_walk):
    def broken(**kwargs):
        raise TypeError("something inside the env went wrong")

    env_id = register_walk(entry_point=broken)
    with pytest.raises(TypeError, match="something inside the env went wrong") as caught:
        gymkit.make(env_id)
    assert not isinstance(caught.value, error.InvalidEnvKwargs)


def test_an_unsupported_render_mode_is_refused_by_the_env(register_walk):
    with pytest.raises(error.UnsupportedMode, match="'human'"):
        gymkit.make(register_walk(), render_mode="human")


def test_an_entry_point_that_returns_no_env_is_a_registration_error(register_walk):
    env_id = register_walk(entry_point=lambda: "not an env")
    with pytest.raises(error.RegistrationError, match=r"returned str, expected a gymkit\.Env"):
        gymkit.make(env_id)


@pytest.mark.parametrize(
    ("entry_point", "match"),
    [
        ("gymkit_no_such_module_q:Env", "module 'gymkit_no_such_module_q' cannot be found"),
        ("gymkit_example_plugin.grid_world:NoSuchEnv", "has no attribute 'NoSuchEnv'"),
    ],
)
def test_string_entry_points_that_do_not_resolve_say_why(register_walk, entry_point, match):
    with pytest.raises(error.RegistrationError, match=match):
        gymkit.make(register_walk(entry_point=entry_point))


def test_make_refuses_what_is_neither_an_id_nor_a_spec():
    with pytest.raises(error.InvalidEnvId, match="got 3 of type int"):
        gymkit.make(3)  # type: ignore[arg-type]


def test_make_refuses_a_bad_max_episode_steps(register_walk):
    with pytest.raises(error.InvalidEnvKwargs, match="max_episode_steps"):
        gymkit.make(register_walk(), max_episode_steps=-1)


def test_make_of_a_deprecated_spec_points_to_the_newest():
    gymkit.register("test/Dep-v0", GRID, deprecated=True)
    gymkit.register("test/Dep-v1", GRID)
    with pytest.raises(error.DeprecatedEnv, match="use 'test/Dep-v1'"):
        gymkit.make(EnvSpec("test/Dep-v0", GRID, deprecated=True))


# ----------------------------------------------------------------------------- JSON round trips
def test_callable_entry_points_serialise_as_module_qualname():
    from gymkit_example_plugin.grid_world import GridWorldEnv

    spec = EnvSpec("test/Grid-v0", GridWorldEnv, additional_wrappers=[("T", TimeLimit, {})])
    data = json.loads(spec.to_json())
    assert data["entry_point"] == GRID
    assert data["additional_wrappers"][0]["entry_point"] == "gymkit.wrappers.common:TimeLimit"
    assert EnvSpec.from_json(spec.to_json()).to_json() == spec.to_json()


@pytest.mark.parametrize(
    ("spec", "match"),
    [
        (EnvSpec("X-v0", lambda: None), "only module-level callables"),
        (EnvSpec("X-v0", GRID, kwargs={"a": object()}), "holds <object object"),
        (EnvSpec("X-v0", GRID, kwargs={"a": float("nan")}), "cannot represent exactly"),
        (EnvSpec("X-v0", GRID, kwargs={"a": {1: 2}}), "JSON needs str keys"),
        (EnvSpec("X-v0", GRID, kwargs={"a": np.float32(1)}), "type float32"),
    ],
)
def test_specs_json_cannot_hold_are_refused_naming_the_value(spec, match):
    with pytest.raises(error.RegistrationError, match=match):
        spec.to_json()


@pytest.mark.parametrize(
    "text",
    ["not json", "[1, 2]", '{"id": "X-v0"}'],
)
def test_from_json_refuses_what_is_not_a_spec(text):
    with pytest.raises(error.RegistrationError):
        EnvSpec.from_json(text)


_JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
)
_JSON_VALUES = st.recursive(
    _JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(st.text(max_size=5).filter(lambda k: k != "__tuple__"), inner, max_size=3)
    ),
    max_leaves=8,
)
_KWARGS = st.dictionaries(st.from_regex(r"[a-z_]{1,8}", fullmatch=True), _JSON_VALUES, max_size=4)
_ENTRY = st.from_regex(r"[a-z_][a-z0-9_.]{0,10}:[A-Za-z_][A-Za-z0-9_.]{0,10}", fullmatch=True)
_SPECS = st.builds(
    EnvSpec,
    id=st.sampled_from(["Grid-v0", "ns/Grid-v3", "Grid", "a.b/C-d-v10"]),
    entry_point=_ENTRY,
    reward_threshold=st.none() | st.floats(allow_nan=False, allow_infinity=False) | st.integers(),
    nondeterministic=st.booleans(),
    max_episode_steps=st.none() | st.integers(min_value=1, max_value=10**6),
    order_enforce=st.booleans(),
    disable_env_checker=st.booleans(),
    kwargs=_KWARGS,
    additional_wrappers=st.lists(
        st.builds(WrapperSpec, st.text(max_size=6), _ENTRY, _KWARGS), max_size=2
    ).map(tuple),
    vector_entry_point=st.none() | _ENTRY,
    deprecated=st.booleans(),
    distribution=st.none() | st.text(max_size=10),
    distribution_version=st.none() | st.text(max_size=6),
)


@given(spec=_SPECS)
def test_env_spec_round_trips_through_json_exactly(spec):
    text = spec.to_json()
    again = EnvSpec.from_json(text)
    assert again == spec
    assert again.to_json() == text
    assert type(again.kwargs) is dict


@settings(max_examples=25)
@given(
    layout=st.sampled_from(
        [None, ("S.G",), ("S#", ".G"), ("S..", "#.#", "..G"), ("G..", ".#.", "..S")]
    ),
    render_mode=st.sampled_from([None, "ansi", "rgb_array"]),
    max_episode_steps=st.none() | st.integers(min_value=1, max_value=30),
    actions=st.lists(st.integers(min_value=0, max_value=3), max_size=40),
)
def test_make_of_a_spec_rebuilt_from_json_reproduces_the_env(
    layout, render_mode, max_episode_steps, actions
):
    kwargs = {} if layout is None else {"layout": layout}
    env = gymkit.make(
        "example/GridWorld-v0",
        render_mode=render_mode,
        max_episode_steps=max_episode_steps,
        **kwargs,
    )
    rebuilt = gymkit.make(EnvSpec.from_json(env.spec.to_json()))
    assert rebuilt.spec == env.spec
    assert layers(rebuilt) == layers(env)
    assert rollout(rebuilt, 0, actions) == rollout(env, 0, actions)
    if render_mode == "ansi":
        assert rebuilt.render() == env.render()


def test_an_unversioned_make_warns_with_the_chosen_id():
    with pytest.warns(error.ResolvedIdWarning, match="'example/GridWorld-v0'"):
        env = gymkit.make("example/GridWorld")
    assert env.spec.id == "example/GridWorld-v0"


# ----------------------------------------------------------------------------- pickling
@given(seed=st.integers(0, 2**16), actions=st.lists(st.integers(0, 3), max_size=12))
@settings(max_examples=25)
def test_a_made_env_pickles_mid_episode_and_both_copies_continue_alike(seed, actions):
    """The standard stack holds only picklable state: a copy continues exactly as the original."""
    import pickle

    env = gymkit.make("example/GridWorld-v0", max_episode_steps=30)
    env.reset(seed=seed)
    for action in actions[: len(actions) // 2]:
        if any(env.step(action)[2:4]):
            env.reset()
    copy = pickle.loads(pickle.dumps(env))
    assert layers(copy) == layers(env)

    def finish(e):
        trace = []
        for action in actions[len(actions) // 2 :]:
            obs, reward, terminated, truncated, _ = e.step(action)
            trace.append((np.asarray(obs).tolist(), float(reward), terminated, truncated))
            if terminated or truncated:
                trace.append(np.asarray(e.reset()[0]).tolist())  # np_random state was copied too
        return trace

    assert finish(copy) == finish(env)
