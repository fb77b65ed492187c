"""LunarLander parity with Gymnasium 1.4 (the oracle): same seed and same actions give the same
terrain, the same Box2D state of the lander and its legs, the same observations, rewards and
flags — exactly, bit for bit, for every option set.

Actions come from a mix of the heuristic pilot (so that episodes last, land, touch down with
both legs and come to rest) and random actions (so that they also crash and fly off), the mix
and its random stream chosen by Hypothesis. Each example runs 1000 steps through
``gymkit.make`` and ``gymnasium.make``, resetting (unseeded, so the generators carry on) after
every episode.
"""

from __future__ import annotations

import warnings
from typing import Any

import gymnasium
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gymkit
from gymkit_box2d.lunar_lander import LanderPilot

STEPS = 1000

OPTION_SETS = {
    "default": {},
    "continuous": {"continuous": True},
    "wind": {"enable_wind": True},
    "wind-continuous": {"continuous": True, "enable_wind": True, "wind_power": 20.0},
    "gravity": {"gravity": -4.5, "turbulence_power": 0.5, "enable_wind": True, "wind_power": 3},
    "gravity-continuous": {"continuous": True, "gravity": -11.9},
}


def _pair(options: dict[str, Any], render_mode: str | None = None) -> tuple[Any, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = gymnasium.make("LunarLander-v3", render_mode=render_mode, **options)
        ours = gymkit.make("LunarLander-v3", render_mode=render_mode, **options)
    return ours, theirs


def _bodies(env: Any) -> list[tuple[float, ...]]:
    """Position, angle and velocities of the lander and both legs, as Box2D holds them."""
    base = env.unwrapped
    state = []
    for body in (base.lander, *base.legs):
        state.append(
            (
                *body.position,
                body.angle,
                *body.linearVelocity,
                body.angularVelocity,
                float(body.awake),
            )
        )
    return state


def _terrain(env: Any) -> list[tuple[float, ...]]:
    base = env.unwrapped
    edges = [tuple(v for vertex in f.shape.vertices for v in vertex) for f in base.moon.fixtures]
    return [*edges, (base.helipad_x1, base.helipad_x2, base.helipad_y)]


def _actions(options: dict[str, Any], mix: float, stream: int) -> Any:
    """A policy: the pilot with probability ``mix``, else a random action."""
    continuous = bool(options.get("continuous"))
    rng = np.random.default_rng(stream)
    state = {"pilot": LanderPilot(continuous)}

    def act(observation: np.ndarray) -> Any:
        if rng.random() < mix:
            return state["pilot"](observation)
        if continuous:
            return rng.uniform(-1.0, 1.0, size=2).astype(np.float32)
        return int(rng.integers(4))

    return act


def _compare(
    options: dict[str, Any], seed: int, mix: float, stream: int, render_mode: str | None = None
) -> dict[str, int]:
    """Run both envs ``STEPS`` steps; assert equality everywhere; count the outcomes."""
    ours, theirs = _pair(options, render_mode)
    act = _actions(options, mix, stream)
    outcomes = {"landed": 0, "crashed": 0, "truncated": 0, "two legs down": 0}
    done = False
    try:
        obs, _ = ours.reset(seed=seed)
        expected, _ = theirs.reset(seed=seed)
        for step in range(STEPS):
            where = f"{options} seed={seed} mix={mix} stream={stream} step {step}"
            assert obs.dtype == expected.dtype and obs.tobytes() == expected.tobytes(), (
                f"{where}: observation {obs} != {expected}"
            )
            assert _bodies(ours) == _bodies(theirs), where
            if step == 0 or done:
                assert _terrain(ours) == _terrain(theirs), where
            action = act(obs)
            obs, reward, terminated, truncated, _ = ours.step(action)
            expected, expected_reward, t_terminated, t_truncated, _ = theirs.step(action)
            if render_mode is not None:
                assert ours.render().shape == theirs.render().shape == (400, 600, 3)
            assert float(reward) == float(expected_reward), f"{where}: reward"
            assert (terminated, truncated) == (t_terminated, t_truncated), f"{where}: flags"
            outcomes["two legs down"] += bool(obs[6] and obs[7])
            done = terminated or truncated
            if done:
                if truncated:
                    outcomes["truncated"] += 1
                elif reward == 100:
                    outcomes["landed"] += 1
                else:
                    outcomes["crashed"] += 1
                obs, _ = ours.reset()
                expected, _ = theirs.reset()
                act = _actions(options, mix, stream + step + 1)
    finally:
        ours.close()
        theirs.close()
    return outcomes


@pytest.mark.parametrize("name", sorted(OPTION_SETS))
@settings(max_examples=4)
@given(
    seed=st.integers(0, 2**32 - 1),
    mix=st.sampled_from([1.0, 0.97, 0.9, 0.6, 0.0]),
    stream=st.integers(0, 2**32 - 1),
)
def test_same_seed_and_actions_give_identical_trajectories(
    name: str, seed: int, mix: float, stream: int
) -> None:
    _compare(OPTION_SETS[name], seed, mix, stream)


@pytest.mark.parametrize("name", ["default", "continuous", "wind"])
def test_the_pilot_lands_identically(name: str) -> None:
    """Whole landings: touch-down on both legs, coming to rest (+100) and the next episodes."""
    outcomes = _compare(OPTION_SETS[name], seed=7, mix=1.0, stream=0)
    assert outcomes["landed"] >= 2 and outcomes["two legs down"] > 50, outcomes


@settings(max_examples=3)
@given(seed=st.integers(0, 2**32 - 1), continuous=st.booleans())
def test_rendering_leaves_the_dynamics_identical(seed: int, continuous: bool) -> None:
    """With a render mode Gymnasium adds a Box2D body per engine flame; they only meet the
    ground, so the lander's trajectory is the same as ours (which draws flames as points)."""
    _compare({"continuous": continuous}, seed, 0.95, seed, render_mode="rgb_array")
