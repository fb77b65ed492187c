"""Fixtures of the gymkit-gymnasium tests: Hypothesis strategies over gymkit spaces (all ten
kinds, nested) and the first-party env ids the round-trip laws run on.

These tests need Gymnasium, so they run in the ``interop`` nox session (``nox -s interop``),
never in the ``tests`` session, which stays free of Gymnasium.
"""

from __future__ import annotations

import warnings
from typing import Any

import hypothesis.extra.numpy as hnp
import hypothesis.strategies as st
import numpy as np
import pytest

import gymkit
from gymkit import spaces as ks

# ----------------------------------------------------------------------------- spaces
_DTYPES = [np.float32, np.float64, np.int8, np.int32, np.int64, np.uint8]


@st.composite
def boxes(draw: st.DrawFn) -> ks.Box:
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=2, max_side=3))
    dtype = np.dtype(draw(st.sampled_from(_DTYPES)))
    if dtype.kind == "f":
        low = draw(st.floats(-100, 0, width=32))
        high = draw(st.floats(low, 100, width=32))
        if draw(st.booleans()):  # an unbounded side, as CartPole's velocities
            high = np.inf
        return ks.Box(low, high, shape=shape, dtype=dtype)
    info = np.iinfo(dtype)
    low = draw(st.integers(max(info.min, -50), min(info.max, 50)))
    high = draw(st.integers(low, min(info.max, 100)))
    return ks.Box(low, high, shape=shape, dtype=dtype)


discretes = st.builds(ks.Discrete, st.integers(1, 10), start=st.integers(-5, 5))
multi_binaries = st.one_of(
    st.integers(1, 5).map(ks.MultiBinary),
    st.lists(st.integers(1, 3), min_size=1, max_size=2).map(ks.MultiBinary),
)


@st.composite
def multi_discretes(draw: st.DrawFn) -> ks.MultiDiscrete:
    nvec = draw(st.lists(st.integers(1, 6), min_size=1, max_size=4))
    start = draw(st.lists(st.integers(-3, 3), min_size=len(nvec), max_size=len(nvec)))
    return ks.MultiDiscrete(nvec, start=start)


@st.composite
def texts(draw: st.DrawFn) -> ks.Text:
    min_length = draw(st.integers(0, 3))
    max_length = draw(st.integers(max(min_length, 1), 8))
    charset = draw(st.text("abcXYZ019 é-", min_size=1, max_size=7))
    return ks.Text(max_length, min_length=min_length, charset=charset)


_graph_parts = st.one_of(
    st.builds(ks.Box, st.just(-1.0), st.just(1.0), shape=st.sampled_from([(), (2,)])),
    st.builds(ks.Discrete, st.integers(1, 4)),
)
graphs = st.builds(ks.Graph, _graph_parts, st.one_of(st.none(), _graph_parts))
leaves = st.one_of(boxes(), discretes, multi_binaries, multi_discretes(), texts(), graphs)


def _nest(children: st.SearchStrategy[ks.Space[Any]]) -> st.SearchStrategy[ks.Space[Any]]:
    return st.one_of(
        st.lists(children, min_size=0, max_size=3).map(ks.Tuple),
        st.dictionaries(st.text("abcdef", min_size=1, max_size=3), children, max_size=3).map(
            ks.Dict
        ),
        st.lists(children, min_size=1, max_size=3).map(ks.OneOf),
        st.builds(ks.Sequence, children, stack=st.booleans()),
    )


ALL_SPACES = st.recursive(leaves, _nest, max_leaves=6)


@pytest.fixture(scope="session")
def all_spaces() -> st.SearchStrategy[ks.Space[Any]]:
    """Every gymkit space kind, nested up to a few levels (draw with ``data.draw``)."""
    return ALL_SPACES


# ----------------------------------------------------------------------------- envs
def first_party_ids(*distributions: str) -> list[str]:
    """The makeable, non-deprecated ids of the named first-party distributions."""
    return sorted(
        env_id
        for env_id, spec in gymkit.registry.items()
        if spec.distribution in distributions and not spec.deprecated and spec.entry_point
    )


CLASSIC_IDS = first_party_ids("gymkit-classic")
BOX2D_IDS = first_party_ids("gymkit-box2d")
ATARI_IDS = [i for i in ("ALE/Pong-v5", "ALE/Breakout-v5") if i in gymkit.registry]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``first_party_id``: every classic and box2d id, plus two Atari ids where installed."""
    if "first_party_id" in metafunc.fixturenames:
        metafunc.parametrize("first_party_id", CLASSIC_IDS + BOX2D_IDS + ATARI_IDS)


def quiet_make(env_id: str, **kwargs: Any) -> gymkit.Env[Any, Any]:
    """``gymkit.make`` without the resolution/checker warnings (the tests look at behaviour)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return gymkit.make(env_id, **kwargs)


@pytest.fixture
def make_env() -> Any:
    """``make_env(env_id, **kwargs)``: a gymkit env closed at the end of the test."""
    made: list[gymkit.Env[Any, Any]] = []

    def make(env_id: str, **kwargs: Any) -> gymkit.Env[Any, Any]:
        env = quiet_make(env_id, **kwargs)
        made.append(env)
        return env

    yield make
    for env in made:
        env.close()
