"""gymkit-conformance: Hypothesis-driven certification of gymkit envs.

``certify(target)`` runs every check on an env id or ``module:Class`` and returns a
:class:`~gymkit_conformance.certificate.Certificate`; the strategies live in
:mod:`gymkit_conformance.strategies`. The names below load on first access, so importing the
package (which pytest does at startup, for the plugin) stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "certify": "gymkit_conformance.certificate",
    "Certificate": "gymkit_conformance.certificate",
    "CHECKS": "gymkit_conformance.checks",
    "from_space": "gymkit_conformance.strategies",
    "invalid_for_space": "gymkit_conformance.strategies",
    "register_strategy": "gymkit_conformance.strategies",
    "spaces": "gymkit_conformance.strategies",
    "record_fingerprint": "gymkit_conformance.fingerprint",
    "verify_fingerprint": "gymkit_conformance.fingerprint",
}

__all__ = ["__version__", *sorted(_LAZY)]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'gymkit_conformance' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
