"""benchmarks.common.gymnasium_variant: the peer variant where Gymnasium makes the env, no
variant (and no error) where it cannot."""

from __future__ import annotations

import pytest

from benchmarks.common import gymnasium_variant, sampled_actions, single_steps_per_s


def test_no_variant_when_a_needed_module_is_missing() -> None:
    assert gymnasium_variant("CartPole-v1", single_steps_per_s, [], "no_such_module_xyz") is None


def test_the_peer_variant_times_gymnasium_make() -> None:
    gymnasium = pytest.importorskip("gymnasium")
    actions = sampled_actions(gymnasium.spaces.Discrete(2), 30)
    variant = gymnasium_variant("CartPole-v1", single_steps_per_s, actions)
    assert variant is not None and variant.name == "gymnasium"
    assert variant.sample() > 0
    assert variant.teardown is not None
    variant.teardown()
