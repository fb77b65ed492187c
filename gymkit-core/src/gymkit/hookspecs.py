"""Every plugin hook of gymkit, in one file.

A plugin is a module named by an entry point in the ``gymkit.plugins`` group; the entry point's
name is the plugin's namespace. The module implements any of these hooks with ``@gymkit.hookimpl``.
Discovery checks the module's ``gymkit_*`` functions against these specs: a ``@hookimpl`` of
another name fails the plugin (pluggy's ``PluginValidationError``, naming the closest hook), an
unmarked function named like a hook is warned about.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from gymkit.plugins import PluginRegistry

PROJECT = "gymkit"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def gymkit_register_envs(registry: PluginRegistry) -> None:
    """Register the plugin's envs: ``registry.register(id, "module:Class", ...)``, no imports."""


@hookspec
def gymkit_family_info() -> dict[str, Any] | None:
    """Describe the plugin's family for ``gymkit list``: ``{"name": str, "description": str}``."""


@hookspec
def gymkit_vectorization_modes() -> dict[str, str] | None:
    """Offer ``make_vec`` vectorization modes: ``{"mode": "module:factory"}``, imported on use."""


@hookspec
def gymkit_register_lazy_envs(registry: PluginRegistry) -> None:
    """Register the namespace's envs on demand: on its first look-up (``make``) or listing."""
