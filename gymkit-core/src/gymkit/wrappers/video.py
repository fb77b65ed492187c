"""RecordVideo: save chosen episodes (or step windows) of an ``rgb_array`` env as MP4 files.

Frames are streamed to an H.264 encoder (PyAV, the ``video`` extra) as they are rendered, so a
long episode never sits in memory; each file is closed when its episode ends, when
``video_length`` frames are reached, or at ``close``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, SupportsFloat

from gymkit import error
from gymkit.core import ActType, Env, ObsType, Wrapper

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Mp4Writer", "RecordVideo", "capped_cubic_video_schedule"]

INSTALL_HINT = "pip install 'gymkit-core[video]'"


def capped_cubic_video_schedule(episode_id: int) -> bool:
    """The default trigger: episodes 0, 1, 8, 27, ..., 729, 1000, then every 1000th."""
    if episode_id < 1000:
        root = round(episode_id ** (1.0 / 3.0))
        return root**3 == episode_id
    return episode_id % 1000 == 0


def _import_av() -> Any:
    try:
        import av
    except ImportError as exc:
        raise error.DependencyNotInstalled(
            f"writing MP4 video needs PyAV ('av'), which is not installed ({exc}); "
            f"install it with: {INSTALL_HINT}"
        ) from exc
    return av


class Mp4Writer:
    """An H.264 (yuv420p) MP4 file written one ``(H, W, 3) uint8`` frame at a time.

    The size is fixed by the first frame; odd widths/heights are padded by one edge pixel
    (H.264 in yuv420p needs even sizes). A frame of another size, shape or dtype raises
    :class:`gymkit.error.InvalidWrapperArgument`. :meth:`close` flushes the encoder and is
    idempotent; ``frames`` counts the frames written. PyAV missing raises
    :class:`gymkit.error.DependencyNotInstalled` naming the extra to install.
    """

    def __init__(self, path: str | os.PathLike[str], fps: float) -> None:
        if not fps > 0:
            raise error.InvalidWrapperArgument(f"video fps must be > 0, got {fps!r}")
        self._av = _import_av()
        self.path = Path(path)
        self.fps = fps
        self.frames = 0
        self._container: Any = None
        self._stream: Any = None
        self._frame_shape: tuple[int, ...] | None = None
        self._pad: tuple[int, int] = (0, 0)

    def _open(self, height: int, width: int) -> None:
        self._pad = (height % 2, width % 2)
        self._container = self._av.open(str(self.path), mode="w")
        rate = Fraction(self.fps).limit_denominator(1001)
        stream = self._container.add_stream("libx264", rate=rate)
        stream.width = width + self._pad[1]
        stream.height = height + self._pad[0]
        stream.pix_fmt = "yuv420p"
        stream.options = {"preset": "veryfast", "crf": "23"}
        self._stream = stream

    def write(self, frame: np.ndarray) -> None:
        """Encode one RGB frame (``(H, W, 3)`` ``uint8``) and append it to the file."""
        import numpy as np

        if self._container is None and self.frames > 0:
            raise error.ClosedEnvironmentError(f"video {self.path} is already closed")
        array = np.asarray(frame)
        if array.dtype != np.uint8 or array.ndim != 3 or array.shape[2] != 3:
            raise error.InvalidWrapperArgument(
                f"a video frame must be an (H, W, 3) uint8 array, got shape {array.shape} and "
                f"dtype {array.dtype}; the env's render() must return rgb_array frames"
            )
        if self._frame_shape is None:
            self._frame_shape = array.shape
            self._open(array.shape[0], array.shape[1])
        elif array.shape != self._frame_shape:
            raise error.InvalidWrapperArgument(
                f"video frame of shape {array.shape} differs from the first frame's "
                f"{self._frame_shape} in {self.path}; every frame of a video must have one size"
            )
        if self._pad != (0, 0):
            array = np.pad(array, ((0, self._pad[0]), (0, self._pad[1]), (0, 0)), mode="edge")
        video_frame = self._av.VideoFrame.from_ndarray(np.ascontiguousarray(array), format="rgb24")
        for packet in self._stream.encode(video_frame):
            self._container.mux(packet)
        self.frames += 1

    def close(self) -> None:
        """Flush the encoder and close the file (no file is written if no frame came)."""
        if self._container is None:
            return
        for packet in self._stream.encode():
            self._container.mux(packet)
        self._container.close()
        self._container = None
        self._stream = None


class RecordVideo(Wrapper[ObsType, ActType, ObsType, ActType]):
    """Record episodes chosen by a trigger to ``video_folder`` as MP4 files.

    Args:
        env: an env whose ``render_mode`` is ``"rgb_array"`` (anything else raises
            :class:`gymkit.error.UnsupportedMode` here, at construction).
        video_folder: where the files go (created if missing).
        episode_trigger: ``f(episode_index) -> bool``, called at each ``reset``; episode 0 is the
            first. Default (when no trigger is given) :func:`capped_cubic_video_schedule`.
        step_trigger: ``f(step_index) -> bool``, called after each ``step`` (steps counted over
            all episodes from 0); starts a recording at that step.
        video_length: frames per recording; ``0`` records until the episode ends.
        name_prefix: file names are ``{name_prefix}-episode-{i}.mp4`` or ``...-step-{i}.mp4``.
        fps: frames per second of the file; default ``metadata["render_fps"]`` (else 30).

    A recording holds the frame after ``reset`` and one frame after every ``step``.
    :attr:`recorded_paths` lists every file written (or being written).
    """

    def __init__(
        self,
        env: Env[ObsType, ActType],
        video_folder: str | os.PathLike[str],
        episode_trigger: Callable[[int], bool] | None = None,
        step_trigger: Callable[[int], bool] | None = None,
        video_length: int = 0,
        name_prefix: str = "rl-video",
        fps: float | None = None,
    ) -> None:
        super().__init__(env)
        if env.render_mode != "rgb_array":
            raise error.UnsupportedMode(
                f"RecordVideo needs an env with render_mode='rgb_array', got "
                f"render_mode={env.render_mode!r}; create it with "
                f"gymkit.make(..., render_mode='rgb_array')"
            )
        if isinstance(video_length, bool) or not isinstance(video_length, int) or video_length < 0:
            raise error.InvalidWrapperArgument(
                f"video_length must be an int >= 0 (0 = whole episode), got {video_length!r}"
            )
        for name, trigger in (("episode_trigger", episode_trigger), ("step_trigger", step_trigger)):
            if trigger is not None and not callable(trigger):
                raise error.InvalidWrapperArgument(
                    f"{name} must be a callable taking an int index, got {trigger!r}"
                )
        if episode_trigger is None and step_trigger is None:
            episode_trigger = capped_cubic_video_schedule
        if fps is None:
            fps = float(self.metadata.get("render_fps") or 30)
        if not fps > 0:
            raise error.InvalidWrapperArgument(f"fps must be > 0, got {fps!r}")
        _import_av()  # fail now, not at the first recorded episode
        self.video_folder = Path(video_folder)
        self.video_folder.mkdir(parents=True, exist_ok=True)
        self.episode_trigger = episode_trigger
        self.step_trigger = step_trigger
        self.video_length = video_length
        self.name_prefix = name_prefix
        self.fps = fps
        self.episode_id = -1
        self.step_id = -1
        self.recorded_paths: list[Path] = []
        self._writer: Mp4Writer | None = None
        self._closed = False

    @property
    def recording(self) -> bool:
        """Whether a file is open and receiving frames."""
        return self._writer is not None

    def _start(self, stem: str) -> None:
        self._stop()
        path = self.video_folder / f"{self.name_prefix}-{stem}.mp4"
        self._writer = Mp4Writer(path, self.fps)
        self.recorded_paths.append(path)

    def _stop(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def _capture(self) -> None:
        assert self._writer is not None
        frame = self.env.render()
        if frame is None:
            raise error.EnvContractViolation(
                f"{self.env!s}.render() returned None in rgb_array mode; RecordVideo needs frames"
            )
        self._writer.write(frame)
        if self.video_length and self._writer.frames >= self.video_length:
            self._stop()

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[ObsType, dict[str, Any]]:
        """Reset; close a whole-episode recording; start one if the episode trigger fires."""
        obs, info = self.env.reset(seed=seed, options=options)
        self.episode_id += 1
        if self.recording and self.video_length == 0:
            self._stop()
        if self.episode_trigger is not None and self.episode_trigger(self.episode_id):
            self._start(f"episode-{self.episode_id}")
        if self.recording:
            self._capture()
        return obs, info

    def step(self, action: ActType) -> tuple[ObsType, SupportsFloat, bool, bool, dict[str, Any]]:
        """Step; append the frame when recording; close the file when the episode ends."""
        obs, reward, terminated, truncated, info = self.env.step(action)
        self.step_id += 1
        if self.recording:
            self._capture()
            if (terminated or truncated) and self.video_length == 0:
                self._stop()
        elif self.step_trigger is not None and self.step_trigger(self.step_id):
            self._start(f"step-{self.step_id}")
            self._capture()
        return obs, reward, terminated, truncated, info

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without the open file: a copy records from its next triggered episode."""
        state = self.__dict__.copy()
        state["_writer"] = None
        return state

    def close(self) -> None:
        """Finish the open recording (if any) and close the env; idempotent."""
        if not self._closed:
            self._closed = True
            self._stop()
        self.env.close()
