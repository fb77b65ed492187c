"""``Dict``: a dictionary of named spaces."""

from __future__ import annotations

import typing
from collections.abc import Iterable, KeysView, Mapping, Sequence
from typing import Any

import numpy as np

from gymkit.error import InvalidProbability, InvalidSeed, InvalidSpace
from gymkit.spaces.space import Space, derive_seeds

__all__ = ["Dict"]


class Dict(Space[dict[str, Any]], typing.Mapping[str, Space[Any]]):
    """Dicts ``{key: x_key}`` with exactly the space's keys and each ``x_key`` in its subspace.

    ``spaces`` is a mapping (keys sorted when sortable) or a sequence of ``(key, space)``
    pairs (order kept); keyword arguments add more, in the order given. Equality ignores key
    order. ``seed``: an int, a dict of per-key seeds, or ``None``.
    """

    def __init__(
        self,
        spaces: Mapping[str, Space[Any]] | Sequence[tuple[str, Space[Any]]] | None = None,
        seed: int | dict[str, Any] | np.random.Generator | None = None,
        **spaces_kwargs: Space[Any],
    ) -> None:
        if spaces is None:
            items: list[tuple[Any, Any]] = []
        elif isinstance(spaces, Mapping):
            items = list(spaces.items())
            try:
                items = sorted(items, key=lambda kv: kv[0])
            except TypeError:  # unsortable keys: keep the mapping's order
                items = list(spaces.items())
        elif isinstance(spaces, Sequence) and not isinstance(spaces, (str, Space)):
            items = []
            for pair in spaces:
                if not (isinstance(pair, (tuple, list)) and len(pair) == 2):
                    raise InvalidSpace(
                        f"Dict expects a mapping or (key, space) pairs, got the entry {pair!r}"
                    )
                items.append((pair[0], pair[1]))
        else:
            raise InvalidSpace(
                f"Dict expects a mapping or a sequence of (key, space) pairs, got {spaces!r}"
            )
        for key, space in spaces_kwargs.items():
            if any(key == k for k, _ in items):
                raise InvalidSpace(f"Dict key {key!r} given both in spaces and as a keyword")
            items.append((key, space))
        for key, space in items:
            if not isinstance(space, Space):
                raise InvalidSpace(
                    f"Dict value for key {key!r} must be a gymkit space, got {space!r}"
                )
        self.spaces: dict[Any, Space[Any]] = dict(items)
        if len(self.spaces) != len(items):
            raise InvalidSpace(f"Dict keys must be unique, got {[k for k, _ in items]!r}")
        super().__init__(None, None, seed)

    @property
    def is_np_flattenable(self) -> bool:
        """Whether every subspace is flattenable."""
        return all(space.is_np_flattenable for space in self.spaces.values())

    def seed(self, seed: int | dict[str, Any] | None = None) -> dict[str, Any]:
        """Seed the children; return ``{key: child_seed_result}``.

        An int or ``None`` seeds the dict's own generator and derives one seed per child from
        it (in key order); a dict must have exactly the space's keys, one seed each.
        """
        if isinstance(seed, dict):
            if set(seed) != set(self.spaces):
                raise InvalidSeed(
                    f"Dict.seed with a dict needs exactly the keys {list(self.spaces)}, got "
                    f"{list(seed)}"
                )
            return {key: space.seed(seed[key]) for key, space in self.spaces.items()}
        super().seed(seed)
        children = derive_seeds(self.np_random, len(self.spaces))
        return {key: space.seed(s) for (key, space), s in zip(self.spaces.items(), children)}

    def sample(self, mask: Any | None = None, probability: Any | None = None) -> dict[str, Any]:
        """A dict of one sample per key; ``mask``/``probability`` are dicts with the same keys."""
        masks = self._per_key(mask, "mask")
        probs = self._per_key(probability, "probability")
        return {
            key: space.sample(mask=masks[key], probability=probs[key])
            for key, space in self.spaces.items()
        }

    def _per_key(self, arg: Any, what: str) -> dict[Any, Any]:
        if arg is None:
            return dict.fromkeys(self.spaces)
        if not isinstance(arg, Mapping) or set(arg) != set(self.spaces):
            raise InvalidProbability(
                f"Dict {what} must be a dict with exactly the keys {list(self.spaces)}, got {arg!r}"
            )
        return dict(arg)

    def contains(self, x: Any) -> bool:
        """Whether ``x`` is a mapping with exactly the space's keys, each value in its subspace."""
        return (
            isinstance(x, Mapping)
            and len(x) == len(self.spaces)
            and all(key in x and space.contains(x[key]) for key, space in self.spaces.items())
        )

    def __getitem__(self, key: Any) -> Space[Any]:
        return self.spaces[key]

    def __setitem__(self, key: Any, value: Space[Any]) -> None:
        if not isinstance(value, Space):
            raise InvalidSpace(f"Dict value for key {key!r} must be a gymkit space, got {value!r}")
        self.spaces[key] = value

    def __iter__(self) -> typing.Iterator[Any]:
        return iter(self.spaces)

    def __len__(self) -> int:
        return len(self.spaces)

    def keys(self) -> KeysView[Any]:
        return self.spaces.keys()

    def to_jsonable(self, sample_n: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        """Each sample as a dict of each value's JSON form."""
        return [
            {key: space.to_jsonable([sample[key]])[0] for key, space in self.spaces.items()}
            for sample in sample_n
        ]

    def from_jsonable(self, sample_n: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Inverse of :meth:`to_jsonable`."""
        return [
            {key: space.from_jsonable([sample[key]])[0] for key, space in self.spaces.items()}
            for sample in sample_n
        ]

    def __repr__(self) -> str:
        return "Dict(" + ", ".join(f"{k!r}: {s}" for k, s in self.spaces.items()) + ")"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Dict) and self.spaces == other.spaces

    __hash__ = None  # type: ignore[assignment]
