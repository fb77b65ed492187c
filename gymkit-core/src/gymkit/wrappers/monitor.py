"""Monitor: record every finished episode (and videos on a schedule) to a results directory.

Layout of a results directory (several monitors, in one or many processes, may share it)::

    DIR/
      <instance>.manifest.json    env id, full spec, versions, seeds, start time, pid, host
      <instance>.episodes.jsonl   one JSON object per finished episode, appended as it ends
      <instance>.fingerprint.json the env's dynamics fingerprint (see gymkit.fingerprint)
      videos/<instance>-episode-<i>.mp4

``<instance>`` is ``monitor-<pid>-<random token>``, unique per Monitor, so writers never share
a file. Each episode line is written with one ``write`` on an ``O_APPEND`` descriptor and
``fsync``-ed before ``step`` returns: a process killed at any moment (even ``SIGKILL``) loses no
finished episode, at worst the line being written. Read a directory back with
:func:`gymkit.monitoring.load_results`.

A directory holds one run. A Monitor created where an earlier run left results refuses
(:class:`gymkit.error.ResultsExist`) unless told ``resume=True`` (append to that run) or
``force=True`` (delete its results first). Every open Monitor holds an exclusive ``flock`` on its
episodes file, so ``force=True`` refuses to delete the files of a monitor that is still writing
(in any process of the host), and a process that dies releases its lock with it.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import secrets
import socket
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, SupportsFloat

from gymkit import error
from gymkit.core import ActType, Env, ObsType, Wrapper

try:  # POSIX: an open monitor's episodes file is flock-ed, so force=True can tell it is in use
    import fcntl
except ImportError:  # pragma: no cover - Windows: no lock, force=True cannot tell
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "EPISODES_SUFFIX",
    "FINGERPRINT_SUFFIX",
    "MANIFEST_SUFFIX",
    "PLOT_FILENAME",
    "Monitor",
    "installed_versions",
    "recorded_instances",
]

MANIFEST_SUFFIX = ".manifest.json"
EPISODES_SUFFIX = ".episodes.jsonl"
FINGERPRINT_SUFFIX = ".fingerprint.json"
#: The Monitor's fingerprint recording gives up (and says so in the manifest) when the first
#: episode of a fresh copy of the env takes longer than this under random actions.
FINGERPRINT_MAX_STEPS = 2_000
PLOT_FILENAME = "learning_curve.png"  # drawn by gymkit.monitoring / gymkit run
FORMAT_VERSION = 1


def installed_versions() -> dict[str, Any]:
    """``{"gymkit-core": version, "plugins": {distribution: version}}`` of this interpreter
    (distribution names in PEP 503 form), read through gymkit's plugin discovery cache: no
    :mod:`importlib.metadata` scan while the installed distributions are unchanged."""
    import gymkit
    from gymkit.plugins import UNKNOWN_DISTRIBUTION, plugin_entry_points

    plugins = {
        ep.distribution: ep.version
        for ep in plugin_entry_points()
        if ep.distribution != UNKNOWN_DISTRIBUTION
    }
    return {"gymkit-core": gymkit.__version__, "plugins": dict(sorted(plugins.items()))}


def recorded_instances(directory: str | os.PathLike[str]) -> list[str]:
    """The monitor instances that left a manifest or an episodes file in ``directory``
    (sorted; ``[]`` for a missing directory)."""
    root = Path(directory)
    if not root.is_dir():
        return []
    found: set[str] = set()
    for suffix in (MANIFEST_SUFFIX, EPISODES_SUFFIX):
        found.update(path.name[: -len(suffix)] for path in root.glob(f"*{suffix}"))
    return sorted(found)


def _video_folder(directory: Path) -> Path:
    """Where the monitors of ``directory`` put their videos."""
    return directory / "videos"


def _in_use(path: Path) -> bool:
    """Whether an open Monitor (of any process of this host) holds ``path``'s lock."""
    if fcntl is None or not path.exists():
        return False
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:  # a file system without flock: no way to tell
        return False
    finally:
        os.close(fd)  # releases the probe's lock
    return False


def _episode_lines(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except OSError:
        return 0


def _earlier_run(directory: Path, instances: list[str]) -> str:
    """A one-line description of the results ``instances`` left in ``directory``."""
    episodes = sum(_episode_lines(directory / f"{i}{EPISODES_SUFFIX}") for i in instances)
    labels: set[str] = set()
    env_ids: set[str] = set()
    for instance in instances:
        try:
            manifest = json.loads((directory / f"{instance}{MANIFEST_SUFFIX}").read_text())
        except (OSError, ValueError):
            continue
        if isinstance(manifest, dict):
            labels.add(str(manifest.get("label") or "unlabelled"))
            if manifest.get("env_id"):
                env_ids.add(str(manifest["env_id"]))
    what = f"{episodes} recorded episode(s) from {len(instances)} monitor(s)"
    live = sum(_in_use(directory / f"{i}{EPISODES_SUFFIX}") for i in instances)
    if live:
        what += f", {live} of them still open"
    if env_ids:
        what += f" of {', '.join(sorted(env_ids))}"
    if labels:
        what += f" (labels: {', '.join(sorted(labels))})"
    return what


class Monitor(Wrapper[ObsType, ActType, ObsType, ActType]):
    """Write every finished episode of ``env`` (and videos on a schedule) to ``directory``.

        Args:
            env: any env (made by ``make`` or constructed directly; ``spec`` may be ``None``).
            directory: the results directory (created if missing; may already hold other runs).
            video: ``True`` records episodes on the capped cubic schedule (0, 1, 8, 27, ...,
                1000, then every 1000th) through :class:`~gymkit.wrappers.video.RecordVideo`; a
                callable ``f(episode_index) -> bool`` chooses the episodes; ``False`` records none.
                Video needs ``render_mode="rgb_array"`` (else :class:`gymkit.error.UnsupportedMode`
                at construction, naming the fix).
            video_length: frames per video (``0``: the whole episode).
            fingerprint: record the env's dynamics fingerprint (:mod:`gymkit.fingerprint`) from
                a fresh copy of it (``make(env.spec)``, so the monitored env is not disturbed) to
                ``<instance>.fingerprint.json``, named in the manifest: what a scoreboard compares
                with the env version's golden fingerprint. ``True`` records with the default
                settings; a dict gives :func:`~gymkit.fingerprint.record_fingerprint`'s keyword
                arguments (e.g. ``{"make_kwargs": {"max_num_frames_per_episode": 400}}`` as the
                golden file of an ALE game has); ``False`` records none. When it cannot be
                recorded (no spec, an episode too long) the manifest says why.
            label: free text stored in the manifest and on every episode line (e.g. ``"train"``,
                ``"evaluation"``), to tell runs sharing a directory apart.
            fsync: ``fsync`` every episode line (durable even against power loss); ``False`` still
                survives a killed process (the line is in the OS page cache).
            resume: ``directory`` may hold an earlier run of the same env: append to it. Episode
                numbers continue after the last one recorded there under the same ``label``.
            force: delete the results an earlier run left in ``directory`` (manifests, episodes
                files, their videos and the learning-curve PNG; nothing else) before starting.
                Refused while a monitor still writes there.

        Without ``resume`` or ``force``, a ``directory`` that already holds results (a manifest or
        an episodes file, even of a run that died) raises :class:`gymkit.error.ResultsExist`, so
        runs are never mixed silently. Several monitors of one run sharing a directory (train and
        evaluation, parallel workers) pass ``resume=True`` to all but the first.

        An episode is written when ``step`` returns ``terminated`` or ``truncated``; an episode cut
        off by ``reset`` or ``close`` before it ended is not written. Each line holds ``episode``
        (index within the run's episodes of this ``label``: from 0, or from where the earlier run
    stopped with ``resume=True``), ``return``, ``length``, ``terminated``, ``truncated``,
        ``seed`` (the ``reset`` seed that began it, or ``None``), ``wall_time`` (Unix time at its
        end), ``elapsed`` (seconds since the monitor started), ``duration`` (seconds) and ``label``.
    """

    def __init__(
        self,
        env: Env[ObsType, ActType],
        directory: str | os.PathLike[str],
        video: bool | Callable[[int], bool] = True,
        *,
        video_length: int = 0,
        fingerprint: bool | dict[str, Any] = True,
        label: str = "",
        fsync: bool = True,
        resume: bool = False,
        force: bool = False,
    ) -> None:
        if not (isinstance(video, bool) or callable(video)):
            raise error.InvalidWrapperArgument(
                f"video must be True, False or a callable episode trigger, got {video!r}"
            )
        if resume and force:
            raise error.InvalidWrapperArgument(
                "resume=True and force=True contradict each other: resume appends to the run "
                "already in the directory, force deletes it; pass one of them"
            )
        self.directory = Path(directory)
        if self.directory.exists() and not self.directory.is_dir():
            raise error.InvalidWrapperArgument(
                f"Monitor directory {str(self.directory)!r} exists and is not a directory; "
                "pass a directory path (it is created if missing)"
            )
        self.directory.mkdir(parents=True, exist_ok=True)
        if not isinstance(fingerprint, (bool, dict)):
            raise error.InvalidWrapperArgument(
                f"fingerprint must be True, False or a dict of record_fingerprint settings, got "
                f"{fingerprint!r}"
            )
        self.label = str(label)
        self.resumed = False
        self.first_episode = 0
        earlier = recorded_instances(self.directory)
        if earlier and force:
            self._clear(earlier)
        elif earlier and resume:
            self._resume(env, earlier)
        elif earlier:
            raise error.ResultsExist(
                f"Monitor directory {str(self.directory)!r} already holds results: "
                f"{_earlier_run(self.directory, earlier)}. Recording another run there would "
                "mix the two. Pass resume=True to append to that run (episode numbers continue) "
                "or force=True to delete its results first (gymkit run: --resume / --force), "
                "or choose a new directory"
            )
        self.instance = f"monitor-{os.getpid()}-{secrets.token_hex(4)}"
        self.fsync = fsync
        self.video_folder = _video_folder(self.directory)
        inner: Env[ObsType, ActType] = env
        if video is not False:
            if env.render_mode != "rgb_array":
                raise error.UnsupportedMode(
                    f"Monitor records video from rgb_array frames, but the env's render_mode is "
                    f"{env.render_mode!r}; make it with render_mode='rgb_array' or pass "
                    "video=False"
                )
            from gymkit.wrappers.video import RecordVideo

            inner = RecordVideo(
                env,
                self.video_folder,
                episode_trigger=None if video is True else video,
                video_length=video_length,
                name_prefix=self.instance,
            )
        super().__init__(inner)
        self.seeds: list[int] = []
        self._episode_return = 0.0
        self._episode_length = 0
        self._episode_seed: int | None = None
        self._episode_started = 0.0
        self._in_episode = False
        self._closed = False
        self._fingerprint_settings = fingerprint
        self._fingerprint: dict[str, Any] = {"dynamics_fingerprint": None}
        self._start_instance()

    def _clear(self, instances: list[str]) -> None:
        """``force=True``: delete what ``instances`` recorded, unless one is still writing."""
        busy = [i for i in instances if _in_use(self.directory / f"{i}{EPISODES_SUFFIX}")]
        if busy:
            raise error.ResultsExist(
                f"force=True would delete the results of {', '.join(busy)} in "
                f"{str(self.directory)!r}, but that monitor is still open and writing; close it "
                "(or let its process end) first, pass resume=True to record beside it, or choose "
                "a new directory"
            )
        doomed: list[Path] = []
        for instance in instances:
            doomed += [
                self.directory / f"{instance}{MANIFEST_SUFFIX}",
                self.directory / f"{instance}{MANIFEST_SUFFIX}.tmp",
                self.directory / f"{instance}{EPISODES_SUFFIX}",
                self.directory / f"{instance}{FINGERPRINT_SUFFIX}",
            ]
            doomed += sorted(_video_folder(self.directory).glob(f"{instance}-*"))
        doomed.append(self.directory / PLOT_FILENAME)
        for path in doomed:
            path.unlink(missing_ok=True)
        videos = _video_folder(self.directory)
        if videos.is_dir() and not any(videos.iterdir()):
            videos.rmdir()

    def _resume(self, env: Env[Any, Any], instances: list[str]) -> None:
        """``resume=True``: check the earlier run is of this env; continue its numbering."""
        from gymkit.monitoring import load_results

        spec = env.spec
        env_ids: set[str] = set()
        for instance in instances:
            try:
                manifest = json.loads((self.directory / f"{instance}{MANIFEST_SUFFIX}").read_text())
            except (OSError, ValueError):
                continue
            if isinstance(manifest, dict) and manifest.get("env_id"):
                env_ids.add(str(manifest["env_id"]))
        if spec is not None and env_ids and spec.id not in env_ids:
            raise error.ResultsExist(
                f"resume=True appends to the run in {str(self.directory)!r}, which recorded "
                f"{', '.join(sorted(env_ids))}, not {spec.id}; one directory holds one run of "
                "one env: choose a new directory (or force=True to delete that run)"
            )
        self.resumed = True
        try:
            results = load_results(self.directory)
        except error.ResultsNotFound:  # manifests only: no episode finished yet
            return
        mine = results.episodes[results.labels == self.label]
        self.first_episode = int(mine.max()) + 1 if mine.size else 0

    def _start_instance(self) -> None:
        """Begin this instance's files: the manifest, and the episodes file opened to append
        (and ``flock``-ed while open, so ``force=True`` elsewhere cannot delete it)."""
        self.episodes_path = self.directory / f"{self.instance}{EPISODES_SUFFIX}"
        self.manifest_path = self.directory / f"{self.instance}{MANIFEST_SUFFIX}"
        self.start_time = time.time()
        self._start_monotonic = time.monotonic()
        self.episode_count = self.first_episode
        self._versions = installed_versions()  # once: the manifest is rewritten on seeded resets
        self._fingerprint = self._record_fingerprint()
        self._fd = os.open(
            self.episodes_path,
            os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0),
            0o644,
        )
        if fcntl is not None:
            # on a file system without flock, force=True cannot tell this monitor is open
            with contextlib.suppress(OSError):
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self._write_manifest()

    def _record_fingerprint(self) -> dict[str, Any]:
        """Record the dynamics fingerprint of a fresh copy of the env; return the manifest's
        ``dynamics_fingerprint`` fields (the file name, or ``None`` and the reason)."""
        settings = self._fingerprint_settings
        if settings is False:
            return {"dynamics_fingerprint": None, "dynamics_fingerprint_error": "not recorded"}
        spec = self.env.spec
        if spec is None:
            return {
                "dynamics_fingerprint": None,
                "dynamics_fingerprint_error": "the env has no spec (not built by make)",
            }
        from gymkit.fingerprint import record_fingerprint, write_fingerprint

        kwargs: dict[str, Any] = {"max_steps": FINGERPRINT_MAX_STEPS}
        kwargs.update(settings if isinstance(settings, dict) else {})
        from gymkit.registration import load_entry_point

        def is_monitor(entry_point: Any) -> bool:
            target = load_entry_point(entry_point) if isinstance(entry_point, str) else entry_point
            return isinstance(target, type) and issubclass(target, Monitor)

        # the same env, minus its render mode and any Monitor among its additional wrappers
        # (a Monitor made by make(spec) would record a fingerprint in turn, forever)
        fresh = spec.replace(
            kwargs={k: v for k, v in spec.kwargs.items() if k != "render_mode"},
            additional_wrappers=tuple(
                w for w in spec.additional_wrappers if not is_monitor(w.entry_point)
            ),
        )
        try:
            data = record_fingerprint(fresh, **kwargs)
        except Exception as exc:  # the env's own failure: reported, never fatal to the run
            return {
                "dynamics_fingerprint": None,
                "dynamics_fingerprint_error": f"{type(exc).__name__}: {exc}",
            }
        path = self.directory / f"{self.instance}{FINGERPRINT_SUFFIX}"
        write_fingerprint(data, path)
        return {"dynamics_fingerprint": path.name}

    # ------------------------------------------------------------------ pickling
    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state.pop("_fd", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        """An unpickled Monitor is a new instance (new name and files, same directory, label
        and env state), so the copy and the original never write to one file."""
        self.__dict__.update(state)
        if self._closed:
            return
        self.instance = f"monitor-{os.getpid()}-{secrets.token_hex(4)}"
        from gymkit.wrappers.video import RecordVideo

        if isinstance(self.env, RecordVideo):
            self.env.name_prefix = self.instance
        self._start_instance()

    # ------------------------------------------------------------------ files
    def manifest(self) -> dict[str, Any]:
        """The manifest as a dict (what ``<instance>.manifest.json`` holds)."""
        spec = self.env.spec
        return {
            "format": FORMAT_VERSION,
            "instance": self.instance,
            "label": self.label,
            "env_id": None if spec is None else spec.id,
            "env_class": f"{type(self.unwrapped).__module__}:{type(self.unwrapped).__qualname__}",
            **self._spec_fields(),
            "reward_threshold": None if spec is None else spec.reward_threshold,
            **self._fingerprint,
            "versions": self._versions,
            "seeds": list(self.seeds),
            "start_time": self.start_time,
            "start_time_utc": datetime.fromtimestamp(self.start_time, timezone.utc).isoformat(),
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "python": platform.python_version(),
            "argv": list(sys.argv),
            "episodes_file": self.episodes_path.name,
            "resumed": self.resumed,
            "first_episode": self.first_episode,
            "video_folder": self.video_folder.name,
        }

    def _spec_fields(self) -> dict[str, Any]:
        """``spec`` as JSON; a spec JSON cannot hold (e.g. an array in its kwargs) is kept as
        its ``repr`` under ``spec_repr`` with the reason under ``spec_error``."""
        spec = self.env.spec
        if spec is None:
            return {"spec": None}
        try:
            return {"spec": json.loads(spec.to_json())}
        except error.Error as exc:
            return {"spec": None, "spec_repr": repr(spec), "spec_error": str(exc)}

    def _write_manifest(self) -> None:
        """Write the manifest atomically (temporary file, then rename)."""
        temporary = self.manifest_path.with_name(self.manifest_path.name + ".tmp")
        temporary.write_text(json.dumps(self.manifest(), indent=2, default=repr) + "\n")
        os.replace(temporary, self.manifest_path)

    def _append(self, record: dict[str, Any]) -> None:
        line = (json.dumps(record, separators=(",", ":")) + "\n").encode()
        written = os.write(self._fd, line)
        while written < len(line):  # a short write is continued, never interleaved by O_APPEND
            written += os.write(self._fd, line[written:])
        if self.fsync:
            os.fsync(self._fd)

    # ------------------------------------------------------------------ env API
    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[ObsType, dict[str, Any]]:
        """Reset and start counting a new episode (an unfinished one is dropped)."""
        if self._closed:
            raise error.ClosedEnvironmentError(f"Monitor {self.instance} is closed")
        obs, info = self.env.reset(seed=seed, options=options)
        if seed is not None:
            self.seeds.append(int(seed))
            self._write_manifest()
        self._episode_seed = None if seed is None else int(seed)
        self._episode_return = 0.0
        self._episode_length = 0
        self._episode_started = time.monotonic()
        self._in_episode = True
        return obs, info

    def step(self, action: ActType) -> tuple[ObsType, SupportsFloat, bool, bool, dict[str, Any]]:
        """Step; when the episode ends, append its line to the episodes file (flushed)."""
        obs, reward, terminated, truncated, info = self.env.step(action)
        self._episode_return += float(reward)
        self._episode_length += 1
        if (terminated or truncated) and self._in_episode:
            now = time.monotonic()
            self._append(
                {
                    "episode": self.episode_count,
                    "return": self._episode_return,
                    "length": self._episode_length,
                    "terminated": bool(terminated),
                    "truncated": bool(truncated),
                    "seed": self._episode_seed,
                    "wall_time": time.time(),
                    "elapsed": now - self._start_monotonic,
                    "duration": now - self._episode_started,
                    "label": self.label,
                }
            )
            self.episode_count += 1
            self._in_episode = False
        return obs, reward, terminated, truncated, info

    def close(self) -> None:
        """Close the episodes file, finish any video, close the env; idempotent."""
        if not self._closed:
            self._closed = True
            os.close(self._fd)
        self.env.close()
