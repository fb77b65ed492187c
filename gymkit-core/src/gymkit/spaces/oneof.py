"""``OneOf``: an element of exactly one of several spaces, tagged with its index."""

from __future__ import annotations

import typing
from collections.abc import Iterable
from typing import Any

import numpy as np

from gymkit.error import InvalidSeed, InvalidSpace
from gymkit.spaces.space import Space, derive_seeds
from gymkit.spaces.tuple import check_spaces, per_space

__all__ = ["OneOf"]


class OneOf(Space[tuple[int, Any]]):
    """Pairs ``(i, x)`` with ``0 <= i < len(spaces)`` and ``x`` in ``spaces[i]``.

    Sampling draws ``i`` uniformly with the OneOf's own generator, then ``x`` from
    ``spaces[i]``.
    """

    def __init__(
        self,
        spaces: Iterable[Space[Any]],
        seed: int | typing.Sequence[int] | np.random.Generator | None = None,
    ) -> None:
        self.spaces = check_spaces(spaces, "OneOf")
        if not self.spaces:
            raise InvalidSpace("OneOf needs at least one subspace")
        super().__init__(None, None, seed)

    @property
    def is_np_flattenable(self) -> bool:
        """Whether every subspace is flattenable."""
        return all(space.is_np_flattenable for space in self.spaces)

    def seed(self, seed: int | typing.Sequence[int] | None = None) -> tuple[Any, ...]:
        """Seed the index generator and the children; return ``(own_seed, *child_results)``.

        An int or ``None`` derives the children's seeds from the OneOf's own generator; a
        sequence of ``1 + len(spaces)`` seeds seeds the index generator then each child.
        """
        if isinstance(seed, (list, tuple)):
            if len(seed) != 1 + len(self.spaces):
                raise InvalidSeed(
                    f"OneOf.seed needs {1 + len(self.spaces)} seeds (its own, then one per "
                    f"subspace), got {seed!r}"
                )
            own = super().seed(seed[0])
            return (own, *(space.seed(s) for space, s in zip(self.spaces, seed[1:])))
        own = super().seed(seed)
        children = derive_seeds(self.np_random, len(self.spaces))
        return (own, *(space.seed(s) for space, s in zip(self.spaces, children)))

    def sample(self, mask: Any | None = None, probability: Any | None = None) -> tuple[int, Any]:
        """``(i, x)`` with ``i`` uniform; ``mask``/``probability`` hold one entry per subspace."""
        masks = per_space(mask, len(self.spaces), "mask", "OneOf")
        probs = per_space(probability, len(self.spaces), "probability", "OneOf")
        index = int(self.np_random.integers(len(self.spaces)))
        value = self.spaces[index].sample(mask=masks[index], probability=probs[index])
        return index, value

    def contains(self, x: Any) -> bool:
        """Whether ``x`` is a pair ``(i, value)`` with an integer ``i`` and ``value`` in space i."""
        if not (isinstance(x, (tuple, list)) and len(x) == 2):
            return False
        index, value = x
        if isinstance(index, (bool, np.bool_)) or not isinstance(index, (int, np.integer)):
            return False
        return bool(0 <= index < len(self.spaces)) and self.spaces[int(index)].contains(value)

    def to_jsonable(self, sample_n: typing.Sequence[tuple[int, Any]]) -> list[Any]:
        """Each sample as ``[index, json_value]``."""
        return [[int(i), self.spaces[int(i)].to_jsonable([value])[0]] for i, value in sample_n]

    def from_jsonable(self, sample_n: Iterable[Any]) -> list[tuple[int, Any]]:
        """Inverse of :meth:`to_jsonable`."""
        return [(int(i), self.spaces[int(i)].from_jsonable([value])[0]) for i, value in sample_n]

    def __getitem__(self, index: int) -> Space[Any]:
        return self.spaces[index]

    def __len__(self) -> int:
        return len(self.spaces)

    def __repr__(self) -> str:
        return "OneOf(" + ", ".join(repr(space) for space in self.spaces) + ")"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OneOf) and self.spaces == other.spaces

    __hash__ = None  # type: ignore[assignment]
