"""The conformance suite passes on first-party envs wrapped in stacks of wrappers.

The stacks go into the spec's ``additional_wrappers``, so ``make`` builds them and the
remake-from-spec check rebuilds them from the spec alone. Wrappers whose statistics carry over
from one episode to the next (the normalisers) are left out: by design they do not give the same
trajectory for the same seed twice.
"""

from __future__ import annotations

import pytest

import gymkit
from gymkit.registration import WrapperSpec

pytest.importorskip("gymkit_conformance")

from gymkit_conformance.certificate import certify
from gymkit_conformance.subject import Subject


def wrapper(module: str, name: str, **kwargs: object) -> WrapperSpec:
    """The spec of ``gymkit.wrappers.<module>.<name>(env, **kwargs)``."""
    return WrapperSpec(name, f"gymkit.wrappers.{module}:{name}", kwargs)


STACKS = {
    "CartPole-v1": (
        wrapper("action", "StickyAction", repeat_action_probability=0.25),
        wrapper("observation", "TimeAwareObservation"),
        wrapper("observation", "FrameStackObservation", stack_size=3),
        wrapper("observation", "DtypeObservation", dtype="float64"),
        wrapper("observation", "DelayObservation", delay=2),
        wrapper("reward", "ClipReward", min_reward=0.0, max_reward=0.5),
        wrapper("common", "RecordEpisodeStatistics"),
        wrapper("common", "Autoreset"),
    ),
    "Pendulum-v1": (
        wrapper("action", "RescaleAction", min_action=-1.0, max_action=1.0),
        wrapper("action", "ClipAction"),
        wrapper("observation", "RescaleObservation", min_obs=0.0, max_obs=1.0),
        wrapper("observation", "MaxAndSkipObservation", skip=2),
        wrapper("observation", "FlattenObservation"),
        wrapper("observation", "ReshapeObservation", shape=(3, 1)),
    ),
}


@pytest.mark.parametrize("env_id", sorted(STACKS))
def test_conformance_of_wrapped_env(env_id):
    try:
        base = gymkit.spec(env_id)
    except gymkit.error.UnregisteredEnv:
        pytest.skip(f"{env_id} is not registered (gymkit-classic not installed)")
    spec = base.replace(additional_wrappers=STACKS[env_id])
    certificate = certify(Subject(f"wrapped {env_id}", spec), examples=6, seed=1234)
    failures = [
        f"{c.name}: {c.verdict}: {c.message} {c.counterexample or ''}"
        for c in certificate.checks
        if c.verdict not in ("passed", "skipped")
    ]
    assert not failures, "\n".join(failures)
    skipped = {c.name for c in certificate.checks if c.verdict == "skipped"}
    assert {"step-contract", "determinism", "remake-from-spec", "invalid-action"}.isdisjoint(
        skipped
    )
