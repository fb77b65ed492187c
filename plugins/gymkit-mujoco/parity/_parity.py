"""What every parity helper shares: the tolerances, where Gymnasium's and gymkit's MJCF files
are, the field-by-field comparison of two compiled models, and the close-enough asserts.

Gymnasium is the oracle only: its envs are driven side by side with gymkit's.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import gymnasium
import numpy as np

RTOL = 1e-8
ATOL = 1e-10

#: Gymnasium's own MJCF files (facts to compare against).
GYMNASIUM_ASSETS = Path(gymnasium.__file__).parent / "envs" / "mujoco" / "assets"
#: gymkit's own MJCF files.
OUR_ASSETS = Path(__file__).resolve().parents[1] / "src" / "gymkit_mujoco" / "assets"


def field_differences(
    ours: dict[str, Any], theirs: dict[str, Any], skip: Iterable[str] = (), shown: int = 8
) -> list[str]:
    """The fields (by name, not in ``skip``) that only one of two models has or whose values
    differ, each with the first ``shown`` values of both."""
    skipped = set(skip)
    diffs = []
    for name in sorted(set(ours) | set(theirs)):
        if name in skipped:
            continue
        if name not in ours or name not in theirs:
            diffs.append(f"{name}: only in {'ours' if name in ours else 'Gymnasium'}")
            continue
        x, y = np.asarray(ours[name]), np.asarray(theirs[name])
        if x.shape != y.shape or not np.array_equal(x, y):
            diffs.append(
                f"{name}: ours {x.ravel()[:shown]} (shape {x.shape}), "
                f"Gymnasium {y.ravel()[:shown]} (shape {y.shape})"
            )
    return diffs


def assert_same(ours: Any, theirs: Any, what: str) -> None:
    """``ours`` equals ``theirs`` to the parity tolerances (compared as float64)."""
    np.testing.assert_allclose(
        np.asarray(ours, dtype=np.float64),
        np.asarray(theirs, dtype=np.float64),
        rtol=RTOL,
        atol=ATOL,
        err_msg=what,
    )


def assert_same_info(ours: dict[str, Any], theirs: dict[str, Any], where: str) -> None:
    """The same ``info`` keys, every value the same to the parity tolerances."""
    assert set(ours) == set(theirs), f"{where}: info keys {sorted(ours)} vs {sorted(theirs)}"
    for key in theirs:
        assert_same(ours[key], theirs[key], f"{where}: info[{key!r}]")
