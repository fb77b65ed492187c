"""Observation wrappers: the transform, the resulting space, and refusals at construction."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from gymkit import error
from gymkit.spaces import (
    Box,
    Dict,
    Discrete,
    MultiBinary,
    MultiDiscrete,
    Sequence,
    Tuple,
    batch_space,
    flatten,
    flatten_space,
    unflatten,
)
from gymkit.wrappers.observation import (
    DelayObservation,
    DtypeObservation,
    FilterObservation,
    FlattenObservation,
    FrameStackObservation,
    GrayscaleObservation,
    MaxAndSkipObservation,
    NormalizeObservation,
    RescaleObservation,
    ReshapeObservation,
    ResizeObservation,
    TimeAwareObservation,
    TransformObservation,
)

floats = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False, width=32)


# ----------------------------------------------------------------------------- Transform
def test_transform_observation_applies_func_and_sets_space(counting_env):
    space = Box(0.0, 20_000.0, shape=(1,), dtype=np.float32)
    env = TransformObservation(counting_env(), lambda o: o * 2, space)
    obs, _ = env.reset(seed=0)
    assert env.observation_space == space
    assert obs[0] == 2.0
    obs, *_ = env.step(0)
    assert obs[0] == 4.0


def test_transform_observation_none_keeps_space_and_rejects_non_callable(counting_env):
    inner = counting_env()
    assert (
        TransformObservation(inner, lambda o: o, None).observation_space == inner.observation_space
    )
    with pytest.raises(error.InvalidWrapperArgument, match="callable"):
        TransformObservation(inner, 3, None)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- Flatten
NESTED = Dict(
    {
        "pos": Box(-1.0, 1.0, shape=(2, 3), dtype=np.float32),
        "mode": Discrete(4, start=1),
        "flags": MultiBinary(3),
        "pair": Tuple((Discrete(2), MultiDiscrete([3, 5]))),
    }
)


@given(seed=st.integers(0, 2**31 - 1))
def test_flatten_observation_round_trips_through_unflatten(space_env, seed):
    env = FlattenObservation(space_env(NESTED))
    assert env.observation_space == flatten_space(NESTED)
    obs, _ = env.reset(seed=seed)
    original = env.unwrapped.last_obs
    assert obs.ndim == 1 and obs in env.observation_space
    back = unflatten(NESTED, obs)
    assert back in NESTED
    np.testing.assert_array_equal(flatten(NESTED, back), obs)
    np.testing.assert_array_equal(back["pos"], original["pos"])
    assert back["mode"] == original["mode"]
    np.testing.assert_array_equal(back["pair"][1], original["pair"][1])


def test_flatten_observation_refuses_unflattenable_space(space_env):
    with pytest.raises(error.UnsupportedSpace, match="FlattenObservation"):
        FlattenObservation(space_env(Sequence(Discrete(3))))


# ----------------------------------------------------------------------------- Filter
def test_filter_observation_dict_keeps_keys_in_given_order(space_env):
    env = FilterObservation(space_env(NESTED), ["pos", "mode"])
    assert isinstance(env.observation_space, Dict)
    assert set(env.observation_space.spaces) == {"pos", "mode"}
    assert env.observation_space["pos"] == NESTED["pos"]
    obs, _ = env.reset(seed=1)
    assert set(obs) == {"pos", "mode"} and obs in env.observation_space
    obs, *_ = env.step(0)
    np.testing.assert_array_equal(obs["pos"], env.unwrapped.last_obs["pos"])


def test_filter_observation_tuple_indices(space_env):
    space = Tuple((Discrete(2), Box(0, 1, (2,)), Discrete(7)))
    env = FilterObservation(space_env(space), [2, 0])
    assert env.observation_space == Tuple((Discrete(7), Discrete(2)))
    obs, _ = env.reset(seed=3)
    inner = env.unwrapped.last_obs
    assert obs == (inner[2], inner[0])


@pytest.mark.parametrize(
    ("space", "keys", "exc", "match"),
    [
        (NESTED, ["nope"], error.InvalidWrapperArgument, "nope"),
        (NESTED, [], error.InvalidWrapperArgument, "at least one"),
        (NESTED, ["pos", "pos"], error.InvalidWrapperArgument, "repeat"),
        (NESTED, "pos", error.InvalidWrapperArgument, "sequence"),
        (Tuple((Discrete(2),)), [1], error.InvalidWrapperArgument, r"\[0, 1\)"),
        (Box(0, 1, (2,)), [0], error.UnsupportedSpace, "Dict or Tuple"),
    ],
)
def test_filter_observation_refusals(space_env, space, keys, exc, match):
    with pytest.raises(exc, match=match):
        FilterObservation(space_env(space), keys)


# ----------------------------------------------------------------------------- Reshape / Dtype
def test_reshape_observation(space_env):
    space = Box(np.arange(6, dtype=np.float32).reshape(2, 3), 10.0, dtype=np.float32)
    env = ReshapeObservation(space_env(space), (3, 2))
    assert env.observation_space.shape == (3, 2)
    np.testing.assert_array_equal(env.observation_space.low, space.low.reshape(3, 2))
    obs, _ = env.reset(seed=0)
    np.testing.assert_array_equal(obs, env.unwrapped.last_obs.reshape(3, 2))
    with pytest.raises(error.InvalidWrapperArgument, match="6 elements"):
        ReshapeObservation(space_env(space), (4, 2))
    with pytest.raises(error.UnsupportedSpace, match="Box"):
        ReshapeObservation(space_env(Discrete(3)), (1,))


def test_dtype_observation_box_and_discrete(space_env):
    env = DtypeObservation(space_env(Box(0.0, 9.0, (2,), dtype=np.float32)), np.int32)
    assert env.observation_space == Box(0, 9, (2,), dtype=np.int32)
    obs, _ = env.reset(seed=0)
    assert obs.dtype == np.int32 and obs in env.observation_space

    env = DtypeObservation(space_env(Discrete(5, start=2)), np.float32)
    assert env.observation_space == Box(2.0, 6.0, shape=(), dtype=np.float32)
    obs, _ = env.reset(seed=0)
    assert obs.dtype == np.float32 and obs in env.observation_space

    env = DtypeObservation(space_env(MultiDiscrete([2, 4])), np.uint8)
    assert env.observation_space == Box(0, np.array([1, 3]), (2,), dtype=np.uint8)
    env = DtypeObservation(space_env(MultiBinary(3)), np.float64)
    assert env.observation_space == Box(0.0, 1.0, (3,), dtype=np.float64)


def test_dtype_observation_refusals(space_env):
    with pytest.raises(error.InvalidWrapperArgument, match="int8"):
        DtypeObservation(space_env(Box(-np.inf, np.inf, (2,))), np.int8)
    with pytest.raises(error.InvalidWrapperArgument, match="uint8"):
        DtypeObservation(space_env(Discrete(300)), np.uint8)
    with pytest.raises(error.UnsupportedSpace, match="Dict"):
        DtypeObservation(space_env(NESTED), np.float32)


# ----------------------------------------------------------------------------- Rescale
@st.composite
def boxes_and_targets(draw):
    n = draw(st.integers(1, 4))
    low = np.array(draw(st.lists(st.floats(-100, 100), min_size=n, max_size=n)))
    width = np.array(draw(st.lists(st.floats(0.01, 100), min_size=n, max_size=n)))
    t_low = np.array(draw(st.lists(st.floats(-10, 10), min_size=n, max_size=n)))
    t_width = np.array(draw(st.lists(st.floats(0.01, 10), min_size=n, max_size=n)))
    fractions = np.array(draw(st.lists(st.floats(0, 1), min_size=n, max_size=n)))
    return low, low + width, t_low, t_low + t_width, fractions


@given(case=boxes_and_targets())
def test_rescale_observation_then_inverse_recovers_observation(sequence_env, case):
    low, high, t_low, t_high, fractions = case
    x = low + fractions * (high - low)
    inner = sequence_env(np.stack([x, x]))
    inner.observation_space = Box(low, high, dtype=np.float64)
    env = RescaleObservation(inner, t_low, t_high)
    assert env.observation_space == Box(t_low, t_high, dtype=np.float64)
    y, _ = env.reset()
    assert y in env.observation_space
    back = (y - t_low) / (t_high - t_low) * (high - low) + low
    np.testing.assert_allclose(
        back, x, rtol=1e-9, atol=1e-9 * (1 + float(np.max(np.abs(high - low))))
    )


def test_rescale_observation_maps_bounds_to_bounds(sequence_env):
    inner = sequence_env(np.array([[-2.0, 0.0], [2.0, 10.0]], dtype=np.float32))
    inner.observation_space = Box(np.array([-2.0, 0.0]), np.array([2.0, 10.0]), dtype=np.float32)
    env = RescaleObservation(inner, -1.0, 1.0)
    obs, _ = env.reset()
    np.testing.assert_allclose(obs, [-1.0, -1.0])
    obs, *_ = env.step(0)
    np.testing.assert_allclose(obs, [1.0, 1.0])
    assert obs.dtype == np.float32


@pytest.mark.parametrize(
    ("space", "lo", "hi", "exc", "match"),
    [
        (Box(-np.inf, np.inf, (2,)), -1, 1, error.UnsupportedSpace, "finite"),
        (Box(0, 10, (2,), dtype=np.int64), -1, 1, error.UnsupportedSpace, "floating"),
        (Discrete(3), -1, 1, error.UnsupportedSpace, "Box"),
        (Box(0.0, 1.0, (2,)), 1, 1, error.InvalidWrapperArgument, "min_obs < max_obs"),
        (Box(0.0, 1.0, (2,)), [0, 0, 0], 1, error.InvalidWrapperArgument, "broadcastable"),
    ],
)
def test_rescale_observation_refusals(space_env, space, lo, hi, exc, match):
    with pytest.raises(exc, match=match):
        RescaleObservation(space_env(space), lo, hi)


# ----------------------------------------------------------------------------- images
IMAGE = Box(0, 255, shape=(12, 16, 3), dtype=np.uint8)


def test_grayscale_observation_values_and_shapes(sequence_env):
    frames = np.zeros((2, 2, 3, 3), dtype=np.uint8)
    frames[0, 0, 0] = [255, 0, 0]
    frames[0, 0, 1] = [0, 255, 0]
    frames[0, 0, 2] = [0, 0, 255]
    frames[0, 1, :] = [255, 255, 255]
    inner = sequence_env(frames, low=0, high=255)
    env = GrayscaleObservation(inner)
    assert env.observation_space == Box(0, 255, (2, 3), dtype=np.uint8)
    obs, _ = env.reset()
    np.testing.assert_array_equal(obs, [[54, 182, 18], [255, 255, 255]])
    env = GrayscaleObservation(inner, keep_dim=True)
    assert env.observation_space.shape == (2, 3, 1)
    assert env.reset()[0].shape == (2, 3, 1)


@pytest.mark.parametrize(
    "space",
    [
        Box(0, 255, (4, 4), dtype=np.uint8),
        Box(0, 255, (4, 4, 4), dtype=np.uint8),
        Box(0.0, 1.0, (4, 4, 3), dtype=np.float32),
        Discrete(3),
    ],
)
def test_grayscale_observation_refuses_non_rgb(space_env, space):
    with pytest.raises(error.UnsupportedSpace, match="GrayscaleObservation"):
        GrayscaleObservation(space_env(space))


@pytest.mark.parametrize("new_shape", [(6, 8), (24, 10), (12, 16)])
def test_resize_observation_rgb(space_env, new_shape):
    env = ResizeObservation(space_env(IMAGE), new_shape)
    assert env.observation_space == Box(0, 255, (*new_shape, 3), dtype=np.uint8)
    for obs in (env.reset(seed=0)[0], env.step(0)[0]):
        assert obs.shape == (*new_shape, 3) and obs.dtype == np.uint8
        assert obs in env.observation_space


def test_resize_observation_keeps_constant_images_constant_and_halves_blocks(sequence_env):
    frames = np.zeros((2, 8, 8, 1), dtype=np.uint8)
    frames[0] = 77
    frames[1, :4] = 200  # top half bright
    env = ResizeObservation(sequence_env(frames, low=0, high=255), (4, 4))
    obs, _ = env.reset()
    assert obs.shape == (4, 4, 1)
    assert np.all(obs == 77)
    obs, *_ = env.step(0)
    assert np.all(obs[0] == 200) and np.all(obs[-1] == 0)


def test_resize_observation_2d_float(sequence_env):
    frames = np.linspace(0, 1, 2 * 10 * 6, dtype=np.float32).reshape(2, 10, 6)
    env = ResizeObservation(sequence_env(frames, low=0.0, high=1.0), (5, 3))
    assert env.observation_space == Box(0.0, 1.0, (5, 3), dtype=np.float32)
    obs, _ = env.reset()
    assert obs.shape == (5, 3) and obs.dtype == np.float32 and obs in env.observation_space
    assert obs[-1].mean() > obs[0].mean()  # the gradient survives resizing


@pytest.mark.parametrize(
    ("space", "shape", "exc", "match"),
    [
        (Box(0, 1, (5,)), (2, 2), error.UnsupportedSpace, r"\(H, W\)"),
        (Discrete(4), (2, 2), error.UnsupportedSpace, "image Box"),
        (Box(0, 9, (4, 4), dtype=np.int64), (2, 2), error.UnsupportedSpace, "uint8 or float32"),
        (IMAGE, (0, 4), error.InvalidWrapperArgument, "positive"),
        (IMAGE, (4,), error.InvalidWrapperArgument, "height, width"),
    ],
)
def test_resize_observation_refusals(space_env, space, shape, exc, match):
    with pytest.raises(exc, match=match):
        ResizeObservation(space_env(space), shape)


# ----------------------------------------------------------------------------- Normalize
@given(
    data=hnp.arrays(
        np.float64,
        st.tuples(st.integers(2, 30), st.integers(1, 3)),
        elements=st.floats(-1e3, 1e3, allow_nan=False),
    )
)
def test_normalize_observation_statistics_match_numpy(sequence_env, data):
    env = NormalizeObservation(sequence_env(data))
    assert env.observation_space == Box(-np.inf, np.inf, data.shape[1:], dtype=np.float32)
    outputs = [env.reset()[0]]
    for _ in range(len(data) - 1):
        outputs.append(env.step(0)[0])
    rms = env.obs_rms
    assert rms.count == len(data)
    np.testing.assert_allclose(rms.mean, data.mean(axis=0), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(rms.var, data.var(axis=0), rtol=1e-7, atol=1e-6)
    # The last output is normalised with the statistics of all the data.
    expected = (data[-1] - data.mean(axis=0)) / np.sqrt(data.var(axis=0) + 1e-8)
    np.testing.assert_allclose(outputs[-1], expected.astype(np.float32), rtol=1e-4, atol=1e-3)
    assert all(o.dtype == np.float32 for o in outputs)


def test_normalize_observation_freezes(sequence_env):
    data = np.array([[1.0], [3.0], [100.0], [5.0]])
    env = NormalizeObservation(sequence_env(data), epsilon=1e-12)
    env.reset()
    env.step(0)
    env.update_running_mean = False
    assert env.update_running_mean is False
    obs, *_ = env.step(0)
    assert env.obs_rms.count == 2
    np.testing.assert_allclose(obs, [(100.0 - 2.0) / 1.0], rtol=1e-6)
    with pytest.raises(error.UnsupportedSpace, match="Box"):
        NormalizeObservation(_discrete_env())


def _discrete_env():
    from gymkit.core import Env

    class _Env(Env):
        observation_space = Discrete(3)
        action_space = Discrete(2)

    return _Env()


# ----------------------------------------------------------------------------- TimeAware
def test_time_aware_observation_flattened_box(counting_env):
    env = TimeAwareObservation(counting_env(episode_length=4), max_episode_steps=4)
    obs, _ = env.reset()
    np.testing.assert_array_equal(obs, [1, 0])
    assert obs in env.observation_space
    for t in range(1, 4):
        obs, *_ = env.step(0)
        np.testing.assert_array_equal(obs, [1 + t, t])
    env.reset()
    assert env.timesteps == 0


def test_time_aware_observation_normalized_and_unflattened(counting_env):
    env = TimeAwareObservation(
        counting_env(episode_length=4), flatten=False, normalize_time=True, max_episode_steps=4
    )
    assert env.observation_space == Dict(
        {"obs": Box(0.0, 10_000.0, (1,)), "time": Box(0.0, 1.0, (1,), dtype=np.float32)}
    )
    env.reset()
    obs, *_ = env.step(0)
    assert obs["time"][0] == pytest.approx(0.25)
    assert obs in env.observation_space


def test_time_aware_observation_dict_and_tuple_spaces(space_env):
    dict_env = TimeAwareObservation(
        space_env(Dict({"a": Discrete(3)})), flatten=False, max_episode_steps=10, dict_time_key="t"
    )
    assert set(dict_env.observation_space.spaces) == {"a", "t"}
    obs, _ = dict_env.reset(seed=0)
    assert obs["t"][0] == 0 and obs in dict_env.observation_space
    tuple_env = TimeAwareObservation(
        space_env(Tuple((Discrete(3),))), flatten=False, max_episode_steps=10
    )
    assert len(tuple_env.observation_space.spaces) == 2
    tuple_env.reset(seed=0)
    obs, *_ = tuple_env.step(0)
    assert obs[1][0] == 1 and obs in tuple_env.observation_space


def test_time_aware_observation_refusals(counting_env, space_env):
    with pytest.raises(error.InvalidWrapperArgument, match="max_episode_steps"):
        TimeAwareObservation(counting_env())
    with pytest.raises(error.InvalidWrapperArgument, match="already has key"):
        TimeAwareObservation(space_env(Dict({"time": Discrete(2)})), max_episode_steps=3)


# ----------------------------------------------------------------------------- FrameStack
@given(
    stack_size=st.integers(1, 5),
    episode_length=st.integers(1, 8),
    actions=st.lists(st.booleans(), min_size=1, max_size=25),
    padding=st.sampled_from(["reset", "zero", "custom"]),
)
def test_frame_stack_window_matches_history(
    counting_env, stack_size, episode_length, actions, padding
):
    padding_type = np.array([-7.0], dtype=np.float32) if padding == "custom" else padding
    inner = counting_env(episode_length=episode_length)
    inner.observation_space = Box(-10.0, 10_000.0, shape=(1,), dtype=np.float32)
    env = FrameStackObservation(inner, stack_size, padding_type=padding_type)
    assert env.observation_space == batch_space(inner.observation_space, stack_size)
    pad = {"reset": 1.0, "zero": 0.0, "custom": -7.0}[padding]

    history: list[float] = []
    previous = None
    obs, _ = env.reset()
    history = [pad] * (stack_size - 1) + [1.0]
    for reset_now in actions:
        assert obs.shape == (stack_size, 1) and obs in env.observation_space
        np.testing.assert_array_equal(obs[:, 0], history[-stack_size:])
        if previous is not None:
            assert not np.shares_memory(obs, previous)
        previous = obs
        if reset_now:
            obs, _ = env.reset()
            history = [pad] * (stack_size - 1) + [1.0]
            continue
        obs, _, terminated, _, _ = env.step(0)
        history.append(float(inner.t + 1))
        if terminated:
            obs, _ = env.reset()
            history = [pad] * (stack_size - 1) + [1.0]


def test_frame_stack_of_dict_observations(space_env):
    space = Dict({"x": Box(0, 1, (2,)), "k": Discrete(3)})
    env = FrameStackObservation(space_env(space), 3, padding_type="zero")
    assert env.observation_space == batch_space(space, 3)
    obs, _ = env.reset(seed=0)
    assert obs in env.observation_space
    np.testing.assert_array_equal(obs["x"][:2], np.zeros((2, 2)))
    np.testing.assert_array_equal(obs["x"][2], env.unwrapped.last_obs["x"])


@pytest.mark.parametrize(
    ("stack_size", "padding_type", "match"),
    [
        (0, "reset", "stack_size >= 1"),
        (2.5, "reset", "int stack_size"),
        (2, "ones", "padding_type"),
        (2, np.array([-99.0], dtype=np.float32), "padding_type"),
    ],
)
def test_frame_stack_refusals(counting_env, stack_size, padding_type, match):
    with pytest.raises(error.InvalidWrapperArgument, match=match):
        FrameStackObservation(counting_env(), stack_size, padding_type=padding_type)


# ----------------------------------------------------------------------------- Delay
@given(delay=st.integers(0, 6), steps=st.integers(0, 12))
def test_delay_observation_returns_observation_from_delay_steps_ago(counting_env, delay, steps):
    env = DelayObservation(counting_env(episode_length=100), delay)
    assert env.observation_space == env.env.observation_space
    produced = [1.0]
    seen = [float(env.reset()[0][0])]
    for _ in range(steps):
        seen.append(float(env.step(0)[0][0]))
        produced.append(float(env.unwrapped.t + 1))
    for t, value in enumerate(seen):
        assert value == (produced[t - delay] if t >= delay else 0.0)


def test_delay_observation_reset_clears_queue_and_rejects_negative(counting_env):
    env = DelayObservation(counting_env(), 1)
    env.reset()
    env.step(0)
    obs, _ = env.reset()
    assert obs[0] == 0.0
    with pytest.raises(error.InvalidWrapperArgument, match="delay >= 0"):
        DelayObservation(counting_env(), -1)


# ----------------------------------------------------------------------------- MaxAndSkip
def test_max_and_skip_observation(counting_env):
    inner = counting_env(episode_length=10)
    env = MaxAndSkipObservation(inner, skip=4)
    env.reset()
    obs, reward, terminated, _, info = env.step(2)
    assert inner.actions == [2, 2, 2, 2]
    assert obs[0] == 5.0  # max of the last two frames [4] and [5]
    assert reward == 1 + 2 + 3 + 4
    assert info == {"t": 4} and not terminated
    env.step(1)
    obs, reward, terminated, _truncated, info = env.step(1)  # stops at t == 10
    assert terminated and inner.t == 10 and reward == 9 + 10 and obs[0] == 11.0


def test_max_and_skip_takes_elementwise_max(sequence_env):
    frames = np.array([[0, 0], [5, 1], [2, 9], [0, 0]], dtype=np.float32)
    env = MaxAndSkipObservation(sequence_env(frames), skip=2)
    env.reset()
    obs, *_ = env.step(0)
    np.testing.assert_array_equal(obs, [5, 9])
    with pytest.raises(error.UnsupportedSpace, match="Box"):
        MaxAndSkipObservation(_discrete_env())
    with pytest.raises(error.InvalidWrapperArgument, match="skip >= 1"):
        MaxAndSkipObservation(sequence_env(frames), skip=0)


def test_time_aware_observation_reads_horizon_from_time_limit(counting_env):
    from gymkit.wrappers.common import TimeLimit

    env = TimeAwareObservation(TimeLimit(counting_env(episode_length=100), 7), normalize_time=True)
    assert env.max_timesteps == 7
    env.reset()
    for _ in range(6):
        env.step(0)
    obs, _, _, truncated, _ = env.step(0)
    assert truncated and obs[-1] == pytest.approx(1.0)


def test_stateful_observation_wrappers_pickle_mid_episode(counting_env, space_env):
    import pickle

    stacks = [
        TimeAwareObservation(counting_env(episode_length=50), max_episode_steps=50),
        FrameStackObservation(counting_env(episode_length=50), 3),
        DelayObservation(counting_env(episode_length=50), 2),
        NormalizeObservation(counting_env(episode_length=50)),
        ResizeObservation(space_env(IMAGE, episode_length=50), (6, 8)),
    ]
    for env in stacks:
        env.reset(seed=5)
        env.step(0)
        clone = pickle.loads(pickle.dumps(env))
        for _ in range(3):
            np.testing.assert_array_equal(env.step(0)[0], clone.step(0)[0])
