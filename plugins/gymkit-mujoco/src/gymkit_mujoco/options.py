"""Checks of the constructor options of every task (reward weights, noise scales, flags,
healthy ranges, the main body).

Each check returns the option in its working type, or raises
:class:`~gymkit.error.InvalidEnvKwargs` naming the env, the option, the value given and what it
must be.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from gymkit.error import InvalidEnvKwargs

__all__ = ["body_index", "cost_weight", "flag", "interval", "non_negative", "real"]

_REAL = (int, float, np.integer, np.floating)


def _is_real(value: Any) -> bool:
    return not isinstance(value, (bool, np.bool_)) and isinstance(value, _REAL)


def real(env: str, name: str, value: Any) -> float:
    """``value`` as a finite float (a reward weight or a bonus)."""
    if not _is_real(value):
        raise InvalidEnvKwargs(
            f"{env}: {name} must be a real number, got {value!r} of type {type(value).__name__}"
        )
    number = float(value)
    if not math.isfinite(number):
        raise InvalidEnvKwargs(f"{env}: {name} must be a finite real number, got {value!r}")
    return number


def cost_weight(env: str, name: str, value: Any) -> Any:
    """The weight of a control cost, checked as by :func:`real`, and kept as given when it is a
    NumPy scalar: the cost of a float32 action is a float32 sum and the weight's type takes part
    in NumPy's promotion (an ``np.float64`` weight makes the product a float64, a Python number
    keeps it float32), so the weighted cost has the precision Gymnasium computes."""
    number = real(env, name, value)
    return value if isinstance(value, np.generic) else number


def non_negative(env: str, name: str, value: Any) -> float:
    """``value`` as a finite float >= 0 (a noise scale: the half-width or the standard deviation
    of the reset noise)."""
    number = real(env, name, value)
    if number < 0:
        raise InvalidEnvKwargs(
            f"{env}: {name} must be >= 0, got {value!r}; pass e.g. {name}={-number}"
        )
    return number


def flag(env: str, name: str, value: Any) -> bool:
    """``value`` as a bool; only ``True``/``False`` (or NumPy's) are accepted."""
    if not isinstance(value, (bool, np.bool_)):
        raise InvalidEnvKwargs(
            f"{env}: {name} must be True or False, got {value!r} of type {type(value).__name__}"
        )
    return bool(value)


def interval(env: str, name: str, value: Any) -> tuple[float, float]:
    """``value`` as a ``(low, high)`` pair of floats with ``low <= high`` (either may be
    infinite, neither NaN); the state is healthy strictly inside it."""
    try:
        low, high = value
    except (TypeError, ValueError):
        low = high = None
    if not (_is_real(low) and _is_real(high)):
        raise InvalidEnvKwargs(
            f"{env}: {name} must be a pair (low, high) of real numbers, got {value!r}"
        )
    if math.isnan(low) or math.isnan(high):
        raise InvalidEnvKwargs(
            f"{env}: {name} must be a pair (low, high) of real numbers with no NaN, got {value!r}"
        )
    if low > high:
        raise InvalidEnvKwargs(
            f"{env}: {name} must be a pair (low, high) with low <= high, got {value!r}; "
            "swap the two bounds"
        )
    return float(low), float(high)


def body_index(env: str, model: Any, value: Any) -> int:
    """The index of the body ``value`` names (a body name, or an index into the model's
    bodies) -- the ``main_body`` option."""
    names = [model.body(i).name for i in range(model.nbody)]
    if isinstance(value, str):
        if value not in names:
            raise InvalidEnvKwargs(
                f"{env}: main_body={value!r} is not a body of the model; its bodies are "
                f"{[n for n in names if n]}"
            )
        return names.index(value)
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
        if not 0 <= value < model.nbody:
            raise InvalidEnvKwargs(
                f"{env}: main_body={value!r} is out of range; the model has {model.nbody} "
                f"bodies, so give an index in 0 .. {model.nbody - 1} or a body name"
            )
        return int(value)
    raise InvalidEnvKwargs(
        f"{env}: main_body must be a body name (str) or index (int), got {value!r} of type "
        f"{type(value).__name__}"
    )
