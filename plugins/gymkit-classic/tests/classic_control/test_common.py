"""Properties every classic-control env shares: seeding, spaces, frames, registration."""

from __future__ import annotations

import importlib

import numpy as np
import pytest

from gymkit.error import GymkitWarning, UnsupportedMode
from gymkit_classic.classic_control.registration import register_envs


def rollout(env_class: type, seed: int, steps: int = 40) -> list:
    env = env_class()
    obs, _ = env.reset(seed=seed)
    env.action_space.seed(seed)
    trace = [obs]
    for _ in range(steps):
        obs, reward, terminated, truncated, _ = env.step(env.action_space.sample())
        trace += [obs, reward, terminated, truncated]
        if terminated or truncated:
            trace.append(env.reset()[0])
    return trace


def same(a: list, b: list) -> bool:
    return len(a) == len(b) and all(np.array_equal(x, y) for x, y in zip(a, b))


def test_seeding_is_deterministic(env_class: type) -> None:
    assert same(rollout(env_class, 11), rollout(env_class, 11))
    assert not same(rollout(env_class, 11), rollout(env_class, 12))


def test_observations_stay_in_the_space(env_class: type) -> None:
    env = env_class()
    obs, _ = env.reset(seed=0)
    env.action_space.seed(0)
    assert obs in env.observation_space and obs.dtype == np.float32
    for _ in range(300):
        obs, reward, terminated, truncated, info = env.step(env.action_space.sample())
        assert obs in env.observation_space and obs.dtype == np.float32
        assert isinstance(reward, float) and info == {}
        assert isinstance(terminated, bool) and truncated is False
        if terminated:
            env.reset()


def test_returned_observation_is_not_the_state(env_class: type) -> None:
    env = env_class()
    obs, _ = env.reset(seed=0)
    obs[...] = 0.5
    again = env.step(env.action_space.sample())[0]
    assert not np.all(again == 0.5)


def test_rgb_array_frames(env_class: type) -> None:
    env = env_class(render_mode="rgb_array")
    env.reset(seed=0)
    frame = env.render()
    size = (
        (400, 600)
        if env_class.__name__ in ("CartPoleEnv", "MountainCarEnv", "ContinuousMountainCarEnv")
        else (500, 500)
    )
    assert frame.shape == (*size, 3) and frame.dtype == np.uint8
    assert np.array_equal(frame, env.render())  # deterministic for a state
    assert len(np.unique(frame.reshape(-1, 3), axis=0)) > 2  # more than a blank canvas
    state = env.state
    twin = env_class(render_mode="rgb_array")
    twin.reset(seed=99)
    twin.state = state
    assert np.array_equal(twin.render(), frame)
    env.action_space.seed(0)
    for _ in range(5):
        env.step(env.action_space.sample())
    assert not np.array_equal(env.render(), frame)  # the picture follows the state


def test_render_modes(env_class: type) -> None:
    assert env_class.metadata["render_modes"] == ["human", "rgb_array"]
    with pytest.raises(UnsupportedMode):
        env_class(render_mode="ansi")
    env = env_class()
    env.reset(seed=0)
    with pytest.warns(GymkitWarning, match="render_mode"):
        assert env.render() is None
    env.close()
    env.close()


def test_key_map_actions_are_valid(env_class: type) -> None:
    env = env_class()
    assert env.noop in env.action_space
    for combo, action in env_class.keys_to_action.items():
        assert isinstance(combo, tuple) and all(isinstance(k, str) for k in combo)
        assert action in env.action_space


class RecordingRegistry:
    def __init__(self) -> None:
        self.calls: dict[str, tuple[str, dict]] = {}

    def register(self, env_id: str, entry_point: str, **kwargs: object) -> None:
        self.calls[env_id] = (entry_point, kwargs)


EXPECTED = {
    "CartPole-v0": (200, 195.0),
    "CartPole-v1": (500, 475.0),
    "MountainCar-v0": (200, -110.0),
    "MountainCarContinuous-v0": (999, 90.0),
    "Acrobot-v1": (500, -100.0),
    "Pendulum-v1": (200, None),
}


def test_registration_ids_limits_and_entry_points() -> None:
    registry = RecordingRegistry()
    register_envs(registry)
    assert set(registry.calls) == set(EXPECTED)
    for env_id, (entry_point, kwargs) in registry.calls.items():
        steps, threshold = EXPECTED[env_id]
        assert kwargs["max_episode_steps"] == steps
        assert kwargs.get("reward_threshold") == threshold
        module, _, name = entry_point.partition(":")
        env_class = getattr(importlib.import_module(module), name)
        env = env_class()
        assert env.reset(seed=0)[0] in env.observation_space
