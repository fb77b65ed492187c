"""Seeding: turn a user's seed into a ``numpy.random.Generator`` the same way everywhere."""

from __future__ import annotations

from typing import Any

import numpy as np

from gymkit.error import InvalidSeed


def np_random(seed: int | None = None) -> tuple[np.random.Generator, int]:
    """Return ``(generator, seed)`` for ``seed``.

    ``seed`` must be ``None`` or a non-negative ``int`` (NumPy integers included, ``bool`` not).
    With ``None`` a fresh seed is drawn from the OS entropy pool; the returned ``seed`` is always
    the integer that reproduces the generator: ``np_random(s)[0]`` and ``np_random(s)[0]`` yield
    identical streams. Anything else raises :class:`gymkit.error.InvalidSeed`.
    """
    checked = _check_seed(seed)
    seed_seq = np.random.SeedSequence(checked)
    entropy = int(seed_seq.entropy)  # type: ignore[arg-type]
    return np.random.Generator(np.random.PCG64(seed_seq)), entropy


def _check_seed(seed: Any) -> int | None:
    if seed is None:
        return None
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)):
        raise InvalidSeed(
            f"seed must be None or a non-negative int, got {seed!r} of type "
            f"{type(seed).__name__}; pass e.g. seed=42"
        )
    if seed < 0:
        raise InvalidSeed(f"seed must be a non-negative int, got {seed}; pass e.g. seed={-seed}")
    return int(seed)
