"""Read and verify an uploaded archive (a gzip tar of a Monitor results directory).

Nothing unverifiable gets a score: :func:`unpack` checks every member (regular files of the
Monitor layout only, no absolute path or ``..``, no link, the unpacked total under a limit) and
:func:`verify` the content (manifests of one registered env version, a dynamics fingerprint
matching the golden one, episode records the env's spec allows). Every refusal is an
:class:`UploadRejected` with the HTTP status and a message naming the value and the fix.
"""

from __future__ import annotations

import functools
import json
import math
import re
import tarfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np

from gymkit_scoreboard.goldens import Goldens

MAX_MEMBERS = 5_000
_TOP = re.compile(r"[A-Za-z0-9._-]+\.(manifest\.json|episodes\.jsonl|fingerprint\.json)")
_VIDEO = re.compile(r"videos/[A-Za-z0-9._-]+\.(mp4|json)")
_IGNORED = {"learning_curve.png"}

#: Per-step reward bounds of first-party envs that declare no ``reward_range`` (facts of their
#: task definitions): an episode's return must lie within ``length`` times these.
STEP_REWARD_BOUNDS: dict[str, tuple[float, float]] = {
    "CartPole": (0.0, 1.0),
    "Acrobot": (-1.0, 0.0),
    "MountainCar": (-1.0, 0.0),
    "Pendulum": (-(math.pi**2 + 0.1 * 8**2 + 0.001 * 2**2), 0.0),
}


class UploadRejected(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Upload:
    """A verified upload, unpacked in ``directory``."""

    directory: Path
    env_id: str
    manifests: dict[str, dict[str, Any]]
    returns: np.ndarray
    lengths: np.ndarray
    episodes: list[dict[str, Any]]
    threshold: float | None
    videos: list[tuple[str, int]] = field(default_factory=list)
    versions: dict[str, Any] = field(default_factory=dict)
    seeds: list[int] = field(default_factory=list)


def unpack(archive: Path, into: Path, *, max_unpacked: int) -> None:
    """Unpack ``archive`` into the empty directory ``into``, member by member, after checking
    every member's name, type and the total size."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = []
            total = 0
            for member in tar:  # reads the whole archive: a truncated one fails here
                members.append(member)
                if len(members) > MAX_MEMBERS:
                    raise UploadRejected(
                        400, f"the archive holds more than {MAX_MEMBERS} members; upload one run"
                    )
                _check_member(member)
                total += member.size
                if total > max_unpacked:
                    raise UploadRejected(
                        413,
                        f"the archive unpacks to more than {max_unpacked} bytes (this server's "
                        "limit); upload fewer or shorter videos",
                    )
            for member in members:
                if not member.isfile() or member.name.lstrip("./") in _IGNORED:
                    continue
                source = tar.extractfile(member)
                if source is None:
                    raise UploadRejected(400, f"archive member {member.name!r} cannot be read")
                target = into / PurePosixPath(member.name)
                target.parent.mkdir(parents=True, exist_ok=True)
                with source, open(target, "xb") as out:
                    while chunk := source.read(1 << 20):
                        out.write(chunk)
    except UploadRejected:
        raise
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise UploadRejected(
            400,
            f"the upload is not a complete gzip-compressed tar archive ({exc}); it may be "
            "truncated: upload again with gymkit upload DIR",
        ) from None


def _check_member(member: tarfile.TarInfo) -> None:
    name = member.name
    path = PurePosixPath(name)
    if name.startswith("/") or "\\" in name or ".." in path.parts or not name:
        raise UploadRejected(
            400,
            f"archive member {name!r} points outside the upload (absolute path or '..'); an "
            "upload holds only the files of one results directory",
        )
    if member.isdir():
        if str(path) not in (".", "videos"):
            raise UploadRejected(400, f"unexpected folder {name!r} in the archive")
        return
    if not member.isfile():
        raise UploadRejected(
            400, f"archive member {name!r} is a link or special file; only regular files upload"
        )
    relative = str(path)
    if not (_TOP.fullmatch(relative) or _VIDEO.fullmatch(relative) or relative in _IGNORED):
        raise UploadRejected(
            400,
            f"unexpected archive member {name!r}: an upload holds a Monitor directory's "
            "*.manifest.json, *.episodes.jsonl, *.fingerprint.json and videos/*.mp4",
        )


def _read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UploadRejected(400, f"malformed {what} {path.name}: {exc}") from None


def verify(directory: Path, goldens: Goldens) -> Upload:
    """Check the unpacked upload in ``directory``; return what it holds, scored by the caller."""
    import gymkit
    from gymkit import error
    from gymkit.fingerprint import compare_fingerprints

    manifests: dict[str, dict[str, Any]] = {}
    for path in sorted(directory.glob("*.manifest.json")):
        manifest = _read_json(path, "manifest")
        instance = path.name[: -len(".manifest.json")]
        if not isinstance(manifest, dict) or manifest.get("format") != 1:
            raise UploadRejected(
                400,
                f"malformed manifest {path.name}: expected a gymkit Monitor manifest (a JSON "
                f"object with format 1), got {str(manifest)[:80]!r}",
            )
        for key, kind in (("env_id", str), ("episodes_file", str), ("seeds", list)):
            if not isinstance(manifest.get(key), kind):
                raise UploadRejected(
                    400,
                    f"malformed manifest {path.name}: {key!r} must be a {kind.__name__}, got "
                    f"{manifest.get(key)!r}",
                )
        if manifest["episodes_file"] != f"{instance}.episodes.jsonl":
            raise UploadRejected(
                400, f"malformed manifest {path.name}: episodes_file {manifest['episodes_file']!r}"
            )
        manifests[instance] = manifest
    if not manifests:
        raise UploadRejected(
            400, "the upload holds no *.manifest.json: upload a directory written by Monitor"
        )
    env_ids = sorted({m["env_id"] for m in manifests.values()})
    if len(env_ids) != 1:
        raise UploadRejected(
            400, f"the upload mixes envs {env_ids}; an evaluation is one env: upload each apart"
        )
    env_id = env_ids[0]
    try:
        spec = gymkit.spec(env_id)
    except error.Error as exc:
        raise UploadRejected(422, f"unknown env id {env_id!r} on this server: {exc}") from None
    if spec.id != env_id:
        raise UploadRejected(422, f"env id {env_id!r} is not an exact version ({spec.id})")
    registered = json.loads(spec.to_json())
    golden = goldens.get(env_id)
    if golden is None:
        raise UploadRejected(
            422,
            f"{env_id} has no golden dynamics fingerprint on this server, so its results "
            "cannot be verified",
        )
    for instance, manifest in manifests.items():
        recorded = manifest.get("spec") or {}
        kwargs = {k: v for k, v in (recorded.get("kwargs") or {}).items() if k != "render_mode"}
        for key, theirs, ours in (
            ("kwargs", kwargs, registered.get("kwargs") or {}),
            ("max_episode_steps", recorded.get("max_episode_steps"), spec.max_episode_steps),
        ):
            if theirs != ours:
                raise UploadRejected(
                    422,
                    f"{instance} ran {env_id} with {key}={theirs!r}, the registered version has "
                    f"{ours!r}: only the env version as registered gets a score",
                )
        name = manifest.get("dynamics_fingerprint")
        if not isinstance(name, str) or not (directory / name).is_file():
            why = manifest.get("dynamics_fingerprint_error") or "no fingerprint file in the upload"
            raise UploadRejected(
                422,
                f"{instance} recorded no dynamics fingerprint ({why}); record the run with a "
                "gymkit Monitor that records one (fingerprint=True, the default)",
            )
        problems = compare_fingerprints(golden, _read_json(directory / name, "fingerprint"))
        if problems:
            raise UploadRejected(
                422,
                f"the dynamics fingerprint of {instance} does not match {env_id}'s golden one, "
                f"so the run was made on modified dynamics: {problems[0]}",
            )
        if not (directory / manifest["episodes_file"]).is_file():
            raise UploadRejected(400, f"{manifest['episodes_file']} is missing from the upload")
    episodes = _episodes(directory, manifests, env_id, spec)
    returns = np.array([e["return"] for e in episodes], dtype=np.float64)
    lengths = np.array([e["length"] for e in episodes], dtype=np.int64)
    videos = []
    for video in (
        sorted((directory / "videos").glob("*.mp4")) if (directory / "videos").is_dir() else []
    ):
        head = video.read_bytes()[:12]
        if head[4:8] != b"ftyp":
            raise UploadRejected(400, f"videos/{video.name} is not an MP4 file")
        videos.append((video.name, video.stat().st_size))
    first = next(iter(manifests.values()))
    seeds = sorted({int(s) for m in manifests.values() for s in m["seeds"] if isinstance(s, int)})
    return Upload(
        directory=directory,
        env_id=env_id,
        manifests=manifests,
        returns=returns,
        lengths=lengths,
        episodes=episodes,
        threshold=spec.reward_threshold,
        videos=videos,
        versions=first.get("versions") if isinstance(first.get("versions"), dict) else {},
        seeds=seeds,
    )


def _int_or(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _reward_bounds(env_id: str, spec: Any) -> tuple[float, float] | None:
    """Per-step reward bounds: the table above for first-party envs without a declaration,
    else the finite ``reward_range`` the env declares, else none known."""
    bounds = STEP_REWARD_BOUNDS.get(spec.name)
    if bounds is not None and spec.namespace is None:
        return bounds
    return _declared_reward_range(env_id)


@functools.lru_cache(maxsize=256)
def _declared_reward_range(env_id: str) -> tuple[float, float] | None:
    import warnings

    import gymkit

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            env = gymkit.make(env_id, disable_env_checker=True)
    except Exception:  # an engine missing on this server: no bound known
        return None
    try:
        declared = getattr(env.unwrapped, "reward_range", None)
    finally:
        env.close()
    try:
        low, high = (float(v) for v in declared)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        return None
    return (low, high) if math.isfinite(low) and math.isfinite(high) else None


def _episodes(
    directory: Path, manifests: dict[str, dict[str, Any]], env_id: str, spec: Any
) -> list[dict[str, Any]]:
    bounds = _reward_bounds(env_id, spec)
    rows: list[dict[str, Any]] = []
    for instance, manifest in manifests.items():
        path = directory / manifest["episodes_file"]
        for number, line in enumerate(path.read_bytes().splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{path.name}:{number}"
            try:
                record = json.loads(line)
            except ValueError:
                raise UploadRejected(400, f"{where} is not a JSON episode record") from None
            if not isinstance(record, dict):
                raise UploadRejected(400, f"{where} is not a JSON object")
            ret, length = record.get("return"), record.get("length")
            if isinstance(length, bool) or not isinstance(length, int) or length < 1:
                raise UploadRejected(422, f"{where}: length {length!r} is not a positive int")
            if isinstance(ret, bool) or not isinstance(ret, (int, float)) or not math.isfinite(ret):
                raise UploadRejected(422, f"{where}: return {ret!r} is not a finite number")
            limit = spec.max_episode_steps
            if limit is not None and length > limit:
                raise UploadRejected(
                    422,
                    f"{where}: an episode of {length} steps, but {env_id} ends every episode "
                    f"at {limit} steps (max_episode_steps): impossible episode record",
                )
            if bounds is not None:
                low, high = bounds[0] * length, bounds[1] * length
                if not (low - 1e-6 <= ret <= high + 1e-6):
                    raise UploadRejected(
                        422,
                        f"{where}: return {ret!r} over {length} steps is outside what {env_id} "
                        f"allows ([{low:g}, {high:g}]): impossible episode record",
                    )
            wall = record.get("wall_time")
            rows.append(
                {
                    "return": float(ret),
                    "length": length,
                    "terminated": bool(record.get("terminated")),
                    "truncated": bool(record.get("truncated")),
                    "seed": record.get("seed") if isinstance(record.get("seed"), int) else None,
                    "label": str(record.get("label") or "")[:64],
                    "wall_time": float(wall) if isinstance(wall, (int, float)) else 0.0,
                    "order": (instance, _int_or(record.get("episode"), number)),
                }
            )
    if not rows:
        raise UploadRejected(422, "the upload holds no finished episode")
    rows.sort(key=lambda r: (r["wall_time"], *r["order"]))
    for row in rows:
        del row["order"]
    return rows
