"""``MultiDiscrete``: an array of independent discrete variables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from gymkit.error import InvalidProbability, InvalidSpace
from gymkit.spaces.discrete import check_mask, check_probability
from gymkit.spaces.space import Space

__all__ = ["MultiDiscrete"]


class MultiDiscrete(Space[npt.NDArray[np.integer[Any]]]):
    """Arrays ``x`` of ``nvec``'s shape with ``start[i] <= x[i] < start[i] + nvec[i]``.

    ``nvec`` is an array-like of positive integers (any shape); ``start`` (default zeros) is an
    integer array-like of the same shape or a scalar; ``dtype`` is an integer dtype holding every
    value. Inconsistent arguments raise :class:`gymkit.error.InvalidSpace`.
    """

    dtype: np.dtype[Any]
    _shape: tuple[int, ...]

    def __init__(
        self,
        nvec: npt.ArrayLike,
        dtype: npt.DTypeLike = np.int64,
        seed: int | np.random.Generator | None = None,
        start: npt.ArrayLike | None = None,
    ) -> None:
        resolved = np.dtype(dtype)
        if resolved.kind not in "iu":
            raise InvalidSpace(f"MultiDiscrete dtype must be an integer dtype, got {resolved}")
        nvec_in = np.asarray(nvec)
        if nvec_in.dtype.kind not in "iu" and not (
            nvec_in.dtype.kind == "f" and np.all(np.floor(nvec_in) == nvec_in)
        ):
            raise InvalidSpace(f"MultiDiscrete nvec must be integers, got {nvec!r}")
        if np.any(nvec_in <= 0):
            raise InvalidSpace(
                f"MultiDiscrete nvec entries must be positive, got {nvec!r}; e.g. nvec=[3, 2]"
            )
        start_in = np.zeros(nvec_in.shape, dtype=np.int64) if start is None else np.asarray(start)
        if start_in.dtype.kind not in "iu":
            raise InvalidSpace(f"MultiDiscrete start must be integers, got {start!r}")
        if start_in.ndim and start_in.shape != nvec_in.shape:
            raise InvalidSpace(
                f"MultiDiscrete start has shape {start_in.shape} but nvec has shape "
                f"{nvec_in.shape}; pass a start of the same shape"
            )
        info = np.iinfo(resolved)
        last = start_in.astype(object) + nvec_in.astype(object) - 1
        if nvec_in.size and (
            int(np.min(start_in)) < info.min or max(int(v) for v in np.ravel(last)) > info.max
        ):
            raise InvalidSpace(
                f"MultiDiscrete values from start={start!r} with nvec={nvec!r} do not fit "
                f"{resolved}; pass a wider dtype"
            )
        self.nvec = nvec_in.astype(resolved)
        self.start = np.array(np.broadcast_to(start_in, nvec_in.shape), dtype=resolved)
        self.nvec.flags.writeable = False
        self.start.flags.writeable = False
        self._last = (self.start + (self.nvec - 1)).astype(resolved)
        super().__init__(self.nvec.shape, resolved, seed)

    @property
    def shape(self) -> tuple[int, ...]:
        """The shape of ``nvec`` (and of every sample)."""
        return self._shape

    @property
    def is_np_flattenable(self) -> bool:
        """Always ``True``: flattens to the concatenated one-hot vectors of its variables."""
        return True

    def sample(self, mask: Any | None = None, probability: Any | None = None) -> npt.NDArray[Any]:
        """Return a random array of :attr:`dtype`.

        ``mask`` / ``probability``: a (nested, for multi-dimensional ``nvec``) tuple holding one
        int8 mask or float probability vector of length ``nvec[i]`` per variable, with the same
        meaning as in :meth:`Discrete.sample` (an all-zero mask gives ``start[i]``). Malformed
        ones raise :class:`gymkit.error.InvalidProbability`.
        """
        if mask is None and probability is None:
            return self.np_random.integers(
                self.start, self._last, endpoint=True, dtype=self.dtype
            ).reshape(self.shape)
        if mask is not None and probability is not None:
            raise InvalidProbability(
                "MultiDiscrete.sample takes a mask or a probability, not both; pass only one"
            )
        per_variable = mask if mask is not None else probability
        result = np.empty(self.shape, dtype=self.dtype)
        rng = self.np_random
        for index in np.ndindex(*self.shape):
            entry = _nested_get(per_variable, index, "mask" if mask is not None else "probability")
            n = int(self.nvec[index])
            start = int(self.start[index])
            if mask is not None:
                valid = np.flatnonzero(check_mask(entry, n, f"MultiDiscrete mask{list(index)}"))
                offset = int(valid[rng.integers(valid.size)]) if valid.size else 0
            else:
                p = check_probability(entry, n, f"MultiDiscrete probability{list(index)}")
                offset = int(rng.choice(n, p=p))
            result[index] = start + offset
        return result

    def contains(self, x: Any) -> bool:
        """Whether ``x`` is an integer array (or list) of the right shape with values in range."""
        try:
            arr = x if isinstance(x, np.ndarray) else np.asarray(x)
            if arr.dtype.kind not in "iu" or arr.shape != self._shape:
                return False
            return bool((arr >= self.start).all() and (arr <= self._last).all())
        except (TypeError, ValueError, OverflowError):
            return False

    def to_jsonable(self, sample_n: Sequence[npt.NDArray[Any]]) -> list[Any]:
        """Each sample as (nested) lists of ints."""
        return [np.asarray(sample).tolist() for sample in sample_n]

    def from_jsonable(self, sample_n: Iterable[Any]) -> list[npt.NDArray[Any]]:
        """Each (nested) list back as an array of :attr:`dtype`."""
        return [np.asarray(sample, dtype=self.dtype).reshape(self.shape) for sample in sample_n]

    def __len__(self) -> int:
        """The number of variables along the first axis (only for 1-D ``nvec``)."""
        if self.nvec.ndim != 1:
            raise TypeError(f"len() of a MultiDiscrete needs a 1-D nvec, got shape {self.shape}")
        return len(self.nvec)

    def __getitem__(self, index: int | tuple[int, ...]) -> Any:
        """The variable(s) at ``index``: a :class:`Discrete`, or a smaller MultiDiscrete."""
        from gymkit.spaces.discrete import Discrete

        nvec = self.nvec[index]
        start = self.start[index]
        if nvec.ndim == 0:
            sub: Space[Any] = Discrete(int(nvec), start=int(start))
        else:
            sub = MultiDiscrete(nvec, self.dtype, start=start)
        sub.np_random.bit_generator.state = self.np_random.bit_generator.state
        return sub

    def __repr__(self) -> str:
        nvec = self.nvec.tolist()
        if np.any(self.start != 0):
            return f"MultiDiscrete({nvec}, start={self.start.tolist()})"
        return f"MultiDiscrete({nvec})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, MultiDiscrete)
            and self.dtype == other.dtype
            and self.shape == other.shape
            and np.array_equal(self.nvec, other.nvec)
            and np.array_equal(self.start, other.start)
        )

    __hash__ = None  # type: ignore[assignment]

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.nvec.flags.writeable = False
        self.start.flags.writeable = False


def _nested_get(nested: Any, index: tuple[int, ...], what: str) -> Any:
    entry = nested
    for depth, i in enumerate(index):
        if not isinstance(entry, (tuple, list)) or i >= len(entry):
            raise InvalidProbability(
                f"MultiDiscrete {what} must be a nested tuple with one vector per variable "
                f"(index {list(index[: depth + 1])} is missing), got {nested!r}"
            )
        entry = entry[i]
    return entry
