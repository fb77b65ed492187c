"""Shared by the consumer scripts: evaluation, the figures file and the exit verdict."""

from __future__ import annotations

import argparse
import json
import platform
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np


def parse_args(description: str) -> argparse.Namespace:
    """``--out DIR`` (where the figures JSON goes) and ``--seed S``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--out", type=Path, default=Path("interop-results"))
    parser.add_argument("--seed", type=int, default=0)
    return parser.parse_args()


def evaluate(
    make_env: Callable[[], Any], act: Callable[[np.ndarray], Any], episodes: int, seed: int
) -> list[float]:
    """Returns of ``episodes`` episodes of policy ``act`` on a fresh Gymnasium env, seeded
    ``seed, seed + 1, ...``."""
    env = make_env()
    returns = []
    for episode in range(episodes):
        obs, _ = env.reset(seed=seed + episode)
        total, done = 0.0, False
        while not done:
            obs, reward, terminated, truncated, _ = env.step(act(obs))
            total += float(reward)
            done = terminated or truncated
        returns.append(total)
    env.close()
    return returns


class Stopwatch:
    """Wall time since construction."""

    def __init__(self) -> None:
        self.start = time.perf_counter()

    def seconds(self) -> float:
        return round(time.perf_counter() - self.start, 1)


def finish(out: Path, name: str, figures: dict[str, Any], passed: bool) -> None:
    """Write ``<out>/<name>.json``, print it, and exit 1 when ``passed`` is false."""
    import torch

    figures = {
        **figures,
        "passed": passed,
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.json"
    path.write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))
    if not passed:
        raise SystemExit(f"{name}: threshold not reached; figures in {path}")
