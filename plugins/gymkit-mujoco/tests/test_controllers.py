"""Physics sanity controllers: classical control, with gains derived from the models themselves,
solves the balance and reaching tasks through ``gymkit.make``.

- InvertedPendulum-v5 and InvertedDoublePendulum-v5: a discrete-time LQR on the linearisation
  of one env step (``frame_skip`` MuJoCo steps) about the upright rest state, keeps the poles up
  for the whole 1000-step episode over several seeds. MuJoCo's ``mjd_transitionFD`` does not
  support the RK4 integrator these models use, so the linearisation is taken by central
  differences of the env step itself on a scratch ``MjData``.
- Reacher-v5: a Jacobian controller -- damped Gauss-Newton inverse kinematics on the fingertip's
  Jacobian (``mj_jacBody``) gives the joint angles that put the fingertip on the target, and a
  computed-torque PD (the model's mass matrix, bias forces and joint damping) drives the arm
  there: the fingertip is within 0.01 of the target within 50 steps.
"""

from __future__ import annotations

from typing import Any

import mujoco
import numpy as np
import pytest

import gymkit

SEEDS = range(5)


# --------------------------------------------------------------------------- LQR balancing
def step_linearisation(env: Any, eps: float = 1e-6) -> tuple[np.ndarray, np.ndarray]:
    """``(A, B)`` of ``x' = A x + B u`` for one env step about ``x = 0, u = 0``, where
    ``x = (qpos, qvel)``: central differences of ``frame_skip`` MuJoCo steps."""
    model = env.model
    scratch = mujoco.MjData(model)
    nv, nu = model.nv, model.nu

    def advance(state: np.ndarray, ctrl: np.ndarray) -> np.ndarray:
        mujoco.mj_resetData(model, scratch)
        scratch.qpos[:] = state[:nv]
        scratch.qvel[:] = state[nv:]
        scratch.ctrl[:] = ctrl
        mujoco.mj_step(model, scratch, nstep=env.frame_skip)
        return np.concatenate((scratch.qpos, scratch.qvel))

    x0, u0 = np.zeros(2 * nv), np.zeros(nu)
    a = np.column_stack(
        [
            (advance(x0 + eps * e, u0) - advance(x0 - eps * e, u0)) / (2 * eps)
            for e in np.eye(2 * nv)
        ]
    )
    b = np.column_stack(
        [(advance(x0, u0 + eps * e) - advance(x0, u0 - eps * e)) / (2 * eps) for e in np.eye(nu)]
    )
    return a, b


def lqr_gain(a: np.ndarray, b: np.ndarray, iterations: int = 3000) -> np.ndarray:
    """The infinite-horizon discrete LQR gain ``K`` (``u = -K x``) for unit state and control
    weights, by iterating the Riccati recursion to its fixed point."""
    q, r = np.eye(a.shape[0]), np.eye(b.shape[1])
    p = q.copy()
    for _ in range(iterations):
        k = np.linalg.solve(r + b.T @ p @ b, b.T @ p @ a)
        p_next = q + a.T @ p @ (a - b @ k)
        if np.allclose(p_next, p, rtol=1e-12, atol=1e-12):
            break
        p = p_next
    return np.linalg.solve(r + b.T @ p @ b, b.T @ p @ a)


def pendulum_state(obs: np.ndarray) -> np.ndarray:
    """InvertedPendulum's observation is its state ``(x, angle, x_dot, angle_dot)``."""
    return obs


def double_pendulum_state(obs: np.ndarray) -> np.ndarray:
    """``(x, angle1, angle2, velocities)`` from the observation's sines and cosines."""
    angles = np.arctan2(obs[1:3], obs[3:5])
    return np.concatenate((obs[:1], angles, obs[5:8]))


def balance(env_id: str, seed: int, state_of: Any) -> tuple[int, bool]:
    """Run one episode under LQR; return ``(steps survived, truncated by the time limit)``."""
    env = gymkit.make(env_id)
    bare = env.unwrapped
    gain = lqr_gain(*step_linearisation(bare))
    low, high = env.action_space.low, env.action_space.high
    obs, _ = env.reset(seed=seed)
    steps = 0
    while True:
        action = np.clip(-gain @ state_of(obs), low, high).astype(np.float32)
        obs, _, terminated, truncated, _ = env.step(action)
        steps += 1
        if terminated or truncated:
            return steps, truncated and not terminated


def test_the_linearised_pendulum_is_unstable_and_lqr_stabilises_it() -> None:
    bare = gymkit.make("InvertedPendulum-v5").unwrapped
    a, b = step_linearisation(bare)
    assert np.abs(np.linalg.eigvals(a)).max() > 1  # the upright is unstable open-loop
    closed = a - b @ lqr_gain(a, b)
    assert np.abs(np.linalg.eigvals(closed)).max() < 1


@pytest.mark.parametrize("seed", SEEDS)
def test_lqr_keeps_the_inverted_pendulum_up(seed: int) -> None:
    steps, survived = balance("InvertedPendulum-v5", seed, pendulum_state)
    assert survived and steps == 1000


@pytest.mark.parametrize("seed", SEEDS)
def test_lqr_keeps_the_inverted_double_pendulum_up(seed: int) -> None:
    steps, survived = balance("InvertedDoublePendulum-v5", seed, double_pendulum_state)
    # the requirement is >= 500 steps; the controller holds the whole 1000-step episode
    assert steps >= 500
    assert survived and steps == 1000


def test_without_control_the_poles_fall() -> None:
    for env_id in ("InvertedPendulum-v5", "InvertedDoublePendulum-v5"):
        env = gymkit.make(env_id)
        env.reset(seed=0)
        zero = np.zeros(env.action_space.shape, np.float32)
        assert any(env.step(zero)[2] for _ in range(200))


# --------------------------------------------------------------------------- Jacobian reaching
def reach_angles(model: mujoco.MjModel, start: np.ndarray, goal: np.ndarray) -> np.ndarray:
    """Arm angles that put the fingertip on ``goal`` (x, y): damped Gauss-Newton steps on the
    fingertip's position Jacobian, from ``start`` with the elbow bent off the straight-arm
    singularity, each step at most 0.3 rad long; the shoulder angle is then taken within half a
    turn of where it starts."""
    scratch = mujoco.MjData(model)
    tip = model.body("fingertip").id
    jacp = np.zeros((3, model.nv))
    limit = model.jnt_range[1, 1] - 0.1
    q = start.copy()
    if abs(q[1]) < 0.5:
        q[1] = 0.5 if q[1] >= 0 else -0.5
    for _ in range(200):
        scratch.qpos[:2] = q
        mujoco.mj_kinematics(model, scratch)
        mujoco.mj_comPos(model, scratch)
        error = goal - scratch.xpos[tip][:2]
        if np.linalg.norm(error) < 1e-7:
            break
        mujoco.mj_jacBody(model, scratch, jacp, None, tip)
        jac = jacp[:2, :2]
        step = np.linalg.solve(jac.T @ jac + 1e-4 * np.eye(2), jac.T @ error)
        length = np.linalg.norm(step)
        if length > 0.3:
            step *= 0.3 / length
        q = q + step
        q[1] = np.clip(q[1], -limit, limit)
    q[0] = start[0] + (q[0] - start[0] + np.pi) % (2 * np.pi) - np.pi
    return q


def computed_torque(env: Any, q_goal: np.ndarray, natural_frequency: float = 12.0) -> np.ndarray:
    """Controls giving the arm the critically damped acceleration towards ``q_goal``: the mass
    matrix times the PD acceleration, plus the bias forces and the joints' damping, over gear."""
    model, data = env.model, env.data
    mass = np.zeros((model.nv, model.nv))
    mujoco.mj_fullM(model, data, mass)
    q, qdot = data.qpos[:2], data.qvel[:2]
    w = natural_frequency
    accel = w * w * (q_goal - q) - 2 * w * qdot
    torque = mass[:2, :2] @ accel + data.qfrc_bias[:2] + model.dof_damping[:2] * qdot
    return torque / model.actuator_gear[:, 0]


@pytest.mark.parametrize("seed", range(12))
def test_jacobian_controller_reaches_the_target(seed: int) -> None:
    env = gymkit.make("Reacher-v5")
    bare = env.unwrapped
    obs, _ = env.reset(seed=seed)
    goal = obs[4:6]  # the target's slide positions are its (x, y) on the table
    q_goal = reach_angles(bare.model, bare.data.qpos[:2].copy(), goal)
    low, high = env.action_space.low, env.action_space.high
    distances = []
    for _ in range(50):
        action = np.clip(computed_torque(bare, q_goal), low, high).astype(np.float32)
        obs, _, _, truncated, info = env.step(action)
        distances.append(-info["reward_dist"])
        # the observation's fingertip-to-target vector agrees with the reward's distance
        assert np.hypot(*obs[8:10]) == pytest.approx(distances[-1], abs=1e-12)
    assert truncated  # the 50-step episode ran to its end
    assert min(distances) < 0.01
    assert distances[-1] < 0.01  # and it stays there
