"""What the planar runners (Hopper, Walker2d, HalfCheetah, Swimmer) share besides their
option checks (in :mod:`gymkit_mujoco.options`): the control cost, and the clipped observation
of Hopper and Walker2d.
"""

from __future__ import annotations

from typing import Any

import numpy as np

_add_reduce = np.add.reduce  # what ndarray.sum calls, without its Python-level wrapper
_square = np.square

__all__ = ["clipped_observation", "control_cost"]


def clipped_observation(qpos: list[float], qvel: list[float], skip: int) -> np.ndarray:
    """``concat(qpos[skip:], clip(qvel, -10, 10))`` as a new float64 array, from the state as
    Python lists (what the health checks read too: cheaper than NumPy calls on short arrays).
    The values are those of ``np.clip`` (NaN stays NaN)."""
    return np.array(
        qpos[skip:] + [-10.0 if x < -10.0 else 10.0 if x > 10.0 else x for x in qvel],
        dtype=np.float64,
    )


def control_cost(weight: float, action: Any) -> Any:
    """``weight * sum(action ** 2)``, computed in the action's own dtype as Gymnasium does (so a
    float32 action gives a float32 cost)."""
    return weight * _add_reduce(_square(action))
