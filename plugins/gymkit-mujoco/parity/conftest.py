"""Parity tests of the MuJoCo family: gymkit's tasks against Gymnasium 1.4's, used here only as a
test oracle (its env code and XMLs are read for the facts; no code is shared).

Run by the ``parity`` nox session, which installs ``gymnasium[mujoco]``; the ``tests`` session
never does. Without Gymnasium (or without its MuJoCo envs) the run fails and says how to fix it,
unless ``GYMKIT_PARITY_OPTIONAL=1`` asks to skip the suite on purpose.
"""

from __future__ import annotations

import os
import warnings

import pytest

#: Set to 1 to let a run without Gymnasium skip this suite (it then collects nothing, and says so).
OPT_OUT = "GYMKIT_PARITY_OPTIONAL"

try:
    import gymnasium
    import gymnasium.envs.mujoco.mujoco_env  # the oracle needs Gymnasium's MuJoCo envs
except ImportError as exc:
    gymnasium = None
    if os.environ.get(OPT_OUT) != "1":
        # Without the oracle there is nothing to compare against; a suite that silently
        # collects nothing would look green. Fail the run instead, saying how to fix it.
        raise pytest.UsageError(
            f"the MuJoCo parity suite needs Gymnasium with its MuJoCo envs as its test oracle, "
            f"but they cannot be imported ({exc}). Run it with `nox -s parity` (which installs "
            f"them), or install them here (pip install 'gymnasium[mujoco]>=1.0,<2'); to skip "
            f"the suite on purpose, set {OPT_OUT}=1."
        ) from None
    warnings.warn(
        f"{OPT_OUT}=1 and Gymnasium's MuJoCo envs are not installed: the MuJoCo parity suite "
        "is skipped",
        stacklevel=1,
    )
    collect_ignore_glob = ["test_*.py"]
