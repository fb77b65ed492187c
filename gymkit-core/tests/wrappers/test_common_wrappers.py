"""RecordEpisodeStatistics and Autoreset."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gymkit import error
from gymkit.wrappers.common import Autoreset, RecordEpisodeStatistics


def test_record_episode_statistics_reports_at_episode_end(counting_env):
    env = RecordEpisodeStatistics(counting_env(episode_length=3))
    env.reset(seed=0)
    for _ in range(2):
        *_, info = env.step(0)
        assert "episode" not in info
    _, _, terminated, _, info = env.step(0)
    assert terminated
    stats = info["episode"]
    assert stats["r"] == 1 + 2 + 3 and stats["l"] == 3
    assert isinstance(stats["t"], float) and 0 <= stats["t"] < 5
    assert info["t"] == 3  # the env's own info is kept
    assert list(env.return_queue) == [6.0] and list(env.length_queue) == [3]
    assert len(env.time_queue) == 1 and env.episode_count == 1


@given(lengths=st.lists(st.integers(1, 6), min_size=1, max_size=8), buffer=st.integers(1, 4))
def test_record_episode_statistics_queues(counting_env, lengths, buffer):
    inner = counting_env(truncate=True)
    env = RecordEpisodeStatistics(inner, buffer_length=buffer, stats_key="ep")
    for length in lengths:
        inner.episode_length = length
        env.reset()
        truncated = False
        while not truncated:
            *_, truncated, info = env.step(0)
        assert info["ep"]["l"] == length
        assert info["ep"]["r"] == length * (length + 1) / 2
    assert env.episode_count == len(lengths)
    assert list(env.length_queue) == lengths[-buffer:]
    assert list(env.return_queue) == [n * (n + 1) / 2 for n in lengths[-buffer:]]
    assert len(env.time_queue) == min(buffer, len(lengths))


def test_record_episode_statistics_restarts_count_on_reset(counting_env):
    env = RecordEpisodeStatistics(counting_env(episode_length=3))
    env.reset()
    env.step(0)
    env.reset()  # abandon the episode
    for _ in range(3):
        *_, info = env.step(0)
    assert info["episode"]["l"] == 3 and env.episode_count == 1


def test_record_episode_statistics_refusals(counting_env):
    with pytest.raises(error.InvalidWrapperArgument, match="buffer_length"):
        RecordEpisodeStatistics(counting_env(), buffer_length=0)
    env = RecordEpisodeStatistics(counting_env(episode_length=1), stats_key="t")
    env.reset()
    with pytest.raises(error.InvalidWrapperArgument, match="stats_key"):
        env.step(0)


def test_autoreset_resets_on_the_next_step(counting_env):
    inner = counting_env(episode_length=2)
    env = Autoreset(inner)
    obs, info = env.reset()
    assert info == {"reset_number": 1}
    env.step(0)
    obs, reward, terminated, truncated, info = env.step(1)
    assert terminated and obs[0] == 3.0 and reward == 2.0
    obs, reward, terminated, truncated, info = env.step(2)  # the autoreset step
    assert (obs[0], reward, terminated, truncated) == (1.0, 0.0, False, False)
    assert info == {"reset_number": 2}
    assert inner.actions == [0, 1]  # the action of the autoreset step is ignored
    obs, reward, *_ = env.step(0)
    assert obs[0] == 2.0 and reward == 1.0


def test_autoreset_with_truncation_and_manual_reset(counting_env):
    inner = counting_env(episode_length=1, truncate=True)
    env = Autoreset(inner)
    env.reset()
    assert env.step(0)[3] is True
    env.reset()  # clears the pending autoreset
    assert env.autoreset is False
    _obs, reward, _terminated, truncated, _ = env.step(0)
    assert truncated and reward == 1.0 and inner.resets == 2


def test_every_wrapper_is_exported_from_gymkit_wrappers():
    import gymkit.wrappers as wrappers
    from gymkit.core import Wrapper

    names = [
        "RecordEpisodeStatistics", "Autoreset", "RenderCollection", "HumanRendering",
        "FlattenObservation", "FilterObservation", "TransformObservation",
        "FrameStackObservation", "GrayscaleObservation", "ResizeObservation",
        "ReshapeObservation", "RescaleObservation", "DtypeObservation", "NormalizeObservation",
        "TimeAwareObservation", "DelayObservation", "MaxAndSkipObservation", "ClipAction",
        "RescaleAction", "TransformAction", "StickyAction", "ClipReward", "TransformReward",
        "NormalizeReward",
    ]  # fmt: skip
    for name in names:
        cls = getattr(wrappers, name)
        assert issubclass(cls, Wrapper) and cls.__name__ == name
        assert cls.__doc__
