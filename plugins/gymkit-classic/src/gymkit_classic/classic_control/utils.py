"""Pieces every classic-control env shares: reset bounds and action errors (the human window is
:class:`gymkit.utils.display.WindowedRendering`)."""

from __future__ import annotations

import math
from typing import Any

from gymkit.error import InvalidAction, InvalidEnvKwargs


def reset_bounds(
    options: dict[str, Any] | None, default_low: float, default_high: float
) -> tuple[float, float]:
    """Return ``(low, high)`` of a uniform reset draw: ``options["low"]`` / ``options["high"]``
    when given, else the defaults.

    Raises :class:`ValueError` naming the values when a bound is not a finite real number or
    ``low > high``.
    """
    if options is None:
        return default_low, default_high
    if not isinstance(options, dict):
        raise TypeError(
            f"reset options must be a dict or None, got {type(options).__name__}; "
            "pass e.g. options={'low': -0.1, 'high': 0.1}"
        )
    low = _finite_number("low", options.get("low", default_low))
    high = _finite_number("high", options.get("high", default_high))
    if low > high:
        raise ValueError(
            f"reset options need low <= high, got low={low} and high={high}; swap them"
        )
    return low, high


def _finite_number(name: str, value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(
            f"reset option {name!r} must be a real number, got {value!r} of type "
            f"{type(value).__name__}"
        ) from None
    if not math.isfinite(number):
        raise ValueError(f"reset option {name!r} must be finite, got {number}")
    return number


def invalid_action(env: Any, action: Any) -> InvalidAction:
    """The error a ``step`` raises for an action outside ``env.action_space``: the env, the
    action, why it is not in the space and the fix."""
    from gymkit.utils.passive_env_checker import action_problem

    return InvalidAction(
        f"{type(env).__name__}.step got action {action!r} of type {type(action).__name__}, "
        f"which is not in the action space {env.action_space}: "
        f"{action_problem(env.action_space, action)}"
    )


def check_choice(name: str, value: Any, choices: tuple[Any, ...]) -> Any:
    """Return ``value`` if it is one of ``choices``; raise :class:`InvalidEnvKwargs` otherwise."""
    if value not in choices:
        raise InvalidEnvKwargs(f"{name} must be one of {choices}, got {value!r}")
    return value
