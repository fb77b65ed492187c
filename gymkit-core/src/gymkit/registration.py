"""The env registry: ids, :class:`EnvSpec`, :class:`Registry`, ``register``, ``make``, ``spec``.

Ids follow ``[namespace/]Name[-vN]``. Plugins announce their envs through the ``gymkit.plugins``
entry-point group; the registry discovers them on its first look-up (not at ``import gymkit``),
once. This module imports neither NumPy nor pluggy: discovery lives in :mod:`gymkit.plugins` and
the standard wrappers in :mod:`gymkit.wrappers.common`, both imported when first needed.
"""

from __future__ import annotations

import _thread
import importlib
import re
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from gymkit import error
from gymkit.core import Env

if TYPE_CHECKING:
    from gymkit.plugins import PluginFailure, PluginInfo

__all__ = [
    "EnvCreator",
    "EnvSpec",
    "Registry",
    "WrapperSpec",
    "find_highest_version",
    "get_env_id",
    "make",
    "make_vec",
    "parse_env_id",
    "pprint_registry",
    "register",
    "registry",
    "spec",
]

EnvCreator = Callable[..., Env[Any, Any]]

# ----------------------------------------------------------------------------- id grammar
# [namespace/]Name[-vN]: the namespace and the name are _ID_PART (the name may contain dashes,
# "Pong-ram"); the version is a plain integer without leading zeros; a name cannot itself end in
# a version suffix. parse_env_id splits with str methods (a regex with a lazy name group costs
# ~2 µs an id, which adds up over the ~600 ids plugins register at discovery); the tests check
# it against the single-regex form of the grammar.
_ID_PART = re.compile(r"[A-Za-z0-9_][\w.-]*")
_VERSION_SUFFIX = re.compile(r"-v\d+$")
_PARSED_IDS: dict[str, tuple[str | None, str, int | None]] = {}


def parse_env_id(env_id: str) -> tuple[str | None, str, int | None]:
    """Split ``env_id`` into ``(namespace, name, version)``; absent parts are ``None``.

    Raises :class:`gymkit.error.InvalidEnvId` for anything that is not ``[namespace/]Name[-vN]``
    (an empty part, more than one ``/``, spaces, a version with leading zeros, ...).
    """
    cached = _PARSED_IDS.get(env_id)
    if cached is not None:
        return cached
    if not isinstance(env_id, str):
        raise error.InvalidEnvId(
            f"an env id must be a str like 'CartPole-v1' or 'ALE/Pong-v5', got {env_id!r} "
            f"of type {type(env_id).__name__}"
        )
    namespace, slash, rest = env_id.partition("/")
    if not slash:
        rest = env_id
    head, dash_v, digits = rest.rpartition("-v")
    # The only possible version is the digits after the last "-v", when nothing else follows.
    if dash_v and digits.isdecimal():
        name, version_text = head, digits
    else:
        name, version_text = rest, None
    if (
        (slash and _ID_PART.fullmatch(namespace) is None)
        or _ID_PART.fullmatch(name) is None
        or (version_text is not None and len(version_text) > 1 and version_text[0] == "0")
        or _VERSION_SUFFIX.search(name) is not None
    ):
        raise error.InvalidEnvId(
            f"malformed env id {env_id!r}: expected [namespace/]Name[-vN] — letters, digits, "
            "'_', '-' and '.', one optional '/' after the namespace, and an optional version "
            "suffix '-v' + integer without leading zeros (e.g. 'CartPole-v1', 'ALE/Pong-v5', "
            "'username/MyEnv-v0')"
        )
    parsed = (
        namespace if slash else None,
        name,
        None if version_text is None else int(version_text),
    )
    _PARSED_IDS[env_id] = parsed
    return parsed


def get_env_id(namespace: str | None, name: str, version: int | None) -> str:
    """Join ``(namespace, name, version)`` back into an id; the inverse of :func:`parse_env_id`."""
    env_id = name if namespace is None else f"{namespace}/{name}"
    return env_id if version is None else f"{env_id}-v{version}"


def caller_stacklevel() -> int:
    """The ``stacklevel`` that makes a warning point at the first frame outside gymkit/pluggy.

    Warnings about ids and plugins then show the user's line (their ``make`` call), however
    deep inside the registry or discovery they were raised — also when a ``Mapping`` method
    of the registry (``items()``, ``values()``) triggered discovery.
    """
    level, frame = 1, sys._getframe(1)
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        internal = module in ("gymkit", "_collections_abc", "collections.abc") or module.startswith(
            ("gymkit.", "pluggy", "importlib")
        )
        if not internal:
            return level
        level += 1
        frame = frame.f_back  # type: ignore[assignment]
    return level


# ----------------------------------------------------------------------------- specs
class WrapperSpec(NamedTuple):
    """A wrapper ``make`` applies after the standard stack: ``entry_point(env, **kwargs)``.

    ``entry_point`` is a ``"module:ClassName"`` string (or the class itself at registration;
    serialised as ``"module:qualname"``).
    """

    name: str
    entry_point: str | Callable[..., Env[Any, Any]]
    kwargs: dict[str, Any] | None = None


_SPEC_FIELDS = (
    "id",
    "entry_point",
    "reward_threshold",
    "nondeterministic",
    "max_episode_steps",
    "order_enforce",
    "disable_env_checker",
    "kwargs",
    "additional_wrappers",
    "vector_entry_point",
    "deprecated",
    "distribution",
    "distribution_version",
)


class EnvSpec:
    """Everything ``make`` needs to build one env id, plus who registered it.

    Attributes:
        id: ``[namespace/]Name[-vN]``; ``namespace``, ``name`` and ``version`` are derived from it.
        entry_point: a callable returning an :class:`~gymkit.core.Env`, or a
            ``"module.path:Attr"`` string imported only when the env is made (``None`` for an
            env that only has a ``vector_entry_point``).
        reward_threshold: the return at which the task counts as solved, or ``None``.
        nondeterministic: whether identical seeds may still give different episodes.
        max_episode_steps: ``make`` adds ``TimeLimit`` with this many steps when set.
        order_enforce: ``make`` adds ``OrderEnforcing`` (step before reset is an error).
        disable_env_checker: ``make`` skips ``PassiveEnvChecker`` when set.
        kwargs: keyword arguments passed to ``entry_point``.
        additional_wrappers: :class:`WrapperSpec` s applied after the standard stack.
        vector_entry_point: the natively batched implementation used by ``make_vec``.
        deprecated: a deprecated version cannot be made; the error names the newest version.
        distribution, distribution_version: the installed distribution that registered the
            spec (``None`` for a ``register`` call from user code).
    """

    __slots__ = (*_SPEC_FIELDS, "name", "namespace", "version")

    id: str
    entry_point: EnvCreator | str | None
    reward_threshold: float | None
    nondeterministic: bool
    max_episode_steps: int | None
    order_enforce: bool
    disable_env_checker: bool
    kwargs: dict[str, Any]
    additional_wrappers: tuple[WrapperSpec, ...]
    vector_entry_point: Callable[..., Any] | str | None
    deprecated: bool
    distribution: str | None
    distribution_version: str | None
    namespace: str | None
    name: str
    version: int | None

    def __init__(
        self,
        id: str,
        entry_point: EnvCreator | str | None = None,
        reward_threshold: float | None = None,
        nondeterministic: bool = False,
        max_episode_steps: int | None = None,
        order_enforce: bool = True,
        disable_env_checker: bool = False,
        kwargs: Mapping[str, Any] | None = None,
        additional_wrappers: Iterable[WrapperSpec] = (),
        vector_entry_point: Callable[..., Any] | str | None = None,
        deprecated: bool = False,
        distribution: str | None = None,
        distribution_version: str | None = None,
    ) -> None:
        self.namespace, self.name, self.version = parse_env_id(id)
        self.id = id
        _check_entry_point(id, "entry_point", entry_point)
        _check_entry_point(id, "vector_entry_point", vector_entry_point)
        if entry_point is None and vector_entry_point is None:
            raise error.RegistrationError(
                f"env {id!r} needs an entry_point: a callable returning a gymkit.Env or a "
                "'module.path:ClassName' string"
            )
        self.entry_point = entry_point
        self.vector_entry_point = vector_entry_point
        if reward_threshold is not None and (
            isinstance(reward_threshold, bool) or not isinstance(reward_threshold, (int, float))
        ):
            raise error.RegistrationError(
                f"env {id!r}: reward_threshold must be a number or None, got {reward_threshold!r}"
            )
        self.reward_threshold = reward_threshold
        if max_episode_steps is not None and (
            isinstance(max_episode_steps, bool)
            or not isinstance(max_episode_steps, int)
            or max_episode_steps < 1
        ):
            raise error.RegistrationError(
                f"env {id!r}: max_episode_steps must be a positive int or None, "
                f"got {max_episode_steps!r}"
            )
        self.max_episode_steps = max_episode_steps
        self.nondeterministic = bool(nondeterministic)
        self.order_enforce = bool(order_enforce)
        self.disable_env_checker = bool(disable_env_checker)
        self.deprecated = bool(deprecated)
        if kwargs is None:
            kwargs = {}
        elif not isinstance(kwargs, (dict, Mapping)) or not set(map(type, kwargs)) <= {str}:
            raise error.RegistrationError(
                f"env {id!r}: kwargs must be a dict with str keys, got {kwargs!r}"
            )
        self.kwargs = dict(kwargs)
        self.additional_wrappers = (
            tuple(_as_wrapper_spec(id, w) for w in additional_wrappers)
            if additional_wrappers
            else ()
        )
        self.distribution = distribution
        self.distribution_version = distribution_version

    # ------------------------------------------------------------------ value semantics
    def replace(self, **changes: Any) -> EnvSpec:
        """Return a copy with ``changes`` applied (field names as in the constructor)."""
        unknown = set(changes) - set(_SPEC_FIELDS)
        if unknown:
            raise TypeError(f"EnvSpec has no field(s) {sorted(unknown)}; fields: {_SPEC_FIELDS}")
        values = {field: getattr(self, field) for field in _SPEC_FIELDS}
        values.update(changes)
        return EnvSpec(**values)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, EnvSpec):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in _SPEC_FIELDS)

    # Unhashable, like any value holding a dict (kwargs).
    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        fields = ", ".join(f"{f}={getattr(self, f)!r}" for f in _SPEC_FIELDS)
        return f"EnvSpec({fields})"

    def __getstate__(self) -> dict[str, Any]:
        return {field: getattr(self, field) for field in _SPEC_FIELDS}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state)  # type: ignore[misc]

    # ------------------------------------------------------------------ serialisation
    def to_json(self) -> str:
        """Serialise to a JSON string that :meth:`from_json` turns back into an equal spec.

        Callable entry points are written as ``"module:qualname"`` (so they must be importable
        module-level objects); tuples inside ``kwargs`` are kept as tuples. Raises
        :class:`gymkit.error.RegistrationError` naming the value that JSON cannot hold.
        """
        import json

        data: dict[str, Any] = {}
        for field in _SPEC_FIELDS:
            value = getattr(self, field)
            if field in ("entry_point", "vector_entry_point"):
                value = None if value is None else _callable_path(self.id, field, value)
            elif field == "kwargs":
                value = _encode_json_value(self.id, "kwargs", value)
            elif field == "additional_wrappers":
                value = [
                    {
                        "name": w.name,
                        "entry_point": _callable_path(
                            self.id, "additional_wrappers", w.entry_point
                        ),
                        "kwargs": _encode_json_value(self.id, f"wrapper {w.name} kwargs", w.kwargs),
                    }
                    for w in value
                ]
            data[field] = value
        return json.dumps(data, allow_nan=False)

    @classmethod
    def from_json(cls, json_spec: str) -> EnvSpec:
        """Rebuild the spec that :meth:`to_json` wrote (entry points come back as strings).

        Raises :class:`gymkit.error.RegistrationError` for JSON that is not a serialised spec.
        """
        import json

        try:
            data = json.loads(json_spec)
        except (TypeError, ValueError) as exc:
            raise error.RegistrationError(f"not a JSON EnvSpec: {exc}") from exc
        if not isinstance(data, dict) or set(data) != set(_SPEC_FIELDS):
            keys = sorted(data) if isinstance(data, dict) else type(data).__name__
            raise error.RegistrationError(
                f"a JSON EnvSpec is an object with exactly the keys {list(_SPEC_FIELDS)}, "
                f"got {keys}"
            )
        data["kwargs"] = _decode_json_value(data["kwargs"])
        data["additional_wrappers"] = tuple(
            WrapperSpec(w["name"], w["entry_point"], _decode_json_value(w["kwargs"]))
            for w in data["additional_wrappers"]
        )
        return cls(**data)

    def make(self, **kwargs: Any) -> Env[Any, Any]:
        """Build this env: ``gymkit.make(self, **kwargs)``."""
        return make(self, **kwargs)

    def pprint(
        self, *, disable_print: bool = False, include_entry_points: bool = False
    ) -> str | None:
        """Print (or return, with ``disable_print``) the fields that differ from the defaults."""
        defaults = EnvSpec("X-v0", "m:X")
        lines = [f"id={self.id}"]
        if include_entry_points:
            lines.append(f"entry_point={self.entry_point}")
        for field in _SPEC_FIELDS[2:]:
            value = getattr(self, field)
            if value != getattr(defaults, field):
                lines.append(f"{field}={value!r}")
        text = "\n".join(lines)
        if disable_print:
            return text
        print(text)
        return None


def _check_entry_point(env_id: str, field: str, value: object) -> None:
    if value is None or callable(value):
        return
    if isinstance(value, str):
        module, sep, attr = value.partition(":")
        if sep and module and attr:
            return
    raise error.RegistrationError(
        f"env {env_id!r}: {field} must be a callable or a 'module.path:ClassName' string, "
        f"got {value!r}"
    )


def _as_wrapper_spec(env_id: str, value: object) -> WrapperSpec:
    if isinstance(value, WrapperSpec):
        spec_ = value
    elif isinstance(value, (tuple, list)) and 2 <= len(value) <= 3:
        spec_ = WrapperSpec(*value)
    else:
        raise error.RegistrationError(
            f"env {env_id!r}: additional_wrappers holds WrapperSpec(name, entry_point, kwargs), "
            f"got {value!r}"
        )
    _check_entry_point(env_id, f"wrapper {spec_.name!r} entry_point", spec_.entry_point)
    kwargs = {} if spec_.kwargs is None else dict(spec_.kwargs)
    return WrapperSpec(str(spec_.name), spec_.entry_point, kwargs)


def _callable_path(env_id: str, field: str, value: object) -> str:
    if isinstance(value, str):
        return value
    module = getattr(value, "__module__", None)
    qualname = getattr(value, "__qualname__", None)
    if not module or not qualname or "<" in qualname:
        raise error.RegistrationError(
            f"env {env_id!r}: {field} {value!r} cannot be written to JSON: only module-level "
            "callables (serialised as 'module:qualname') or 'module:attr' strings can"
        )
    return f"{module}:{qualname}"


def _encode_json_value(env_id: str, where: str, value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise error.RegistrationError(
                f"env {env_id!r}: {where} holds {value!r}, which JSON cannot represent exactly"
            )
        return value
    if isinstance(value, tuple):
        return {"__tuple__": [_encode_json_value(env_id, where, v) for v in value]}
    if isinstance(value, list):
        return [_encode_json_value(env_id, where, v) for v in value]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value) or "__tuple__" in value:
            raise error.RegistrationError(
                f"env {env_id!r}: {where} holds a dict with keys {list(value)}; JSON needs str "
                "keys (and '__tuple__' is reserved)"
            )
        return {k: _encode_json_value(env_id, where, v) for k, v in value.items()}
    raise error.RegistrationError(
        f"env {env_id!r}: {where} holds {value!r} of type {type(value).__name__}, which cannot be "
        "written to JSON; use None, bool, int, float, str, list, tuple or dict values"
    )


def _decode_json_value(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode_json_value(v) for v in value]
    if isinstance(value, dict):
        if set(value) == {"__tuple__"}:
            return tuple(_decode_json_value(v) for v in value["__tuple__"])
        return {k: _decode_json_value(v) for k, v in value.items()}
    return value


def load_entry_point(target: str) -> Any:
    """Import ``"module.path:Attr.Sub"`` and return the attribute.

    Raises :class:`gymkit.error.RegistrationError` when the module itself or the attribute does
    not exist; an import error raised *inside* the module (a missing engine) propagates as is.
    """
    module_name, _, qualname = target.partition(":")
    try:
        obj: Any = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name is not None and (module_name + ".").startswith(exc.name + "."):
            raise error.RegistrationError(
                f"entry point {target!r}: module {module_name!r} cannot be found ({exc}); is the "
                "distribution that provides it installed?"
            ) from exc
        raise
    for part in qualname.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise error.RegistrationError(
                f"entry point {target!r}: module {module_name!r} has no attribute {qualname!r}"
            ) from None
    return obj


# ----------------------------------------------------------------------------- the registry
class Registry(Mapping[str, EnvSpec]):
    """Every registered env id → its :class:`EnvSpec`.

    A read-only mapping; installed plugins are discovered on the first look-up (``[]``, ``in``,
    iteration, ``len``, :meth:`find`), once. :meth:`register` adds envs from user code without
    triggering discovery; user registrations override plugin ones of the same id (with a
    warning), plugins can never take over each other's ids. ``discover_plugins=False`` gives a
    registry that never loads plugins (only what is registered on it).

    A plugin that implements ``gymkit_register_lazy_envs`` (a bridge to another registry) fills
    its namespace on demand: the first look-up of an id in it (``[]``, ``in``, :meth:`find`,
    :meth:`versions`) or :meth:`expand` runs that hook once. Until then iteration and ``len``
    do not include that namespace; :meth:`namespaces` and :attr:`lazy_namespaces` name it.
    """

    def __init__(self, *, discover_plugins: bool = True) -> None:
        self._specs: dict[str, EnvSpec] = {}
        self._user_ids: set[str] = set()
        self._discovered = not discover_plugins
        self._discovering = False
        # _thread's RLock is the one threading.RLock is; `threading` itself costs ~1 ms to import.
        self._lock = _thread.RLock()
        self._plugins: list[PluginInfo] = []
        self._failures: dict[str, PluginFailure] = {}
        self._clashes: dict[str, tuple[str, ...]] = {}
        self._lazy: dict[str, PluginInfo] = {}
        self.plugin_manager: Any = None
        """The ``pluggy.PluginManager`` holding the loaded plugins (``None`` before discovery)."""

    @property
    def plugins(self) -> list[PluginInfo]:
        """The plugins that loaded, in discovery order (discovers first)."""
        self.discover()
        return self._plugins

    @property
    def failures(self) -> dict[str, PluginFailure]:
        """Namespace → the plugin of that namespace that failed to load (discovers first)."""
        self.discover()
        return self._failures

    @property
    def clashes(self) -> dict[str, tuple[str, ...]]:
        """Id → the distributions that all registered it, so none serves it (discovers first)."""
        self.discover()
        return self._clashes

    @property
    def lazy_namespaces(self) -> set[str]:
        """The namespaces populated on demand whose envs are not registered yet (discovers)."""
        self.discover()
        return set(self._lazy)

    def _record_plugin(self, plugin: PluginInfo) -> None:
        """Note a plugin that loaded (called by discovery)."""
        self._plugins.append(plugin)
        if plugin.lazy:
            self._lazy[plugin.namespace] = plugin

    def expand(self, namespace: str | None = None) -> None:
        """Register the envs of the namespaces populated on demand (all, or only ``namespace``).

        Runs each such plugin's ``gymkit_register_lazy_envs`` hook once; a no-op for a namespace
        that is not lazy or already expanded. A hook that fails is isolated like a plugin that
        failed to load (see :func:`gymkit.plugins.expand_into`).
        """
        self.discover()
        if not self._lazy:
            return
        with self._lock:
            wanted = list(self._lazy) if namespace is None else [namespace]
            for name in wanted:
                plugin = self._lazy.pop(name, None)
                if plugin is not None:
                    from gymkit.plugins import expand_into

                    expand_into(self, plugin)

    def _expand_for(self, env_id: object) -> None:
        """Expand the lazy namespace of ``env_id``, if it names one (after discovery)."""
        if self._lazy and isinstance(env_id, str):
            namespace, slash, _ = env_id.partition("/")
            if slash and namespace in self._lazy:
                self.expand(namespace)

    def _record_failure(self, failure: PluginFailure) -> None:
        """Note a plugin that failed to load (called by discovery)."""
        self._failures[failure.namespace] = failure

    # ------------------------------------------------------------------ discovery
    def discover(self) -> None:
        """Load every installed plugin once (no-op afterwards, or while already discovering)."""
        if self._discovered:
            return
        with self._lock:
            if self._discovered or self._discovering:
                return
            self._discovering = True
            try:
                from gymkit.plugins import discover_into

                discover_into(self)
            finally:
                self._discovering = False
                self._discovered = True

    def _add_plugin_spec(self, env_spec: EnvSpec) -> None:
        """Add a spec registered by a plugin (called by discovery); clashes are recorded."""
        env_id = env_spec.id
        if env_id in self._clashes:
            self._clashes[env_id] = (*self._clashes[env_id], str(env_spec.distribution))
            return
        existing = self._specs.get(env_id)
        if existing is None:
            self._specs[env_id] = env_spec
        elif env_id in self._user_ids:
            warnings.warn(
                f"{env_id!r} from distribution {env_spec.distribution} is overridden by a "
                "gymkit.register() call in user code",
                error.GymkitWarning,
                stacklevel=caller_stacklevel(),
            )
        else:
            del self._specs[env_id]
            self._clashes[env_id] = (str(existing.distribution), str(env_spec.distribution))
            warnings.warn(
                f"{env_id!r} is registered by both distribution {existing.distribution} and "
                f"distribution {env_spec.distribution}; neither is served until one is "
                "uninstalled",
                error.PluginWarning,
                stacklevel=caller_stacklevel(),
            )

    # ------------------------------------------------------------------ mapping
    def __getitem__(self, env_id: str) -> EnvSpec:
        self.discover()
        self._expand_for(env_id)
        return self._specs[env_id]

    def __iter__(self) -> Iterator[str]:
        self.discover()
        return iter(list(self._specs))

    def __len__(self) -> int:
        self.discover()
        return len(self._specs)

    def __contains__(self, env_id: object) -> bool:
        self.discover()
        self._expand_for(env_id)
        return env_id in self._specs

    def __repr__(self) -> str:
        state = f"{len(self._specs)} envs" if self._discovered else "plugins not yet discovered"
        return f"<gymkit Registry: {state}>"

    # ------------------------------------------------------------------ registration
    def register(
        self,
        id: str,
        entry_point: EnvCreator | str | None = None,
        *,
        reward_threshold: float | None = None,
        nondeterministic: bool = False,
        max_episode_steps: int | None = None,
        order_enforce: bool = True,
        disable_env_checker: bool = False,
        additional_wrappers: Sequence[WrapperSpec] = (),
        vector_entry_point: Callable[..., Any] | str | None = None,
        deprecated: bool = False,
        kwargs: Mapping[str, Any] | None = None,
    ) -> EnvSpec:
        """Register ``id`` from user code and return its spec; see :func:`register`."""
        env_spec = EnvSpec(
            id,
            entry_point,
            reward_threshold=reward_threshold,
            nondeterministic=nondeterministic,
            max_episode_steps=max_episode_steps,
            order_enforce=order_enforce,
            disable_env_checker=disable_env_checker,
            kwargs=kwargs,
            additional_wrappers=additional_wrappers,
            vector_entry_point=vector_entry_point,
            deprecated=deprecated,
        )
        self.add(env_spec)
        return env_spec

    def add(self, env_spec: EnvSpec) -> None:
        """Add a ready-made spec from user code (replacing, with a warning, one of the same id)."""
        existing = self._specs.get(env_spec.id)
        if existing is not None:
            source = (
                "an earlier gymkit.register() call"
                if existing.distribution is None
                else f"distribution {existing.distribution}"
            )
            warnings.warn(
                f"overriding env {env_spec.id!r} registered by {source}",
                error.GymkitWarning,
                stacklevel=caller_stacklevel(),
            )
        self._clashes.pop(env_spec.id, None)
        self._specs[env_spec.id] = env_spec
        self._user_ids.add(env_spec.id)

    # ------------------------------------------------------------------ resolution
    def versions(self, namespace: str | None, name: str) -> list[EnvSpec]:
        """The specs registered as ``namespace/name``, oldest first (an unversioned one first)."""
        self.discover()
        if namespace is not None and namespace in self._lazy:
            self.expand(namespace)
        found = [s for s in self._specs.values() if s.namespace == namespace and s.name == name]
        return sorted(found, key=lambda s: -1 if s.version is None else s.version)

    def namespaces(self) -> set[str | None]:
        """Every namespace that holds at least one env (``None`` is the root namespace), and
        every namespace populated on demand, expanded or not."""
        self.discover()
        return {s.namespace for s in self._specs.values()} | set(self._lazy)

    def find(self, env_id: str) -> EnvSpec:
        """Resolve ``env_id`` to a spec, applying the id rules.

        - ``"module:Name-vN"`` imports ``module`` first (for envs registered on import);
        - ``Name`` without a version → the newest version, with a
          :class:`~gymkit.error.ResolvedIdWarning` naming it;
        - a deprecated version → :class:`~gymkit.error.DeprecatedEnv` naming the newest one;
        - errors otherwise: :class:`~gymkit.error.InvalidEnvId`,
          :class:`~gymkit.error.VersionNotFound` (lists the versions that exist),
          :class:`~gymkit.error.NameNotFound` / :class:`~gymkit.error.NamespaceNotFound` (with
          close matches), :class:`~gymkit.error.DependencyNotInstalled` (the pip command of a
          first-party family), :class:`~gymkit.error.PluginLoadError` (chained to the plugin's
          own error) and :class:`~gymkit.error.RegistrationClash`.
        """
        if not isinstance(env_id, str):
            parse_env_id(env_id)  # raises InvalidEnvId naming the type
        if ":" in env_id:
            module_name, _, env_id = env_id.partition(":")
            try:
                importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                raise error.UnregisteredEnv(
                    f"cannot import module {module_name!r} named before ':' in "
                    f"'{module_name}:{env_id}': {exc}"
                ) from exc
        self.discover()
        self._expand_for(env_id)
        env_spec = self._specs.get(env_id)
        if env_spec is not None:
            if env_spec.deprecated:
                raise error.DeprecatedEnv(self._deprecation_message(env_spec))
            return env_spec
        namespace, name, version = parse_env_id(env_id)
        if env_id in self._clashes:
            raise self._clash_error(env_id)
        versions = self.versions(namespace, name)
        if version is None:
            # An unversioned id must not silently skip a newer version that two plugins clash on.
            clashed = [c for c in self._clashes if parse_env_id(c)[:2] == (namespace, name)]
            newest_version = max((s.version or 0 for s in versions if not s.deprecated), default=-1)
            newest_clash = max(clashed, key=lambda c: parse_env_id(c)[2] or 0, default=None)
            if newest_clash is not None and (parse_env_id(newest_clash)[2] or 0) > newest_version:
                raise self._clash_error(newest_clash)
        if versions:
            newest = find_highest_version(versions)
            if version is None:
                if newest is None:
                    raise error.DeprecatedEnv(self._deprecation_message(versions[-1]))
                warnings.warn(
                    f"{env_id!r} has no version; using the newest, {newest.id!r}",
                    error.ResolvedIdWarning,
                    stacklevel=caller_stacklevel(),
                )
                return newest
            existing = ", ".join(s.id for s in versions)
            hint = f"; the newest is {newest.id!r}" if newest is not None else ""
            raise error.VersionNotFound(
                f"{env_id!r} is not registered: {get_env_id(namespace, name, None)!r} exists "
                f"only as {existing}{hint}"
            )
        raise self._not_found(env_id, namespace, name)

    def _clash_error(self, env_id: str) -> error.RegistrationClash:
        dists = " and ".join(f"distribution {d}" for d in self._clashes[env_id])
        return error.RegistrationClash(
            f"{env_id!r} is registered by both {dists}, so neither is served; uninstall one of "
            "them (pip uninstall <distribution>) to use the other"
        )

    def _deprecation_message(self, env_spec: EnvSpec) -> str:
        newest = find_highest_version(self.versions(env_spec.namespace, env_spec.name))
        if newest is None:
            return f"{env_spec.id!r} is deprecated and has no newer version"
        return f"{env_spec.id!r} is deprecated; use {newest.id!r} instead"

    def _not_found(self, env_id: str, namespace: str | None, name: str) -> error.Error:
        from gymkit.plugins import missing_family_error

        family_error = missing_family_error(self, env_id, namespace, name)
        if family_error is not None:
            return family_error
        import difflib

        namespaces = self.namespaces()
        if namespace is not None and namespace not in namespaces:
            known = sorted(n for n in namespaces if n is not None)
            close = difflib.get_close_matches(namespace, known, n=3)
            hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            listed = ", ".join(repr(n) for n in known) or "none"
            return error.NamespaceNotFound(
                f"namespace {namespace!r} of {env_id!r} does not exist (installed namespaces: "
                f"{listed}){hint or '.'} A namespace comes from installing its plugin."
            )
        same_namespace = sorted({s.name for s in self._specs.values() if s.namespace == namespace})
        close = difflib.get_close_matches(name, same_namespace, n=3)
        suggestions = [get_env_id(namespace, c, None) for c in close]
        if not suggestions:
            everywhere = sorted(
                {get_env_id(s.namespace, s.name, None) for s in self._specs.values()}
            )
            suggestions = difflib.get_close_matches(
                get_env_id(namespace, name, None), everywhere, n=3
            )
        where = "the root namespace" if namespace is None else f"namespace {namespace!r}"
        hint = f"; did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        return error.NameNotFound(
            f"no env named {name!r} in {where} (asked for {env_id!r}){hint or '.'} "
            "`gymkit list` shows every registered id."
        )


def find_highest_version(specs: Iterable[EnvSpec]) -> EnvSpec | None:
    """The non-deprecated spec with the highest version (an unversioned one counts lowest)."""
    best: EnvSpec | None = None
    for s in specs:
        if s.deprecated:
            continue
        if best is None or (s.version if s.version is not None else -1) > (
            best.version if best.version is not None else -1
        ):
            best = s
    return best


registry = Registry()
"""The process-wide registry ``gymkit.make`` and ``gymkit.register`` use."""


def register(
    id: str,
    entry_point: EnvCreator | str | None = None,
    *,
    reward_threshold: float | None = None,
    nondeterministic: bool = False,
    max_episode_steps: int | None = None,
    order_enforce: bool = True,
    disable_env_checker: bool = False,
    additional_wrappers: Sequence[WrapperSpec] = (),
    vector_entry_point: Callable[..., Any] | str | None = None,
    deprecated: bool = False,
    kwargs: Mapping[str, Any] | None = None,
) -> None:
    """Register env ``id`` (``[namespace/]Name[-vN]``) in the global registry from user code.

    ``entry_point`` is a callable returning an Env or a ``"module.path:ClassName"`` string
    (nothing is imported until ``make``). Registering an id again replaces it with a
    :class:`~gymkit.error.GymkitWarning`. Plugins register through the registry their
    ``gymkit_register_envs`` hook receives instead. Bad arguments raise
    :class:`~gymkit.error.InvalidEnvId` or :class:`~gymkit.error.RegistrationError`.
    """
    registry.register(
        id,
        entry_point,
        reward_threshold=reward_threshold,
        nondeterministic=nondeterministic,
        max_episode_steps=max_episode_steps,
        order_enforce=order_enforce,
        disable_env_checker=disable_env_checker,
        additional_wrappers=additional_wrappers,
        vector_entry_point=vector_entry_point,
        deprecated=deprecated,
        kwargs=kwargs,
    )


def spec(env_id: str) -> EnvSpec:
    """The :class:`EnvSpec` that ``make(env_id)`` would use (same resolution and errors)."""
    return registry.find(env_id)


# ----------------------------------------------------------------------------- make
def make(
    id_or_spec: str | EnvSpec,
    *,
    max_episode_steps: int | None = None,
    disable_env_checker: bool | None = None,
    render_mode: str | None = None,
    legacy: bool = False,
    **kwargs: Any,
) -> Env[Any, Any]:
    """Build the env ``id_or_spec`` names, wrapped in the standard stack.

    Calls ``entry_point(**spec.kwargs, **kwargs)`` (plus ``render_mode=`` when given), then wraps
    ``PassiveEnvChecker`` (unless ``disable_env_checker``, default: the spec's) →
    ``OrderEnforcing`` (if ``spec.order_enforce``) → ``TimeLimit`` (if ``max_episode_steps``,
    default: the spec's) → the spec's ``additional_wrappers`` → ``LegacyAPI`` (if ``legacy``).
    The fully resolved spec (kwargs included) is set on ``env.unwrapped.spec``, so
    ``make(env.spec)`` builds an identical env.

    Raises the resolution errors of :meth:`Registry.find`, and
    :class:`~gymkit.error.InvalidEnvKwargs` (naming the env and the keywords it accepts) when
    its constructor does not take one of the keywords.
    """
    if isinstance(id_or_spec, EnvSpec):
        env_spec = id_or_spec
    elif isinstance(id_or_spec, str):
        env_spec = registry.find(id_or_spec)
    else:
        raise error.InvalidEnvId(
            f"make expects an env id (str, e.g. 'CartPole-v1') or an EnvSpec, got {id_or_spec!r} "
            f"of type {type(id_or_spec).__name__}"
        )
    if env_spec.deprecated:
        raise error.DeprecatedEnv(registry._deprecation_message(env_spec))
    if env_spec.entry_point is None:
        raise error.RegistrationError(
            f"{env_spec.id!r} has only a vector_entry_point; build it with "
            f"gymkit.make_vec({env_spec.id!r}, num_envs=...)"
        )
    if max_episode_steps is not None and (
        isinstance(max_episode_steps, bool)
        or not isinstance(max_episode_steps, int)
        or max_episode_steps < 1
    ):
        raise error.InvalidEnvKwargs(
            f"make({env_spec.id!r}): max_episode_steps must be a positive int or None, "
            f"got {max_episode_steps!r}"
        )

    env_kwargs = {**env_spec.kwargs, **kwargs}
    if render_mode is not None:
        env_kwargs["render_mode"] = render_mode
    creator = env_spec.entry_point
    if isinstance(creator, str):
        creator = load_entry_point(creator)
    try:
        env = creator(**env_kwargs)
    except TypeError as exc:
        bad = _rejected_keywords(creator, env_kwargs)
        if bad is None:
            raise
        rejected, accepted = bad
        raise error.InvalidEnvKwargs(
            f"{env_spec.id} ({_describe(creator)}) does not accept the keyword(s) "
            f"{', '.join(rejected)}; it accepts: {', '.join(accepted) or 'no keywords'}"
        ) from exc
    if not isinstance(env, Env):
        raise error.RegistrationError(
            f"the entry point of {env_spec.id!r} ({_describe(creator)}) returned "
            f"{type(env).__name__}, expected a gymkit.Env"
        )

    resolved = env_spec.replace(
        kwargs=env_kwargs,
        max_episode_steps=(
            env_spec.max_episode_steps if max_episode_steps is None else max_episode_steps
        ),
        disable_env_checker=(
            env_spec.disable_env_checker if disable_env_checker is None else disable_env_checker
        ),
    )
    env.unwrapped.spec = resolved

    from gymkit.wrappers.common import OrderEnforcing, PassiveEnvChecker, TimeLimit

    if not resolved.disable_env_checker:
        env = PassiveEnvChecker(env)
    if resolved.order_enforce:
        env = OrderEnforcing(env)
    if resolved.max_episode_steps is not None:
        env = TimeLimit(env, resolved.max_episode_steps)
    for wrapper_spec in resolved.additional_wrappers:
        wrapper = wrapper_spec.entry_point
        if isinstance(wrapper, str):
            wrapper = load_entry_point(wrapper)
        env = wrapper(env, **(wrapper_spec.kwargs or {}))
    if legacy:
        from gymkit.wrappers.legacy import LegacyAPI

        env = LegacyAPI(env)
    return env


def _describe(obj: Any) -> str:
    module = getattr(obj, "__module__", None)
    qualname = getattr(obj, "__qualname__", None)
    return f"{module}:{qualname}" if module and qualname else repr(obj)


def _rejected_keywords(
    creator: Callable[..., Any], kwargs: Mapping[str, Any]
) -> tuple[list[str], list[str]] | None:
    """``(rejected, accepted)`` keyword names if ``creator`` cannot take ``kwargs``, else None."""
    import inspect

    try:
        signature = inspect.signature(creator)
    except (TypeError, ValueError):
        return None
    accepted: list[str] = []
    for parameter in signature.parameters.values():
        if parameter.kind is inspect.Parameter.VAR_KEYWORD:
            return None
        if parameter.kind in (
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            inspect.Parameter.KEYWORD_ONLY,
        ):
            accepted.append(parameter.name)
    rejected = [k for k in kwargs if k not in accepted]
    return (rejected, accepted) if rejected else None


# ----------------------------------------------------------------------------- listing
def pprint_registry(
    print_registry: Mapping[str, EnvSpec] | None = None,
    *,
    num_cols: int = 3,
    exclude_namespaces: Sequence[str] | None = None,
    disable_print: bool = False,
) -> str | None:
    """Print every registered id grouped by namespace, ``num_cols`` per line.

    Returns the text instead of printing it when ``disable_print`` is set.
    """
    source = registry if print_registry is None else print_registry
    groups: dict[str, list[str]] = {}
    for env_id, env_spec in source.items():
        namespace = env_spec.namespace or "(root)"
        if exclude_namespaces and namespace in exclude_namespaces:
            continue
        groups.setdefault(namespace, []).append(env_id)
    blocks = []
    for namespace in sorted(groups, key=lambda n: (n != "(root)", n.lower())):
        ids = sorted(groups[namespace])
        width = max(len(i) for i in ids) + 2
        rows = [
            "".join(i.ljust(width) for i in ids[k : k + num_cols]).rstrip()
            for k in range(0, len(ids), max(1, num_cols))
        ]
        blocks.append(f"===== {namespace} =====\n" + "\n".join(rows))
    text = "\n\n".join(blocks)
    if disable_print:
        return text
    print(text)
    return None


# ----------------------------------------------------------------------------- vector (helper F)
BUILTIN_VECTORIZATION_MODES = ("native", "sync", "async")
"""The modes ``make_vec`` implements itself; any other comes from a plugin."""
_VECTORIZATION_MODES = BUILTIN_VECTORIZATION_MODES
FIRST_PARTY_VECTORIZATION_MODES = {"ray": ("gymkit-ray", "pip install 'gymkit[ray]'")}
"""Plugin-provided modes the core knows: mode -> (distribution, install command)."""


def _plugin_vectorization_factory(mode: str) -> Callable[..., Any]:
    """The factory of plugin vectorization mode ``mode`` (imported now), or a clear error.

    Raises :class:`~gymkit.error.DependencyNotInstalled` for a first-party mode whose plugin is
    missing (naming the pip command), ``ValueError`` for a mode nobody offers.
    """
    from gymkit.plugins import vectorization_modes

    modes = vectorization_modes(registry)
    found = modes.get(mode)
    if found is not None:
        return load_entry_point(found.entry_point)
    known = FIRST_PARTY_VECTORIZATION_MODES.get(mode)
    if known is not None:
        distribution, install = known
        failure = next(
            (f for f in registry.failures.values() if f.distribution == distribution), None
        )
        if failure is not None:
            raise error.PluginLoadError(
                f"make_vec: vectorization_mode={mode!r} comes from {distribution}, which is "
                f"installed but failed to load: {type(failure.error).__name__}: {failure.error}"
            ) from failure.error
        raise error.DependencyNotInstalled(
            f"make_vec: vectorization_mode={mode!r} is provided by the {distribution} plugin, "
            f"which is not installed; install it with: {install}"
        )
    available = [*BUILTIN_VECTORIZATION_MODES, *sorted(modes)]
    raise ValueError(
        f"make_vec: vectorization_mode must be one of {available} or None, got {mode!r}"
        + (
            ""
            if not isinstance(mode, str)
            else "; other modes come from plugins (e.g. 'ray': pip install 'gymkit[ray]')"
        )
    )


def _make_wrapped_env(
    env_spec: EnvSpec,
    env_kwargs: dict[str, Any],
    wrappers: tuple[Callable[[Env[Any, Any]], Env[Any, Any]], ...],
) -> Env[Any, Any]:
    """One sub-env of ``make_vec``'s sync/async modes (module level, so it pickles)."""
    env = make(env_spec, **env_kwargs)
    for wrapper in wrappers:
        env = wrapper(env)
    return env


def make_vec(
    id: str | EnvSpec,
    num_envs: int = 1,
    vectorization_mode: str | None = None,
    vector_kwargs: dict[str, Any] | None = None,
    wrappers: Sequence[Callable[[Env[Any, Any]], Env[Any, Any]]] | None = None,
    **env_kwargs: Any,
) -> Any:
    """Build a vector env of ``num_envs`` copies of the env ``id`` names.

    ``vectorization_mode``:

    - ``"native"`` — the spec's ``vector_entry_point`` (a natively batched ``VectorEnv``) called
      as ``vector_entry_point(num_envs=..., max_episode_steps=spec's or given, **spec.kwargs,
      **env_kwargs, **vector_kwargs)``;
    - ``"sync"`` / ``"async"`` — :class:`~gymkit.vector.SyncVectorEnv` /
      :class:`~gymkit.vector.AsyncVectorEnv` of ``make(id, **env_kwargs)`` sub-envs, each
      wrapped in ``wrappers`` (callables ``env -> env``) in order; ``vector_kwargs`` go to the
      vector env's constructor (e.g. ``autoreset_mode``, ``context``, ``shared_memory``);
    - any other name — a mode a plugin offers through the ``gymkit_vectorization_modes`` hook
      (``"ray"``: :mod:`gymkit_ray`, ``pip install 'gymkit[ray]'``); its factory, imported only
      now, is called as ``factory(env_spec, num_envs, vector_kwargs, wrappers, env_kwargs)``
      and returns a :class:`~gymkit.vector.VectorEnv`;
    - ``None`` — ``"native"`` when the spec has a ``vector_entry_point``, else ``"sync"``.

    ``env_kwargs`` may hold ``make``'s keywords (``max_episode_steps``, ``render_mode``,
    ``disable_env_checker``) besides the env's own. ``wrappers`` need single sub-envs, so they
    are refused in native mode: wrap the vector env with :mod:`gymkit.vector.wrappers` instead.
    The vector env's ``spec`` is the resolved spec. Raises the resolution errors of ``make``,
    ``ValueError`` for a bad ``num_envs`` or an unknown mode, and
    :class:`~gymkit.error.DependencyNotInstalled` for a known plugin mode whose plugin is
    missing.
    """
    if isinstance(id, EnvSpec):
        env_spec = id
    elif isinstance(id, str):
        env_spec = registry.find(id)
    else:
        raise error.InvalidEnvId(
            f"make_vec expects an env id (str, e.g. 'CartPole-v1') or an EnvSpec, got {id!r}"
        )
    if env_spec.deprecated:
        raise error.DeprecatedEnv(registry._deprecation_message(env_spec))
    if isinstance(num_envs, bool) or not isinstance(num_envs, int) or num_envs < 1:
        raise ValueError(f"make_vec: num_envs must be an int >= 1, got {num_envs!r}")
    if vectorization_mode is None:
        vectorization_mode = "native" if env_spec.vector_entry_point is not None else "sync"
    vector_kwargs = dict(vector_kwargs or {})
    wrappers = tuple(wrappers or ())
    if vectorization_mode not in _VECTORIZATION_MODES:
        if not isinstance(vectorization_mode, str):
            raise ValueError(
                f"make_vec: vectorization_mode must be a str (one of {_VECTORIZATION_MODES} or "
                f"a plugin's mode) or None, got {vectorization_mode!r}"
            )
        factory = _plugin_vectorization_factory(vectorization_mode)
        plugin_env = factory(env_spec, num_envs, vector_kwargs, wrappers, dict(env_kwargs))
        _stamp_spec(plugin_env, env_spec, env_kwargs)
        return plugin_env

    if vectorization_mode == "native":
        if env_spec.vector_entry_point is None:
            raise error.RegistrationError(
                f"{env_spec.id!r} has no vector_entry_point, so no native vector env; use "
                "vectorization_mode='sync' or 'async'"
            )
        if wrappers:
            raise ValueError(
                "make_vec: wrappers apply to single sub-envs, which a native vector env does not "
                "have; use vectorization_mode='sync'/'async', or wrap the result with "
                "gymkit.vector.wrappers (e.g. VectorizeTransformObservation)"
            )
        creator = env_spec.vector_entry_point
        if isinstance(creator, str):
            creator = load_entry_point(creator)
        kwargs = {**env_spec.kwargs, **env_kwargs}
        kwargs.pop("disable_env_checker", None)
        kwargs.setdefault("max_episode_steps", env_spec.max_episode_steps)
        try:
            env = creator(num_envs=num_envs, **kwargs, **vector_kwargs)
        except TypeError as exc:
            bad = _rejected_keywords(creator, {**kwargs, **vector_kwargs})
            if bad is None:
                raise
            rejected, accepted = bad
            raise error.InvalidEnvKwargs(
                f"{env_spec.id} ({_describe(creator)}) does not accept the keyword(s) "
                f"{', '.join(rejected)}; it accepts: {', '.join(accepted) or 'no keywords'}"
            ) from exc
        env.spec = env_spec.replace(
            kwargs={k: v for k, v in kwargs.items() if k != "max_episode_steps"},
            max_episode_steps=kwargs["max_episode_steps"],
        )
        return env

    import functools

    from gymkit.vector import AsyncVectorEnv, SyncVectorEnv

    for index, wrapper in enumerate(wrappers):
        if not callable(wrapper):
            raise TypeError(
                f"make_vec: wrappers[{index}] must be a callable env -> env (a wrapper class or "
                f"a functools.partial of one), got {wrapper!r}"
            )
    env_fn = functools.partial(_make_wrapped_env, env_spec, dict(env_kwargs), wrappers)
    vector_class = SyncVectorEnv if vectorization_mode == "sync" else AsyncVectorEnv
    vector_env = vector_class([env_fn] * num_envs, **vector_kwargs)
    _stamp_spec(vector_env, env_spec, env_kwargs)
    return vector_env


def _stamp_spec(vector_env: Any, env_spec: EnvSpec, env_kwargs: Mapping[str, Any]) -> None:
    """Set ``vector_env.spec`` to ``env_spec`` resolved with the ``make`` keywords given."""
    resolved_kwargs = {
        k: v
        for k, v in env_kwargs.items()
        if k not in ("max_episode_steps", "disable_env_checker", "render_mode")
    }
    vector_env.spec = env_spec.replace(
        kwargs={**env_spec.kwargs, **resolved_kwargs},
        max_episode_steps=env_kwargs.get("max_episode_steps", env_spec.max_episode_steps),
    )
