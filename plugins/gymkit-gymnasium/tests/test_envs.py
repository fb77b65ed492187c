"""Single-env adapters on every first-party env: the round trip gymkit → Gymnasium → gymkit keeps
spaces, samples and trajectories identical; Gymnasium's own checker passes on every adapted env;
seeding, np_random, spec, render and close carry over; bad input gets errors naming the fix."""

from __future__ import annotations

import warnings
from typing import Any

import gymnasium
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gymkit
from gymkit_gymnasium import FromGymnasium, ToGymnasium, from_gymnasium, to_gymnasium

# An ALE reset reloads the ROM, a Box2D episode is hundreds of physics steps: fewer examples.
EXAMPLES = 8
STEPS = 40


def same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        if a.dtype == object or b.dtype == object:  # e.g. infos["final_obs"]: element-wise
            return a.shape == b.shape and all(map(same, a.ravel(), b.ravel()))
        return np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (tuple, list)):
        return len(a) == len(b) and all(map(same, a, b))
    return bool(a == b)


def rollout(env: Any, seed: int, actions: list[Any]) -> list[Any]:
    """The trajectory of ``actions`` from ``reset(seed=seed)``, restarting after an episode."""
    obs, info = env.reset(seed=seed)
    trace: list[Any] = [obs, info]
    for action in actions:
        obs, reward, terminated, truncated, info = env.step(action)
        trace += [obs, float(reward), terminated, truncated, info]
        if terminated or truncated:
            obs, info = env.reset()
            trace += [obs, info]
    return trace


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(seed=st.integers(0, 2**31 - 1), action_seed=st.integers(0, 2**31 - 1))
def test_the_round_trip_keeps_spaces_samples_and_trajectories(
    first_party_id: str, make_env: Any, seed: int, action_seed: int
) -> None:
    original = make_env(first_party_id)
    twin = make_env(first_party_id)
    adapted = to_gymnasium(twin)
    back = from_gymnasium(adapted)
    assert back.observation_space == original.observation_space
    assert back.action_space == original.action_space
    assert back.metadata["render_modes"] == original.metadata["render_modes"]
    original.action_space.seed(action_seed)
    back.action_space.seed(action_seed)
    actions = [original.action_space.sample() for _ in range(STEPS)]
    assert same(actions, [back.action_space.sample() for _ in range(STEPS)])
    assert same(rollout(back, seed, actions), rollout(original, seed, actions))


def test_gymnasiums_env_checker_passes_on_every_adapted_first_party_env(
    first_party_id: str, make_env: Any, virtual_display: str
) -> None:
    # check_env remakes the env from its spec in every render mode, "human" included.
    env = to_gymnasium(make_env(first_party_id))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # advice such as "Box bound is infinity" is not a failure
        check_env(env)
    env.close()


def test_seeding_and_np_random_are_the_gymkit_envs_own(make_env: Any) -> None:
    inner = make_env("CartPole-v1")
    env = to_gymnasium(inner)
    env.reset(seed=7)
    assert env.np_random is inner.np_random
    assert env.np_random_seed == inner.np_random_seed == 7
    generator = np.random.default_rng(3)
    env.np_random = generator
    assert inner.np_random is generator
    back = from_gymnasium(env)
    back.reset(seed=11)
    assert back.np_random is inner.np_random and back.np_random_seed == 11


def test_the_spec_carries_over_and_gymnasium_make_rebuilds_the_env(make_env: Any) -> None:
    env = to_gymnasium(make_env("CartPole-v1"))
    spec = env.spec
    assert isinstance(spec, gymnasium.envs.registration.EnvSpec)
    assert spec.id == "CartPole-v1" and spec.reward_threshold == 475.0
    rebuilt = gymnasium.make(spec)
    assert isinstance(rebuilt.unwrapped, ToGymnasium)
    assert same(rebuilt.reset(seed=5)[0], env.reset(seed=5)[0])
    rebuilt.close()
    back = from_gymnasium(env)
    assert back.spec is not None and back.spec.id == "gymnasium/CartPole-v1"


def test_render_and_close_carry_over(make_env: Any) -> None:
    inner = make_env("CartPole-v1", render_mode="rgb_array")
    env = to_gymnasium(inner)
    assert env.render_mode == "rgb_array"
    env.reset(seed=0)
    frame = env.render()
    assert frame.dtype == np.uint8 and frame.ndim == 3 and frame.shape[2] == 3
    assert np.array_equal(frame, inner.render())
    back = from_gymnasium(env)
    assert back.render_mode == "rgb_array"
    assert np.array_equal(back.render(), frame)
    text = from_gymnasium(gymnasium.make("FrozenLake-v1", render_mode="ansi"))
    text.reset(seed=0)
    assert isinstance(text.render(), str) and "S" in text.render()
    text.close()
    env.close()
    env.close()  # idempotent
    back.close()
    back.close()


def test_gymnasium_envs_run_under_gymkit_wrappers_and_monitor(tmp_path: Any) -> None:
    from gymkit.wrappers import RecordEpisodeStatistics

    env = RecordEpisodeStatistics(from_gymnasium(gymnasium.make("CartPole-v1")))
    env.reset(seed=0)
    done = False
    while not done:
        _, _, terminated, truncated, info = env.step(env.action_space.sample())
        done = terminated or truncated
    assert info["episode"]["l"] >= 1


def test_same_trajectories_as_gymnasium_itself_through_from_gymnasium() -> None:
    ours = from_gymnasium(gymnasium.make("Acrobot-v1"))
    theirs = gymnasium.make("Acrobot-v1")
    actions = [i % 3 for i in range(60)]
    assert same(rollout(ours, 4, actions), rollout(theirs, 4, actions))


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (object(), "pass a gymkit.Env"),
        ("CartPole-v1", "to_gymnasium(gymkit.make('CartPole-v1'))"),
        (gymnasium.make("CartPole-v1"), "already a Gymnasium env"),
    ],
)
def test_to_gymnasium_refuses_what_is_not_a_gymkit_env(bad: Any, message: str) -> None:
    with pytest.raises(TypeError, match=r"to_gymnasium expects a gymkit\.Env") as caught:
        to_gymnasium(bad)
    assert message in str(caught.value)


def test_to_gymnasium_refuses_a_vector_env_naming_the_vector_adapter() -> None:
    vec = gymkit.make_vec("CartPole-v1", 2)
    with pytest.raises(TypeError, match=r"to_gymnasium_vector\(vec_env\)"):
        to_gymnasium(vec)
    vec.close()


class OldStyle:
    """An env of the old gym API (4-tuple step)."""

    def reset(self) -> Any:
        return 0

    def step(self, action: Any) -> Any:
        return 0, 0.0, False, {}


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (42, "pass a gymnasium.Env"),
        ("CartPole-v1", "gymkit.make('gymnasium/CartPole-v1')"),
        (OldStyle(), "port it to gymnasium.Env"),
        (gymnasium.make_vec("CartPole-v1", 2), "from_gymnasium_vector(vec_env)"),
    ],
)
def test_from_gymnasium_refuses_what_is_not_a_gymnasium_env(bad: Any, message: str) -> None:
    with pytest.raises(TypeError, match=r"from_gymnasium expects a gymnasium\.Env") as caught:
        from_gymnasium(bad)
    assert message in str(caught.value)


def test_from_gymnasium_refuses_a_gymkit_env(make_env: Any) -> None:
    with pytest.raises(TypeError, match="already a gymkit env"):
        from_gymnasium(make_env("CartPole-v1"))


def test_a_gymnasium_env_with_a_space_gymkit_cannot_represent_is_refused() -> None:
    from gymkit.error import UnsupportedSpace

    class Weird(gymnasium.spaces.Space):
        pass

    class WeirdEnv(gymnasium.Env):
        observation_space = Weird()
        action_space = gymnasium.spaces.Discrete(2)

    with pytest.raises(UnsupportedSpace, match="gymkit cannot represent the Gymnasium space"):
        from_gymnasium(WeirdEnv())


def test_adapters_are_the_documented_types(make_env: Any) -> None:
    env = to_gymnasium(make_env("Taxi-v3"))
    assert isinstance(env, gymnasium.Env) and env.unwrapped is env
    back = from_gymnasium(env)
    assert isinstance(back, gymkit.Env) and isinstance(back, FromGymnasium)
    assert back.gymnasium_env is env and env.gymkit_env is not None
