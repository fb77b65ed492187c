"""RecordVideo writes real, decodable H.264 MP4 files with the right frames."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gymkit import error
from gymkit.wrappers import RecordVideo, capped_cubic_video_schedule
from gymkit.wrappers.video import Mp4Writer


def test_cubic_schedule():
    chosen = [i for i in range(3001) if capped_cubic_video_schedule(i)]
    assert chosen == [0, 1, 8, 27, 64, 125, 216, 343, 512, 729, 1000, 2000, 3000]


def test_default_trigger_records_cubic_episodes_whole(tmp_path, scripted_env, decode, play):
    env = RecordVideo(scripted_env((4, 6), render_mode="rgb_array"), tmp_path / "v")
    play(env, 10)
    env.close()
    names = sorted(p.name for p in (tmp_path / "v").iterdir())
    assert names == [f"rl-video-episode-{i}.mp4" for i in (0, 1, 8)]
    # episode k lasts lengths[k % 2] steps; a video holds the reset frame and one per step
    assert len(decode(tmp_path / "v" / "rl-video-episode-0.mp4")) == 4 + 1
    assert len(decode(tmp_path / "v" / "rl-video-episode-1.mp4")) == 6 + 1
    assert len(decode(tmp_path / "v" / "rl-video-episode-8.mp4")) == 4 + 1


def test_frames_decode_to_the_rendered_colours_and_size(tmp_path, scripted_env, decode, play):
    env = RecordVideo(
        scripted_env((5,), frame_shape=(32, 48), render_mode="rgb_array"),
        tmp_path,
        episode_trigger=lambda i: True,
        name_prefix="colours",
    )
    play(env, 1)
    env.close()
    frames = decode(tmp_path / "colours-episode-0.mp4")
    assert len(frames) == 6
    for t, frame in enumerate(frames):
        assert frame.shape == (32, 48, 3)
        expected = np.array(scripted_env.colour(t), dtype=np.float64)
        # lossy yuv420p: each channel's mean stays within a few levels of the drawn colour
        assert np.abs(frame.reshape(-1, 3).mean(axis=0) - expected).max() < 6


def test_odd_frame_sizes_are_padded_to_even(tmp_path, scripted_env, decode, play):
    env = RecordVideo(scripted_env((2,), frame_shape=(15, 21), render_mode="rgb_array"), tmp_path)
    play(env, 1)
    env.close()
    frames = decode(env.recorded_paths[0])
    assert len(frames) == 3
    assert frames[0].shape == (16, 22, 3)


def test_step_trigger_and_video_length(tmp_path, scripted_env, decode, play):
    env = RecordVideo(
        scripted_env((4,), render_mode="rgb_array"),
        tmp_path,
        step_trigger=lambda step: step == 2,
        video_length=7,
    )
    play(env, 5)  # 20 steps; the recording starts at step 2 and spans episodes
    env.close()
    assert [p.name for p in env.recorded_paths] == ["rl-video-step-2.mp4"]
    assert len(decode(env.recorded_paths[0])) == 7


def test_close_mid_episode_finishes_a_playable_file(tmp_path, scripted_env, decode):
    env = RecordVideo(scripted_env((100,), render_mode="rgb_array"), tmp_path)
    env.reset()
    for _ in range(9):
        env.step(0)
    assert env.recording
    env.close()
    env.close()  # idempotent
    assert len(decode(env.recorded_paths[0])) == 10


# the fixtures only hand out a class and a function: sharing them between examples is safe
@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lengths=st.lists(st.integers(1, 6), min_size=1, max_size=4))
def test_every_triggered_episode_has_its_frames(
    tmp_path_factory, scripted_env, decode, lengths, play
):
    folder = tmp_path_factory.mktemp("videos")
    env = RecordVideo(
        scripted_env(tuple(lengths), render_mode="rgb_array"),
        folder,
        episode_trigger=lambda i: i % 2 == 0,
    )
    play(env, len(lengths))
    env.close()
    expected = {f"rl-video-episode-{i}.mp4": n + 1 for i, n in enumerate(lengths) if i % 2 == 0}
    assert {p.name: len(decode(p)) for p in env.recorded_paths} == expected


def test_refuses_an_env_without_rgb_array_frames(tmp_path, scripted_env):
    with pytest.raises(error.UnsupportedMode, match="render_mode='rgb_array'"):
        RecordVideo(scripted_env(render_mode="ansi"), tmp_path)
    with pytest.raises(error.UnsupportedMode, match="render_mode=None"):
        RecordVideo(scripted_env(), tmp_path)


def test_refuses_bad_arguments(tmp_path, scripted_env):
    env = scripted_env(render_mode="rgb_array")
    with pytest.raises(error.InvalidWrapperArgument, match="video_length"):
        RecordVideo(env, tmp_path, video_length=-1)
    with pytest.raises(error.InvalidWrapperArgument, match="episode_trigger"):
        RecordVideo(env, tmp_path, episode_trigger=5)
    with pytest.raises(error.InvalidWrapperArgument, match="fps"):
        RecordVideo(env, tmp_path, fps=0)


def test_frames_of_another_size_are_refused(tmp_path):
    writer = Mp4Writer(tmp_path / "x.mp4", fps=10)
    writer.write(np.zeros((8, 8, 3), dtype=np.uint8))
    with pytest.raises(error.InvalidWrapperArgument, match="differs from the first frame"):
        writer.write(np.zeros((8, 10, 3), dtype=np.uint8))
    with pytest.raises(error.InvalidWrapperArgument, match="uint8"):
        writer.write(np.zeros((8, 8, 3), dtype=np.float32))
    writer.close()


def test_missing_pyav_names_the_extra(tmp_path, scripted_env, monkeypatch):
    monkeypatch.setitem(sys.modules, "av", None)  # `import av` now raises ImportError
    with pytest.raises(error.DependencyNotInstalled, match=r"gymkit-core\[video\]"):
        RecordVideo(scripted_env(render_mode="rgb_array"), tmp_path)


def test_frames_are_streamed_and_the_file_is_complete_at_episode_end(
    tmp_path, scripted_env, decode
):
    env = RecordVideo(scripted_env((300,), frame_shape=(64, 64), render_mode="rgb_array"), tmp_path)
    env.reset()
    for _ in range(200):
        env.step(0)
    path = env.recorded_paths[0]
    assert path.stat().st_size > 0  # encoded packets already reached the file
    assert env._writer is not None and env._writer.frames == 201
    for _ in range(100):
        env.step(0)
    assert not env.recording  # closed by the terminating step, before any reset or close
    assert len(decode(path)) == 301
    env.close()
