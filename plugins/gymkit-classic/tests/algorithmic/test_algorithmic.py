"""The algorithmic tasks: targets, observations, the reward and episode-end rules, the time
limit, the curriculum, options, seeding and action checking."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gymkit.error import InvalidAction, InvalidEnvKwargs, ResetNeeded
from gymkit_classic.algorithmic.copy_ import CopyEnv
from gymkit_classic.algorithmic.duplicated_input import DuplicatedInputEnv
from gymkit_classic.algorithmic.repeat_copy import RepeatCopyEnv
from gymkit_classic.algorithmic.reverse import ReverseEnv
from gymkit_classic.algorithmic.reversed_addition import ReversedAdditionEnv

LEFT, RIGHT, UP, DOWN = range(4)


# ---------------------------------------------------------------------------- targets
@given(st.lists(st.integers(0, 4), min_size=1, max_size=30))
def test_tape_targets(data: list[int]) -> None:
    assert CopyEnv().target_from_input_data(data) == data
    assert RepeatCopyEnv().target_from_input_data(data) == data + data[::-1] + data
    assert ReverseEnv(base=5).target_from_input_data(data) == data[::-1]
    doubled = [x for x in data for _ in range(2)]
    assert DuplicatedInputEnv().target_from_input_data(doubled) == data


@settings(max_examples=200)
@given(
    rows=st.integers(2, 3),
    base=st.integers(2, 10),
    data=st.data(),
)
def test_reversed_addition_target_is_the_sum(rows: int, base: int, data: st.DataObject) -> None:
    width = data.draw(st.integers(1, 12))
    columns = data.draw(
        st.lists(
            st.lists(st.integers(0, base - 1), min_size=rows, max_size=rows),
            min_size=width,
            max_size=width,
        )
    )
    env = ReversedAdditionEnv(rows=rows, base=base)
    target = env.target_from_input_data(columns)
    numbers = [sum(col[r] * base**i for i, col in enumerate(columns)) for r in range(rows)]
    assert sum(d * base**i for i, d in enumerate(target)) == sum(numbers)
    assert all(0 <= d < base for d in target)
    assert len(target) >= width
    assert len(target) == width or target[-1] != 0  # no leading zero carry
    if base >= rows:  # the final carry is then a single digit (always so for the standard envs)
        assert len(target) <= width + 1


# ---------------------------------------------------------------------------- observations
def test_tape_observation_is_the_symbol_under_the_head() -> None:
    env = CopyEnv()
    obs, info = env.reset(seed=0)
    assert info == {} and obs == env.input_data[0]
    seen = [obs]
    for _ in range(len(env.input_data)):
        seen.append(env.step((RIGHT, 0, 0))[0])
    assert seen == [*env.input_data, env.base]  # off the end: blank
    for _ in range(len(env.input_data) + 3):
        obs = env.step((LEFT, 0, 0))[0]
    assert env.read_head_position == -3 and obs == env.base


def test_grid_moves_and_observation() -> None:
    env = ReversedAdditionEnv(rows=3)
    obs, _ = env.reset(seed=2)
    grid = env.input_data
    assert obs == grid[0][0]
    assert env.step((DOWN, 0, 0))[0] == grid[0][1]
    assert env.step((RIGHT, 0, 0))[0] == grid[1][1]
    assert env.step((DOWN, 0, 0))[0] == grid[1][2]
    assert env.step((DOWN, 0, 0))[0] == env.base  # below the grid
    assert env.step((UP, 0, 0))[0] == grid[1][2]
    assert env.step((LEFT, 0, 0))[0] == grid[0][2]
    assert env.read_head_position == (0, 2)


# ---------------------------------------------------------------------------- rewards, ends
def test_correct_writes_earn_one_and_the_last_one_terminates(env_class, solve) -> None:
    env = env_class()
    env.reset(seed=0)
    target = list(env.target)
    rewards = []
    for i, symbol in enumerate(target):
        _obs, reward, terminated, truncated, info = env.step((RIGHT, 1, symbol))
        rewards.append(reward)
        assert terminated == (i == len(target) - 1) and not truncated and info == {}
    assert rewards == [1.0] * len(target)
    assert env.output == target and env.episode_total_reward == len(target)


def test_a_wrong_write_costs_half_and_terminates(env_class) -> None:
    env = env_class()
    env.reset(seed=1)
    right = env.target[0]
    wrong = (right + 1) % env.base
    _, reward, terminated, truncated, _ = env.step((RIGHT, 1, wrong))
    assert (reward, terminated, truncated) == (-0.5, True, False)
    assert env.output == [wrong]


def test_not_writing_earns_nothing(env_class) -> None:
    env = env_class()
    env.reset(seed=1)
    assert env.step((LEFT, 0, 0))[1:4] == (0.0, False, False)
    assert env.write_head_position == 0


def test_time_limit_truncates_with_minus_one(env_class) -> None:
    env = env_class()
    env.reset(seed=3)
    limit = env.time_limit
    if env_class is ReversedAdditionEnv:
        assert limit == 2 * len(env.input_data) + 4
    else:
        assert limit == len(env.input_data) + len(env.target) + 4
    for _ in range(limit):
        assert env.step((RIGHT, 0, 0))[1:4] == (0.0, False, False)
    assert env.step((RIGHT, 0, 0))[1:4] == (-1.0, False, True)


def test_time_limit_overrides_the_reward_of_a_last_write() -> None:
    env = CopyEnv()
    env.reset(seed=0)
    for _ in range(env.time_limit):
        env.step((LEFT, 0, 0))
    assert env.step((RIGHT, 1, env.target[0]))[1:4] == (-1.0, False, True)


def test_writing_after_the_end_warns_and_fails() -> None:
    env = CopyEnv()
    env.reset(seed=0)
    for symbol in env.target:
        env.step((RIGHT, 1, symbol))
    with pytest.warns(Warning, match="past the end"):
        assert env.step((RIGHT, 1, 0))[1:3] == (-0.5, True)


# ---------------------------------------------------------------------------- curriculum
def test_inputs_start_at_the_minimum_length() -> None:
    env = CopyEnv()
    lengths = set()
    env.reset(seed=0)
    for _ in range(60):
        env.reset()
        env.episode_total_reward = None  # keep the curriculum out of this test
        lengths.add(len(env.input_data))
    assert lengths == {2, 3, 4}


def test_reverse_starts_at_length_one() -> None:
    lengths = set()
    for seed in range(40):
        env = ReverseEnv()
        env.reset(seed=seed)
        lengths.add(len(env.input_data))
    assert lengths == {1, 2, 3}


@pytest.mark.parametrize(("env_class", "window"), [(CopyEnv, 10), (RepeatCopyEnv, 50)])
def test_solving_the_window_of_episodes_promotes(env_class, window, solve) -> None:
    env = env_class()
    env.reset(seed=0)
    for episode in range(window):
        assert env.min_length == 2, episode
        assert solve(env) == len(env.target)
        env.reset()
    assert env.min_length == 3 and env.reward_shortfalls == []
    assert len(env.input_data) >= 3


def test_one_failure_in_the_window_blocks_promotion(solve) -> None:
    env = CopyEnv()
    env.reset(seed=0)
    for episode in range(10):
        solve(env, mistakes_at=0 if episode == 4 else None)
        env.reset()
    assert env.min_length == 2
    assert len(env.reward_shortfalls) == 10
    # once the failure leaves the window of the last 10 episodes, promotion happens
    for _ in range(5):
        solve(env)
        env.reset()
    assert env.min_length == 3


def test_copy_tolerates_a_shortfall_of_one(solve) -> None:
    """Copy promotes when every recent episode fell short by at most 1 (a missed last write is
    a shortfall of exactly 1 when the episode ends by time or reset)."""
    env = CopyEnv()
    env.reset(seed=0)
    for _ in range(10):
        for symbol in env.target[:-1]:
            env.step((RIGHT, 1, symbol))
        env.reset()  # abandon the episode one symbol short
    assert env.min_length == 3


def test_reverse_needs_perfect_episodes(solve) -> None:
    env = ReverseEnv()
    env.reset(seed=0)
    for _ in range(50):
        for symbol in env.target[:-1]:
            env.step((RIGHT, 1, symbol))
        env.reset()
    assert env.min_length == 1


def test_min_length_stops_growing_at_30(solve) -> None:
    env = CopyEnv(starting_min_length=29)
    env.reset(seed=0)
    for _ in range(30):
        env.last = 1  # promote after every solved episode
        solve(env)
        env.reset()
    assert env.min_length == 30


# ---------------------------------------------------------------------------- options, spaces
@pytest.mark.parametrize(
    ("env_class", "base", "moves", "letters"),
    [
        (CopyEnv, 5, 2, True),
        (RepeatCopyEnv, 5, 2, True),
        (DuplicatedInputEnv, 5, 2, True),
        (ReverseEnv, 2, 2, True),
        (ReversedAdditionEnv, 3, 4, False),
    ],
)
def test_defaults_and_spaces(env_class, base, moves, letters) -> None:
    env = env_class()
    assert env.base == base and env.observation_space.n == base + 1
    assert [space.n for space in env.action_space.spaces] == [moves, 2, base]
    assert env.charmap[-1] == " " and len(env.charmap) == base + 1
    assert env.charmap[0] == ("A" if letters else "0")


def test_options() -> None:
    env = CopyEnv(base=7, chars=False, starting_min_length=5)
    env.reset(seed=0)
    assert env.charmap[:3] == ["0", "1", "2"] and env.observation_space.n == 8
    assert 5 <= len(env.input_data) <= 7 and max(env.input_data) < 7
    dup = DuplicatedInputEnv(duplication=3)
    dup.reset(seed=0)
    data = dup.input_data
    assert len(data) % 3 == 0
    assert all(data[i] == data[i + 1] == data[i + 2] for i in range(0, len(data), 3))
    assert ReversedAdditionEnv(rows=3).action_space.spaces[0].n == 4


@pytest.mark.parametrize(
    ("env_class", "kwargs", "match"),
    [
        (CopyEnv, {"base": 1}, "base"),
        (CopyEnv, {"base": 30}, "chars"),
        (CopyEnv, {"starting_min_length": 0}, "starting_min_length"),
        (CopyEnv, {"base": 2.5}, "base"),
        (DuplicatedInputEnv, {"duplication": 0}, "duplication"),
        (ReversedAdditionEnv, {"rows": 0}, "rows"),
    ],
)
def test_bad_options(env_class, kwargs, match) -> None:
    with pytest.raises(InvalidEnvKwargs, match=match):
        env_class(**kwargs)


def test_actions_are_checked() -> None:
    env = CopyEnv()
    with pytest.raises(ResetNeeded):
        env.step((RIGHT, 0, 0))
    env.reset(seed=0)
    for bad in [
        (2, 0, 0),
        (0, 2, 0),
        (0, 0, 5),
        (-1, 0, 0),
        (0, 0),
        3,
        "abc",
        (0.0, 0, 0),
        (0, True, 0),
        None,
    ]:
        with pytest.raises(InvalidAction, match="CopyEnv"):
            env.step(bad)  # type: ignore[arg-type]
    env.step((np.int64(1), np.int64(0), np.int64(4)))
    env.step(np.array([1, 0, 4]))


def test_sampled_actions_are_accepted(env_class) -> None:
    env = env_class()
    env.reset(seed=0)
    env.action_space.seed(0)
    for _ in range(30):
        _, _, terminated, truncated, _ = env.step(env.action_space.sample())
        if terminated or truncated:
            env.reset()


def test_seeding_is_deterministic(env_class) -> None:
    def episodes(seed: int) -> list:
        env = env_class()
        out = [env.reset(seed=seed), list(env.input_data)]
        rng = np.random.default_rng(seed)
        for _ in range(60):
            action = (
                int(rng.integers(len(env.MOVEMENTS))),
                int(rng.integers(2)),
                int(rng.integers(env.base)),
            )
            result = env.step(action)
            out.append(result)
            if result[2] or result[3]:
                out.append(env.reset())
                out.append(list(env.input_data))
        return out

    assert episodes(5) == episodes(5)
    assert episodes(5) != episodes(6)
