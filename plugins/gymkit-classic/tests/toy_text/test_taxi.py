"""Taxi: state encoding, penalties for illegal pickup and dropoff, delivery, walls, the action
mask and the start distribution."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gymkit.error import InvalidAction
from gymkit_classic.toy_text.taxi import LOCS, TaxiEnv, decode, encode

SOUTH, NORTH, EAST, WEST, PICKUP, DROPOFF = range(6)
R, G, Y, B, IN_TAXI = range(5)


@pytest.fixture(scope="module")
def env() -> TaxiEnv:
    env = TaxiEnv()
    env.reset(seed=0)
    return env


def step_from(env: TaxiEnv, state: int, action: int) -> tuple:
    env.s = state
    return env.step(action)


@given(
    row=st.integers(0, 4),
    col=st.integers(0, 4),
    passenger=st.integers(0, 4),
    dest=st.integers(0, 3),
)
def test_encode_decode_round_trip(row: int, col: int, passenger: int, dest: int) -> None:
    state = encode(row, col, passenger, dest)
    assert 0 <= state < 500
    assert decode(state) == (row, col, passenger, dest)


def test_encoding_covers_500_states() -> None:
    states = {
        encode(r, c, p, d) for r in range(5) for c in range(5) for p in range(5) for d in range(4)
    }
    assert states == set(range(500))


def test_illegal_pickup_costs_ten(env: TaxiEnv) -> None:
    # passenger waits at R, taxi at G: nobody to pick up
    state = encode(0, 4, R, B)
    next_state, reward, terminated, truncated, info = step_from(env, state, PICKUP)
    assert (next_state, reward, terminated, truncated) == (state, -10.0, False, False)
    assert info["prob"] == 1.0
    # passenger already aboard: picking up again is illegal too
    aboard = encode(2, 2, IN_TAXI, B)
    assert step_from(env, aboard, PICKUP)[:3] == (aboard, -10.0, False)


def test_legal_pickup_costs_one(env: TaxiEnv) -> None:
    state = encode(4, 0, Y, G)
    assert step_from(env, state, PICKUP)[:3] == (encode(4, 0, IN_TAXI, G), -1.0, False)


def test_illegal_dropoff_costs_ten(env: TaxiEnv) -> None:
    # no passenger aboard, at a station
    state = encode(0, 0, Y, G)
    assert step_from(env, state, DROPOFF)[:3] == (state, -10.0, False)
    # passenger aboard, but not at any station
    state = encode(2, 2, IN_TAXI, G)
    assert step_from(env, state, DROPOFF)[:3] == (state, -10.0, False)


def test_dropoff_at_another_station_leaves_passenger_there(env: TaxiEnv) -> None:
    state = encode(4, 3, IN_TAXI, R)  # at B, destination R
    assert step_from(env, state, DROPOFF)[:3] == (encode(4, 3, B, R), -1.0, False)


def test_delivery_earns_twenty_and_terminates(env: TaxiEnv) -> None:
    state = encode(0, 4, IN_TAXI, G)
    assert step_from(env, state, DROPOFF)[:3] == (encode(0, 4, G, G), 20.0, True)


def test_moves_cost_one_and_walls_block(env: TaxiEnv) -> None:
    assert step_from(env, encode(2, 2, R, G), NORTH)[:3] == (encode(1, 2, R, G), -1.0, False)
    assert step_from(env, encode(2, 2, R, G), SOUTH)[0] == encode(3, 2, R, G)
    assert step_from(env, encode(2, 2, R, G), EAST)[0] == encode(2, 3, R, G)
    assert step_from(env, encode(2, 2, R, G), WEST)[0] == encode(2, 1, R, G)
    # the walls of the map: between columns 1|2 in rows 0-1, 0|1 and 2|3 in rows 3-4
    for row, col, action in [
        (0, 1, EAST),
        (1, 2, WEST),
        (3, 0, EAST),
        (4, 1, WEST),
        (3, 2, EAST),
        (4, 3, WEST),
    ]:
        state = encode(row, col, R, G)
        assert step_from(env, state, action)[:2] == (state, -1.0), (row, col, action)
    # the border
    assert step_from(env, encode(0, 0, R, G), NORTH)[0] == encode(0, 0, R, G)
    assert step_from(env, encode(4, 4, R, G), SOUTH)[0] == encode(4, 4, R, G)
    assert step_from(env, encode(2, 4, R, G), EAST)[0] == encode(2, 4, R, G)
    assert step_from(env, encode(2, 0, R, G), WEST)[0] == encode(2, 0, R, G)


def test_action_mask_marks_exactly_the_actions_that_change_the_state(env: TaxiEnv) -> None:
    for state in range(500):
        mask = env.action_mask(state)
        assert mask.dtype == np.int8 and mask.shape == (6,)
        for action in range(6):
            ((_, next_state, reward, _),) = env.P[state][action]
            assert mask[action] == (next_state != state), (decode(state), action)
            if action in (PICKUP, DROPOFF):
                assert mask[action] == (reward != -10.0)


def test_info_carries_a_fresh_mask(env: TaxiEnv) -> None:
    _, info = env.reset(seed=5)
    assert set(info) == {"prob", "action_mask"}
    np.testing.assert_array_equal(info["action_mask"], env.action_mask(env.s))
    info["action_mask"][:] = 0  # the caller's copy, not the env's table
    assert env.action_mask(env.s).any()
    _, _, _, _, info = env.step(SOUTH)
    np.testing.assert_array_equal(info["action_mask"], env.action_mask(env.s))


def test_start_distribution() -> None:
    env = TaxiEnv()
    starts = set()
    for seed in range(3000):
        state, _ = env.reset(seed=seed)
        _row, _col, passenger, dest = decode(state)
        assert passenger < 4 and passenger != dest
        starts.add(state)
    assert len(starts) > 280  # 300 equally likely states
    isd = env.initial_state_distrib
    assert np.count_nonzero(isd) == 300 and isd.sum() == pytest.approx(1.0)


def test_locations_and_spaces(env: TaxiEnv) -> None:
    assert LOCS == [(0, 0), (0, 4), (4, 0), (4, 3)]
    assert env.observation_space.n == 500 and env.action_space.n == 6
    assert env.desc.shape == (7, 11)


def test_seeding_is_deterministic() -> None:
    def rollout(seed: int) -> list:
        env = TaxiEnv()
        out = [env.reset(seed=seed)[0]]
        rng = np.random.default_rng(seed)
        for _ in range(50):
            out.append(env.step(int(rng.integers(6)))[:3])
        return out

    assert rollout(11) == rollout(11)


def test_bad_actions(env: TaxiEnv) -> None:
    env.reset(seed=0)
    for bad in (6, -1, 2.0, "x"):
        with pytest.raises(InvalidAction, match="TaxiEnv"):
            env.step(bad)  # type: ignore[arg-type]
