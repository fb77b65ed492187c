"""What gets certified: an env named by a registered id or by ``module:Class``.

A :class:`Subject` wraps the :class:`~gymkit.registration.EnvSpec` that builds the env, so both
kinds of target go through ``gymkit.make`` (and therefore the same wrapper stack a user gets).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from gymkit import error

__all__ = ["Subject", "resolve_target"]


@dataclass(frozen=True)
class Subject:
    """An env to certify.

    Attributes:
        target: the text the user gave (``"CartPole-v1"`` or ``"pkg.mod:MyEnv"``).
        spec: the spec ``make`` builds it from (for a class target, a spec made up on the fly).
    """

    target: str
    spec: Any

    @property
    def env_id(self) -> str:
        """The env id (for a class target, ``ClassName-v0``)."""
        return str(self.spec.id)

    @property
    def nondeterministic(self) -> bool:
        """Whether the spec declares the env nondeterministic (determinism checks skip)."""
        return bool(self.spec.nondeterministic)

    def make(self, *, checker: bool = False, **kwargs: Any) -> Any:
        """Build the env through ``gymkit.make``; the passive checker only with ``checker``.

        The checks observe the env themselves (and report more precisely than the passive
        checker), so it is off unless a check is about the checker.
        """
        import gymkit

        return gymkit.make(self.spec, disable_env_checker=not checker, **kwargs)


def resolve_target(target: str) -> Subject:
    """Turn ``"Env-vN"``, ``"ns/Env-vN"``, ``"module:Class"`` or ``"module:Env-vN"`` into a
    :class:`Subject`.

    ``module:Attr`` imports ``module``; when ``Attr`` is a class (or factory) in it, the subject
    is that env built with no arguments; otherwise ``Attr`` is an env id the import registered.
    A module found nowhere on ``sys.path`` is looked for in the current directory too (as
    ``python -m`` and pytest do), so ``gymkit check mymodule:MyEnv`` certifies ``./mymodule.py``.
    Raises :class:`gymkit.error.UnregisteredEnv` (or a subclass) for an unknown id and
    :class:`gymkit.error.DependencyNotInstalled` for a module that does not import.
    """
    import gymkit
    from gymkit.registration import EnvSpec

    if not isinstance(target, str) or not target:
        raise error.InvalidEnvId(
            f"a conformance target is an env id or 'module:Class', got {target!r}"
        )
    if ":" in target:
        module_name, _, attr = target.partition(":")
        module = _import_target_module(module_name, target)
        obj = getattr(module, attr, None)
        if obj is not None and callable(obj):
            name = getattr(obj, "__name__", attr)
            distribution, version = _distribution_of(module_name)
            spec = EnvSpec(
                f"{name}-v0",
                entry_point=f"{module_name}:{attr}",
                distribution=distribution,
                distribution_version=version,
            )
            return Subject(target, spec)
        return Subject(target, gymkit.spec(attr))
    return Subject(target, gymkit.spec(target))


def _import_target_module(module_name: str, target: str) -> Any:
    """Import the module of a ``module:Attr`` target, from the current directory if need be.

    Only when ``module_name`` (or its top-level package) is not found on ``sys.path`` is the
    current directory put first on ``sys.path`` — what ``python -m`` does at start-up — and the
    import retried; an installed module of the same name therefore still wins.
    """
    import os
    import sys

    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        cwd = os.getcwd()
        missing = exc.name is not None and (module_name + ".").startswith(exc.name + ".")
        on_path = any(os.path.abspath(entry or ".") == cwd for entry in sys.path)
        if not missing or on_path:
            raise _import_error(module_name, target, exc, cwd if on_path else None) from exc
        sys.path.insert(0, cwd)
        importlib.invalidate_caches()
        try:
            return importlib.import_module(module_name)
        except ImportError as retry_exc:
            if isinstance(retry_exc, ModuleNotFoundError) and retry_exc.name == exc.name:
                sys.path.remove(cwd)  # not there either: leave sys.path as it was
            raise _import_error(module_name, target, retry_exc, cwd) from retry_exc
    except ImportError as exc:
        raise _import_error(module_name, target, exc, None) from exc


def _import_error(
    module_name: str, target: str, exc: ImportError, searched_cwd: str | None
) -> error.DependencyNotInstalled:
    where = f" (searched sys.path and the current directory {searched_cwd})" if searched_cwd else ""
    return error.DependencyNotInstalled(
        f"cannot import {module_name!r} for the target {target!r}{where}: "
        f"{type(exc).__name__}: {exc}; install the package that provides it, run from the "
        "directory that holds the module, or fix the module path"
    )


def _distribution_of(module_name: str) -> tuple[str | None, str | None]:
    """The installed distribution (name, version) providing ``module_name``, if any."""
    from importlib import metadata

    top = module_name.split(".")[0]
    names = metadata.packages_distributions().get(top) or []
    if names:
        try:
            return names[0], metadata.version(names[0])
        except metadata.PackageNotFoundError:
            return names[0], None
    return _editable_distribution_of(top)


def _editable_distribution_of(top: str) -> tuple[str | None, str | None]:
    """An editable install lists no files: match the module's path against the project
    folder its ``direct_url.json`` names."""
    import importlib
    import json
    from importlib import metadata
    from pathlib import Path
    from urllib.parse import unquote, urlparse

    try:
        module_file = getattr(importlib.import_module(top), "__file__", None)
    except ImportError:
        return None, None
    if not module_file:
        return None, None
    location = Path(module_file).resolve()
    best: tuple[int, str | None, str | None] = (-1, None, None)
    for dist in metadata.distributions():
        text = dist.read_text("direct_url.json")
        if not text:
            continue
        try:
            url = json.loads(text).get("url", "")
        except ValueError:
            continue
        if not url.startswith("file://"):
            continue
        project = Path(unquote(urlparse(url).path)).resolve()
        # the innermost project wins (a monorepo's root is itself an editable project)
        if project in location.parents and len(project.parts) > best[0]:
            best = (len(project.parts), dist.metadata["Name"], dist.version)
    return best[1], best[2]
