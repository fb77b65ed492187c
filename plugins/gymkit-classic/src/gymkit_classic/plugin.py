"""The gymkit plugin entry point of the classic families: registers every env, imports none."""

from __future__ import annotations

from typing import Any

from gymkit.hookspecs import hookimpl


@hookimpl
def gymkit_register_envs(registry: Any) -> None:
    """Register classic control, toy text and algorithmic envs (entry points are strings)."""
    from gymkit_classic.algorithmic.registration import register_envs as algorithmic
    from gymkit_classic.classic_control.registration import register_envs as classic_control
    from gymkit_classic.toy_text.registration import register_envs as toy_text

    classic_control(registry)
    toy_text(registry)
    algorithmic(registry)
