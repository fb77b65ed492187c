"""Sync-vs-bare-loop: both sides do the same work for the same count of steps (issue 20 #18).

SyncVectorEnv's default next-step autoreset spends a counted step on the reset of an env whose
episode ended; the bare loop must count the same way, or it does one more ``env.step`` per
episode than the vector env and the two rates measure different work. Counted here by a
wrapper on every sub-env (no timing)."""

from __future__ import annotations

from typing import Any

import numpy as np

import gymkit
from benchmarks.cases import _bare_loop_steps_per_s, _batched_actions
from benchmarks.common import batched_steps_per_s

NUM_ENVS = 8
STEPS = 300  # CartPole episodes under random actions last ~20 steps: many resets


class Counting(gymkit.Wrapper):
    """Counts the ``step`` and ``reset`` calls reaching the env."""

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        self.steps = 0
        self.resets = 0

    def step(self, action: Any) -> Any:
        self.steps += 1
        return self.env.step(action)

    def reset(self, **kwargs: Any) -> Any:
        self.resets += 1
        return self.env.reset(**kwargs)


def test_bare_loop_and_sync_do_the_same_work_and_return_the_same_batch() -> None:
    actions = _batched_actions(NUM_ENVS, STEPS)

    bare = [Counting(gymkit.make("CartPole-v1")) for _ in range(NUM_ENVS)]
    out = np.zeros((NUM_ENVS, 4), dtype=np.float32)
    _bare_loop_steps_per_s(bare, actions, out)

    subs: list[Counting] = []

    def make() -> Counting:
        subs.append(Counting(gymkit.make("CartPole-v1")))
        return subs[-1]

    vec = gymkit.vector.SyncVectorEnv([make] * NUM_ENVS)
    batched_steps_per_s(vec, actions)
    assert len(subs) == NUM_ENVS

    assert sum(env.resets for env in bare) > 2 * NUM_ENVS, "the test needs episodes to end"
    for i in range(NUM_ENVS):
        assert (bare[i].steps, bare[i].resets) == (subs[i].steps, subs[i].resets), f"sub-env {i}"
    # Same work, same result: the bare loop's last batch is the vector env's last observation.
    check = gymkit.make_vec("CartPole-v1", num_envs=NUM_ENVS, vectorization_mode="sync")
    check.reset(seed=0)
    for batch in actions:
        obs = check.step(batch)[0]
    np.testing.assert_array_equal(out, obs)
