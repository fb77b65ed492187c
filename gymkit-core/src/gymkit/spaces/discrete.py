"""``Discrete``: the integers ``{start, start + 1, ..., start + n - 1}``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from gymkit.error import InvalidProbability, InvalidSpace
from gymkit.spaces.space import Space

__all__ = ["Discrete"]


def _is_int(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def check_mask(mask: Any, n: int, owner: str) -> np.ndarray:
    """``mask`` as an int8 vector of ``n`` zeros and ones, else :class:`InvalidProbability`."""
    arr = np.asarray(mask)
    if arr.dtype.kind not in "biu" or arr.shape != (n,):
        raise InvalidProbability(
            f"{owner} mask must be an array of shape ({n},) of 0s and 1s (dtype int8), got "
            f"{mask!r} (shape {arr.shape}, dtype {arr.dtype}); e.g. np.ones({n}, dtype=np.int8)"
        )
    if arr.dtype.kind != "b" and not np.all((arr == 0) | (arr == 1)):
        raise InvalidProbability(f"{owner} mask entries must be 0 or 1, got {mask!r}")
    return arr


def check_probability(probability: Any, n: int, owner: str) -> np.ndarray:
    """``probability`` as a float64 distribution over ``n`` outcomes, else InvalidProbability."""
    arr = np.asarray(probability)
    if arr.dtype.kind not in "iuf" or arr.shape != (n,):
        raise InvalidProbability(
            f"{owner} probability must be a float array of shape ({n},) summing to 1, got "
            f"{probability!r} (shape {arr.shape}, dtype {arr.dtype}); e.g. np.full({n}, 1 / {n})"
        )
    arr = arr.astype(np.float64)
    if not np.all(np.isfinite(arr)) or np.any(arr < 0) or np.any(arr > 1):
        raise InvalidProbability(
            f"{owner} probability entries must lie in [0, 1], got {probability!r}"
        )
    total = float(arr.sum())
    if abs(total - 1.0) > 1e-6:
        raise InvalidProbability(
            f"{owner} probability must sum to 1, got {probability!r} (sum {total!r}); "
            "divide it by its sum"
        )
    return arr / total


class Discrete(Space[np.int64]):
    """The ``n`` integers ``start, start + 1, ..., start + n - 1``; samples are ``np.int64``.

    ``n`` must be a positive integer and ``start`` an integer, else
    :class:`gymkit.error.InvalidSpace`.
    """

    dtype: np.dtype[Any]
    _shape: tuple[int, ...]

    def __init__(
        self,
        n: int | np.integer[Any],
        seed: int | np.random.Generator | None = None,
        start: int | np.integer[Any] = 0,
    ) -> None:
        if not _is_int(n) or n <= 0:
            raise InvalidSpace(f"Discrete n must be a positive int, got {n!r}; e.g. Discrete(4)")
        if not _is_int(start):
            raise InvalidSpace(f"Discrete start must be an int, got {start!r}; e.g. start=0")
        self.n = np.int64(n)
        self.start = np.int64(start)
        self._n = int(n)
        self._start = int(start)
        super().__init__((), np.int64, seed)

    @property
    def shape(self) -> tuple[int, ...]:
        """Always ``()``: samples are scalars."""
        return ()

    @property
    def is_np_flattenable(self) -> bool:
        """Always ``True``: a Discrete flattens to a one-hot vector of length ``n``."""
        return True

    def sample(
        self,
        mask: npt.NDArray[np.int8] | None = None,
        probability: npt.NDArray[np.float64] | None = None,
    ) -> np.int64:
        """Return a random element as ``np.int64``.

        ``mask``: an int8 array of shape ``(n,)``; only elements whose entry is 1 can be drawn,
        uniformly; an all-zero mask returns ``start``. ``probability``: a float array of shape
        ``(n,)`` summing to 1; element ``start + i`` is drawn with probability ``probability[i]``.
        Passing both, or a malformed one, raises :class:`gymkit.error.InvalidProbability`.
        """
        if mask is None and probability is None:
            return np.int64(self._start + self.np_random.integers(self._n))
        if mask is not None and probability is not None:
            raise InvalidProbability(
                "Discrete.sample takes a mask or a probability, not both; pass only one"
            )
        if mask is not None:
            valid = np.flatnonzero(check_mask(mask, self._n, "Discrete"))
            if valid.size == 0:
                return np.int64(self._start)
            return np.int64(self._start + valid[self.np_random.integers(valid.size)])
        p = check_probability(probability, self._n, "Discrete")
        return np.int64(self._start + self.np_random.choice(self._n, p=p))

    def contains(self, x: Any) -> bool:
        """Whether ``x`` is an integer (Python, NumPy scalar or 0-d array; not bool) in range."""
        if isinstance(x, int):
            if isinstance(x, bool):
                return False
        elif isinstance(x, (np.integer, np.ndarray)):
            if x.shape != () or x.dtype.kind not in "iu":
                return False
            x = int(x)
        else:
            return False
        return self._start <= x < self._start + self._n

    def to_jsonable(self, sample_n: Sequence[Any]) -> list[int]:
        """Each sample as a Python ``int``."""
        return [int(x) for x in sample_n]

    def from_jsonable(self, sample_n: Iterable[Any]) -> list[np.int64]:
        """Each ``int`` back as ``np.int64``."""
        return [np.int64(x) for x in sample_n]

    def __repr__(self) -> str:
        if self._start != 0:
            return f"Discrete({self._n}, start={self._start})"
        return f"Discrete({self._n})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Discrete) and self._n == other._n and self._start == other._start

    __hash__ = None  # type: ignore[assignment]
