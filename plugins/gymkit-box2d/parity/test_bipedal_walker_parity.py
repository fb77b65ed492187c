"""BipedalWalker-v3 and BipedalWalkerHardcore-v3 against Gymnasium 1.4 (the test oracle).

Same seed and same actions must give the same terrain, clouds, Box2D state of every body,
observations, rewards and flags, exactly (the same float operations in the same order; the lidar
is computed differently but bit for bit as Box2D computes it). Actions are the scripted gait plus
Hypothesis-chosen noise, so episodes last; after a termination both envs keep stepping (the
physics goes on with the hull on the ground) until 1000 steps are compared. float32 actions go
through ``gymkit.make`` and ``gymnasium.make``; float64 actions (outside gymkit's checked action
space, but accepted by the bare env as by Gymnasium's) through the bare envs.
"""

from __future__ import annotations

import gymnasium
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gymkit

STEPS = 1000


def _bodies(env: object) -> list[tuple[float, ...]]:
    """Position, angle and velocities of the hull and the four leg parts."""
    return [
        (*body.position, body.angle, *body.linearVelocity, body.angularVelocity)
        for body in [env.hull, *env.legs]
    ]


def _terrain(env: object) -> tuple:
    obstacles = []
    for body in env.terrain:
        for fixture in body.fixtures:
            obstacles.append(tuple(tuple(v) for v in fixture.shape.vertices))
    clouds = [(tuple(poly), x1, x2) for poly, x1, x2 in env.cloud_poly]
    return tuple(env.terrain_x), tuple(env.terrain_y), tuple(obstacles), tuple(clouds)


@pytest.mark.parametrize("env_id", ["BipedalWalker-v3", "BipedalWalkerHardcore-v3"])
@settings(max_examples=5)
@given(
    seed=st.integers(0, 2**31 - 1),
    noise_seed=st.integers(0, 2**32 - 1),
    noise=st.sampled_from([0.0, 0.05, 0.2]),
    float64=st.booleans(),
)
def test_same_seed_and_actions_give_the_same_episode(
    env_id: str, seed: int, noise_seed: int, noise: float, float64: bool
) -> None:
    ours = gymkit.make(env_id)
    theirs = gymnasium.make(env_id)
    obs, info = ours.reset(seed=seed)
    expected_obs, expected_info = theirs.reset(seed=seed)
    walker, oracle = ours.unwrapped, theirs.unwrapped
    assert _terrain(walker) == _terrain(oracle)
    assert np.array_equal(obs, expected_obs) and info == expected_info
    assert _bodies(walker) == _bodies(oracle)

    policy = ours.get_wrapper_attr("heuristic_policy")()
    rng = np.random.default_rng(noise_seed)
    live = True  # step through the wrappers until the episode ends, then the bare envs
    for step in range(STEPS):
        action = policy(obs) + rng.normal(0.0, noise, 4).astype(np.float32)
        action = np.clip(action, -1.0, 1.0)
        if float64:  # Gymnasium's reward arithmetic follows the action's dtype; ours too
            action = action.astype(np.float64)
        if live and not float64:  # gymkit's make() accepts only actions of the space's dtype
            result, expected = ours.step(action), theirs.step(action)
        else:
            result, expected = walker.step(action), oracle.step(action)
        obs = result[0]
        assert np.array_equal(obs, expected[0]), f"observation differs at step {step}"
        assert result[1] == expected[1], f"reward differs at step {step}"
        assert result[2:] == expected[2:], f"flags or info differ at step {step}"
        assert _bodies(walker) == _bodies(oracle), f"body state differs at step {step}"
        assert walker.game_over == oracle.game_over
        if live and (result[2] or result[3]):
            live = False
    ours.close()
    theirs.close()


@pytest.mark.parametrize("hardcore", [False, True])
def test_every_episode_matches_a_fresh_gymnasium_env(hardcore: bool) -> None:
    """Gymnasium reuses its Box2D world across resets, so its later episodes depend on the earlier
    ones (the broad phase hands out proxies in a history-dependent order). gymkit starts each
    episode in a fresh world: every episode equals the one a freshly made Gymnasium env plays."""
    ours = gymkit.make("BipedalWalker-v3", hardcore=hardcore).unwrapped
    rng = np.random.default_rng(3)
    for seed in (1, 2, 1):
        theirs = gymnasium.make("BipedalWalker-v3", hardcore=hardcore).unwrapped
        obs, expected = ours.reset(seed=seed), theirs.reset(seed=seed)
        assert np.array_equal(obs[0], expected[0])
        for _ in range(150):
            action = rng.uniform(-1, 1, 4).astype(np.float32)
            result, wanted = ours.step(action), theirs.step(action)
            assert np.array_equal(result[0], wanted[0]) and result[1:] == wanted[1:]
        assert _bodies(ours) == _bodies(theirs)


@pytest.mark.parametrize("hardcore", [False, True])
def test_frames_look_like_gymnasiums(hardcore: bool) -> None:
    """The same scene, colours and scrolling view: mean absolute pixel difference ≤ 3 grey
    levels (measured ~0.3-1.0; edges are anti-aliased differently by pygame and Pillow)."""
    ours = gymkit.make("BipedalWalker-v3", hardcore=hardcore, render_mode="rgb_array")
    theirs = gymnasium.make("BipedalWalker-v3", hardcore=hardcore, render_mode="rgb_array")
    obs = theirs.reset(seed=4)[0]
    ours.reset(seed=4)
    policy = ours.get_wrapper_attr("heuristic_policy")()
    for step in range(240):
        action = policy(obs)
        obs = theirs.step(action)[0]
        ours.step(action)
        if step % 40 == 0:
            frame, expected = ours.render(), theirs.render()
            assert frame.shape == expected.shape == (400, 600, 3)
            difference = np.abs(frame.astype(np.int16) - expected.astype(np.int16)).mean()
            assert difference <= 3.0, f"frames differ by {difference:.2f} grey levels"
