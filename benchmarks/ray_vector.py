"""The "ray" vectorization mode (gymkit-ray) on a local 2-CPU Ray cluster.

Measured only where Ray and gymkit-ray are installed (``nox -s bench_ray`` or ``nox -s bench``
with gymkit-ray); elsewhere every case reads "not measured".

- ``ray CartPole 2x256``: 2 actors x 256 native CartPole envs against the same 512 envs native
  in this process: the overhead ratio of going through Ray on one machine;
- ``ray busy 2x4``: 2 actors x 4 busy envs (:mod:`benchmarks.busy`) against ``async`` x 8;
- ``ray round trip``: ms per lock step of 2 actors x 1 CartPole against ``async`` x 2;
- ``ray cost model …``: per-step time ``t(K) = fixed + K * per_env`` of 2 actors x K native
  CartPole envs, in two regimes: replies under Ray's 100 KiB inline limit (fitted on K = 1,
  512, 2048, checked at 1024) and through the object store (fitted on K = 4096, 16384, checked
  at 8192). Reported: the inline regime's fixed round trip (ms), the object-store regime's
  per-env cost (µs) and the worst prediction error at the check points (%).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import batched_variant, require
from benchmarks.harness import Case, Unavailable, Variant

REPO = Path(__file__).resolve().parents[1]
CLUSTER_CPUS = 2
# Two regimes: a step's reply (16 B of observation, 8 B of reward, 2 B of flags per env) comes
# back inline with Ray's answer below 100 KiB (K < ~3900), through the object store above.
INLINE_FIT, INLINE_CHECK = (1, 512, 2048), (1024,)
STORE_FIT, STORE_CHECK = (4096, 16384), (8192,)
FIT_KS = INLINE_FIT + STORE_FIT
CHECK_KS = INLINE_CHECK + STORE_CHECK
_state: dict[str, Any] = {"sweep": None}


def _ray() -> Any:
    """Ray, connected to a local 2-CPU cluster started here once (shut down at exit)."""
    ray = require("ray")
    require("gymkit_ray")
    if not ray.is_initialized():
        # actors import benchmarks.busy: the cluster's workers inherit this path
        paths = [str(REPO), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
        os.environ["PYTHONPATH"] = os.pathsep.join(paths)
        for attempt in range(3):  # a loaded machine can miss Ray's start-up deadline
            try:
                ray.init(
                    num_cpus=CLUSTER_CPUS,
                    include_dashboard=False,
                    logging_level="ERROR",
                    log_to_driver=False,
                )
                break
            except Exception:
                with contextlib.suppress(Exception):
                    ray.shutdown()
                if attempt == 2:
                    raise
        atexit.register(_shutdown)
    return ray


def _shutdown() -> None:
    sweep = _state.pop("sweep", None)
    if sweep:
        for env in sweep.values():
            with contextlib.suppress(Exception):
                env.close()
    with contextlib.suppress(Exception):
        import ray

        ray.shutdown()


def _ray_vec(env_id: str, workers: int, per_worker: int, cpus: float = 1.0, **kw: Any) -> Any:
    import gymkit

    _ray()
    return gymkit.make_vec(
        env_id,
        workers * per_worker,
        vectorization_mode="ray",
        vector_kwargs={"envs_per_worker": per_worker, "num_cpus_per_worker": cpus, **kw},
    )


def _actions(num_envs: int, steps: int) -> np.ndarray:
    return np.random.default_rng(0).integers(0, 2, size=(steps, num_envs))


def _ms_per_step(env: Any, steps: int) -> float:
    """Milliseconds per lock step of ``env`` over ``steps`` steps (after a seeded reset)."""
    actions = _actions(env.num_envs, steps)
    env.reset(seed=0)
    step = env.step
    start = time.perf_counter()
    for batch in actions:
        step(batch)
    return (time.perf_counter() - start) * 1000.0 / steps


def cartpole_overhead(quick: bool) -> list[Variant]:
    import gymkit

    ray_env = _ray_vec("CartPole-v1", 2, 256)
    local = gymkit.make_vec("CartPole-v1", 512, vectorization_mode="native")
    actions = _actions(512, 50 if quick else 300)
    return [
        batched_variant("gymkit-ray-2x256", ray_env, actions),
        batched_variant("gymkit-native-512", local, actions),
    ]


def _register_busy() -> str:
    import gymkit

    env_id = "bench/Busy-v0"
    if env_id not in gymkit.registry:
        gymkit.register(env_id, "benchmarks.busy:make_gymkit_busy", kwargs={"work": 20_000})
    return env_id


def busy_against_async(quick: bool) -> list[Variant]:
    import gymkit

    env_id = _register_busy()
    ray_env = _ray_vec(env_id, 2, 4)
    async_env = gymkit.make_vec(env_id, 8, vectorization_mode="async")
    actions = _actions(8, 10 if quick else 40)
    return [
        batched_variant("gymkit-ray-2x4", ray_env, actions),
        batched_variant("gymkit-async-x8", async_env, actions),
    ]


def round_trip(quick: bool) -> list[Variant]:
    import gymkit

    ray_env = _ray_vec("CartPole-v1", 2, 1)
    async_env = gymkit.make_vec("CartPole-v1", 2, vectorization_mode="async")
    steps = 100 if quick else 500
    return [
        Variant("gymkit-ray-2x1", functools.partial(_ms_per_step, ray_env, steps), ray_env.close),
        Variant(
            "gymkit-async-x2", functools.partial(_ms_per_step, async_env, steps), async_env.close
        ),
    ]


# ----------------------------------------------------------------------------- the cost model
def sweep_envs() -> dict[int, Any]:
    """2 actors x K native CartPole envs for every K of the model, built once and kept.

    Each actor reserves 0.1 CPU so that all of them fit on the 2 CPUs at once; only one pair
    steps at a time, so each pair has both cores.
    """
    if _state.get("sweep") is None:
        _state["sweep"] = {k: _ray_vec("CartPole-v1", 2, k, cpus=0.1) for k in FIT_KS + CHECK_KS}
    return _state["sweep"]  # type: ignore[no-any-return]


def fit_cost_model(times: dict[int, float]) -> tuple[float, float]:
    """Least-squares ``(fixed_ms, per_env_ms)`` of ``t(K) = fixed + K * per_env`` over the
    measured ``{K: ms per step}``."""
    ks = np.array(sorted(times), dtype=np.float64)
    ts = np.array([times[int(k)] for k in ks])
    per_env, fixed = np.polyfit(ks, ts, 1)
    return float(fixed), float(per_env)


def measure_sweep(steps: int, rounds: int = 5) -> dict[int, float]:
    """ms per step at every K of the model: the median of ``rounds`` interleaved passes over
    the Ks of ``steps`` steps each, so a slow moment of a shared machine hits every K alike."""
    envs = sweep_envs()
    taken: dict[int, list[float]] = {k: [] for k in envs}
    for _ in range(rounds):
        for k, env in envs.items():
            taken[k].append(_ms_per_step(env, steps))
    return {k: float(np.median(values)) for k, values in taken.items()}


def fit_regimes(times: dict[int, float]) -> dict[str, tuple[float, float]]:
    """``{"inline": (fixed_ms, per_env_ms), "store": (...)}`` fitted on each regime's Ks."""
    return {
        "inline": fit_cost_model({k: times[k] for k in INLINE_FIT}),
        "store": fit_cost_model({k: times[k] for k in STORE_FIT}),
    }


def _model_figure(what: str, steps: int) -> float:
    times = measure_sweep(steps)
    model = fit_regimes(times)
    if what == "fixed":
        return model["inline"][0]
    if what == "per-env":
        return model["store"][1] * 1000.0  # µs
    errors = []
    for regime, checks in (("inline", INLINE_CHECK), ("store", STORE_CHECK)):
        fixed, per_env = model[regime]
        errors += [abs(fixed + per_env * k - times[k]) / times[k] * 100.0 for k in checks]
    return max(errors)


def cost_model(what: str) -> Any:
    def build(quick: bool) -> list[Variant]:
        try:
            sweep_envs()
        except Unavailable:
            raise
        steps = 10 if quick else 20
        teardown = _shutdown if what == "error" else None  # the last Ray case frees the cluster
        return [Variant("gymkit-ray-2xK", functools.partial(_model_figure, what, steps), teardown)]

    return build


def cases() -> list[Case]:
    """The Ray cases (not measured where Ray or gymkit-ray is missing)."""
    return [
        Case(
            "ray CartPole 2x256",
            "ray",
            "steps/s",
            True,
            cartpole_overhead,
            "2 Ray actors x 256 native CartPole (local 2-CPU cluster) vs the 512 native here",
        ),
        Case(
            "ray busy 2x4",
            "ray",
            "steps/s",
            True,
            busy_against_async,
            "2 Ray actors x 4 busy envs (sync inside) vs async x 8 processes",
        ),
        Case(
            "ray round trip",
            "ray",
            "ms/step",
            False,
            round_trip,
            "one lock step of 2 actors x 1 CartPole vs async x 2",
        ),
        Case(
            "ray cost model fixed",
            "ray",
            "ms",
            False,
            cost_model("fixed"),
            f"fitted fixed per-step cost of 2 actors, replies inline (K={INLINE_FIT})",
        ),
        Case(
            "ray cost model per-env",
            "ray",
            "µs/env",
            False,
            cost_model("per-env"),
            f"fitted per-env cost of a step, replies via the object store (K={STORE_FIT})",
        ),
        Case(
            "ray cost model error",
            "ray",
            "%",
            False,
            cost_model("error"),
            f"worst |predicted - measured| / measured at K={CHECK_KS}",
        ),
    ]
