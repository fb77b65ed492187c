"""Info batching, seeds, autoreset modes and the shared-memory layouts, with property tests."""

from __future__ import annotations

import multiprocessing

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gymkit.error import CustomSpaceError, InvalidSeed
from gymkit.spaces import Box, Dict, Discrete, MultiBinary, MultiDiscrete, Text, Tuple
from gymkit.vector import AutoresetMode
from gymkit.vector.shared_memory import (
    create_shared_memory,
    read_from_shared_memory,
    write_to_shared_memory,
)
from gymkit.vector.utils import add_info, check_env_ids, unbatch_info
from gymkit.vector.vector_env import resolve_seeds

scalars = st.one_of(
    st.booleans(),
    st.integers(-(2**31), 2**31),
    st.floats(allow_nan=False),
    st.text(max_size=3),
)
info_dicts = st.recursive(
    st.dictionaries(st.sampled_from(["a", "b", "c"]), scalars, max_size=3),
    lambda inner: st.dictionaries(st.sampled_from(["a", "d"]), inner, max_size=2),
    max_leaves=6,
)


@given(st.lists(st.one_of(st.none(), info_dicts), min_size=1, max_size=4))
def test_add_info_round_trips_per_env_infos(per_env):
    n = len(per_env)
    infos: dict = {}
    for i, info in enumerate(per_env):
        if info:
            add_info(infos, info, i, n)
    for i, info in enumerate(per_env):
        recovered = unbatch_info(infos, i)
        assert _normalise(recovered) == _normalise(info or {})


def _normalise(info):
    out = {}
    for key, value in info.items():
        if isinstance(value, dict):
            nested = _normalise(value)
            if nested:
                out[key] = nested
        else:
            out[key] = value.item() if isinstance(value, np.generic) else value
    return out


def test_add_info_types_and_masks():
    infos: dict = {}
    add_info(infos, {"x": 1, "ok": True, "name": "a", "obs": np.zeros(2)}, 1, 3)
    assert infos["x"].dtype == np.int64 and infos["ok"].dtype == np.bool_
    assert infos["name"].dtype == object and infos["obs"].dtype == object
    assert infos["_x"].tolist() == [False, True, False]
    add_info(infos, {"x": 2.5}, 0, 3)  # a float after ints widens instead of truncating
    assert infos["x"][0] == 2.5 and infos["x"][1] == 1


@given(st.integers(0, 2**32), st.integers(1, 8))
def test_int_seed_gives_consecutive_seeds(seed, n):
    assert resolve_seeds(seed, n) == [seed + i for i in range(n)]


def test_seed_errors_and_autoreset_parsing():
    assert resolve_seeds(None, 2) == [None, None]
    with pytest.raises(InvalidSeed):
        resolve_seeds(True, 2)
    with pytest.raises(InvalidSeed):
        resolve_seeds([1, 2, 3], 2)
    assert AutoresetMode.parse("same_step") is AutoresetMode.SAME_STEP
    assert AutoresetMode.parse(AutoresetMode.DISABLED) is AutoresetMode.DISABLED
    with pytest.raises(ValueError, match="next_step"):
        AutoresetMode.parse("never")
    with pytest.raises(ValueError, match="distinct"):
        check_env_ids([1, 1], 3)
    assert check_env_ids(np.array([2, 0]), 3) == [2, 0]


SPACES = [
    Box(-1, 1, (2, 3), np.float32),
    Box(0, 255, (4,), np.uint8),
    Discrete(5),
    MultiDiscrete([2, 3]),
    MultiBinary(4),
    Tuple([Discrete(3), Box(-1, 1, (2,), np.float64)]),
    Dict({"a": Discrete(2), "b": Tuple([MultiBinary(2), Box(0, 1, (1,))])}),
]


@pytest.mark.parametrize("space", SPACES, ids=lambda s: type(s).__name__)
def test_shared_memory_round_trip(space):
    n = 3
    memory = create_shared_memory(space, n, multiprocessing.get_context("fork"))
    samples = [space.sample() for _ in range(n)]
    for i, sample in enumerate(samples):
        write_to_shared_memory(space, i, sample, memory, n)
    views = read_from_shared_memory(space, memory, n)
    for i, sample in enumerate(samples):
        _assert_same(_row(views, i), sample)


def _row(views, i):
    if isinstance(views, np.ndarray):
        return views[i]
    if isinstance(views, tuple):
        return tuple(_row(v, i) for v in views)
    return {k: _row(v, i) for k, v in views.items()}


def _assert_same(a, b):
    if isinstance(b, tuple):
        for x, y in zip(a, b):
            _assert_same(x, y)
    elif isinstance(b, dict):
        for key in b:
            _assert_same(a[key], b[key])
    else:
        np.testing.assert_array_equal(a, b)


def test_shared_memory_refuses_spaces_without_a_layout():
    with pytest.raises(CustomSpaceError, match="shared_memory=False"):
        create_shared_memory(Text(5), 2)
