"""Small envs and fixtures of the monitor, video, legacy-API and agent tests."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from gymkit.core import Env
from gymkit.spaces import Box, Discrete


class ScriptedEnv(Env[np.ndarray, int]):
    """Episodes follow a script: episode ``k`` lasts ``lengths[k % len]`` steps, each step
    rewarding ``rewards[k % len]``; it terminates (or truncates, per ``truncate``).

    ``rgb_array`` frames are ``frame_shape`` uint8 images whose every pixel is the colour
    ``((37 * t) % 256, 255 - (37 * t) % 256, 128)`` of the step ``t`` within the episode.
    """

    metadata = {"render_modes": ["rgb_array", "ansi"], "render_fps": 25}

    def __init__(
        self,
        lengths: tuple[int, ...] = (3,),
        rewards: tuple[float, ...] = (1.0,),
        *,
        truncate: bool = False,
        frame_shape: tuple[int, int] = (16, 24),
        render_mode: str | None = None,
    ) -> None:
        self.render_mode = self._check_render_mode(render_mode)
        self.lengths, self.rewards, self.truncate = lengths, rewards, truncate
        self.frame_shape = frame_shape
        self.observation_space = Box(0.0, 1e6, shape=(1,), dtype=np.float32)
        self.action_space = Discrete(2)
        self.episode = -1
        self.t = 0

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        super().reset(seed=seed)
        self.episode += 1
        self.t = 0
        return np.array([0.0], dtype=np.float32), {}

    def step(self, action: int):
        self.t += 1
        k = self.episode % len(self.lengths)
        done = self.t >= self.lengths[k]
        reward = self.rewards[self.episode % len(self.rewards)]
        obs = np.array([self.t], dtype=np.float32)
        return obs, reward, done and not self.truncate, done and self.truncate, {}

    @staticmethod
    def colour(t: int) -> tuple[int, int, int]:
        return ((37 * t) % 256, 255 - (37 * t) % 256, 128)

    def render(self):
        if self.render_mode == "rgb_array":
            frame = np.empty((*self.frame_shape, 3), dtype=np.uint8)
            frame[...] = self.colour(self.t)
            return frame
        if self.render_mode == "ansi":
            return f"t={self.t}"
        return None


class ReachEnv(Env[np.ndarray, np.ndarray]):
    """1-D reaching: observation ``[target - position]``, action a velocity in ``[-1, 1]``,
    reward ``-|target - position|`` per step, 10 steps (truncated). A linear policy
    ``a = k * obs`` with ``k ≈ 1`` is optimal."""

    metadata = {"render_modes": [], "render_fps": 10}

    def __init__(self) -> None:
        self.observation_space = Box(-10.0, 10.0, shape=(1,), dtype=np.float64)
        self.action_space = Box(-1.0, 1.0, shape=(1,), dtype=np.float64)
        self.gap = 0.0
        self.t = 0

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        super().reset(seed=seed)
        self.gap = float(self.np_random.uniform(-3.0, 3.0))
        self.t = 0
        return np.array([self.gap]), {}

    def step(self, action: np.ndarray):
        self.gap -= float(np.clip(action, -1.0, 1.0)[0])
        self.t += 1
        return np.array([self.gap]), -abs(self.gap), False, self.t >= 10, {}


def play_episodes(env: Env[Any, Any], episodes: int) -> None:
    """Play ``episodes`` whole episodes of ``env`` (a scripted env, maybe wrapped), always
    taking action 0."""
    for _ in range(episodes):
        env.reset()
        while True:
            _, _, terminated, truncated, _ = env.step(0)
            if terminated or truncated:
                break


@pytest.fixture
def play() -> Callable[[Env[Any, Any], int], None]:
    """:func:`play_episodes`."""
    return play_episodes


@pytest.fixture
def scripted_env() -> type[ScriptedEnv]:
    return ScriptedEnv


@pytest.fixture
def reach_env() -> type[ReachEnv]:
    return ReachEnv


def decode_video(path: os.PathLike[str] | str) -> list[np.ndarray]:
    """Every frame of an MP4 as ``(H, W, 3)`` uint8 RGB arrays (through PyAV)."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        return [frame.to_ndarray(format="rgb24") for frame in container.decode(stream)]


@pytest.fixture
def decode() -> Any:
    return decode_video
