"""Wrappers that transform observations (and the observation space with them).

Every wrapper here checks the wrapped env's observation space at construction and raises
:class:`gymkit.error.UnsupportedSpace` (naming the space and what it needs) when it cannot handle
it, or :class:`gymkit.error.InvalidWrapperArgument` for a bad argument.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from typing import Any, SupportsFloat, cast

import numpy as np

from gymkit import error
from gymkit.core import ActType, Env, ObservationWrapper, ObsType, Wrapper, WrapperObsType
from gymkit.spaces import (
    Box,
    Dict,
    Discrete,
    MultiBinary,
    MultiDiscrete,
    Space,
    Tuple,
    batch_space,
    concatenate,
    create_empty_array,
    flatten,
    flatten_space,
)
from gymkit.wrappers.utils import RunningMeanStd, affine_map, require_box, zero_element

__all__ = [
    "DelayObservation",
    "DtypeObservation",
    "FilterObservation",
    "FlattenGoalObservation",
    "FlattenObservation",
    "FrameStackObservation",
    "GrayscaleObservation",
    "MaxAndSkipObservation",
    "NormalizeObservation",
    "RescaleObservation",
    "ReshapeObservation",
    "ResizeObservation",
    "TimeAwareObservation",
    "TransformObservation",
]


def _positive_int(wrapper: str, name: str, value: Any, minimum: int = 1) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise error.InvalidWrapperArgument(
            f"{wrapper} needs an int {name} >= {minimum}, got {value!r} of type "
            f"{type(value).__name__}"
        )
    if value < minimum:
        raise error.InvalidWrapperArgument(f"{wrapper} needs {name} >= {minimum}, got {value}")
    return int(value)


# ----------------------------------------------------------------------------- generic
class TransformObservation(ObservationWrapper[WrapperObsType, ActType, ObsType]):
    """Apply ``func`` to every observation.

    ``observation_space`` is the space of ``func``'s results; ``None`` keeps the wrapped env's
    space (only correct when ``func`` maps the space into itself).
    """

    def __init__(
        self,
        env: Env[ObsType, ActType],
        func: Callable[[ObsType], Any],
        observation_space: Space[WrapperObsType] | None,
    ) -> None:
        super().__init__(env)
        if not callable(func):
            raise error.InvalidWrapperArgument(
                f"TransformObservation needs a callable func, got {func!r}"
            )
        if observation_space is not None:
            if not isinstance(observation_space, Space):
                raise error.InvalidWrapperArgument(
                    "TransformObservation's observation_space must be a gymkit.spaces.Space or "
                    f"None, got {observation_space!r}"
                )
            self.observation_space = observation_space
        self.func = func

    def observation(self, observation: ObsType) -> WrapperObsType:
        """Return ``func(observation)``."""
        return self.func(observation)


class FlattenObservation(ObservationWrapper[np.ndarray, ActType, ObsType]):
    """Flatten every observation to a 1-D array with :func:`gymkit.spaces.flatten`.

    The new space is ``flatten_space(env.observation_space)``;
    ``unflatten(env.observation_space, obs)`` recovers the original observation.
    """

    def __init__(self, env: Env[ObsType, ActType]) -> None:
        super().__init__(env)
        space = env.observation_space
        if not getattr(space, "is_np_flattenable", False):
            raise error.UnsupportedSpace(
                f"FlattenObservation needs an observation space that flattens to a fixed-size "
                f"array (Box, Discrete, MultiDiscrete, MultiBinary, or Tuple/Dict of them), got "
                f"{space!r}"
            )
        self.observation_space = flatten_space(space)

    def observation(self, observation: ObsType) -> np.ndarray:
        """Return the flat array of ``observation``."""
        return flatten(self.env.observation_space, observation)


class FlattenGoalObservation(ObservationWrapper[np.ndarray, ActType, dict[str, Any]]):
    """Flatten a goal env's observation for learners that do not use goals.

    The new observation is one 1-D array: ``observation``, then ``achieved_goal`` (unless
    ``include_achieved_goal=False``), then ``desired_goal``, each flattened with
    :func:`gymkit.spaces.flatten`. The wrapped env keeps its ``compute_reward``.
    """

    def __init__(self, env: Env[dict[str, Any], ActType], include_achieved_goal: bool = True):
        super().__init__(env)
        from gymkit.goal_env import GOAL_KEYS, check_goal_observation_space

        try:
            check_goal_observation_space(env.observation_space)
        except error.InvalidSpace as exc:
            raise error.UnsupportedSpace(f"FlattenGoalObservation: {exc}") from None
        self._keys = [k for k in GOAL_KEYS if include_achieved_goal or k != "achieved_goal"]
        space = env.observation_space
        parts = [cast(Box, flatten_space(space[key])) for key in self._keys]  # type: ignore[index]
        self.observation_space = Box(
            np.concatenate([p.low for p in parts]),
            np.concatenate([p.high for p in parts]),
            dtype=np.result_type(*[p.dtype for p in parts]),
        )

    def observation(self, observation: dict[str, Any]) -> np.ndarray:
        """Return ``observation``, ``achieved_goal`` (if kept) and ``desired_goal``, flat."""
        space = self.env.observation_space
        return np.concatenate(
            [flatten(space[key], observation[key]) for key in self._keys]  # type: ignore[index]
        ).astype(self.observation_space.dtype, copy=False)


class FilterObservation(ObservationWrapper[Any, ActType, ObsType]):
    """Keep only some entries of Dict (keys) or Tuple (indices) observations.

    The new space holds the kept subspaces in the order of ``filter_keys``.
    """

    def __init__(self, env: Env[ObsType, ActType], filter_keys: Sequence[str | int]) -> None:
        super().__init__(env)
        space = env.observation_space
        if isinstance(filter_keys, (str, bytes)) or not isinstance(filter_keys, Sequence):
            raise error.InvalidWrapperArgument(
                f"FilterObservation needs a sequence of keys, got {filter_keys!r}; "
                "write filter_keys=['key'] for a single key"
            )
        keys: list[Any] = list(filter_keys)
        if not keys:
            raise error.InvalidWrapperArgument("FilterObservation needs at least one key to keep")
        if len(set(keys)) != len(keys):
            raise error.InvalidWrapperArgument(f"FilterObservation keys repeat: {keys}")
        if isinstance(space, Dict):
            missing = [k for k in keys if k not in space.spaces]
            if missing:
                raise error.InvalidWrapperArgument(
                    f"FilterObservation keys {missing} are not in the observation space; "
                    f"available keys: {list(space.spaces)}"
                )
            self.observation_space = Dict({k: space.spaces[k] for k in keys})
            self._is_dict = True
        elif isinstance(space, Tuple):
            n = len(space.spaces)
            bad = [k for k in keys if not isinstance(k, (int, np.integer)) or isinstance(k, bool)]
            bad += [k for k in keys if k not in bad and not 0 <= k < n]
            if bad:
                raise error.InvalidWrapperArgument(
                    f"FilterObservation on a Tuple space needs int indices in [0, {n}), got {bad}"
                )
            self.observation_space = Tuple([space.spaces[k] for k in keys])
            self._is_dict = False
        else:
            raise error.UnsupportedSpace(
                f"FilterObservation needs a Dict or Tuple observation space, got {space!r}"
            )
        self.filter_keys: list[Any] = keys

    def observation(self, observation: Any) -> Any:
        """Return the kept entries, as a dict or a tuple like the original."""
        if self._is_dict:
            return {k: observation[k] for k in self.filter_keys}
        return tuple(observation[k] for k in self.filter_keys)


# ----------------------------------------------------------------------------- Box reshaping
class ReshapeObservation(ObservationWrapper[np.ndarray, ActType, np.ndarray]):
    """Reshape Box observations to ``shape`` (same number of elements)."""

    def __init__(self, env: Env[np.ndarray, ActType], shape: int | Sequence[int]) -> None:
        super().__init__(env)
        space = require_box("ReshapeObservation", env.observation_space, "observation")
        new_shape = (int(shape),) if isinstance(shape, (int, np.integer)) else tuple(shape)
        if any(not isinstance(d, (int, np.integer)) or d <= 0 for d in new_shape) or int(
            np.prod(new_shape)
        ) != int(np.prod(space.shape)):
            raise error.InvalidWrapperArgument(
                f"ReshapeObservation cannot reshape {space.shape} to {new_shape}: the new shape "
                f"must be positive ints with {int(np.prod(space.shape))} elements in all"
            )
        self.shape = tuple(int(d) for d in new_shape)
        self.observation_space = Box(
            low=space.low.reshape(self.shape),
            high=space.high.reshape(self.shape),
            shape=self.shape,
            dtype=space.dtype,
        )

    def observation(self, observation: np.ndarray) -> np.ndarray:
        """Return ``observation`` reshaped to :attr:`shape`."""
        return np.reshape(observation, self.shape)


class DtypeObservation(ObservationWrapper[np.ndarray, ActType, Any]):
    """Cast observations to ``dtype``; the new space is a Box of that dtype.

    Handles Box (same bounds), Discrete (scalar Box ``[start, start + n - 1]``), MultiDiscrete
    (``[start, start + nvec - 1]``) and MultiBinary (``[0, 1]``). Bounds the dtype cannot
    represent (``inf`` for an integer dtype, out of range) are refused.
    """

    def __init__(self, env: Env[Any, ActType], dtype: Any) -> None:
        super().__init__(env)
        space = env.observation_space
        try:
            self.dtype = np.dtype(dtype)
        except TypeError as exc:
            raise error.InvalidWrapperArgument(
                f"DtypeObservation needs a NumPy dtype, got {dtype!r}"
            ) from exc
        if isinstance(space, Box):
            low, high = space.low, space.high
        elif isinstance(space, Discrete):
            low = np.asarray(space.start, dtype=np.int64)
            high = low + int(space.n) - 1
        elif isinstance(space, MultiDiscrete):
            low = np.asarray(space.start, dtype=np.int64)
            high = low + np.asarray(space.nvec, dtype=np.int64) - 1
        elif isinstance(space, MultiBinary):
            low, high = np.zeros(space.shape, np.int8), np.ones(space.shape, np.int8)
        else:
            raise error.UnsupportedSpace(
                "DtypeObservation needs a Box, Discrete, MultiDiscrete or MultiBinary "
                f"observation space, got {space!r}"
            )
        if not (np.issubdtype(self.dtype, np.number) or self.dtype == np.bool_):
            raise error.InvalidWrapperArgument(
                f"DtypeObservation needs a numeric dtype, got {self.dtype}"
            )
        if np.issubdtype(self.dtype, np.integer):
            info = np.iinfo(self.dtype)
            if not (np.all(np.isfinite(low)) and np.all(np.isfinite(high))) or (
                np.any(low < info.min) or np.any(high > info.max)
            ):
                raise error.InvalidWrapperArgument(
                    f"DtypeObservation cannot cast {space!r} to {self.dtype}: its bounds "
                    f"[{np.min(low)}, {np.max(high)}] exceed [{info.min}, {info.max}]; pick a "
                    "wider or floating dtype"
                )
        self.observation_space = Box(
            low=np.asarray(low).astype(self.dtype),
            high=np.asarray(high).astype(self.dtype),
            shape=np.shape(low),
            dtype=self.dtype,
        )

    def observation(self, observation: Any) -> np.ndarray:
        """Return ``observation`` as an array of :attr:`dtype`."""
        return np.asarray(observation, dtype=self.dtype)


class RescaleObservation(ObservationWrapper[np.ndarray, ActType, np.ndarray]):
    """Map Box observations linearly from ``[low, high]`` onto ``[min_obs, max_obs]``.

    The wrapped space must be a floating Box with finite bounds; ``min_obs`` and ``max_obs``
    (scalars or arrays broadcastable to the shape) must satisfy ``min_obs < max_obs``.
    """

    def __init__(
        self,
        env: Env[np.ndarray, ActType],
        min_obs: float | np.ndarray,
        max_obs: float | np.ndarray,
    ) -> None:
        super().__init__(env)
        space = _require_finite_float_box(
            "RescaleObservation", env.observation_space, "observation"
        )
        low, high = _new_bounds("RescaleObservation", space, min_obs, max_obs, "min_obs", "max_obs")
        self.min_obs, self.max_obs = low, high
        self._scale, self._offset = affine_map(space.low, space.high, low, high)
        self.observation_space = Box(low=low, high=high, shape=space.shape, dtype=space.dtype)

    def observation(self, observation: np.ndarray) -> np.ndarray:
        """Return the rescaled observation (clipped against rounding to the new bounds)."""
        out = np.asarray(observation, dtype=np.float64) * self._scale + self._offset
        return np.clip(out, self.min_obs, self.max_obs).astype(self.observation_space.dtype)


def _require_finite_float_box(wrapper: str, space: Space[Any], role: str) -> Box:
    box = require_box(wrapper, space, role, "a floating-point Box")
    if not np.issubdtype(box.dtype, np.floating):
        raise error.UnsupportedSpace(
            f"{wrapper} needs a floating-point Box {role} space, got {box!r} of dtype {box.dtype}"
        )
    if not (np.all(np.isfinite(box.low)) and np.all(np.isfinite(box.high))):
        raise error.UnsupportedSpace(
            f"{wrapper} needs finite {role} bounds to rescale, got {box!r}; bound the space "
            "first (e.g. clip it) or normalise instead"
        )
    if np.any(box.low >= box.high):
        raise error.UnsupportedSpace(
            f"{wrapper} needs low < high in every dimension of the {role} space, got {box!r}"
        )
    return box


def _new_bounds(
    wrapper: str, space: Box, new_low: Any, new_high: Any, low_name: str, high_name: str
) -> tuple[np.ndarray, np.ndarray]:
    try:
        low = np.broadcast_to(np.asarray(new_low, dtype=space.dtype), space.shape).copy()
        high = np.broadcast_to(np.asarray(new_high, dtype=space.dtype), space.shape).copy()
    except (ValueError, TypeError) as exc:
        raise error.InvalidWrapperArgument(
            f"{wrapper}: {low_name}={new_low!r} and {high_name}={new_high!r} must be numbers or "
            f"arrays broadcastable to the space's shape {space.shape}"
        ) from exc
    if not (np.all(np.isfinite(low)) and np.all(np.isfinite(high))) or np.any(low >= high):
        raise error.InvalidWrapperArgument(
            f"{wrapper} needs finite {low_name} < {high_name} in every dimension, got "
            f"{low_name}={new_low!r}, {high_name}={new_high!r}"
        )
    return low, high


# ----------------------------------------------------------------------------- images
def _require_image(wrapper: str, space: Space[Any], channels: tuple[int, ...] | None) -> Box:
    box = require_box(wrapper, space, "observation", "an image Box")
    ok_rank = len(box.shape) in (2, 3) if channels is None else len(box.shape) == 3
    if not ok_rank or (channels is not None and box.shape[-1] not in channels):
        want = (
            "(H, W) or (H, W, C)"
            if channels is None
            else f"(H, W, {' or '.join(map(str, channels))})"
        )
        raise error.UnsupportedSpace(
            f"{wrapper} needs an image observation space of shape {want}, got {box!r}"
        )
    return box


class GrayscaleObservation(ObservationWrapper[np.ndarray, ActType, np.ndarray]):
    """Convert ``(H, W, 3)`` ``uint8`` RGB observations to luminance.

    Luminance is ``0.2125 R + 0.7154 G + 0.0721 B`` rounded to ``uint8``; the result has shape
    ``(H, W)``, or ``(H, W, 1)`` with ``keep_dim=True``.
    """

    _WEIGHTS = np.array([0.2125, 0.7154, 0.0721], dtype=np.float32)

    def __init__(self, env: Env[np.ndarray, ActType], keep_dim: bool = False) -> None:
        super().__init__(env)
        space = _require_image("GrayscaleObservation", env.observation_space, (3,))
        if space.dtype != np.uint8 or np.any(space.low != 0) or np.any(space.high != 255):
            raise error.UnsupportedSpace(
                f"GrayscaleObservation needs a uint8 RGB space with bounds [0, 255], got {space!r}"
            )
        self.keep_dim = bool(keep_dim)
        shape = space.shape[:2] + ((1,) if self.keep_dim else ())
        self.observation_space = Box(low=0, high=255, shape=shape, dtype=np.uint8)

    def observation(self, observation: np.ndarray) -> np.ndarray:
        """Return the luminance image."""
        gray = np.rint(np.asarray(observation, dtype=np.float32) @ self._WEIGHTS)
        gray = np.clip(gray, 0, 255).astype(np.uint8)
        return gray[..., None] if self.keep_dim else gray


class ResizeObservation(ObservationWrapper[np.ndarray, ActType, np.ndarray]):
    """Resize image observations to ``shape = (height, width)`` with Pillow's resampler.

    Takes ``(H, W)`` or ``(H, W, C)`` Box spaces of dtype ``uint8`` (any C) or ``float32``;
    channels are kept. ``resample`` names a Pillow filter (``"bilinear"`` by default, which
    antialiases when shrinking; ``"nearest"``, ``"box"``, ``"bicubic"``, ``"lanczos"``). Needs
    Pillow (``pip install 'gymkit-core[render]'``).
    """

    def __init__(
        self,
        env: Env[np.ndarray, ActType],
        shape: tuple[int, int],
        *,
        resample: str = "bilinear",
    ) -> None:
        super().__init__(env)
        try:
            from PIL import Image
        except ImportError as exc:
            raise error.DependencyNotInstalled(
                "ResizeObservation needs Pillow; install it with pip install 'gymkit-core[render]'"
            ) from exc
        space = _require_image("ResizeObservation", env.observation_space, None)
        if space.dtype not in (np.uint8, np.float32):
            raise error.UnsupportedSpace(
                f"ResizeObservation needs a uint8 or float32 image space, got {space!r}; "
                "cast it first with DtypeObservation"
            )
        if (
            not isinstance(shape, Sequence)
            or len(shape) != 2
            or any(
                isinstance(d, bool) or not isinstance(d, (int, np.integer)) or d <= 0 for d in shape
            )
        ):
            raise error.InvalidWrapperArgument(
                f"ResizeObservation needs shape=(height, width) of two positive ints, got {shape!r}"
            )
        filters = {
            "nearest": Image.Resampling.NEAREST,
            "box": Image.Resampling.BOX,
            "bilinear": Image.Resampling.BILINEAR,
            "bicubic": Image.Resampling.BICUBIC,
            "lanczos": Image.Resampling.LANCZOS,
        }
        if resample not in filters:
            raise error.InvalidWrapperArgument(
                f"ResizeObservation resample={resample!r} is not one of {sorted(filters)}"
            )
        self._filter = filters[resample]
        self.shape = (int(shape[0]), int(shape[1]))
        new_shape = self.shape + tuple(space.shape[2:])
        self.observation_space = Box(
            low=np.min(space.low), high=np.max(space.high), shape=new_shape, dtype=space.dtype
        )
        self._low, self._high = np.min(space.low), np.max(space.high)

    def observation(self, observation: np.ndarray) -> np.ndarray:
        """Return the resized image, ``(height, width[, C])`` of the same dtype."""
        from PIL import Image  # imported (and checked) by __init__: a dict look-up here

        obs = np.asarray(observation)
        height, width = self.shape
        if obs.ndim == 3 and obs.shape[2] == 3 and obs.dtype == np.uint8:
            image = Image.fromarray(np.ascontiguousarray(obs))
            return np.asarray(image.resize((width, height), self._filter))
        planes = obs[..., None] if obs.ndim == 2 else obs
        out = np.empty((height, width, planes.shape[2]), dtype=obs.dtype)
        for c in range(planes.shape[2]):
            image = Image.fromarray(np.ascontiguousarray(planes[..., c]))
            out[..., c] = np.asarray(image.resize((width, height), self._filter))
        if obs.dtype != np.uint8:
            np.clip(out, self._low, self._high, out=out)
        return out[..., 0] if obs.ndim == 2 else out


# ----------------------------------------------------------------------------- statistics
class NormalizeObservation(ObservationWrapper[np.ndarray, ActType, np.ndarray]):
    """Normalise Box observations to roughly zero mean and unit variance per dimension.

    Each observation first updates the running mean and variance (:attr:`obs_rms`, a
    :class:`~gymkit.wrappers.utils.RunningMeanStd`) unless :attr:`update_running_mean` is
    ``False`` (freeze it for evaluation), then is returned as
    ``(obs - mean) / sqrt(var + epsilon)`` in ``float32``. The new space is an unbounded
    ``float32`` Box of the same shape.
    """

    def __init__(self, env: Env[np.ndarray, ActType], epsilon: float = 1e-8) -> None:
        super().__init__(env)
        space = require_box("NormalizeObservation", env.observation_space, "observation")
        if not epsilon > 0:
            raise error.InvalidWrapperArgument(
                f"NormalizeObservation needs epsilon > 0, got {epsilon!r}"
            )
        self.observation_space = Box(low=-np.inf, high=np.inf, shape=space.shape, dtype=np.float32)
        self.obs_rms = RunningMeanStd(shape=space.shape)
        self.epsilon = float(epsilon)
        self._update_running_mean = True

    @property
    def update_running_mean(self) -> bool:
        """Whether new observations update the statistics."""
        return self._update_running_mean

    @update_running_mean.setter
    def update_running_mean(self, value: bool) -> None:
        self._update_running_mean = bool(value)

    def observation(self, observation: np.ndarray) -> np.ndarray:
        """Update the statistics (if enabled) and return the normalised observation."""
        obs = np.asarray(observation, dtype=np.float64)
        if self._update_running_mean:
            self.obs_rms.push(obs)
        return self.obs_rms.normalize(obs, self.epsilon).astype(np.float32)


# ----------------------------------------------------------------------------- time and history
class TimeAwareObservation(ObservationWrapper[Any, ActType, ObsType]):
    """Add the number of steps taken in the episode to every observation.

    The time is an ``int32`` Box ``[0, max_episode_steps]`` of shape ``(1,)``, or with
    ``normalize_time=True`` the ``float32`` fraction ``t / max_episode_steps`` in ``[0, 1]``.
    A Dict space gains the key ``dict_time_key``, a Tuple space a last entry, any other space
    becomes ``Dict(obs=space, <dict_time_key>=time)``; with ``flatten=True`` (the default) the
    result is flattened to one array. ``max_episode_steps`` is read from the env's spec or its
    ``TimeLimit`` unless given.
    """

    def __init__(
        self,
        env: Env[ObsType, ActType],
        flatten: bool = True,
        normalize_time: bool = False,
        *,
        dict_time_key: str = "time",
        max_episode_steps: int | None = None,
    ) -> None:
        super().__init__(env)
        if max_episode_steps is None:
            max_episode_steps = _find_max_episode_steps(env)
        if max_episode_steps is None:
            raise error.InvalidWrapperArgument(
                f"TimeAwareObservation needs the episode horizon, but {env} has no "
                "max_episode_steps (neither in its spec nor a TimeLimit); wrap it in "
                "TimeLimit, make it with max_episode_steps=N, or pass max_episode_steps=N"
            )
        self.max_timesteps = _positive_int(
            "TimeAwareObservation", "max_episode_steps", max_episode_steps
        )
        self.flatten = bool(flatten)
        self.normalize_time = bool(normalize_time)
        self.dict_time_key = dict_time_key
        self.timesteps = 0
        if self.normalize_time:
            time_space: Box = Box(0.0, 1.0, shape=(1,), dtype=np.float32)
        else:
            time_space = Box(0, self.max_timesteps, shape=(1,), dtype=np.int32)

        space = env.observation_space
        if isinstance(space, Dict):
            if dict_time_key in space.spaces:
                raise error.InvalidWrapperArgument(
                    f"TimeAwareObservation: the observation space already has key "
                    f"{dict_time_key!r}; pass another dict_time_key"
                )
            joined: Space[Any] = Dict({**space.spaces, dict_time_key: time_space})
            self._layout = "dict"
        elif isinstance(space, Tuple):
            joined = Tuple((*space.spaces, time_space))
            self._layout = "tuple"
        else:
            joined = Dict({"obs": space, dict_time_key: time_space})
            self._layout = "wrapped"
        if self.flatten and not getattr(joined, "is_np_flattenable", False):
            raise error.UnsupportedSpace(
                f"TimeAwareObservation(flatten=True) needs a flattenable observation space, got "
                f"{space!r}; pass flatten=False"
            )
        self._joined_space = joined
        self.observation_space = flatten_space(joined) if self.flatten else joined

    def _time(self) -> np.ndarray:
        if self.normalize_time:
            return np.array([self.timesteps / self.max_timesteps], dtype=np.float32)
        return np.array([self.timesteps], dtype=np.int32)

    def _join(self, observation: Any, time: np.ndarray) -> Any:
        if self._layout == "dict":
            return {**observation, self.dict_time_key: time}
        if self._layout == "tuple":
            return (*observation, time)
        return {"obs": observation, self.dict_time_key: time}

    def observation(self, observation: ObsType) -> Any:
        """Return ``observation`` joined with the current time (flattened if asked)."""
        joined = self._join(observation, self._time())
        return flatten(self._joined_space, joined) if self.flatten else joined

    def step(self, action: ActType) -> tuple[Any, SupportsFloat, bool, bool, dict[str, Any]]:
        """Step, count the step, and return the observation with the new time."""
        self.timesteps += 1
        return super().step(action)

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[Any, dict[str, Any]]:
        """Reset the time to 0 and return the first observation with it."""
        self.timesteps = 0
        return super().reset(seed=seed, options=options)


def _find_max_episode_steps(env: Env[Any, Any]) -> int | None:
    spec = env.spec
    if spec is not None and getattr(spec, "max_episode_steps", None) is not None:
        return spec.max_episode_steps
    for name in ("max_episode_steps", "_max_episode_steps"):
        if env.has_wrapper_attr(name):
            value = env.get_wrapper_attr(name)
            if value is not None:
                return value
    return None


class FrameStackObservation(Wrapper[Any, ActType, ObsType, ActType]):
    """Return the last ``stack_size`` observations stacked along a new first axis.

    The space is ``batch_space(env.observation_space, stack_size)``; the newest observation is
    last. After ``reset`` the window is filled with padding: ``padding_type="reset"`` repeats
    the reset observation, ``"zero"`` uses the space's zero element, and any element of the
    observation space is used as given. Each returned stack is a fresh array.
    """

    def __init__(
        self,
        env: Env[ObsType, ActType],
        stack_size: int,
        *,
        padding_type: str | ObsType = "reset",
    ) -> None:
        super().__init__(env)
        self.stack_size = _positive_int("FrameStackObservation", "stack_size", stack_size)
        space = env.observation_space
        if isinstance(padding_type, str) and padding_type in ("reset", "zero"):
            self.padding_type = padding_type
            self._padding = zero_element(space) if padding_type == "zero" else None
        elif isinstance(padding_type, str) or padding_type not in space:
            raise error.InvalidWrapperArgument(
                f"FrameStackObservation padding_type must be 'reset', 'zero' or an element of "
                f"{space!r}, got {padding_type!r}"
            )
        else:
            self.padding_type = "custom"
            self._padding = padding_type
        self.observation_space = batch_space(space, self.stack_size)
        self._frames: deque[Any] = deque(maxlen=self.stack_size)

    def _stacked(self) -> Any:
        space = self.env.observation_space
        if isinstance(space, Box):  # the common case, without the generic dispatch
            return np.stack(self._frames).astype(space.dtype, copy=False)
        out = create_empty_array(space, n=self.stack_size, fn=np.zeros)
        return concatenate(space, list(self._frames), out)

    def step(self, action: ActType) -> tuple[Any, SupportsFloat, bool, bool, dict[str, Any]]:
        """Step, push the new observation, and return the stack."""
        obs, reward, terminated, truncated, info = self.env.step(action)
        self._frames.append(obs)
        return self._stacked(), reward, terminated, truncated, info

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[Any, dict[str, Any]]:
        """Reset, fill the window with padding and the reset observation, return the stack."""
        obs, info = self.env.reset(seed=seed, options=options)
        padding = obs if self.padding_type == "reset" else self._padding
        self._frames.clear()
        self._frames.extend([padding] * (self.stack_size - 1))
        self._frames.append(obs)
        return self._stacked(), info


class DelayObservation(ObservationWrapper[ObsType, ActType, ObsType]):
    """Return each observation ``delay`` steps late.

    After ``reset`` the first ``delay`` observations (the reset one included) are the space's
    zero element; from then on the observation returned at step ``t`` is the one the env
    produced at step ``t - delay``. ``delay=0`` changes nothing.
    """

    def __init__(self, env: Env[ObsType, ActType], delay: int) -> None:
        super().__init__(env)
        self.delay = _positive_int("DelayObservation", "delay", delay, minimum=0)
        self._zero = zero_element(env.observation_space) if self.delay else None
        self._queue: deque[Any] = deque()

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[ObsType, dict[str, Any]]:
        """Empty the delay line and reset."""
        self._queue.clear()
        return super().reset(seed=seed, options=options)

    def observation(self, observation: ObsType) -> ObsType:
        """Push ``observation`` and return the one from ``delay`` steps ago (or zeros)."""
        self._queue.append(observation)
        if len(self._queue) > self.delay:
            return self._queue.popleft()
        return _copy(self._zero)


def _copy(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, tuple):
        return tuple(_copy(v) for v in value)
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    return value


class MaxAndSkipObservation(Wrapper[np.ndarray, ActType, np.ndarray, ActType]):
    """Repeat each action ``skip`` times; return the element-wise max of the last two frames.

    The rewards of the repeated steps are summed; the info is the last step's. The repetition
    stops early when the episode ends, and the max is then over the frames of this call only.
    Needs a Box observation space (the usual use is Atari frames, to remove flicker).
    """

    def __init__(self, env: Env[np.ndarray, ActType], skip: int = 4) -> None:
        super().__init__(env)
        require_box("MaxAndSkipObservation", env.observation_space, "observation")
        self.skip = _positive_int("MaxAndSkipObservation", "skip", skip)

    def step(self, action: ActType) -> tuple[np.ndarray, SupportsFloat, bool, bool, dict[str, Any]]:
        """Step ``skip`` times (or until the episode ends) with ``action``."""
        total = 0.0
        previous: np.ndarray | None = None
        obs: Any = None
        terminated = truncated = False
        info: dict[str, Any] = {}
        for _ in range(self.skip):
            previous = obs
            obs, reward, terminated, truncated, info = self.env.step(action)
            total += float(reward)
            if terminated or truncated:
                break
        frame = obs if previous is None else np.maximum(previous, obs)
        return frame, total, terminated, truncated, info
