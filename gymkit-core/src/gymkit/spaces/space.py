"""The :class:`Space` base class: what every observation and action space promises."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Generic, TypeVar

import numpy as np
import numpy.typing as npt

from gymkit.utils import seeding

T_cov = TypeVar("T_cov", covariant=True)

MaskNDArray = npt.NDArray[np.int8]


class Space(Generic[T_cov]):
    """A set of values, with a seeded random sampler over it.

    Subclasses implement :meth:`contains` and :meth:`sample`; composite spaces also override
    :meth:`seed` so that one integer seed reproduces the samples of every child space.

    ``seed`` may be ``None`` (seeded from OS entropy on first use), a non-negative ``int``, or an
    existing :class:`numpy.random.Generator` that the space then uses (shares) as its sampler.
    """

    def __init__(
        self,
        shape: Sequence[int] | None = None,
        dtype: npt.DTypeLike | None = None,
        seed: Any = None,
    ) -> None:
        self._shape: tuple[int, ...] | None = None if shape is None else tuple(shape)
        self.dtype: np.dtype[Any] | None = None if dtype is None else np.dtype(dtype)
        self._np_random: np.random.Generator | None = None
        if seed is not None:
            if isinstance(seed, np.random.Generator):
                self._np_random = seed
            else:
                self.seed(seed)

    # ------------------------------------------------------------------------------ random state
    @property
    def np_random(self) -> np.random.Generator:
        """The space's generator, created from OS entropy on first access if never seeded."""
        if self._np_random is None:
            self.seed()
        return self._np_random  # type: ignore[return-value]

    @np_random.setter
    def np_random(self, value: np.random.Generator) -> None:
        self._np_random = value

    def seed(self, seed: Any = None) -> Any:
        """Reseed the sampler; return the integer seed that reproduces it.

        ``seed=None`` draws a fresh seed from the OS. A negative or non-integer seed raises
        :class:`gymkit.error.InvalidSeed`. Composite spaces return a tuple or dict of seeds.
        """
        self._np_random, used = seeding.np_random(seed)
        return used

    # ------------------------------------------------------------------------------ the set
    @property
    def shape(self) -> tuple[int, ...] | None:
        """The shape of the space's samples as an immutable tuple (``None`` for composites)."""
        return self._shape

    @property
    def is_np_flattenable(self) -> bool:
        """Whether :func:`gymkit.spaces.flatten` maps samples to a fixed-size 1-D array."""
        raise NotImplementedError

    def sample(self, mask: Any | None = None, probability: Any | None = None) -> T_cov:
        """Return a random element of the space, drawn from :attr:`np_random`."""
        raise NotImplementedError

    def contains(self, x: Any) -> bool:
        """Return whether ``x`` is an element of the space; never raises for a wrong type."""
        raise NotImplementedError

    def __contains__(self, x: Any) -> bool:
        return self.contains(x)

    # ------------------------------------------------------------------------------ json
    def to_jsonable(self, sample_n: Sequence[Any]) -> list[Any]:
        """Convert a batch (sequence) of samples to a JSON-serialisable list."""
        return list(sample_n)

    def from_jsonable(self, sample_n: Iterable[Any]) -> list[Any]:
        """Inverse of :meth:`to_jsonable`: a list of samples of this space."""
        return list(sample_n)


_CHILD_SEED_BOUND = 2**63 - 1


def derive_seeds(rng: np.random.Generator, count: int) -> list[int]:
    """``count`` child seeds drawn from ``rng`` (a composite space's own generator)."""
    return [int(s) for s in rng.integers(_CHILD_SEED_BOUND, size=count)]
