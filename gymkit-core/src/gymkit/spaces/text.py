"""``Text``: strings over a character set, with a length range."""

from __future__ import annotations

import string
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from gymkit.error import InvalidProbability, InvalidSpace
from gymkit.spaces.discrete import check_mask, check_probability
from gymkit.spaces.space import Space

__all__ = ["Text", "alphanumeric"]

#: The default character set: ASCII letters and digits.
alphanumeric: frozenset[str] = frozenset(string.ascii_letters + string.digits)


def _is_int(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


class Text(Space[str]):
    """Strings of ``min_length`` to ``max_length`` characters, every character in ``charset``.

    ``charset`` is a string (its order is kept, duplicates dropped) or a set of characters
    (sorted). Bad lengths or an empty charset raise :class:`gymkit.error.InvalidSpace`.
    """

    def __init__(
        self,
        max_length: int,
        *,
        min_length: int = 1,
        charset: frozenset[str] | str = alphanumeric,
        seed: int | np.random.Generator | None = None,
    ) -> None:
        if not _is_int(min_length) or min_length < 0:
            raise InvalidSpace(f"Text min_length must be a non-negative int, got {min_length!r}")
        if not _is_int(max_length) or max_length < min_length:
            raise InvalidSpace(
                f"Text max_length must be an int >= min_length ({min_length}), got {max_length!r}"
            )
        if isinstance(charset, str):
            chars = tuple(dict.fromkeys(charset))
        else:
            try:
                chars = tuple(sorted(set(charset)))
            except TypeError:
                raise InvalidSpace(
                    f"Text charset must be a str or a set of characters, got {charset!r}"
                ) from None
        if not chars or not all(isinstance(c, str) and len(c) == 1 for c in chars):
            raise InvalidSpace(
                f"Text charset must be a non-empty str or set of single characters, got {charset!r}"
            )
        self.min_length = int(min_length)
        self.max_length = int(max_length)
        self._char_list: tuple[str, ...] = chars
        self._char_set: frozenset[str] = frozenset(chars)
        self._char_index: dict[str, np.int32] = {c: np.int32(i) for i, c in enumerate(chars)}
        self._char_str = "".join(chars)
        super().__init__(None, str, seed)

    @property
    def character_set(self) -> frozenset[str]:
        """The set of allowed characters."""
        return self._char_set

    @property
    def character_list(self) -> tuple[str, ...]:
        """The allowed characters in charset order (index ``i`` is the flattened value ``i``)."""
        return self._char_list

    @property
    def characters(self) -> str:
        """The allowed characters as one string, in charset order."""
        return self._char_str

    def character_index(self, char: str) -> np.int32:
        """The index of ``char`` in :attr:`character_list` (KeyError if not allowed)."""
        return self._char_index[char]

    @property
    def is_np_flattenable(self) -> bool:
        """Always ``True``: a string flattens to ``max_length`` character indices."""
        return True

    def sample(self, mask: Any | None = None, probability: Any | None = None) -> str:
        """A random string.

        ``mask = (length, char_mask)`` and ``probability = (length, char_probability)``: ``length``
        an int fixes the length (else uniform in ``[min_length, max_length]``); ``char_mask`` (int8,
        one entry per character) restricts the characters, ``char_probability`` weights them.
        Malformed arguments raise :class:`gymkit.error.InvalidProbability`.
        """
        if mask is not None and probability is not None:
            raise InvalidProbability("Text.sample takes a mask or a probability, not both")
        arg = mask if mask is not None else probability
        length, chars_arg = None, None
        if arg is not None:
            if not (isinstance(arg, (tuple, list)) and len(arg) == 2):
                raise InvalidProbability(
                    f"Text.sample expects (length, character_mask_or_probability), got {arg!r}"
                )
            length, chars_arg = arg
        rng = self.np_random
        if length is None:
            length = int(rng.integers(self.min_length, self.max_length + 1))
        elif not _is_int(length) or length < 0:
            raise InvalidProbability(
                f"Text.sample length must be a non-negative int, got {length!r}"
            )
        n_chars = len(self._char_list)
        if chars_arg is None:
            picks = rng.integers(n_chars, size=length)
        elif mask is not None:
            valid = np.flatnonzero(check_mask(chars_arg, n_chars, "Text character"))
            if valid.size == 0:
                if length == 0 or self.min_length == 0:
                    return ""
                raise InvalidProbability(
                    f"Text character mask allows no character but min_length={self.min_length}"
                )
            picks = valid[rng.integers(valid.size, size=length)]
        else:
            p = check_probability(chars_arg, n_chars, "Text character")
            picks = rng.choice(n_chars, size=length, p=p)
        return "".join(self._char_list[i] for i in picks)

    def contains(self, x: Any) -> bool:
        """Whether ``x`` is a str of allowed length made of allowed characters."""
        return (
            isinstance(x, str)
            and self.min_length <= len(x) <= self.max_length
            and all(c in self._char_set for c in x)
        )

    def to_jsonable(self, sample_n: Sequence[str]) -> list[str]:
        """The strings themselves."""
        return [str(s) for s in sample_n]

    def from_jsonable(self, sample_n: Iterable[str]) -> list[str]:
        """The strings themselves."""
        return [str(s) for s in sample_n]

    def __repr__(self) -> str:
        charset = "" if self._char_set == alphanumeric else f", charset={self._char_str!r}"
        return f"Text({self.min_length}, {self.max_length}{charset})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Text)
            and self.min_length == other.min_length
            and self.max_length == other.max_length
            and self._char_list == other._char_list
        )

    __hash__ = None  # type: ignore[assignment]
