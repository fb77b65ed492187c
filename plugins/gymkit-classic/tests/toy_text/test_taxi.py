"""Taxi: state encoding, penalties for illegal pickup and dropoff, delivery, walls, the action
mask and the start distribution; the ``is_rainy`` and ``fickle_passenger`` options."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gymkit.error import InvalidAction, InvalidEnvKwargs
from gymkit_classic.toy_text.taxi import (
    FICKLE_PROBABILITY,
    LOCS,
    RAINY_PROBABILITY,
    TaxiEnv,
    decode,
    encode,
)

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


# ---------------------------------------------------------------------------- is_rainy
SLIP = (1.0 - RAINY_PROBABILITY) / 2.0
MOVES = (SOUTH, NORTH, EAST, WEST)
LEFT = {SOUTH: EAST, NORTH: WEST, EAST: NORTH, WEST: SOUTH}
RIGHT = {SOUTH: WEST, NORTH: EAST, EAST: SOUTH, WEST: NORTH}


@pytest.fixture(scope="module")
def rainy() -> TaxiEnv:
    return TaxiEnv(is_rainy=True)


def cells(env: TaxiEnv, state: int, action: int) -> list[tuple[int, int]]:
    return [decode(next_state)[:2] for _, next_state, _, _ in env.P[state][action]]


def test_rainy_moves_split_0_8_0_1_0_1(rainy: TaxiEnv) -> None:
    assert RAINY_PROBABILITY == 0.8
    assert pytest.approx(0.1) == SLIP
    for state in range(500):
        for action in MOVES:
            transitions = rainy.P[state][action]
            assert [p for p, _, _, _ in transitions] == [0.8, SLIP, SLIP], (state, action)
            assert math.fsum(p for p, _, _, _ in transitions) == pytest.approx(1.0, abs=1e-12)
            for _, next_state, reward, terminated in transitions:
                assert (reward, terminated) == (-1.0, False)
                # the rain moves the taxi only: passenger and destination stay
                assert decode(next_state)[2:] == decode(state)[2:]


def test_rainy_slips_go_sideways_and_respect_walls(env: TaxiEnv, rainy: TaxiEnv) -> None:
    """Each slip lands where a deterministic move in the perpendicular direction would (walls
    and border included); a move blocked ahead stays put whatever the rain."""
    for state in range(500):
        for action in MOVES:
            ((_, ahead, _, _),) = env.P[state][action]
            if ahead == state:
                assert [s for _, s, _, _ in rainy.P[state][action]] == [state] * 3
                continue
            expected = [ahead, env.P[state][LEFT[action]][0][1], env.P[state][RIGHT[action]][0][1]]
            assert [s for _, s, _, _ in rainy.P[state][action]] == expected, (decode(state), action)
    # examples on the map: the wall between columns 1|2 in row 0, 2|3 in row 4, the border
    assert cells(rainy, encode(1, 3, R, G), SOUTH) == [(2, 3), (1, 4), (1, 2)]
    assert cells(rainy, encode(2, 2, R, G), EAST) == [(2, 3), (1, 2), (3, 2)]
    assert cells(rainy, encode(0, 1, R, G), SOUTH) == [(1, 1), (0, 1), (0, 0)]  # east: wall
    assert cells(rainy, encode(4, 3, R, G), NORTH) == [(3, 3), (4, 3), (4, 4)]  # west: wall
    assert cells(rainy, encode(1, 4, R, G), NORTH) == [(0, 4), (1, 3), (1, 4)]  # east: border
    assert cells(rainy, encode(4, 3, R, G), SOUTH) == [(4, 3)] * 3  # blocked ahead
    assert cells(rainy, encode(0, 1, R, G), EAST) == [(0, 1)] * 3  # wall ahead


def test_rainy_pickup_and_dropoff_stay_deterministic(env: TaxiEnv, rainy: TaxiEnv) -> None:
    for state in range(500):
        for action in (PICKUP, DROPOFF):
            assert rainy.P[state][action] == env.P[state][action]
        np.testing.assert_array_equal(rainy.action_mask(state), env.action_mask(state))


def test_rainy_frequencies() -> None:
    env = TaxiEnv(is_rainy=True)
    env.reset(seed=123)
    start = encode(2, 2, R, G)
    counts = {(3, 2): 0, (2, 3): 0, (2, 1): 0}  # south: intended, slipped east, slipped west
    n = 20_000
    for _ in range(n):
        env.s = start
        state, _, _, _, info = env.step(SOUTH)
        counts[decode(state)[:2]] += 1
        assert info["prob"] == (0.8 if decode(state)[:2] == (3, 2) else SLIP)
    # 0.8/0.1/0.1 within ~5 standard deviations (0.003 and 0.002)
    assert counts[(3, 2)] / n == pytest.approx(0.8, abs=0.015)
    assert counts[(2, 3)] / n == pytest.approx(0.1, abs=0.01)
    assert counts[(2, 1)] / n == pytest.approx(0.1, abs=0.01)


# ---------------------------------------------------------------------------- fickle_passenger
def drive_to(env: TaxiEnv, target: tuple[int, int]) -> None:
    """Drive (deterministic moves) along a shortest path to the cell ``target``."""
    paths = {env.s: []}
    frontier = [env.s]
    while frontier:
        nxt = []
        for state in frontier:
            if decode(state)[:2] == target:
                for action in paths[state]:
                    env.step(action)
                assert decode(env.s)[:2] == target
                return
            for action in MOVES:
                ((_, after, _, _),) = env.P[state][action]
                if after not in paths:
                    paths[after] = paths[state] + [action]
                    nxt.append(after)
        frontier = nxt
    raise AssertionError(f"{target} unreachable")


def test_fickle_passenger_changes_destination_once_after_the_first_move() -> None:
    env = TaxiEnv(fickle_passenger=True)
    episodes, changed, new_dests = 3000, 0, {d: 0 for d in range(4)}
    for seed in range(episodes):
        state, _ = env.reset(seed=seed)
        _, _, source, dest = decode(state)
        drive_to(env, LOCS[source])  # no change while the passenger waits
        assert decode(env.s)[2:] == (source, dest)
        state = env.step(PICKUP)[0]
        assert decode(state)[2:] == (IN_TAXI, dest)
        # steps that leave the taxi in its cell do not trigger: an illegal pickup, a blocked move
        assert env.step(PICKUP)[0] == state
        blocked = [a for a in MOVES if env.P[state][a][0][1] == state]
        for action in blocked:
            assert env.step(action)[0] == state
        # the first move away from the station: the only moment the destination may change
        move = next(a for a in MOVES if env.P[state][a][0][1] != state)
        back = {SOUTH: NORTH, NORTH: SOUTH, EAST: WEST, WEST: EAST}[move]
        state = env.step(move)[0]
        row, col, passenger, new_dest = decode(state)
        assert passenger == IN_TAXI and (row, col) != LOCS[source]
        if new_dest != dest:
            changed += 1
            new_dests[new_dest] += 1
        # never again: back to the station, drop off, pick up, move away, wander
        state, _, terminated, _, _ = env.step(back)
        state, _, terminated, _, _ = env.step(DROPOFF)
        if terminated:  # the new destination is the pick-up station: delivered
            assert new_dest == source
            continue
        assert decode(state)[2:] == (source, new_dest)
        env.step(PICKUP)
        for action in (move, back, move, back, move):
            state = env.step(action)[0]
            assert decode(state)[3] == new_dest
    # 0.3 within ~4 standard deviations (0.008); the new station uniform over the other three
    assert changed / episodes == pytest.approx(FICKLE_PROBABILITY, abs=0.035)
    assert FICKLE_PROBABILITY == 0.3
    assert sum(new_dests.values()) == changed
    # destinations start uniform, so each station is the new one a quarter of the time
    for count in new_dests.values():
        assert count / changed == pytest.approx(1 / 4, abs=0.06)


def test_fickle_destination_is_never_the_old_one() -> None:
    env = TaxiEnv(fickle_passenger=True)
    seen = set()
    for seed in range(600):
        state, _ = env.reset(seed=seed)
        _, _, source, dest = decode(state)
        drive_to(env, LOCS[source])
        state = env.step(PICKUP)[0]
        move = next(a for a in MOVES if env.P[state][a][0][1] != state)
        new_dest = decode(env.step(move)[0])[3]
        if new_dest != dest:
            seen.add((dest, new_dest))
    # every (old, new) pair with new != old shows up; none with new == old can by construction
    assert seen == {(d, n) for d in range(4) for n in range(4) if n != d}


def test_fickle_and_rainy_keep_the_table_and_seeding_deterministic() -> None:
    assert TaxiEnv(fickle_passenger=True).P == TaxiEnv().P

    def rollout(seed: int, **options: bool) -> list:
        env = TaxiEnv(**options)
        out = [env.reset(seed=seed)[0]]
        rng = np.random.default_rng(seed)
        for _ in range(100):
            out.append(env.step(int(rng.integers(6)))[:3])
        return out

    for options in (
        {"is_rainy": True},
        {"fickle_passenger": True},
        {"is_rainy": True, "fickle_passenger": True},
    ):
        assert rollout(7, **options) == rollout(7, **options)
    assert rollout(7, is_rainy=True) != rollout(7)  # the rain does change the trajectory


@pytest.mark.parametrize("name", ["is_rainy", "fickle_passenger"])
@pytest.mark.parametrize("bad", [1, 0, "yes", None, 0.8])
def test_bad_option_values(name: str, bad: object) -> None:
    with pytest.raises(InvalidEnvKwargs, match=f"TaxiEnv {name} must be a bool.*{bad!r}"):
        TaxiEnv(**{name: bad})  # type: ignore[arg-type]


def test_options_through_make() -> None:
    import gymkit

    env = gymkit.make("Taxi-v3", is_rainy=True, fickle_passenger=np.bool_(True))
    assert env.unwrapped.is_rainy is True and env.unwrapped.fickle_passenger is True
    assert len(env.unwrapped.P[0][SOUTH]) == 3
    default = gymkit.make("Taxi-v3").unwrapped
    assert (default.is_rainy, default.fickle_passenger) == (False, False)


def test_stochastic_step_belongs_to_each_copy() -> None:
    """The stochastic ``step`` is bound per instance: a copy or a pickle steps its own state and
    generator (the same way as the original from the same point); the default env keeps the
    plain table-driven step."""
    import copy
    import pickle

    assert "step" not in vars(TaxiEnv())
    env = TaxiEnv(is_rainy=True, fickle_passenger=True)
    env.reset(seed=3)
    start = env.s
    actions = [SOUTH, EAST, NORTH, WEST] * 5
    for twin in (copy.deepcopy(env), pickle.loads(pickle.dumps(env))):
        assert twin.step.__self__ is twin
        twin_run = [twin.step(a)[:3] for a in actions]
        assert env.s == start  # the original did not move
        assert [copy.deepcopy(env).step(a)[:3] for a in actions[:1]] == twin_run[:1]
    assert [env.step(a)[:3] for a in actions] == twin_run
