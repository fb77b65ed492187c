"""FrozenLake: the transition table, slipperiness (in P and measured), rewards, termination,
random maps, options and their errors, seeding."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gymkit.error import InvalidAction, InvalidEnvKwargs, ResetNeeded
from gymkit_classic.toy_text.frozen_lake import (
    MAPS,
    FrozenLakeEnv,
    generate_random_map,
    is_solvable,
)

LEFT, DOWN, RIGHT, UP = 0, 1, 2, 3
MOVES = {LEFT: (0, -1), DOWN: (1, 0), RIGHT: (0, 1), UP: (-1, 0)}


def expected_cell(desc: list[str], state: int, move: int) -> int:
    """Where ``move`` leads from ``state``, clamped to the grid (written independently)."""
    nrow, ncol = len(desc), len(desc[0])
    row, col = divmod(state, ncol)
    dr, dc = MOVES[move]
    row = min(max(row + dr, 0), nrow - 1)
    col = min(max(col + dc, 0), ncol - 1)
    return row * ncol + col


@pytest.mark.parametrize("map_name", ["4x4", "8x8"])
def test_slippery_table_has_intended_and_perpendicular_moves(map_name: str) -> None:
    desc = MAPS[map_name]
    env = FrozenLakeEnv(map_name=map_name, is_slippery=True)
    flat = "".join(desc)
    for state, letter in enumerate(flat):
        for action in range(4):
            transitions = env.P[state][action]
            if letter in "GH":
                assert transitions == [(1.0, state, 0.0, True)]
                continue
            assert len(transitions) == 3
            moves = [(action - 1) % 4, action, (action + 1) % 4]
            probs = [t[0] for t in transitions]
            assert probs[1] == 1 / 3
            assert probs[0] == probs[2] == (1 - 1 / 3) / 2
            assert sum(probs) == pytest.approx(1.0, abs=1e-15)
            for (_, next_state, reward, terminated), move in zip(transitions, moves):
                assert next_state == expected_cell(desc, state, move)
                assert terminated == (flat[next_state] in "GH")
                assert reward == (1.0 if flat[next_state] == "G" else 0.0)


def test_non_slippery_table_is_deterministic() -> None:
    env = FrozenLakeEnv(is_slippery=False)
    desc = MAPS["4x4"]
    for state in range(16):
        for action in range(4):
            (transition,) = env.P[state][action]
            assert transition[0] == 1.0
            if "".join(desc)[state] not in "GH":
                assert transition[1] == expected_cell(desc, state, action)


def test_slipperiness_measured() -> None:
    """From the centre of an open lake, DOWN goes down, left and right about 1/3 each."""
    env = FrozenLakeEnv(desc=["SFF", "FFF", "FFG"], is_slippery=True)
    env.reset(seed=7)
    counts = {3: 0, 7: 0, 5: 0}  # left, down, right of the centre cell 4
    n = 6000
    for _ in range(n):
        env.s = 4
        state, reward, terminated, truncated, info = env.step(DOWN)
        counts[state] += 1
        assert info["prob"] == pytest.approx(1 / 3)
        assert (reward, terminated, truncated) == (0.0, False, False)
    for count in counts.values():  # each binomial(6000, 1/3): sd ~ 36.5, bound ~ 5 sd
        assert abs(count - n / 3) < 180, counts


def test_success_rate_and_reward_schedule() -> None:
    env = FrozenLakeEnv(success_rate=0.5, reward_schedule=(2, -1, -0.1))
    (left, intended, right) = env.P[14][RIGHT]  # 14 is next to the goal 15, below hole 10
    assert (left[0], intended[0], right[0]) == (0.25, 0.5, 0.25)
    assert intended[1:] == (15, 2.0, True)
    assert env.P[1][DOWN][1] == (0.5, 5, -1.0, True)  # into the hole at 5
    assert env.P[0][RIGHT][1] == (0.5, 1, -0.1, False)
    assert env.reward_range == (-1.0, 2.0)


def test_walk_to_the_goal_and_into_a_hole() -> None:
    env = FrozenLakeEnv(is_slippery=False)
    assert env.reset(seed=0) == (0, {"prob": 1.0})
    path = [DOWN, DOWN, RIGHT, RIGHT, DOWN, RIGHT]
    for i, action in enumerate(path):
        state, reward, terminated, truncated, info = env.step(action)
        done = i == len(path) - 1
        assert (reward, terminated, truncated) == ((1.0 if done else 0.0), done, False)
        assert info == {"prob": 1.0}
    assert state == 15
    env.reset()
    env.step(RIGHT)
    state, reward, terminated, _, _ = env.step(DOWN)
    assert (state, reward, terminated) == (5, 0.0, True)
    # terminal states absorb
    assert env.step(UP)[:3] == (5, 0.0, True)


def test_reset_draws_among_start_cells() -> None:
    env = FrozenLakeEnv(desc=["SFS", "FHF", "FFG"])
    starts = {env.reset(seed=seed)[0] for seed in range(60)}
    assert starts == {0, 2}
    assert env.initial_state_distrib.tolist() == [0.5, 0, 0.5, 0, 0, 0, 0, 0, 0]


def test_seeding_gives_identical_slippery_episodes() -> None:
    def rollout(seed: int) -> list[tuple]:
        env = FrozenLakeEnv(map_name="8x8")
        env.reset(seed=seed)
        env.action_space.seed(seed)
        out = []
        for _ in range(60):
            result = env.step(int(env.action_space.sample()))
            out.append(result[:3])
            if result[2]:
                env.reset()
        return out

    assert rollout(3) == rollout(3)
    assert rollout(3) != rollout(4)


def test_spaces_and_desc() -> None:
    env = FrozenLakeEnv(map_name="8x8")
    assert env.observation_space.n == 64 and env.action_space.n == 4
    assert env.desc.shape == (8, 8) and env.desc.dtype == np.dtype("S1")
    assert env.desc[0, 0] == b"S" and env.desc[7, 7] == b"G"
    assert env.metadata["render_fps"] == 4


@settings(max_examples=60)
@given(
    size=st.integers(2, 12),
    p=st.floats(0.55, 1.0),
    seed=st.integers(0, 2**32 - 1),
)
def test_random_maps_are_solvable_and_reproducible(size: int, p: float, seed: int) -> None:
    desc = generate_random_map(size=size, p=p, seed=seed)
    assert desc == generate_random_map(size=size, p=p, seed=seed)
    assert len(desc) == size and all(len(row) == size for row in desc)
    assert desc[0][0] == "S" and desc[-1][-1] == "G"
    assert set("".join(desc)) <= set("SFHG")
    assert _reachable(desc)
    env = FrozenLakeEnv(desc=desc)
    assert env.observation_space.n == size * size


def _reachable(desc: list[str]) -> bool:
    """Depth-first search from the top-left corner (independent of the library's search)."""
    n = len(desc)
    stack, seen = [(0, 0)], {(0, 0)}
    while stack:
        r, c = stack.pop()
        if (r, c) == (n - 1, n - 1):
            return True
        for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
            if 0 <= nr < n and 0 <= nc < n and (nr, nc) not in seen and desc[nr][nc] != "H":
                seen.add((nr, nc))
                stack.append((nr, nc))
    return False


def test_random_maps_differ_by_seed_and_map_name_none_draws_one() -> None:
    maps = {tuple(generate_random_map(seed=seed)) for seed in range(10)}
    assert len(maps) > 1
    env = FrozenLakeEnv(map_name=None)
    assert env.desc.shape == (8, 8) and is_solvable(env.desc)


def test_is_solvable() -> None:
    assert is_solvable(["SF", "FG"])
    assert not is_solvable(["SH", "HG"])
    assert is_solvable(np.asarray(["SH", "FG"], dtype="c"))


@pytest.mark.parametrize(
    ("size", "p"), [(1, 0.8), (8, 0.0), (8, 1.5), (8, -0.1), ("8", 0.8), (8, True)]
)
def test_random_map_rejects_bad_arguments(size: object, p: object) -> None:
    with pytest.raises(ValueError, match="generate_random_map"):
        generate_random_map(size=size, p=p)  # type: ignore[arg-type]


def test_random_map_gives_up_on_hopeless_probability(monkeypatch: pytest.MonkeyPatch) -> None:
    from gymkit_classic.toy_text import frozen_lake

    monkeypatch.setattr(frozen_lake, "_MAX_MAP_ATTEMPTS", 2000)  # keep the test short
    with pytest.raises(ValueError, match="raise p"):
        generate_random_map(size=30, p=0.05, seed=0)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"map_name": "5x5"}, "map_name"),
        ({"desc": ["SF", "F"]}, "same non-zero length"),
        ({"desc": ["SX", "FG"]}, "only hold the letters"),
        ({"desc": ["FF", "FG"]}, "start cell"),
        ({"desc": []}, "non-empty"),
        ({"desc": 5}, "list of strings"),
        ({"success_rate": 1.5}, "success_rate"),
        ({"reward_schedule": (1, 0)}, "reward_schedule"),
        ({"render_mode": "rgb"}, "render_mode"),
    ],
)
def test_bad_options_are_refused(kwargs: dict, match: str) -> None:
    with pytest.raises(ValueError if "render_mode" in kwargs else InvalidEnvKwargs, match=match):
        FrozenLakeEnv(**kwargs)


def test_actions_are_checked() -> None:
    env = FrozenLakeEnv(is_slippery=False)
    with pytest.raises(ResetNeeded):
        env.step(0)
    env.reset(seed=0)
    assert env.step(np.int64(2))[0] == 1
    for bad in (4, -1, 1.0, True, "a", None, np.array([1])):
        with pytest.raises(InvalidAction, match="FrozenLakeEnv"):
            env.step(bad)  # type: ignore[arg-type]
