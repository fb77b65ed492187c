"""The ``gymnasium/`` bridge: every env of Gymnasium's registry as a gymkit id.

:func:`register_gymnasium_envs` runs when the ``gymnasium`` namespace is first looked up or
listed (the plugin's ``gymkit_register_lazy_envs`` hook): it imports Gymnasium and the installed
packages that register envs with it on import (:data:`REGISTERING_MODULES`, plus those named in
``$GYMKIT_GYMNASIUM_MODULES``), then registers ``gymnasium/<id>`` for each Gymnasium id (see
:mod:`gymkit_gymnasium.ids`). Making one calls :func:`make_bridged`: ``gymnasium.make`` wrapped
by :func:`~gymkit_gymnasium.adapters.from_gymnasium`, with gymkit's own time limit, order
enforcement and env checker around it (Gymnasium's are left out, so nothing runs twice).

stable-retro registers no env with Gymnasium; where it is installed, each of its games whose ROM
is present is registered first as ``retro/<Game>`` (:func:`register_retro_games`), so it is
bridged as ``gymnasium/retro.<Game>``.

Failures are isolated: a registering package that fails to import is skipped with a
:class:`~gymkit.error.PluginWarning` naming it and the error (every other id still works); an
env whose module fails to import raises, when made, :class:`~gymkit.error.DependencyNotInstalled`
(Gymnasium names the missing package) or :class:`~gymkit.error.PluginLoadError` chained to the
original error.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import warnings
from collections.abc import Callable, Sequence
from typing import Any

from gymkit import error
from gymkit_gymnasium.ids import NAMESPACE, gymkit_id

__all__ = [
    "MODULES_ENV_VAR",
    "REGISTERING_MODULES",
    "gymnasium_make",
    "make_bridged",
    "register_gymnasium_envs",
    "register_retro_games",
]

REGISTERING_MODULES = ("ale_py", "minigrid", "safety_gymnasium", "highway_env")
"""Packages that register their envs in Gymnasium's registry when imported; each one that is
installed is imported before the registry is read."""

MODULES_ENV_VAR = "GYMKIT_GYMNASIUM_MODULES"
"""Comma-separated further modules to import before reading Gymnasium's registry."""

INSTALL = "pip install gymkit-gymnasium  (it brings gymnasium>=1.0,<2)"


def _import_gymnasium() -> Any:
    try:
        import gymnasium
    except ImportError as exc:
        raise error.DependencyNotInstalled(
            f"the gymkit plugin {NAMESPACE!r} needs Gymnasium, which does not import ({exc}); "
            f"install it with: {INSTALL}"
        ) from exc
    return gymnasium


def registering_modules() -> list[str]:
    """The modules imported before reading Gymnasium's registry: the installed ones of
    :data:`REGISTERING_MODULES` and every module named in ``$GYMKIT_GYMNASIUM_MODULES``."""
    extra = [m.strip() for m in os.environ.get(MODULES_ENV_VAR, "").split(",") if m.strip()]
    found = [m for m in REGISTERING_MODULES if importlib.util.find_spec(m) is not None]
    return list(dict.fromkeys(found + extra))


def _time_limit_off() -> int | None:
    """The ``max_episode_steps`` that makes ``gymnasium.make`` add no TimeLimit (gymkit adds its
    own): ``-1`` from Gymnasium 1.1 on; ``None`` (keep Gymnasium's) on 1.0, which lacks it."""
    import gymnasium

    major, minor = (int(part) for part in gymnasium.__version__.split(".")[:2])
    return -1 if (major, minor) >= (1, 1) else None


def register_gymnasium_envs(registry: Any) -> None:
    """Register ``gymnasium/<id>`` on ``registry`` (a gymkit ``PluginRegistry``) for every env
    of Gymnasium's registry. Imports Gymnasium and the registering packages."""
    gymnasium = _import_gymnasium()
    for module in registering_modules():
        try:
            importlib.import_module(module)
        except Exception as exc:
            warnings.warn(
                f"gymkit plugin {NAMESPACE!r}: the package {module!r}, which registers envs with "
                f"Gymnasium, failed to import and its envs are not bridged: "
                f"{type(exc).__name__}: {exc}. Every other gymnasium/ id still works; fix or "
                f"reinstall {module!r} (or unset it in ${MODULES_ENV_VAR}) to bridge its envs.",
                error.PluginWarning,
                stacklevel=2,
            )
    if importlib.util.find_spec("stable_retro") is not None:
        try:
            register_retro_games(gymnasium)
        except Exception as exc:
            warnings.warn(
                f"gymkit plugin {NAMESPACE!r}: stable-retro is installed but its games could not "
                f"be listed, so none is bridged: {type(exc).__name__}: {exc}",
                error.PluginWarning,
                stacklevel=2,
            )
    keep_time_limit = _time_limit_off() is None
    for gym_id, spec in sorted(gymnasium.envs.registry.items()):
        if spec.entry_point is None:
            continue  # a vector-only registration: nothing gymnasium.make can build
        try:
            registry.register(
                gymkit_id(gym_id),
                "gymkit_gymnasium.bridge:make_bridged",
                reward_threshold=spec.reward_threshold,
                nondeterministic=spec.nondeterministic,
                max_episode_steps=None if keep_time_limit else spec.max_episode_steps,
                kwargs={"gymnasium_id": gym_id},
            )
        except error.Error:
            continue  # an id gymkit's grammar cannot hold; not reachable through the bridge


def register_retro_games(gymnasium: Any) -> list[str]:
    """Register, in Gymnasium's registry, ``retro/<Game>`` for every stable-retro game whose ROM
    is installed (stable-retro ships Airstriker-Genesis; other ROMs are imported by the user),
    unless the id exists already; return the ids.

    stable-retro builds envs with ``stable_retro.make(game=...)`` and registers none with
    Gymnasium, so without this its games would not reach the bridge: with it,
    ``gymkit.make("gymnasium/retro.Airstriker-Genesis-v0")`` (and
    ``gymnasium.make("retro/Airstriker-Genesis-v0")``) work.
    """
    import stable_retro.data

    registered = []
    for game in stable_retro.data.list_games(stable_retro.data.Integrations.ALL):
        try:
            stable_retro.data.get_romfile_path(game, stable_retro.data.Integrations.ALL)
        except FileNotFoundError:
            continue  # integration data without its ROM: not playable here
        env_id = f"retro/{game}" if "-v" in game else f"retro/{game}-v0"
        if env_id in gymnasium.envs.registry:
            continue
        gymnasium.register(
            id=env_id,
            entry_point="stable_retro.retro_env:RetroEnv",
            kwargs={"game": game, "inttype": stable_retro.data.Integrations.ALL},
            nondeterministic=False,
        )
        registered.append(env_id)
    return registered


def gymnasium_make(gymnasium_id: str, num_envs: int | None = None, **kwargs: Any) -> Any:
    """``gymnasium.make(gymnasium_id, **kwargs)`` (``gymnasium.make_vec`` with ``num_envs``),
    with Gymnasium's errors turned into gymkit's, each naming the fix:

    - an id Gymnasium does not know → :class:`~gymkit.error.UnregisteredEnv` (its suggestions);
    - an env whose dependency is missing → :class:`~gymkit.error.DependencyNotInstalled`;
    - an env module that fails to import → :class:`~gymkit.error.PluginLoadError`.
    """
    gymnasium = _import_gymnasium()
    where = f"Gymnasium env {gymnasium_id!r} (gymkit id {gymkit_id(gymnasium_id)!r})"
    try:
        if num_envs is None:
            return gymnasium.make(gymnasium_id, **kwargs)
        return gymnasium.make_vec(gymnasium_id, num_envs=num_envs, **kwargs)
    except gymnasium.error.UnregisteredEnv as exc:
        raise error.UnregisteredEnv(
            f"Gymnasium does not know the env id {gymnasium_id!r}: {exc}. Check the spelling "
            "(`gymkit list --namespace gymnasium` lists every bridged id) or install the "
            "package that registers it (then name it in $GYMKIT_GYMNASIUM_MODULES if it is "
            f"not one of {', '.join(REGISTERING_MODULES)})"
        ) from exc
    except gymnasium.error.DependencyNotInstalled as exc:
        raise error.DependencyNotInstalled(
            f"cannot make the {where}: a dependency is missing: {exc}"
        ) from exc
    except ImportError as exc:
        raise error.PluginLoadError(
            f"cannot make the {where}: its module failed to import: "
            f"{type(exc).__name__}: {exc}. Other gymnasium/ ids still work; install or fix "
            f"the package {getattr(exc, 'name', None) or 'it needs'} to use this one."
        ) from exc


def make_bridged(
    gymnasium_id: str,
    gymnasium_wrappers: Sequence[Callable[[Any], Any]] = (),
    **kwargs: Any,
) -> Any:
    """The entry point of every ``gymnasium/`` id: Gymnasium's env as a gymkit env.

    ``gymnasium_wrappers`` (callables ``gymnasium.Env -> gymnasium.Env``, applied in order before
    adapting) map an env whose spaces gymkit cannot represent onto the ten kinds, e.g.
    ``gymkit.make("gymnasium/MiniGrid-Empty-5x5-v0", gymnasium_wrappers=[ImgObsWrapper])``.
    Gymnasium's time limit and env checker are left out (gymkit's ``make`` adds its own from the
    spec), unless Gymnasium 1.0 cannot leave the time limit out.
    """
    from gymkit_gymnasium.adapters import from_gymnasium

    limit = _time_limit_off()
    if limit is not None:
        kwargs.setdefault("max_episode_steps", limit)
    kwargs.setdefault("disable_env_checker", True)
    env = gymnasium_make(gymnasium_id, **kwargs)
    for wrapper in gymnasium_wrappers:
        env = wrapper(env)
    try:
        return from_gymnasium(env)
    except error.UnsupportedSpace as exc:
        env.close()
        raise error.UnsupportedSpace(
            f"{gymkit_id(gymnasium_id)!r}: {exc} Through the bridge: "
            f"gymkit.make({gymkit_id(gymnasium_id)!r}, gymnasium_wrappers=[YourWrapper])."
        ) from exc
