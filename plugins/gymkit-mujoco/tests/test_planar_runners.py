"""What the planar runners' tests share. For all four (Hopper, Walker2d, HalfCheetah, Swimmer;
``gymkit_mujoco.planar.PlanarRunnerEnv``): seeding and copies, ``xml_file``, ``frame_skip``,
v4's fixed model and bad actions. For Hopper and Walker2d (whose v5 and v4 rules live in one
place, ``gymkit_mujoco.planar.HealthyPlanarEnv``): uniform reset noise, the reward law for any
weights, the healthy ranges ending an episode, v4's info. Each task's own rules (spaces, health
law, info values, bad options) are in ``test_<task>.py``."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _planar_checks import (
    assert_bad_actions_raise,
    assert_copies_continue_alike,
    assert_frame_skip_option,
    assert_same_seed_same_episode,
    assert_uniform_reset_noise,
    assert_v4_fixes_model_and_frame_skip,
    assert_xml_file_option,
    assert_zero_noise_resets_to_the_model,
    make,
)

#: task -> (the v5 model's file, the number of actions, the default frame skip)
RUNNERS = {
    "Hopper": ("hopper.xml", 3, 4),
    "Walker2d": ("walker2d.xml", 6, 4),
    "HalfCheetah": ("half_cheetah.xml", 6, 5),
    "Swimmer": ("swimmer.xml", 2, 4),
}
RUNNER_IDS = [f"{task}-{version}" for task in RUNNERS for version in ("v5", "v4")]
#: the runners with health rules
TASKS = {task: RUNNERS[task] for task in ("Hopper", "Walker2d")}
IDS = [f"{task}-{version}" for task in TASKS for version in ("v5", "v4")]


def _actions(env_id: str) -> int:
    return TASKS[env_id.split("-")[0]][1]


@pytest.mark.parametrize("env_id", RUNNER_IDS)
def test_same_seed_same_episode(env_id: str) -> None:
    assert_same_seed_same_episode(env_id)
    assert_zero_noise_resets_to_the_model(env_id)
    assert_copies_continue_alike(env_id)


@pytest.mark.parametrize("env_id", IDS)
def test_uniform_reset_noise(env_id: str) -> None:
    assert_uniform_reset_noise(env_id, 0.05)


@pytest.mark.parametrize("task", TASKS)
def test_v4_step_info_and_reset_info(task: str) -> None:
    env = make(f"{task}-v4")
    _, info = env.reset(seed=0)
    assert info == {}
    _, _, _, _, info = env.step(np.zeros(TASKS[task][1], dtype=np.float32))
    assert set(info) == {"x_position", "x_velocity"}


@pytest.mark.parametrize("env_id", IDS)
@settings(max_examples=25, deadline=None)
@given(
    data=st.data(),
    forward=st.floats(-3, 3),
    ctrl=st.floats(0, 1),
    healthy=st.floats(-2, 2),
)
def test_reward_weights(
    env_id: str, data: st.DataObject, forward: float, ctrl: float, healthy: float
) -> None:
    """The reward is forward * x_velocity + healthy reward - ctrl * |a|^2 for any weights."""
    n = _actions(env_id)
    action = data.draw(st.lists(st.floats(-1, 1, width=32), min_size=n, max_size=n))
    env = make(env_id, forward_reward_weight=forward, ctrl_cost_weight=ctrl, healthy_reward=healthy)
    env.reset(seed=0)
    x_before = env.data.qpos[0]
    a = np.array(action, dtype=np.float32)
    _, reward, terminated, _, _ = env.step(a)
    x_velocity = (env.data.qpos[0] - x_before) / env.dt
    cost = ctrl * float(np.sum(np.square(a)))
    # the cost is a float32 (up to 6 * ctrl, so rounded by up to ~4e-7), the rest float64
    assert reward == pytest.approx(forward * x_velocity + healthy - cost, rel=1e-6, abs=1e-6)
    assert not terminated


@pytest.mark.parametrize(
    ("task", "option", "value"),
    [
        ("Hopper", "healthy_z_range", (1.3, 2.0)),  # the hopper starts at 1.25 m
        ("Hopper", "healthy_angle_range", (0.5, 1.0)),  # it starts upright
        ("Hopper", "healthy_state_range", (-1e-6, 1e-6)),  # its joints start off zero
        ("Walker2d", "healthy_z_range", (1.3, 2.0)),
        ("Walker2d", "healthy_angle_range", (0.5, 1.0)),
    ],
)
def test_healthy_ranges_terminate(task: str, option: str, value: tuple[float, float]) -> None:
    still = np.zeros(TASKS[task][1], dtype=np.float32)
    env = make(f"{task}-v5", **{option: value})
    env.reset(seed=0)
    assert not env.is_healthy
    _, _, terminated, _, info = env.step(still)
    assert terminated and info["reward_survive"] == 0.0

    lenient = make(f"{task}-v5", **{option: value}, terminate_when_unhealthy=False)
    lenient.reset(seed=0)
    _, _, terminated, _, info = lenient.step(still)
    assert not terminated and info["reward_survive"] == 0.0

    # v4 pays the healthy reward while it may terminate, even when unhealthy
    v4 = make(f"{task}-v4", **{option: value})
    v4.reset(seed=0)
    x_before = v4.data.qpos[0]
    _, reward, terminated, _, _ = v4.step(still)
    assert terminated and reward == pytest.approx((v4.data.qpos[0] - x_before) / v4.dt + 1.0)
    assert v4.terminated


@pytest.mark.parametrize("task", RUNNERS)
def test_xml_file_and_frame_skip(task: str, tmp_path: Path) -> None:
    model_file, _, frame_skip = RUNNERS[task]
    assert_xml_file_option(f"{task}-v5", model_file, tmp_path)
    assert_frame_skip_option(f"{task}-v5", frame_skip)


@pytest.mark.parametrize("task", RUNNERS)
def test_v4_options_and_bad_actions(task: str) -> None:
    assert_v4_fixes_model_and_frame_skip(f"{task}-v4")
    assert_bad_actions_raise(f"{task}-v5")
    assert_bad_actions_raise(f"{task}-v4")
