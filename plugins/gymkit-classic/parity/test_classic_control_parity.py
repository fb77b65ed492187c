"""Classic control: identical states and actions give the reference's next states, rewards and
flags (states and rewards to 1e-9, flags exactly), over Hypothesis-generated cases."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gymkit_classic.classic_control.acrobot import AcrobotEnv
from gymkit_classic.classic_control.cartpole import CartPoleEnv
from gymkit_classic.classic_control.continuous_mountain_car import ContinuousMountainCarEnv
from gymkit_classic.classic_control.mountain_car import MountainCarEnv
from gymkit_classic.classic_control.pendulum import PendulumEnv

ATOL = 1e-9
EXAMPLES = settings(max_examples=400)


def real(low: float, high: float) -> st.SearchStrategy[float]:
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


def f32(low: float, high: float) -> st.SearchStrategy[float]:
    """Reals in ``[low, high]`` rounded to float32 (which may step just outside the range)."""
    return real(low, high).map(lambda value: float(np.float32(value)))


def compare_rollout(
    ours: Any,
    theirs: Any,
    actions: list[Any],
    state_of: Callable[[Any], np.ndarray] = lambda env: np.asarray(env.state, dtype=np.float64),
) -> bool:
    """Step both envs with ``actions`` until one terminates; every output must agree. Returns
    whether the rollout ended by termination."""
    for t, action in enumerate(actions):
        obs, reward, terminated, truncated, info = ours.step(action)
        ref_obs, ref_reward, ref_terminated, ref_truncated, ref_info = theirs.step(action)
        where = f"step {t}, action {action!r}"
        np.testing.assert_allclose(
            state_of(ours), state_of(theirs), rtol=0, atol=ATOL, err_msg=where
        )
        assert obs.dtype == ref_obs.dtype and obs.shape == ref_obs.shape, where
        np.testing.assert_allclose(obs, ref_obs, rtol=0, atol=1e-6, err_msg=where)
        assert abs(float(reward) - float(ref_reward)) <= ATOL, (where, reward, ref_reward)
        assert (terminated, truncated) == (bool(ref_terminated), bool(ref_truncated)), where
        assert info == ref_info, where
        if terminated:
            return True
    return False


def same_spaces(ours: Any, theirs: Any) -> None:
    for mine, ref in (
        (ours.observation_space, theirs.observation_space),
        (ours.action_space, theirs.action_space),
    ):
        if hasattr(ref, "n"):
            assert int(mine.n) == int(ref.n)
        else:
            assert mine.shape == ref.shape and mine.dtype == ref.dtype
            np.testing.assert_array_equal(mine.low, ref.low)
            np.testing.assert_array_equal(mine.high, ref.high)
    assert ours.metadata["render_fps"] == theirs.metadata["render_fps"]


# ---------------------------------------------------------------------------- CartPole
CARTPOLE_STATE = st.tuples(real(-2.4, 2.4), real(-4, 4), real(-0.2095, 0.2095), real(-4, 4))


@EXAMPLES
@given(
    state=CARTPOLE_STATE,
    actions=st.lists(st.sampled_from([0, 1]), min_size=1, max_size=40),
    integrator=st.sampled_from(["euler", "semi-implicit"]),
    sutton_barto=st.booleans(),
)
def test_cartpole(
    oracle: Any, state: tuple, actions: list, integrator: str, sutton_barto: bool
) -> None:
    ours = CartPoleEnv(kinematics_integrator=integrator, sutton_barto_reward=sutton_barto)
    theirs = oracle(
        "CartPole-v1", kinematics_integrator=integrator, _sutton_barto_reward=sutton_barto
    )
    ours.reset(seed=0)
    theirs.reset(seed=0)
    ours.state = state
    theirs.state = np.array(state, dtype=np.float64)
    compare_rollout(ours, theirs, actions)


def test_cartpole_after_termination(oracle: Any) -> None:
    ours, theirs = CartPoleEnv(), oracle("CartPole-v1")
    ours.reset(seed=0)
    theirs.reset(seed=0)
    ours.state = (2.39, 1.0, 0.0, 0.0)
    theirs.state = np.array(ours.state)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(3):
            mine, ref = ours.step(1), theirs.step(1)
            assert mine[1:4] == (ref[1], ref[2], ref[3])


# ---------------------------------------------------------------------------- MountainCar
@EXAMPLES
@given(
    state=st.tuples(real(-1.2, 0.6), real(-0.07, 0.07)),
    actions=st.lists(st.sampled_from([0, 1, 2]), min_size=1, max_size=40),
    goal_velocity=st.sampled_from([0.0, 0.01]),
)
def test_mountain_car(oracle: Any, state: tuple, actions: list, goal_velocity: float) -> None:
    ours = MountainCarEnv(goal_velocity=goal_velocity)
    theirs = oracle("MountainCar-v0", goal_velocity=goal_velocity)
    ours.reset(seed=0)
    theirs.reset(seed=0)
    ours.state = state
    theirs.state = np.array(state, dtype=np.float64)
    compare_rollout(ours, theirs, actions)


@EXAMPLES
@given(
    state=st.tuples(f32(-1.2, 0.6), f32(-0.07, 0.07)),
    actions=st.lists(f32(-1.5, 1.5), min_size=1, max_size=40),
)
def test_continuous_mountain_car(oracle: Any, state: tuple, actions: list) -> None:
    ours, theirs = ContinuousMountainCarEnv(), oracle("MountainCarContinuous-v0")
    ours.reset(seed=0)
    theirs.reset(seed=0)
    ours.state = np.array(state, dtype=np.float32)
    theirs.state = np.array(state, dtype=np.float32)
    compare_rollout(ours, theirs, [np.array([a], dtype=np.float32) for a in actions])


@EXAMPLES
@given(seed=st.integers(0, 2**32 - 1), actions=st.lists(f32(-1, 1), min_size=1, max_size=20))
def test_continuous_mountain_car_from_reset(oracle: Any, seed: int, actions: list) -> None:
    ours, theirs = ContinuousMountainCarEnv(), oracle("MountainCarContinuous-v0")
    obs, _ = ours.reset(seed=seed)
    ref_obs, _ = theirs.reset(seed=seed)
    np.testing.assert_array_equal(obs, ref_obs)
    compare_rollout(ours, theirs, [np.array([a], dtype=np.float32) for a in actions])


# ---------------------------------------------------------------------------- Acrobot
ACROBOT_STATE = st.tuples(
    real(-math.pi, math.pi),
    real(-math.pi, math.pi),
    real(-4 * math.pi, 4 * math.pi),
    real(-9 * math.pi, 9 * math.pi),
)


#: Acrobot-v1's registered time limit: a rollout may run a whole episode.
ACROBOT_LIMIT = 500


def pump(env: Any) -> int:
    """Torque along the second joint's velocity: pumps energy in, so Acrobot swings up and
    terminates within ~65-125 steps from a reset (random actions almost never do)."""
    return 2 if env.state[3] > 0 else 0


def compare_policy_rollout(
    ours: Any, theirs: Any, policy: Callable[[Any], Any], max_steps: int
) -> tuple[int, bool]:
    """Step both envs with ``policy(ours)`` (the same action to both) until termination or
    ``max_steps``; every output must agree. Returns (steps taken, terminated)."""
    for t in range(max_steps):
        if compare_rollout(ours, theirs, [policy(ours)]):
            return t + 1, True
    return max_steps, False


@settings(max_examples=60)
@given(
    state=ACROBOT_STATE,
    rule=st.sampled_from(["pump", "random"]),
    action_seed=st.integers(0, 2**32 - 1),
    book_or_nips=st.sampled_from(["book", "nips"]),
)
def test_acrobot(oracle: Any, state: tuple, rule: str, action_seed: int, book_or_nips: str) -> None:
    """Whole episodes (to termination, or the 500-step limit) from arbitrary states."""
    ours = AcrobotEnv(book_or_nips=book_or_nips)
    theirs = oracle("Acrobot-v1", book_or_nips=book_or_nips)
    ours.reset(seed=0)
    theirs.reset(seed=0)
    ours.state = state
    theirs.state = np.array(state, dtype=np.float64)
    rng = np.random.default_rng(action_seed)
    policy = pump if rule == "pump" else (lambda env: int(rng.integers(3)))
    compare_policy_rollout(ours, theirs, policy, ACROBOT_LIMIT)


@settings(max_examples=30)
@given(seed=st.integers(0, 2**32 - 1), book_or_nips=st.sampled_from(["book", "nips"]))
def test_acrobot_reaches_termination_from_reset(oracle: Any, seed: int, book_or_nips: str) -> None:
    ours = AcrobotEnv(book_or_nips=book_or_nips)
    theirs = oracle("Acrobot-v1", book_or_nips=book_or_nips)
    obs, _ = ours.reset(seed=seed)
    np.testing.assert_array_equal(obs, theirs.reset(seed=seed)[0])
    steps, terminated = compare_policy_rollout(ours, theirs, pump, ACROBOT_LIMIT)
    assert terminated, f"the swing-up did not terminate within {steps} steps (seed {seed})"


@settings(max_examples=30)
@given(seed=st.integers(0, 2**32 - 1), rule=st.sampled_from(["pump", "random"]))
def test_acrobot_torque_noise_from_reset(oracle: Any, seed: int, rule: str) -> None:
    ours = AcrobotEnv(torque_noise_max=0.3)
    theirs = oracle("Acrobot-v1", torque_noise_max=0.3)
    obs, _ = ours.reset(seed=seed)
    ref_obs, _ = theirs.reset(seed=seed)
    np.testing.assert_array_equal(obs, ref_obs)
    rng = np.random.default_rng(seed)
    policy = pump if rule == "pump" else (lambda env: int(rng.integers(3)))
    compare_policy_rollout(ours, theirs, policy, ACROBOT_LIMIT)


# ---------------------------------------------------------------------------- Pendulum
@EXAMPLES
@given(
    state=st.tuples(real(-20, 20), real(-8, 8)),
    actions=st.lists(f32(-3, 3), min_size=1, max_size=40),
    g=st.sampled_from([10.0, 9.81, 0.0, 3.7]),
)
def test_pendulum(oracle: Any, state: tuple, actions: list, g: float) -> None:
    ours = PendulumEnv(g=g)
    theirs = oracle("Pendulum-v1", g=g)
    ours.reset(seed=0)
    theirs.reset(seed=0)
    ours.state = state
    theirs.state = np.array(state, dtype=np.float64)
    compare_rollout(ours, theirs, [np.array([a], dtype=np.float32) for a in actions])


# ---------------------------------------------------------------------------- resets, spaces
CASES = [
    (CartPoleEnv, "CartPole-v1", {"low": -0.2, "high": 0.3}),
    (MountainCarEnv, "MountainCar-v0", {"low": -1.0, "high": -0.2}),
    (ContinuousMountainCarEnv, "MountainCarContinuous-v0", {"low": -0.9, "high": -0.1}),
    (AcrobotEnv, "Acrobot-v1", {"low": -0.5, "high": 0.5}),
    (PendulumEnv, "Pendulum-v1", {"x_init": 1.0, "y_init": 0.5}),
]


@pytest.mark.parametrize(("env_class", "env_id", "options"), CASES)
@settings(max_examples=40)
@given(seed=st.integers(0, 2**32 - 1), use_options=st.booleans())
def test_reset_draws_the_same_state(
    oracle: Any, env_class: type, env_id: str, options: dict, seed: int, use_options: bool
) -> None:
    ours, theirs = env_class(), oracle(env_id)
    chosen = options if use_options else None
    obs, info = ours.reset(seed=seed, options=chosen)
    ref_obs, ref_info = theirs.reset(seed=seed, options=chosen)
    np.testing.assert_array_equal(obs, ref_obs)
    assert obs.dtype == ref_obs.dtype and info == ref_info
    np.testing.assert_array_equal(
        np.asarray(ours.state, dtype=np.float64), np.asarray(theirs.state, dtype=np.float64)
    )


@pytest.mark.parametrize(("env_class", "env_id", "options"), CASES)
def test_spaces_match(oracle: Any, env_class: type, env_id: str, options: dict) -> None:
    same_spaces(env_class(), oracle(env_id))


def test_registered_limits_match() -> None:
    import gymnasium

    import gymkit

    for _, env_id, _ in [*CASES, (None, "CartPole-v0", None)]:
        mine, ref = gymkit.spec(env_id), gymnasium.spec(env_id)
        assert mine.max_episode_steps == ref.max_episode_steps, env_id
        assert mine.reward_threshold == ref.reward_threshold, env_id
