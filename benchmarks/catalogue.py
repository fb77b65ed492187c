"""Every benchmark case, gathered from the case modules.

A case module defines ``cases() -> list[Case]`` and imports only :mod:`benchmarks.harness` and
:mod:`benchmarks.common` (never another case module). Adding a family's cases is one line in
:data:`CASE_MODULES`, e.g. ``"benchmarks.cases_box2d"``.
"""

from __future__ import annotations

import importlib

from benchmarks.harness import Case

#: The case modules, in report order.
CASE_MODULES = (
    "benchmarks.cases",
    "benchmarks.cases_atari",
    "benchmarks.box2d_lander",
    "benchmarks.box2d_racing",
    "benchmarks.box2d_walker",
    "benchmarks.mujoco_single",
    "benchmarks.mujoco_vector",
    "benchmarks.ray_vector",
    "benchmarks.cases_interop",
    "benchmarks.robotics_arm",
)


def all_cases() -> list[Case]:
    """The cases of every module of :data:`CASE_MODULES`, in order; names must be unique."""
    found: list[Case] = []
    seen: dict[str, str] = {}
    for module_name in CASE_MODULES:
        for case in importlib.import_module(module_name).cases():
            if case.name in seen:
                raise ValueError(
                    f"benchmark case {case.name!r} is defined by both {seen[case.name]} and "
                    f"{module_name}; give one of them another name"
                )
            seen[case.name] = module_name
            found.append(case)
    return found
