"""PointMaze and AntMaze: ids, the GoalEnv contract, sampling, options, rewards, errors,
rendering and the keyboard map."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gymkit
from gymkit.error import InvalidAction, InvalidEnvKwargs
from gymkit.utils.play import describe_controls
from gymkit_robotics.maze_map import InvalidMazeMap
from gymkit_robotics.maze_policy import PointMazePolicy
from gymkit_robotics.plugin import maze_env_ids
from gymkit_robotics.point_maze import PointMazeEnv

LIMITS = {"Open": (300, 700), "UMaze": (300, 700), "Medium": (600, 1000), "Large": (800, 1000)}


def test_the_maze_ids():
    ids = maze_env_ids()
    assert len(ids) == 16
    assert "robotics/PointMaze_UMaze-v1" in ids and "robotics/AntMaze_LargeDense-v1" in ids
    for name, (point, ant) in LIMITS.items():
        assert gymkit.spec(f"robotics/PointMaze_{name}-v1").max_episode_steps == point
        assert gymkit.spec(f"robotics/AntMaze_{name}Dense-v1").max_episode_steps == ant


@pytest.mark.parametrize("env_id", maze_env_ids())
def test_every_id_makes_steps_and_keeps_the_goal_contract(env_id):
    env = gymkit.make(env_id)
    obs, info = env.reset(seed=3)
    assert env.observation_space.contains(obs)
    assert set(info) >= {"success", "is_success"}
    unwrapped = env.unwrapped
    for _ in range(3):
        action = env.action_space.sample()
        obs, reward, terminated, truncated, info = env.step(action)
        assert env.observation_space.contains(obs)
        assert reward == unwrapped.compute_reward(obs["achieved_goal"], obs["desired_goal"], info)
        assert terminated == unwrapped.compute_terminated(
            obs["achieved_goal"], obs["desired_goal"], info
        )
        assert not truncated
    expected = (4,) if "PointMaze" in env_id else (105,)
    assert obs["observation"].shape == expected
    env.close()


def test_reset_draws_are_seeded_and_follow_the_noise_rules():
    env = PointMazeEnv("Medium")
    maze = env.maze
    seen = set()
    for seed in range(40):
        obs, _ = env.reset(seed=seed)
        again, _ = env.reset(seed=seed)
        np.testing.assert_array_equal(obs["desired_goal"], again["desired_goal"])
        np.testing.assert_array_equal(obs["achieved_goal"], again["achieved_goal"])
        goal_cell = maze.xy_to_cell(obs["desired_goal"])
        start_cell = maze.xy_to_cell(obs["achieved_goal"])
        assert goal_cell in maze.goal_cells and start_cell in maze.reset_cells
        assert goal_cell != start_cell
        # within 0.25 of a cell of its cell's centre on each axis
        for xy, cell in ((obs["desired_goal"], goal_cell), (obs["achieved_goal"], start_cell)):
            assert np.all(np.abs(xy - maze.cell_to_xy(cell)) <= 0.25 + 1e-12)
        np.testing.assert_array_equal(obs["observation"][2:], 0.0)
        seen.add(goal_cell)
    assert len(seen) > 10  # goals are spread over the maze


def test_reset_options_pick_the_cells_and_bad_ones_are_named():
    env = PointMazeEnv("UMaze")
    obs, _ = env.reset(seed=0, options={"goal_cell": np.array([1, 1]), "reset_cell": [3, 1]})
    assert env.maze.xy_to_cell(obs["desired_goal"]) == (1, 1)
    assert env.maze.xy_to_cell(obs["achieved_goal"]) == (3, 1)
    np.testing.assert_allclose(env.model.site_pos[env._target_site][:2], obs["desired_goal"])
    with pytest.raises(ValueError, match=r"goal_cell \(2, 1\) is a wall"):
        env.reset(options={"goal_cell": [2, 1]})
    with pytest.raises(ValueError, match="unknown reset option"):
        env.reset(options={"goal": [1, 1]})


def test_custom_maps_and_bad_maps():
    env = gymkit.make("robotics/PointMaze_UMaze-v1", maze_map=[[1, 1, 1, 1], [1, "c", "c", 1]])
    obs, _ = env.reset(seed=0)
    assert env.unwrapped.maze.n_cols == 4
    assert obs["desired_goal"][0] * obs["achieved_goal"][0] < 0  # opposite cells
    with pytest.raises(InvalidMazeMap, match="no free cell"):
        gymkit.make("robotics/PointMaze_UMaze-v1", maze_map=[[1, 1], [1, 1]])
    with pytest.raises(InvalidMazeMap, match=r"cell \(1, 1\) is 'x'"):
        gymkit.make("robotics/AntMaze_UMaze-v1", maze_map=[[1, 1, 1], [1, "x", 0]])


def test_bad_input_is_refused_clearly():
    env = PointMazeEnv("UMaze")
    env.reset(seed=0)
    with pytest.raises(InvalidAction, match="outside the action space"):
        env.step(np.array([1.5, 0.0]))
    with pytest.raises(InvalidAction, match="shape"):
        env.step(np.zeros(3))
    with pytest.raises(ValueError, match=r"achieved_goal has shape \(3,\); expected \(2,\)"):
        env.compute_reward(np.zeros(3), np.zeros(2), {})
    with pytest.raises(ValueError, match="different batch dimensions"):
        env.compute_reward(np.zeros((4, 2)), np.zeros((5, 2)), {})
    for kwargs, name in (
        ({"reward_type": "shaped"}, "reward_type"),
        ({"continuing_task": "yes"}, "continuing_task"),
        ({"position_noise_range": 0.7}, "position_noise_range"),
    ):
        with pytest.raises(InvalidEnvKwargs, match=name):
            PointMazeEnv("UMaze", **kwargs)


@settings(max_examples=40, deadline=None)
@given(
    reward_type=st.sampled_from(["sparse", "dense"]),
    continuing=st.booleans(),
    n=st.integers(1, 20),
    seed=st.integers(0, 2**31),
)
def test_batched_goal_functions_equal_the_single_calls(reward_type, continuing, n, seed):
    env = _ENVS[(reward_type, continuing)]
    rng = np.random.default_rng(seed)
    achieved = rng.uniform(-1.5, 1.5, size=(n, 2))
    desired = achieved + rng.uniform(-0.6, 0.6, size=(n, 2))
    rewards = env.compute_reward(achieved, desired, [{}] * n)
    ends = env.compute_terminated(achieved, desired, [{}] * n)
    assert rewards.shape == ends.shape == (n,)
    for k in range(n):
        distance = np.linalg.norm(achieved[k] - desired[k])
        single = env.compute_reward(achieved[k], desired[k], {})
        assert single == rewards[k]
        if reward_type == "dense":
            assert single == pytest.approx(np.exp(-distance))
        else:
            assert single == float(distance <= 0.45)
        assert env.compute_terminated(achieved[k], desired[k], {}) == ends[k]
        assert ends[k] == (not continuing and distance <= 0.45)


_ENVS = {
    (r, c): PointMazeEnv("UMaze", reward_type=r, continuing_task=c)
    for r in ("sparse", "dense")
    for c in (True, False)
}


def _drive_to_goal(env, obs, steps=300):
    policy = PointMazePolicy(env.maze)
    for _ in range(steps):
        obs, reward, terminated, _, info = env.step(policy(obs))
        if info["success"]:
            return obs, reward, terminated, info
    raise AssertionError("the scripted policy did not reach the goal")


def test_continuing_false_terminates_at_the_goal():
    env = PointMazeEnv("UMaze", continuing_task=False)
    obs, _ = env.reset(seed=1)
    obs, reward, terminated, info = _drive_to_goal(env, obs)
    assert terminated and reward == 1.0 and info["is_success"] == 1.0


def test_continuing_keeps_the_goal_unless_reset_target():
    env = PointMazeEnv("UMaze")  # continuing, reset_target=False
    obs, _ = env.reset(seed=1)
    goal = obs["desired_goal"].copy()
    obs, _, terminated, _ = _drive_to_goal(env, obs)
    assert not terminated
    np.testing.assert_array_equal(env.goal, goal)

    env = PointMazeEnv("UMaze", reset_target=True)
    obs, _ = env.reset(seed=1)
    goal = obs["desired_goal"].copy()
    obs, reward, terminated, _ = _drive_to_goal(env, obs)
    assert reward == 1.0 and not terminated
    np.testing.assert_array_equal(obs["desired_goal"], goal)  # this step's goal...
    assert np.linalg.norm(env.goal - obs["achieved_goal"]) > 0.45  # ...then a new one, away
    np.testing.assert_allclose(env.model.site_pos[env._target_site][:2], env.goal)
    obs, *_ = env.step(np.zeros(2, dtype=np.float32))
    np.testing.assert_array_equal(obs["desired_goal"], env.goal)


@pytest.mark.parametrize("env_id", ["robotics/PointMaze_UMaze-v1", "robotics/AntMaze_Open-v1"])
def test_rgb_array_frames_headless(env_id):
    env = gymkit.make(env_id, render_mode="rgb_array", width=96, height=64)
    env.reset(seed=0)
    frame = env.render()
    assert frame.shape == (64, 96, 3) and frame.dtype == np.uint8 and frame.std() > 5
    env.close()


def test_human_mode_under_xvfb(virtual_display):
    pytest.importorskip("pyglet")
    env = gymkit.make("robotics/PointMaze_UMaze-v1", render_mode="human", width=64, height=64)
    env.reset(seed=0)
    viewer = env.unwrapped._display.viewer
    assert viewer is not None and viewer.is_open
    viewer.fps = None
    for _ in range(3):
        env.step(np.zeros(2, dtype=np.float32))
    env.close()
    assert not viewer.is_open


def test_keyboard_map_for_play():
    env = gymkit.make("robotics/PointMaze_UMaze-v1")
    keys = env.unwrapped.keys_to_action
    assert keys[("up",)][1] > 0 and keys[("left",)][0] < 0
    for action in [*keys.values(), env.unwrapped.noop]:
        assert env.action_space.contains(action)
    text = describe_controls(env)
    assert "up" in text and "left" in text
