"""CarRacing-v3: spaces, options and their errors, rewards, episode ends, determinism, colours."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gymkit
from gymkit.error import GymkitWarning, InvalidAction, InvalidEnvKwargs, ResetNeeded
from gymkit.spaces import Box, Discrete
from gymkit_box2d.car_racing import CarRacingEnv
from gymkit_box2d.racing_track import PLAYFIELD

GAS = np.array([0.0, 0.5, 0.0], dtype=np.float32)


def test_make_gives_gymnasium_spaces_and_limits():
    env = gymkit.make("CarRacing-v3")
    assert env.spec.max_episode_steps == 1000 and env.spec.reward_threshold == 900
    space = env.action_space
    assert isinstance(space, Box) and space.dtype == np.float32
    assert space.low.tolist() == [-1, 0, 0] and space.high.tolist() == [1, 1, 1]
    obs_space = env.observation_space
    assert obs_space.shape == (96, 96, 3) and obs_space.dtype == np.uint8
    assert env.metadata["render_fps"] == 50
    assert env.metadata["render_modes"] == ["human", "rgb_array"]
    obs, info = env.reset(seed=0)
    assert info == {} and obs.dtype == np.uint8 and obs_space.contains(obs)
    env.close()


def test_discrete_option():
    env = gymkit.make("CarRacing-v3", continuous=False)
    assert env.action_space == Discrete(5)
    env.reset(seed=0)
    for action in range(5):
        obs, _, _, truncated, _ = env.step(action)
        assert obs.shape == (96, 96, 3) and not truncated
    env.step(np.int64(3))


@pytest.mark.parametrize("percent", [0, -0.1, 1.5, math.nan, "most", True])
def test_lap_complete_percent_outside_the_range_is_refused(percent):
    with pytest.raises(InvalidEnvKwargs, match=r"CarRacing: lap_complete_percent .*\(0, 1\]"):
        CarRacingEnv(lap_complete_percent=percent)


def test_boolean_options_must_be_booleans():
    with pytest.raises(InvalidEnvKwargs, match="continuous must be True or False"):
        CarRacingEnv(continuous="no")


@pytest.mark.parametrize(
    "action",
    [
        np.array([np.nan, 0.5, 0.0], dtype=np.float32),
        np.array([0.0, 0.5], dtype=np.float32),
        np.array([0.0, 1.5, 0.0], dtype=np.float32),
        np.array([-1.2, 0.0, 0.0], dtype=np.float32),
        np.array([0.0, 0.0, -0.1], dtype=np.float32),
        "gas",
        None,
    ],
)
def test_continuous_actions_outside_the_space_are_refused(action):
    env = CarRacingEnv()
    env.reset(seed=0)
    with pytest.raises(InvalidAction, match=r"CarRacing\.step .*not in the action space Box"):
        env.step(action)
    env.step(GAS)  # the env is still usable


@pytest.mark.parametrize("action", [5, -1, 2.0, True, np.array([1, 2])])
def test_discrete_actions_outside_the_space_are_refused(action):
    env = CarRacingEnv(continuous=False)
    env.reset(seed=0)
    with pytest.raises(InvalidAction, match=r"expected an int in 0\.\.4"):
        env.step(action)


def test_step_before_reset():
    with pytest.raises(ResetNeeded, match="reset"):
        CarRacingEnv().step(GAS)


@settings(max_examples=10)
@given(seed=st.integers(0, 2**32 - 1), action_seed=st.integers(0, 2**32 - 1))
def test_same_seed_and_actions_give_the_same_episode(seed, action_seed):
    space = CarRacingEnv().action_space
    space.seed(action_seed)
    actions = [space.sample() for _ in range(40)]
    runs = []
    for _ in range(2):
        env = CarRacingEnv()
        obs, _ = env.reset(seed=seed)
        trace = [obs]
        for action in actions:
            obs, reward, terminated, truncated, info = env.step(action)
            trace += [obs, reward, terminated, truncated, info]
        runs.append(trace)
    for a, b in zip(*runs):
        if isinstance(a, np.ndarray):
            np.testing.assert_array_equal(a, b)
        else:
            assert a == b


@settings(max_examples=10)
@given(seed=st.integers(0, 2**32 - 1), action_seed=st.integers(0, 2**32 - 1))
def test_rewards_are_tile_visits_minus_time(seed, action_seed):
    """Each step's reward is -0.1 plus 1000/N per tile newly visited (or -100 off the field);
    the rewards add up to the screen's total."""
    env = CarRacingEnv()
    env.reset(seed=seed)
    n = len(env.track.tiles)
    rng = np.random.default_rng(action_seed)
    visited = env.tile_visited_count
    first = True
    total = 0.0
    for _ in range(60):
        action = np.array([rng.uniform(-1, 1), rng.uniform(0, 1), 0.0], dtype=np.float32)
        _, reward, terminated, _, info = env.step(action)
        new = env.tile_visited_count - visited
        visited = env.tile_visited_count
        if first:  # the reset's own step visits the start tiles: counted in the first reward
            new = visited
            first = False
        if terminated and info.get("lap_finished") is False:
            assert reward == -100
            break
        assert new >= 0
        assert reward == pytest.approx(-0.1 + new * 1000.0 / n, abs=1e-9)
        total += reward
    else:
        assert total == pytest.approx(env.reward, abs=1e-9)


def test_driver_completes_the_lap():
    env = CarRacingEnv()
    total = 0.0
    obs, _ = env.reset(seed=3)
    policy = env.heuristic_policy()
    steps = 0
    terminated = False
    while not terminated and steps < 2000:
        obs, reward, terminated, _, info = env.step(policy(obs))
        total += reward
        steps += 1
    assert terminated and info == {"lap_finished": True}
    assert env.tile_visited_count == len(env.track.tiles)
    assert total == pytest.approx(1000 - 0.1 * steps, abs=1e-6)
    assert total > 800


def test_discrete_driver_makes_progress():
    env = CarRacingEnv(continuous=False)
    obs, _ = env.reset(seed=1)
    policy = env.heuristic_policy()
    for _ in range(300):
        obs, *_ = env.step(policy(obs))
    assert env.tile_visited_count > 40


def test_leaving_the_playfield_ends_with_minus_100():
    env = CarRacingEnv()
    env.reset(seed=6)
    full = np.array([0.0, 1.0, 0.0], dtype=np.float32)
    for _ in range(1000):
        _, reward, terminated, truncated, info = env.step(full)
        if terminated:
            break
    assert terminated and not truncated
    assert reward == -100 and info == {"lap_finished": False}
    x, y = env.car.hull.position
    assert max(abs(x), abs(y)) > PLAYFIELD


def test_time_limit_truncates_at_1000():
    env = gymkit.make("CarRacing-v3", continuous=False)
    env.reset(seed=2)
    flags = [env.step(0)[2:4] for _ in range(1000)]  # standing still on the road
    assert flags[-1] == (False, True)
    assert all(flag == (False, False) for flag in flags[:-1])


def test_domain_randomize_colours():
    plain = CarRacingEnv()
    plain.reset(seed=0)
    assert plain.road_color.tolist() == [102, 102, 102]
    assert plain.bg_color.tolist() == [102, 204, 102]
    env = CarRacingEnv(domain_randomize=True)
    env.reset(seed=0)
    first = (env.road_color.copy(), env.bg_color.copy(), env.grass_color.copy())
    assert all(0 <= c < 210 for c in first[0]) and all(0 <= c < 210 for c in first[1])
    assert np.count_nonzero(first[2] - first[1]) == 1  # grass = background + 20 on one channel
    assert np.max(first[2] - first[1]) == pytest.approx(20)
    env.reset(options={"randomize": False})
    assert np.array_equal(env.road_color, first[0]) and np.array_equal(env.bg_color, first[1])
    env.reset(options={"randomize": True})
    assert not np.array_equal(env.road_color, first[0])
    again = CarRacingEnv(domain_randomize=True)
    again.reset(seed=0)
    assert np.array_equal(again.road_color, first[0])


def test_reset_options_must_be_a_dict():
    with pytest.raises(TypeError, match="options must be a dict"):
        CarRacingEnv().reset(seed=0, options=["randomize"])


def test_render_modes():
    env = CarRacingEnv(render_mode="rgb_array")
    env.reset(seed=0)
    frame = env.render()
    assert frame.shape == (400, 600, 3) and frame.dtype == np.uint8
    with pytest.warns(GymkitWarning, match="without a render_mode"):
        assert CarRacingEnv().render() is None
    env.close()
    env.close()


@settings(max_examples=20)
@given(seed=st.integers(0, 2**32 - 1))
def test_generated_tracks_are_closed_loops(seed):
    """Every track: centre-line points one detail step apart, the lap closing on itself, each
    tile a quad of the track's width, kerbs alternating white/red by tile parity."""
    from gymkit_box2d.racing_track import TRACK_DETAIL_STEP, TRACK_WIDTH, generate_track

    rng = np.random.default_rng(seed)
    track = None
    while track is None:
        track = generate_track(rng)
    points = track.points
    assert len(points) == len(track.tiles) > 50
    for (_, _, x1, y1), (_, _, x2, y2) in itertools.pairwise(points):
        assert math.hypot(x2 - x1, y2 - y1) == pytest.approx(TRACK_DETAIL_STEP)
    (_, beta, xa, ya), (_, _, xb, yb) = points[0], points[-1]
    # the ends meet: their gap across the start heading is at most one detail step
    gap = math.hypot(math.cos(beta) * (xa - xb), math.sin(beta) * (ya - yb))
    assert gap <= TRACK_DETAIL_STEP
    assert math.hypot(xa - xb, ya - yb) < 3 * TRACK_DETAIL_STEP
    for quad in track.tiles:
        (lx, ly), (rx, ry) = quad[0], quad[1]
        assert math.hypot(rx - lx, ry - ly) == pytest.approx(2 * TRACK_WIDTH)
    for i, _, rgb in track.kerbs:
        assert rgb == ((255, 255, 255) if i % 2 == 0 else (255, 0, 0))
