"""Plugin discovery: the ``gymkit.plugins`` entry points, loaded once through pluggy.

A plugin is a module named by an entry point of the ``gymkit.plugins`` group; the entry point's
name is the plugin's namespace. :func:`discover_into` (called by the registry on its first
look-up) imports each such module, registers it with a ``pluggy.PluginManager("gymkit")`` and
calls its ``gymkit_register_envs`` hook with a :class:`PluginRegistry` that enforces the rules:

- a third-party plugin registers ids only inside its own namespace (``username/Env-v0``);
- the first-party families of :data:`FIRST_PARTY_FAMILIES` may also use the root namespace;
- a plugin that fails (import error, hook error, rule violation, a ``@hookimpl`` whose name is
  no gymkit hook) is isolated: none of its envs are registered, a
  :class:`~gymkit.error.PluginWarning` (located at the failing line of the plugin) names its
  distribution and the error, and ``make`` of an id in its namespace raises
  :class:`~gymkit.error.PluginLoadError` chained to that error;
- a plugin that loads but registers no env (no hook, a misspelled or unmarked hook) is warned
  about, naming its module and the likely cause, and ``make`` of its namespace says so;
- a plugin whose discovery takes longer than :func:`load_budget` is warned about;
- every later hook call (``gymkit_family_info``, ``gymkit_vectorization_modes``) isolates the
  plugin the same way;
- a plugin whose namespace is populated on demand (a bridge to another registry) implements
  ``gymkit_register_lazy_envs``: :func:`expand_into` calls it on the first look-up or listing of
  that namespace (:meth:`~gymkit.registration.Registry.expand`), never at discovery;
- an id registered by two distributions is served by neither; looking it up raises
  :class:`~gymkit.error.RegistrationClash` naming both.

Only entry points are loaded here: plugins pass entry points as strings, so no env module or
engine is imported before ``make``. The list of entry points itself comes from
:func:`plugin_entry_points`, which caches what :mod:`importlib.metadata` reports, keyed by a
fingerprint of the installed distributions (see docs/architecture.md, "Plugins").
"""

from __future__ import annotations

import importlib
import os
import re
import sys
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from types import FunctionType, TracebackType
from typing import TYPE_CHECKING, Any, NamedTuple

from gymkit import error
from gymkit.error import PluginLoadError
from gymkit.registration import EnvSpec, WrapperSpec, caller_stacklevel, parse_env_id

if TYPE_CHECKING:
    from types import ModuleType

    import pluggy

    from gymkit.registration import EnvCreator, Registry

__all__ = [
    "CACHE_DIR_ENV_VAR",
    "DEFAULT_LOAD_BUDGET",
    "ENTRY_POINT_GROUP",
    "FIRST_PARTY_FAMILIES",
    "LOAD_BUDGET_ENV_VAR",
    "NO_CACHE_ENV_VAR",
    "UNKNOWN_DISTRIBUTION",
    "Family",
    "PluginEntryPoint",
    "PluginFailure",
    "PluginInfo",
    "PluginRegistry",
    "cache_dir",
    "discover_into",
    "environment_fingerprint",
    "expand_into",
    "family_for_id",
    "family_info",
    "hook_names",
    "load_budget",
    "missing_family_error",
    "namespace_problem",
    "plugin_entry_points",
    "read_entry_points",
    "vectorization_modes",
]

ENTRY_POINT_GROUP = "gymkit.plugins"
UNKNOWN_DISTRIBUTION = "<unknown distribution>"
"""What :class:`PluginEntryPoint` names when an entry point has no distribution behind it."""


class Family(NamedTuple):
    """A first-party env family: allowed in the root namespace, known for install hints."""

    namespace: str
    """The name of the family's entry point (its own namespace)."""
    distribution: str
    """The distribution that must provide that entry point."""
    install: str
    """The command that installs the family."""
    root_names: frozenset[str] = frozenset()
    """Root-namespace env names (without version) the family provides."""
    root_pattern: str | None = None
    """A regular expression matching further root-namespace names of the family."""


FIRST_PARTY_FAMILIES: tuple[Family, ...] = (
    Family(
        "classic",
        "gymkit-classic",
        "pip install gymkit-classic  (it comes with: pip install gymkit)",
        frozenset(
            {
                "CartPole",
                "MountainCar",
                "MountainCarContinuous",
                "Pendulum",
                "Acrobot",
                "FrozenLake",
                "FrozenLake8x8",
                "CliffWalking",
                "Taxi",
                "Blackjack",
                "Copy",
                "DuplicatedInput",
                "RepeatCopy",
                "Reverse",
                "ReversedAddition",
                "ReversedAddition3",
            }
        ),
    ),
    Family(
        "ALE",
        "gymkit-atari",
        "pip install 'gymkit[atari]'",
        # Gym's v4 ids: PongNoFrameskip-v4, Pong-ramDeterministic-v4, and the plain Pong-v4 /
        # Pong-ram-v4 of the original collection's games.
        root_pattern=(
            r".+(NoFrameskip|Deterministic)|(Adventure|AirRaid|Alien|Amidar|Assault|Asterix|"
            r"Asteroids|Atlantis|BankHeist|BattleZone|BeamRider|Berzerk|Bowling|Boxing|Breakout|"
            r"Carnival|Centipede|ChopperCommand|CrazyClimber|Defender|DemonAttack|DoubleDunk|"
            r"ElevatorAction|Enduro|FishingDerby|Freeway|Frostbite|Gopher|Gravitar|Hero|"
            r"IceHockey|Jamesbond|JourneyEscape|Kangaroo|Krull|KungFuMaster|MontezumaRevenge|"
            r"MsPacman|NameThisGame|Phoenix|Pitfall|Pong|Pooyan|PrivateEye|Qbert|Riverraid|"
            r"RoadRunner|Robotank|Seaquest|Skiing|Solaris|SpaceInvaders|StarGunner|Tennis|"
            r"TimePilot|Tutankham|UpNDown|Venture|VideoPinball|WizardOfWor|YarsRevenge|Zaxxon)"
            r"(-ram)?"
        ),
    ),
    Family(
        "box2d",
        "gymkit-box2d",
        "pip install 'gymkit[box2d]'",
        frozenset(
            {
                "LunarLander",
                "LunarLanderContinuous",
                "BipedalWalker",
                "BipedalWalkerHardcore",
                "CarRacing",
            }
        ),
    ),
    Family(
        "mujoco",
        "gymkit-mujoco",
        "pip install 'gymkit[mujoco]'",
        frozenset(
            {
                "Ant",
                "HalfCheetah",
                "Hopper",
                "Humanoid",
                "HumanoidStandup",
                "InvertedDoublePendulum",
                "InvertedPendulum",
                "Pusher",
                "Reacher",
                "Swimmer",
                "Walker2d",
            }
        ),
    ),
    Family(
        "robotics",
        "gymkit-robotics",
        "pip install 'gymkit[robotics]'",
        frozenset({"FrankaKitchen"}),
        root_pattern=r"(Fetch|Hand|AdroitHand|PointMaze_|AntMaze_).+",
    ),
)
_FAMILIES_BY_NAMESPACE = {f.namespace: f for f in FIRST_PARTY_FAMILIES}


def normalize_distribution(name: str) -> str:
    """The PEP 503 normal form of a distribution name (``Gymkit_Classic`` → ``gymkit-classic``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def family_for_id(namespace: str | None, name: str) -> Family | None:
    """The first-party family that provides ``namespace/name``, if the core knows one."""
    if namespace is not None:
        return _FAMILIES_BY_NAMESPACE.get(namespace)
    for family in FIRST_PARTY_FAMILIES:
        if name in family.root_names or (
            family.root_pattern is not None and re.fullmatch(family.root_pattern, name)
        ):
            return family
    return None


def is_first_party(namespace: str, distribution: str) -> bool:
    """Whether entry point ``namespace`` of ``distribution`` is a first-party family."""
    family = _FAMILIES_BY_NAMESPACE.get(namespace)
    return family is not None and family.distribution == normalize_distribution(distribution)


# ----------------------------------------------------------------------------- records
class PluginInfo(NamedTuple):
    """A plugin that loaded: its namespace, distribution, module and the ids it registered."""

    namespace: str
    distribution: str
    version: str
    module: ModuleType
    first_party: bool
    env_ids: list[str]
    problems: tuple[str, ...] = ()
    """What is wrong with a plugin that loaded (e.g. why it registered no env); warned once."""
    load_seconds: float = 0.0
    """Wall time its discovery took: import, pluggy registration and ``gymkit_register_envs``."""
    lazy: bool = False
    """Whether it populates its namespace on demand (``gymkit_register_lazy_envs``): its
    ``env_ids`` grow when :meth:`~gymkit.registration.Registry.expand` runs that hook."""

    @property
    def module_name(self) -> str:
        """The name of the plugin's hook module (what its entry point names)."""
        return str(getattr(self.module, "__name__", self.module))

    def empty_error(self, env_id: str) -> PluginLoadError:
        """The error ``make(env_id)`` raises when this plugin loaded but registered no env."""
        why = "; ".join(self.problems) or "its gymkit_register_envs hook registered no id"
        return PluginLoadError(
            f"cannot make {env_id!r}: the gymkit plugin {self.namespace!r} from distribution "
            f"{self.distribution} {self.version} is installed and its module "
            f"{self.module_name} loaded, but it registered no env: {why}"
        )


class PluginFailure(NamedTuple):
    """A plugin that failed to load; ``error`` is the original exception."""

    namespace: str
    distribution: str
    version: str
    error: BaseException

    def load_error(self, env_id: str) -> PluginLoadError:
        """The error ``make(env_id)`` raises, chained to the plugin's original error."""
        exc = PluginLoadError(
            f"cannot make {env_id!r}: the gymkit plugin {self.namespace!r} from distribution "
            f"{self.distribution} {self.version} failed to load: "
            f"{type(self.error).__name__}: {self.error}"
        )
        exc.__cause__ = self.error
        return exc


# ----------------------------------------------------------------------------- the hook's registry
class PluginRegistry:
    """The registry a plugin's ``gymkit_register_envs`` hook receives.

    :meth:`register` takes the same arguments as :func:`gymkit.register`; it stamps each spec
    with the plugin's distribution and refuses ids outside the plugin's namespace with
    :class:`~gymkit.error.NamespaceViolation`. Nothing is added to the global registry unless
    the hook returns without error.
    """

    def __init__(
        self, namespace: str, distribution: str, version: str, *, root_allowed: bool
    ) -> None:
        self.namespace = namespace
        self.distribution = distribution
        self.version = version
        self.root_allowed = root_allowed
        self.specs: dict[str, EnvSpec] = {}

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
        """Register ``id`` for this plugin and return its spec.

        Raises :class:`~gymkit.error.NamespaceViolation` for an id outside the plugin's
        namespace and :class:`~gymkit.error.RegistrationError` for an id registered twice.
        """
        namespace, name, version = parse_env_id(id)
        if namespace != self.namespace and not (namespace is None and self.root_allowed):
            example = f"{self.namespace}/{name}" + ("" if version is None else f"-v{version}")
            raise error.NamespaceViolation(
                f"plugin {self.namespace!r} of distribution {self.distribution} registered "
                f"{id!r} outside its namespace; a plugin registers only ids of the form "
                f"'{self.namespace}/Name-vN' (its entry point's name), e.g. {example!r}"
            )
        if id in self.specs:
            raise error.RegistrationError(
                f"plugin {self.namespace!r} of distribution {self.distribution} registered "
                f"{id!r} twice; register each id once (a variant gets its own name or a new "
                "version)"
            )
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
            distribution=self.distribution,
            distribution_version=self.version,
        )
        self.specs[id] = env_spec
        return env_spec


# ----------------------------------------------------------------------------- entry points
class PluginEntryPoint(NamedTuple):
    """One ``gymkit.plugins`` entry point of an installed distribution."""

    name: str
    """The entry point's name: the plugin's namespace."""
    value: str
    """What it points at: ``"module"`` or ``"module:attr"`` (optionally followed by extras)."""
    distribution: str
    """The distribution that declares it, in PEP 503 normal form."""
    version: str
    """That distribution's version."""

    def load(self) -> Any:
        """Import the module (and attribute) the entry point names, like ``EntryPoint.load``."""
        target = self.value.partition("[")[0]  # extras ("mod:attr [extra]") do not matter here
        module_name, colon, attr = (part.strip() for part in target.partition(":"))
        attributes = attr.split(".") if colon else []
        if not all(part.isidentifier() for part in [*module_name.split("."), *attributes]):
            raise error.RegistrationError(
                f"entry point {self.name} = {self.value!r} of distribution {self.distribution} "
                "is not of the form 'module.path' or 'module.path:attribute'"
            )
        obj = importlib.import_module(module_name)
        for name in attributes:
            obj = getattr(obj, name)
        return obj


NO_CACHE_ENV_VAR = "GYMKIT_NO_PLUGIN_CACHE"
"""Set to a non-empty value other than ``0`` to read entry points without the discovery cache."""
CACHE_DIR_ENV_VAR = "GYMKIT_CACHE_DIR"
"""Overrides the directory of gymkit's caches (default: the platform's user cache dir)."""
_CACHE_FORMAT = "gymkit plugin entry points, cache format 1"
_CACHE_PREFIX = "plugins-"
_CACHE_KEEP = 32
"""Cache files kept per cache dir (one per interpreter and ``sys.path``); older ones are pruned."""


def plugin_entry_points() -> list[PluginEntryPoint]:
    """The ``gymkit.plugins`` entry points of the installed distributions, sorted by name.

    Reading entry points through :mod:`importlib.metadata` costs tens of milliseconds (the
    module alone pulls in :mod:`email`), so the answer is cached in a file of the user cache
    dir (:func:`cache_dir`), together with a fingerprint of every distribution visible on
    ``sys.path`` (see :func:`environment_fingerprint`). The cache answers only when the
    fingerprint is unchanged; any install, uninstall or upgrade changes it, so the cache never
    serves stale plugins. A missing, corrupted or unwritable cache falls back silently to
    :mod:`importlib.metadata`; :data:`NO_CACHE_ENV_VAR` disables the cache altogether.
    """
    if os.environ.get(NO_CACHE_ENV_VAR, "") not in ("", "0"):
        return read_entry_points()
    fingerprint = environment_fingerprint()  # taken before reading: a racing install → a miss
    if fingerprint is None:
        return read_entry_points()
    path = _cache_file()
    if path is not None:
        cached = _read_cache(path, fingerprint)
        if cached is not None:
            return cached
    found = read_entry_points()
    if path is not None:
        _write_cache(path, fingerprint, found)
    return found


def read_entry_points() -> list[PluginEntryPoint]:
    """The ``gymkit.plugins`` entry points, read through :mod:`importlib.metadata` (no cache)."""
    from importlib.metadata import entry_points

    found = []
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        distribution, version = UNKNOWN_DISTRIBUTION, "?"
        dist = getattr(entry_point, "dist", None)
        if dist is not None:
            metadata = dist.metadata  # parsed once for both fields
            name, version = metadata["Name"], metadata["Version"] or "?"
            distribution = normalize_distribution(name) if name else distribution
        found.append(PluginEntryPoint(entry_point.name, entry_point.value, distribution, version))
    return sorted(found, key=lambda ep: ep.name)


def cache_dir() -> str | None:
    r"""gymkit's cache directory: ``$GYMKIT_CACHE_DIR``, else the platform's user cache dir.

    Linux and others: ``$XDG_CACHE_HOME/gymkit`` (default ``~/.cache/gymkit``); macOS:
    ``~/Library/Caches/gymkit``; Windows: ``%LOCALAPPDATA%\gymkit\Cache``. ``None`` when no
    home directory is known (then nothing is cached).
    """
    override = os.environ.get(CACHE_DIR_ENV_VAR)
    if override:
        return override
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser(r"~\AppData\Local")
        path = os.path.join(base, "gymkit", "Cache")
    elif sys.platform == "darwin":
        path = os.path.expanduser("~/Library/Caches/gymkit")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
        path = os.path.join(base, "gymkit")
    return None if path.startswith("~") else path


def _cache_file() -> str | None:
    """The cache file of this interpreter and ``sys.path`` (several environments coexist)."""
    directory = cache_dir()
    if directory is None:
        return None
    try:
        key = "\0".join([sys.executable, *sys.path]).encode("utf-8", "surrogatepass")
    except (TypeError, UnicodeError):
        return None
    # hash() of a tuple of ints is stable across processes (str hashes are salted); a collision
    # only costs a miss, since the file holds the full fingerprint.
    digest = hash(tuple(key)) & 0xFFFFFFFFFFFFFFFF
    return os.path.join(directory, f"{_CACHE_PREFIX}{digest:016x}.txt")


def _stat_text(path: str) -> str:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return "-"
    return f"{st.st_mtime_ns},{st.st_ctime_ns},{st.st_size},{st.st_ino}"


def environment_fingerprint() -> str | None:
    """A cheap text that changes whenever the entry points visible on ``sys.path`` may change.

    It lists every ``sys.path`` entry and, in each directory, every ``*.dist-info`` and
    ``*.egg-info`` (and an ``.egg``'s ``EGG-INFO``) — the places :mod:`importlib.metadata`
    reads — with the stat (mtime, ctime, size, inode) of its ``entry_points.txt`` and, when
    that exists, of its ``METADATA``/``PKG-INFO`` (name and version); a zip on ``sys.path`` is
    stat-ed whole. ``None`` when the cache cannot be trusted: a ``sys.meta_path`` finder other
    than the standard ``PathFinder`` provides distributions, or ``sys.path`` holds entries that
    cannot be written as one line.
    """
    path_finder = getattr(sys.modules.get("_frozen_importlib_external"), "PathFinder", None)
    for finder in sys.meta_path:
        if finder is not path_finder and hasattr(finder, "find_distributions"):
            return None
    lines = [_CACHE_FORMAT, f"python {sys.hexversion} {sys.implementation.cache_tag}"]
    for entry in sys.path:
        if not isinstance(entry, str) or "\n" in entry or "\r" in entry:
            return None
        root = entry or "."
        try:
            children = os.listdir(root)
        except NotADirectoryError:  # a zip or egg file: any change rewrites it
            lines.append(f"file {entry}\t{_stat_text(root)}")
            continue
        except (OSError, ValueError):  # ValueError: a NUL in the path; importlib skips it too
            lines.append(f"none {entry}")
            continue
        lines.append(f"dir {entry}")
        is_egg = os.path.basename(root).lower().endswith(".egg")
        infos = [
            child
            for child in children
            if child[-4:].lower() == "info"  # cheap pre-filter: most children are modules
            and (
                child.lower().endswith((".dist-info", ".egg-info"))
                or (is_egg and child.lower() == "egg-info")
            )
        ]
        for child in sorted(infos):
            info = os.path.join(root, child)
            entry_points_stat = _stat_text(os.path.join(info, "entry_points.txt"))
            line = f"\t{child}\t{entry_points_stat}"
            if entry_points_stat != "-":
                metadata = _stat_text(os.path.join(info, "METADATA"))
                line += f"\t{metadata}\t{_stat_text(os.path.join(info, 'PKG-INFO'))}"
            lines.append(line)
    return "\n".join(lines)


def _read_cache(path: str, fingerprint: str) -> list[PluginEntryPoint] | None:
    """The entry points cached in ``path`` for ``fingerprint``; ``None`` if absent or unusable.

    A file another user owns is ignored: it names the modules discovery imports.
    """
    try:
        # surrogateescape: file names that are not UTF-8 (in the fingerprint) round-trip.
        with open(path, encoding="utf-8", errors="surrogateescape") as file:
            if hasattr(os, "getuid") and os.fstat(file.fileno()).st_uid != os.getuid():
                return None
            text = file.read()
    except (OSError, ValueError):
        return None
    stored, sep, body = text.partition("\n\n")
    if not sep or stored != fingerprint or not body.endswith("end\n"):
        return None
    found = []
    for line in body[: -len("end\n")].splitlines():
        fields = line.split("\t")
        if len(fields) != 4 or not all(fields):
            return None
        found.append(PluginEntryPoint(*fields))
    return found


def _write_cache(path: str, fingerprint: str, found: list[PluginEntryPoint]) -> None:
    """Store ``found`` for ``fingerprint`` atomically (temp file + ``os.replace``); never raises.

    Each ``sys.path`` (a script's directory comes first in it) has its own file, so the oldest
    files beyond :data:`_CACHE_KEEP`, and temp files left by killed processes, are removed.
    """
    fields = [field for entry_point in found for field in entry_point]
    if not all(fields) or any(c in field for field in fields for c in "\t\n\r"):
        return  # not representable in the line format: simply not cached
    body = "".join("\t".join(entry_point) + "\n" for entry_point in found)
    directory = os.path.dirname(path)
    temp = f"{path}.{os.getpid()}-{os.urandom(4).hex()}.tmp"
    try:
        os.makedirs(directory, exist_ok=True)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with open(fd, "w", encoding="utf-8", errors="surrogateescape") as file:
            file.write(f"{fingerprint}\n\n{body}end\n")
        os.replace(temp, path)
    except (OSError, ValueError):  # ValueError: a str no encoding can write (lone surrogates)
        _remove(temp)
        return
    _prune(directory)


def _remove(path: str) -> None:
    import contextlib

    with contextlib.suppress(OSError):  # already gone, or not ours to remove
        os.unlink(path)


def _prune(directory: str) -> None:
    """Remove all but the newest :data:`_CACHE_KEEP` cache files, and stale temp files."""
    try:
        names = [n for n in os.listdir(directory) if n.startswith(_CACHE_PREFIX)]
    except OSError:
        return
    if len(names) <= _CACHE_KEEP and not any(n.endswith(".tmp") for n in names):
        return
    import time

    now = time.time()
    files: list[tuple[float, str]] = []
    for name in names:
        path = os.path.join(directory, name)
        try:
            mtime = os.stat(path).st_mtime
        except OSError:
            continue
        if name.endswith(".tmp"):
            if now - mtime > 600:  # a writer finishes in milliseconds; this one was killed
                _remove(path)
        else:
            files.append((mtime, path))
    files.sort(reverse=True)
    for _, path in files[_CACHE_KEEP:]:
        _remove(path)


# ----------------------------------------------------------------------------- discovery
LOAD_BUDGET_ENV_VAR = "GYMKIT_PLUGIN_LOAD_BUDGET"
"""Seconds one plugin's discovery may take before a :class:`~gymkit.error.PluginWarning`."""
DEFAULT_LOAD_BUDGET = 0.2
"""The default of :data:`LOAD_BUDGET_ENV_VAR`: a plugin module that only registers string entry
points loads in about a millisecond; one that imports an engine takes tenths of a second."""


def load_budget() -> float:
    """The per-plugin discovery budget in seconds: ``$GYMKIT_PLUGIN_LOAD_BUDGET`` or 0.2.

    ``inf`` disables the warning. A value that is not a non-negative number is ignored, with a
    :class:`~gymkit.error.PluginWarning` naming it.
    """
    text = os.environ.get(LOAD_BUDGET_ENV_VAR, "").strip()
    if not text:
        return DEFAULT_LOAD_BUDGET
    try:
        budget = float(text)
    except ValueError:
        budget = -1.0
    if not budget >= 0:  # also rejects nan
        warnings.warn(
            f"{LOAD_BUDGET_ENV_VAR}={text!r} is not a number of seconds >= 0 (e.g. 0.5, or inf "
            f"to never warn); using the default {DEFAULT_LOAD_BUDGET}",
            error.PluginWarning,
            stacklevel=caller_stacklevel(),
        )
        return DEFAULT_LOAD_BUDGET
    return budget


def hook_names() -> list[str]:
    """The names of every hook :mod:`gymkit.hookspecs` declares, sorted."""
    from gymkit import hookspecs

    marker = f"{hookspecs.PROJECT}_spec"
    return sorted(
        name
        for name, obj in vars(hookspecs).items()
        if isinstance(obj, FunctionType) and hasattr(obj, marker)
    )


Location = tuple[str, int]
"""A (file name, line number) a warning is attributed to."""


def _is_internal(filename: str, module: str) -> bool:
    """Whether a frame belongs to gymkit's discovery machinery rather than a plugin."""
    return (
        filename.startswith("<frozen")
        or module in ("gymkit", "_frozen_importlib", "_frozen_importlib_external")
        or module.startswith(("gymkit.", "pluggy", "importlib"))
    )


def _error_location(exc: BaseException) -> Location | None:
    """The innermost line of ``exc``'s traceback outside gymkit, pluggy and importlib.

    For a plugin that fails on import or in its hook, that is the plugin's own failing line
    (its ``import engine`` statement, its ``registry.register`` call, its ``raise``).
    """
    found: Location | None = None
    tb: TracebackType | None = exc.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        filename = frame.f_code.co_filename
        if not _is_internal(filename, str(frame.f_globals.get("__name__", ""))):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _object_location(obj: Any) -> Location | None:
    """Where a function is defined, or the first line of a module's file."""
    code = getattr(obj, "__code__", None)
    if code is not None:
        return code.co_filename, code.co_firstlineno
    filename = getattr(obj, "__file__", None)
    return (str(filename), 1) if filename else None


def _warn_plugin(message: str, location: Location | None) -> None:
    """Emit a :class:`~gymkit.error.PluginWarning` attributed to ``location`` in the plugin.

    Without a location (nothing of the plugin was imported), the warning points at the user's
    line that triggered discovery.
    """
    if location is None:
        warnings.warn(message, error.PluginWarning, stacklevel=caller_stacklevel())
        return
    filename, lineno = location
    module = os.path.splitext(os.path.basename(filename))[0] or "<plugin>"
    warnings.warn_explicit(message, error.PluginWarning, filename, lineno, module=module)


def discover_into(registry: Registry) -> None:
    """Load every ``gymkit.plugins`` entry point once and register its envs in ``registry``."""
    import pluggy

    from gymkit import hookspecs

    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    registry.plugin_manager = manager
    budget = load_budget()
    for entry_point in plugin_entry_points():
        _load_plugin(registry, manager, entry_point, budget)


class _HookReport(NamedTuple):
    """What :func:`_inspect_hooks` found in a plugin's hook object."""

    implemented: list[str]
    """The gymkit hooks it implements with ``@hookimpl``."""
    unknown: list[tuple[str, Any]]
    """``@hookimpl`` functions whose name is no gymkit hook, with the function."""
    notes: list[tuple[str, Any]]
    """Unmarked functions that look like hooks: (what is wrong, the function)."""


def _closest_hook(name: str, names: Sequence[str], cutoff: float) -> str | None:
    import difflib  # only for a plugin with a suspicious name: keep discovery's imports light

    close = difflib.get_close_matches(name, names, n=1, cutoff=cutoff)
    return close[0] if close else None


def _inspect_hooks(plugin: Any, manager: pluggy.PluginManager) -> _HookReport:
    """Check the functions of ``plugin`` against the hook specs, as ``check_pending`` would.

    pluggy silently ignores unmarked functions and keeps marked ones without a spec pending;
    here both are caught with the closest correct hook name.
    """
    names = hook_names()
    report = _HookReport([], [], [])
    for attr in sorted(dir(plugin)):
        if not attr.startswith("gymkit_"):
            continue
        try:
            obj = getattr(plugin, attr)
        except Exception:  # a property of a plugin object raising: not a hook anyway
            continue
        if not callable(obj):
            continue
        marked = manager.parse_hookimpl_opts(plugin, attr) is not None
        if marked and attr in names:
            report.implemented.append(attr)
        elif marked:
            report.unknown.append((attr, obj))
        elif attr in names:
            report.notes.append(
                (
                    f"{attr} is not marked with @hookimpl (from gymkit.hookspecs import "
                    "hookimpl), so it is never called",
                    obj,
                )
            )
        else:
            close = _closest_hook(attr, names, cutoff=0.75)
            if close is not None:
                report.notes.append((f"{attr} is not a gymkit hook; did you mean {close}?", obj))
    return report


def _unknown_hook_error(
    plugin: Any, module_name: str, unknown: list[tuple[str, Any]]
) -> BaseException:
    """pluggy's validation error for ``@hookimpl`` functions that match no hook spec."""
    import pluggy

    names = hook_names()
    parts = []
    for attr, _ in unknown:
        close = _closest_hook(attr, names, cutoff=0.5)
        hint = f"; did you mean {close}?" if close else ""
        parts.append(f"{attr} is marked @hookimpl but is not a gymkit hook{hint}")
    return pluggy.PluginValidationError(
        plugin,
        f"module {module_name}: {'; '.join(parts)} (the gymkit hooks: {', '.join(names)})",
    )


def _load_plugin(
    registry: Registry,
    manager: pluggy.PluginManager,
    entry_point: PluginEntryPoint,
    budget: float = DEFAULT_LOAD_BUDGET,
) -> None:
    namespace = entry_point.name
    distribution, version = entry_point.distribution, entry_point.version
    module_name = entry_point.value.partition("[")[0].partition(":")[0].strip()
    started = time.perf_counter()

    def fail(exc: BaseException, stage: str, location: Location | None = None) -> None:
        registry._record_failure(PluginFailure(namespace, distribution, version, exc))
        _warn_plugin(
            f"gymkit plugin {namespace!r} from distribution {distribution} {version} (module "
            f"{module_name}) failed to {stage} and is skipped: {type(exc).__name__}: {exc}. "
            f"Other plugins still work; making an env of namespace {namespace!r} re-raises "
            "this error.",
            _error_location(exc) or location,
        )

    try:
        parse_env_id(f"{namespace}/X")
    except error.InvalidEnvId:
        fail(
            error.RegistrationError(
                f"entry point name {namespace!r} is not a valid namespace (letters, digits, "
                "'_', '-', '.')"
            ),
            "load",
        )
        return
    try:
        module = entry_point.load()
    except Exception as exc:
        fail(exc, "import")
        return
    location = _object_location(sys.modules.get(module_name)) or _object_location(module)
    hooks = _inspect_hooks(module, manager)
    if hooks.unknown:
        fail(
            _unknown_hook_error(module, module_name, hooks.unknown),
            "validate its hooks",
            _object_location(hooks.unknown[0][1]) or location,
        )
        return
    try:
        manager.register(module, name=f"{distribution}:{namespace}")
    except Exception as exc:
        fail(exc, "register with pluggy", location)
        return
    plugin_registry = PluginRegistry(
        namespace, distribution, version, root_allowed=is_first_party(namespace, distribution)
    )
    others = [p for p in manager.get_plugins() if p is not module]
    try:
        manager.subset_hook_caller("gymkit_register_envs", remove_plugins=others)(
            registry=plugin_registry
        )
    except Exception as exc:
        manager.unregister(module)
        fail(exc, "register its envs", location)
        return
    seconds = time.perf_counter() - started
    problems = [note for note, _ in hooks.notes]
    lazy = "gymkit_register_lazy_envs" in hooks.implemented
    if not plugin_registry.specs and not lazy:
        if "gymkit_register_envs" in hooks.implemented:
            problems.append("its gymkit_register_envs hook called registry.register() for no id")
        elif hooks.notes:
            pass  # the notes say why no hook ran
        elif not hooks.implemented:
            problems.append("it implements no gymkit hook")
        elif "gymkit_vectorization_modes" not in hooks.implemented:
            problems.append("it does not implement gymkit_register_envs")
        # else: a plugin that only offers vectorization modes (gymkit-ray) registers no env
    if problems:
        what = "registered no env" if not plugin_registry.specs else "has a problem"
        detail = "; ".join(problems)
        detail += "" if detail.endswith("?") else "."
        _warn_plugin(
            f"gymkit plugin {namespace!r} from distribution {distribution} {version} (module "
            f"{module_name}) {what}: {detail} Mark each hook with @hookimpl "
            f"(from gymkit.hookspecs import hookimpl); the gymkit hooks are "
            f"{', '.join(hook_names())}.",
            _object_location(hooks.notes[0][1]) if hooks.notes else location,
        )
    if seconds > budget:
        _warn_plugin(
            f"gymkit plugin {namespace!r} from distribution {distribution} {version} (module "
            f"{module_name}) took {seconds:.2f} s to load, more than the {budget:g} s budget "
            f"(${LOAD_BUDGET_ENV_VAR}); every gymkit process pays this on its first look-up. "
            "Register string entry points ('package.env:EnvClass') and import no engine or "
            "other heavy module in the plugin module: import them in the env module, which "
            "only make() loads.",
            location,
        )
    for env_spec in plugin_registry.specs.values():
        registry._add_plugin_spec(env_spec)
    registry._record_plugin(
        PluginInfo(
            namespace,
            distribution,
            version,
            module,
            plugin_registry.root_allowed,
            list(plugin_registry.specs),
            tuple(problems),
            seconds,
            lazy,
        )
    )


def expand_into(registry: Registry, plugin: PluginInfo) -> None:
    """Run ``plugin``'s ``gymkit_register_lazy_envs`` hook and add the envs it registers.

    The same rules as discovery apply (namespace, no duplicate id); a hook that raises is
    isolated like a plugin that failed to load: a :class:`~gymkit.error.PluginWarning` names the
    distribution and the error, none of its lazy envs are added, and ``make`` of an id in its
    namespace raises :class:`~gymkit.error.PluginLoadError` chained to that error.
    """
    manager = registry.plugin_manager
    if manager is None:
        return
    plugin_registry = PluginRegistry(
        plugin.namespace, plugin.distribution, plugin.version, root_allowed=plugin.first_party
    )
    others = [p for p in manager.get_plugins() if p is not plugin.module]
    try:
        manager.subset_hook_caller("gymkit_register_lazy_envs", remove_plugins=others)(
            registry=plugin_registry
        )
    except Exception as exc:
        registry._record_failure(
            PluginFailure(plugin.namespace, plugin.distribution, plugin.version, exc)
        )
        _warn_plugin(
            f"gymkit plugin {plugin.namespace!r} from distribution {plugin.distribution} "
            f"{plugin.version} (module {plugin.module_name}) failed to register its envs on "
            f"demand and serves none: {type(exc).__name__}: {exc}. Other plugins still work; "
            f"making an env of namespace {plugin.namespace!r} re-raises this error.",
            _error_location(exc) or _object_location(plugin.module),
        )
        return
    for env_spec in plugin_registry.specs.values():
        registry._add_plugin_spec(env_spec)
    plugin.env_ids.extend(plugin_registry.specs)


def family_info(registry: Registry, plugin: PluginInfo) -> dict[str, Any]:
    """The plugin's ``gymkit_family_info`` answer (``{}`` when it does not implement it).

    A hook that raises or answers something other than a dict is isolated like a failed
    discovery: a :class:`~gymkit.error.PluginWarning` names the plugin and the error, and the
    answer is ``{}``.
    """
    manager = registry.plugin_manager
    if manager is None:
        return {}
    others = [p for p in manager.get_plugins() if p is not plugin.module]
    where = (
        f"gymkit plugin {plugin.namespace!r} from distribution {plugin.distribution} "
        f"{plugin.version} (module {plugin.module_name})"
    )
    impl = getattr(plugin.module, "gymkit_family_info", None)
    try:
        answers = manager.subset_hook_caller("gymkit_family_info", remove_plugins=others)()
    except Exception as exc:
        _warn_plugin(
            f"{where}: its gymkit_family_info hook raised {type(exc).__name__}: {exc}; its "
            "family is shown without a description",
            _error_location(exc) or _object_location(impl),
        )
        return {}
    for answer in answers:
        if answer is None:
            continue
        if not isinstance(answer, dict):
            _warn_plugin(
                f"{where}: its gymkit_family_info hook returned {type(answer).__name__} "
                f"{answer!r:.80}; it must return a dict such as "
                "{'name': ..., 'description': ...}",
                _object_location(impl),
            )
            return {}
        return answer
    return {}


def namespace_problem(registry: Registry, namespace: str) -> str | None:
    """Why namespace ``namespace`` serves no env although a plugin claims it, if one does.

    The failure of the plugin of that entry point name, or the problems of a plugin that
    loaded but registered no env; ``None`` when no plugin of that name is installed or it
    serves envs.
    """
    failure = registry.failures.get(namespace)
    if failure is not None:
        return (
            f"the gymkit plugin {namespace!r} from distribution {failure.distribution} "
            f"{failure.version} failed to load: {type(failure.error).__name__}: {failure.error}"
        )
    for plugin in registry.plugins:
        if plugin.namespace == namespace and not plugin.env_ids and not plugin.lazy:
            why = "; ".join(plugin.problems) or "its hook registered no id"
            return (
                f"the gymkit plugin {namespace!r} from distribution {plugin.distribution} "
                f"{plugin.version} (module {plugin.module_name}) loaded but registered no env: "
                f"{why}"
            )
    return None


def missing_family_error(
    registry: Registry, env_id: str, namespace: str | None, name: str
) -> error.Error | None:
    """The error for an id no plugin registered, when a failed or missing plugin explains it.

    A failed plugin of the id's namespace → :class:`~gymkit.error.PluginLoadError` chained to
    its error; a plugin of that namespace that loaded but registered no env →
    :class:`~gymkit.error.PluginLoadError` saying why; a first-party family that is not installed →
    :class:`~gymkit.error.DependencyNotInstalled` with the pip command; otherwise ``None``.
    """
    if namespace is not None and namespace in registry.failures:
        return registry.failures[namespace].load_error(env_id)
    if namespace is not None:
        for plugin in registry.plugins:
            if plugin.namespace == namespace and not plugin.env_ids and not plugin.lazy:
                return plugin.empty_error(env_id)
    family = family_for_id(namespace, name)
    if family is None:
        return None
    failure = registry.failures.get(family.namespace)
    if failure is not None and failure.distribution == family.distribution:
        return failure.load_error(env_id)
    installed = any(
        p.namespace == family.namespace and p.distribution == family.distribution
        for p in registry.plugins
    )
    if installed:
        return None
    return error.DependencyNotInstalled(
        f"{env_id!r} is provided by the {family.distribution} family, which is not installed; "
        f"install it with: {family.install}"
    )


class VectorizationMode(NamedTuple):
    """A ``make_vec`` vectorization mode a plugin offers (``gymkit_vectorization_modes``)."""

    name: str
    """The mode's name, as passed to ``make_vec(..., vectorization_mode=name)``."""
    entry_point: str
    """``"module:factory"``: imported only when the mode is used."""
    plugin: PluginInfo
    """The plugin that offers it."""


def vectorization_modes(registry: Registry) -> dict[str, VectorizationMode]:
    """Every vectorization mode the loaded plugins offer, by name (discovers first).

    A hook that raises or answers anything but a ``{str: "module:callable"}`` dict is isolated
    (a :class:`~gymkit.error.PluginWarning` names the plugin; its modes are skipped). A mode
    offered by two plugins, or one named like a built-in mode, is served by neither: a warning
    names both.
    """
    registry.discover()
    manager = registry.plugin_manager
    if manager is None:
        return {}
    from gymkit.registration import BUILTIN_VECTORIZATION_MODES

    modes: dict[str, VectorizationMode] = {}
    refused: set[str] = set()
    for plugin in registry.plugins:
        impl = getattr(plugin.module, "gymkit_vectorization_modes", None)
        if impl is None:
            continue
        where = (
            f"gymkit plugin {plugin.namespace!r} from distribution {plugin.distribution} "
            f"{plugin.version} (module {plugin.module_name})"
        )
        others = [p for p in manager.get_plugins() if p is not plugin.module]
        try:
            answers = manager.subset_hook_caller(
                "gymkit_vectorization_modes", remove_plugins=others
            )()
        except Exception as exc:
            _warn_plugin(
                f"{where}: its gymkit_vectorization_modes hook raised {type(exc).__name__}: "
                f"{exc}; its vectorization modes are unavailable",
                _error_location(exc) or _object_location(impl),
            )
            continue
        for answer in answers:
            if answer is None:
                continue
            valid = isinstance(answer, dict) and all(
                isinstance(k, str) and isinstance(v, str) and ":" in v for k, v in answer.items()
            )
            if not valid:
                _warn_plugin(
                    f"{where}: its gymkit_vectorization_modes hook returned {answer!r:.80}; it "
                    "must return a dict of mode name -> 'module:callable' entry point string, "
                    "e.g. {'ray': 'gymkit_ray.vector:make_ray_vec'}",
                    _object_location(impl),
                )
                continue
            for name, target in answer.items():
                if name in BUILTIN_VECTORIZATION_MODES:
                    _warn_plugin(
                        f"{where} offers vectorization mode {name!r}, which is built in; the "
                        "plugin's mode is ignored (give it another name)",
                        _object_location(impl),
                    )
                    continue
                if name in modes or name in refused:
                    first = modes.pop(name, None)
                    refused.add(name)
                    by = "another plugin" if first is None else first.plugin.distribution
                    _warn_plugin(
                        f"vectorization mode {name!r} is offered by both {by} and "
                        f"{plugin.distribution}; neither is used until one is uninstalled",
                        _object_location(impl),
                    )
                    continue
                modes[name] = VectorizationMode(name, target, plugin)
    return modes
