"""The vector-env contract: :class:`VectorEnv`, :class:`AutoresetMode` and the wrapper family.

A vector env runs ``num_envs`` sub-envs in lock step and speaks in batches: ``step(actions)``
takes one action per sub-env (an element of the batched ``action_space``) and returns batched
``(obs, rewards, terminations, truncations, infos)``; ``reset(seed=...)`` resets every sub-env.
``single_observation_space`` / ``single_action_space`` are the spaces of one sub-env.

Sub-envs whose episode ended are reset automatically; *when* is the autoreset mode, fixed at
construction and published as ``metadata["autoreset_mode"]``. Sub-env ``i`` ends its episode at
step ``t`` (``terminated`` or ``truncated``); what each mode returns for ``i``::

                      step t (episode ends)            step t+1
    NEXT_STEP         obs_T, r_T, end=True             obs_0' (reset), r=0, end=False,
    (default)                                          the action for i is ignored
                      the reset happens on the *next* step call

    SAME_STEP         obs_0' (reset), r_T, end=True,   obs_1', r_1', ...  (action used)
                      infos["final_obs"][i] = obs_T,
                      infos["final_info"][i] = info_T
                      the reset happens *within* step t; the last obs only lives in the info

    DISABLED          obs_T, r_T, end=True             undefined until you reset i yourself:
                                                       reset(options={"reset_mask": mask})
                                                       resets exactly the sub-envs in mask

``infos`` is one dict of arrays: for every key a sub-env reported, ``infos[key]`` is an array of
``num_envs`` values (a NumPy dtype for numbers and bools, ``object`` otherwise) and
``infos["_" + key]`` a ``bool`` mask of the sub-envs that reported it; nested dicts are batched
recursively. :func:`gymkit.vector.utils.add_info` builds this from per-env dicts.
"""

from __future__ import annotations

import contextlib
import enum
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import numpy as np

from gymkit.error import ClosedEnvironmentError, InvalidSeed

if TYPE_CHECKING:
    from gymkit.registration import EnvSpec
    from gymkit.spaces import Space

__all__ = [
    "ArrayType",
    "AutoresetMode",
    "VectorActionWrapper",
    "VectorEnv",
    "VectorObservationWrapper",
    "VectorRewardWrapper",
    "VectorWrapper",
    "resolve_seeds",
]

ObsType = TypeVar("ObsType")
ActType = TypeVar("ActType")
ArrayType = TypeVar("ArrayType")


class AutoresetMode(enum.Enum):
    """When a vector env resets a sub-env whose episode ended; see the module docstring."""

    NEXT_STEP = "next_step"
    SAME_STEP = "same_step"
    DISABLED = "disabled"

    @classmethod
    def parse(cls, value: AutoresetMode | str) -> AutoresetMode:
        """Return the mode for ``value`` (a member or its string value); raise ``ValueError``."""
        if isinstance(value, cls):
            return value
        try:
            return cls(value)
        except ValueError:
            raise ValueError(
                f"autoreset_mode must be one of {[m.value for m in cls]} or an AutoresetMode, "
                f"got {value!r}"
            ) from None


def resolve_seeds(seed: int | list[int | None] | None, num_envs: int) -> list[int | None]:
    """Turn a vector ``reset`` seed into one seed per sub-env.

    ``None`` → ``[None] * num_envs``; an int ``s`` → ``[s, s + 1, ..., s + num_envs - 1]``; a
    list/tuple must hold ``num_envs`` entries (each ``None`` or a non-negative int).
    """
    if seed is None:
        return [None] * num_envs
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, (bool, np.bool_)):
        if seed < 0:
            raise InvalidSeed(f"seed must be a non-negative int, got {seed}")
        return [int(seed) + i for i in range(num_envs)]
    if isinstance(seed, (list, tuple)):
        if len(seed) != num_envs:
            raise InvalidSeed(
                f"a list of seeds must hold one seed per sub-env ({num_envs}), got {len(seed)}: "
                f"{seed!r}; pass an int s to seed sub-env i with s + i"
            )
        return list(seed)
    raise InvalidSeed(
        f"seed must be None, an int or a list of {num_envs} ints/None, got {seed!r} of type "
        f"{type(seed).__name__}"
    )


class VectorEnv(Generic[ObsType, ActType, ArrayType]):
    """Base class of every vector env (see the module docstring for the contract).

    Subclasses set ``num_envs``, the four spaces and ``metadata["autoreset_mode"]`` in
    ``__init__`` and implement :meth:`step` and :meth:`reset`; :meth:`render` and
    :meth:`close_extras` when they have something to do.
    """

    metadata: dict[str, Any] = {"autoreset_mode": AutoresetMode.NEXT_STEP}
    spec: EnvSpec | None = None
    render_mode: str | None = None
    closed: bool = False

    observation_space: Space[Any]
    action_space: Space[Any]
    single_observation_space: Space[Any]
    single_action_space: Space[Any]
    num_envs: int

    _np_random: np.random.Generator | None = None
    _np_random_seed: int | None = None

    def step(
        self, actions: ActType
    ) -> tuple[ObsType, ArrayType, ArrayType, ArrayType, dict[str, Any]]:
        """Step every sub-env with its action; return batched
        ``(obs, rewards, terminations, truncations, infos)``."""
        raise NotImplementedError(f"{type(self).__name__}.step is not implemented")

    def reset(
        self,
        *,
        seed: int | list[int | None] | None = None,
        options: dict[str, Any] | None = None,
    ) -> tuple[ObsType, dict[str, Any]]:
        """Reset the sub-envs (all, or those of ``options["reset_mask"]``); return batched
        ``(obs, infos)``. An int ``seed`` s seeds sub-env ``i`` with ``s + i``."""
        if seed is not None:
            from gymkit.utils.seeding import np_random

            first = seed if isinstance(seed, (int, np.integer)) else None
            if first is not None:
                self._np_random, self._np_random_seed = np_random(int(first))
        return None  # type: ignore[return-value]

    def render(self) -> tuple[Any, ...] | None:
        """The sub-envs' frames as a tuple (``render_mode`` permitting), else ``None``."""
        raise NotImplementedError(f"{type(self).__name__}.render is not implemented")

    def call(self, name: str, *args: Any, **kwargs: Any) -> tuple[Any, ...]:
        """For each sub-env, call its attribute ``name`` with the arguments (or return it when
        it is not callable); a tuple of ``num_envs`` results."""
        raise NotImplementedError(f"{type(self).__name__}.call is not implemented")

    def get_attr(self, name: str) -> tuple[Any, ...]:
        """Each sub-env's attribute ``name``, as a tuple of ``num_envs`` values."""
        raise NotImplementedError(f"{type(self).__name__}.get_attr is not implemented")

    def set_attr(self, name: str, values: Any) -> None:
        """Set attribute ``name`` on the sub-envs: one value per sub-env, or one for all."""
        raise NotImplementedError(f"{type(self).__name__}.set_attr is not implemented")

    def close(self, **kwargs: Any) -> None:
        """Release the sub-envs and any worker; idempotent (a second call does nothing)."""
        if self.closed:
            return
        try:
            self.close_extras(**kwargs)
        finally:
            self.closed = True

    def close_extras(self, **kwargs: Any) -> None:
        """Subclass hook of :meth:`close`; called once."""

    def _assert_open(self) -> None:
        if self.closed:
            raise ClosedEnvironmentError(
                f"{type(self).__name__} is closed; build a new vector env to keep going"
            )

    # ------------------------------------------------------------------ random generator
    @property
    def np_random(self) -> np.random.Generator:
        """A generator of the vector env itself (not of the sub-envs)."""
        if self._np_random is None:
            from gymkit.utils.seeding import np_random

            self._np_random, self._np_random_seed = np_random()
        return self._np_random

    @np_random.setter
    def np_random(self, value: np.random.Generator) -> None:
        self._np_random = value
        self._np_random_seed = -1

    @property
    def np_random_seed(self) -> int | None:
        """The seed of :attr:`np_random` (``-1`` if a generator was assigned directly)."""
        if self._np_random_seed is None:
            self.np_random  # noqa: B018
        return self._np_random_seed

    @property
    def unwrapped(self) -> VectorEnv[Any, Any, Any]:
        """The innermost vector env (``self`` here)."""
        return self

    @property
    def autoreset_mode(self) -> AutoresetMode:
        """The autoreset mode, as in ``metadata["autoreset_mode"]``."""
        return AutoresetMode.parse(self.metadata.get("autoreset_mode", AutoresetMode.NEXT_STEP))

    def _add_info(
        self, infos: dict[str, Any], info: dict[str, Any], env_num: int
    ) -> dict[str, Any]:
        from gymkit.vector.utils import add_info

        return add_info(infos, info, env_num, self.num_envs)

    def __enter__(self) -> VectorEnv[ObsType, ActType, ArrayType]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __del__(self) -> None:
        if not getattr(self, "closed", True):
            with contextlib.suppress(Exception):
                self.close()

    def __str__(self) -> str:
        num = getattr(self, "num_envs", "?")
        if self.spec is None:
            return f"{type(self).__name__}(num_envs={num})"
        return f"{type(self).__name__}({self.spec.id}, num_envs={num})"

    __repr__ = __str__


class NativeVectorEnv(VectorEnv[ObsType, ActType, ArrayType]):
    """Base of natively batched envs, whose sub-envs live in one batched object (numpy arrays, an
    engine's own vector interface) rather than as separate env instances.

    The sub-envs share the batched env's configuration, so :meth:`call` and :meth:`get_attr`
    read the batched env's own attribute and return it once per sub-env. ``set_attr`` stays the
    subclass's to define (or refuse), since what may change after construction is engine-specific.
    """

    def call(self, name: str, *args: Any, **kwargs: Any) -> tuple[Any, ...]:
        """The batched env's attribute ``name`` (called with the arguments when callable), once
        per sub-env."""
        attr = getattr(self, name)
        value = attr(*args, **kwargs) if callable(attr) else attr
        return tuple(value for _ in range(self.num_envs))

    def get_attr(self, name: str) -> tuple[Any, ...]:
        """The batched env's attribute ``name`` (shared by its sub-envs), once per sub-env."""
        value = getattr(self, name)
        return tuple(value for _ in range(self.num_envs))


class VectorWrapper(VectorEnv[ObsType, ActType, ArrayType]):
    """Wraps a vector env, forwarding everything; override what changes.

    Spaces and ``metadata`` may be reassigned on the wrapper; nothing beyond the contract is
    forwarded (reach the sub-envs with ``call``/``get_attr``/``set_attr``).
    """

    def __init__(self, env: VectorEnv[Any, Any, Any]) -> None:
        if not isinstance(env, VectorEnv):
            raise TypeError(
                f"{type(self).__name__} expected a gymkit.vector.VectorEnv to wrap, got "
                f"{type(env).__name__}; for a single env use the wrappers of gymkit.wrappers"
            )
        self.env = env
        self._observation_space: Space[Any] | None = None
        self._action_space: Space[Any] | None = None
        self._single_observation_space: Space[Any] | None = None
        self._single_action_space: Space[Any] | None = None
        self._metadata: dict[str, Any] | None = None

    def step(self, actions: Any) -> tuple[Any, Any, Any, Any, dict[str, Any]]:
        """Forward to the wrapped env."""
        return self.env.step(actions)

    def reset(
        self,
        *,
        seed: int | list[int | None] | None = None,
        options: dict[str, Any] | None = None,
    ) -> tuple[Any, dict[str, Any]]:
        """Forward to the wrapped env."""
        return self.env.reset(seed=seed, options=options)

    def render(self) -> tuple[Any, ...] | None:
        """Forward to the wrapped env."""
        return self.env.render()

    def close(self, **kwargs: Any) -> None:
        """Close the wrapped env (idempotent)."""
        self.env.close(**kwargs)

    @property
    def closed(self) -> bool:  # type: ignore[override]
        """Whether the wrapped env is closed."""
        return self.env.closed

    def call(self, name: str, *args: Any, **kwargs: Any) -> tuple[Any, ...]:
        """Forward to the wrapped env's ``call``."""
        return self.env.call(name, *args, **kwargs)

    def get_attr(self, name: str) -> tuple[Any, ...]:
        """Forward to the wrapped env's ``get_attr``."""
        return self.env.get_attr(name)

    def set_attr(self, name: str, values: Any) -> None:
        """Forward to the wrapped env's ``set_attr``."""
        self.env.set_attr(name, values)

    @property
    def num_envs(self) -> int:  # type: ignore[override]
        """The wrapped env's number of sub-envs."""
        return self.env.num_envs

    @property
    def observation_space(self) -> Space[Any]:
        """The wrapper's own batched observation space if assigned, else the wrapped env's."""
        return (
            self.env.observation_space
            if self._observation_space is None
            else self._observation_space
        )

    @observation_space.setter
    def observation_space(self, space: Space[Any]) -> None:
        self._observation_space = space

    @property
    def action_space(self) -> Space[Any]:
        """The wrapper's own batched action space if assigned, else the wrapped env's."""
        return self.env.action_space if self._action_space is None else self._action_space

    @action_space.setter
    def action_space(self, space: Space[Any]) -> None:
        self._action_space = space

    @property
    def single_observation_space(self) -> Space[Any]:
        """The wrapper's own single observation space if assigned, else the wrapped env's."""
        if self._single_observation_space is None:
            return self.env.single_observation_space
        return self._single_observation_space

    @single_observation_space.setter
    def single_observation_space(self, space: Space[Any]) -> None:
        self._single_observation_space = space

    @property
    def single_action_space(self) -> Space[Any]:
        """The wrapper's own single action space if assigned, else the wrapped env's."""
        if self._single_action_space is None:
            return self.env.single_action_space
        return self._single_action_space

    @single_action_space.setter
    def single_action_space(self, space: Space[Any]) -> None:
        self._single_action_space = space

    @property
    def metadata(self) -> dict[str, Any]:
        """The wrapper's own metadata if assigned, else the wrapped env's."""
        return self.env.metadata if self._metadata is None else self._metadata

    @metadata.setter
    def metadata(self, value: dict[str, Any]) -> None:
        self._metadata = value

    @property
    def spec(self) -> EnvSpec | None:  # type: ignore[override]
        """The wrapped env's spec."""
        return self.env.spec

    @property
    def render_mode(self) -> str | None:  # type: ignore[override]
        """The wrapped env's render mode."""
        return self.env.render_mode

    @property
    def np_random(self) -> np.random.Generator:
        """The wrapped env's generator."""
        return self.env.np_random

    @np_random.setter
    def np_random(self, value: np.random.Generator) -> None:
        self.env.np_random = value

    @property
    def unwrapped(self) -> VectorEnv[Any, Any, Any]:
        """The innermost vector env."""
        return self.env.unwrapped

    def __del__(self) -> None:
        pass  # the wrapped env finalises itself

    def __str__(self) -> str:
        return f"<{type(self).__name__}, {self.env}>"

    __repr__ = __str__


class VectorObservationWrapper(VectorWrapper[ObsType, ActType, ArrayType]):
    """Transforms the batched observations of ``reset`` and ``step`` with :meth:`observations`.

    In ``SAME_STEP`` mode ``infos["final_obs"]`` holds untransformed single observations; the
    wrapper leaves them as they are.
    """

    def reset(
        self,
        *,
        seed: int | list[int | None] | None = None,
        options: dict[str, Any] | None = None,
    ) -> tuple[Any, dict[str, Any]]:
        """Reset and transform the observations."""
        obs, infos = self.env.reset(seed=seed, options=options)
        return self.observations(obs), infos

    def step(self, actions: Any) -> tuple[Any, Any, Any, Any, dict[str, Any]]:
        """Step and transform the observations."""
        obs, rewards, terminations, truncations, infos = self.env.step(actions)
        return self.observations(obs), rewards, terminations, truncations, infos

    def observations(self, observations: Any) -> Any:
        """Return the transformed batch of observations."""
        raise NotImplementedError(f"{type(self).__name__}.observations is not implemented")


class VectorActionWrapper(VectorWrapper[ObsType, ActType, ArrayType]):
    """Transforms the batched actions with :meth:`actions` before the wrapped env sees them."""

    def step(self, actions: Any) -> tuple[Any, Any, Any, Any, dict[str, Any]]:
        """Step with the transformed actions."""
        return self.env.step(self.actions(actions))

    def actions(self, actions: Any) -> Any:
        """Return the transformed batch of actions."""
        raise NotImplementedError(f"{type(self).__name__}.actions is not implemented")


class VectorRewardWrapper(VectorWrapper[ObsType, ActType, ArrayType]):
    """Transforms the batched rewards of ``step`` with :meth:`rewards`."""

    def step(self, actions: Any) -> tuple[Any, Any, Any, Any, dict[str, Any]]:
        """Step and transform the rewards."""
        obs, rewards, terminations, truncations, infos = self.env.step(actions)
        return obs, self.rewards(rewards), terminations, truncations, infos

    def rewards(self, rewards: Any) -> Any:
        """Return the transformed batch of rewards."""
        raise NotImplementedError(f"{type(self).__name__}.rewards is not implemented")
