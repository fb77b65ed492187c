"""``Tuple``: the Cartesian product of spaces."""

from __future__ import annotations

import typing
from collections.abc import Iterable
from typing import Any

import numpy as np

from gymkit.error import InvalidProbability, InvalidSeed, InvalidSpace
from gymkit.spaces.space import Space, derive_seeds

__all__ = ["Tuple"]


def check_spaces(spaces: Iterable[Any], owner: str) -> tuple[Space[Any], ...]:
    """``spaces`` as a tuple of :class:`Space`, else :class:`gymkit.error.InvalidSpace`."""
    if isinstance(spaces, Space):
        raise InvalidSpace(f"{owner} expects a sequence of spaces, got the single space {spaces!r}")
    try:
        result = tuple(spaces)
    except TypeError:
        raise InvalidSpace(f"{owner} expects a sequence of spaces, got {spaces!r}") from None
    for space in result:
        if not isinstance(space, Space):
            raise InvalidSpace(
                f"{owner} entries must be gymkit spaces, got {space!r} "
                f"of type {type(space).__name__}"
            )
    return result


def per_space(arg: Any, count: int, what: str, owner: str) -> tuple[Any, ...]:
    """Split a per-child ``mask``/``probability`` tuple, checking its length."""
    if arg is None:
        return (None,) * count
    if not isinstance(arg, (tuple, list)) or len(arg) != count:
        raise InvalidProbability(
            f"{owner} {what} must be a tuple with one entry (or None) per subspace "
            f"({count}), got {arg!r}"
        )
    return tuple(arg)


class Tuple(Space[tuple[Any, ...]], typing.Sequence[Any]):
    """Tuples ``(x_0, ..., x_k)`` with each ``x_i`` in ``spaces[i]``.

    ``seed`` may be an int (children seeded deterministically from it), a sequence of one seed
    per child, or ``None``.
    """

    def __init__(
        self,
        spaces: Iterable[Space[Any]],
        seed: int | typing.Sequence[int] | np.random.Generator | None = None,
    ) -> None:
        self.spaces = check_spaces(spaces, "Tuple")
        super().__init__(None, None, seed)

    @property
    def is_np_flattenable(self) -> bool:
        """Whether every subspace is flattenable."""
        return all(space.is_np_flattenable for space in self.spaces)

    def seed(self, seed: int | typing.Sequence[int] | None = None) -> tuple[Any, ...]:
        """Seed the tuple and its children.

        An int or ``None``: the tuple's own generator is seeded and the children get seeds drawn
        from it; returns ``(own_seed, *child_results)``. A sequence of one seed per child seeds
        them directly; returns the children's results.
        """
        if isinstance(seed, (list, tuple)):
            if len(seed) != len(self.spaces):
                raise InvalidSeed(
                    f"Tuple.seed got {len(seed)} seeds for {len(self.spaces)} subspaces: {seed!r}"
                )
            return tuple(space.seed(s) for space, s in zip(self.spaces, seed))
        own = super().seed(seed)
        children = derive_seeds(self.np_random, len(self.spaces))
        return (own, *(space.seed(s) for space, s in zip(self.spaces, children)))

    def sample(self, mask: Any | None = None, probability: Any | None = None) -> tuple[Any, ...]:
        """A tuple of one sample per subspace; ``mask``/``probability`` hold one entry each."""
        masks = per_space(mask, len(self.spaces), "mask", "Tuple")
        probs = per_space(probability, len(self.spaces), "probability", "Tuple")
        return tuple(
            space.sample(mask=m, probability=p) for space, m, p in zip(self.spaces, masks, probs)
        )

    def contains(self, x: Any) -> bool:
        """Whether ``x`` is a tuple (a list is accepted too) of the right length, entry-wise in."""
        if isinstance(x, list):
            x = tuple(x)
        return (
            isinstance(x, tuple)
            and len(x) == len(self.spaces)
            and all(space.contains(part) for space, part in zip(self.spaces, x))
        )

    def to_jsonable(self, sample_n: typing.Sequence[Any]) -> list[Any]:
        """Each sample as a list holding each part's JSON form."""
        return [
            [space.to_jsonable([part])[0] for space, part in zip(self.spaces, sample)]
            for sample in sample_n
        ]

    def from_jsonable(self, sample_n: Iterable[Any]) -> list[tuple[Any, ...]]:
        """Inverse of :meth:`to_jsonable`."""
        return [
            tuple(space.from_jsonable([part])[0] for space, part in zip(self.spaces, sample))
            for sample in sample_n
        ]

    def __getitem__(self, index: Any) -> Any:
        return self.spaces[index]

    def __len__(self) -> int:
        return len(self.spaces)

    def __repr__(self) -> str:
        return "Tuple(" + ", ".join(repr(space) for space in self.spaces) + ")"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Tuple) and self.spaces == other.spaces

    __hash__ = None  # type: ignore[assignment]
