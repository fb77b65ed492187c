"""RenderCollection and HumanRendering."""

from __future__ import annotations

import numpy as np
import pytest

from gymkit import error
from gymkit.wrappers.rendering import HumanRendering, RenderCollection


def test_render_collection_collects_frames_and_pops(counting_env):
    env = RenderCollection(counting_env(render_mode="rgb_array"))
    assert env.render_mode == "rgb_array_list"
    assert "rgb_array_list" in env.metadata["render_modes"]
    assert env.metadata["render_fps"] == 50
    env.reset()
    env.step(0)
    env.step(0)
    frames = env.render()
    assert [int(f[0, 0, 0]) for f in frames] == [0, 1, 2]
    assert all(f.shape == (4, 6, 3) and f.dtype == np.uint8 for f in frames)
    assert env.render() == []  # popped
    env.step(0)
    assert [int(f[0, 0, 0]) for f in env.render()] == [3]


def test_render_collection_keep_frames_and_reset_clean(counting_env):
    env = RenderCollection(counting_env(render_mode="ansi"), pop_frames=False, reset_clean=False)
    assert env.render_mode == "ansi_list"
    env.reset()
    env.step(0)
    assert env.render() == ["t=0", "t=1"]
    env.reset()
    assert env.render() == ["t=0", "t=1", "t=0"]

    clean = RenderCollection(counting_env(render_mode="ansi"), pop_frames=False)
    clean.reset()
    clean.step(0)
    clean.reset()
    assert clean.render() == ["t=0"]


@pytest.mark.parametrize("mode", [None])
def test_render_collection_refuses_env_without_frames(counting_env, mode):
    with pytest.raises(error.UnsupportedMode, match="render_mode=None"):
        RenderCollection(counting_env(render_mode=mode))


def test_render_collection_refuses_list_modes(counting_env):
    inner = RenderCollection(counting_env(render_mode="rgb_array"))
    with pytest.raises(error.UnsupportedMode, match="rgb_array_list"):
        RenderCollection(inner)


@pytest.mark.parametrize("mode", [None, "ansi"])
def test_human_rendering_refuses_non_rgb_modes(counting_env, mode):
    with pytest.raises(error.UnsupportedMode, match=r"HumanRendering needs .*rgb_array"):
        HumanRendering(counting_env(render_mode=mode))


def test_human_rendering_metadata_and_mode(counting_env):
    env = HumanRendering(counting_env(render_mode="rgb_array"))
    assert env.render_mode == "human"
    assert "human" in env.metadata["render_modes"]
    assert env.viewer is None  # nothing is opened before the first frame
    env.close()
    env.close()  # idempotent


@pytest.mark.xvfb
def test_human_rendering_shows_frames_in_a_window(counting_env, virtual_display):
    pytest.importorskip("pyglet")
    env = HumanRendering(counting_env(render_mode="rgb_array"))
    env.metadata = {**env.metadata, "render_fps": None}  # no pacing in tests
    assert env.render() is None
    viewer = env.viewer
    assert viewer is not None and viewer.is_open
    env.reset()
    env.step(0)
    assert env.viewer is viewer  # one window for the whole run
    env.close()
    assert env.viewer is None and not viewer.is_open


@pytest.mark.xvfb
def test_human_rendering_over_render_collection(counting_env, virtual_display):
    pytest.importorskip("pyglet")
    env = HumanRendering(RenderCollection(counting_env(render_mode="rgb_array")))
    env.metadata = {**env.metadata, "render_fps": None}
    env.reset()
    env.step(0)
    assert env.viewer is not None and env.viewer.is_open
    env.close()
