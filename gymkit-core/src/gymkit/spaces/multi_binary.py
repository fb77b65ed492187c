"""``MultiBinary``: arrays of zeros and ones."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from gymkit.error import InvalidProbability, InvalidSpace
from gymkit.spaces.space import Space

__all__ = ["MultiBinary"]


class MultiBinary(Space[npt.NDArray[np.int8]]):
    """``int8`` arrays of shape ``(n,)`` (``n`` an int) or ``n`` (a sequence) holding 0s and 1s."""

    dtype: np.dtype[Any]
    _shape: tuple[int, ...]

    def __init__(
        self,
        n: int | Sequence[int] | npt.NDArray[np.integer[Any]],
        seed: int | np.random.Generator | None = None,
    ) -> None:
        dims = np.atleast_1d(np.asarray(n))
        if dims.ndim != 1 or dims.dtype.kind not in "iu" or np.any(dims <= 0):
            raise InvalidSpace(
                f"MultiBinary n must be a positive int or a sequence of them, got {n!r}; "
                "e.g. MultiBinary(4) or MultiBinary([2, 3])"
            )
        self.n = int(dims[0]) if np.ndim(n) == 0 else tuple(int(d) for d in dims)
        super().__init__(tuple(int(d) for d in dims), np.int8, seed)

    @property
    def shape(self) -> tuple[int, ...]:
        """The shape of every sample."""
        return self._shape

    @property
    def is_np_flattenable(self) -> bool:
        """Always ``True``."""
        return True

    def sample(
        self, mask: Any | None = None, probability: Any | None = None
    ) -> npt.NDArray[np.int8]:
        """Return a random int8 array.

        ``mask``: an int8 array of the space's shape; 0 or 1 force that value, 2 draws it at
        random. ``probability``: a float array of the space's shape, each entry the chance of a 1.
        Malformed ones (or both) raise :class:`gymkit.error.InvalidProbability`.
        """
        rng = self.np_random
        if mask is None and probability is None:
            return rng.integers(0, 2, size=self.shape, dtype=np.int8)
        if mask is not None and probability is not None:
            raise InvalidProbability(
                "MultiBinary.sample takes a mask or a probability, not both; pass only one"
            )
        if mask is not None:
            arr = np.asarray(mask)
            if arr.shape != self.shape or arr.dtype.kind not in "iu":
                raise InvalidProbability(
                    f"MultiBinary mask must be an int8 array of shape {self.shape}, got {mask!r}"
                )
            if not np.all((arr == 0) | (arr == 1) | (arr == 2)):
                raise InvalidProbability(
                    f"MultiBinary mask entries must be 0, 1 (forced) or 2 (random), got {mask!r}"
                )
            random_bits = rng.integers(0, 2, size=self.shape, dtype=np.int8)
            return np.where(arr == 2, random_bits, arr).astype(np.int8)
        p = np.asarray(probability)
        if p.shape != self.shape or p.dtype.kind not in "iuf":
            raise InvalidProbability(
                f"MultiBinary probability must be a float array of shape {self.shape}, got "
                f"{probability!r}"
            )
        if not np.all((p >= 0) & (p <= 1)):
            raise InvalidProbability(
                f"MultiBinary probability entries must lie in [0, 1], got {probability!r}"
            )
        return (rng.random(size=self.shape) < p).astype(np.int8)

    def contains(self, x: Any) -> bool:
        """Whether ``x`` is an integer or bool array (or list) of the shape holding only 0/1."""
        try:
            arr = x if isinstance(x, np.ndarray) else np.asarray(x)
            if arr.dtype.kind not in "biu" or arr.shape != self._shape:
                return False
            return bool(((arr == 0) | (arr == 1)).all())
        except (TypeError, ValueError, OverflowError):
            return False

    def to_jsonable(self, sample_n: Sequence[npt.NDArray[Any]]) -> list[Any]:
        """Each sample as (nested) lists of ints."""
        return [np.asarray(sample).tolist() for sample in sample_n]

    def from_jsonable(self, sample_n: Iterable[Any]) -> list[npt.NDArray[np.int8]]:
        """Each (nested) list back as an int8 array."""
        return [np.asarray(sample, dtype=np.int8).reshape(self.shape) for sample in sample_n]

    def __repr__(self) -> str:
        return f"MultiBinary({list(self.n) if isinstance(self.n, tuple) else self.n})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MultiBinary) and self.shape == other.shape

    __hash__ = None  # type: ignore[assignment]
