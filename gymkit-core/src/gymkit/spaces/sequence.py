"""``Sequence``: variable-length sequences of elements of one feature space."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from gymkit.error import InvalidProbability, InvalidSeed, InvalidSpace
from gymkit.spaces.space import Space, derive_seeds

__all__ = ["Sequence"]

_GEOMETRIC_P = 0.25  # default length distribution: Geometric(0.25) - 1, mean 3, often empty


class Sequence(Space[Any]):
    """Finite sequences of elements of ``space`` (the feature space), of any length ≥ 0.

    With ``stack=False`` elements are tuples of features; with ``stack=True`` they are the
    features batched like a vector env batches them (``batch_space(space, length)``: a Box
    feature gives an array of shape ``(length, *shape)``).
    """

    def __init__(
        self,
        space: Space[Any],
        seed: int | tuple[int, int] | np.random.Generator | None = None,
        stack: bool = False,
    ) -> None:
        if not isinstance(space, Space):
            raise InvalidSpace(
                f"Sequence expects a gymkit space as its feature space, got {space!r}"
            )
        self.feature_space = space
        self.stack = bool(stack)
        super().__init__(None, None, seed)

    @property
    def is_np_flattenable(self) -> bool:
        """Always ``False``: sequences vary in length."""
        return False

    def seed(self, seed: int | tuple[int, int] | None = None) -> tuple[Any, Any]:
        """Seed the length generator and the feature space; return ``(own_seed, feature_seed)``.

        An int or ``None`` derives the feature seed from the sequence's own generator; a pair
        gives both seeds explicitly.
        """
        if isinstance(seed, (list, tuple)):
            if len(seed) != 2:
                raise InvalidSeed(f"Sequence.seed needs (own, feature) seeds, got {seed!r}")
            return super().seed(seed[0]), self.feature_space.seed(seed[1])
        own = super().seed(seed)
        (feature_seed,) = derive_seeds(self.np_random, 1)
        return own, self.feature_space.seed(feature_seed)

    def sample(self, mask: Any | None = None, probability: Any | None = None) -> Any:
        """A random sequence.

        ``mask = (length, feature_mask)`` / ``probability = (length, feature_probability)``:
        ``length`` is ``None`` (Geometric(0.25) - 1), an int, or an array of allowed lengths (one
        picked uniformly); the feature argument is passed to every feature sample.
        """
        if mask is not None and probability is not None:
            raise InvalidProbability("Sequence.sample takes a mask or a probability, not both")
        arg = mask if mask is not None else probability
        length_arg, feature_arg = None, None
        if arg is not None:
            if not (isinstance(arg, (tuple, list)) and len(arg) == 2):
                raise InvalidProbability(
                    f"Sequence.sample expects (length, feature_mask_or_probability), got {arg!r}"
                )
            length_arg, feature_arg = arg
        length = self._draw_length(length_arg)
        if mask is not None:
            items = [self.feature_space.sample(mask=feature_arg) for _ in range(length)]
        else:
            items = [self.feature_space.sample(probability=feature_arg) for _ in range(length)]
        if not self.stack:
            return tuple(items)
        from gymkit.spaces.batching import concatenate, create_empty_array

        return concatenate(
            self.feature_space, items, create_empty_array(self.feature_space, length)
        )

    def _draw_length(self, length_arg: Any) -> int:
        rng = self.np_random
        if length_arg is None:
            return int(rng.geometric(_GEOMETRIC_P)) - 1
        if isinstance(length_arg, (int, np.integer)) and not isinstance(length_arg, bool):
            if length_arg < 0:
                raise InvalidProbability(f"Sequence length must be >= 0, got {length_arg}")
            return int(length_arg)
        lengths = np.asarray(length_arg)
        if (
            lengths.ndim != 1
            or lengths.size == 0
            or lengths.dtype.kind not in "iu"
            or np.any(lengths < 0)
        ):
            raise InvalidProbability(
                "Sequence length mask must be None, an int or a non-empty 1-D array of "
                f"non-negative ints, got {length_arg!r}"
            )
        return int(lengths[rng.integers(lengths.size)])

    def contains(self, x: Any) -> bool:
        """Whether ``x`` is a sequence of features (a tuple or list; batched when stacked)."""
        if not self.stack:
            return isinstance(x, (tuple, list)) and all(
                self.feature_space.contains(item) for item in x
            )
        length = stacked_length(self.feature_space, x)
        if length is None:
            return False
        from gymkit.spaces.batching import batch_space

        try:
            return batch_space(self.feature_space, length).contains(x)
        except Exception:  # a custom feature space without batching support
            return False

    def items(self, x: Any) -> list[Any]:
        """The features of the sequence ``x``, in order (un-batching a stacked one)."""
        if not self.stack:
            return list(x)
        from gymkit.spaces.batching import batch_space, iterate

        length = stacked_length(self.feature_space, x)
        if length is None:
            raise InvalidSpace(f"{x!r} is not a stacked sequence of {self.feature_space}")
        if length == 0:
            return []
        return list(iterate(batch_space(self.feature_space, length), x))

    def to_jsonable(self, sample_n: Any) -> list[Any]:
        """Each sequence as the feature space's JSON list of its items."""
        return [self.feature_space.to_jsonable(self.items(sample)) for sample in sample_n]

    def from_jsonable(self, sample_n: Iterable[Any]) -> list[Any]:
        """Inverse of :meth:`to_jsonable`."""
        result = []
        for sample in sample_n:
            items = self.feature_space.from_jsonable(sample)
            if self.stack:
                from gymkit.spaces.batching import concatenate, create_empty_array

                out = create_empty_array(self.feature_space, len(items))
                result.append(concatenate(self.feature_space, items, out))
            else:
                result.append(tuple(items))
        return result

    def __repr__(self) -> str:
        return f"Sequence({self.feature_space!r}, stack={self.stack})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Sequence)
            and self.stack == other.stack
            and self.feature_space == other.feature_space
        )

    __hash__ = None  # type: ignore[assignment]


_ANY = -1  # the batch of an empty Tuple/Dict feature fits every length


def stacked_length(feature: Space[Any], x: Any) -> int | None:
    """The number of items in ``x``, a batch of ``feature`` elements, or ``None`` if malformed."""
    length = _length(feature, x)
    return 0 if length == _ANY else length


def _length(feature: Space[Any], x: Any) -> int | None:
    from gymkit.spaces.box import Box
    from gymkit.spaces.dict import Dict
    from gymkit.spaces.discrete import Discrete
    from gymkit.spaces.multi_binary import MultiBinary
    from gymkit.spaces.multi_discrete import MultiDiscrete
    from gymkit.spaces.tuple import Tuple

    if isinstance(feature, (Box, Discrete, MultiDiscrete, MultiBinary)):
        return int(x.shape[0]) if isinstance(x, np.ndarray) and x.ndim >= 1 else None
    if isinstance(feature, Tuple):
        if not isinstance(x, tuple) or len(x) != len(feature.spaces):
            return None
        return _common({_length(sub, part) for sub, part in zip(feature.spaces, x)})
    if isinstance(feature, Dict):
        if not isinstance(x, Mapping) or set(x) != set(feature.spaces):
            return None
        return _common({_length(sub, x[key]) for key, sub in feature.spaces.items()})
    return len(x) if isinstance(x, tuple) else None


def _common(lengths: set[int | None]) -> int | None:
    lengths.discard(_ANY)
    if not lengths:
        return _ANY
    return lengths.pop() if len(lengths) == 1 else None
