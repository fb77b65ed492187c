"""Fixtures of the toy-text tests: the env classes by name, and a private virtual display."""

from __future__ import annotations

import pytest

from gymkit_classic.toy_text.blackjack import BlackjackEnv
from gymkit_classic.toy_text.cliffwalking import CliffWalkingEnv
from gymkit_classic.toy_text.frozen_lake import FrozenLakeEnv
from gymkit_classic.toy_text.taxi import TaxiEnv

ENV_CLASSES = {
    "FrozenLake": FrozenLakeEnv,
    "Taxi": TaxiEnv,
    "CliffWalking": CliffWalkingEnv,
    "Blackjack": BlackjackEnv,
}


@pytest.fixture(params=sorted(ENV_CLASSES))
def env_class(request: pytest.FixtureRequest) -> type:
    """Each toy-text env class in turn."""
    return ENV_CLASSES[request.param]
