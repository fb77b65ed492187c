"""Monitor: record every finished episode (and videos on a schedule) to a results directory.

Layout of a results directory (several monitors, in one or many processes, may share it)::

    DIR/
      <instance>.manifest.json    env id, full spec, versions, seeds, start time, pid, host
      <instance>.episodes.jsonl   one JSON object per finished episode, appended as it ends
      videos/<instance>-episode-<i>.mp4

``<instance>`` is ``monitor-<pid>-<random token>``, unique per Monitor, so writers never share
a file. Each episode line is written with one ``write`` on an ``O_APPEND`` descriptor and
``fsync``-ed before ``step`` returns: a process killed at any moment (even ``SIGKILL``) loses no
finished episode, at worst the line being written. Read a directory back with
:func:`gymkit.monitoring.load_results`.
"""

from __future__ import annotations

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

__all__ = ["EPISODES_SUFFIX", "MANIFEST_SUFFIX", "Monitor", "installed_versions"]

MANIFEST_SUFFIX = ".manifest.json"
EPISODES_SUFFIX = ".episodes.jsonl"
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
        label: free text stored in the manifest and on every episode line (e.g. ``"train"``,
            ``"evaluation"``), to tell runs sharing a directory apart.
        fsync: ``fsync`` every episode line (durable even against power loss); ``False`` still
            survives a killed process (the line is in the OS page cache).

    An episode is written when ``step`` returns ``terminated`` or ``truncated``; an episode cut
    off by ``reset`` or ``close`` before it ended is not written. Each line holds ``episode``
    (index within this monitor), ``return``, ``length``, ``terminated``, ``truncated``,
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
        label: str = "",
        fsync: bool = True,
    ) -> None:
        if not (isinstance(video, bool) or callable(video)):
            raise error.InvalidWrapperArgument(
                f"video must be True, False or a callable episode trigger, got {video!r}"
            )
        self.directory = Path(directory)
        if self.directory.exists() and not self.directory.is_dir():
            raise error.InvalidWrapperArgument(
                f"Monitor directory {str(self.directory)!r} exists and is not a directory; "
                "pass a directory path (it is created if missing)"
            )
        self.directory.mkdir(parents=True, exist_ok=True)
        self.instance = f"monitor-{os.getpid()}-{secrets.token_hex(4)}"
        self.label = str(label)
        self.fsync = fsync
        self.video_folder = self.directory / "videos"
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
        self._start_instance()

    def _start_instance(self) -> None:
        """Begin this instance's files: the manifest, and the episodes file opened to append."""
        self.episodes_path = self.directory / f"{self.instance}{EPISODES_SUFFIX}"
        self.manifest_path = self.directory / f"{self.instance}{MANIFEST_SUFFIX}"
        self.start_time = time.time()
        self._start_monotonic = time.monotonic()
        self.episode_count = 0
        self._versions = installed_versions()  # once: the manifest is rewritten on seeded resets
        self._write_manifest()
        self._fd = os.open(
            self.episodes_path,
            os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0),
            0o644,
        )

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
            "versions": self._versions,
            "seeds": list(self.seeds),
            "start_time": self.start_time,
            "start_time_utc": datetime.fromtimestamp(self.start_time, timezone.utc).isoformat(),
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "python": platform.python_version(),
            "argv": list(sys.argv),
            "episodes_file": self.episodes_path.name,
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
