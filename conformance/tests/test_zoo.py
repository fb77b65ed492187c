"""The suite catches bugs: every broken env of the zoo is flagged by the check about its defect
(and only by it), and the correct envs pass every check."""

from __future__ import annotations

import re

import numpy as np
import pytest

from gymkit_conformance import zoo
from gymkit_conformance.certificate import certify
from gymkit_conformance.checks import CHECKS

EXAMPLES = 20
# Every defect is found within 8 examples at seed 0; each broken env runs every check (to show
# that no other check flags it), so this count sets most of the suite's time.
DEFECT_EXAMPLES = 12


@pytest.mark.parametrize(
    "env_class", sorted(zoo.BROKEN, key=lambda c: c.__name__), ids=lambda c: c.__name__
)
def test_each_defect_is_flagged_by_its_check(env_class: type) -> None:
    expected_check, phrase = zoo.BROKEN[env_class]
    certificate = certify(
        f"gymkit_conformance.zoo:{env_class.__name__}", examples=DEFECT_EXAMPLES, seed=0
    )
    assert not certificate.passed
    result = certificate.result(expected_check)
    assert result.verdict == "failed", f"{expected_check} did not flag {env_class.__name__}"
    assert phrase in (result.message or ""), result.message
    other_failures = [
        r.name for r in certificate.checks if r.verdict in ("failed", "error") and r is not result
    ]
    assert other_failures == [], f"one defect, yet also flagged by {other_failures}"


SEARCHED = [
    zoo.ObsOutsideSpace,
    zoo.NaNReward,
    zoo.SeedIgnored,
    zoo.GlobalRNG,
    zoo.WrongRenderShape,
]


@pytest.mark.parametrize("env_class", SEARCHED, ids=lambda c: c.__name__)
def test_failures_carry_a_shrunk_counterexample(env_class: type) -> None:
    expected_check, _ = zoo.BROKEN[env_class]
    certificate = certify(
        f"gymkit_conformance.zoo:{env_class.__name__}",
        examples=EXAMPLES,
        seed=1,
        checks=[expected_check],
    )
    result = certificate.result(expected_check)
    # Hypothesis shrinks the seed and the action prefix to the simplest failing input.
    assert result.counterexample is not None
    match = re.search(r"seed=(\d+)", result.counterexample)
    assert match is not None, result.counterexample
    assert int(match[1]) < 100, f"the seed was not shrunk: {result.counterexample}"


@pytest.mark.parametrize("name", ["NoisyWalk", "NoisyWalkBoxAction", "ReachPoint"])
def test_correct_envs_pass_every_check(name: str) -> None:
    certificate = certify(f"gymkit_conformance.zoo:{name}", examples=EXAMPLES, seed=2)
    failures = {r.name: r.message for r in certificate.checks if r.verdict != "passed"}
    if name != "ReachPoint":  # the goal-env check applies to goal envs only
        assert failures.pop("goal-env") == "not a gymkit.GoalEnv"
    assert failures == {}
    assert [r.name for r in certificate.checks] == [c.name for c in CHECKS]


def test_the_same_seed_gives_the_same_counterexample() -> None:
    runs = [
        certify("gymkit_conformance.zoo:ObsOutsideSpace", examples=EXAMPLES, seed=5)
        .result("step-contract")
        .counterexample
        for _ in range(2)
    ]
    assert runs[0] == runs[1]


def test_a_nondeterministic_spec_skips_the_determinism_checks() -> None:
    from gymkit.registration import EnvSpec
    from gymkit_conformance.subject import Subject

    spec = EnvSpec(
        "NondeterministicStep-v0",
        entry_point="gymkit_conformance.zoo:NondeterministicStep",
        nondeterministic=True,
    )
    certificate = certify(Subject("declared", spec), examples=EXAMPLES, seed=0)
    assert certificate.result("determinism").verdict == "skipped"
    assert "nondeterministic" in certificate.result("determinism").message
    assert certificate.passed


def test_a_counterexample_prints_the_played_tail_which_replays_the_failure() -> None:
    import ast

    from gymkit_conformance.subject import resolve_target

    result = certify(
        "gymkit_conformance.zoo:NaNReward", examples=EXAMPLES, seed=3, checks=["step-contract"]
    ).result("step-contract")
    text = result.counterexample or ""
    match = re.fullmatch(
        r"reset\(seed=(\d+)\), then the actions (\[.*?\]) followed by the seeded random tail "
        r"(\[.*?\]) \(what the failing run played.*",
        text,
    )
    assert match is not None, text
    seed, prefix, tail = int(match[1]), ast.literal_eval(match[2]), ast.literal_eval(match[3])
    assert tail, "the tail is printed, not just announced"
    env = resolve_target("gymkit_conformance.zoo:NaNReward").make()  # replay it by hand
    env.reset(seed=seed)
    rewards = [env.step(action)[1] for action in prefix + tail]
    assert rewards[-1] != rewards[-1], "the last printed action is the one that failed (NaN)"
    assert all(r == r for r in rewards[:-1])


@pytest.mark.parametrize(
    ("env_class", "culprit"),
    [
        (zoo.RenderConsumesRNG, "render()"),
        (zoo.GetterMutatesState, "reading the spaces, spec, metadata and render_mode"),
        (zoo.CloseTearsDownSharedEngine, "closing another instance"),
    ],
    ids=["render", "attributes", "close"],
)
def test_passive_calls_blames_only_the_call_that_changed_the_dynamics(
    env_class: type, culprit: str
) -> None:
    result = certify(
        f"gymkit_conformance.zoo:{env_class.__name__}",
        examples=10,
        seed=4,
        checks=["passive-calls"],
    ).result("passive-calls")
    assert result.verdict == "failed"
    blamed = (result.message or "").split(": ", 1)[1].split(" — ")[0]
    assert blamed == culprit, result.message


@pytest.mark.parametrize(
    ("env_class", "blamed"),
    [(zoo.ObservationIsStateView, "observations"), (zoo.KeepsActionReference, "actions")],
    ids=["observation", "action"],
)
def test_no_shared_buffers_blames_what_the_env_kept(env_class: type, blamed: str) -> None:
    result = certify(
        f"gymkit_conformance.zoo:{env_class.__name__}",
        examples=10,
        seed=4,
        checks=["no-shared-buffers"],
    ).result("no-shared-buffers")
    assert f"the caller overwrote the {blamed} it exchanged" in (result.message or "")


def test_the_existing_checks_no_longer_compare_a_reused_buffer_with_itself() -> None:
    """Rollout records are snapshots: an env reusing one buffer used to make every record of a
    run the same object, so comparing two runs compared the buffer with itself."""
    from gymkit_conformance.checks import _rollout
    from gymkit_conformance.subject import resolve_target

    env = resolve_target("gymkit_conformance.zoo:ReusesObservationBuffer").make()
    records = _rollout(env, 0, [], 10)
    observations = [r[1] for r in records]
    assert len({id(o) for o in observations}) == len(observations)
    assert not all(np.array_equal(observations[0], o) for o in observations[1:])


def test_a_long_rollout_runs_three_time_limits_within_the_cap() -> None:
    from gymkit.registration import EnvSpec
    from gymkit_conformance.checks import LONG_ROLLOUT_CAP, long_rollout_steps
    from gymkit_conformance.subject import Subject

    def steps(limit: int | None) -> int:
        spec = EnvSpec(
            "W-v0", entry_point="gymkit_conformance.zoo:NoisyWalk", max_episode_steps=limit
        )
        return long_rollout_steps(Subject("w", spec))

    assert steps(200) == 600
    assert steps(None) == steps(10**6) == LONG_ROLLOUT_CAP
