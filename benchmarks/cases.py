"""The benchmark cases: what is measured, against which peer, in which unit.

Peers are imported lazily; a peer that is not installed makes its variant (or the case)
"unavailable", which the report shows instead of failing the run.
"""

from __future__ import annotations

import functools
import importlib
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.harness import Case, Unavailable, Variant

ROOT = Path(__file__).resolve().parent.parent

CLASSIC_CONTROL = [
    "CartPole-v1",
    "MountainCar-v0",
    "MountainCarContinuous-v0",
    "Acrobot-v1",
    "Pendulum-v1",
]
TOY_TEXT = ["FrozenLake-v1", "Taxi-v3", "CliffWalking-v0", "Blackjack-v1"]
ALGORITHMIC = ["Copy-v0", "Reverse-v0", "ReversedAddition-v0"]


def _require(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise Unavailable(f"{module} is not installed ({exc})") from None


# --------------------------------------------------------------------------- subprocess cases
def _child_env() -> dict[str, str]:
    """The environment of a measured subprocess: like a normal install's.

    Bytecode caches stay on (``PYTHONDONTWRITEBYTECODE`` is dropped, as dev shells often set
    it), so startup figures include reading ``.pyc`` files, not recompiling every module.
    """
    drop = ("PYTHONWARNINGS", "PYTHONDONTWRITEBYTECODE")
    return {k: v for k, v in os.environ.items() if k not in drop}


def _python(code: str) -> subprocess.CompletedProcess[str]:
    env = _child_env()
    env["PYTHONWARNINGS"] = "ignore"
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, check=False
    )


_IMPORTTIME = re.compile(r"import time:\s+\d+\s+\|\s+(\d+)\s+\|\s*(\S+)\s*$")


def _import_ms(package: str) -> float:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {package}"],
        capture_output=True,
        text=True,
        env=_child_env(),
        cwd=ROOT,
        check=False,
    )
    if proc.returncode != 0:
        raise Unavailable(proc.stderr.strip().splitlines()[-1])
    for line in proc.stderr.splitlines():
        m = _IMPORTTIME.match(line)
        if m and m.group(2) == package:
            return int(m.group(1)) / 1000.0
    raise Unavailable(f"no import-time line for {package}")


def import_time(quick: bool) -> list[Variant]:
    _require("gymnasium")
    return [Variant(pkg, functools.partial(_import_ms, pkg)) for pkg in ("gymkit", "gymnasium")]


_FIRST_MAKE = """
import json, time, warnings
warnings.simplefilter("ignore")
{preload}
t0 = time.perf_counter()
import {pkg}
t1 = time.perf_counter()
env = {pkg}.make("CartPole-v1")
t2 = time.perf_counter()
print(json.dumps({{"import": t1 - t0, "make": t2 - t1}}))
"""


def _first_make_ms(pkg: str, part: str, preload_numpy: bool) -> float:
    code = _FIRST_MAKE.format(pkg=pkg, preload="import numpy" if preload_numpy else "")
    proc = _python(code)
    if proc.returncode != 0:
        raise Unavailable(proc.stderr.strip().splitlines()[-1])
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    return 1000.0 * (data["make"] if part == "make" else data["import"] + data["make"])


def first_make(quick: bool) -> list[Variant]:
    """First ``make`` after import (plugin discovery, env import), NumPy already loaded."""
    _require("gymnasium")
    return [
        Variant(pkg, functools.partial(_first_make_ms, pkg, "make", True))
        for pkg in ("gymkit", "gymnasium")
    ]


def cold_import_and_make(quick: bool) -> list[Variant]:
    """``import X; X.make("CartPole-v1")`` in a fresh interpreter, NumPy not yet loaded."""
    _require("gymnasium")
    return [
        Variant(pkg, functools.partial(_first_make_ms, pkg, "total", False))
        for pkg in ("gymkit", "gymnasium")
    ]


# --------------------------------------------------------------------------- single env
def _single_steps_per_s(env: Any, actions: list[Any]) -> float:
    step, reset = env.step, env.reset
    reset(seed=0)
    start = time.perf_counter()
    for action in actions:
        _, _, terminated, truncated, _ = step(action)
        if terminated or truncated:
            reset()
    return len(actions) / (time.perf_counter() - start)


def _actions(space: Any, n: int) -> list[Any]:
    space.seed(0)
    return [space.sample() for _ in range(n)]


def _refuse(reason: str) -> float:
    raise Unavailable(reason)


def single_env(env_id: str, peers: tuple[str, ...] = ("gymnasium",)) -> Callable[[bool], list]:
    def build(quick: bool) -> list[Variant]:
        n = 20_000 if quick else 100_000
        variants = []
        for pkg in ("gymkit", *peers):
            try:
                module = _require(pkg)
            except Unavailable:
                if pkg == "gymkit":
                    raise
                continue
            try:
                env = module.make(env_id)
            except Exception as exc:  # a peer that refuses the id is reported, not fatal
                if pkg == "gymkit":
                    raise
                reason = f"{pkg}.make({env_id!r}): {type(exc).__name__}: {exc}"
                variants.append(Variant(pkg, functools.partial(_refuse, reason)))
                continue
            actions = _actions(env.action_space, n)
            variants.append(
                Variant(
                    pkg, functools.partial(_single_steps_per_s, env, actions), teardown=env.close
                )
            )
        return variants

    return build


# --------------------------------------------------------------------------- vector envs
def _batched_actions(num_envs: int, steps: int, n_actions: int = 2) -> np.ndarray:
    rng = np.random.default_rng(0)
    return rng.integers(0, n_actions, size=(steps, num_envs))


def native_vector(num_envs: int) -> Callable[[bool], list[Variant]]:
    def build(quick: bool) -> list[Variant]:
        total = 100_000 if quick else 1_000_000
        steps = max(50, total // num_envs)
        actions = _batched_actions(num_envs, steps)
        gymkit = _require("gymkit")
        variants = []
        env = gymkit.make_vec("CartPole-v1", num_envs=num_envs, vectorization_mode="native")
        variants.append(batched_variant("gymkit", env, actions))
        try:
            gymnasium = _require("gymnasium")
            peer = gymnasium.make_vec(
                "CartPole-v1", num_envs=num_envs, vectorization_mode="vector_entry_point"
            )
            variants.append(batched_variant("gymnasium", peer, actions))
        except Unavailable:
            pass
        try:
            envpool = _require("envpool")
            pool = envpool.make("CartPole-v1", env_type="gymnasium", num_envs=num_envs)
            pool_actions = actions.astype(np.int32)
            variants.append(batched_variant("envpool", pool, pool_actions, seeded=False))
        except Unavailable:
            pass
        return variants

    return build


def _batched_steps_per_s(env: Any, actions: np.ndarray, seeded: bool = True) -> float:
    """Steps/s of a batched env over ``actions`` (T x N); ``seeded=False`` for EnvPool, whose
    ``reset`` takes no seed."""
    if seeded:
        env.reset(seed=0)
    else:
        env.reset()
    step = env.step
    start = time.perf_counter()
    for batch in actions:
        step(batch)
    return actions.shape[0] * actions.shape[1] / (time.perf_counter() - start)


def batched_variant(name: str, env: Any, actions: np.ndarray, seeded: bool = True) -> Variant:
    """A variant timing ``env`` (a batched env, closed at teardown) over ``actions`` with
    :func:`_batched_steps_per_s`."""
    return Variant(
        name, functools.partial(_batched_steps_per_s, env, actions, seeded), teardown=env.close
    )


def _bare_loop_steps_per_s(envs: list[Any], actions: np.ndarray, out: np.ndarray) -> float:
    """The loop a user would write instead of SyncVectorEnv, doing the same work for the
    caller: step each env, reset an env whose episode ended, and collect observations into a
    batch array and rewards and flags into arrays (what the vector env returns)."""
    num_envs = len(envs)
    rewards = np.zeros(num_envs)
    terminations = np.zeros(num_envs, dtype=np.bool_)
    truncations = np.zeros(num_envs, dtype=np.bool_)
    for i, env in enumerate(envs):
        env.reset(seed=i)
    start = time.perf_counter()
    for batch in actions:
        for i, env in enumerate(envs):
            obs, rewards[i], terminated, truncated, _ = env.step(int(batch[i]))
            terminations[i] = terminated
            truncations[i] = truncated
            if terminated or truncated:
                obs, _ = env.reset()
            out[i] = obs
    return actions.shape[0] * actions.shape[1] / (time.perf_counter() - start)


def sync_overhead(quick: bool) -> list[Variant]:
    """SyncVectorEnv x8 against a bare Python loop over the same 8 made envs."""
    gymkit = _require("gymkit")
    num_envs = 8
    steps = 2_000 if quick else 10_000
    actions = _batched_actions(num_envs, steps)
    envs = [gymkit.make("CartPole-v1") for _ in range(num_envs)]
    out = np.zeros((num_envs, 4), dtype=np.float32)
    vec = gymkit.make_vec("CartPole-v1", num_envs=num_envs, vectorization_mode="sync")
    variants = [
        batched_variant("gymkit-sync", vec, actions),
        Variant("bare-loop", functools.partial(_bare_loop_steps_per_s, envs, actions, out)),
    ]
    try:
        gymnasium = _require("gymnasium")
        peer = gymnasium.make_vec("CartPole-v1", num_envs=num_envs, vectorization_mode="sync")
        variants.append(batched_variant("gymnasium-sync", peer, actions))
    except Unavailable:
        pass
    return variants


def _alternating_seconds(env: Any, steps: int) -> float:
    """Seconds to step ``env`` ``steps`` times with actions 0, 1, 0, … (reset on episode end)."""
    env.reset(seed=0)
    start = time.perf_counter()
    for t in range(steps):
        _, _, terminated, truncated, _ = env.step(t % 2)
        if terminated or truncated:
            env.reset()
    return time.perf_counter() - start


def _single_busy_steps_per_s(env: Any, steps: int) -> float:
    return steps / _alternating_seconds(env, steps)


def _busy_steps(work: int, steps: int) -> float:
    """Run ``steps`` steps of a gymkit BusyEnv; the seconds it took (in a pool process)."""
    from benchmarks import busy

    return _alternating_seconds(busy.make_gymkit_busy(work), steps)


def _two_process_steps_per_s(pool: Any, work: int, steps: int) -> float:
    """Two processes stepping their own BusyEnv independently (no lock step, no vector env):
    what the two cores give at best right now, the ceiling of any 2-worker vector env."""
    start = time.perf_counter()
    pool.starmap(_busy_steps, [(work, steps), (work, steps)])
    return 2 * steps / (time.perf_counter() - start)


def _lock_step_worker(sync: Any, flags: Any, index: int, work: int, steps: int, out: Any) -> None:
    """Step a BusyEnv ``steps`` times, waiting for the other process after every step: on
    ``sync`` (a Barrier: both sleep until the last arrives) or, with ``sync=None``, by spinning
    on the shared step counters ``flags`` (nobody sleeps)."""
    from benchmarks import busy

    env = busy.make_gymkit_busy(work)
    env.reset(seed=0)
    if sync is not None:
        sync.wait()
    start = time.perf_counter()
    for t in range(steps):
        _, _, terminated, truncated, _ = env.step(t % 2)
        if terminated or truncated:
            env.reset()
        if sync is not None:
            sync.wait()
        else:
            flags[index] = t + 1
            while flags[1 - index] <= t:
                pass
    out[index] = time.perf_counter() - start


def _lock_step_steps_per_s(work: int, steps: int, spin: bool) -> float:
    """Two bare processes stepping a BusyEnv each in lock step (no vector env, no pipes): the
    ceiling of any lock-step 2-worker vector env, with sleeping (Barrier) or spinning sync."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    sync = None if spin else ctx.Barrier(2)
    flags = ctx.RawArray("q", 2)
    out = ctx.RawArray("d", 2)
    procs = [
        ctx.Process(target=_lock_step_worker, args=(sync, flags, i, work, steps, out))
        for i in range(2)
    ]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=600)
        if proc.exitcode != 0:
            raise RuntimeError(f"lock-step process exited with {proc.exitcode}")
    return 2 * steps / max(out[:])


def async_speedup(env_id: str | None) -> Callable[[bool], list[Variant]]:
    """Async x2 against one env on a CPU-heavy env; Gymnasium's async against its sync; for the
    busy env also this machine's ceilings at the time of the run: two free processes, and two
    bare processes in lock step (sleeping on a Barrier, or spinning)."""

    def build(quick: bool) -> list[Variant]:
        gymkit = _require("gymkit")
        from benchmarks import busy

        steps = 200 if quick else 1_000
        if env_id is None:
            gk_fn = functools.partial(busy.make_gymkit_busy, 20_000)
            gk_async = gymkit.vector.AsyncVectorEnv([gk_fn, gk_fn])
            gk_single = gk_fn()
        else:
            steps *= 10
            gk_async = gymkit.make_vec(env_id, num_envs=2, vectorization_mode="async")
            gk_single = gymkit.make(env_id)
        actions = np.array([[t % 2, (t + 1) % 2] for t in range(steps)])
        variants = [
            batched_variant("gymkit-async-x2", gk_async, actions),
            Variant(
                "gymkit-single", functools.partial(_single_busy_steps_per_s, gk_single, steps * 2)
            ),
        ]
        try:
            gymnasium = _require("gymnasium")
            if env_id is None:
                gn_fn = functools.partial(busy.make_gymnasium_busy, 20_000)
                gn_async = gymnasium.vector.AsyncVectorEnv([gn_fn, gn_fn])
                gn_sync = gymnasium.vector.SyncVectorEnv([gn_fn, gn_fn])
            else:
                gn_async = gymnasium.make_vec(env_id, num_envs=2, vectorization_mode="async")
                gn_sync = gymnasium.make_vec(env_id, num_envs=2, vectorization_mode="sync")
            variants += [
                batched_variant("gymnasium-async-x2", gn_async, actions),
                batched_variant("gymnasium-sync-x2", gn_sync, actions),
            ]
        except Unavailable:
            pass
        if env_id is None:
            import multiprocessing

            pool = multiprocessing.get_context("fork").Pool(2)
            variants += [
                Variant(
                    "two-processes-ceiling",
                    functools.partial(_two_process_steps_per_s, pool, 20_000, steps),
                    teardown=pool.terminate,
                ),
                Variant(
                    "lock-step-ceiling",
                    functools.partial(_lock_step_steps_per_s, 20_000, steps, False),
                ),
                Variant(
                    "spin-lock-step-ceiling",
                    functools.partial(_lock_step_steps_per_s, 20_000, steps, True),
                ),
            ]
        return variants

    return build


def async_oversubscribed(quick: bool) -> list[Variant]:
    """Four busy workers on this machine's cores: plain, capped by ``max_concurrency`` at the
    core count, Gymnasium's async x4, and one env for scale."""
    gymkit = _require("gymkit")
    from benchmarks import busy

    steps = 100 if quick else 500
    fn = functools.partial(busy.make_gymkit_busy, 20_000)
    cores = os.cpu_count() or 2
    plain = gymkit.vector.AsyncVectorEnv([fn] * 4)
    capped = gymkit.vector.AsyncVectorEnv([fn] * 4, max_concurrency=cores)
    actions = np.array([[(t + i) % 2 for i in range(4)] for t in range(steps)])
    variants = [
        batched_variant("gymkit-async-x4", plain, actions),
        batched_variant(f"gymkit-async-x4-max{cores}", capped, actions),
        Variant("gymkit-single", functools.partial(_single_busy_steps_per_s, fn(), steps * 4)),
    ]
    try:
        gymnasium = _require("gymnasium")
        gn_fn = functools.partial(busy.make_gymnasium_busy, 20_000)
        gn_async = gymnasium.vector.AsyncVectorEnv([gn_fn] * 4)
        variants.append(batched_variant("gymnasium-async-x4", gn_async, actions))
    except Unavailable:
        pass
    return variants


# --------------------------------------------------------------------------- conformance
def _certify_seconds(env_id: str) -> float:
    script = Path(sys.executable).with_name("gymkit-conformance")
    if not script.exists():
        raise Unavailable("gymkit-conformance is not installed")
    start = time.perf_counter()
    proc = subprocess.run(
        [str(script), "check", env_id], capture_output=True, text=True, cwd=ROOT, check=False
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"certification failed: {(proc.stdout + proc.stderr)[-400:]}")
    return elapsed


def certification(quick: bool) -> list[Variant]:
    return [Variant("gymkit", functools.partial(_certify_seconds, "CartPole-v1"))]


# --------------------------------------------------------------------------- the catalogue
def all_cases() -> list[Case]:
    cases = [
        Case(
            "import",
            "startup",
            "ms",
            False,
            import_time,
            "cumulative `-X importtime` of the top-level package, fresh interpreter",
        ),
        Case(
            "first-make",
            "startup",
            "ms",
            False,
            first_make,
            "first make('CartPole-v1') after import, NumPy preloaded, all plugins installed",
        ),
        Case(
            "import+first-make",
            "startup",
            "ms",
            False,
            cold_import_and_make,
            "import and first make in a fresh interpreter, NumPy not preloaded",
        ),
    ]
    for env_id in CLASSIC_CONTROL + TOY_TEXT:
        cases.append(
            Case(
                f"step {env_id}",
                "single-env",
                "steps/s",
                True,
                single_env(env_id),
                "random actions through make(), reset on episode end",
            )
        )
    for env_id in ALGORITHMIC:
        cases.append(
            Case(
                f"step {env_id}",
                "single-env",
                "steps/s",
                True,
                single_env(env_id, peers=()),
                "algorithmic family (no peer: Gymnasium dropped it)",
            )
        )
    for n in (16, 256, 1024):
        cases.append(
            Case(
                f"native CartPole x{n}",
                "vector",
                "steps/s",
                True,
                native_vector(n),
                "batched CartPole-v1 (gymkit native, Gymnasium vector_entry_point, "
                "EnvPool defaults)",
            )
        )
    cases += [
        Case(
            "sync CartPole x8",
            "vector",
            "steps/s",
            True,
            sync_overhead,
            "SyncVectorEnv against a bare loop over 8 made envs",
        ),
        Case(
            "async busy x2",
            "vector",
            "steps/s",
            True,
            async_speedup(None),
            "CPU-heavy synthetic env (~20k Python iterations a step), 2 workers; "
            "ceilings: two free processes (no lock step), and two bare processes in lock step "
            "(Barrier: both sleep until the slower arrives; spin: nobody sleeps), no vector env",
        ),
        Case(
            "async busy x4",
            "vector",
            "steps/s",
            True,
            async_oversubscribed,
            "CPU-heavy synthetic env, 4 workers on the machine's cores (oversubscribed)",
        ),
        Case(
            "async Acrobot x2",
            "vector",
            "steps/s",
            True,
            async_speedup("Acrobot-v1"),
            "Acrobot-v1, 2 workers",
        ),
        Case(
            "certify CartPole-v1",
            "conformance",
            "s",
            False,
            certification,
            "gymkit-conformance check CartPole-v1, default examples, wall time",
        ),
    ]
    from benchmarks.cases_atari import atari_cases

    cases += atari_cases()
    from benchmarks.box2d_walker import walker_cases

    cases += walker_cases()
    return cases
