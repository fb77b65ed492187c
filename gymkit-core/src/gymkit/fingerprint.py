"""Golden trajectory fingerprints: a compact record of how an env version behaves.

A fingerprint is a JSON file holding one fixed-seed trajectory that covers a whole episode and
the reset after it: from ``reset(seed=seed)`` the env is stepped until its first episode ends
(terminated, or truncated by its time limit), reset with ``seed + 1``, and stepped
``after_reset`` more times (each later episode end resets with the next seed). The file holds
the seeds of every reset, the actions (stored, so a change in how spaces sample cannot change
the fingerprint), and the observations, rewards and flags the env returned (integer arrays of
more than 1024 elements, such as Atari screens, by their SHA-256 digest). Floats are rounded to
8 significant digits and compared with a tolerance, so a fingerprint survives platforms and
NumPy builds while any real change of dynamics, reward, termination, truncation or reset shows
up. The module lives in the core so that a :class:`gymkit.wrappers.Monitor` can record the
fingerprint of the env it watches (and a scoreboard compare it with the golden one, see
:func:`compare_fingerprints`); ``gymkit_conformance.fingerprint`` re-exports it. Record one per
env version::

    gymkit-conformance fingerprint CartPole-v1 -o fingerprints/CartPole-v1.json
    gymkit-conformance verify CartPole-v1 fingerprints/CartPole-v1.json
    gymkit-conformance fingerprint --refresh plugins/*/fingerprints   # re-record, same settings

An env whose first episode is longer than ``max_steps`` (5000 by default; e.g. Atari games,
thousands of steps under random play) is refused, with the fix: record it with keyword
arguments for ``make`` that shorten its episodes through the env's own mechanism, e.g.
``make_kwargs={"max_num_frames_per_episode": 400}`` for an ALE game (the emulator truncates the
episode, as it does at 108,000 frames for real) or ``{"max_episode_steps": 100}`` (the time
limit wrapper). The keyword arguments are part of the fingerprint (``"make_kwargs"``) and are
passed again on replay, so what was recorded is what is verified, and the file says how its
episode was shortened.

Format history: ``gymkit-fingerprint/1`` recorded a fixed number of steps from one reset (most
episodes never ended in it); ``gymkit-fingerprint/2`` (this one) covers an episode end and the
reset after it, with ``after_reset``, ``max_steps`` and ``make_kwargs`` in the header. Both
replay; only version 2 is recorded. A version's dynamics must never change; when they must,
register a new version and record its own fingerprint.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gymkit.registration import EnvSpec

__all__ = [
    "FINGERPRINT_FORMAT",
    "compare_fingerprints",
    "describe_space",
    "episode_coverage_problems",
    "fingerprint_filename",
    "load_fingerprint",
    "record_fingerprint",
    "recording_settings",
    "replay_fingerprint",
    "verify_fingerprint",
    "write_fingerprint",
]

FINGERPRINT_FORMAT = "gymkit-fingerprint/2"
#: Formats :func:`load_fingerprint` still reads and replays (older ones are re-recorded with
#: ``gymkit-conformance fingerprint --refresh DIR``).
READABLE_FORMATS = ("gymkit-fingerprint/1", FINGERPRINT_FORMAT)
DEFAULT_SEED = 0
#: Steps recorded after the reset that follows the first episode end.
DEFAULT_AFTER_RESET = 20
#: The first episode must end within this many steps (else shorten it with ``make_kwargs``).
DEFAULT_MAX_STEPS = 5_000
#: Relative and absolute tolerances for every float: loose enough for libm and compiler
#: differences, tight enough that any change in the dynamics is caught.
DEFAULT_RTOL = 1e-5
DEFAULT_ATOL = 1e-6
_SIGNIFICANT_DIGITS = 8
#: Integer arrays with more elements than this (e.g. Atari screens) are recorded by their
#: SHA-256 digest, shape and dtype instead of element by element.
_DIGEST_OVER = 1024


def fingerprint_filename(env_id: str) -> str:
    """The file name of ``env_id``'s fingerprint (``/`` of a namespace becomes ``--``)."""
    return env_id.replace("/", "--") + ".json"


def _rounded(value: Any, digits: int | None = _SIGNIFICANT_DIGITS) -> Any:
    """``value`` as JSON data with floats rounded to ``digits`` significant digits (``None``:
    exact, since Python's float repr round-trips)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return repr(value)  # "nan", "inf", "-inf": JSON has no literal for them
        return value if digits is None else float(f"{value:.{digits}g}")
    if isinstance(value, dict):
        return {str(k): _rounded(v, digits) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_rounded(v, digits) for v in value]
    import numpy as np

    if isinstance(value, np.ndarray):
        if digits is not None and value.dtype.kind in "biu" and value.size > _DIGEST_OVER:
            # exact integer data too large to list (an image, a bound per pixel): its digest
            data = np.ascontiguousarray(value, dtype=value.dtype.newbyteorder("<"))
            return {
                "sha256": hashlib.sha256(data.tobytes()).hexdigest(),
                "shape": list(value.shape),
                "dtype": str(value.dtype),
            }
        return _rounded(value.tolist(), digits)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return _rounded(float(value), digits)
    return repr(value)


def _plain(value: Any) -> Any:
    """An observation as rounded JSON data, whatever the space (no reliance on the layout of
    ``to_jsonable``): arrays become nested lists, tuples lists, graphs dicts."""
    if hasattr(value, "nodes") and hasattr(value, "edge_links"):  # GraphInstance
        return {f: _plain(getattr(value, f)) for f in ("nodes", "edges", "edge_links")}
    return _rounded(value)


_SPACE_ATTRIBUTES = (
    "shape",
    "dtype",
    "low",
    "high",
    "n",
    "start",
    "nvec",
    "max_length",
    "min_length",
    "characters",
    "stack",
)
_SUBSPACE_ATTRIBUTES = ("feature_space", "node_space", "edge_space")


def describe_space(space: Any) -> Any:
    """A space as plain data (type, shape, dtype, bounds, sizes, subspaces), independent of
    how its ``repr`` is formatted."""
    if space is None:
        return None
    data: dict[str, Any] = {"type": type(space).__name__}
    for name in _SPACE_ATTRIBUTES:
        value = getattr(space, name, None)
        if value is not None and not callable(value):
            data[name] = str(value) if name == "dtype" else _rounded(value)
    for name in _SUBSPACE_ATTRIBUTES:
        if hasattr(space, name):
            data[name] = describe_space(getattr(space, name))
    subspaces = getattr(space, "spaces", None)
    if isinstance(subspaces, dict):
        data["spaces"] = {str(k): describe_space(v) for k, v in subspaces.items()}
    elif isinstance(subspaces, (list, tuple)):
        data["spaces"] = [describe_space(v) for v in subspaces]
    return data


def _action_data(space: Any, action: Any) -> Any:
    """An action as exact JSON data (no rounding): restored by :func:`_restore_action`."""
    return _rounded(_plain_structure(action), digits=None)


def _plain_structure(value: Any) -> Any:
    if hasattr(value, "nodes") and hasattr(value, "edge_links"):  # GraphInstance
        return {f: getattr(value, f) for f in ("nodes", "edges", "edge_links")}
    return value


def _restore_action(space: Any, data: Any) -> Any:
    """Rebuild the action ``data`` (from :func:`_action_data`) as an element of ``space``."""
    import numpy as np

    kind = type(space).__name__
    if kind == "Discrete":
        return np.int64(data)
    if kind in ("Box", "MultiDiscrete", "MultiBinary"):
        return np.asarray(data, dtype=space.dtype)
    if kind == "Tuple":
        return tuple(_restore_action(sub, d) for sub, d in zip(space.spaces, data))
    if kind == "Dict":
        return {k: _restore_action(sub, data[k]) for k, sub in space.spaces.items()}
    if kind == "Text":
        return str(data)
    if kind == "OneOf":
        index = int(data[0])
        return (index, _restore_action(space.spaces[index], data[1]))
    if kind == "Sequence":
        if getattr(space, "stack", False):
            return space.from_jsonable([data])[0]
        return tuple(_restore_action(space.feature_space, d) for d in data)
    if kind == "Graph":
        from gymkit.spaces import GraphInstance

        def stacked(values: Any, sub: Any) -> np.ndarray:
            return np.asarray(values, dtype=sub.dtype).reshape((-1, *(sub.shape or ())))

        edges = data["edges"]
        links = data["edge_links"]
        return GraphInstance(
            stacked(data["nodes"], space.node_space),
            None if edges is None or space.edge_space is None else stacked(edges, space.edge_space),
            None if links is None else np.asarray(links, dtype=np.int64).reshape(-1, 2),
        )
    return space.from_jsonable([data])[0]  # a third-party space: its own JSON form


def _positive_int(name: str, value: Any, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"{name} must be an int >= {minimum}, got {value!r}")
    return value


def _make(env_id: str | EnvSpec, make_kwargs: dict[str, Any]) -> Any:
    import gymkit

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return gymkit.make(env_id, disable_env_checker=True, **make_kwargs)


def record_fingerprint(
    env_id: str | EnvSpec,
    *,
    seed: int = DEFAULT_SEED,
    after_reset: int = DEFAULT_AFTER_RESET,
    max_steps: int = DEFAULT_MAX_STEPS,
    make_kwargs: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Record ``env_id``'s fingerprint: from ``reset(seed=seed)`` until the first episode ends,
    the reset after it (``seed + 1``), then ``after_reset`` more steps.

    Actions are sampled from the action space seeded with ``seed``; after the k-th episode
    ends the env is reset with ``seed + k``. ``make_kwargs`` are passed to ``gymkit.make``
    (and recorded, to be passed again on replay). ``env_id`` may be an :class:`EnvSpec` (e.g.
    a made env's resolved spec, its keyword arguments included); the file records its id.
    Raises ``ValueError`` naming the fix when the first episode does not end within
    ``max_steps`` steps.
    """
    import gymkit

    _positive_int("after_reset", after_reset)
    _positive_int("max_steps", max_steps)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be an int >= 0, got {seed!r}")
    make_kwargs = dict(make_kwargs or {})
    if not all(isinstance(k, str) for k in make_kwargs):
        raise ValueError(f"make_kwargs must map argument names to values, got {make_kwargs!r}")
    env = _make(env_id, make_kwargs)
    spec = env.spec
    env_id = env_id if isinstance(env_id, str) else env_id.id
    obs_space, act_space = env.observation_space, env.action_space
    sampler = copy.deepcopy(act_space)
    sampler.seed(seed)
    trajectory: list[dict[str, Any]] = []
    try:
        obs, _ = env.reset(seed=seed)
        trajectory.append({"reset": seed, "o": _plain(obs)})
        episodes = 0
        steps = 0
        remaining = after_reset
        while episodes == 0 or remaining > 0:
            if episodes == 0 and steps >= max_steps:
                raise ValueError(
                    f"{env_id}'s first episode did not end within {max_steps} steps (seed "
                    f"{seed}, random actions): a fingerprint must cover an episode end and the "
                    "reset after it. Shorten the episode through the env's own mechanism, e.g. "
                    "make_kwargs={'max_episode_steps': 200} (CLI: --kwargs "
                    "'{\"max_episode_steps\": 200}'; for an ALE game "
                    "'{\"max_num_frames_per_episode\": 400}'), or raise max_steps (--max-steps)"
                )
            action = sampler.sample()
            obs, reward, terminated, truncated, _ = env.step(action)
            steps += 1
            if episodes > 0:
                remaining -= 1
            trajectory.append(
                {
                    "a": _action_data(act_space, action),
                    "o": _plain(obs),
                    "r": _rounded(float(reward)),
                    "t": bool(terminated),
                    "u": bool(truncated),
                }
            )
            if terminated or truncated:
                episodes += 1
                obs, _ = env.reset(seed=seed + episodes)
                trajectory.append({"reset": seed + episodes, "o": _plain(obs)})
    finally:
        env.close()
    return {
        "format": FINGERPRINT_FORMAT,
        "env_id": env_id,
        "distribution": getattr(spec, "distribution", None),
        "distribution_version": getattr(spec, "distribution_version", None),
        "gymkit_version": gymkit.__version__,
        "observation_space": describe_space(obs_space),
        "action_space": describe_space(act_space),
        "seed": seed,
        "make_kwargs": _rounded(make_kwargs, digits=None),
        "after_reset": after_reset,
        "max_steps": max_steps,
        "steps": steps,
        "episodes_ended": episodes,
        "tolerance": {"rtol": DEFAULT_RTOL, "atol": DEFAULT_ATOL},
        "trajectory": trajectory,
    }


def recording_settings(data: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments of :func:`record_fingerprint` that re-record ``data`` (a loaded
    fingerprint of any readable format) the way it was recorded: its seed, its ``make_kwargs``
    and its ``after_reset`` / ``max_steps`` (the defaults for a format-1 file)."""
    return {
        "seed": int(data.get("seed", DEFAULT_SEED)),
        "after_reset": int(data.get("after_reset", DEFAULT_AFTER_RESET)),
        "max_steps": int(data.get("max_steps", DEFAULT_MAX_STEPS)),
        "make_kwargs": dict(data.get("make_kwargs") or {}),
    }


def episode_coverage_problems(data: dict[str, Any]) -> list[str]:
    """What a fingerprint lacks of the coverage version 2 promises: a step ending an episode
    (terminated or truncated), the reset right after it, and at least one step after that
    reset. An empty list means it has all three."""
    records = data.get("trajectory") or []
    if not records or "reset" not in records[0]:
        return ["the trajectory does not start with a reset"]
    for index, record in enumerate(records):
        if "a" in record and (record.get("t") or record.get("u")):
            following = records[index + 1 : index + 3]
            if not following or "reset" not in following[0]:
                return [f"record #{index} ends an episode but no reset follows it"]
            if len(following) < 2 or "a" not in following[1]:
                return [f"no step is recorded after the reset at record #{index + 1}"]
            return []
    steps = sum(1 for r in records if "a" in r)
    return [
        f"no episode ends in its {steps} steps (neither terminated nor truncated): re-record "
        "it with gymkit-conformance fingerprint --refresh FILE"
    ]


def write_fingerprint(data: dict[str, Any], path: str | Path) -> Path:
    """Write ``data`` to ``path``: header fields indented, one trajectory record per line."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    header = {k: v for k, v in data.items() if k != "trajectory"}
    lines = ["{"]
    for key, value in header.items():
        lines.append(f"  {json.dumps(key)}: {json.dumps(value)},")
    records = data.get("trajectory", [])
    lines.append('  "trajectory": [')
    for index, record in enumerate(records):
        comma = "," if index < len(records) - 1 else ""
        lines.append(f"    {json.dumps(record, separators=(',', ':'))}{comma}")
    lines.append("  ]")
    lines.append("}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def load_fingerprint(path: str | Path) -> dict[str, Any]:
    """Read a fingerprint file; raises ``ValueError`` naming the file if it is not one."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"cannot read the fingerprint {path}: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") not in READABLE_FORMATS:
        found = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise ValueError(
            f"{path} is not a gymkit fingerprint (its format is {found!r}, expected one of "
            f"{', '.join(READABLE_FORMATS)}); record one with: "
            "gymkit-conformance fingerprint ENV_ID -o FILE"
        )
    return data


def _close(expected: Any, actual: Any, rtol: float, atol: float) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        return math.isclose(expected, actual, rel_tol=rtol, abs_tol=atol)
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(
            _close(e, a, rtol, atol) for e, a in zip(expected, actual)
        )
    if isinstance(expected, dict) and isinstance(actual, dict):
        return expected.keys() == actual.keys() and all(
            _close(expected[k], actual[k], rtol, atol) for k in expected
        )
    return bool(expected == actual)


def verify_fingerprint(path: str | Path, env_id: str | None = None) -> list[str]:
    """Replay the fingerprint at ``path`` on the installed env; return the mismatches.

    An empty list means the env reproduces its fingerprint. ``env_id`` defaults to the id
    recorded in the file. Replay stops at the first diverging record (later ones would only
    repeat it).
    """
    return replay_fingerprint(load_fingerprint(path), env_id)


def replay_fingerprint(data: dict[str, Any], env_id: str | None = None) -> list[str]:
    """:func:`verify_fingerprint` on a fingerprint already read with :func:`load_fingerprint`
    (made with the ``make_kwargs`` it was recorded with)."""
    env_id = env_id or data["env_id"]
    rtol = float(data.get("tolerance", {}).get("rtol", DEFAULT_RTOL))
    atol = float(data.get("tolerance", {}).get("atol", DEFAULT_ATOL))
    problems: list[str] = []
    env = _make(env_id, dict(data.get("make_kwargs") or {}))
    obs_space, act_space = env.observation_space, env.action_space
    for role, space in (("observation_space", obs_space), ("action_space", act_space)):
        if not _close(data.get(role), describe_space(space), rtol, atol):
            problems.append(f"{role} is {space!r}, the fingerprint recorded {data.get(role)}")
    if problems:
        env.close()
        return problems
    step = 0
    try:
        for index, record in enumerate(data["trajectory"]):
            if "reset" in record:
                obs, _ = env.reset(seed=int(record["reset"]))
                fields = {"o": _plain(obs)}
                where = f"record #{index} (reset(seed={record['reset']}))"
            else:
                action = _restore_action(act_space, record["a"])
                obs, reward, terminated, truncated, _ = env.step(action)
                step += 1
                fields = {
                    "o": _plain(obs),
                    "r": _rounded(float(reward)),
                    "t": bool(terminated),
                    "u": bool(truncated),
                }
                where = f"record #{index} (step {step}, action {record['a']!r})"
            names = {"o": "observation", "r": "reward", "t": "terminated", "u": "truncated"}
            for key, actual in fields.items():
                if not _close(record[key], actual, rtol, atol):
                    problems.append(
                        f"{where}: {names[key]} is {actual!r}, the fingerprint recorded "
                        f"{record[key]!r}"
                    )
            if problems:
                break
    finally:
        env.close()
    return problems


def compare_fingerprints(golden: dict[str, Any], recorded: dict[str, Any]) -> list[str]:
    """Compare a fingerprint ``recorded`` elsewhere (e.g. by a Monitor) with the ``golden`` one
    without running any env; return the differences (an empty list: the same dynamics).

    Both must have been recorded with the same settings (seed, ``make_kwargs``,
    ``after_reset``); a difference there is reported first, as it makes the trajectories
    incomparable. Spaces and every trajectory record are compared with the golden's tolerance;
    the comparison stops at the first diverging record.
    """
    problems: list[str] = []
    for key in ("env_id", "seed", "make_kwargs", "after_reset"):
        if golden.get(key) != recorded.get(key):
            problems.append(
                f"{key} is {recorded.get(key)!r}, the golden fingerprint has {golden.get(key)!r}"
            )
    if problems:
        return problems
    rtol = float(golden.get("tolerance", {}).get("rtol", DEFAULT_RTOL))
    atol = float(golden.get("tolerance", {}).get("atol", DEFAULT_ATOL))
    for role in ("observation_space", "action_space"):
        if not _close(golden.get(role), recorded.get(role), rtol, atol):
            problems.append(f"{role} is {recorded.get(role)}, the golden one {golden.get(role)}")
    if problems:
        return problems
    mine = recorded.get("trajectory")
    theirs = golden.get("trajectory") or []
    if not isinstance(mine, list):
        return ["the recorded fingerprint holds no trajectory (a list of records)"]
    names = {"reset": "reset seed", "a": "action", "o": "observation", "r": "reward"}
    names.update({"t": "terminated", "u": "truncated"})
    for index, expected in enumerate(theirs):
        if index >= len(mine):
            return [f"the trajectory ends after {len(mine)} records, the golden has {len(theirs)}"]
        actual = mine[index]
        if not isinstance(actual, dict) or actual.keys() != expected.keys():
            return [f"record #{index} is {actual!r}, the golden record is {expected!r}"]
        for key, value in expected.items():
            if not _close(value, actual[key], rtol, atol):
                return [
                    f"record #{index}: {names.get(key, key)} is {actual[key]!r}, the golden "
                    f"fingerprint recorded {value!r}"
                ]
    if len(mine) != len(theirs):
        problems.append(f"the trajectory has {len(mine)} records, the golden has {len(theirs)}")
    return problems
