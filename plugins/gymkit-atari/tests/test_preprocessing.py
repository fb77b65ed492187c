"""AtariPreprocessing: output spaces, max-pooling, noop reset, life loss, and the DQN stack."""

from __future__ import annotations

import numpy as np
import pytest

import gymkit
from gymkit.error import Error
from gymkit_atari.preprocessing import AtariPreprocessing


def _env(**kwargs):
    return AtariPreprocessing(gymkit.make("BreakoutNoFrameskip-v4"), **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "shape", "dtype"),
    [
        ({}, (84, 84), np.uint8),
        ({"grayscale_newaxis": True}, (84, 84, 1), np.uint8),
        ({"grayscale_obs": False}, (84, 84, 3), np.uint8),
        ({"screen_size": (64, 48)}, (48, 64), np.uint8),
        ({"scale_obs": True}, (84, 84), np.float32),
    ],
)
def test_output_spaces(kwargs, shape, dtype):
    env = _env(**kwargs)
    assert env.observation_space.shape == shape
    obs, _ = env.reset(seed=0)
    assert obs.shape == shape and obs.dtype == dtype and obs in env.observation_space
    obs, *_ = env.step(1)
    assert obs in env.observation_space


def test_frame_skip_advances_frames_and_sums_rewards():
    env = _env(noop_max=0)
    _, info = env.reset(seed=0)
    start = info["episode_frame_number"]
    _, _, _, _, info = env.step(0)
    assert info["episode_frame_number"] - start == 4


def test_noop_reset_plays_random_noops():
    starts = set()
    env = _env(noop_max=30)
    for seed in range(6):
        _, info = env.reset(seed=seed)
        assert 1 <= info["episode_frame_number"] <= 30
        starts.add(info["episode_frame_number"])
    assert len(starts) > 1


def test_terminal_on_life_loss():
    env = _env(terminal_on_life_loss=True, noop_max=0)
    env.reset(seed=0)
    lives_before = env.unwrapped.ale.lives()
    for _ in range(2_000):
        # FIRE launches the ball; standing still then loses the life.
        _, _, terminated, _, info = env.step(1)
        if terminated:
            break
    assert terminated and info["lives"] == lives_before - 1


def test_dqn_stack_with_frame_stacking():
    env = gymkit.wrappers.FrameStackObservation(_env(), 4)
    obs, _ = env.reset(seed=0)
    assert obs.shape == (4, 84, 84)
    obs, *_ = env.step(1)
    assert obs.shape == (4, 84, 84) and obs in env.observation_space


def test_refuses_an_env_that_already_skips_frames():
    with pytest.raises(Error, match="frameskip=1"):
        AtariPreprocessing(gymkit.make("ALE/Pong-v5"))


def test_observation_is_the_max_of_the_last_two_frames():
    env = _env(noop_max=0, frame_skip=2, screen_size=(160, 210))  # same size: no resampling
    env.reset(seed=0)
    for _ in range(20):
        env.step(1)
    base = env.unwrapped
    state = base.clone_state(include_rng=True)
    frames = []
    for _ in range(2):
        base.step(3)
        frames.append(base.ale.getScreenGrayscale().copy())
    base.restore_state(state)
    obs, *_ = env.step(3)
    assert np.array_equal(obs, np.maximum(frames[0], frames[1]))
