"""LegacyAPI and gymkit.legacy: the seeds' 4-tuple API, render(mode=...), seed(), examples."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gymkit
import gymkit.legacy
from gymkit import error
from gymkit.wrappers import LegacyAPI, RecordEpisodeStatistics, TimeLimit

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "seeds"


def test_make_legacy_gives_the_four_tuple_api():
    env = gymkit.make("CartPole-v1", legacy=True)
    assert isinstance(env, LegacyAPI)
    obs = env.reset()
    assert obs in env.observation_space
    result = env.step(env.action_space.sample())
    assert len(result) == 4
    obs, reward, done, info = result
    assert obs in env.observation_space and reward == 1.0
    assert done is False and isinstance(info, dict)
    env.close()
    env.close()


def test_the_short_spelling_is_make_with_legacy():
    env = gymkit.legacy.make("CartPole-v1")
    assert isinstance(env, LegacyAPI)
    assert gymkit.legacy.spaces is gymkit.spaces
    with pytest.raises(error.InvalidEnvKwargs, match="always returns the legacy API"):
        gymkit.legacy.make("CartPole-v1", legacy=False)


def test_done_and_time_limit_truncated(scripted_env):
    cut = LegacyAPI(TimeLimit(scripted_env((10,)), 3))
    cut.reset()
    assert [cut.step(0)[2] for _ in range(2)] == [False, False]
    _, _, done, info = cut.step(0)
    assert done is True and info["TimeLimit.truncated"] is True
    ended = LegacyAPI(TimeLimit(scripted_env((2,)), 2))  # terminal and limit at the same step
    ended.reset()
    _, _, done, info = ended.step(0)
    assert done is False and "TimeLimit.truncated" not in info
    _, _, done, info = ended.step(0)
    assert done is True and info["TimeLimit.truncated"] is False


def test_seed_seeds_the_next_reset_only():
    env = gymkit.make("CartPole-v1", legacy=True)
    assert env.seed(3) == [3]
    first = env.reset()
    second = env.reset()
    env.seed(3)
    again = env.reset()
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(env.reset(seed=11), gymkit.make("CartPole-v1").reset(seed=11)[0])
    with pytest.raises(error.InvalidSeed):
        env.seed(-1)


def frames_along(env_id: str, mode: str, seed: int, actions: list[int]):
    """The frame a fresh env made in ``mode`` draws after ``reset(seed)`` and ``actions``."""
    reference = gymkit.make(env_id, render_mode=mode)
    reference.reset(seed=seed)
    for action in actions:
        reference.step(action)
    frame = reference.render()
    reference.close()
    return frame


def test_rgb_array_chosen_at_render_time_shows_the_current_state():
    actions = [0, 1, 1, 0, 1, 1, 1]
    env = gymkit.make("CartPole-v1", legacy=True)  # no render_mode
    env.seed(5)
    env.reset()
    for action in actions:
        env.step(action)
    frame = env.render(mode="rgb_array")
    assert env.render_mode == "rgb_array"
    np.testing.assert_array_equal(frame, frames_along("CartPole-v1", "rgb_array", 5, actions))
    # the episode carries on from the same state
    env.step(0)
    np.testing.assert_array_equal(
        env.render(mode="rgb_array"), frames_along("CartPole-v1", "rgb_array", 5, [*actions, 0])
    )
    env.close()


def test_switching_without_a_seed_replays_the_generator_state():
    env = gymkit.make("FrozenLake-v1", legacy=True)  # slippery: every step draws from np_random
    env.reset()
    observations = [env.step(a)[0] for a in (2, 2, 1, 1)]
    text = env.render(mode="ansi")  # re-made and replayed; a diverging replay would raise
    assert env.render_mode == "ansi" and "F" in text
    assert observations[-1] == env.env.unwrapped.s


def test_ansi_chosen_at_render_time_matches_an_ansi_env():
    env = gymkit.make("Taxi-v3", legacy=True)
    env.seed(2)
    env.reset()
    for action in (0, 3, 1):
        env.step(action)
    assert env.render(mode="ansi") == frames_along("Taxi-v3", "ansi", 2, [0, 3, 1])
    assert env.render(mode="ansi") == frames_along("Taxi-v3", "ansi", 2, [0, 3, 1])


def test_modes_that_cannot_be_served_are_clear_errors(scripted_env):
    env = gymkit.make("CartPole-v1", legacy=True)
    env.reset()
    with pytest.raises(
        error.UnsupportedMode, match=r"'ansi'.*render_modes=\['human', 'rgb_array'\]"
    ):
        env.render(mode="ansi")
    bare = LegacyAPI(scripted_env())
    bare.reset()
    with pytest.raises(error.UnsupportedMode, match=r"not by gymkit\.make"):
        bare.render(mode="rgb_array")
    assert LegacyAPI(scripted_env(render_mode="ansi")).render(mode="ansi") == "t=0"
    hand_wrapped = LegacyAPI(RecordEpisodeStatistics(gymkit.make("CartPole-v1")))
    hand_wrapped.reset()
    with pytest.raises(error.UnsupportedMode, match="pass render_mode='rgb_array'"):
        hand_wrapped.render(mode="rgb_array")


@pytest.mark.xvfb
def test_human_render_in_a_window(virtual_display):
    env = gymkit.make("CartPole-v1", legacy=True)
    env.reset()
    assert env.render() is None  # re-made in rgb_array mode, frames shown in a window
    env.step(1)
    assert env.render(mode="human") is None
    assert env._viewer is not None and env._viewer.is_open
    env.close()
    assert env._viewer is None


def run_example(name: str, tmp_path: Path) -> str:
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / name)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.slow  # 1000 frames drawn and shown: ~5 s
@pytest.mark.xvfb
def test_seed_example_random_agent(virtual_display, tmp_path):
    run_example("random_agent.py", tmp_path)


@pytest.mark.xvfb
def test_seed_example_episodes(virtual_display, tmp_path):
    out = run_example("episodes.py", tmp_path)
    finished = [line for line in out.splitlines() if line.startswith("Episode finished after")]
    assert len(finished) == 20
    assert all(8 <= int(line.split()[3]) <= 100 for line in finished)


def test_seed_example_frames(tmp_path):
    out = run_example("frames.py", tmp_path)
    assert out.count("Episode finished after 200 timesteps") == 2
    assert "time limit reached: True" in out
    assert "captured 400 frames of shape (400, 600, 3)" in out


def test_examples_differ_from_the_seeds_only_by_the_import():
    for path in sorted(EXAMPLES.glob("*.py")):
        lines = path.read_text().splitlines()
        imports = [line for line in lines if line.startswith(("import ", "from "))]
        assert imports == ["import gymkit.legacy as gym"], path.name


@settings(max_examples=30)
@given(
    seed=st.integers(0, 2**32 - 1),
    actions=st.lists(st.integers(0, 3), max_size=12),
    seeded=st.booleans(),
)
def test_a_mode_chosen_at_render_time_shows_exactly_the_current_state(seed, actions, seeded):
    """Law: make without render_mode, play, render(mode) == the same play on an env made in
    that mode — for a stochastic env, whether the episode began seeded or not."""
    env = gymkit.make("FrozenLake-v1", legacy=True, max_episode_steps=1000)
    reference = gymkit.make("FrozenLake-v1", render_mode="ansi", max_episode_steps=1000)
    if seeded:
        env.seed(seed)
        reference.reset(seed=seed)
    else:  # an unseeded reset: the reference shares the generator state instead
        env.env.np_random = np.random.default_rng(seed)
        reference.np_random = np.random.default_rng(seed)
        reference.reset()
    env.reset()
    for action in actions:
        done = env.step(action)[2]
        _, _, terminated, truncated, _ = reference.step(action)
        assert done == (terminated or truncated)
        if done:
            break
    assert env.render(mode="ansi") == reference.render()
