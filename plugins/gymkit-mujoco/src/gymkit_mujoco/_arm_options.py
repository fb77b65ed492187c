"""Checks of the constructor options shared by the arm and pendulum tasks (InvertedPendulum,
InvertedDoublePendulum, Reacher, Pusher): each returns the value as a ``float`` or raises
:class:`gymkit.error.InvalidEnvKwargs` naming the env, the option, the value and what it expects.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from gymkit.error import InvalidEnvKwargs

__all__ = ["control_weight", "finite_float", "noise_scale"]


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


def control_weight(env: str, name: str, value: Any) -> Any:
    """The weight of a control cost, checked as :func:`finite_float`; a NumPy scalar is kept as
    it is. The cost of a float32 action is a float32 sum, and the weight's type takes part in
    NumPy's promotion (an ``np.float64`` weight makes the product a float64, a Python number
    keeps it float32): kept, the weighted cost has the precision the reference computes."""
    number = finite_float(env, name, value)
    return value if isinstance(value, (np.integer, np.floating)) else number


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
