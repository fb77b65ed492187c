"""CarRacing-v3 parity with Gymnasium 1.4 (the oracle; run by ``nox -s parity``).

Same seed and same actions must give the same track (checkpoints, tiles, kerbs, colours), the
same Box2D state of the car's five bodies after every step (exact float equality), the same
tyre state, rewards, terminated/truncated flags and info. The observation is drawn differently
(Gymnasium draws a 1000x800 pygame picture and shrinks it), so images are compared by their mean
absolute difference per channel value, required <= 3 grey levels on every step; the measured
figures are printed (``pytest -s``).

Gymnasium needs ~16-30 ms per step here (it draws every observation with pygame), so example
counts are small and each episode is capped at 1000 steps (or ends earlier).
"""

from __future__ import annotations

import warnings
from typing import Any

import gymnasium
import numpy as np
from gymnasium.envs.box2d.car_racing import CarRacing
from hypothesis import given, settings
from hypothesis import strategies as st

import gymkit
from gymkit_box2d.car_racing import CarRacingEnv
from gymkit_box2d.racing_driver import track_follower

MAX_PIXEL_DIFF = 3.0
STEPS = 1000
PIXEL_REPORT: list[float] = []


def _bodies(car: Any) -> list[Any]:
    wheels = [getattr(wheel, "body", wheel) for wheel in car.wheels]
    return [car.hull, *wheels]


def _box2d_state(car: Any) -> list[float]:
    state: list[float] = []
    for body in _bodies(car):
        state += [*body.position, body.angle, *body.linearVelocity, body.angularVelocity]
    for wheel in car.wheels:
        state += [wheel.omega, wheel.phase, wheel.gas, wheel.joint.angle]
    return state


def _pixel_diff(a: np.ndarray, b: np.ndarray) -> float:
    assert a.shape == b.shape == (96, 96, 3) and a.dtype == b.dtype == np.uint8
    return float(np.abs(a.astype(np.int16) - b.astype(np.int16)).mean())


def _assert_same_track(ours: CarRacingEnv, theirs: Any) -> None:
    assert ours.track is not None
    assert [tuple(p) for p in ours.track.points] == [tuple(p) for p in theirs.track]
    tiles = [body.fixtures[0].shape.vertices for body in ours._tile_bodies]
    assert tiles == [body.fixtures[0].shape.vertices for body in theirs.road]
    kerbs = [(quad, rgb) for _, quad, rgb in ours.track.kerbs]
    their_kerbs = [
        ([tuple(map(float, v)) for v in poly], tuple(color))
        for poly, color in theirs.road_poly
        if tuple(color) in ((255, 255, 255), (255, 0, 0))
    ]
    assert [([tuple(map(float, v)) for v in q], c) for q, c in kerbs] == their_kerbs
    for name in ("road_color", "bg_color", "grass_color"):
        assert np.array_equal(getattr(ours, name), getattr(theirs, name)), name


def _run(
    ours: Any, theirs: Any, actions: Any, steps: int = STEPS
) -> tuple[int, bool, dict[str, Any], float]:
    """Step both envs with ``actions(step)`` until termination, truncation or ``steps``;
    assert equality on every step. Returns (steps taken, terminated, last info, mean diff)."""
    ours_env, theirs_env = ours.unwrapped, theirs.unwrapped
    diffs = []
    terminated = truncated = False
    info: dict[str, Any] = {}
    k = 0
    for k in range(1, steps + 1):
        action = actions(k)
        o1, r1, terminated, truncated, info = ours.step(action)
        o2, r2, t2, u2, i2 = theirs.step(action)
        assert _box2d_state(ours_env.car) == _box2d_state(theirs_env.car), f"state, step {k}"
        assert r1 == r2, f"reward at step {k}: {r1} != {r2}"
        assert (terminated, truncated) == (t2, u2), f"flags at step {k}"
        assert info == i2, f"info at step {k}"
        assert ours_env.tile_visited_count == theirs_env.tile_visited_count
        diff = _pixel_diff(o1, o2)
        assert diff <= MAX_PIXEL_DIFF, f"mean pixel difference {diff:.2f} at step {k}"
        diffs.append(diff)
        if terminated or truncated:
            break
    mean = float(np.mean(diffs))
    PIXEL_REPORT.append(mean)
    print(f"\n{k} steps, mean |pixel diff| {mean:.3f} (max per step {max(diffs):.3f})")
    return k, terminated, info, mean


def _pair(**kwargs: Any) -> tuple[CarRacingEnv, CarRacing]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CarRacingEnv(**kwargs), CarRacing(**kwargs)


def _random_actions(seed: int, continuous: bool, gas_p: float, brake_p: float) -> Any:
    rng = np.random.default_rng(seed)

    def action(k: int) -> Any:
        if not continuous:
            return int(rng.choice(5, p=[0.2, 0.15, 0.15, 0.4, 0.1]))
        steer = rng.uniform(-1, 1) if rng.random() < 0.5 else 0.0
        gas = rng.uniform(0, 1) if rng.random() < gas_p else 0.0
        brake = rng.uniform(0, 1) if rng.random() < brake_p else 0.0
        return np.array([steer, gas, brake], dtype=np.float32)

    return action


@settings(max_examples=25)
@given(seed=st.integers(0, 2**31 - 1), randomize=st.booleans())
def test_track_and_colours_match(seed: int, randomize: bool) -> None:
    ours, theirs = _pair(domain_randomize=randomize)
    o1, _ = ours.reset(seed=seed)
    o2, _ = theirs.reset(seed=seed)
    _assert_same_track(ours, theirs)
    assert _box2d_state(ours.car) == _box2d_state(theirs.car)
    assert ours.reward == theirs.reward
    assert _pixel_diff(o1, o2) <= MAX_PIXEL_DIFF


@settings(max_examples=3)
@given(
    seed=st.integers(0, 2**31 - 1),
    action_seed=st.integers(0, 2**31 - 1),
    gas_p=st.floats(0.3, 0.9),
    brake_p=st.floats(0.0, 0.2),
)
def test_continuous_episode_matches(
    seed: int, action_seed: int, gas_p: float, brake_p: float
) -> None:
    ours, theirs = _pair()
    ours.reset(seed=seed)
    theirs.reset(seed=seed)
    _run(ours, theirs, _random_actions(action_seed, True, gas_p, brake_p))


@settings(max_examples=2)
@given(seed=st.integers(0, 2**31 - 1), action_seed=st.integers(0, 2**31 - 1))
def test_discrete_episode_matches(seed: int, action_seed: int) -> None:
    ours, theirs = _pair(continuous=False)
    ours.reset(seed=seed)
    theirs.reset(seed=seed)
    _run(ours, theirs, _random_actions(action_seed, False, 0, 0))


@settings(max_examples=2)
@given(seed=st.integers(0, 2**31 - 1), action_seed=st.integers(0, 2**31 - 1))
def test_domain_randomized_episodes_match(seed: int, action_seed: int) -> None:
    """Colours are drawn in the same order, on reset and with options={"randomize": ...}."""
    ours, theirs = _pair(domain_randomize=True)
    ours.reset(seed=seed)
    theirs.reset(seed=seed)
    _assert_same_track(ours, theirs)
    _run(ours, theirs, _random_actions(action_seed, True, 0.6, 0.05), steps=300)
    for options in ({"randomize": False}, {"randomize": True}, None):
        ours.reset(options=options)
        theirs.reset(options=options)
        _assert_same_track(ours, theirs)
    _run(ours, theirs, _random_actions(action_seed + 1, True, 0.6, 0.05), steps=300)


def test_scripted_driver_completes_the_lap_identically() -> None:
    """The track follower drives both cars round a whole lap: same tile rewards on every
    step, the same lap-completion step and ``info["lap_finished"]``."""
    ours, theirs = _pair()
    ours.reset(seed=3)
    theirs.reset(seed=3)
    drive = track_follower(ours)
    steps, terminated, info, _ = _run(ours, theirs, lambda k: drive(None), steps=2000)
    assert terminated and info == {"lap_finished": True}
    assert ours.tile_visited_count == len(theirs.track)
    print(f"lap finished after {steps} steps, reward {ours.reward:.1f}")


@settings(max_examples=8)
@given(seed=st.integers(0, 2**31 - 1), percent=st.floats(0.001, 0.03))
def test_small_lap_complete_percent_matches(seed: int, percent: float) -> None:
    """The lap check runs when the start tile is first touched, after the tiles touched before
    it in the same step: a tiny ``lap_complete_percent`` may end the episode at once. Both
    envs must agree, which needs Box2D to report the first contacts in the same order."""
    ours, theirs = _pair(lap_complete_percent=percent)
    ours.reset(seed=seed)
    theirs.reset(seed=seed)
    assert ours.tile_visited_count == theirs.tile_visited_count
    assert ours._new_lap == theirs.new_lap
    gas = np.array([0.0, 0.5, 0.0], dtype=np.float32)
    _run(ours, theirs, lambda k: gas, steps=20)


def test_through_make_until_truncation() -> None:
    """``gymkit.make`` against ``gymnasium.make``: same wrappers' outcome, truncated at 1000."""
    ours = gymkit.make("CarRacing-v3")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = gymnasium.make("CarRacing-v3")
    ours.reset(seed=11)
    theirs.reset(seed=11)
    drive = track_follower(ours.unwrapped, cruise=30.0)
    steps, terminated, _, _ = _run(ours, theirs, lambda k: drive(None), steps=1001)
    assert (steps, terminated) == (1000, False)


def test_leaving_the_playfield_matches() -> None:
    """Straight on at full throttle from seed 6's start, both cars leave the playfield on the
    same step: reward -100, terminated, ``lap_finished`` False."""
    ours, theirs = _pair()
    ours.reset(seed=6)
    theirs.reset(seed=6)
    full = np.array([0.0, 1.0, 0.0], dtype=np.float32)
    _, terminated, info, _ = _run(ours, theirs, lambda k: full, steps=STEPS)
    assert terminated and info == {"lap_finished": False}
    x, y = ours.car.hull.position
    assert max(abs(x), abs(y)) > 2000 / 6.0


def test_report_pixel_difference() -> None:
    """Summary of the measured mean absolute pixel differences (runs last in this file)."""
    assert PIXEL_REPORT, "no episode measured"
    print(
        f"\nCarRacing observation vs Gymnasium: mean |pixel diff| over {len(PIXEL_REPORT)} "
        f"episodes {np.mean(PIXEL_REPORT):.3f}, worst episode {max(PIXEL_REPORT):.3f}"
    )
    assert max(PIXEL_REPORT) <= MAX_PIXEL_DIFF
