"""The conformance checks: named properties of the env contract, searched with Hypothesis.

Each :class:`Check` has a name, a one-line explanation and a body that either returns (the
property held on every example) or raises :class:`Violation` with a message naming the defect.
Bodies that search examples go through :func:`run_property`, which drives Hypothesis, shrinks
a failure and attaches the minimal counterexample to the :class:`Violation`.

Cost model (certifying CartPole-v1 with 100 examples per property in a few seconds): a check
builds its env(s) once and reuses them across examples — every example starts with
``reset(seed=...)``, which is the contract's way to start afresh — and each example runs a whole
batch of steps: a Hypothesis-drawn action prefix, then a seeded random tail up to the horizon.
"""

from __future__ import annotations

import copy
import math
import os
import pickle
import sys
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from hypothesis.errors import Flaky

from gymkit import error
from gymkit_conformance.strategies import from_space, invalid_for_space
from gymkit_conformance.subject import Subject

__all__ = [
    "CHECKS",
    "Check",
    "CheckSettings",
    "Skip",
    "Violation",
    "check_named",
    "run_property",
]

# ============================================================================ framework


class Violation(AssertionError):
    """A check's property does not hold; ``counterexample`` is the (shrunk) failing input."""

    def __init__(self, message: str, counterexample: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.counterexample = counterexample
        self.examples = 0


class Skip(Exception):
    """The check does not apply to this env; the message says why."""


@dataclass(frozen=True)
class CheckSettings:
    """How hard to search.

    Attributes:
        examples: Hypothesis examples per property (default 100).
        seed: the Hypothesis seed (recorded in the certificate; same seed → same examples).
        horizon: steps per example (Hypothesis-drawn prefix + seeded random tail).
        prefix: the longest Hypothesis-drawn action prefix (the part that shrinks).
    """

    examples: int = 100
    seed: int = 0
    horizon: int = 64
    prefix: int = 16


@dataclass(frozen=True)
class Check:
    """A named property of the env contract.

    ``body(subject, settings)`` returns the number of examples it ran, raises
    :class:`Violation` (defect) or :class:`Skip` (not applicable). ``requires`` names checks
    that must pass first: a check whose prerequisite failed is skipped, so every defect is
    reported once, by the check about it.
    """

    name: str
    explanation: str
    body: Callable[[Subject, CheckSettings], int]
    requires: tuple[str, ...] = field(default=())


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence the warnings an env under test may emit (the checks report what matters)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _short(value: Any, limit: int = 300) -> str:
    if isinstance(value, np.ndarray):
        with np.printoptions(threshold=20, edgeitems=3, precision=6):
            text = f"array({np.array2string(value, separator=', ')}, dtype={value.dtype})"
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def run_property(
    strategy: st.SearchStrategy[Any],
    body: Callable[[Any], object],
    check_settings: CheckSettings,
    *,
    examples: int | None = None,
    describe: Callable[[Any], str] = _short,
) -> int:
    """Run ``body`` on examples of ``strategy``; return how many ran.

    Any exception from ``body`` counts as a failure: a :class:`Violation` keeps its message,
    anything else (the env crashed) becomes a Violation naming the exception. Hypothesis
    shrinks the failure; the raised Violation carries ``describe(minimal example)``.
    """
    count = 0
    n = examples if examples is not None else check_settings.examples

    @settings(
        max_examples=n,
        deadline=None,
        database=None,
        derandomize=False,
        verbosity=Verbosity.quiet,
        report_multiple_bugs=False,
        suppress_health_check=list(HealthCheck),
        phases=(Phase.explicit, Phase.generate, Phase.shrink),
    )
    @hypothesis_seed(check_settings.seed)
    @given(strategy)
    def prop(example: Any) -> None:
        nonlocal count
        count += 1
        with _recording():
            try:
                with _quiet():
                    body(example)
            except Violation as exc:
                exc.counterexample = describe(example)
                raise
            except Exception as exc:
                raise Violation(
                    f"the env raised {type(exc).__name__}: {exc}", describe(example)
                ) from exc

    try:
        prop()
    except Violation as exc:
        exc.examples = count
        raise
    except Flaky as exc:
        inner = _first_violation(exc)
        message = inner.message if inner else str(exc)
        flaky = Violation(
            f"{message} (and the failure did not reproduce on replay: the env behaves "
            "differently on identical input)",
            inner.counterexample if inner else None,
        )
        flaky.examples = count
        raise flaky from exc
    return count


def _first_violation(exc: BaseException) -> Violation | None:
    if isinstance(exc, Violation):
        return exc
    for sub in getattr(exc, "exceptions", ()) or ():
        found = _first_violation(sub)
        if found is not None:
            return found
    return None


# ============================================================================ validators


def _is_real_scalar(value: Any) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return False
    if isinstance(value, (int, float, np.integer, np.floating)):
        return True
    return isinstance(value, np.ndarray) and value.shape == () and value.dtype.kind in "iuf"


def _of(path: str, text: str) -> str:
    """``an observation of <text>`` at the root, ``an observation whose obs[...] has <text>``."""
    return (
        f"an observation of {text}" if path == "obs" else f"an observation whose {path} has {text}"
    )


def _space_at(path: str, space: Any) -> str:
    """``observation_space Box(...)`` at the root, ``observation_space['k'][0] Box(...)`` inside."""
    return f"observation_space{path[3:]} {space}"


def check_observation(space: Any, obs: Any, where: str, path: str = "obs") -> None:
    """Raise :class:`Violation` unless ``obs`` is an element of ``space`` of its dtype/shape.

    Inside ``Dict`` and ``Tuple`` spaces the message names the key path of the offending part
    (``obs['sensors']['lidar']``), what was found there and what its subspace expects.
    """
    name = type(space).__name__
    if name == "Dict" and isinstance(getattr(space, "spaces", None), dict):
        _check_dict_observation(space, obs, where, path)
    elif name == "Tuple" and isinstance(getattr(space, "spaces", None), tuple):
        _check_tuple_observation(space, obs, where, path)
    else:
        _check_leaf_observation(space, obs, where, path)
    try:
        contained = bool(space.contains(obs))
    except Exception as exc:
        raise Violation(
            f"{_space_at(path, '').rstrip()}.contains raised {type(exc).__name__} on "
            f"{'the observation' if path == 'obs' else path} {where} returned "
            f"({_short(obs)}): {exc}"
        ) from exc
    if not contained:
        detail = _outside_detail(space, obs)
        if path == "obs":
            raise Violation(
                f"{where} returned an observation outside observation_space {space}: "
                f"{_short(obs)}{detail}"
            )
        raise Violation(
            f"{where} returned an observation whose {path} = {_short(obs)} is outside "
            f"{_space_at(path, space)}{detail}"
        )


def _check_dict_observation(space: Any, obs: Any, where: str, path: str) -> None:
    keys = list(space.spaces)
    if not isinstance(obs, Mapping):
        raise Violation(
            f"{where} returned {_of(path, f'type {type(obs).__name__}')} ({_short(obs, 120)}); "
            f"{_space_at(path, '').rstrip()} is a Dict: expected a dict with the keys {keys}"
        )
    missing = [k for k in keys if k not in obs]
    extra = [k for k in obs if k not in space.spaces]
    if missing or extra:
        parts = [f"missing {missing}" if missing else "", f"unexpected {extra}" if extra else ""]
        raise Violation(
            f"{where} returned {_of(path, 'the keys ' + repr(list(obs)))} "
            f"({', '.join(p for p in parts if p)}); {_space_at(path, '').rstrip()} is a Dict "
            f"with the keys {keys}"
        )
    for key, subspace in space.spaces.items():
        check_observation(subspace, obs[key], where, f"{path}[{key!r}]")


def _check_tuple_observation(space: Any, obs: Any, where: str, path: str) -> None:
    if not isinstance(obs, (tuple, list)):
        raise Violation(
            f"{where} returned {_of(path, f'type {type(obs).__name__}')} ({_short(obs, 120)}); "
            f"{_space_at(path, '').rstrip()} is a Tuple of {len(space.spaces)} spaces: expected "
            "a tuple"
        )
    if len(obs) != len(space.spaces):
        raise Violation(
            f"{where} returned {_of(path, f'{len(obs)} items')} ({_short(obs, 120)}); "
            f"{_space_at(path, space)} has {len(space.spaces)}"
        )
    for index, (subspace, part) in enumerate(zip(space.spaces, obs)):
        check_observation(subspace, part, where, f"{path}[{index}]")


def _check_leaf_observation(space: Any, obs: Any, where: str, path: str) -> None:
    dtype = getattr(space, "dtype", None)
    shape = getattr(space, "shape", None)
    name = type(space).__name__
    if name not in ("Box", "MultiDiscrete", "MultiBinary") or dtype is None:
        return
    if not isinstance(obs, np.ndarray):
        raise Violation(
            f"{where} returned {_of(path, f'type {type(obs).__name__}')} ({_short(obs)}); "
            f"{_space_at(path, space)} holds NumPy arrays of dtype {np.dtype(dtype)}"
        )
    if obs.dtype != np.dtype(dtype):
        found = "" if path == "obs" else f" ({_short(obs, 160)})"
        raise Violation(
            f"{where} returned {_of(path, f'dtype {obs.dtype}')}{found}, but "
            f"{_space_at(path, space)} declares dtype {np.dtype(dtype)}"
        )
    if shape is not None and tuple(obs.shape) != tuple(shape):
        raise Violation(
            f"{where} returned {_of(path, f'shape {obs.shape}')}, but "
            f"{_space_at(path, space)} declares shape {tuple(shape)}"
        )
    if obs.dtype.kind == "f" and not np.all(np.isfinite(obs)):
        bad = np.argwhere(~np.isfinite(obs))[0]
        if not _within_infinite_bounds(space, obs):
            where_in = "" if path == "obs" else f" in {path}"
            raise Violation(
                f"{where} returned an observation holding NaN/inf{where_in} at index "
                f"{tuple(int(i) for i in bad)}: {_short(obs)}"
            )


def _within_infinite_bounds(space: Any, obs: np.ndarray) -> bool:
    """Whether every non-finite entry is an infinity the Box's bounds allow (no NaN)."""
    if np.any(np.isnan(obs)):
        return False
    low = getattr(space, "low", None)
    high = getattr(space, "high", None)
    if low is None or high is None:
        return False
    return bool(np.all(obs >= low) and np.all(obs <= high))


def _outside_detail(space: Any, obs: Any) -> str:
    low: Any = getattr(space, "low", None)
    high: Any = getattr(space, "high", None)
    if low is None or not isinstance(obs, np.ndarray) or obs.shape != np.shape(low):
        if type(space).__name__ == "Discrete":
            return f" (expected an integer in [{space.start}, {space.start + space.n - 1}])"
        return ""
    below = np.argwhere(obs < low)
    if below.size:
        i = tuple(int(k) for k in below[0])
        return f" (index {i} = {obs[i]!r} is below low {low[i]!r})"
    above = np.argwhere(obs > high)
    if above.size:
        i = tuple(int(k) for k in above[0])
        return f" (index {i} = {obs[i]!r} is above high {high[i]!r})"
    return ""


def check_reset_result(space: Any, result: Any, where: str = "reset()") -> Any:
    """Validate ``(obs, info)`` from ``reset``; return the obs."""
    if not isinstance(result, tuple) or len(result) != 2:
        hint = ""
        if not isinstance(result, tuple):
            hint = "; it looks like a bare observation: return (obs, info) with info a dict"
        raise Violation(f"{where} must return a 2-tuple (obs, info), got {_describe(result)}{hint}")
    obs, info = result
    if not isinstance(info, dict):
        raise Violation(f"{where} returned info of type {type(info).__name__}, expected a dict")
    check_observation(space, obs, where)
    return obs


def check_step_result(space: Any, result: Any, where: str) -> tuple[Any, Any, bool, bool]:
    """Validate ``(obs, reward, terminated, truncated, info)``; return the first four."""
    if not isinstance(result, tuple) or len(result) != 5:
        hint = ""
        if isinstance(result, tuple) and len(result) == 4:
            hint = (
                " — the old (obs, reward, done, info) API; split done into terminated and truncated"
            )
        raise Violation(
            f"{where} must return a 5-tuple (obs, reward, terminated, truncated, info), got "
            f"{_describe(result)}{hint}"
        )
    obs, reward, terminated, truncated, info = result
    if not _is_real_scalar(reward):
        raise Violation(
            f"{where} returned reward {_short(reward)} of type {type(reward).__name__}; "
            "expected a real scalar (float, int or NumPy number)"
        )
    if not math.isfinite(float(reward)):
        raise Violation(f"{where} returned the non-finite reward {reward!r}")
    for flag_name, flag in (("terminated", terminated), ("truncated", truncated)):
        if not isinstance(flag, (bool, np.bool_)):
            raise Violation(
                f"{where} returned {flag_name}={_short(flag)} of type {type(flag).__name__}; "
                "expected a bool"
            )
    if not isinstance(info, dict):
        raise Violation(f"{where} returned info of type {type(info).__name__}, expected a dict")
    check_observation(space, obs, where)
    return obs, reward, bool(terminated), bool(truncated)


def _describe(value: Any) -> str:
    if isinstance(value, tuple):
        return f"a tuple of {len(value)} items"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    return f"{type(value).__name__} {_short(value, 120)}"


# ============================================================================ trajectories

_SEEDS = st.integers(min_value=0, max_value=2**31 - 1)
#: The longest whole episode the step contract plays (time limits above it are not reached).
FULL_EPISODE_LIMIT = 1000


def _episode_input(subject_space: Any, check_settings: CheckSettings) -> st.SearchStrategy[Any]:
    """(seed, action prefix): the prefix is drawn by Hypothesis (and shrinks)."""
    actions = st.lists(from_space(subject_space), max_size=check_settings.prefix)
    return st.tuples(_SEEDS, actions)


#: The longest played tail a counterexample prints in full (longer ones keep their end).
PLAYED_SHOWN = 300


class _Played:
    """What the last trajectory a check started actually played: the drawn prefix, the seeded
    random tail and the resets between episodes, so a counterexample can be replayed."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.tail_from: int | None = None
        self.started = False

    def start(self) -> None:
        self.events, self.tail_from, self.started = [], None, True

    def action(self, action: Any) -> None:
        self.events.append(_action_text(action))

    def reset(self, seed: int | None) -> None:
        self.events.append("reset()" if seed is None else f"reset(seed={seed})")

    def prefix_text(self) -> str:
        end = len(self.events) if self.tail_from is None else self.tail_from
        return _event_list(self.events[:end])

    def tail_text(self) -> str | None:
        if self.tail_from is None:
            return None
        return _event_list(self.events[self.tail_from :])


def _event_list(events: list[str]) -> str:
    if len(events) <= PLAYED_SHOWN:
        return "[" + ", ".join(events) + "]"
    omitted = len(events) - PLAYED_SHOWN
    return f"[<the first {omitted} omitted>, " + ", ".join(events[omitted:]) + "]"


def _plain(value: Any) -> Any:
    """An action as plain Python data (arrays as lists, NumPy scalars as numbers); narrow floats
    keep their shortest decimal that converts back to the same value of their dtype."""
    if isinstance(value, np.ndarray):
        if value.dtype in (np.float16, np.float32):
            return _narrow_floats(value.tolist(), value.dtype.type)
        return value.tolist()
    if isinstance(value, (np.float16, np.float32)):
        return _narrow_floats(value.item(), type(value))
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return type(value)(_plain(v) for v in value)
    return value


def _narrow_floats(value: Any, dtype: Any) -> Any:
    if isinstance(value, list):
        return [_narrow_floats(v, dtype) for v in value]
    return float(np.format_float_positional(dtype(value), unique=True, trim="-"))


def _action_text(action: Any) -> str:
    return repr(_plain(action))


_PLAYED: ContextVar[_Played | None] = ContextVar("gymkit_conformance_played", default=None)


@contextmanager
def _recording() -> Iterator[_Played]:
    """Record what the trajectories run inside the block play (see :func:`_describe_episode`)."""
    played = _Played()
    token = _PLAYED.set(played)
    try:
        yield played
    finally:
        _PLAYED.reset(token)


def _note_reset(seed: int | None) -> None:
    played = _PLAYED.get()
    if played is not None:
        played.reset(seed)


def _describe_episode(example: Any) -> str:
    """``reset(seed=s), then the actions [...] followed by the seeded random tail [...]``: the
    tail as played by the failing run (when recorded), resets between episodes included."""
    seed, actions = example[0], example[1]
    played = _PLAYED.get()
    if played is None or not played.started:
        text = f"reset(seed={seed}), then the actions {_short([_plain(a) for a in actions], 400)}"
        if len(example) > 2:
            text += f" (extra: {_short(example[2:], 200)})"
        return text + " followed by a seeded random tail"
    text = f"reset(seed={seed}), then the actions {played.prefix_text()}"
    if len(example) > 2:
        text += f" (extra: {_short(example[2:], 200)})"
    tail = played.tail_text()
    if tail is not None:
        text += (
            f" followed by the seeded random tail {tail} (what the failing run played: samples "
            f"of a copy of action_space seeded with {seed})"
        )
    return text


def _actions(env: Any, seed: int, prefix: list[Any], horizon: int) -> Iterator[Any]:
    """The prefix, then actions sampled from a copy of the action space seeded with ``seed``.

    Inside :func:`_recording`, every action is recorded as it is handed out."""
    played = _PLAYED.get()
    if played is not None:
        played.start()
    for action in prefix:
        if played is not None:
            played.action(action)
        yield action
    remaining = horizon - len(prefix)
    if remaining <= 0:
        return
    space = copy.deepcopy(env.action_space)
    space.seed(seed)
    if played is not None:
        played.tail_from = len(played.events)
    for _ in range(remaining):
        action = space.sample()
        if played is not None:
            played.action(action)
        yield action


def snapshot(value: Any) -> Any:
    """A copy of an env output that later writes into the original cannot change."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if value is None or isinstance(value, (bool, int, float, str, bytes, np.generic)):
        return value
    return copy.deepcopy(value)


def _rollout(
    env: Any, seed: int, prefix: list[Any], horizon: int, *, validate: bool = False
) -> list[tuple[Any, ...]]:
    """Reset with ``seed`` and step ``horizon`` actions (resetting with ``seed + k`` after the
    k-th episode ends); return the records ``("reset", obs)`` / ``("step", obs, r, te, tr)``
    (observations copied, so an env reusing its buffers cannot rewrite the record)."""
    space = env.observation_space
    records: list[tuple[Any, ...]] = []
    result = env.reset(seed=seed)
    obs = check_reset_result(space, result, f"reset(seed={seed})") if validate else result[0]
    records.append(("reset", snapshot(obs)))
    episodes = 0
    for step, action in enumerate(_actions(env, seed, prefix, horizon)):
        result = env.step(action)
        if validate:
            where = f"step #{step} (action {_short(action, 80)})"
            obs, reward, terminated, truncated = check_step_result(space, result, where)
        else:
            obs, reward, terminated, truncated = result[:4]
        records.append(("step", snapshot(obs), reward, terminated, truncated))
        if terminated or truncated:
            episodes += 1
            reset_seed = seed + episodes
            _note_reset(reset_seed)
            result = env.reset(seed=reset_seed)
            if validate:
                where = f"reset(seed={reset_seed}) after an episode ended at step #{step}"
                obs = check_reset_result(space, result, where)
            else:
                obs = result[0]
            records.append(("reset", snapshot(obs)))
    return records


def same_value(a: Any, b: Any) -> bool:
    """Structural equality of env outputs (arrays exactly, NaN equal to NaN)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a_arr, b_arr = np.asarray(a), np.asarray(b)
        if a_arr.shape != b_arr.shape or a_arr.dtype != b_arr.dtype:
            return False
        if a_arr.dtype.kind in "fc":
            return bool(np.array_equal(a_arr, b_arr, equal_nan=True))
        if a_arr.dtype.kind == "O":
            return all(same_value(x, y) for x, y in zip(a_arr.ravel(), b_arr.ravel()))
        return bool(np.array_equal(a_arr, b_arr))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b))
    if hasattr(a, "nodes") and hasattr(b, "nodes"):  # GraphInstance
        return all(
            same_value(getattr(a, f), getattr(b, f)) for f in ("nodes", "edges", "edge_links")
        )
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    try:
        return bool(a == b)
    except Exception:
        return False


_FIELDS = {"reset": ("obs",), "step": ("obs", "reward", "terminated", "truncated")}


def first_difference(left: list[tuple[Any, ...]], right: list[tuple[Any, ...]]) -> str | None:
    """Describe where two rollouts first differ, or ``None`` when they are identical."""
    for index, (a, b) in enumerate(zip(left, right)):
        if a[0] != b[0]:
            return f"record #{index}: one run did a {a[0]} where the other did a {b[0]}"
        for name, x, y in zip(_FIELDS[a[0]], a[1:], b[1:]):
            if not same_value(x, y):
                steps = sum(1 for r in left[:index] if r[0] == "step")
                where = (
                    f"at step {steps + 1}"
                    if a[0] == "step"
                    else f"at the reset after {steps} steps"
                )
                return f"{where}, {name} differs: {_short(x)} vs {_short(y)}"
    if len(left) != len(right):
        return f"the runs have different lengths ({len(left)} vs {len(right)} records)"
    return None


# ============================================================================ the checks


def _spaces_well_formed(subject: Subject, cs: CheckSettings) -> int:
    from gymkit.spaces import Space

    with _quiet():
        env = subject.make()
    try:
        roles = {"action_space": env.action_space, "observation_space": env.observation_space}
    finally:
        env.close()
    for role, space in roles.items():
        if not isinstance(space, Space):
            raise Violation(
                f"{role} is {_short(space)} of type {type(space).__name__}, not a "
                "gymkit.spaces.Space"
            )
        _static_space_checks(role, space)
    total = 0
    for role, space in roles.items():
        total += run_property(
            st.tuples(_SEEDS, from_space(space)),
            lambda example, role=role, space=space: _space_property(role, space, *example),
            cs,
            describe=lambda ex, role=role: f"{role}: seed={ex[0]}, element={_short(ex[1])}",
        )
    return total


def _static_space_checks(role: str, space: Any) -> None:
    shape = space.shape
    if shape is not None and not (
        isinstance(shape, tuple) and all(isinstance(d, (int, np.integer)) and d >= 0 for d in shape)
    ):
        raise Violation(f"{role}.shape is {shape!r}; expected a tuple of non-negative ints")
    if hasattr(space, "low") and hasattr(space, "high"):
        low, high = np.asarray(space.low), np.asarray(space.high)
        if shape is not None and (low.shape != tuple(shape) or high.shape != tuple(shape)):
            raise Violation(
                f"{role} {space}: low/high have shapes {low.shape}/{high.shape}, but the "
                f"space's shape is {tuple(shape)}"
            )
        dtype = np.dtype(space.dtype)
        if low.dtype != dtype or high.dtype != dtype:
            raise Violation(
                f"{role} {space}: low/high have dtypes {low.dtype}/{high.dtype}, but the space's "
                f"dtype is {dtype}"
            )
        if np.any(np.isnan(low)) or np.any(np.isnan(high)):
            raise Violation(f"{role} {space} has NaN bounds")
        if np.any(low > high):
            i = tuple(int(k) for k in np.argwhere(low > high)[0])
            raise Violation(
                f"{role} {space} has unordered bounds: low{list(i)} = {low[i]!r} > "
                f"high{list(i)} = {high[i]!r}"
            )


def _space_property(role: str, space: Any, seed: int, element: Any) -> None:
    probe = copy.deepcopy(space)
    probe.seed(seed)
    first = [probe.sample() for _ in range(3)]
    probe.seed(seed)
    second = [probe.sample() for _ in range(3)]
    if not same_value(first, second):
        raise Violation(
            f"{role} {space}: seeded sampling is not deterministic: seed({seed}) then sample() "
            f"gave {_short(first[0])}, and again {_short(second[0])}"
        )
    for sample in first:
        if not space.contains(sample):
            raise Violation(f"{role} {space}: sample() returned {_short(sample)}, outside itself")
        declared = space.dtype is not None and space.shape is not None
        if (
            isinstance(sample, np.ndarray)
            and declared
            and (sample.dtype != np.dtype(space.dtype) or sample.shape != tuple(space.shape))
        ):
            raise Violation(
                f"{role} {space}: sample() returned an array of dtype {sample.dtype} and "
                f"shape {sample.shape}, the space declares {np.dtype(space.dtype)} "
                f"{tuple(space.shape)}"
            )
    if not space.contains(element):
        raise Violation(f"{role} {space}: contains() refuses the valid element {_short(element)}")
    try:
        round_trip = space.from_jsonable(space.to_jsonable([element, first[0]]))
    except Exception as exc:
        raise Violation(
            f"{role} {space}: to_jsonable/from_jsonable failed on {_short(element)}: "
            f"{type(exc).__name__}: {exc}"
        ) from exc
    if len(round_trip) != 2 or not all(space.contains(x) for x in round_trip):
        raise Violation(
            f"{role} {space}: from_jsonable(to_jsonable([x])) gave {_short(round_trip)}, not "
            f"elements of the space (x = {_short(element)})"
        )
    if not same_value(
        np.asarray(round_trip[0]) if isinstance(element, np.ndarray) else round_trip[0], element
    ):
        raise Violation(
            f"{role} {space}: the jsonable round trip changed {_short(element)} into "
            f"{_short(round_trip[0])}"
        )
    clone = pickle.loads(pickle.dumps(space))
    if clone != space:
        raise Violation(f"{role} {space}: a pickled copy is not equal to the space ({clone})")
    if not clone.contains(element):
        raise Violation(f"{role} {space}: a pickled copy refuses the element {_short(element)}")


def _reset_contract(subject: Subject, cs: CheckSettings) -> int:
    with _quiet():
        env = subject.make()
    space = env.observation_space

    def body(seed: int) -> None:
        first = check_reset_result(space, env.reset(seed=seed), f"reset(seed={seed})")
        second = check_reset_result(space, env.reset(seed=seed), f"reset(seed={seed}) again")
        if not same_value(first, second):
            raise Violation(
                f"reset(seed={seed}) twice gave different observations ({_short(first)} then "
                f"{_short(second)}): the seed is ignored or the env draws from an unseeded source"
            )
        check_reset_result(space, env.reset(), "reset() without a seed")

    try:
        return run_property(_SEEDS, body, cs, describe=lambda s: f"seed={s}")
    finally:
        env.close()


def _step_contract(subject: Subject, cs: CheckSettings) -> int:
    with _quiet():
        env = subject.make()
    try:
        count = run_property(
            _episode_input(env.action_space, cs),
            lambda ex: _rollout(env, ex[0], ex[1], cs.horizon, validate=True),
            cs,
            describe=_describe_episode,
        )
        # Long episodes (e.g. a 200-step time limit) outlast the examples' horizon: play one
        # whole episode, so "reset works after an episode ends" is always exercised.
        limit = subject.spec.max_episode_steps or FULL_EPISODE_LIMIT
        with _quiet(), _recording():
            try:
                _rollout(env, cs.seed, [], min(limit, FULL_EPISODE_LIMIT), validate=True)
            except Violation as exc:
                exc.counterexample = f"one whole episode: {_describe_episode((cs.seed, []))}"
                exc.examples = count + 1
                raise
            except Exception as exc:
                raise Violation(
                    f"the env raised {type(exc).__name__}: {exc}",
                    f"one whole episode: {_describe_episode((cs.seed, []))}",
                ) from exc
        return count + 1
    finally:
        env.close()


def _skip_nondeterministic(subject: Subject) -> None:
    if subject.nondeterministic:
        raise Skip("the spec declares nondeterministic=True")


def _determinism(subject: Subject, cs: CheckSettings) -> int:
    _skip_nondeterministic(subject)
    with _quiet():
        env, other = subject.make(), subject.make()

    def body(example: Any) -> None:
        seed, prefix = example
        first = _rollout(env, seed, prefix, cs.horizon)
        again = _rollout(env, seed, prefix, cs.horizon)
        diff = first_difference(first, again)
        if diff:
            raise Violation(
                f"the same seed and actions gave a different trajectory on a second run: {diff}"
            )
        fresh = _rollout(other, seed, prefix, cs.horizon)
        diff = first_difference(first, fresh)
        if diff:
            raise Violation(
                "the same seed and actions gave a different trajectory on a second instance: "
                f"{diff}"
            )

    try:
        return run_property(
            _episode_input(env.action_space, cs), body, cs, describe=_describe_episode
        )
    finally:
        env.close()
        other.close()


def _isolation(subject: Subject, cs: CheckSettings) -> int:
    _skip_nondeterministic(subject)
    with _quiet():
        left, right = subject.make(), subject.make()

    def body(example: Any) -> None:
        seed, prefix = example
        alone = _rollout(left, seed, prefix, cs.horizon)
        runs = _interleaved([left, right], seed, prefix, cs.horizon)
        for label, run in zip(("first", "second"), runs):
            diff = first_difference(alone, run)
            if diff:
                raise Violation(
                    f"two instances seeded alike and stepped in turn diverge from one stepped "
                    f"alone ({label} instance, {diff}): the instances share state (a global "
                    "RNG such as np.random/random, or mutable class/module-level data)"
                )

    try:
        return run_property(
            _episode_input(left.action_space, cs), body, cs, describe=_describe_episode
        )
    finally:
        left.close()
        right.close()


def _interleaved(envs: list[Any], seed: int, prefix: list[Any], horizon: int) -> list[list[Any]]:
    """Roll out every env of ``envs`` with the same input, one step of each in turn."""
    records: list[list[tuple[Any, ...]]] = [[] for _ in envs]
    episodes = [0] * len(envs)
    for i, env in enumerate(envs):
        records[i].append(("reset", snapshot(env.reset(seed=seed)[0])))
    for action in _actions(envs[0], seed, prefix, horizon):
        for i, env in enumerate(envs):
            obs, reward, terminated, truncated, _ = env.step(action)
            records[i].append(("step", snapshot(obs), reward, terminated, truncated))
            if terminated or truncated:
                episodes[i] += 1
                if i == 0:
                    _note_reset(seed + episodes[i])
                records[i].append(("reset", snapshot(env.reset(seed=seed + episodes[i])[0])))
    return records


def _display_available() -> bool:
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


#: Examples of the "human" render mode: each opens and drives a real window.
HUMAN_EXAMPLES = 3


def _render_contract(subject: Subject, cs: CheckSettings) -> int:
    with _quiet():
        probe = subject.make()
    modes = list(probe.metadata.get("render_modes", []) or [])
    probe.close()
    if not modes:
        raise Skip("the env declares no render modes")
    total = 0
    skipped: list[str] = []
    for mode in modes:
        if mode == "human" and not _display_available():
            skipped.append(mode)
            continue
        with _quiet():
            env = subject.make(render_mode=mode)
        if env.render_mode != mode:
            env.close()
            raise Violation(
                f"make(render_mode={mode!r}) built an env whose render_mode is "
                f"{env.render_mode!r}: the constructor ignores render_mode"
            )
        examples = HUMAN_EXAMPLES if mode == "human" else cs.examples

        def body(example: Any, env: Any = env, mode: str = mode) -> None:
            seed, prefix = example
            env.reset(seed=seed)
            _check_frame(mode, env.render(), "render() after reset")
            steps = 0
            for action in prefix:
                _, _, terminated, truncated, _ = env.step(action)
                steps += 1
                if terminated or truncated:
                    break
            _check_frame(mode, env.render(), f"render() after {steps} steps")

        try:
            total += run_property(
                _episode_input(env.action_space, CheckSettings(cs.examples, cs.seed, 8, 8)),
                body,
                cs,
                examples=examples,
                describe=lambda ex, mode=mode: f"render_mode={mode!r}: {_describe_episode(ex)}",
            )
        finally:
            env.close()
    if skipped and not total:
        raise Skip(f"no display for the render modes {skipped}")
    return total


def _check_frame(mode: str, frame: Any, where: str) -> None:
    if mode == "rgb_array":
        if not isinstance(frame, np.ndarray):
            raise Violation(
                f"{where} in 'rgb_array' mode returned {_describe(frame)}; expected an "
                "(H, W, 3) uint8 array"
            )
        if frame.ndim != 3 or frame.shape[2] != 3 or frame.dtype != np.uint8:
            raise Violation(
                f"{where} in 'rgb_array' mode returned an array of shape {frame.shape} and "
                f"dtype {frame.dtype}; expected (H, W, 3) uint8"
            )
        if frame.shape[0] == 0 or frame.shape[1] == 0:
            raise Violation(f"{where} in 'rgb_array' mode returned an empty frame {frame.shape}")
    elif mode == "ansi":
        if not isinstance(frame, str):
            raise Violation(f"{where} in 'ansi' mode returned {_describe(frame)}; expected a str")
    elif mode == "human" and frame is not None:
        raise Violation(f"{where} in 'human' mode returned {_describe(frame)}; expected None")


def _render_fps(subject: Subject, cs: CheckSettings) -> int:
    with _quiet():
        env = subject.make()
    metadata = env.metadata
    env.close()
    modes = metadata.get("render_modes", []) or []
    if not modes:
        raise Skip("the env declares no render modes")
    fps = metadata.get("render_fps")
    if fps is None:
        raise Violation(
            f"metadata declares render modes {list(modes)} but no 'render_fps'; human "
            "rendering and video recording need it"
        )
    if isinstance(fps, bool) or not isinstance(fps, (int, float)) or not fps > 0:
        raise Violation(f"metadata['render_fps'] is {fps!r}; expected a positive number")
    return 1


def _close_idempotent(subject: Subject, cs: CheckSettings) -> int:
    with _quiet():
        for scenario in ("fresh", "after an episode"):
            env = subject.make()
            if scenario != "fresh":
                env.reset(seed=cs.seed)
                env.step(env.action_space.sample())
            for attempt in ("first", "second"):
                try:
                    env.close()
                except Exception as exc:
                    raise Violation(
                        f"the {attempt} close() of an env ({scenario}) raised "
                        f"{type(exc).__name__}: {exc}; close must be idempotent"
                    ) from exc
    return 2


def _remake_from_spec(subject: Subject, cs: CheckSettings) -> int:
    import gymkit

    with _quiet():
        env = subject.make()
        spec = env.spec
        if spec is None:
            raise Violation("the env made through gymkit.make has no spec (env.spec is None)")
        again = gymkit.make(spec)
    try:
        if again.spec != spec:
            raise Violation(f"make(env.spec).spec differs from env.spec: {again.spec} vs {spec}")
        for role in ("action_space", "observation_space"):
            if getattr(again, role) != getattr(env, role):
                raise Violation(
                    f"make(env.spec) built an env with another {role}: "
                    f"{getattr(again, role)} vs {getattr(env, role)}"
                )
        if again.metadata != env.metadata:
            raise Violation("make(env.spec) built an env with different metadata")
        if subject.nondeterministic:
            return 1

        def body(example: Any) -> None:
            seed, prefix = example
            diff = first_difference(
                _rollout(env, seed, prefix, cs.horizon), _rollout(again, seed, prefix, cs.horizon)
            )
            if diff:
                raise Violation(f"make(env.spec) rebuilt an env that behaves differently: {diff}")

        return run_property(
            _episode_input(env.action_space, cs), body, cs, describe=_describe_episode
        )
    finally:
        env.close()
        again.close()


def _invalid_action(subject: Subject, cs: CheckSettings) -> int:
    with _quiet():
        env = subject.make(checker=True)
    space = env.action_space

    def body(example: Any) -> None:
        seed, action = example
        env.reset(seed=seed)
        try:
            env.step(action)
        except error.InvalidAction as exc:
            if not str(exc).strip():
                raise Violation(
                    f"stepping with the invalid action {_short(action)} raised InvalidAction "
                    "with an empty message"
                ) from exc
            return
        except Exception as exc:
            raise Violation(
                f"stepping with the invalid action {_short(action)} (outside {space}) raised "
                f"{type(exc).__name__}: {exc}, expected gymkit.error.InvalidAction"
            ) from exc
        raise Violation(
            f"stepping with the invalid action {_short(action)} (outside {space}) was accepted; "
            f"action_space.contains says {space.contains(action)!r}"
        )

    try:
        return run_property(
            st.tuples(_SEEDS, invalid_for_space(space)),
            body,
            cs,
            describe=lambda ex: f"reset(seed={ex[0]}), then step({_short(ex[1])})",
        )
    finally:
        env.close()


# ============================================================================ silent corruption
# Defects that raise nothing and break no declared type, yet corrupt a user's data or
# reproducibility: buffers shared with the caller, calls that should be passive but touch the
# dynamics, a seed stream that stops after the first reset, copies that do not continue, and
# values that turn non-finite only late in a long run.

#: Info keys the caller adds to every info it receives (a later info must not hold it).
_PROBE_KEY = "__gymkit_conformance_probe__"


def _scribble(value: Any) -> None:
    """Overwrite, in place, every writeable array inside ``value`` (what a caller normalising
    in place or reusing a buffer does): floats become NaN, integers and bools are inverted."""
    if isinstance(value, np.ndarray):
        if value.size == 0 or not value.flags.writeable:
            return
        if value.dtype.kind in "fc":
            value[...] = np.nan
        elif value.dtype.kind in "iub":
            np.invert(value, out=value)
        elif value.dtype.kind == "O":
            for part in value.ravel():
                _scribble(part)
    elif isinstance(value, dict):
        for part in value.values():
            _scribble(part)
    elif isinstance(value, (list, tuple)):
        for part in value:
            _scribble(part)
    elif hasattr(value, "nodes") and hasattr(value, "edges"):  # GraphInstance
        for name in ("nodes", "edges", "edge_links"):
            _scribble(getattr(value, name, None))


_UNCOPYABLE = object()


class _Kept:
    """An output the caller keeps, with a snapshot to tell whether the env rewrote it later.

    Values that cannot be deep-copied (a handle in an info) are not judged."""

    def __init__(self, label: str, value: Any) -> None:
        self.label, self.value = label, value
        try:
            self.copy = snapshot(value)
        except Exception:
            self.copy = _UNCOPYABLE

    def changed(self) -> bool:
        return self.copy is not _UNCOPYABLE and not _unchanged(self.value, self.copy)


def _unchanged(value: Any, copied: Any) -> bool:
    """Whether ``value`` still equals its deep copy ``copied``; objects without ``__eq__`` are
    compared by their attributes (a deep copy is never *identical*), opaque ones not at all."""
    if isinstance(value, dict) and isinstance(copied, dict):
        return value.keys() == copied.keys() and all(_unchanged(value[k], copied[k]) for k in value)
    if isinstance(value, (list, tuple)) and type(value) is type(copied):
        return len(value) == len(copied) and all(_unchanged(x, y) for x, y in zip(value, copied))
    if (
        type(value) is type(copied)
        and type(value).__eq__ is object.__eq__
        and not isinstance(value, np.ndarray)
    ):
        if hasattr(value, "__dict__"):
            return _unchanged(vars(value), vars(copied))
        return True
    return same_value(value, copied)


def _buffered_rollout(
    env: Any,
    seed: int,
    prefix: list[Any],
    horizon: int,
    *,
    scribble: frozenset[str] = frozenset(),
    keep: bool = False,
) -> list[tuple[Any, ...]]:
    """A rollout in which the caller keeps what it receives (``keep``: and verifies, after each
    call, that the env did not rewrite the previous observation/info or the action passed in)
    and, for each kind in ``scribble`` (``observations``, ``infos``, ``actions``), overwrites
    what it received or sent once the call returned. Returns snapshot records."""
    records: list[tuple[Any, ...]] = []
    kept: list[_Kept] = []

    def received(label: str, obs: Any, info: Any) -> None:
        if keep:
            for item in kept[-2:]:  # the previous call's observation and info
                if item.changed():
                    _rewritten(item, label)
            kept.append(_Kept(f"the observation returned by {label}", obs))
            kept.append(_Kept(f"the info returned by {label}", info))
        if isinstance(info, dict) and _PROBE_KEY in info:
            raise Violation(
                f"the info returned by {label} holds the key the caller added to an earlier "
                "info: the env hands out the same info dict again (a user's bookkeeping in "
                "info leaks into later steps); return a fresh dict on every call"
            )
        if "observations" in scribble:
            _scribble(obs)
        if "infos" in scribble and isinstance(info, dict):
            _scribble(info)
            info[_PROBE_KEY] = True

    obs, info = env.reset(seed=seed)
    records.append(("reset", snapshot(obs)))
    received(f"reset(seed={seed})", obs, info)
    episodes = 0
    for step, action in enumerate(_actions(env, seed, prefix, horizon)):
        sent = snapshot(action)
        before = snapshot(action)
        obs, reward, terminated, truncated, info = env.step(sent)
        if keep and not same_value(sent, before):
            raise Violation(
                f"step #{step} modified the action array passed in: {_short(before)} became "
                f"{_short(sent)}; an env must not write into the caller's action (copy it, e.g. "
                "np.clip(action, low, high) without out=)"
            )
        records.append(("step", snapshot(obs), reward, terminated, truncated))
        received(f"step #{step}", obs, info)
        if "actions" in scribble:
            _scribble(sent)
        if terminated or truncated:
            episodes += 1
            _note_reset(seed + episodes)
            obs, info = env.reset(seed=seed + episodes)
            records.append(("reset", snapshot(obs)))
            received(f"reset(seed={seed + episodes}) after step #{step}", obs, info)
    if keep:
        for item in kept:
            if item.changed():
                _rewritten(item, "the last call")
    return records


def _rewritten(item: _Kept, later: str) -> None:
    what = "observation" if item.label.startswith("the observation") else "info"
    advice = (
        "the env returns the same array (or a view of its internal state) on successive calls, "
        "so observations a user stores (a replay buffer, a frame stack) are silently "
        "overwritten; return a copy"
        if what == "observation"
        else "the env returns the same info dict (or shares its values) across calls, so "
        "infos a user stores change later; return a fresh dict holding copies"
    )
    raise Violation(
        f"{item.label} changed after {later} was called: it was {_short(item.copy)}, it is now "
        f"{_short(item.value)}; {advice}"
    )


_SCRIBBLED = ("observations", "infos", "actions")


def _no_shared_buffers(subject: Subject, cs: CheckSettings) -> int:
    with _quiet():
        env, other = subject.make(), subject.make()

    def body(example: Any) -> None:
        seed, prefix = example
        clean = _buffered_rollout(env, seed, prefix, cs.horizon, keep=True)
        scribbled = _buffered_rollout(
            other, seed, prefix, cs.horizon, scribble=frozenset(_SCRIBBLED)
        )
        if subject.nondeterministic:
            return
        diff = first_difference(clean, scribbled)
        if diff is None:
            return
        culprits = [
            kind
            for kind in _SCRIBBLED
            if first_difference(
                clean,
                _buffered_rollout(other, seed, prefix, cs.horizon, scribble=frozenset([kind])),
            )
        ]
        blamed = " and ".join(culprits) or "arrays"
        raise Violation(
            f"after the caller overwrote the {blamed} it exchanged with the env once each call "
            f"returned (as a user normalising an observation in place or reusing an action "
            f"buffer does), the trajectory changed {diff}: the env keeps references to arrays "
            "it shares with the caller; copy what it returns and what it is given"
        )

    try:
        return run_property(
            _episode_input(env.action_space, cs), body, cs, describe=_describe_episode
        )
    finally:
        env.close()
        other.close()


#: Attributes a caller reads freely: reading them must not change anything.
_PASSIVE_ATTRIBUTES = ("action_space", "observation_space", "spec", "metadata", "render_mode")


def _passive_calls_input(env: Any, modes: list[str], cs: CheckSettings) -> st.SearchStrategy[Any]:
    return st.tuples(
        _SEEDS,
        st.lists(from_space(env.action_space), max_size=cs.prefix),
        st.sampled_from(modes or [None]),
        st.integers(0, cs.horizon - 1),
        st.frozensets(st.integers(0, cs.horizon - 1), max_size=RENDERS_PER_EXAMPLE),
    )


def _poked_rollout(
    subject: Subject,
    env: Any,
    seed: int,
    prefix: list[Any],
    horizon: int,
    kinds: frozenset[str],
    close_at: int,
    render_at: frozenset[int] = frozenset(),
) -> list[tuple[Any, ...]]:
    """A rollout with passive calls interleaved: ``render`` (render() after the reset and
    after the steps ``render_at``), ``attributes`` (the contract's attributes read after every
    call, on the stack and the unwrapped env, and ``str(env)``), ``close`` (another instance
    made, stepped, rendered and closed before step ``close_at``)."""

    def poke(step: int | None = None) -> None:
        rendering = step is None or step in render_at
        if "render" in kinds and env.render_mode is not None and rendering:
            env.render()
        if "attributes" in kinds:
            for target in (env, env.unwrapped):
                for name in _PASSIVE_ATTRIBUTES:
                    getattr(target, name, None)
            str(env)

    records: list[tuple[Any, ...]] = [("reset", snapshot(env.reset(seed=seed)[0]))]
    poke()
    episodes = 0
    for step, action in enumerate(_actions(env, seed, prefix, horizon)):
        if "close" in kinds and step == close_at:
            with _quiet():
                bystander = subject.make(render_mode=env.render_mode)
            bystander.reset(seed=seed + 7919)
            bystander.step(bystander.action_space.sample())
            if bystander.render_mode is not None:
                bystander.render()  # so its close() has a renderer to tear down
            bystander.close()
        obs, reward, terminated, truncated, _ = env.step(action)
        records.append(("step", snapshot(obs), reward, terminated, truncated))
        poke(step)
        if terminated or truncated:
            episodes += 1
            _note_reset(seed + episodes)
            records.append(("reset", snapshot(env.reset(seed=seed + episodes)[0])))
            poke(-1)
    return records


_PASSIVE_KINDS = ("render", "attributes", "close")
#: render() calls per passive-calls example besides the one after reset (rendering is costly;
#: Hypothesis draws after which steps).
RENDERS_PER_EXAMPLE = 4
_PASSIVE_TEXT = {
    "render": "render()",
    "attributes": "reading the spaces, spec, metadata and render_mode",
    "close": "closing another instance",
}


def _passive_calls(subject: Subject, cs: CheckSettings) -> int:
    _skip_nondeterministic(subject)
    with _quiet():
        plain = subject.make()
        declared = list(plain.metadata.get("render_modes", []) or [])
        # human opens a window per example: the off-screen modes stand for it
        modes = [m for m in declared if m != "human"]
        rendered = {mode: subject.make(render_mode=mode) for mode in modes}
        if not modes:
            rendered[None] = subject.make()  # type: ignore[index]

    # rendering every call is the costly part: shorter runs (a side effect shows at once)
    horizon = max(cs.prefix, cs.horizon // 2)
    short = CheckSettings(cs.examples, cs.seed, horizon, cs.prefix)

    def body(example: Any) -> None:
        seed, prefix, mode, close_at, render_at = example
        env = rendered[mode]
        baseline = _rollout(plain, seed, prefix, horizon)
        probe = frozenset(_PASSIVE_KINDS)
        diff = first_difference(
            baseline,
            _poked_rollout(subject, env, seed, prefix, horizon, probe, close_at, render_at),
        )
        if diff is None:
            return
        # one kind at a time, each against a fresh baseline (a side effect may be global)
        culprits = [
            _PASSIVE_TEXT[kind]
            for kind in _PASSIVE_KINDS
            if first_difference(
                _rollout(plain, seed, prefix, horizon),
                _poked_rollout(
                    subject, env, seed, prefix, horizon, frozenset([kind]), close_at, render_at
                ),
            )
        ]
        if not culprits:
            culprits = ["building it with render_mode=" + repr(mode)]
        raise Violation(
            f"calls that must not touch the dynamics changed the trajectory "
            f"(render_mode={mode!r}): {'; '.join(culprits)} — {diff}. Rendering, reading "
            "attributes and closing another instance must leave the env's state and RNG alone"
        )

    def describe(example: Any) -> str:
        seed, prefix, mode, close_at, render_at = example
        return (
            f"render_mode={mode!r}, render() after the reset and steps {sorted(render_at)}, "
            f"another instance closed before step #{close_at}: "
            f"{_describe_episode((seed, prefix))}"
        )

    try:
        return run_property(_passive_calls_input(plain, modes, short), body, cs, describe=describe)
    finally:
        plain.close()
        for env in rendered.values():
            env.close()


def _stream_rollout(
    env: Any, seed: int, prefix: list[Any], horizon: int, cut: int
) -> list[tuple[Any, ...]]:
    """``reset(seed=seed)``, then ``reset()`` without a seed whenever an episode ends or has
    run ``cut`` steps: the seed stream a training loop relies on."""
    records: list[tuple[Any, ...]] = [("reset", snapshot(env.reset(seed=seed)[0]))]
    length = 0
    for action in _actions(env, seed, prefix, horizon):
        obs, reward, terminated, truncated, _ = env.step(action)
        records.append(("step", snapshot(obs), reward, terminated, truncated))
        length += 1
        if terminated or truncated or length >= cut:
            _note_reset(None)
            records.append(("reset", snapshot(env.reset()[0])))
            length = 0
    return records


def _seed_stream(subject: Subject, cs: CheckSettings) -> int:
    _skip_nondeterministic(subject)
    with _quiet():
        env, other = subject.make(), subject.make()

    def body(example: Any) -> None:
        seed, prefix, cut = example
        first = _stream_rollout(env, seed, prefix, cs.horizon, cut)
        # the second instance has another history (an unseeded reset included) before the
        # same reset(seed=...)
        other.reset(seed=seed ^ 0x5EED)
        for action in _actions(other, seed + 1, [], 5):
            if any(other.step(action)[2:4]):
                break
        other.reset()
        second = _stream_rollout(other, seed, prefix, cs.horizon, cut)
        diff = first_difference(first, second)
        if diff:
            raise Violation(
                f"reset(seed={seed}) then reset() without a seed (every {cut} steps or at an "
                f"episode's end) is not a deterministic stream: two instances seeded alike "
                f"diverge {diff}. reset() must continue the generator reset(seed=...) seeded "
                "(self.np_random), not a fresh, time-based or unreseeded source"
            )

    try:
        return run_property(
            st.tuples(
                _SEEDS,
                st.lists(from_space(env.action_space), max_size=cs.prefix),
                st.integers(min(8, cs.horizon), max(8, cs.horizon // 2)),
            ),
            body,
            cs,
            describe=lambda ex: (
                f"resets without a seed every {ex[2]} steps: {_describe_episode(ex[:2])}"
            ),
        )
    finally:
        env.close()
        other.close()


def _copy_continues(subject: Subject, cs: CheckSettings, how: str) -> int:
    """The body of ``pickle`` and ``deepcopy``: a copy taken mid-run continues identically,
    through episode ends and ``reset()`` without a seed."""
    clone_of: Callable[[Any], Any] = (
        (lambda e: pickle.loads(pickle.dumps(e))) if how == "pickle" else copy.deepcopy
    )
    with _quiet():
        env = subject.make()
    claims = how == "pickle" and bool(env.metadata.get("picklable", False))
    try:
        with _quiet():
            clone_of(env).close()
    except Exception as exc:
        env.close()
        if claims:
            raise Violation(
                f"metadata['picklable'] is True but pickling the env raised "
                f"{type(exc).__name__}: {exc}"
            ) from exc
        claim = " and does not claim to" if how == "pickle" else ""
        raise Skip(f"the env does not {how} ({type(exc).__name__}: {exc}){claim}") from None
    if subject.nondeterministic:
        env.close()
        return 1
    copied = "an unpickled copy" if how == "pickle" else "a deep copy"
    hint = (
        "__getstate__/__setstate__ lose state (the RNG included)"
        if how == "pickle"
        else "the copy shares or loses state (a handle, an RNG, a buffer copied by reference)"
    )

    def body(example: Any) -> None:
        seed, prefix, split, cut = example
        actions = list(_actions(env, seed, prefix, cs.horizon))
        split = min(split, len(actions))
        env.reset(seed=seed)
        length = 0
        for action in actions[:split]:
            _, _, terminated, truncated, _ = env.step(action)
            length += 1
            if terminated or truncated:
                env.reset()
                length = 0
        with _quiet():
            clone = clone_of(env)
        try:
            for step, action in enumerate(actions[split:]):
                a, b = env.step(action), clone.step(action)
                _compare_copy(a[:4], b[:4], f"{step + 1} steps later", copied, split, hint)
                length += 1
                if a[2] or a[3] or length >= cut:
                    ra, rb = env.reset(), clone.reset()
                    _compare_copy(
                        (ra[0],),
                        (rb[0],),
                        f"at reset() {step + 1} steps later",
                        copied,
                        split,
                        hint,
                    )
                    length = 0
        finally:
            clone.close()

    try:
        return run_property(
            st.tuples(
                _SEEDS,
                st.lists(from_space(env.action_space), max_size=cs.prefix),
                st.integers(0, cs.horizon // 2),
                st.integers(min(4, cs.horizon), max(4, cs.horizon // 4)),
            ),
            body,
            cs,
            describe=lambda ex: (
                f"copied after {ex[2]} steps, reset() without a seed every {ex[3]} steps: "
                f"{_describe_episode(ex[:2])}"
            ),
        )
    finally:
        env.close()


def _compare_copy(
    original: tuple[Any, ...], copy_: tuple[Any, ...], when: str, copied: str, split: int, hint: str
) -> None:
    for name, x, y in zip(_FIELDS["step"], original, copy_):
        if not same_value(x, y):
            raise Violation(
                f"{copied} taken after {split} steps behaves differently: {when}, {name} is "
                f"{_short(y)} instead of {_short(x)} ({hint})"
            )


def _pickles(subject: Subject, cs: CheckSettings) -> int:
    return _copy_continues(subject, cs, "pickle")


def _deepcopies(subject: Subject, cs: CheckSettings) -> int:
    return _copy_continues(subject, cs, "deepcopy")


#: The most steps one long rollout plays (envs without a time limit stop here).
LONG_ROLLOUT_CAP = 2000
#: One long rollout per this many examples of the other checks (at least one).
LONG_ROLLOUT_EXAMPLES_PER = 25
#: A long rollout covers this many episodes of an env's time limit (within the cap).
LONG_ROLLOUT_EPISODES = 3


def long_rollout_steps(subject: Subject) -> int:
    """Steps of one long rollout: three time limits' worth, at most :data:`LONG_ROLLOUT_CAP`."""
    limit = subject.spec.max_episode_steps
    if limit:
        return int(min(LONG_ROLLOUT_CAP, LONG_ROLLOUT_EPISODES * limit))
    return LONG_ROLLOUT_CAP


def _long_rollout(subject: Subject, cs: CheckSettings) -> int:
    with _quiet():
        env = subject.make()
    steps = long_rollout_steps(subject)
    space = env.observation_space

    def body(example: Any) -> None:
        seed, constant = example
        obs = check_reset_result(space, env.reset(seed=seed), f"reset(seed={seed})")
        played = _PLAYED.get()
        if played is not None:
            played.start()
        sampler = copy.deepcopy(env.action_space)
        sampler.seed(seed)
        episode, length = 0, 0
        for step in range(steps):
            action = sampler.sample() if constant is None else constant
            if played is not None:
                played.action(action)
            where = (
                f"step #{step} of a long rollout (episode {episode}, its step #{length}, "
                f"action {_short(action, 80)})"
            )
            obs, _, terminated, truncated = check_step_result(space, env.step(action), where)
            length += 1
            if terminated or truncated:
                episode += 1
                length = 0
                _note_reset(None)
                check_reset_result(space, env.reset(), f"reset() after step #{step}")
        del obs

    def describe(example: Any) -> str:
        seed, constant = example
        policy = (
            f"actions sampled from a copy of action_space seeded with {seed}"
            if constant is None
            else f"the constant action {_action_text(constant)}"
        )
        played = _PLAYED.get()
        last = ""
        if played is not None and played.events:
            shown = played.events[-20:]
            last = f"; the last {len(shown)} calls: [{', '.join(shown)}]"
        return (
            f"reset(seed={seed}), then {policy}, reset() without a seed after each episode "
            f"(up to {steps} steps){last}"
        )

    try:
        return run_property(
            st.tuples(_SEEDS, st.one_of(st.none(), from_space(env.action_space))),
            body,
            cs,
            examples=max(1, cs.examples // LONG_ROLLOUT_EXAMPLES_PER),
            describe=describe,
        )
    finally:
        env.close()


def _goal_keys_in_space(space: Any, obs: Any, where: str) -> None:
    for key in ("achieved_goal", "desired_goal"):
        if not space[key].contains(obs[key]):
            raise Violation(
                f"{where}: obs[{key!r}] = {_short(obs[key])} is outside its space "
                f"{space[key]!r}: a relabelled goal would not be a goal the env can pose"
            )


def _same_scalar(a: Any, b: Any) -> bool:
    return bool(np.isclose(float(a), float(b), rtol=1e-6, atol=1e-9, equal_nan=True))


def _goal_batch_law(
    goal_env: Any, achieved: np.ndarray, desired: np.ndarray, infos: list[Any], how: str
) -> None:
    """Batched compute_reward/compute_terminated equal the per-transition calls."""
    info_rows = np.empty(len(infos), dtype=object)
    info_rows[:] = infos
    for method in ("compute_reward", "compute_terminated"):
        compute = getattr(goal_env, method)
        batch = np.asarray(compute(achieved, desired, info_rows))
        rows = [compute(achieved[i], desired[i], infos[i]) for i in range(len(infos))]
        if batch.shape != (len(infos),):
            raise Violation(
                f"{method} on a batch of {len(infos)} goal pairs ({how}) returned shape "
                f"{batch.shape}; expected ({len(infos)},), one value per row (vectorise over "
                "the leading dimension, e.g. np.linalg.norm(a - b, axis=-1))"
            )
        for i, row in enumerate(rows):
            if not _same_scalar(batch[i], row):
                raise Violation(
                    f"{method} on a batch of {len(infos)} goal pairs ({how}) gives {batch[i]!r} "
                    f"at row {i}, but {row!r} for that row alone: HER relabelling in batches "
                    "would compute other rewards than the env pays"
                )


def _goal_env(subject: Subject, cs: CheckSettings) -> int:
    from gymkit.goal_env import GoalEnv

    with _quiet():
        env = subject.make()
    goal_env = env.unwrapped
    if not isinstance(goal_env, GoalEnv):
        env.close()
        raise Skip("not a gymkit.GoalEnv")
    space = env.observation_space

    def body(example: Any) -> None:
        seed, prefix = example
        obs, _ = env.reset(seed=seed)
        _goal_keys_in_space(space, obs, f"reset(seed={seed})")
        achieved, desired, infos = [], [], []
        for step, action in enumerate(_actions(env, seed, prefix, cs.horizon)):
            obs, reward, terminated, truncated, info = env.step(action)
            where = f"step #{step}"
            _goal_keys_in_space(space, obs, where)
            a, d = snapshot(obs["achieved_goal"]), snapshot(obs["desired_goal"])
            expected = goal_env.compute_reward(a, d, info)
            if not _same_scalar(reward, expected):
                raise Violation(
                    f"{where}: step returned the reward {reward!r}, but compute_reward("
                    f"obs['achieved_goal'], obs['desired_goal'], info) gives {expected!r}: "
                    "relabelled transitions would learn another reward than the env pays"
                )
            expected_end = goal_env.compute_terminated(a, d, info)
            if bool(expected_end) != bool(terminated):
                raise Violation(
                    f"{where}: step returned terminated={terminated!r}, but "
                    f"compute_terminated(obs['achieved_goal'], obs['desired_goal'], info) "
                    f"gives {expected_end!r}"
                )
            achieved.append(a)
            desired.append(d)
            infos.append(snapshot(info))
            if terminated or truncated:
                break
        if len(infos) >= 2:
            ag, dg = np.stack(achieved), np.stack(desired)
            _goal_batch_law(goal_env, ag, dg, infos, "as played")
            # HER's "future" relabelling: the goal achieved one step later becomes the goal.
            _goal_batch_law(goal_env, ag, np.roll(ag, -1, axis=0), infos, "relabelled")

    try:
        return run_property(
            _episode_input(env.action_space, cs), body, cs, describe=_describe_episode
        )
    finally:
        env.close()


CHECKS: tuple[Check, ...] = (
    Check(
        "spaces-well-formed",
        "action and observation spaces: consistent dtype/shape, ordered bounds, seeded sampling "
        "deterministic, samples contained, jsonable and pickle round trips",
        _spaces_well_formed,
    ),
    Check(
        "reset-contract",
        "reset returns (obs, info) with obs in observation_space at its dtype and info a dict; "
        "reset(seed=s) twice gives identical observations",
        _reset_contract,
    ),
    Check(
        "step-contract",
        "step returns (obs, reward, terminated, truncated, info): obs in space, reward a finite "
        "real scalar, bool flags, info a dict; reset works after an episode ends",
        _step_contract,
        requires=("reset-contract",),
    ),
    Check(
        "determinism",
        "the same seed and actions give the identical trajectory, on the same and on a second "
        "instance",
        _determinism,
        requires=("step-contract",),
    ),
    Check(
        "isolation",
        "two instances seeded alike and stepped in turn behave as one stepped alone (no global "
        "RNG, no shared mutable state)",
        _isolation,
        requires=("determinism",),
    ),
    Check(
        "render-contract",
        "every declared render mode renders: rgb_array an (H, W, 3) uint8 array, ansi a str, "
        "human None (only where a display exists)",
        _render_contract,
        requires=("step-contract",),
    ),
    Check(
        "render-fps",
        "metadata declares a positive render_fps when it declares render modes",
        _render_fps,
    ),
    Check(
        "close-idempotent",
        "close() can be called twice, on a fresh env and after stepping",
        _close_idempotent,
    ),
    Check(
        "remake-from-spec",
        "make(env.spec) rebuilds an env with equal spec, spaces, metadata and behaviour",
        _remake_from_spec,
        requires=("determinism",),
    ),
    Check(
        "seed-stream",
        "reset(seed=s) then reset() without a seed continue a deterministic stream: two "
        "instances seeded alike (with different histories) stay identical over several episodes",
        _seed_stream,
        requires=("determinism",),
    ),
    Check(
        "pickle",
        "an env that pickles (or claims metadata['picklable']) continues identically after a "
        "pickle round trip, through episode ends and reset() without a seed",
        _pickles,
        requires=("isolation", "seed-stream"),
    ),
    Check(
        "deepcopy",
        "a deep copy taken mid-run continues identically to the original, through episode "
        "ends and reset() without a seed (skipped when the env does not deepcopy)",
        _deepcopies,
        requires=("isolation", "seed-stream", "pickle"),
    ),
    Check(
        "no-shared-buffers",
        "observations and infos a caller keeps are never rewritten by later calls, step leaves "
        "the caller's action alone, and the caller overwriting what it received or sent "
        "changes nothing",
        _no_shared_buffers,
        requires=("determinism",),
    ),
    Check(
        "passive-calls",
        "render() (off-screen modes), reading spaces/spec/metadata/render_mode and closing "
        "another instance leave the trajectory unchanged",
        _passive_calls,
        requires=("isolation", "render-contract", "close-idempotent"),
    ),
    Check(
        "long-rollout",
        f"long runs (three time limits, at most {LONG_ROLLOUT_CAP} steps, random or constant "
        "actions, reset() between episodes) keep observations in space and rewards finite",
        _long_rollout,
        requires=("step-contract",),
    ),
    Check(
        "goal-env",
        "a GoalEnv's step reward and terminated equal compute_reward/compute_terminated of its "
        "goals and info, batched calls equal per-transition calls (as played and relabelled), "
        "and the goals stay inside their spaces (skipped for other envs)",
        _goal_env,
        requires=("step-contract",),
    ),
    Check(
        "invalid-action",
        "stepping with an action outside action_space raises gymkit.error.InvalidAction "
        "(through the passive env checker) with a message naming it",
        _invalid_action,
        requires=("reset-contract",),
    ),
)


def check_named(name: str) -> Check:
    """The check called ``name``; raises ``KeyError`` listing the names that exist."""
    for check in CHECKS:
        if check.name == name:
            return check
    raise KeyError(f"no check named {name!r}; checks: {', '.join(c.name for c in CHECKS)}")
