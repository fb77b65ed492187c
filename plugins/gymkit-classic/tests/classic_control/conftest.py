"""Fixtures of the classic-control tests: the env classes by id, and a virtual display."""

from __future__ import annotations

import pytest

from gymkit_classic.classic_control.acrobot import AcrobotEnv
from gymkit_classic.classic_control.cartpole import CartPoleEnv
from gymkit_classic.classic_control.continuous_mountain_car import ContinuousMountainCarEnv
from gymkit_classic.classic_control.mountain_car import MountainCarEnv
from gymkit_classic.classic_control.pendulum import PendulumEnv

ENV_CLASSES = {
    "CartPole": CartPoleEnv,
    "MountainCar": MountainCarEnv,
    "MountainCarContinuous": ContinuousMountainCarEnv,
    "Acrobot": AcrobotEnv,
    "Pendulum": PendulumEnv,
}


@pytest.fixture(params=sorted(ENV_CLASSES))
def env_class(request: pytest.FixtureRequest) -> type:
    """Each classic-control env class in turn."""
    return ENV_CLASSES[request.param]
