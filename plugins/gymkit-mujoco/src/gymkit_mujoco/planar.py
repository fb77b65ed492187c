"""What the planar runners (Hopper, Walker2d, HalfCheetah, Swimmer) share: checks of their
constructor options, the control cost, and the clipped observation of Hopper and Walker2d.

Every check returns the value to store, or raises :class:`~gymkit.error.InvalidEnvKwargs`
naming the option, the value given and what was expected.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from gymkit.error import InvalidEnvKwargs

_add_reduce = np.add.reduce  # what ndarray.sum calls, without its Python-level wrapper
_square = np.square

__all__ = [
    "check_cost_weight",
    "check_flag",
    "check_interval",
    "check_real",
    "check_scale",
    "clipped_observation",
    "control_cost",
]


def _as_real(task: str, name: str, value: Any) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
        raise InvalidEnvKwargs(
            f"{task}: {name} must be a real number, got {value!r} of type {type(value).__name__}"
        )
    if isinstance(value, np.complexfloating):
        raise InvalidEnvKwargs(f"{task}: {name} must be a real number, got {value!r}")
    return float(value)


def check_real(task: str, name: str, value: Any) -> float:
    """``value`` as a finite float (a reward weight)."""
    number = _as_real(task, name, value)
    if not math.isfinite(number):
        raise InvalidEnvKwargs(f"{task}: {name} must be a finite real number, got {value!r}")
    return number


def check_cost_weight(task: str, name: str, value: Any) -> Any:
    """``value`` checked as by :func:`check_real`, and kept as given when it is a NumPy scalar:
    the control cost is computed in NumPy's types (a float32 action with a Python or float32
    weight gives a float32 cost, with a float64 weight a float64 one), as in Gymnasium."""
    number = check_real(task, name, value)
    return value if isinstance(value, np.generic) else number


def check_scale(task: str, name: str, value: Any) -> float:
    """``value`` as a finite float >= 0 (a noise scale)."""
    number = check_real(task, name, value)
    if number < 0:
        raise InvalidEnvKwargs(f"{task}: {name} must be >= 0, got {value!r}")
    return number


def check_flag(task: str, name: str, value: Any) -> bool:
    """``value`` as a bool; only ``True``/``False`` (or NumPy bools) pass."""
    if not isinstance(value, (bool, np.bool_)):
        raise InvalidEnvKwargs(
            f"{task}: {name} must be True or False, got {value!r} of type {type(value).__name__}"
        )
    return bool(value)


def check_interval(task: str, name: str, value: Any) -> tuple[float, float]:
    """``value`` as an open interval ``(low, high)`` of reals (infinities allowed, no NaN) with
    ``low <= high``; the state is healthy strictly inside it."""
    try:
        low, high = value
        low, high = _as_real(task, name, low), _as_real(task, name, high)
    except (TypeError, ValueError, InvalidEnvKwargs):
        raise InvalidEnvKwargs(
            f"{task}: {name} must be a pair (low, high) of real numbers, got {value!r}"
        ) from None
    if math.isnan(low) or math.isnan(high) or low > high:
        raise InvalidEnvKwargs(
            f"{task}: {name} must be a pair (low, high) with low <= high and no NaN, got {value!r}"
        )
    return low, high


def clipped_observation(qpos: list[float], qvel: list[float], skip: int) -> np.ndarray:
    """``concat(qpos[skip:], clip(qvel, -10, 10))`` as a new float64 array, from the state as
    Python lists (what the health checks read too: cheaper than NumPy calls on short arrays).
    The values are those of ``np.clip`` (NaN stays NaN)."""
    return np.array(
        qpos[skip:] + [-10.0 if x < -10.0 else 10.0 if x > 10.0 else x for x in qvel],
        dtype=np.float64,
    )


def control_cost(weight: float, action: Any) -> Any:
    """``weight * sum(action ** 2)``, computed in the action's own dtype as Gymnasium does (so a
    float32 action gives a float32 cost)."""
    return weight * _add_reduce(_square(action))
