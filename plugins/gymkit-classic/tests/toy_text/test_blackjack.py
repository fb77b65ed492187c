"""Blackjack: hand values and the usable ace, busting, the dealer's rule, naturals under the
casino (``natural``) and Sutton-Barto (``sab``) rules, the deck, seeding."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from gymkit.error import InvalidAction, ResetNeeded
from gymkit_classic.toy_text.blackjack import (
    DECK,
    BlackjackEnv,
    is_bust,
    is_natural,
    score,
    sum_hand,
    usable_ace,
)

STICK, HIT = 0, 1


def generator_drawing(*cards: int) -> np.random.Generator:
    """A real generator whose next draws are ``cards`` (found by trying seeds)."""
    for seed in itertools.count():
        rng = np.random.default_rng(seed)
        if [DECK[int(rng.integers(13))] for _ in cards] == list(cards):
            return np.random.default_rng(seed)
    raise AssertionError("unreachable")


def dealt(player: list[int], dealer: list[int], **options: bool) -> BlackjackEnv:
    env = BlackjackEnv(**options)
    env.reset(seed=0)
    env.player, env.dealer = list(player), list(dealer)
    return env


def test_hand_values() -> None:
    assert sum_hand([1, 5]) == 16 and usable_ace([1, 5]) == 1
    assert sum_hand([1, 5, 10]) == 16 and usable_ace([1, 5, 10]) == 0
    assert sum_hand([1, 1]) == 12 and usable_ace([1, 1]) == 1
    assert sum_hand([1, 10]) == 21 and is_natural([1, 10]) and is_natural([10, 1])
    assert not is_natural([1, 5, 5]) and not is_natural([10, 10])
    assert is_bust([10, 10, 2]) and score([10, 10, 2]) == 0 and score([10, 9]) == 19


def test_observation_and_spaces() -> None:
    env = BlackjackEnv()
    obs, info = env.reset(seed=3)
    assert info == {}
    assert obs == (sum_hand(env.player), env.dealer[0], usable_ace(env.player))
    assert all(type(x) is int for x in obs)
    assert obs in env.observation_space
    assert [space.n for space in env.observation_space.spaces] == [32, 11, 2]
    assert env.action_space.n == 2


def test_usable_ace_turns_unusable_after_a_hit() -> None:
    env = dealt([1, 5], [10, 7])
    assert env._obs() == (16, 10, 1)
    env.np_random = generator_drawing(10)
    obs, reward, terminated, truncated, info = env.step(HIT)
    assert (obs, reward, terminated, truncated, info) == ((16, 10, 0), 0.0, False, False, {})


def test_hitting_past_21_loses() -> None:
    env = dealt([10, 9], [10, 7])
    env.np_random = generator_drawing(5)
    assert env.step(HIT) == ((24, 10, 0), -1.0, True, False, {})


def test_hitting_to_21_goes_on() -> None:
    env = dealt([10, 9], [10, 7])
    env.np_random = generator_drawing(2)
    assert env.step(HIT) == ((21, 10, 0), 0.0, False, False, {})


@pytest.mark.parametrize(
    ("player", "dealer", "reward"),
    [
        ([10, 9], [10, 7], 1.0),
        ([10, 7], [10, 7], 0.0),
        ([10, 6], [10, 8], -1.0),
        ([2, 3], [10, 10], -1.0),
    ],
)
def test_stick_compares_with_a_dealer_who_stands(player, dealer, reward) -> None:
    env = dealt(player, dealer)
    _obs, r, terminated, truncated, _ = env.step(STICK)
    assert (r, terminated, truncated) == (reward, True, False)
    assert env.dealer == dealer  # 17 or more: the dealer draws nothing


def test_dealer_hits_below_17_and_a_dealer_bust_wins() -> None:
    env = dealt([10, 2], [10, 6])
    env.np_random = generator_drawing(10)
    assert env.step(STICK)[1] == 1.0
    assert env.dealer == [10, 6, 10]


def test_dealer_rule_over_many_episodes() -> None:
    env = BlackjackEnv()
    env.reset(seed=0)
    for _ in range(500):
        env.reset()
        env.step(STICK)
        assert sum_hand(env.dealer) >= 17
        for cut in range(2, len(env.dealer)):
            assert sum_hand(env.dealer[:cut]) < 17  # drew only while below 17


@pytest.mark.parametrize(
    ("options", "natural_win", "natural_vs_21"),
    [
        ({}, 1.0, 0.0),
        ({"natural": True}, 1.5, 0.0),
        ({"sab": True}, 1.0, 1.0),
        ({"sab": True, "natural": True}, 1.0, 1.0),  # sab overrides natural
    ],
)
def test_naturals(options: dict, natural_win: float, natural_vs_21: float) -> None:
    # a natural against a dealer standing on 17
    assert dealt([1, 10], [10, 7], **options).step(STICK)[1] == natural_win
    # a natural against a dealer's three-card 21
    assert dealt([1, 10], [10, 5, 6], **options).step(STICK)[1] == natural_vs_21
    # natural against natural is a draw under every rule
    assert dealt([10, 1], [1, 10], **options).step(STICK)[1] == 0.0
    # a non-natural 21 wins just 1
    assert dealt([5, 6, 10], [10, 8], **options).step(STICK)[1] == 1.0


def test_infinite_deck_frequencies() -> None:
    env = BlackjackEnv()
    env.reset(seed=1)
    cards = [env._draw_card() for _ in range(13000)]
    assert set(cards) == set(range(1, 11))
    assert abs(cards.count(10) - 4000) < 250  # 4/13 of the draws
    assert abs(cards.count(1) - 1000) < 150


def test_seeding_is_deterministic() -> None:
    def episodes(seed: int) -> list:
        env = BlackjackEnv(sab=True)
        out = [env.reset(seed=seed)]
        for i in range(40):
            result = env.step(int(i % 3 != 0))
            out.append(result)
            if result[2]:
                out.append(env.reset())
        return out

    assert episodes(4) == episodes(4)
    assert episodes(4) != episodes(5)


def test_bad_actions_and_order() -> None:
    env = BlackjackEnv()
    with pytest.raises(ResetNeeded):
        env.step(HIT)
    env.reset(seed=0)
    for bad in (2, -1, 1.0, "hit", None):
        with pytest.raises(InvalidAction, match="BlackjackEnv"):
            env.step(bad)  # type: ignore[arg-type]
    assert env.step(np.int64(0))[2] is True
