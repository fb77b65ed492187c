"""Helpers of the planar runners' parity tests (Hopper, Walker2d, HalfCheetah, Swimmer):
compiled-model comparison and side-by-side rollouts against Gymnasium's envs."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import gymnasium
import mujoco
import numpy as np
from _parity import GYMNASIUM_ASSETS, assert_same, field_differences

__all__ = [
    "GYMNASIUM_ASSETS",
    "STEPS",
    "assert_same_model",
    "assert_same_reset",
    "assert_same_step",
    "model_fields",
    "oracle",
    "run_side_by_side",
]

STEPS = 1000

#: MjModel fields that only say where names sit in the name buffer (our files name their
#: skybox texture; Gymnasium's do not), nothing physical.
NAME_FIELDS = {"name_actuatoradr", "name_matadr", "name_texadr", "names_map", "nnames"}


def model_fields(model: Any, prefix: str = "") -> dict[str, np.ndarray]:
    """Every numeric field of ``model`` (and of its option/visual/stat structs), by name."""
    fields: dict[str, np.ndarray] = {}
    for name in dir(model):
        if name.startswith("_"):
            continue
        try:
            value = getattr(model, name)
        except Exception:  # properties MuJoCo refuses for this model
            continue
        if isinstance(value, (np.ndarray, int, float)) and not isinstance(value, bool):
            fields[prefix + name] = np.asarray(value)
        elif (
            type(value).__module__.startswith("mujoco")
            and prefix.count(".") < 2
            and not callable(value)
        ):
            fields.update(model_fields(value, f"{prefix}{name}."))
    return fields


def assert_same_model(ours: Path, theirs: Path) -> None:
    a = mujoco.MjModel.from_xml_path(str(ours))
    b = mujoco.MjModel.from_xml_path(str(theirs))
    fa, fb = model_fields(a), model_fields(b)
    different = field_differences(fa, fb, skip=NAME_FIELDS)
    assert different == [], f"{ours.name} differs from Gymnasium's {theirs.name} in {different}"
    for kind, count in (
        ("body", a.nbody),
        ("joint", a.njnt),
        ("geom", a.ngeom),
        ("actuator", a.nu),
    ):
        obj = mujoco.mjtObj.__members__[f"mjOBJ_{kind.upper()}"]
        names_a = [mujoco.mj_id2name(a, obj, i) for i in range(count)]
        names_b = [mujoco.mj_id2name(b, obj, i) for i in range(count)]
        assert names_a == names_b, kind


def oracle(env_id: str, **kwargs: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return gymnasium.make(env_id, disable_env_checker=True, **kwargs).unwrapped


def assert_same_step(ours: tuple, theirs: tuple, where: str) -> bool:
    obs, reward, terminated, truncated, info = ours
    ref_obs, ref_reward, ref_terminated, ref_truncated, ref_info = theirs
    assert obs.dtype == ref_obs.dtype == np.float64 and obs.shape == ref_obs.shape, where
    assert_same(obs, ref_obs, where)
    assert_same(reward, ref_reward, where)
    assert (terminated, truncated) == (bool(ref_terminated), bool(ref_truncated)), where
    assert info.keys() == ref_info.keys(), where
    for key in info:
        assert_same(info[key], ref_info[key], f"{where}, info[{key!r}]")
    return bool(terminated)


def run_side_by_side(
    ours: Any, theirs: Any, seed: int, steps: int = STEPS, action_dtype: Any = np.float32
) -> int:
    """Reset both with ``seed``, put both in one perturbed state with ``set_state``, then step
    both with the same actions (float32 unless ``action_dtype`` says otherwise; some beyond the
    bounds: MuJoCo clamps them); after a termination reset both with the next seed. Returns the
    number of terminations."""
    rng = np.random.default_rng(seed)
    ours.reset(seed=seed)
    theirs.reset(seed=seed)
    qpos = theirs.data.qpos + rng.uniform(-0.01, 0.01, theirs.model.nq)
    qvel = theirs.data.qvel + rng.uniform(-0.1, 0.1, theirs.model.nv)
    ours.set_state(qpos, qvel)
    theirs.set_state(qpos, qvel)
    endings = 0
    for t in range(steps):
        action = rng.uniform(-1.2, 1.2, ours.action_space.shape).astype(action_dtype)
        where = f"step {t}"
        if assert_same_step(ours.step(action), theirs.step(action), where):
            endings += 1
            obs, info = ours.reset(seed=seed + t)
            ref_obs, ref_info = theirs.reset(seed=seed + t)
            assert_same(obs, ref_obs, f"reset after {where}")
            assert info.keys() == ref_info.keys()
            for key in info:
                assert_same(info[key], ref_info[key], f"reset info[{key!r}] after {where}")
    np.testing.assert_array_equal(ours.data.qpos, theirs.data.qpos)
    return endings


def assert_same_reset(ours: Any, theirs: Any, seed: int) -> None:
    """``reset(seed=seed)`` gives the same state, observation and info in both; both have the
    same spaces, ``dt`` and frame rate."""
    obs, info = ours.reset(seed=seed)
    ref_obs, ref_info = theirs.reset(seed=seed)
    np.testing.assert_array_equal(obs, ref_obs)
    np.testing.assert_array_equal(ours.data.qpos, theirs.data.qpos)
    np.testing.assert_array_equal(ours.data.qvel, theirs.data.qvel)
    assert info == ref_info
    assert ours.observation_space.shape == theirs.observation_space.shape
    assert ours.observation_space.dtype == theirs.observation_space.dtype
    np.testing.assert_array_equal(ours.action_space.low, theirs.action_space.low)
    np.testing.assert_array_equal(ours.action_space.high, theirs.action_space.high)
    assert ours.action_space.dtype == theirs.action_space.dtype
    assert ours.dt == theirs.dt and ours.metadata["render_fps"] == theirs.metadata["render_fps"]
