"""Checks of the constructor options shared by the arm and pendulum tasks (InvertedPendulum,
InvertedDoublePendulum, Reacher, Pusher): each returns the value as a ``float`` or raises
:class:`gymkit.error.InvalidEnvKwargs` naming the env, the option, the value and what it expects.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from gymkit.error import InvalidEnvKwargs

__all__ = ["finite_float", "noise_scale"]


def finite_float(env: str, name: str, value: Any) -> float:
    """``value`` as a float; it must be a real, finite number (a weight or a bonus)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(
        value, (int, float, np.integer, np.floating)
    ):
        raise InvalidEnvKwargs(
            f"{env}: {name} must be a real number, got {value!r} of type {type(value).__name__}"
        )
    number = float(value)
    if not math.isfinite(number):
        raise InvalidEnvKwargs(f"{env}: {name} must be a finite number, got {value!r}")
    return number


def noise_scale(env: str, value: Any, name: str = "reset_noise_scale") -> float:
    """``value`` as a float; it must be a finite number >= 0 (the half-width or the standard
    deviation of the reset noise)."""
    number = finite_float(env, name, value)
    if number < 0:
        raise InvalidEnvKwargs(
            f"{env}: {name} must be >= 0 (the size of the reset noise), got {value!r}; "
            f"pass e.g. {name}={-number}"
        )
    return number
