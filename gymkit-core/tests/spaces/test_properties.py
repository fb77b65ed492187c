"""Laws every space obeys, checked with Hypothesis over generated (nested) spaces."""

from __future__ import annotations

import copy
import json
import pickle

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from gymkit.spaces import (
    GraphInstance,
    batch_differing_spaces,
    batch_space,
    concatenate,
    create_empty_array,
    flatdim,
    flatten,
    flatten_space,
    iterate,
    unflatten,
)

seeds = st.integers(0, 2**63 - 1)


@given(data=st.data(), seed=seeds)
def test_seeded_samples_are_elements(data, seed, space_strategies) -> None:
    space = data.draw(space_strategies.all_spaces)
    space.seed(seed)
    for _ in range(3):
        assert space.contains(space.sample())
        assert space.sample() in space


@given(data=st.data(), seed=seeds)
def test_masked_and_weighted_samples_are_elements(data, seed, space_strategies) -> None:
    space = data.draw(space_strategies.all_spaces)
    space.seed(seed)
    mask = data.draw(space_strategies.masks(space))
    assert space.contains(space.sample(mask=mask))
    probability = data.draw(space_strategies.masks(space, probability=True))
    assert space.contains(space.sample(probability=probability))


@given(data=st.data(), seed=seeds)
def test_identical_seeds_give_identical_samples(data, seed, space_strategies, same_element):
    space = data.draw(space_strategies.all_spaces)
    twin = copy.deepcopy(space)
    first = space.seed(seed)
    assert twin.seed(seed) == first
    assert all(same_element(space.sample(), twin.sample()) for _ in range(3))
    space.seed(seed)
    replay = copy.deepcopy(space)
    assert same_element(space.sample(), replay.sample())


@given(data=st.data(), seed=seeds)
def test_different_seeds_give_different_streams(data, seed, space_strategies, same_element):
    space = data.draw(space_strategies.multi_discretes())
    space.seed(seed)
    a = [space.sample() for _ in range(20)]
    space.seed(seed + 1 if seed < 2**63 - 1 else 0)
    b = [space.sample() for _ in range(20)]
    if int(np.prod(space.nvec)) > 1:
        assert not all(same_element(x, y) for x, y in zip(a, b))


@given(data=st.data(), seed=seeds)
def test_pickle_round_trip(data, seed, space_strategies, same_element) -> None:
    space = data.draw(space_strategies.all_spaces)
    space.seed(seed)
    clone = pickle.loads(pickle.dumps(space))
    assert clone == space and repr(clone) == repr(space)
    assert same_element(clone.sample(), space.sample())  # the random state travels too


@given(data=st.data(), seed=seeds)
def test_equality_is_reflexive_and_copy_stable(data, seed, space_strategies) -> None:
    space = data.draw(space_strategies.all_spaces)
    assert space == space and space == copy.deepcopy(space)
    assert (space != copy.deepcopy(space)) is False
    assert isinstance(repr(space), str) and repr(space)


@given(data=st.data(), seed=seeds)
def test_flatten_unflatten_round_trip(data, seed, space_strategies, same_element) -> None:
    space = data.draw(space_strategies.all_spaces)
    space.seed(seed)
    flat_space = flatten_space(space)
    for _ in range(2):
        x = space.sample()
        flat = flatten(space, x)
        assert flat_space.contains(flat), (space, x, flat, flat_space)
        assert same_element(unflatten(space, flat), x)
        if space.is_np_flattenable:
            assert isinstance(flat, np.ndarray) and flat.shape == (flatdim(space),)


@given(data=st.data(), seed=seeds)
def test_jsonable_round_trip(data, seed, space_strategies, same_element) -> None:
    space = data.draw(space_strategies.all_spaces)
    space.seed(seed)
    samples = [space.sample() for _ in range(data.draw(st.integers(0, 3)))]
    encoded = json.loads(json.dumps(space.to_jsonable(samples)))
    decoded = space.from_jsonable(encoded)
    assert len(decoded) == len(samples)
    assert all(same_element(a, b) for a, b in zip(decoded, samples))


@settings(max_examples=80)
@given(data=st.data(), seed=seeds, n=st.integers(1, 4))
def test_batch_concatenate_iterate_round_trip(data, seed, n, space_strategies, same_element):
    space = data.draw(space_strategies.all_spaces)
    space.seed(seed)
    items = [space.sample() for _ in range(n)]
    batched_space = batch_space(space, n)
    out = create_empty_array(space, n)
    batch = concatenate(space, items, out)
    assert batched_space.contains(batch), (space, batched_space, batch)
    back = list(iterate(batched_space, batch))
    assert len(back) == n
    assert all(same_element(a, b) for a, b in zip(back, items))
    # Elements the batched space samples split into elements of the space.
    assert all(space.contains(item) for item in iterate(batched_space, batched_space.sample()))


@settings(max_examples=60)
@given(data=st.data(), n=st.integers(1, 3))
def test_batching_equal_spaces_matches_batch_space(data, n, space_strategies) -> None:
    space = data.draw(space_strategies.all_spaces)
    assert batch_differing_spaces([copy.deepcopy(space) for _ in range(n)]) == batch_space(space, n)


@given(data=st.data(), n=st.integers(0, 3))
def test_create_empty_array_matches_the_batched_space(data, n, space_strategies) -> None:
    space = data.draw(space_strategies.leaves)
    empty = create_empty_array(space, n)
    if isinstance(empty, np.ndarray):
        assert empty.shape[0] == n and empty.dtype == space.dtype
        assert batch_space(space, n).shape == empty.shape
    else:
        assert len(empty) == n
    ones = create_empty_array(space, n, fn=np.ones)
    if isinstance(ones, np.ndarray) and n:
        assert np.all(ones == 1)


junk_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(),
    st.text(max_size=5),
    st.binary(max_size=5),
    st.just(object()),
    st.just(np.array(["a", "b"])),
    st.just(np.array([None, 1], dtype=object)),
    st.just(np.zeros((2, 0, 3))),
    st.just([[1, 2], [3]]),
    st.just({"a": None}),
    st.just(GraphInstance(None, "x", 3)),
    st.just(GraphInstance(np.zeros((2, 1)), np.zeros(3), np.array([[0, 9]]))),
    st.tuples(st.integers(-2, 3), st.none()),
    st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=2)), max_size=3),
    st.dictionaries(st.text("abcdefgh", max_size=3), st.none(), max_size=3),
)


@given(data=st.data(), junk=junk_values)
def test_contains_never_raises_on_junk(data, junk, space_strategies) -> None:
    space = data.draw(space_strategies.all_spaces)
    assert space.contains(junk) in (True, False)
    assert (junk in space) in (True, False)
