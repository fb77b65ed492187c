"""Helpers of the Ant, Humanoid and HumanoidStandup parity tests: the compiled-model comparison
and the lock-step runner.

Gymnasium is the oracle only: its env classes are built directly (no wrappers) and driven side by
side with gymkit's, from the same states and with the same actions.
"""

from __future__ import annotations

from typing import Any

import mujoco
import numpy as np
from _parity import (
    ATOL,
    GYMNASIUM_ASSETS,
    OUR_ASSETS,
    RTOL,
    assert_same,
    assert_same_info,
    field_differences,
)

__all__ = [
    "ATOL",
    "GYMNASIUM_ASSETS",
    "OUR_ASSETS",
    "RTOL",
    "assert_same",
    "assert_same_info",
    "assert_same_resets",
    "gymnasium_env",
    "model_differences",
    "run_lockstep",
]

#: Fields of a compiled model that only name things or dress the rendered scene (textures,
#: materials, lights, colours, keyframes, user data, buffer sizes): no effect on the physics.
_COSMETIC_PREFIXES = (
    "name",
    "tex_",
    "mat_",
    "light_",
    "key_",
    "numeric_",
    "text_",
    "tuple_",
    "skin_",
    "paths",
)
_COSMETIC_FIELDS = {
    "geom_rgba",
    "geom_matid",
    "geom_user",
    "nbuffer",
    "nnames",
    "nnames_map",
    "nkey",
    "ntex",
    "ntexdata",
    "nmat",
    "nlight",
    "nnumeric",
    "nnumericdata",
    "nuser_geom",
    "signature",
    "npaths",
}


def _cosmetic(name: str) -> bool:
    return name in _COSMETIC_FIELDS or name.startswith(_COSMETIC_PREFIXES)


def _fields(model: mujoco.MjModel) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name in dir(model):
        if name.startswith("_") or _cosmetic(name):
            continue
        value = getattr(model, name)
        if isinstance(value, (np.ndarray, int, float)) and not isinstance(value, bool):
            fields[name] = value
    for name in dir(model.opt):
        if not name.startswith("_"):
            value = getattr(model.opt, name)
            if not callable(value):
                fields[f"opt.{name}"] = value
    return fields


def model_differences(ours: str, theirs: str) -> tuple[list[str], int]:
    """The physical MjModel fields (every size, array and ``opt`` value that is not cosmetic)
    that differ between our ``ours`` and Gymnasium's ``theirs`` MJCF file, and how many fields
    were compared."""
    a = _fields(mujoco.MjModel.from_xml_path(str(OUR_ASSETS / ours)))
    b = _fields(mujoco.MjModel.from_xml_path(str(GYMNASIUM_ASSETS / theirs)))
    diffs = field_differences(a, b, shown=6)
    return diffs, len(a)


def run_lockstep(
    ours: Any,
    theirs: Any,
    steps: int,
    seed: int,
    float32_actions: bool = True,
    scale_linup: float = 1.0,
) -> dict[str, int]:
    """Reset both envs with the same seeds and drive them with the same actions for ``steps``
    steps, comparing every output; after a termination both reset with the next seed.

    At each reset the two reset outputs are compared, then Gymnasium's state is copied into
    ours (the same ``qpos``/``qvel`` in both). Actions are uniform over the action space
    (float32, as the space samples them, or float64). Returns counts of what was seen.
    """
    rng = np.random.default_rng(seed)
    low, high = theirs.action_space.low, theirs.action_space.high
    counts = {"steps": 0, "episodes": 0, "terminated": 0}

    def reset(episode_seed: int) -> None:
        obs_a, info_a = ours.reset(seed=episode_seed)
        obs_b, info_b = theirs.reset(seed=episode_seed)
        where = f"reset(seed={episode_seed})"
        assert obs_a.shape == obs_b.shape, where
        assert_same(obs_a, obs_b, f"{where}: observation")
        assert_same(ours.data.qpos, theirs.data.qpos, f"{where}: qpos")
        assert_same(ours.data.qvel, theirs.data.qvel, f"{where}: qvel")
        assert_same_info(info_a, info_b, where)
        ours.set_state(theirs.data.qpos.copy(), theirs.data.qvel.copy())
        counts["episodes"] += 1

    reset(seed)
    for t in range(steps):
        action = rng.uniform(low, high)
        if float32_actions:
            action = action.astype(np.float32)
        obs_a, rew_a, term_a, trunc_a, info_a = ours.step(action.copy())
        obs_b, rew_b, term_b, trunc_b, info_b = theirs.step(action.copy())
        where = f"step {t}"
        assert obs_a.shape == obs_b.shape == ours.observation_space.shape, where
        assert obs_a.dtype == np.float64, where
        assert_same(obs_a, obs_b, f"{where}: observation")
        if scale_linup != 1.0:
            # HumanoidStandup's uph_cost_weight, which Gymnasium 1.4 documents but ignores:
            # ours weighs the uphill term by it, so Gymnasium's term is scaled to compare.
            linup = info_b["reward_linup"]
            info_b = dict(info_b, reward_linup=scale_linup * linup)
            rew_b = rew_b + (scale_linup - 1.0) * linup
        assert_same(rew_a, rew_b, f"{where}: reward")
        assert isinstance(rew_a, float), where
        assert bool(term_a) == bool(term_b), f"{where}: terminated {term_a} vs {term_b}"
        assert trunc_a is False and not trunc_b, where
        assert_same_info(info_a, info_b, where)
        counts["steps"] += 1
        if term_b:
            counts["terminated"] += 1
            reset(seed + 1 + counts["terminated"])
    return counts


def assert_same_resets(ours: Any, theirs: Any, seed: int) -> None:
    """``reset(seed=seed)`` then two unseeded resets give the same observation, state and info
    in both envs (the generator is seeded and consumed alike)."""
    for round_, kwargs in enumerate(({"seed": seed}, {}, {})):
        obs_a, info_a = ours.reset(**kwargs)
        obs_b, info_b = theirs.reset(**kwargs)
        where = f"reset #{round_} after seed {seed}"
        assert_same(obs_a, obs_b, f"{where}: observation")
        np.testing.assert_array_equal(ours.data.qpos, theirs.data.qpos, err_msg=where)
        np.testing.assert_array_equal(ours.data.qvel, theirs.data.qvel, err_msg=where)
        assert_same_info(info_a, info_b, where)


def gymnasium_env(module: str, cls: str, **kwargs: Any) -> Any:
    """Gymnasium's env class ``cls`` of ``gymnasium.envs.mujoco.<module>``, built directly."""
    import importlib
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return getattr(importlib.import_module(f"gymnasium.envs.mujoco.{module}"), cls)(**kwargs)
