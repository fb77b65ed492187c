"""LunarLander-v3: registration, spaces, options, bad input, determinism, rendering, and the
heuristic pilot reaching the reward threshold."""

from __future__ import annotations

import math
import subprocess
import sys
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gymkit
from gymkit.error import GymkitWarning, InvalidAction, InvalidEnvKwargs, ResetNeeded
from gymkit.spaces import Box, Discrete
from gymkit_box2d.lunar_lander import LanderPilot, LunarLanderEnv

IDS = ["LunarLander-v3", "LunarLanderContinuous-v3"]


@pytest.mark.parametrize("env_id", IDS)
def test_registered_as_gymnasium_registers_it(env_id: str) -> None:
    spec = gymkit.spec(env_id)
    assert spec.max_episode_steps == 1000 and spec.reward_threshold == 200
    with gymkit.make(env_id) as env:
        assert env.metadata["render_modes"] == ["human", "rgb_array"]
        assert env.metadata["render_fps"] == 50
        space = env.observation_space
        assert isinstance(space, Box) and space.shape == (8,) and space.dtype == np.float32
        high = np.array([2.5, 2.5, 10, 10, 2 * math.pi, 10, 1, 1], dtype=np.float32)
        low = -high
        low[6:] = 0
        assert np.array_equal(space.low, low) and np.array_equal(space.high, high)
        if env_id == "LunarLander-v3":
            assert env.action_space == Discrete(4)
        else:
            assert env.action_space == Box(-1.0, 1.0, (2,), np.float32)


def test_reset_observation_is_seeded_and_in_bounds() -> None:
    env = LunarLanderEnv()
    first, info = env.reset(seed=3)
    again, _ = env.reset(seed=3)
    other, _ = env.reset(seed=4)
    assert info == {} and first.dtype == np.float32
    assert np.array_equal(first, again) and not np.array_equal(first, other)
    assert first in env.observation_space
    assert first[6] == first[7] == 0  # starts in the air


@settings(max_examples=15)
@given(
    seed=st.integers(0, 2**32 - 1),
    actions=st.lists(st.integers(0, 3), min_size=1, max_size=120),
    wind=st.booleans(),
)
def test_same_seed_same_actions_same_episode(seed: int, actions: list[int], wind: bool) -> None:
    runs = []
    for _ in range(2):
        env = LunarLanderEnv(enable_wind=wind)
        trace = [env.reset(seed=seed)[0].tobytes()]
        for action in actions:
            obs, reward, terminated, truncated, info = env.step(action)
            assert isinstance(reward, float) and truncated is False and info == {}
            trace.append((obs.tobytes(), reward, terminated))
            if terminated:
                assert reward in (-100.0, 100.0)
                break
        runs.append(trace)
    assert runs[0] == runs[1]


@settings(max_examples=15)
@given(
    seed=st.integers(0, 2**32 - 1),
    actions=st.lists(
        st.tuples(
            st.floats(-5, 5, allow_nan=False, width=32), st.floats(-5, 5, allow_nan=False, width=32)
        ),
        min_size=1,
        max_size=60,
    ),
)
def test_continuous_actions_are_clipped_to_the_box(seed: int, actions: list) -> None:
    """As in the reference task, values outside [-1, 1] act as the nearest bound."""
    raw, clipped = LunarLanderEnv(continuous=True), LunarLanderEnv(continuous=True)
    assert np.array_equal(raw.reset(seed=seed)[0], clipped.reset(seed=seed)[0])
    for action in actions:
        a = np.array(action, dtype=np.float32)
        out = raw.step(a)
        expected = clipped.step(np.clip(a, -1, 1))
        assert out[0].tobytes() == expected[0].tobytes() and out[1:3] == expected[1:3]
        if out[2]:
            break


def test_the_engines_push_the_way_they_should() -> None:
    """Main engine slows the fall; engine 1 (left) turns anticlockwise, engine 3 clockwise."""
    outcomes = {}
    for action in range(4):
        env = LunarLanderEnv()
        env.reset(seed=0)
        for _ in range(10):
            obs = env.step(action)[0]
        outcomes[action] = obs
    assert outcomes[2][3] > outcomes[0][3]  # vertical speed
    assert outcomes[1][4] > outcomes[0][4] > outcomes[3][4]  # angle
    assert outcomes[1][5] > outcomes[0][5] > outcomes[3][5]  # angular velocity


def _shaping(obs: np.ndarray) -> float:
    x, y, vx, vy, angle, _, left, right = (float(v) for v in obs)
    return (
        -100 * math.hypot(x, y) - 100 * math.hypot(vx, vy) - 100 * abs(angle) + 10 * (left + right)
    )


@settings(max_examples=10)
@given(seed=st.integers(0, 2**32 - 1), actions=st.lists(st.integers(0, 3), min_size=5))
def test_reward_is_the_shaping_change_minus_fuel(seed: int, actions: list[int]) -> None:
    """reward = shaping(now) - shaping(before) - 0.3 (main engine) - 0.03 (side engine);
    a crash or flying off ends the episode with -100. (Checked on the float32 observations,
    hence the tolerance.)"""
    env = LunarLanderEnv()
    before, _ = env.reset(seed=seed)
    for action in actions * 20:
        obs, reward, terminated, _, _ = env.step(action)
        if terminated:
            assert reward in (-100.0, 100.0)
            return
        fuel = {0: 0.0, 1: 0.03, 2: 0.3, 3: 0.03}[action]
        assert reward == pytest.approx(_shaping(obs) - _shaping(before) - fuel, abs=2e-3)
        before = obs


def test_free_fall_crashes_with_minus_100() -> None:
    env = gymkit.make("LunarLander-v3")
    env.reset(seed=1)
    for _ in range(1000):
        _, reward, terminated, truncated, _ = env.step(0)
        if terminated or truncated:
            break
    assert terminated and reward == -100.0 and not truncated


def test_step_before_reset_names_the_fix() -> None:
    with pytest.raises(ResetNeeded, match="reset"):
        LunarLanderEnv().step(0)


@pytest.mark.parametrize("action", [4, -1, 2.0, "2", None, np.array([1, 2]), True])
def test_discrete_actions_outside_the_space_are_refused(action: object) -> None:
    env = LunarLanderEnv()
    env.reset(seed=0)
    with pytest.raises(InvalidAction, match=r"LunarLander\.step got action .*Discrete\(4\)"):
        env.step(action)


def test_numpy_integer_actions_are_accepted() -> None:
    a, b = LunarLanderEnv(), LunarLanderEnv()
    a.reset(seed=0)
    b.reset(seed=0)
    for action in (np.int64(2), np.int32(1), np.array(3)):
        assert a.step(action)[0].tobytes() == b.step(int(action))[0].tobytes()


@pytest.mark.parametrize(
    "action",
    [
        np.array([np.nan, 0.0]),
        [0.0, float("nan")],
        np.zeros(3),
        np.zeros(1),
        np.zeros((2, 1)),
        1,
        "up",
        [None, 1],
    ],
)
def test_continuous_bad_actions_are_refused(action: object) -> None:
    env = LunarLanderEnv(continuous=True)
    env.reset(seed=0)
    with pytest.raises(InvalidAction, match=r"LunarLander\.step got action"):
        env.step(action)


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"gravity": -12.0}, r"gravity must be between -12 and 0 \(exclusive\), got -12\.0"),
        ({"gravity": 0}, "gravity must be between -12 and 0"),
        ({"gravity": 3.0}, "gravity must be between -12 and 0"),
        ({"gravity": float("nan")}, "gravity must be finite"),
        ({"gravity": "low"}, "gravity must be a real number, got 'low'"),
        ({"wind_power": 20.5}, r"wind_power must be in \[0\.0, 20\.0\].*got 20\.5"),
        ({"wind_power": -1}, r"wind_power must be in \[0\.0, 20\.0\]"),
        ({"turbulence_power": 2.5}, r"turbulence_power must be in \[0\.0, 2\.0\]"),
        ({"turbulence_power": None}, "turbulence_power must be a real number"),
        ({"continuous": "yes"}, "continuous must be True or False, got 'yes'"),
        ({"enable_wind": 1}, "enable_wind must be True or False"),
    ],
)
def test_bad_options_name_the_value_and_the_range(options: dict, match: str) -> None:
    with pytest.raises(InvalidEnvKwargs, match=f"LunarLander: {match}"):
        gymkit.make("LunarLander-v3", **options)


def test_documented_option_bounds_are_accepted() -> None:
    for options in (
        {"gravity": -11.99, "wind_power": 0.0, "turbulence_power": 0.0, "enable_wind": True},
        {"gravity": -0.01, "wind_power": 20.0, "turbulence_power": 2.0, "enable_wind": True},
    ):
        env = gymkit.make("LunarLander-v3", **options)
        env.reset(seed=0)
        assert env.step(0)[0] in env.observation_space
        env.close()


def test_wind_pushes_the_lander() -> None:
    calm, windy = LunarLanderEnv(), LunarLanderEnv(enable_wind=True, wind_power=20.0)
    calm.reset(seed=5)
    windy.reset(seed=5)
    for _ in range(30):
        still, blown = calm.step(0)[0], windy.step(0)[0]
    assert abs(blown[2] - still[2]) > 0.01  # horizontal speed differs


def test_rgb_array_frames() -> None:
    env = LunarLanderEnv(render_mode="rgb_array")
    env.reset(seed=0)
    pilot = env.heuristic_policy()
    obs = env.step(2)[0]
    for _ in range(20):
        obs = env.step(pilot(obs))[0]
    frame = env.render()
    assert frame.shape == (400, 600, 3) and frame.dtype == np.uint8
    assert tuple(frame[5, 300]) == (0, 0, 0)  # sky
    assert tuple(frame[398, 300]) == (255, 255, 255)  # ground
    colours = {tuple(c) for c in frame.reshape(-1, 3)}
    assert (128, 102, 230) in colours  # the lander
    assert (204, 204, 0) in colours  # the helipad flags
    env.close()
    env.close()


def test_render_without_mode_warns() -> None:
    env = LunarLanderEnv()
    env.reset(seed=0)
    with pytest.warns(GymkitWarning, match="render_mode"):
        assert env.render() is None


def test_bad_render_mode_is_refused() -> None:
    with pytest.raises(Exception, match="ansi"):
        LunarLanderEnv(render_mode="ansi")


def test_import_gymkit_does_not_import_box2d() -> None:
    code = "import sys, gymkit; gymkit.spec('LunarLander-v3'); print('Box2D' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def _mean_return(continuous: bool, episodes: int = 100) -> tuple[float, float]:
    env_id = "LunarLanderContinuous-v3" if continuous else "LunarLander-v3"
    env = gymkit.make(env_id)
    returns = []
    for seed in range(episodes):
        obs, _ = env.reset(seed=seed)
        policy = env.get_wrapper_attr("heuristic_policy")()
        assert isinstance(policy, LanderPilot) and policy.continuous is continuous
        total, done = 0.0, False
        while not done:
            obs, reward, terminated, truncated, _ = env.step(policy(obs))
            total += reward
            done = terminated or truncated
        returns.append(total)
    env.close()
    return float(np.mean(returns)), float(np.min(returns))


@pytest.mark.parametrize("continuous", [False, True], ids=["discrete", "continuous"])
def test_heuristic_pilot_reaches_the_reward_threshold(continuous: bool) -> None:
    mean, worst = _mean_return(continuous)
    assert mean >= 200, f"mean return {mean:.1f} over 100 seeded episodes (worst {worst:.1f})"


def test_pilot_actions_are_in_the_action_space() -> None:
    for continuous in (False, True):
        env = LunarLanderEnv(continuous=continuous)
        obs, _ = env.reset(seed=2)
        pilot = env.heuristic_policy()
        for _ in range(50):
            action = pilot(obs)
            assert action in env.action_space
            obs = env.step(action)[0]


def test_warnings_free_episode_through_make() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        env = gymkit.make("LunarLander-v3")
        env.reset(seed=0)
        for _ in range(20):
            env.step(env.action_space.sample())
        env.close()


@settings(max_examples=10)
@given(
    seed=st.integers(0, 2**32 - 1),
    split=st.integers(0, 150),
    continuous=st.booleans(),
    wind=st.booleans(),
)
def test_a_pickled_copy_continues_exactly(
    seed: int, split: int, continuous: bool, wind: bool
) -> None:
    """The copy rebuilds the world by replaying the episode: same observations, rewards and
    flags afterwards, and the same next episodes (the generator is carried over)."""
    import copy
    import pickle

    env = gymkit.make("LunarLander-v3", continuous=continuous, enable_wind=wind)
    obs, _ = env.reset(seed=seed)
    pilot = env.get_wrapper_attr("heuristic_policy")()
    for _ in range(split):
        obs, _, terminated, _, _ = env.step(pilot(obs))
        if terminated:
            obs, _ = env.reset()
    copies = [pickle.loads(pickle.dumps(env)), copy.deepcopy(env)]
    for _ in range(300):
        action = pilot(obs)
        out = env.step(action)
        for clone in copies:
            again = clone.step(action)
            assert again[0].tobytes() == out[0].tobytes() and again[1:4] == out[1:4]
        obs = out[0]
        if out[2] or out[3]:
            obs, _ = env.reset()
            assert all(c.reset()[0].tobytes() == obs.tobytes() for c in copies)


def test_pickling_a_fresh_or_closed_env() -> None:
    import pickle

    fresh = pickle.loads(pickle.dumps(LunarLanderEnv(continuous=True, gravity=-3.0)))
    assert fresh.continuous and fresh.gravity == -3.0 and fresh.lander is None
    assert (
        fresh.reset(seed=1)[0].tobytes() == LunarLanderEnv(gravity=-3.0).reset(seed=1)[0].tobytes()
    )
