"""The Env / Wrapper contract of ``gymkit.core``, and the weight of ``import gymkit``."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gymkit
from gymkit import error
from gymkit.core import ActionWrapper, Env, ObservationWrapper, RewardWrapper, Wrapper
from gymkit.registration import EnvSpec


class CoinEnv(Env[int, int]):
    """Guess a coin flip drawn from ``np_random``: reward 1 for a right guess; 3 flips/episode."""

    metadata = {"render_modes": ["ansi"], "render_fps": 2}

    def __init__(self, render_mode: str | None = None) -> None:
        from gymkit.spaces import Discrete

        self.render_mode = self._check_render_mode(render_mode)
        self.observation_space = Discrete(2)
        self.action_space = Discrete(2)
        self.flips = 0
        self.last = 0
        self.close_calls = 0
        self.secret = "inner"

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        super().reset(seed=seed)
        self.flips = 0
        self.last = int(self.np_random.integers(2))
        return self.last, {"options": options}

    def step(self, action: int):
        reward = 1.0 if action == self.last else 0.0
        self.flips += 1
        self.last = int(self.np_random.integers(2))
        return self.last, reward, self.flips >= 3, False, {"flips": self.flips}

    def render(self) -> str | None:
        return f"coin={self.last}" if self.render_mode == "ansi" else None

    def close(self) -> None:
        self.close_calls += 1


class Layer(Wrapper):
    """A wrapper with an attribute of its own."""

    def __init__(self, env: Env, label: str = "layer") -> None:
        super().__init__(env)
        self.label = label


def episode(env: Env, seed: int | None, actions: list[int]) -> list[Any]:
    obs, _ = env.reset(seed=seed)
    trace: list[Any] = [obs]
    for action in actions:
        trace.append(env.step(action)[:4])
    return trace


# ----------------------------------------------------------------------------- reset / step
def test_reset_returns_obs_and_info_and_step_returns_five_items():
    env = CoinEnv()
    obs, info = env.reset(seed=0, options={"x": 1})
    assert obs in env.observation_space and info == {"options": {"x": 1}}
    result = env.step(0)
    assert len(result) == 5
    obs, reward, terminated, truncated, info = result
    assert obs in env.observation_space
    assert isinstance(reward, float) and terminated is False and truncated is False
    assert info == {"flips": 1}


def test_the_base_env_methods_name_the_class_that_lacks_them():
    class Bare(Env):
        pass

    with pytest.raises(NotImplementedError, match=r"Bare\.step"):
        Bare().step(0)
    with pytest.raises(NotImplementedError, match=r"Bare\.render"):
        Bare().render()
    assert Bare().reset() is None
    Bare().close()  # a no-op, and idempotent


def test_render_mode_is_checked_against_the_metadata():
    assert CoinEnv("ansi").render() == "coin=0"
    with pytest.raises(error.UnsupportedMode, match=r"render_mode='human'.*\['ansi'\]"):
        CoinEnv("human")


# ----------------------------------------------------------------------------- seeding
@given(seed=st.integers(min_value=0, max_value=2**32), actions=st.lists(st.integers(0, 1)))
def test_reset_with_the_same_seed_replays_the_same_episode(seed, actions):
    env = CoinEnv()
    first = episode(env, seed, actions)
    assert episode(env, seed, actions) == first
    assert episode(CoinEnv(), seed, actions) == first
    assert env.np_random_seed == seed


def test_reset_without_a_seed_continues_the_generator():
    from gymkit.utils.seeding import np_random

    env = CoinEnv()
    env.reset(seed=5)
    first = env.np_random.random()
    env.reset()
    second = env.np_random.random()
    reference, _ = np_random(5)
    reference.integers(2)  # the draw of the first reset
    assert first == reference.random()
    reference.integers(2)  # the draw of the second reset, not reseeded
    assert second == reference.random()
    assert env.np_random_seed == 5


def test_the_generator_is_created_lazily_with_a_recorded_seed():
    env = CoinEnv()
    assert env._np_random is None
    generator = env.np_random
    assert isinstance(generator, np.random.Generator)
    assert env.np_random is generator
    assert isinstance(env.np_random_seed, int) and env.np_random_seed >= 0


def test_assigning_a_generator_records_seed_minus_one():
    env = CoinEnv()
    env.np_random = np.random.default_rng(3)
    assert env.np_random_seed == -1


@pytest.mark.parametrize("seed", [-1, 1.5, "3", True])
def test_invalid_seeds_are_refused(seed):
    with pytest.raises(error.InvalidSeed):
        CoinEnv().reset(seed=seed)


# ----------------------------------------------------------------------------- wrappers
def test_wrappers_forward_the_contract_attributes():
    env = CoinEnv("ansi")
    env.spec = EnvSpec("test/Coin-v0", "m:CoinEnv")
    wrapped = Layer(Layer(env))
    assert wrapped.action_space is env.action_space
    assert wrapped.observation_space is env.observation_space
    assert wrapped.metadata is env.metadata
    assert wrapped.render_mode == "ansi"
    assert wrapped.spec is env.spec
    assert wrapped.unwrapped is env
    assert wrapped.np_random is env.np_random
    wrapped.reset(seed=9)
    assert wrapped.np_random_seed == env.np_random_seed == 9
    assert str(wrapped) == "<Layer<Layer<CoinEnv<test/Coin-v0>>>>"


def test_a_wrapper_may_override_spaces_and_metadata_without_touching_the_env():
    from gymkit.spaces import Discrete

    env = CoinEnv()
    wrapped = Layer(env)
    wrapped.action_space = Discrete(5)
    wrapped.observation_space = Discrete(7)
    wrapped.metadata = {"render_modes": [], "render_fps": 1}
    assert wrapped.action_space == Discrete(5) and env.action_space == Discrete(2)
    assert wrapped.observation_space == Discrete(7) and env.observation_space == Discrete(2)
    assert wrapped.metadata["render_fps"] == 1 and env.metadata["render_fps"] == 2
    assert Layer(wrapped).action_space == Discrete(5)


def test_setting_np_random_on_a_wrapper_sets_the_envs_generator():
    env = CoinEnv()
    wrapped = Layer(env)
    generator = np.random.default_rng(1)
    wrapped.np_random = generator
    assert env.np_random is generator


def test_wrappers_do_not_forward_other_attributes():
    wrapped = Layer(CoinEnv())
    with pytest.raises(AttributeError):
        _ = wrapped.secret  # no __getattr__ forwarding
    assert wrapped.get_wrapper_attr("secret") == "inner"


def test_get_wrapper_attr_returns_the_outermost_layer_that_has_it():
    wrapped = Layer(Layer(CoinEnv(), label="inner-layer"), label="outer-layer")
    assert wrapped.get_wrapper_attr("label") == "outer-layer"
    assert wrapped.has_wrapper_attr("secret") and not wrapped.has_wrapper_attr("nothing")
    with pytest.raises(AttributeError, match="'nothing'"):
        wrapped.get_wrapper_attr("nothing")


def test_set_wrapper_attr_sets_the_outermost_layer_that_has_it():
    env = CoinEnv()
    inner = Layer(env, label="inner")
    outer = Wrapper(inner)
    assert outer.set_wrapper_attr("label", "changed") is True
    assert inner.label == "changed" and "label" not in vars(outer)
    assert outer.set_wrapper_attr("secret", "new") is True and env.secret == "new"
    assert outer.set_wrapper_attr("fresh", 1, force=False) is False
    assert not env.has_wrapper_attr("fresh") and not outer.has_wrapper_attr("fresh")
    assert outer.set_wrapper_attr("fresh", 1) is True and outer.fresh == 1


def test_wrapping_something_that_is_not_an_env_is_refused():
    with pytest.raises(TypeError, match=r"expected a gymkit\.Env to wrap, got int"):
        Wrapper(3)  # type: ignore[arg-type]


def test_observation_reward_and_action_wrappers_transform_their_part():
    class Negate(ObservationWrapper):
        def observation(self, observation):
            return -observation

    class Double(RewardWrapper):
        def reward(self, reward):
            return 2 * reward

    class Flip(ActionWrapper):
        def action(self, action):
            return 1 - action

    plain = episode(CoinEnv(), 3, [0, 1, 1])
    obs0 = episode(Negate(CoinEnv()), 3, [0, 1, 1])
    assert obs0[0] == -plain[0] and [s[0] for s in obs0[1:]] == [-s[0] for s in plain[1:]]
    doubled = episode(Double(CoinEnv()), 3, [0, 1, 1])
    assert [s[1] for s in doubled[1:]] == [2 * s[1] for s in plain[1:]]
    flipped = episode(Flip(CoinEnv()), 3, [1, 0, 0])
    assert flipped == plain


def test_unimplemented_transforms_name_the_wrapper():
    class Lazy(ObservationWrapper):
        pass

    with pytest.raises(NotImplementedError, match=r"Lazy\.observation"):
        Lazy(CoinEnv()).reset()


# ----------------------------------------------------------------------------- lifecycle
def test_an_env_is_a_context_manager_that_closes():
    with CoinEnv() as env:
        env.reset(seed=0)
    assert env.close_calls == 1
    with pytest.raises(RuntimeError), Layer(CoinEnv()) as wrapped:
        raise RuntimeError("not swallowed")
    assert wrapped.unwrapped.close_calls == 1


# ----------------------------------------------------------------------------- import weight
def test_import_gymkit_loads_nothing_heavy():
    code = (
        "import sys, json, gymkit\n"
        "heavy = ['numpy', 'pluggy', 'importlib.metadata', 'PIL', 'pyglet', 'rich',"
        " 'gymkit_classic', 'gymkit_atari', 'gymkit_example_plugin', 'gymkit.spaces',"
        " 'gymkit.wrappers', 'gymkit.plugins', 'gymkit.vector']\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'gymkit')\n"
        "print(json.dumps({'heavy': [m for m in heavy if m in sys.modules], 'gymkit': loaded}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    assert result["heavy"] == []
    assert result["gymkit"] == ["gymkit", "gymkit.core", "gymkit.error", "gymkit.registration"]


def test_submodules_load_on_first_access():
    assert gymkit.spaces.__name__ == "gymkit.spaces"
    assert gymkit.wrappers.TimeLimit.__name__ == "TimeLimit"
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = gymkit.nope
