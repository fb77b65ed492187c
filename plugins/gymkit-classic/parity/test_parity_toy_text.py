"""Toy text: gymkit's envs against Gymnasium's (the oracle) — identical transition tables and
start distributions, and from identical states (generator state included) identical action
sequences give identical observations, rewards, flags and info, exactly. Hypothesis generates
the maps, options, states and actions."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gymkit_classic.toy_text.blackjack import BlackjackEnv
from gymkit_classic.toy_text.cliffwalking import CliffWalkingEnv
from gymkit_classic.toy_text.frozen_lake import FrozenLakeEnv, generate_random_map
from gymkit_classic.toy_text.taxi import LOCS, TaxiEnv, decode, encode

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from gymnasium.envs.toy_text.blackjack import BlackjackEnv as RefBlackjack
    from gymnasium.envs.toy_text.cliffwalking import CliffWalkingEnv as RefCliffWalking
    from gymnasium.envs.toy_text.frozen_lake import FrozenLakeEnv as RefFrozenLake
    from gymnasium.envs.toy_text.frozen_lake import generate_random_map as ref_random_map
    from gymnasium.envs.toy_text.taxi import TaxiEnv as RefTaxi

EXAMPLES = settings(max_examples=150)


def same_info(info: dict[str, Any], ref: dict[str, Any], where: str) -> None:
    assert set(info) == set(ref), where
    for key, value in ref.items():
        if isinstance(value, np.ndarray):
            assert isinstance(info[key], np.ndarray), where
            assert info[key].dtype == value.dtype, where
            np.testing.assert_array_equal(info[key], value, err_msg=where)
        else:
            assert info[key] == value, (where, key, info[key], value)


def compare_rollout(ours: Any, theirs: Any, actions: list[int]) -> None:
    """Step both with ``actions`` until an episode ends; every output must agree exactly."""
    for t, action in enumerate(actions):
        obs, reward, terminated, truncated, info = ours.step(action)
        ref_obs, ref_reward, ref_terminated, ref_truncated, ref_info = theirs.step(action)
        where = f"step {t}, action {action}"
        assert obs == ref_obs, (where, obs, ref_obs)
        assert type(obs) is int or isinstance(obs, tuple), where
        assert reward == ref_reward, (where, reward, ref_reward)
        assert (terminated, truncated) == (bool(ref_terminated), bool(ref_truncated)), where
        same_info(info, ref_info, where)
        if terminated:
            break


def same_tables(ours: Any, theirs: Any) -> None:
    assert set(ours.P) == set(theirs.P)
    for state, moves in theirs.P.items():
        assert set(ours.P[state]) == set(moves)
        for action, transitions in moves.items():
            mine = ours.P[state][action]
            assert len(mine) == len(transitions), (state, action)
            for a, b in zip(mine, transitions):
                # probabilities bit for bit, then next state, reward and flag exactly
                assert a[0] == b[0] and float(a[0]).hex() == float(b[0]).hex(), (state, action)
                assert (a[1], a[2], bool(a[3])) == (int(b[1]), b[2], bool(b[3])), (state, action)
    np.testing.assert_array_equal(ours.initial_state_distrib, theirs.initial_state_distrib)
    assert ours.observation_space.n == theirs.observation_space.n
    assert ours.action_space.n == theirs.action_space.n
    assert ours.metadata["render_fps"] == theirs.metadata["render_fps"]


# ---------------------------------------------------------------------------- FrozenLake
LAKES = (
    st.integers(2, 7)
    .flatmap(
        lambda width: st.lists(
            st.text(alphabet="SFHG", min_size=width, max_size=width), min_size=1, max_size=7
        )
    )
    .filter(lambda rows: any("S" in row for row in rows))
)


@EXAMPLES
@given(
    desc=st.one_of(st.none(), LAKES),
    map_name=st.sampled_from(["4x4", "8x8"]),
    is_slippery=st.booleans(),
    success_rate=st.one_of(st.just(1.0 / 3.0), st.floats(0.0, 1.0)),
    schedule=st.one_of(st.just((1, 0, 0)), st.tuples(*[st.integers(-5, 5) | st.floats(-2, 2)] * 3)),
)
def test_frozen_lake_tables(desc, map_name, is_slippery, success_rate, schedule) -> None:
    kwargs = dict(
        desc=desc,
        map_name=map_name,
        is_slippery=is_slippery,
        success_rate=success_rate,
        reward_schedule=schedule,
    )
    same_tables(FrozenLakeEnv(**kwargs), RefFrozenLake(**kwargs))


@EXAMPLES
@given(
    map_name=st.sampled_from(["4x4", "8x8"]),
    is_slippery=st.booleans(),
    start=st.integers(0, 63),
    seed=st.integers(0, 2**32 - 1),
    actions=st.lists(st.integers(0, 3), min_size=1, max_size=60),
)
def test_frozen_lake_rollouts(map_name, is_slippery, start, seed, actions) -> None:
    ours = FrozenLakeEnv(map_name=map_name, is_slippery=is_slippery)
    theirs = RefFrozenLake(map_name=map_name, is_slippery=is_slippery)
    state = start % ours.observation_space.n
    for env in (ours, theirs):
        env.reset(seed=0)
        env.s = state
        env.np_random = np.random.default_rng(seed)  # identical generators: identical slips
    compare_rollout(ours, theirs, actions)


@EXAMPLES
@given(map_name=st.sampled_from(["4x4", "8x8"]), seed=st.integers(0, 2**32 - 1))
def test_frozen_lake_seeded_resets(map_name, seed) -> None:
    ours, theirs = FrozenLakeEnv(map_name=map_name), RefFrozenLake(map_name=map_name)
    obs, info = ours.reset(seed=seed)
    ref_obs, ref_info = theirs.reset(seed=seed)
    assert obs == ref_obs and info == ref_info


@EXAMPLES
@given(
    size=st.integers(2, 12),
    p=st.sampled_from([0.5, 0.6, 0.7, 0.8, 0.9, 1.0]),
    seed=st.integers(0, 2**32 - 1),
)
def test_random_maps_match(size, p, seed) -> None:
    assert generate_random_map(size=size, p=p, seed=seed) == ref_random_map(
        size=size, p=p, seed=seed
    )


# ---------------------------------------------------------------------------- Taxi
def test_taxi_tables_and_masks() -> None:
    ours, theirs = TaxiEnv(), RefTaxi()
    same_tables(ours, theirs)
    for state in range(500):
        mask, ref = ours.action_mask(state), theirs.action_mask(state)
        assert mask.dtype == ref.dtype
        np.testing.assert_array_equal(mask, ref)


@EXAMPLES
@given(seed=st.integers(0, 2**32 - 1))
def test_taxi_seeded_resets(seed) -> None:
    ours, theirs = TaxiEnv(), RefTaxi()
    obs, info = ours.reset(seed=seed)
    ref_obs, ref_info = theirs.reset(seed=seed)
    assert obs == ref_obs
    same_info(info, ref_info, f"reset(seed={seed})")


@EXAMPLES
@given(state=st.integers(0, 499), actions=st.lists(st.integers(0, 5), min_size=1, max_size=80))
def test_taxi_rollouts(state, actions) -> None:
    ours, theirs = TaxiEnv(), RefTaxi()
    for env in (ours, theirs):
        env.reset(seed=0)
        env.s = state
    compare_rollout(ours, theirs, actions)


# ---------------------------------------------------------------------------- Taxi options
# Gymnasium 1.4 no longer registers "Taxi-v3" (its Taxi-v4 has the fixed rainy dynamics), so the
# oracle is its TaxiEnv class, built with the same options.
TAXI_OPTIONS = [
    {"is_rainy": True},
    {"fickle_passenger": True},
    {"is_rainy": True, "fickle_passenger": True},
]


@pytest.mark.parametrize("options", TAXI_OPTIONS, ids=lambda o: "+".join(sorted(o)))
def test_taxi_option_tables_and_masks(options) -> None:
    """``P`` (every state, action, probability bit for bit, next state, reward and flag), the
    start distribution and the action masks equal the oracle's."""
    ours, theirs = TaxiEnv(**options), RefTaxi(**options)
    same_tables(ours, theirs)
    if options.get("is_rainy"):
        assert all(len(ours.P[s][a]) == 3 for s in range(500) for a in range(4))
    for state in range(500):
        np.testing.assert_array_equal(ours.action_mask(state), theirs.action_mask(state))


def _taxi_steer(state: int, wander: int) -> int:
    """The action ``wander`` when it is >= 0; otherwise a driver's: go for the passenger, pick
    them up and head for the destination by a shortest path (so the fickle moment and
    deliveries happen often)."""
    if wander >= 0:
        return wander
    row, col, passenger, dest = decode(state)
    target = LOCS[dest] if passenger == 4 else LOCS[passenger]
    if (row, col) == target:
        return 5 if passenger == 4 else 4
    distance = _TAXI_DISTANCES[target]
    return min(range(4), key=lambda a: distance[decode(_TAXI_PLAIN.P[state][a][0][1])[:2]])


def _distances(target: tuple[int, int]) -> dict[tuple[int, int], int]:
    """Moves from every cell to ``target`` on the deterministic map (breadth-first)."""
    distance = {target: 0}
    frontier = [target]
    while frontier:
        nxt = []
        for row, col in frontier:
            for r in range(5):
                for c in range(5):
                    if (r, c) in distance:
                        continue
                    state = encode(r, c, 0, 0)
                    if any(
                        decode(_TAXI_PLAIN.P[state][a][0][1])[:2] == (row, col) for a in range(4)
                    ):
                        distance[(r, c)] = distance[(row, col)] + 1
                        nxt.append((r, c))
        frontier = nxt
    return distance


_TAXI_PLAIN = TaxiEnv()
_TAXI_DISTANCES = {loc: _distances(loc) for loc in LOCS}
_TAXI_PAIRS: dict[tuple, tuple[TaxiEnv, Any]] = {}


def compare_taxi_episode(options: dict, seed: int, wanders: list[int]) -> int:
    """Reset both with ``seed`` and drive both with the same actions until delivery or the
    wanders run out; every output must agree exactly. Returns how many destination changes
    (with the passenger aboard) happened."""
    key = tuple(sorted(options.items()))
    if key not in _TAXI_PAIRS:  # reset(seed=...) below reseeds and re-arms both
        _TAXI_PAIRS[key] = TaxiEnv(**options), RefTaxi(**options)
    ours, theirs = _TAXI_PAIRS[key]
    obs, info = ours.reset(seed=seed)
    ref_obs, ref_info = theirs.reset(seed=seed)
    assert obs == ref_obs
    same_info(info, ref_info, f"reset(seed={seed})")
    changes = 0
    for t, wander in enumerate(wanders):
        action = _taxi_steer(obs, wander)
        step = ours.step(action)
        ref = theirs.step(action)
        where = f"seed {seed}, step {t}, action {action}"
        assert step[0] == ref[0], (where, decode(step[0]), decode(ref[0]))
        assert step[1] == ref[1] and (step[2], step[3]) == (bool(ref[2]), bool(ref[3])), where
        same_info(step[4], ref[4], where)
        if decode(obs)[2] == 4 and decode(step[0])[3] != decode(obs)[3]:
            changes += 1
        obs = step[0]
        if step[2]:
            break
    # the generators were used alike: the next draw agrees too
    assert ours.np_random.random() == theirs.np_random.random()
    return changes


@EXAMPLES
@given(
    options=st.sampled_from(TAXI_OPTIONS),
    seed=st.integers(0, 2**32 - 1),
    wanders=st.lists(st.integers(-3, 5), min_size=1, max_size=120),
)
def test_taxi_option_rollouts(options, seed, wanders) -> None:
    """Seeded episodes (slips, the fickle draw at reset and the new destination included) are
    identical draw for draw; negative entries steer, others are the action taken."""
    compare_taxi_episode(options, seed, wanders)


def test_taxi_fickle_changes_match_the_oracle() -> None:
    """Steered episodes over many seeds: the fickle moment is reached and the destination
    changes exactly as the oracle's (at about the documented 30% of the episodes)."""
    episodes = 300
    for options in TAXI_OPTIONS[1:]:
        changes = sum(compare_taxi_episode(options, seed, [-1] * 60) for seed in range(episodes))
        assert 0.2 < changes / episodes < 0.4, (options, changes)


# ---------------------------------------------------------------------------- CliffWalking
def test_cliff_walking_tables() -> None:
    for is_slippery in (False, True):
        ours = CliffWalkingEnv(is_slippery=is_slippery)
        same_tables(ours, RefCliffWalking(is_slippery=is_slippery))


@EXAMPLES
@given(
    is_slippery=st.booleans(),
    state=st.integers(0, 47),
    seed=st.integers(0, 2**32 - 1),
    actions=st.lists(st.integers(0, 3), min_size=1, max_size=80),
)
def test_cliff_walking_rollouts(is_slippery, state, seed, actions) -> None:
    ours = CliffWalkingEnv(is_slippery=is_slippery)
    theirs = RefCliffWalking(is_slippery=is_slippery)
    for env in (ours, theirs):
        assert env.reset(seed=seed)[0] == 36
        env.s = state
        env.np_random = np.random.default_rng(seed)
    compare_rollout(ours, theirs, actions)


# ---------------------------------------------------------------------------- Blackjack
CARD = st.integers(1, 10)


@settings(max_examples=400)
@given(
    player=st.lists(CARD, min_size=2, max_size=4).filter(lambda hand: sum(hand) <= 21),
    dealer=st.lists(CARD, min_size=2, max_size=2),
    natural=st.booleans(),
    sab=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
    actions=st.lists(st.integers(0, 1), min_size=1, max_size=8),
)
def test_blackjack_rollouts(player, dealer, natural, sab, seed, actions) -> None:
    ours, theirs = BlackjackEnv(natural=natural, sab=sab), RefBlackjack(natural=natural, sab=sab)
    for env in (ours, theirs):
        env.reset(seed=0)
        env.player, env.dealer = list(player), list(dealer)
        env.np_random = np.random.default_rng(seed)  # the same cards come off the deck
    compare_rollout(ours, theirs, actions)
    assert ours.player == theirs.player and ours.dealer == theirs.dealer


def test_blackjack_spaces() -> None:
    ours, theirs = BlackjackEnv(), RefBlackjack()
    assert [s.n for s in ours.observation_space.spaces] == [
        s.n for s in theirs.observation_space.spaces
    ]
    assert ours.action_space.n == theirs.action_space.n
    assert ours.metadata["render_fps"] == theirs.metadata["render_fps"]
