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
    "action_problem",
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
    """Raise :class:`~gymkit.error.InvalidAction` when ``action`` is not in ``action_space``,
    naming the env, the action, why it is not in the space and the fix
    (:func:`action_problem`)."""
    space = env.action_space
    try:
        contained = space.contains(action)
    except Exception:  # e.g. a value the space cannot even compare
        contained = False
    if not contained:
        raise error.InvalidAction(
            f"action {_short(action)} (type {type(action).__name__}) is not in the action space "
            f"{space} of {_name(env)}: {action_problem(space, action)}"
        )


_LISTED = 3  # offending entries named in an action message


def action_problem(space: Any, action: Any) -> str:
    """Why ``action`` is not an element of the action ``space``, and the fix, as one clause for
    an :class:`~gymkit.error.InvalidAction` message (e.g. "it holds NaN at index (0,); ...").

    For a :class:`~gymkit.spaces.Box`: not numeric, the wrong shape, NaN, values outside the
    bounds (naming :class:`gymkit.wrappers.ClipAction` for float boxes), or a dtype that does
    not cast safely; for :class:`~gymkit.spaces.Discrete`: not an integer, or out of range.
    """
    from gymkit.spaces import Box, Discrete

    if isinstance(space, Box):
        return _box_problem(space, action)
    if isinstance(space, Discrete):
        first, end = int(space.start), int(space.start) + int(space.n)
        expected = f"expected an integer in [{first}, {end})"
        if isinstance(action, (bool, np.bool_)) or not isinstance(
            action, (int, np.integer, np.ndarray)
        ):
            return f"{expected}, got a {type(action).__name__}"
        if isinstance(action, np.ndarray) and (action.shape != () or action.dtype.kind not in "iu"):
            return f"{expected} (or a 0-d integer array), got shape {action.shape} {action.dtype}"
        return f"{expected}; sample valid actions with env.action_space.sample()"
    return f"expected an element of {space}; sample valid actions with env.action_space.sample()"


def _box_problem(space: Any, action: Any) -> str:
    expected = f"expected a {space.shape} array of {space.dtype} within [low, high]"
    try:
        array = np.asarray(action)
    except Exception:
        array = None
    if array is None or array.dtype.kind not in "biuf":
        return f"it is not numeric; {expected}"
    if array.shape != space.shape:
        return f"it has shape {array.shape}; {expected}"
    floating = np.issubdtype(space.dtype, np.floating)
    if array.dtype.kind == "f" and np.isnan(array).any():
        where = _indices(np.isnan(array))
        return (
            f"it holds NaN (at {where}); expected finite numbers within the bounds. A NaN action "
            "usually comes from a policy whose outputs diverged: check its inputs, loss and "
            "learning rate"
        )
    problems = []
    with np.errstate(invalid="ignore"):
        below, above = array < space.low, array > space.high
    if below.any() or above.any():
        named = [
            f"index {i}: {v!r} < low {lo!r}" if b else f"index {i}: {v!r} > high {hi!r}"
            for i, v, lo, hi, b in _offending(array, space.low, space.high, below, above)
        ]
        problems.append(f"it is outside the bounds ({'; '.join(named)})")
    if isinstance(action, (np.ndarray, np.generic)) and not np.can_cast(array.dtype, space.dtype):
        problems.append(
            f"its dtype {array.dtype} does not cast safely to {space.dtype}; pass "
            f"np.asarray(action, dtype=np.{space.dtype})"
        )
    elif array.dtype.kind == "f" and not floating:
        problems.append(f"it holds floats but the space holds {space.dtype} values")
    if not problems:
        return expected
    message = "; ".join(problems)
    if (below.any() or above.any()) and floating:
        message += (
            ". Clip actions into the bounds yourself, or wrap the env to clip them: "
            "env = gymkit.wrappers.ClipAction(env)"
        )
    return message


def _indices(mask: np.ndarray) -> str:
    """The first offending indices of ``mask`` as text, e.g. ``"index (0,)"``."""
    found = [tuple(int(i) for i in index) for index in np.argwhere(mask)[:_LISTED]]
    more = int(mask.sum()) - len(found)
    text = ", ".join(str(index) for index in found)
    return f"index {text}" + (f" and {more} more" if more > 0 else "")


def _offending(
    array: np.ndarray, low: np.ndarray, high: np.ndarray, below: np.ndarray, above: np.ndarray
) -> list[tuple[tuple[int, ...], Any, Any, Any, bool]]:
    """(index, value, low, high, is-below) of the first few entries outside the bounds."""
    rows = []
    for index in np.argwhere(below | above)[:_LISTED]:
        at = tuple(int(i) for i in index)
        rows.append((at, array[at].item(), low[at].item(), high[at].item(), bool(below[at])))
    return rows


def _short(value: Any) -> str:
    """``repr(value)`` cut to one readable line."""
    text = " ".join(repr(value).split())
    return text if len(text) <= 120 else text[:117] + "..."


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
