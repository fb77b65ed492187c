"""Plugin discovery: the ``gymkit.plugins`` entry points, loaded once through pluggy.

A plugin is a module named by an entry point of the ``gymkit.plugins`` group; the entry point's
name is the plugin's namespace. :func:`discover_into` (called by the registry on its first
look-up) imports each such module, registers it with a ``pluggy.PluginManager("gymkit")`` and
calls its ``gymkit_register_envs`` hook with a :class:`PluginRegistry` that enforces the rules:

- a third-party plugin registers ids only inside its own namespace (``username/Env-v0``);
- the first-party families of :data:`FIRST_PARTY_FAMILIES` may also use the root namespace;
- a plugin that fails (import error, hook error, rule violation) is isolated: none of its envs
  are registered, a :class:`~gymkit.error.PluginWarning` names its distribution and the error,
  and ``make`` of an id in its namespace raises :class:`~gymkit.error.PluginLoadError` chained
  to that error;
- an id registered by two distributions is served by neither; looking it up raises
  :class:`~gymkit.error.RegistrationClash` naming both.

Only entry points are loaded here: plugins pass entry points as strings, so no env module or
engine is imported before ``make``.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from gymkit import error
from gymkit.error import PluginLoadError
from gymkit.registration import EnvSpec, WrapperSpec, caller_stacklevel, parse_env_id

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint
    from types import ModuleType

    import pluggy

    from gymkit.registration import EnvCreator, Registry

__all__ = [
    "ENTRY_POINT_GROUP",
    "FIRST_PARTY_FAMILIES",
    "Family",
    "PluginFailure",
    "PluginInfo",
    "PluginRegistry",
    "discover_into",
    "family_for_id",
    "family_info",
    "missing_family_error",
]

ENTRY_POINT_GROUP = "gymkit.plugins"


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
                f"{id!r} twice"
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


# ----------------------------------------------------------------------------- discovery
def discover_into(registry: Registry) -> None:
    """Load every ``gymkit.plugins`` entry point once and register its envs in ``registry``."""
    from importlib.metadata import entry_points

    import pluggy

    from gymkit import hookspecs

    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    registry.plugin_manager = manager
    found = sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name)
    for entry_point in found:
        _load_plugin(registry, manager, entry_point)


def _distribution_of(entry_point: EntryPoint) -> tuple[str, str]:
    dist = getattr(entry_point, "dist", None)
    if dist is None:
        return "<unknown distribution>", "?"
    metadata = dist.metadata  # parsed once for both fields (dist.name, dist.version parse twice)
    return normalize_distribution(metadata["Name"]), metadata["Version"]


def _load_plugin(
    registry: Registry, manager: pluggy.PluginManager, entry_point: EntryPoint
) -> None:
    namespace = entry_point.name
    distribution, version = _distribution_of(entry_point)

    def fail(exc: BaseException, stage: str) -> None:
        registry._record_failure(PluginFailure(namespace, distribution, version, exc))
        warnings.warn(
            f"gymkit plugin {namespace!r} from distribution {distribution} {version} failed to "
            f"{stage} and is skipped: {type(exc).__name__}: {exc}. Other plugins still work; "
            f"making an env of namespace {namespace!r} re-raises this error.",
            error.PluginWarning,
            stacklevel=caller_stacklevel(),
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
    try:
        manager.register(module, name=f"{distribution}:{namespace}")
    except Exception as exc:
        fail(exc, "register with pluggy")
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
        fail(exc, "register its envs")
        return
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
        )
    )


def family_info(registry: Registry, plugin: PluginInfo) -> dict[str, Any]:
    """The plugin's ``gymkit_family_info`` answer (``{}`` when it does not implement it)."""
    manager = registry.plugin_manager
    if manager is None:
        return {}
    others = [p for p in manager.get_plugins() if p is not plugin.module]
    answers = manager.subset_hook_caller("gymkit_family_info", remove_plugins=others)()
    return next((a for a in answers if isinstance(a, dict)), {})


def missing_family_error(
    registry: Registry, env_id: str, namespace: str | None, name: str
) -> error.Error | None:
    """The error for an id no plugin registered, when a failed or missing plugin explains it.

    A failed plugin of the id's namespace → :class:`~gymkit.error.PluginLoadError` chained to
    its error; a first-party family that is not installed →
    :class:`~gymkit.error.DependencyNotInstalled` with the pip command; otherwise ``None``.
    """
    if namespace is not None and namespace in registry.failures:
        return registry.failures[namespace].load_error(env_id)
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
