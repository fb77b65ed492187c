"""The checks :class:`gymkit.wrappers.PassiveEnvChecker` runs: observe an env, change nothing.

Every function takes the (unwrapped or wrapped) env being checked and the value to check.
Violations of the contract raise (:class:`~gymkit.error.InvalidAction`,
:class:`~gymkit.error.EnvContractViolation`, :class:`~gymkit.error.InvalidSpace`); things that
are legal but likely mistakes warn with :class:`~gymkit.error.PassiveCheckWarning`.
"""

from __future__ import annotations

import inspect
import warnings
from typing import Any

import numpy as np

from gymkit import error
from gymkit.core import Env

__all__ = [
    "check_action",
    "check_env_structure",
    "check_observation",
    "check_render_result",
    "check_reset_result",
    "check_space",
    "check_step_result",
]


def _warn(message: str) -> None:
    warnings.warn(message, error.PassiveCheckWarning, stacklevel=4)


def _name(env: Env[Any, Any]) -> str:
    return str(env.unwrapped)


# ----------------------------------------------------------------------------- construction
def check_space(env: Env[Any, Any], space: Any, role: str) -> None:
    """``space`` (the env's ``role``, e.g. ``"action_space"``) must be a gymkit Space.

    Raises :class:`~gymkit.error.InvalidSpace`; warns about Box bounds that are equal
    (a constant dimension) or, for actions, infinite.
    """
    from gymkit.spaces import Box, Space

    if not isinstance(space, Space):
        raise error.InvalidSpace(
            f"{_name(env)}.{role} must be a gymkit.spaces.Space, got {space!r} of type "
            f"{type(space).__name__}; set self.{role} in the env's __init__"
        )
    if isinstance(space, Box):
        low, high = np.asarray(space.low), np.asarray(space.high)
        if np.any(low == high):
            _warn(
                f"{_name(env)}.{role} {space} has dimensions with low == high: those are "
                "constants, which is legal but usually a mistake"
            )
        unbounded = not (np.all(np.isfinite(low)) and np.all(np.isfinite(high)))
        if role == "action_space" and np.issubdtype(space.dtype, np.floating) and unbounded:
            _warn(
                f"{_name(env)}.action_space {space} is unbounded: random agents and most "
                "algorithms need finite action bounds"
            )


def check_env_structure(env: Env[Any, Any]) -> None:
    """Check the spaces, ``metadata``, ``render_mode`` and the ``reset`` signature of ``env``."""
    check_space(env, env.action_space, "action_space")
    check_space(env, env.observation_space, "observation_space")
    metadata = env.metadata
    if not isinstance(metadata, dict):
        raise error.EnvContractViolation(
            f"{_name(env)}.metadata must be a dict, got {type(metadata).__name__}"
        )
    modes = metadata.get("render_modes")
    if modes is None:
        _warn(f"{_name(env)}.metadata has no 'render_modes' list; declare [] if it cannot render")
        modes = []
    elif not isinstance(modes, (list, tuple)):
        raise error.EnvContractViolation(
            f"{_name(env)}.metadata['render_modes'] must be a list of str, got {modes!r}"
        )
    render_mode = env.render_mode
    if render_mode is not None and render_mode not in modes:
        raise error.UnsupportedMode(
            f"{_name(env)} has render_mode={render_mode!r}, which is not in its "
            f"metadata['render_modes'] {list(modes)}"
        )
    if modes and metadata.get("render_fps") is None:
        _warn(
            f"{_name(env)}.metadata declares render modes {list(modes)} but no 'render_fps'; "
            "human rendering and video need it"
        )
    try:
        params = inspect.signature(env.reset).parameters
    except (TypeError, ValueError):
        return
    takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    missing = [k for k in ("seed", "options") if k not in params and not takes_any]
    if missing:
        raise error.EnvContractViolation(
            f"{type(env.unwrapped).__name__}.reset must accept the keywords seed and options "
            f"(missing: {', '.join(missing)}); define reset(self, *, seed=None, options=None)"
        )


# ----------------------------------------------------------------------------- values
def check_observation(env: Env[Any, Any], obs: Any, method: str) -> None:
    """Warn when ``obs`` (returned by ``method``) is not in ``observation_space`` or not finite."""
    space = env.observation_space
    try:
        contained = space.contains(obs)
    except Exception as exc:  # a space refusing the value outright is still "not contained"
        contained = False
        detail = f" ({type(exc).__name__}: {exc})"
    else:
        detail = ""
    if not contained:
        summary = obs
        if isinstance(obs, np.ndarray):
            summary = f"array(shape={obs.shape}, dtype={obs.dtype})"
        _warn(
            f"the observation returned by {_name(env)}.{method}() is not in its observation "
            f"space {space}: got {summary}{detail}"
        )
    elif (
        isinstance(obs, np.ndarray)
        and np.issubdtype(obs.dtype, np.floating)
        and not np.all(np.isfinite(obs))
    ):
        _warn(f"the observation returned by {_name(env)}.{method}() holds NaN or inf")


def check_reset_result(env: Env[Any, Any], result: Any) -> None:
    """``reset`` must return ``(obs, info)`` with ``info`` a dict; the obs should be in space."""
    if not isinstance(result, tuple) or len(result) != 2:
        raise error.EnvContractViolation(
            f"{_name(env)}.reset() must return a tuple (obs, info), got {_describe(result)}; "
            "did the env forget to return the info dict?"
        )
    obs, info = result
    if not isinstance(info, dict):
        raise error.EnvContractViolation(
            f"{_name(env)}.reset() must return info as a dict, got {type(info).__name__}"
        )
    check_observation(env, obs, "reset")


def check_action(env: Env[Any, Any], action: Any) -> None:
    """Raise :class:`~gymkit.error.InvalidAction` when ``action`` is not in ``action_space``."""
    space = env.action_space
    try:
        contained = space.contains(action)
    except Exception:  # e.g. a value the space cannot even compare
        contained = False
    if not contained:
        raise error.InvalidAction(
            f"action {action!r} (type {type(action).__name__}) is not in the action space "
            f"{space} of {_name(env)}; sample valid actions with env.action_space.sample()"
        )


def check_step_result(env: Env[Any, Any], result: Any) -> None:
    """``step`` must return ``(obs, reward, terminated, truncated, info)`` of the right types."""
    if not isinstance(result, tuple) or len(result) != 5:
        hint = ""
        if isinstance(result, tuple) and len(result) == 4:
            hint = (
                "; it looks like the old (obs, reward, done, info) API: split done into "
                "terminated (the MDP ended) and truncated (cut short)"
            )
        raise error.EnvContractViolation(
            f"{_name(env)}.step() must return (obs, reward, terminated, truncated, info), got "
            f"{_describe(result)}{hint}"
        )
    obs, reward, terminated, truncated, info = result
    for flag_name, flag in (("terminated", terminated), ("truncated", truncated)):
        if not isinstance(flag, (bool, np.bool_)):
            _warn(
                f"{_name(env)}.step() returned {flag_name}={flag!r} of type "
                f"{type(flag).__name__}; expected a bool"
            )
    if isinstance(reward, (bool, np.bool_)) or not isinstance(
        reward, (int, float, np.integer, np.floating)
    ):
        raise error.EnvContractViolation(
            f"{_name(env)}.step() must return a real scalar reward (float or NumPy number), got "
            f"{reward!r} of type {type(reward).__name__}"
        )
    if not np.isfinite(reward):
        _warn(f"{_name(env)}.step() returned the non-finite reward {reward!r}")
    if not isinstance(info, dict):
        raise error.EnvContractViolation(
            f"{_name(env)}.step() must return info as a dict, got {type(info).__name__}"
        )
    check_observation(env, obs, "step")


def check_render_result(env: Env[Any, Any], frame: Any) -> None:
    """Warn when a frame does not match ``render_mode`` (``rgb_array``: ``(H, W, 3) uint8``)."""
    mode = env.render_mode
    if mode == "rgb_array":
        if not (
            isinstance(frame, np.ndarray)
            and frame.ndim == 3
            and frame.shape[2] == 3
            and frame.dtype == np.uint8
        ):
            _warn(
                f"{_name(env)}.render() in 'rgb_array' mode should return an (H, W, 3) uint8 "
                f"array, got {_describe(frame)}"
            )
    elif mode == "ansi":
        if not isinstance(frame, str):
            _warn(
                f"{_name(env)}.render() in 'ansi' mode should return a str, got {_describe(frame)}"
            )
    elif mode in (None, "human") and frame is not None:
        _warn(f"{_name(env)}.render() with render_mode={mode!r} should return None")


def _describe(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"array(shape={value.shape}, dtype={value.dtype})"
    if isinstance(value, tuple):
        return f"a tuple of {len(value)} items"
    return f"{type(value).__name__} {value!r}"[:200]
