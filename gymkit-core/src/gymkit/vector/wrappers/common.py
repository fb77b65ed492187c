"""RecordEpisodeStatistics for vector envs."""

from __future__ import annotations

import time
from collections import deque
from typing import Any

import numpy as np

from gymkit import error
from gymkit.vector.utils import check_reset_mask
from gymkit.vector.vector_env import AutoresetMode, VectorEnv, VectorWrapper

__all__ = ["RecordEpisodeStatistics"]


class RecordEpisodeStatistics(VectorWrapper[Any, Any, Any]):
    """Record every sub-env's episode return, length and wall time.

    On a step where sub-envs end their episodes, ``infos[stats_key]`` is
    ``{"r": returns, "l": lengths, "t": seconds}`` (arrays of ``num_envs``, zero for the others)
    and ``infos["_" + stats_key]`` the mask of the sub-envs that ended. Finished episodes are
    also appended to :attr:`return_queue`, :attr:`length_queue`, :attr:`time_queue` (the last
    ``buffer_length``). The autoreset mode is respected: under ``NEXT_STEP`` the reset step
    after an episode is not counted in the next episode.
    """

    def __init__(
        self,
        env: VectorEnv[Any, Any, Any],
        buffer_length: int = 100,
        stats_key: str = "episode",
    ) -> None:
        super().__init__(env)
        if (
            isinstance(buffer_length, bool)
            or not isinstance(buffer_length, int)
            or buffer_length < 1
        ):
            raise error.InvalidWrapperArgument(
                f"RecordEpisodeStatistics needs an int buffer_length >= 1, got {buffer_length!r}"
            )
        self.stats_key = stats_key
        self.buffer_length = buffer_length
        n = self.num_envs
        self.episode_count = 0
        self.episode_returns = np.zeros(n, dtype=np.float64)
        self.episode_lengths = np.zeros(n, dtype=np.int64)
        self.episode_start_times = np.full(n, time.perf_counter())
        self._prev_dones = np.zeros(n, dtype=np.bool_)
        self.return_queue: deque[float] = deque(maxlen=buffer_length)
        self.length_queue: deque[int] = deque(maxlen=buffer_length)
        self.time_queue: deque[float] = deque(maxlen=buffer_length)

    def reset(
        self,
        *,
        seed: int | list[int | None] | None = None,
        options: dict[str, Any] | None = None,
    ) -> tuple[Any, dict[str, Any]]:
        """Reset and restart the counters of the sub-envs reset."""
        obs, infos = self.env.reset(seed=seed, options=options)
        mask = check_reset_mask(options, self.num_envs)
        rows = slice(None) if mask is None else mask
        self.episode_returns[rows] = 0.0
        self.episode_lengths[rows] = 0
        self.episode_start_times[rows] = time.perf_counter()
        self._prev_dones[rows] = False
        return obs, infos

    def step(self, actions: Any) -> tuple[Any, Any, Any, Any, dict[str, Any]]:
        """Step, accumulate, and report the episodes that ended."""
        obs, rewards, terminations, truncations, infos = self.env.step(actions)
        if self.env.autoreset_mode is AutoresetMode.NEXT_STEP and self._prev_dones.any():
            restarted = self._prev_dones
            self.episode_returns[restarted] = 0.0
            self.episode_lengths[restarted] = 0
            self.episode_start_times[restarted] = time.perf_counter()
            counting = ~restarted
            self.episode_returns[counting] += rewards[counting]
            self.episode_lengths[counting] += 1
        else:
            self.episode_returns += rewards
            self.episode_lengths += 1
        dones = np.logical_or(terminations, truncations)
        self._prev_dones = dones
        if dones.any():
            if self.stats_key in infos:
                raise error.InvalidWrapperArgument(
                    "RecordEpisodeStatistics: the wrapped vector env already sets "
                    f"infos[{self.stats_key!r}]; pass another stats_key"
                )
            now = time.perf_counter()
            elapsed = np.where(dones, np.round(now - self.episode_start_times, 6), 0.0)
            infos = {
                **infos,
                self.stats_key: {
                    "r": np.where(dones, self.episode_returns, 0.0),
                    "l": np.where(dones, self.episode_lengths, 0),
                    "t": elapsed,
                },
                "_" + self.stats_key: dones,
            }
            for i in np.flatnonzero(dones):
                self.return_queue.append(float(self.episode_returns[i]))
                self.length_queue.append(int(self.episode_lengths[i]))
                self.time_queue.append(float(elapsed[i]))
            self.episode_count += int(dones.sum())
            if self.env.autoreset_mode is not AutoresetMode.NEXT_STEP:
                self.episode_returns[dones] = 0.0
                self.episode_lengths[dones] = 0
                self.episode_start_times[dones] = now
        return obs, rewards, terminations, truncations, infos
