"""The probe callback of the Stable-Baselines3 scripts: evaluate every ``every`` steps and stop
training once 100 evaluation episodes reach the threshold (one ``learn`` call, so the learning
rate and exploration schedules run over the whole budget as the RL Zoo runs them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from _figures import evaluate
from stable_baselines3.common.callbacks import BaseCallback


class Probe(BaseCallback):
    """Evaluate the deterministic policy; ``reached_at`` is the step the threshold was met."""

    def __init__(
        self, make_env: Callable[[], Any], threshold: float, every: int, first: int = 0
    ) -> None:
        super().__init__()
        self.make_env = make_env
        self.threshold = threshold
        self.every = every
        self.next_probe = max(first, every)
        self.curve: list[list[float]] = []
        self.final: list[float] | None = None
        self.reached_at: int | None = None

    def act(self, obs: Any) -> int:
        return int(self.model.predict(obs, deterministic=True)[0])

    def _on_step(self) -> bool:
        if self.num_timesteps < self.next_probe:
            return True
        self.next_probe += self.every
        probe = evaluate(self.make_env, self.act, 10, seed=10_000 + self.num_timesteps)
        self.curve.append([self.num_timesteps, sum(probe) / len(probe)])
        print(f"steps {self.num_timesteps}: probe mean {self.curve[-1][1]:.1f}", flush=True)
        if self.curve[-1][1] < self.threshold:
            return True
        self.final = evaluate(self.make_env, self.act, 100, seed=1_000_000)
        if sum(self.final) / len(self.final) >= self.threshold:
            self.reached_at = self.num_timesteps
            return False  # stop: threshold reached
        return True
