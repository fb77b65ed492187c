"""The Gymnasium adapters' cost (issue #18: conversion ≤ 5% of a CartPole step).

Each case times the same env bare and through the adapters, interleaved: ``"gymkit"`` is
``gymkit.make("CartPole-v1")`` itself, ``"to_gymnasium"`` the same env behind
:func:`gymkit_gymnasium.to_gymnasium`, ``"round trip"`` behind ``from_gymnasium(to_gymnasium(.))``;
the vector case does the same with ``to_gymnasium_vector`` over the native vector CartPole.
Unavailable (a "not measured" row) where gymkit-gymnasium is not installed.
"""

from __future__ import annotations

import functools

import numpy as np

from benchmarks.common import batched_variant, require, sampled_actions, single_steps_per_s
from benchmarks.harness import Case, Variant

ENV_ID = "CartPole-v1"
NUM_ENVS = 8


def single_adapters(quick: bool) -> list[Variant]:
    """Bare gymkit CartPole, behind ``to_gymnasium``, and behind the round trip."""
    gymkit = require("gymkit")
    adapters = require("gymkit_gymnasium")
    n = 20_000 if quick else 100_000
    bare = gymkit.make(ENV_ID)
    envs = {
        "gymkit": bare,
        "to_gymnasium": adapters.to_gymnasium(gymkit.make(ENV_ID)),
        "round trip": adapters.from_gymnasium(adapters.to_gymnasium(gymkit.make(ENV_ID))),
    }
    actions = sampled_actions(bare.action_space, n)
    return [
        Variant(name, functools.partial(single_steps_per_s, env, actions), teardown=env.close)
        for name, env in envs.items()
    ]


def vector_adapter(quick: bool) -> list[Variant]:
    """The native vector CartPole x8 bare and behind ``to_gymnasium_vector``."""
    gymkit = require("gymkit")
    adapters = require("gymkit_gymnasium")
    steps = 5_000 if quick else 25_000
    actions = np.random.default_rng(0).integers(0, 2, size=(steps, NUM_ENVS))
    bare = gymkit.make_vec(ENV_ID, NUM_ENVS)
    adapted = adapters.to_gymnasium_vector(gymkit.make_vec(ENV_ID, NUM_ENVS))
    return [
        batched_variant("gymkit", bare, actions),
        batched_variant("to_gymnasium", adapted, actions),
    ]


def cases() -> list[Case]:
    """The adapter cases."""
    return [
        Case(
            f"adapter {ENV_ID}",
            "interop",
            "steps/s",
            True,
            single_adapters,
            "the same CartPole bare, behind to_gymnasium, behind from_gymnasium(to_gymnasium(.))",
        ),
        Case(
            f"adapter {ENV_ID} x{NUM_ENVS} native",
            "interop",
            "steps/s",
            True,
            vector_adapter,
            "the native vector CartPole x8 bare and behind to_gymnasium_vector",
        ),
    ]
