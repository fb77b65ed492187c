"""Every exception and warning gymkit raises, in one hierarchy.

Catch :class:`Error` to catch anything gymkit raises on purpose. Where an error is also a
classic Python error (a bad value, a missing import), it subclasses that too, so
``except ValueError`` keeps working for users who expect it.
"""

from __future__ import annotations


class Error(Exception):
    """Base class of every gymkit error."""


# ----------------------------------------------------------------------------- registry and ids
class InvalidEnvId(Error, ValueError):
    """An id that does not follow the grammar ``[namespace/]Name[-vN]``."""


class UnregisteredEnv(Error):
    """No env is registered under the requested id."""


class NamespaceNotFound(UnregisteredEnv):
    """The id's namespace has no registered env (and no known plugin provides it)."""


class NameNotFound(UnregisteredEnv):
    """The namespace exists but holds no env of that name."""


class VersionNotFound(UnregisteredEnv):
    """The name exists but not at the requested version."""


class DeprecatedEnv(Error):
    """The requested version is deprecated; the message names the newest version."""


class RegistrationError(Error):
    """A registration was refused (bad spec, id taken, or outside the plugin's namespace)."""


class NamespaceViolation(RegistrationError):
    """A third-party plugin registered an id outside its own namespace."""


class RegistrationClash(RegistrationError):
    """Two distributions registered the same id; the message names both."""


class PluginLoadError(Error):
    """A plugin failed to load; raised when an env of its namespace is requested."""


class DependencyNotInstalled(Error, ImportError):
    """An optional dependency or plugin is missing; the message says what to install."""


class InvalidEnvKwargs(Error, TypeError):
    """``make`` was given a keyword the env's constructor does not accept."""


# ----------------------------------------------------------------------------- env contract
class UnsupportedMode(Error, ValueError):
    """A render mode the env does not declare in ``metadata["render_modes"]``."""


class ResetNeeded(Error):
    """``step`` or ``render`` was called before the first ``reset``."""


class ResetNotAllowed(Error):
    """``reset`` was called where the env forbids it (e.g. mid-episode for some wrappers)."""


class InvalidAction(Error, ValueError):
    """An action outside the env's ``action_space``."""


class InvalidObservation(Error, ValueError):
    """An env produced an observation outside its ``observation_space``."""


class ClosedEnvironmentError(Error):
    """An operation on an env (or vector env) that has been closed."""


class EnvContractViolation(Error, TypeError):
    """An env's ``reset``/``step`` returned something the contract forbids (wrong structure)."""


class UnsupportedSpace(Error, ValueError):
    """A wrapper was given an env whose space it cannot handle; the message names the space."""


class InvalidWrapperArgument(Error, ValueError):
    """A wrapper argument out of its valid range (e.g. ``min_action >= max_action``)."""


# ----------------------------------------------------------------------------- spaces and seeding
class InvalidSpace(Error, ValueError):
    """A space constructed with inconsistent arguments (shape, dtype, bounds, ...)."""


class InvalidBound(InvalidSpace):
    """A Box whose bounds are inconsistent (low > high, NaN, wrong shape, out of dtype range)."""


class InvalidProbability(Error, ValueError):
    """A probability vector (or mask) that is not a valid distribution for the space."""


class InvalidSeed(Error, ValueError):
    """A seed that is not a non-negative integer."""


class CustomSpaceError(Error, NotImplementedError):
    """A space type the called utility has no implementation for (register one)."""


class InvalidSpaceElement(Error, ValueError):
    """A value that is not a valid element (or flat form) of the space where one is required."""


# ----------------------------------------------------------------------------- vector envs
class AlreadyPendingCallError(Error):
    """An async call was started while another of the same kind is still pending."""

    def __init__(self, message: str, name: str) -> None:
        super().__init__(message)
        self.name = name


class NoAsyncCallError(Error):
    """A ``*_wait`` / ``recv`` without a matching ``*_async`` / ``send``."""

    def __init__(self, message: str, name: str) -> None:
        super().__init__(message)
        self.name = name


class WorkerError(Error):
    """A vector-env worker raised; the message names the env index and the worker traceback."""


class WorkerDied(WorkerError):
    """A vector-env worker process died or stopped answering within the timeout."""


# ----------------------------------------------------------------------------- monitor results
class ResultsNotFound(Error, FileNotFoundError):
    """A results directory that does not exist or holds no Monitor episodes file."""


class CorruptResults(Error, ValueError):
    """A Monitor episodes file holding a line that is not an episode record."""


class ResultsExist(Error, FileExistsError):
    """A Monitor directory already holds an earlier run's results and neither ``resume=True``
    nor ``force=True`` said what to do with them (or ``force=True`` would delete the files of a
    monitor that is still writing)."""


class UploadError(Error):
    """An upload to a scoreboard that could not be made or that the server refused (the
    message holds the server's reason)."""


# ----------------------------------------------------------------------------- warnings
class GymkitWarning(UserWarning):
    """Base class of every warning gymkit emits."""


class ResolvedIdWarning(GymkitWarning):
    """An unversioned id was resolved to its newest version; the message names the id chosen."""


class PluginWarning(GymkitWarning):
    """A plugin failed to load or behaved unexpectedly; other plugins still work."""


class PassiveCheckWarning(GymkitWarning):
    """The passive env checker found something suspicious that is not a hard error."""
