"""A few wrappers on the real CartPole-v1 built by ``gymkit.make``."""

from __future__ import annotations

import numpy as np
import pytest

import gymkit
from gymkit.wrappers import (
    FrameStackObservation,
    GrayscaleObservation,
    NormalizeObservation,
    NormalizeReward,
    RecordEpisodeStatistics,
    RenderCollection,
    ResizeObservation,
    TransformObservation,
)


@pytest.fixture
def cartpole():
    try:
        return lambda **kwargs: gymkit.make("CartPole-v1", **kwargs)
    except gymkit.error.UnregisteredEnv:  # pragma: no cover - classic plugin missing
        pytest.skip("CartPole-v1 is not registered")


def test_statistics_and_normalisers_on_cartpole(cartpole):
    env = RecordEpisodeStatistics(NormalizeReward(NormalizeObservation(cartpole())))
    env.action_space.seed(0)
    env.reset(seed=0)
    lengths = []
    while len(lengths) < 5:
        *_, terminated, truncated, info = env.step(env.action_space.sample())
        if terminated or truncated:
            lengths.append(info["episode"]["l"])
            env.reset()
    assert list(env.length_queue) == lengths and all(1 <= n <= 500 for n in lengths)
    rms = env.get_wrapper_attr("obs_rms")
    assert rms.count == sum(lengths) + 6  # every step and every reset observation (6 resets)
    assert np.all(rms.var > 0)


def test_pixels_pipeline_on_cartpole(cartpole):
    env = cartpole(render_mode="rgb_array")
    frame_space = gymkit.spaces.Box(0, 255, (400, 600, 3), dtype=np.uint8)
    pixels = TransformObservation(env, lambda _obs: env.render(), frame_space)
    stacked = FrameStackObservation(
        ResizeObservation(GrayscaleObservation(pixels, keep_dim=True), (84, 84)), 4
    )
    assert stacked.observation_space.shape == (4, 84, 84, 1)
    obs, _ = stacked.reset(seed=1)
    obs, *_ = stacked.step(0)
    assert obs.shape == (4, 84, 84, 1) and obs.dtype == np.uint8
    assert obs in stacked.observation_space
    assert obs[-1].min() < obs[-1].max()  # the cart and track are drawn, not a blank frame


def test_render_collection_on_cartpole(cartpole):
    env = RenderCollection(cartpole(render_mode="rgb_array"))
    env.reset(seed=2)
    for _ in range(3):
        env.step(1)
    frames = env.render()
    assert len(frames) == 4 and all(f.shape == (400, 600, 3) for f in frames)
    assert not np.array_equal(frames[0], frames[-1])
