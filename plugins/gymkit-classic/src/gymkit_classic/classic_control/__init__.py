"""Classic control: CartPole, MountainCar, MountainCarContinuous, Acrobot and Pendulum.

The env classes load on first attribute access, so importing the package (as registration
does) imports neither NumPy nor a renderer.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "AcrobotEnv",
    "CartPoleEnv",
    "ContinuousMountainCarEnv",
    "MountainCarEnv",
    "PendulumEnv",
]

_CLASSES = {
    "AcrobotEnv": "acrobot",
    "CartPoleEnv": "cartpole",
    "ContinuousMountainCarEnv": "continuous_mountain_car",
    "MountainCarEnv": "mountain_car",
    "PendulumEnv": "pendulum",
}


def __getattr__(name: str) -> Any:
    if name in _CLASSES:
        module = importlib.import_module(f"{__name__}.{_CLASSES[name]}")
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
