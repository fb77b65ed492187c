"""CliffWalking: the cliff sends the agent back to the start at -100, the goal terminates, the
border clamps, the slippery variant splits each move three ways."""

from __future__ import annotations

import pytest

from gymkit.error import InvalidAction
from gymkit_classic.toy_text.cliffwalking import CliffWalkingEnv

UP, RIGHT, DOWN, LEFT = range(4)
START, GOAL = 36, 47


def test_start_state_and_spaces() -> None:
    env = CliffWalkingEnv()
    for seed in range(5):
        assert env.reset(seed=seed) == (START, {"prob": 1.0})
    assert env.observation_space.n == 48 and env.action_space.n == 4
    assert env.cliff.sum() == 10 and env.cliff[3, 1:11].all()


@pytest.mark.parametrize("column", range(1, 11))
def test_cliff_costs_hundred_and_resets_to_start(column: int) -> None:
    env = CliffWalkingEnv()
    env.reset(seed=0)
    env.s = 24 + column  # the cell above the cliff
    state, reward, terminated, truncated, info = env.step(DOWN)
    assert (state, reward, terminated, truncated, info) == (
        START,
        -100.0,
        False,
        False,
        {"prob": 1.0},
    )
    # the episode goes on from the start
    assert env.step(UP)[:3] == (24, -1.0, False)


def test_stepping_right_from_start_falls() -> None:
    env = CliffWalkingEnv()
    env.reset(seed=0)
    assert env.step(RIGHT)[:3] == (START, -100.0, False)


def test_safe_path_reaches_goal_with_return_minus_13() -> None:
    env = CliffWalkingEnv()
    env.reset(seed=0)
    total, terminated = 0.0, False
    for action in [UP] + [RIGHT] * 11 + [DOWN]:
        assert not terminated
        _, reward, terminated, truncated, _ = env.step(action)
        total += reward
        assert not truncated
    assert terminated and env.s == GOAL and total == -13.0


def test_border_clamps() -> None:
    env = CliffWalkingEnv()
    env.reset(seed=0)
    assert env.step(LEFT)[:3] == (START, -1.0, False)
    assert env.step(DOWN)[:3] == (START, -1.0, False)
    env.s = 0
    assert env.step(UP)[0] == 0 and env.step(LEFT)[0] == 0
    env.s = 11
    assert env.step(RIGHT)[0] == 11


def test_slippery_table() -> None:
    env = CliffWalkingEnv(is_slippery=True)
    for state in range(48):
        for action in range(4):
            transitions = env.P[state][action]
            assert [t[0] for t in transitions] == [1 / 3] * 3
            plain = CliffWalkingEnv().P[state]
            moves = [(action - 1) % 4, action, (action + 1) % 4]
            assert [t[1:] for t in transitions] == [plain[m][0][1:] for m in moves]


def test_slippery_moves_measured() -> None:
    env = CliffWalkingEnv(is_slippery=True)
    env.reset(seed=1)
    counts = {0: 0, 1: 0, 2: 0}  # from cell 1, UP: left -> 0, up -> clamped 1, right -> 2
    n = 3000
    for _ in range(n):
        env.s = 1
        counts[env.step(UP)[0]] += 1
    assert all(abs(count - n / 3) < 130 for count in counts.values()), counts


def test_bad_actions() -> None:
    env = CliffWalkingEnv()
    env.reset(seed=0)
    for bad in (4, -1, 0.0):
        with pytest.raises(InvalidAction):
            env.step(bad)  # type: ignore[arg-type]
