"""The Heron arm tasks: ids, spaces, Fetch semantics (action scaling, gripper, goal and object
sampling, 50-step limit), rewards single and batched, bad input, determinism, rendering."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import gymkit
from gymkit.error import InvalidAction, InvalidEnvKwargs
from gymkit.wrappers import FlattenGoalObservation
from gymkit_robotics.heron import (
    HeronPickAndPlaceEnv,
    HeronPushEnv,
    HeronReachEnv,
    HeronSlideEnv,
)
from gymkit_robotics.plugin import arm_env_ids

IDS = arm_env_ids()
TASKS = [HeronReachEnv, HeronPushEnv, HeronSlideEnv, HeronPickAndPlaceEnv]


@pytest.fixture(scope="module")
def envs():
    made = {cls: cls() for cls in TASKS}
    yield made
    for env in made.values():
        env.close()


def test_the_eight_arm_ids_are_registered_with_a_50_step_limit() -> None:
    assert len(IDS) == 8
    registered = set(gymkit.registry)
    for env_id in IDS:
        assert env_id in registered
        assert gymkit.spec(env_id).max_episode_steps == 50


@pytest.mark.parametrize("env_id", IDS)
def test_every_id_makes_steps_and_truncates_at_50(env_id: str) -> None:
    env = gymkit.make(env_id)
    obs, info = env.reset(seed=3)
    assert env.observation_space.contains(obs) and set(info) == {"is_success"}
    expected = "dense" if "Dense" in env_id else "sparse"
    assert env.unwrapped.reward_type == expected
    for t in range(50):
        obs, reward, terminated, truncated, info = env.step(env.action_space.sample())
        assert env.observation_space.contains(obs)
        assert not terminated
        assert truncated == (t == 49)
        assert reward == env.unwrapped.compute_reward(
            obs["achieved_goal"], obs["desired_goal"], info
        )
        if expected == "sparse":
            assert reward in (0.0, -1.0)
            assert info["is_success"] == (1.0 if reward == 0.0 else info["is_success"])
        else:
            gap = np.linalg.norm(obs["achieved_goal"] - obs["desired_goal"])
            assert reward == pytest.approx(-gap)
    env.close()


def test_observation_layout(envs) -> None:
    reach, push = envs[HeronReachEnv], envs[HeronPushEnv]
    obs, _ = reach.reset(seed=0)
    assert obs["observation"].shape == (10,)
    np.testing.assert_array_equal(obs["achieved_goal"], obs["observation"][:3])
    obs, _ = push.reset(seed=0)
    o = obs["observation"]
    assert o.shape == (25,)
    np.testing.assert_array_equal(obs["achieved_goal"], o[3:6])
    np.testing.assert_allclose(o[6:9], o[3:6] - o[:3])
    np.testing.assert_allclose(o[11:14], 0.0, atol=1e-6)  # the box starts upright


def test_the_action_moves_the_end_effector_by_at_most_5_cm(envs) -> None:
    env = envs[HeronReachEnv]
    obs, _ = env.reset(seed=0)
    for axis in range(3):
        before = obs["observation"][:3].copy()
        action = np.zeros(4, dtype=np.float32)
        action[axis] = 1.0 if axis < 2 else -1.0
        obs, *_ = env.step(action)
        moved = obs["observation"][:3] - before
        sign = 1.0 if axis < 2 else -1.0
        assert 0.015 < sign * moved[axis] <= 0.05 + 1e-3
        assert np.abs(np.delete(moved, axis)).max() < 0.01


def test_the_gripper_is_blocked_in_push_and_free_in_pick_and_place(envs) -> None:
    opened = np.array([0, 0, 0, 1], dtype=np.float32)
    push, pick = envs[HeronPushEnv], envs[HeronPickAndPlaceEnv]
    push.reset(seed=0)
    pick.reset(seed=0)
    for _ in range(3):
        push_obs, *_ = push.step(opened)
        pick_obs, *_ = pick.step(opened)
    assert push_obs["observation"][9:11].max() < 0.002
    assert pick_obs["observation"][9:11].min() > 0.03


def test_goal_and_object_sampling_follow_the_fetch_ranges(envs) -> None:
    reach, push, slide, pick = (envs[c] for c in TASKS)
    in_air = 0
    for seed in range(60):
        goal = reach.reset(seed=seed)[0]["desired_goal"]
        assert np.abs(goal - reach.initial_grip).max() <= 0.15
        obs = push.reset(seed=seed)[0]
        obj, goal = obs["observation"][3:6], obs["desired_goal"]
        offset = obj[:2] - push.initial_grip[:2]
        assert np.linalg.norm(offset) >= 0.1 and np.abs(offset).max() <= 0.15
        assert np.abs(goal[:2] - push.initial_grip[:2]).max() <= 0.15
        assert goal[2] == pytest.approx(push.height_offset)
        obs = slide.reset(seed=seed)[0]
        delta = obs["desired_goal"][:2] - slide.initial_grip[:2]
        assert 0.1 <= delta[0] <= 0.7 and abs(delta[1]) <= 0.3
        goal = pick.reset(seed=seed)[0]["desired_goal"]
        assert pick.height_offset <= goal[2] <= pick.height_offset + 0.45
        in_air += goal[2] > pick.height_offset
    assert 15 <= in_air <= 45  # lifted with probability 1/2


def test_the_same_seed_gives_the_same_trajectory() -> None:
    runs = []
    for _ in range(2):
        env = gymkit.make("robotics/HeronPickAndPlace-v1")
        env.action_space.seed(7)
        obs, _ = env.reset(seed=11)
        trace = [obs["observation"]]
        for _ in range(10):
            trace.append(env.step(env.action_space.sample())[0]["observation"])
        runs.append(np.array(trace))
        env.close()
    np.testing.assert_array_equal(runs[0], runs[1])


goal = arrays(np.float64, 3, elements=st.floats(-2, 2))


@pytest.mark.parametrize("reward_type", ["sparse", "dense"])
@settings(max_examples=40, deadline=None)
@given(achieved=st.lists(goal, min_size=1, max_size=8), desired=st.data())
def test_batched_rewards_equal_the_rows(envs, reward_type, achieved, desired) -> None:
    env = envs[HeronPushEnv]
    env.reward_type = reward_type
    try:
        wanted = [desired.draw(goal) for _ in achieved]
        batch = env.compute_reward(np.array(achieved), np.array(wanted), [{}] * len(wanted))
        rows = [env.compute_reward(a, d, {}) for a, d in zip(achieved, wanted)]
        assert batch.shape == (len(achieved),)
        np.testing.assert_array_equal(batch, rows)
        for a, d, r in zip(achieved, wanted, rows):
            distance = float(np.linalg.norm(a - d))
            if reward_type == "sparse":
                assert r == (-1.0 if distance > 0.05 else 0.0)
            else:
                assert r == pytest.approx(-distance)
    finally:
        env.reward_type = "sparse"


def test_a_batch_of_4096_relabelled_goals(envs) -> None:
    env = envs[HeronPushEnv]
    rng = np.random.default_rng(0)
    achieved = rng.uniform(1.0, 1.6, (4096, 3))
    desired = achieved + rng.normal(0, 0.05, (4096, 3))
    reward = env.compute_reward(achieved, desired, None)
    assert reward.shape == (4096,) and set(np.unique(reward)) <= {0.0, -1.0}
    far = np.linalg.norm(achieved - desired, axis=1) > 0.05
    np.testing.assert_array_equal(reward, -far.astype(float))


@pytest.mark.parametrize(
    ("achieved", "desired"),
    [(np.zeros(2), np.zeros(2)), (np.zeros((4, 3)), np.zeros((5, 3))), (np.zeros(3), np.zeros(4))],
)
def test_goals_of_the_wrong_shape_are_refused(envs, achieved, desired) -> None:
    with pytest.raises(ValueError, match=r"expected \(3,\)|different batch"):
        envs[HeronReachEnv].compute_reward(achieved, desired, {})


@pytest.mark.parametrize(
    ("action", "match"),
    [
        ([0, 0, 1.5, 0], "outside the action space"),
        ([0, 0, 0, -1.01], "outside the action space"),
        ([0, 0, 0], "expected shape"),
        ([0, np.nan, 0, 0], "NaN"),
    ],
)
def test_bad_actions_are_refused(envs, action, match) -> None:
    env = envs[HeronReachEnv]
    env.reset(seed=0)
    with pytest.raises(InvalidAction, match=match):
        env.step(np.array(action, dtype=np.float64))


@pytest.mark.parametrize(
    "kwargs", [{"reward_type": "shaped"}, {"distance_threshold": 0}, {"distance_threshold": "5"}]
)
def test_bad_options_are_refused(kwargs) -> None:
    with pytest.raises(InvalidEnvKwargs, match=next(iter(kwargs))):
        HeronReachEnv(**kwargs)


def test_flatten_goal_observation_for_goal_free_learners() -> None:
    env = FlattenGoalObservation(gymkit.make("robotics/HeronSlide-v1"))
    obs, _ = env.reset(seed=0)
    assert obs.shape == (31,) and env.observation_space.contains(obs)
    env.close()


def test_rgb_array_frames_show_the_scene() -> None:
    env = gymkit.make("robotics/HeronPush-v1", render_mode="rgb_array", width=96, height=64)
    env.reset(seed=0)
    frame = env.render()
    assert frame.shape == (64, 96, 3) and frame.dtype == np.uint8 and frame.std() > 10
    env.close()


@pytest.mark.xvfb
def test_human_mode_shows_a_window(virtual_display: str) -> None:
    pytest.importorskip("pyglet")
    env = gymkit.make("robotics/HeronReach-v1", render_mode="human", width=64, height=64)
    env.reset(seed=0)
    viewer = env.unwrapped._display.viewer
    assert viewer is not None and viewer.is_open
    viewer.fps = None
    for _ in range(3):
        assert env.step(env.action_space.sample())[0] is not None
    env.close()
    assert not viewer.is_open


def test_looking_an_arm_id_up_imports_no_mujoco() -> None:
    import subprocess
    import sys

    code = (
        "import sys, gymkit; spec = gymkit.spec('robotics/HeronPush-v1'); "
        "assert spec.entry_point == 'gymkit_robotics.heron:HeronPushEnv'; "
        "assert 'mujoco' not in sys.modules and 'gymkit_robotics.heron' not in sys.modules"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
