"""Every classic-control env in native, sync and async vector modes gives the trajectories of
independent single envs seeded alike (sub-env i with seed + i), in all three autoreset modes."""

from __future__ import annotations

import functools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gymkit
from gymkit.vector import AsyncVectorEnv, AutoresetMode, SyncVectorEnv
from gymkit.vector.testing import check_vector_rollout
from gymkit_classic.classic_control.vector.base import UniformStreams

ENV_IDS = [
    "CartPole-v1",
    "MountainCar-v0",
    "MountainCarContinuous-v0",
    "Acrobot-v1",
    "Pendulum-v1",
]
# initial states near the goal, so the mountain cars also terminate within a short test
RESET_OPTIONS = {
    "MountainCar-v0": {"low": 0.47, "high": 0.5},
    "MountainCarContinuous-v0": {"low": 0.41, "high": 0.45},
}
NUM_ENVS = 3
HORIZON = 9


def _actions(env_id, steps, seed=0):
    space = gymkit.make(env_id).action_space
    rng = np.random.default_rng(seed)
    if hasattr(space, "n"):
        return [rng.integers(0, space.n, size=NUM_ENVS) for _ in range(steps)]
    # beyond the bounds on purpose: the envs clip, and so must the batched versions
    scale = 1.5 * float(space.high[0])
    return [rng.uniform(-scale, scale, size=(NUM_ENVS, 1)).astype(np.float32) for _ in range(steps)]


def _make_vec(env_id, vectorization_mode, autoreset_mode, max_episode_steps=HORIZON):
    vector_kwargs = {"autoreset_mode": autoreset_mode}
    if vectorization_mode == "async":
        vector_kwargs["context"] = "fork"
    return gymkit.make_vec(
        env_id,
        num_envs=NUM_ENVS,
        vectorization_mode=vectorization_mode,
        vector_kwargs=vector_kwargs,
        max_episode_steps=max_episode_steps,
        disable_env_checker=True,
    )


@pytest.mark.timeout(120)
@pytest.mark.parametrize("autoreset_mode", ["next_step", "same_step", "disabled"])
@pytest.mark.parametrize("vectorization_mode", ["native", "sync", "async"])
@pytest.mark.parametrize("env_id", ENV_IDS)
def test_vector_modes_match_single_envs(env_id, vectorization_mode, autoreset_mode):
    env = _make_vec(env_id, vectorization_mode, autoreset_mode)
    assert env.metadata["autoreset_mode"] is AutoresetMode(autoreset_mode)
    # the checker would refuse the out-of-bounds actions the unwrapped envs clip
    fns = [
        functools.partial(gymkit.make, env_id, max_episode_steps=HORIZON, disable_env_checker=True)
    ] * NUM_ENVS
    ends = check_vector_rollout(
        env,
        fns,
        seed=11,
        actions=_actions(env_id, 25),
        mode=autoreset_mode,
        reset_options=RESET_OPTIONS.get(env_id),
    )
    assert ends >= NUM_ENVS  # every sub-env ended at least one episode
    env.close()


def test_default_mode_is_native_where_a_vector_entry_point_exists():
    from gymkit_classic.classic_control.vector.cartpole import CartPoleVectorEnv

    env = gymkit.make_vec("CartPole-v1", num_envs=2)
    assert isinstance(env, CartPoleVectorEnv)
    assert env.spec.id == "CartPole-v1" and env.spec.max_episode_steps == 500
    assert env.max_episode_steps == 500
    env.close()
    assert isinstance(gymkit.make_vec("CartPole-v1", 2, vectorization_mode="sync"), SyncVectorEnv)
    async_env = gymkit.make_vec(
        "CartPole-v1", 2, vectorization_mode="async", vector_kwargs={"context": "fork"}
    )
    assert isinstance(async_env, AsyncVectorEnv)
    async_env.close()


@pytest.mark.parametrize("mode", ["same_step", "next_step"])
@pytest.mark.parametrize("env_id", ["CartPole-v1", "Acrobot-v1"])
def test_native_seeding_survives_many_resets(env_id, mode):
    """Sub-env streams are read ahead in blocks; after dozens of resets (past many block
    refills) the initial states still match single envs reset as often."""
    env = gymkit.make_vec(
        env_id, num_envs=2, max_episode_steps=1, vector_kwargs={"autoreset_mode": mode}
    )
    # small blocks, so that the resets cross many refills
    native = env.unwrapped
    native.streams = UniformStreams(
        2, block=16, unit=native._reset_draws, order=native._reset_draw_order
    )
    fns = [functools.partial(gymkit.make, env_id, max_episode_steps=1)] * 2
    actions = [np.zeros(2, dtype=np.int64)] * 150
    check_vector_rollout(env, fns, seed=3, actions=actions, mode=mode)


def test_acrobot_torque_noise_matches_single_envs():
    env = gymkit.make_vec("Acrobot-v1", num_envs=2, max_episode_steps=4, torque_noise_max=0.5)
    fns = [
        functools.partial(gymkit.make, "Acrobot-v1", max_episode_steps=4, torque_noise_max=0.5)
    ] * 2
    rng = np.random.default_rng(1)
    actions = [rng.integers(0, 3, size=2) for _ in range(30)]
    for mode in ("next_step", "same_step"):
        native = gymkit.make_vec(
            "Acrobot-v1",
            num_envs=2,
            max_episode_steps=4,
            torque_noise_max=0.5,
            vector_kwargs={"autoreset_mode": mode},
        )
        check_vector_rollout(native, fns, seed=8, actions=actions, mode=mode)
    env.close()


def test_cartpole_options_reach_the_native_env():
    env = gymkit.make_vec(
        "CartPole-v1", num_envs=2, kinematics_integrator="semi-implicit", max_episode_steps=5
    )
    fns = [
        functools.partial(
            gymkit.make, "CartPole-v1", kinematics_integrator="semi-implicit", max_episode_steps=5
        )
    ] * 2
    actions = [np.array([0, 1])] * 12
    check_vector_rollout(env, fns, seed=0, actions=actions, mode="next_step")


def test_native_reset_options_match_single_envs():
    env = gymkit.make_vec("Pendulum-v1", num_envs=2)
    obs, _ = env.reset(seed=4, options={"x_init": 0.1, "y_init": 0.2})
    for i in range(2):
        single, _ = gymkit.make("Pendulum-v1").reset(
            seed=4 + i, options={"x_init": 0.1, "y_init": 0.2}
        )
        np.testing.assert_array_equal(obs[i], single)


@settings(max_examples=12)
@given(
    env_id=st.sampled_from(ENV_IDS),
    seed=st.integers(0, 2**31),
    num_envs=st.integers(1, 4),
    horizon=st.integers(1, 6),
    autoreset_mode=st.sampled_from(["next_step", "same_step"]),
    data=st.data(),
)
def test_native_equals_single_envs_for_any_seed_and_actions(
    env_id, seed, num_envs, horizon, autoreset_mode, data
):
    """The law behind the native envs: for any seed, horizon and action sequence, sub-env i
    behaves as a single env seeded seed + i."""
    space = gymkit.make(env_id).action_space
    if hasattr(space, "n"):
        step = st.lists(st.integers(0, space.n - 1), min_size=num_envs, max_size=num_envs)
        actions = [np.array(a) for a in data.draw(st.lists(step, min_size=1, max_size=15))]
    else:
        bound = float(space.high[0]) * 1.5
        value = st.floats(-bound, bound, width=32)
        step = st.lists(
            st.lists(value, min_size=1, max_size=1), min_size=num_envs, max_size=num_envs
        )
        actions = [
            np.array(a, dtype=np.float32)
            for a in data.draw(st.lists(step, min_size=1, max_size=15))
        ]
    env = gymkit.make_vec(
        env_id,
        num_envs=num_envs,
        max_episode_steps=horizon,
        vector_kwargs={"autoreset_mode": autoreset_mode},
    )
    fns = [
        functools.partial(gymkit.make, env_id, max_episode_steps=horizon, disable_env_checker=True)
    ] * num_envs
    check_vector_rollout(env, fns, seed=seed, actions=actions, mode=autoreset_mode)


@pytest.mark.skipif(
    any(float(np.sin(x)) != math.sin(x) for x in np.linspace(-1.0, 1.0, 1001)),
    reason="this platform's NumPy sin is not its libm sin (bit-identity needs both alike)",
)
@pytest.mark.parametrize("integrator", ["euler", "semi-implicit"])
def test_native_cartpole_is_bit_identical_over_long_balanced_episodes(integrator):
    """CartPole is chaotic: an ulp of difference grows to O(1) within 500 open-loop steps, so
    the native env must compute exactly what the single envs compute. A balancing policy
    keeps the episodes long (up to the 500-step limit) and the check is exact equality."""
    num_envs = 6
    native = gymkit.make_vec("CartPole-v1", num_envs=num_envs, kinematics_integrator=integrator)
    singles = [
        gymkit.make("CartPole-v1", kinematics_integrator=integrator) for _ in range(num_envs)
    ]
    obs, _ = native.reset(seed=21)
    expected = np.stack([env.reset(seed=21 + i)[0] for i, env in enumerate(singles)])
    np.testing.assert_array_equal(obs, expected)
    pending = [False] * num_envs
    rng = np.random.default_rng(2)
    longest = 0
    for _ in range(700):
        noise = 0.05 * rng.standard_normal(num_envs)
        actions = ((obs[:, 2] + 0.5 * obs[:, 3] + 0.01 * obs[:, 1] + noise) > 0).astype(np.int64)
        obs, rewards, terminations, truncations, _ = native.step(actions)
        for i, env in enumerate(singles):
            if pending[i]:
                single_obs, _ = env.reset()
                assert rewards[i] == 0.0 and not terminations[i] and not truncations[i]
                pending[i] = False
            else:
                single_obs, reward, terminated, truncated, _ = env.step(int(actions[i]))
                assert (rewards[i], terminations[i], truncations[i]) == (
                    reward,
                    terminated,
                    truncated,
                )
                pending[i] = terminated or truncated
            np.testing.assert_array_equal(obs[i], single_obs)
        longest = max(longest, int(native.unwrapped.elapsed_steps.max()))
    assert longest >= 300  # the policy balanced long enough for chaos to show any difference


@pytest.mark.parametrize("mode", ["next_step", "same_step", "disabled"])
def test_native_cartpole_wide_reset_bounds_take_the_cos_branch_per_row(mode):
    """With reset bounds beyond 1 rad some poles start where the single env takes cos(theta)
    itself rather than sqrt(1 - sin**2): the native env must pick the same branch per row."""
    options = {"low": -1.6, "high": 1.6}
    env = gymkit.make_vec(
        "CartPole-v1", num_envs=5, max_episode_steps=6, vector_kwargs={"autoreset_mode": mode}
    )
    fns = [
        functools.partial(gymkit.make, "CartPole-v1", max_episode_steps=6, disable_env_checker=True)
    ] * 5  # the checker would warn about the out-of-bounds starts
    rng = np.random.default_rng(4)
    actions = [rng.integers(0, 2, size=5) for _ in range(20)]
    ends = check_vector_rollout(
        env, fns, seed=9, actions=actions, mode=mode, reset_options=options, rtol=0, atol=0
    )
    assert ends >= 5


def test_native_cartpole_state_assignment_is_used_by_the_next_step():
    env = gymkit.make_vec("CartPole-v1", num_envs=2)
    env.reset(seed=0)
    # rows x, theta, x_dot, theta_dot; sub-env 1 starts at 1.2 rad (the single env's cos branch)
    env.set_attr("state", np.array([[0.1, -0.2], [0.05, 1.2], [0.3, 0.0], [-0.4, 0.5]]))
    obs, *_ = env.step(np.array([1, 0]))
    for i, (x, theta, x_dot, theta_dot) in enumerate(
        [(0.1, 0.05, 0.3, -0.4), (-0.2, 1.2, 0.0, 0.5)]
    ):
        single = gymkit.make("CartPole-v1", disable_env_checker=True)
        single.reset(seed=0)
        single.unwrapped.state = (x, x_dot, theta, theta_dot)
        expected, *_ = single.step(1 - i)
        np.testing.assert_array_equal(obs[i], expected)
    with pytest.raises(ValueError, match="shape"):
        env.set_attr("state", np.zeros((2, 4)))
