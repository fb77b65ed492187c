"""The gymkit plugin entry point of the bridge (namespace ``gymnasium``): imports nothing.

Gymnasium is imported only when a ``gymnasium/...`` id is first looked up or the namespace is
listed: the registration happens in ``gymkit_register_lazy_envs``. This hook module lives apart
from the ``gymkit_gymnasium`` package, whose ``__init__`` imports Gymnasium for the adapters.
"""

from __future__ import annotations

from typing import Any

from gymkit.hookspecs import hookimpl


@hookimpl
def gymkit_family_info() -> dict[str, Any]:
    """Describe the family for ``gymkit list``."""
    return {
        "name": "gymnasium",
        "description": "every env of Gymnasium's registry (and of the packages registered "
        "with it), bridged",
    }


@hookimpl
def gymkit_register_lazy_envs(registry: Any) -> None:
    """Register ``gymnasium/<id>`` for every Gymnasium id (imports Gymnasium now)."""
    from gymkit_gymnasium.bridge import register_gymnasium_envs

    register_gymnasium_envs(registry)
