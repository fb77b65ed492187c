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
    try:
        from gymkit_gymnasium.bridge import register_gymnasium_envs
    except ImportError as exc:  # Gymnasium missing or broken: the namespace fails, isolated
        from gymkit.error import DependencyNotInstalled

        raise DependencyNotInstalled(
            f"the gymkit plugin 'gymnasium' needs Gymnasium, which does not import ({exc}); "
            "install it with: pip install gymkit-gymnasium  (it brings gymnasium>=1.0,<2)"
        ) from exc
    register_gymnasium_envs(registry)
