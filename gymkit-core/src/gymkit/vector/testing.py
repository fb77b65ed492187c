"""Check a vector env against independent single envs (for tests of vector envs, including
third-party native ones).

:func:`reference_rollout` computes, from ``N`` single envs seeded ``seed + i``, what a vector env
must return in a given autoreset mode; :func:`check_vector_rollout` drives a vector env through
the same actions and asserts every output matches (observations and rewards to ``rtol``/``atol``,
termination and truncation flags exactly, ``final_obs`` for ``same_step``, masked resets for
``disabled``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from gymkit.core import Env

__all__ = ["check_vector_rollout", "reference_rollout"]


def reference_rollout(
    env_fns: Sequence[Callable[[], Env[Any, Any]]],
    seed: int,
    actions: Sequence[Any],
    mode: str,
    reset_options: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """What a vector env of ``env_fns`` must return, computed from independent single envs.

    Sub-env ``i`` is reset with ``seed + i``; ``actions`` is a list of per-step lists (one action
    per env). Returns one record per call (the reset first): ``obs`` (list), and for steps
    ``rewards``, ``terminations``, ``truncations``, ``final_obs`` (``{i: obs}`` for SAME_STEP) and
    ``reset_mask`` (DISABLED: the envs the test must reset with ``reset_mask`` after the step, with
    ``mask_obs`` the observations that reset returns).
    """
    envs = [fn() for fn in env_fns]
    n = len(envs)
    records = [
        {"obs": [env.reset(seed=seed + i, options=reset_options)[0] for i, env in enumerate(envs)]}
    ]
    pending = [False] * n
    for step_actions in actions:
        rec: dict[str, Any] = {
            "obs": [None] * n,
            "rewards": [0.0] * n,
            "terminations": [False] * n,
            "truncations": [False] * n,
            "final_obs": {},
            "reset_mask": [False] * n,
            "mask_obs": {},
        }
        for i, (env, action) in enumerate(zip(envs, step_actions)):
            if mode == "next_step" and pending[i]:
                rec["obs"][i] = env.reset()[0]
                pending[i] = False
                continue
            obs, reward, terminated, truncated, _ = env.step(action)
            rec["rewards"][i] = float(reward)
            rec["terminations"][i] = bool(terminated)
            rec["truncations"][i] = bool(truncated)
            done = terminated or truncated
            if mode == "next_step":
                pending[i] = done
            elif mode == "same_step" and done:
                rec["final_obs"][i] = obs
                obs = env.reset()[0]
            elif mode == "disabled" and done:
                rec["reset_mask"][i] = True
                rec["mask_obs"][i] = env.reset()[0]
            rec["obs"][i] = obs
        records.append(rec)
    for env in envs:
        env.close()
    return records


def check_vector_rollout(
    vector_env: Any,
    env_fns: Sequence[Callable[[], Env[Any, Any]]],
    seed: int,
    actions: Sequence[Any],
    mode: str,
    reset_options: dict[str, Any] | None = None,
    rtol: float = 1e-6,
    atol: float = 1e-7,
) -> int:
    """Run ``vector_env`` through ``actions`` and compare every output with the reference
    rollout; returns the number of episode ends seen (so tests can assert they saw some)."""
    reference = reference_rollout(env_fns, seed, actions, mode, reset_options)
    obs, _ = vector_env.reset(seed=seed, options=reset_options)
    np.testing.assert_allclose(obs, np.stack(reference[0]["obs"]), rtol=rtol, atol=atol)
    ends = 0
    for t, (step_actions, rec) in enumerate(zip(actions, reference[1:])):
        batch = np.asarray(step_actions)
        obs, rewards, terminations, truncations, infos = vector_env.step(batch)
        where = f"step {t} ({mode})"
        np.testing.assert_array_equal(terminations, rec["terminations"], err_msg=where)
        np.testing.assert_array_equal(truncations, rec["truncations"], err_msg=where)
        np.testing.assert_allclose(rewards, rec["rewards"], rtol=rtol, atol=atol, err_msg=where)
        np.testing.assert_allclose(obs, np.stack(rec["obs"]), rtol=rtol, atol=atol, err_msg=where)
        ends += int(np.sum(np.logical_or(terminations, truncations)))
        if mode == "same_step":
            ended = sorted(rec["final_obs"])
            if ended:
                assert np.flatnonzero(infos["_final_obs"]).tolist() == ended, where
                for i in ended:
                    np.testing.assert_allclose(
                        infos["final_obs"][i], rec["final_obs"][i], rtol=rtol, atol=atol
                    )
            else:
                assert "final_obs" not in infos or not infos["_final_obs"].any(), where
        if mode == "disabled" and any(rec["reset_mask"]):
            mask = np.array(rec["reset_mask"])
            obs, _ = vector_env.reset(options={"reset_mask": mask})
            for i in np.flatnonzero(mask):
                np.testing.assert_allclose(obs[i], rec["mask_obs"][i], rtol=rtol, atol=atol)
    return ends
