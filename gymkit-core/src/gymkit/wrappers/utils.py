"""Helpers shared by the wrappers (and the vector wrappers): running statistics, zero elements,
affine rescaling between boxes and the argument checks every wrapper repeats.

:class:`RunningMeanStd` is the one running mean/variance estimator of gymkit; the observation and
reward normalisers (single and vector) all use it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gymkit import error
from gymkit.spaces import Box, Dict, Discrete, MultiBinary, MultiDiscrete, Space, Tuple

__all__ = [
    "RunningMeanStd",
    "affine_map",
    "require_box",
    "zero_element",
]


class RunningMeanStd:
    """Running mean and population variance of a stream of arrays of shape ``shape``.

    Batches are merged with the parallel form of Welford's algorithm (Chan et al.), so the
    statistics after any sequence of :meth:`update` calls equal ``np.mean(data, axis=0)`` and
    ``np.var(data, axis=0)`` (``ddof=0``) of all the data seen, up to float rounding. Before any
    data ``mean`` is zeros, ``var`` is ones and ``count`` is 0, so normalising with the
    initial state leaves values unchanged.

    Attributes:
        mean: ``float64`` array of ``shape``.
        var: ``float64`` array of ``shape``.
        count: number of samples seen (a float, so states can be averaged or scaled).
    """

    def __init__(self, shape: tuple[int, ...] = (), dtype: Any = np.float64) -> None:
        self.shape = tuple(shape)
        self.dtype = np.dtype(dtype)
        self.mean = np.zeros(self.shape, dtype=self.dtype)
        self.var = np.ones(self.shape, dtype=self.dtype)
        self.count = 0.0

    def update(self, batch: Any) -> None:
        """Fold in ``batch``, an array of shape ``(n, *shape)`` (``n`` may be 0)."""
        batch = np.asarray(batch, dtype=self.dtype)
        if batch.shape[1:] != self.shape:
            raise ValueError(
                f"RunningMeanStd.update expected a batch of shape (n, *{self.shape}), got "
                f"{batch.shape}; add a leading batch axis (x[None]) for a single sample"
            )
        n = batch.shape[0]
        if n == 0:
            return
        self.update_from_moments(batch.mean(axis=0), batch.var(axis=0), n)

    def push(self, sample: Any) -> None:
        """Fold in one sample of shape ``shape`` (Welford's update; cheaper than a batch of 1)."""
        sample = np.asarray(sample, dtype=self.dtype)
        if sample.shape != self.shape:
            raise ValueError(
                f"RunningMeanStd.push expected a sample of shape {self.shape}, got {sample.shape}"
            )
        self.count += 1.0
        delta = sample - self.mean
        self.mean = self.mean + delta / self.count
        self.var = self.var + (delta * (sample - self.mean) - self.var) / self.count

    def update_from_moments(self, batch_mean: Any, batch_var: Any, batch_count: float) -> None:
        """Fold in a batch given by its mean, population variance and size."""
        if batch_count <= 0:
            return
        total = self.count + batch_count
        delta = np.asarray(batch_mean, dtype=self.dtype) - self.mean
        new_mean = self.mean + delta * (batch_count / total)
        m2 = (
            self.var * self.count
            + np.asarray(batch_var, dtype=self.dtype) * batch_count
            + np.square(delta) * (self.count * batch_count / total)
        )
        self.mean = new_mean
        self.var = m2 / total
        self.count = total

    def normalize(self, x: Any, epsilon: float = 1e-8) -> np.ndarray:
        """Return ``(x - mean) / sqrt(var + epsilon)``."""
        return (np.asarray(x) - self.mean) / np.sqrt(self.var + epsilon)

    def __repr__(self) -> str:
        return f"RunningMeanStd(shape={self.shape}, count={self.count})"


def require_box(wrapper: str, space: Space[Any], role: str, expected: str = "a Box") -> Box:
    """Return ``space`` if it is a :class:`Box`; raise :class:`error.UnsupportedSpace` otherwise."""
    if not isinstance(space, Box):
        raise error.UnsupportedSpace(
            f"{wrapper} needs {expected} {role} space, got {space!r}; "
            f"apply it to an env whose {role} space is a Box"
        )
    return space


def affine_map(
    low: np.ndarray, high: np.ndarray, new_low: np.ndarray, new_high: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(scale, offset)`` with ``x * scale + offset`` mapping ``[low, high]`` onto
    ``[new_low, new_high]`` element by element (all arguments broadcast to one shape)."""
    low, high = np.asarray(low, np.float64), np.asarray(high, np.float64)
    new_low, new_high = np.asarray(new_low, np.float64), np.asarray(new_high, np.float64)
    scale = (new_high - new_low) / (high - low)
    offset = new_low - low * scale
    return scale, offset


def zero_element(space: Space[Any]) -> Any:
    """An element of ``space`` that is as close to zero as its bounds allow.

    Box: zeros clipped into ``[low, high]``; Discrete / MultiDiscrete: ``start``; MultiBinary:
    zeros; Tuple and Dict: recursively. Other spaces raise :class:`error.CustomSpaceError`.
    """
    if isinstance(space, Box):
        zeros = np.zeros(space.shape, dtype=space.dtype)
        return np.clip(zeros, space.low, space.high).astype(space.dtype)
    if isinstance(space, Discrete):
        return np.asarray(space.start, dtype=space.dtype)[()]
    if isinstance(space, MultiDiscrete):
        return np.asarray(space.start, dtype=space.dtype).copy()
    if isinstance(space, MultiBinary):
        return np.zeros(space.shape, dtype=space.dtype)
    if isinstance(space, Tuple):
        return tuple(zero_element(sub) for sub in space.spaces)
    if isinstance(space, Dict):
        return {key: zero_element(sub) for key, sub in space.spaces.items()}
    raise error.CustomSpaceError(
        f"no zero element is defined for {space!r}; supported: Box, Discrete, MultiDiscrete, "
        "MultiBinary, Tuple, Dict"
    )
