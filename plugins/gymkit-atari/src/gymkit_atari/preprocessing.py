"""``AtariPreprocessing``: the DQN-style pipeline (Mnih et al. 2015; Machado et al. 2018).

Noop reset, frame skip with max-pooling over the last two frames, downscale to 84x84 with area
averaging (the pixel weights of OpenCV's ``INTER_AREA``, which ALE's vector env uses: the two
agree to within 1 in a few pixels), grayscale, optional terminal on life loss and scaling to
[0, 1]. Stack frames after it with ``gymkit.wrappers.FrameStackObservation(env, 4)`` for the
standard DQN input (``padding_type="zero"`` pads the first stack as ALE's vector env does).
"""

from __future__ import annotations

from typing import Any

import numpy as np

import gymkit
from gymkit import spaces
from gymkit.error import Error


class AtariPreprocessing(gymkit.Wrapper[np.ndarray, int, np.ndarray, int]):
    """Preprocess an Atari env made with ``frameskip=1`` (e.g. ``PongNoFrameskip-v4``, or
    ``make("ALE/Pong-v5", frameskip=1)``).

    Args:
        noop_max: on reset, play NOOP a random number of times in ``[1, noop_max]`` (0 = off).
        frame_skip: frames each action is repeated for; rewards are summed, and the observation
            is the pixel-wise max of the last two frames (removing Atari sprite flicker).
        screen_size: output side (int) or ``(width, height)``.
        terminal_on_life_loss: ``terminated`` becomes True when a life is lost.
        grayscale_obs: grayscale (H, W) instead of RGB (H, W, 3).
        grayscale_newaxis: grayscale as (H, W, 1).
        scale_obs: float32 in [0, 1] instead of uint8.
    """

    def __init__(
        self,
        env: gymkit.Env,
        noop_max: int = 30,
        frame_skip: int = 4,
        screen_size: int | tuple[int, int] = 84,
        terminal_on_life_loss: bool = False,
        grayscale_obs: bool = True,
        grayscale_newaxis: bool = False,
        scale_obs: bool = False,
    ) -> None:
        super().__init__(env)
        base = env.unwrapped
        if not hasattr(base, "ale"):
            raise Error(f"AtariPreprocessing needs an Atari env (with .ale), got {base}")
        if getattr(base, "frameskip", 1) != 1:
            raise Error(
                f"AtariPreprocessing skips frames itself; make the env with frameskip=1 "
                f"(e.g. PongNoFrameskip-v4 or make(..., frameskip=1)), got frameskip="
                f"{base.frameskip!r}"
            )
        if noop_max < 0 or frame_skip <= 0:
            raise Error(
                f"noop_max must be >= 0 and frame_skip > 0, got {noop_max} and {frame_skip}"
            )
        if noop_max > 0 and base.get_action_meanings()[0] != "NOOP":
            raise Error("noop_max > 0 needs action 0 to be NOOP for this game")
        size = (screen_size, screen_size) if isinstance(screen_size, int) else screen_size
        if len(size) != 2 or min(size) <= 0:
            raise Error(f"screen_size must be a positive int or (width, height), got {size}")
        self.noop_max, self.frame_skip = noop_max, frame_skip
        self.screen_size = (int(size[0]), int(size[1]))
        self.terminal_on_life_loss = terminal_on_life_loss
        self.grayscale_obs, self.grayscale_newaxis = grayscale_obs, grayscale_newaxis
        self.scale_obs = scale_obs
        self.ale = base.ale

        height, width = base.screen_shape
        channels = () if grayscale_obs else (3,)
        self._buffers = [np.empty((height, width, *channels), np.uint8) for _ in range(2)]
        shape: tuple[int, ...] = (self.screen_size[1], self.screen_size[0])
        if not grayscale_obs:
            shape += (3,)
        elif grayscale_newaxis:
            shape += (1,)
        low, high, dtype = (0.0, 1.0, np.float32) if scale_obs else (0, 255, np.uint8)
        self.observation_space = spaces.Box(low, high, shape, dtype)
        # per tap: source indices, and weights shaped to broadcast over (rows, cols[, rgb])
        rgb = () if grayscale_obs else (1,)
        row_index, row_weight = _area_taps(height, self.screen_size[1])
        col_index, col_weight = _area_taps(width, self.screen_size[0])
        self._rows = (row_index.T, row_weight.T.reshape(-1, len(row_index), 1, *rgb))
        self._cols = (col_index.T, col_weight.T.reshape(-1, 1, len(col_index), *rgb))
        self._same_size = (height, width) == (self.screen_size[1], self.screen_size[0])
        self.lives = 0

    def _grab(self, buffer: np.ndarray) -> None:
        if self.grayscale_obs:
            self.ale.getScreenGrayscale(buffer)
        else:
            self.ale.getScreenRGB(buffer)

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict[str, Any]]:
        """Reset, then play the random number of no-ops; returns the preprocessed frame."""
        _, info = self.env.reset(seed=seed, options=options)
        if self.noop_max > 0:
            for _ in range(int(self.np_random.integers(1, self.noop_max + 1))):
                _, _, terminated, truncated, info = self.env.step(0)
                if terminated or truncated:
                    _, info = self.env.reset()
        self.lives = self.ale.lives()
        self._grab(self._buffers[0])
        self._buffers[1].fill(0)
        return self._observation(), info

    def step(self, action: int) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        """Repeat ``action`` for ``frame_skip`` frames; max-pool the last two screens."""
        total = 0.0
        terminated = truncated = False
        info: dict[str, Any] = {}
        for t in range(self.frame_skip):
            _, reward, terminated, truncated, info = self.env.step(action)
            total += float(reward)
            if self.terminal_on_life_loss:
                lives = self.ale.lives()
                terminated = terminated or lives < self.lives
                self.lives = lives
            if terminated or truncated:
                # the episode ended mid-skip: the final screen is the observation
                self._grab(self._buffers[0])
                self._buffers[1][...] = self._buffers[0]
                break
            if t == self.frame_skip - 2:
                self._grab(self._buffers[1])
            elif t == self.frame_skip - 1:
                self._grab(self._buffers[0])
        return self._observation(), total, terminated, truncated, info

    def _observation(self) -> np.ndarray:
        if self.frame_skip > 1:
            np.maximum(self._buffers[0], self._buffers[1], out=self._buffers[0])
        resized = self._resize(self._buffers[0])
        if self.grayscale_obs and self.grayscale_newaxis:
            resized = resized[..., np.newaxis]
        if self.scale_obs:
            return resized.astype(np.float32) / 255.0
        return resized

    def _resize(self, frame: np.ndarray) -> np.ndarray:
        """Area-average ``frame`` to the screen size (rows, then columns), rounded to uint8."""
        if self._same_size:
            return frame.copy()
        (row_index, row_weight), (col_index, col_weight) = self._rows, self._cols
        source = frame.astype(np.float32)
        rows = row_weight[0] * source[row_index[0]]
        for index, weight in zip(row_index[1:], row_weight[1:]):
            rows += weight * source[index]
        out = col_weight[0] * rows[:, col_index[0]]
        for index, weight in zip(col_index[1:], col_weight[1:]):
            out += weight * rows[:, index]
        return np.rint(out, out=out).astype(np.uint8)


def _area_taps(source: int, target: int) -> tuple[np.ndarray, np.ndarray]:
    """Area averaging of ``source`` samples into ``target`` ones, as ``(index, weight)`` arrays
    of shape ``(target, taps)``: output ``i`` is ``sum_t weight[i, t] * input[index[i, t]]``,
    the mean of the input over the output pixel's footprint ``[i, i + 1) * source / target``."""
    scale = source / target
    taps = int(np.ceil(scale)) + 1
    index = np.zeros((target, taps), dtype=np.intp)
    weight = np.zeros((target, taps), dtype=np.float32)
    for i in range(target):
        start, stop = i * scale, (i + 1) * scale
        first = int(np.floor(start))
        for tap in range(taps):
            j = first + tap
            if j >= source:
                break
            overlap = min(stop, j + 1) - max(start, j)
            if overlap > 1e-9:
                index[i, tap] = j
                weight[i, tap] = overlap / scale
    return index, weight
