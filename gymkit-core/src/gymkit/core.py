"""The env contract: :class:`Env` and the :class:`Wrapper` family.

An env is a partially observed Markov decision process behind five methods::

    obs, info = env.reset(seed=42)
    obs, reward, terminated, truncated, info = env.step(action)
    frame = env.render()
    env.close()

This module imports neither NumPy nor any plugin, so ``import gymkit`` stays cheap; the random
generator is created on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, SupportsFloat, TypeVar

from gymkit.error import UnsupportedMode

if TYPE_CHECKING:
    import numpy as np

    from gymkit.registration import EnvSpec
    from gymkit.spaces import Space

__all__ = [
    "ActType",
    "ActionWrapper",
    "Env",
    "ObsType",
    "ObservationWrapper",
    "RenderFrame",
    "RewardWrapper",
    "Wrapper",
    "WrapperActType",
    "WrapperObsType",
]

ObsType = TypeVar("ObsType")
ActType = TypeVar("ActType")
WrapperObsType = TypeVar("WrapperObsType")
WrapperActType = TypeVar("WrapperActType")
RenderFrame = TypeVar("RenderFrame")

StepResult = tuple[Any, SupportsFloat, bool, bool, dict[str, Any]]


class Env(Generic[ObsType, ActType]):
    """A reinforcement-learning environment.

    Subclasses set ``action_space`` and ``observation_space`` in ``__init__``, declare
    ``metadata = {"render_modes": [...], "render_fps": N}``, fix ``render_mode`` at construction
    (validate it with :meth:`_check_render_mode`), and implement :meth:`step` and :meth:`reset`;
    :meth:`render` and :meth:`close` when they have something to do.

    Attributes:
        metadata: ``render_modes`` (list of str) and ``render_fps`` (int) at least.
        render_mode: the mode :meth:`render` honours, fixed at construction; ``None`` = no render.
        spec: the :class:`~gymkit.registration.EnvSpec` that built this env through ``make``, or
            ``None`` when it was constructed directly.
        action_space: the space every valid action belongs to.
        observation_space: the space every observation belongs to.
    """

    metadata: dict[str, Any] = {"render_modes": []}
    render_mode: str | None = None
    spec: EnvSpec | None = None

    action_space: Space[ActType]
    observation_space: Space[ObsType]

    _np_random: np.random.Generator | None = None
    _np_random_seed: int | None = None

    def step(self, action: ActType) -> tuple[ObsType, SupportsFloat, bool, bool, dict[str, Any]]:
        """Advance the env by one timestep with ``action`` (an element of ``action_space``).

        Returns ``(obs, reward, terminated, truncated, info)``:

        - ``obs``: the next observation, an element of ``observation_space``;
        - ``reward``: a finite real scalar (``float`` or NumPy float);
        - ``terminated``: ``True`` when the MDP reached a terminal state (success or failure);
          the episode must be reset before stepping again;
        - ``truncated``: ``True`` when the episode was cut short by something outside the MDP
          (a time limit, the agent leaving the modelled region); reset before stepping again;
        - ``info``: a ``dict`` of diagnostics; never required to learn.

        Calling ``step`` before the first ``reset`` is undefined for a bare env; ``make`` wraps
        every env in ``OrderEnforcing``, which raises :class:`gymkit.error.ResetNeeded`.
        """
        raise NotImplementedError(f"{type(self).__name__}.step is not implemented")

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[ObsType, dict[str, Any]]:
        """Start a new episode and return ``(obs, info)``.

        With ``seed`` (a non-negative int) the env's :attr:`np_random` is replaced by a fresh
        generator seeded with it, so ``reset(seed=s)`` twice gives identical episodes under
        identical actions. With ``seed=None`` the generator carries on (it is created from OS
        entropy on first use). ``options`` carries env-specific reset settings.

        Subclasses call ``super().reset(seed=seed)`` first, then build and return ``(obs, info)``;
        the base implementation only reseeds and returns ``None``.
        """
        if seed is not None:
            from gymkit.utils.seeding import np_random

            self._np_random, self._np_random_seed = np_random(seed)
        return None  # type: ignore[return-value]

    def render(self) -> Any:
        """Render the current state according to :attr:`render_mode`.

        Returns, per mode: ``"rgb_array"`` an ``(H, W, 3)`` ``uint8`` array; ``"ansi"`` a ``str``
        (lines separated by ``\\n``, may hold ANSI colour codes); ``"human"`` shows the frame in a
        window at ``metadata["render_fps"]`` and returns ``None``; ``None`` (no mode) returns
        ``None``. Families may add modes (e.g. ``"rgb_array_list"`` through a wrapper).
        """
        raise NotImplementedError(f"{type(self).__name__}.render is not implemented")

    def close(self) -> None:
        """Release windows, processes and engine handles. Idempotent: safe to call again."""

    # ------------------------------------------------------------------ random generator
    @property
    def np_random(self) -> np.random.Generator:
        """The env's ``numpy.random.Generator``; created from OS entropy on first access."""
        if self._np_random is None:
            from gymkit.utils.seeding import np_random

            self._np_random, self._np_random_seed = np_random()
        return self._np_random

    @np_random.setter
    def np_random(self, value: np.random.Generator) -> None:
        self._np_random = value
        self._np_random_seed = -1

    @property
    def np_random_seed(self) -> int:
        """The seed of :attr:`np_random`: the last ``reset`` seed, the drawn entropy when the
        generator was created unseeded, or ``-1`` when a generator was assigned directly."""
        if self._np_random_seed is None:
            self.np_random  # noqa: B018 - creates the generator and its seed
        assert self._np_random_seed is not None
        return self._np_random_seed

    # ------------------------------------------------------------------ structure
    @property
    def unwrapped(self) -> Env[Any, Any]:
        """The innermost env, below every wrapper (``self`` for an unwrapped env)."""
        return self

    def has_wrapper_attr(self, name: str) -> bool:
        """Whether ``name`` is an attribute of this env or of any wrapper below it."""
        return hasattr(self, name)

    def get_wrapper_attr(self, name: str) -> Any:
        """Return attribute ``name`` from the outermost layer that has it.

        Raises ``AttributeError`` naming the attribute when no layer has it.
        """
        try:
            return getattr(self, name)
        except AttributeError:
            raise AttributeError(f"{self!s} has no attribute {name!r}") from None

    def set_wrapper_attr(self, name: str, value: Any, *, force: bool = True) -> bool:
        """Set ``name`` on the outermost layer that has it.

        When no layer has it: with ``force`` set it here and return ``True``; otherwise leave
        everything unchanged and return ``False``.
        """
        if hasattr(self, name) or force:
            setattr(self, name, value)
            return True
        return False

    def _check_render_mode(self, render_mode: str | None) -> str | None:
        """Return ``render_mode`` if the env declares it (or it is ``None``); raise otherwise."""
        modes = self.metadata.get("render_modes", [])
        if render_mode is not None and render_mode not in modes:
            raise UnsupportedMode(
                f"{type(self).__name__} does not support render_mode={render_mode!r}; "
                f"expected one of {modes} or None"
            )
        return render_mode

    # ------------------------------------------------------------------ context manager
    def __enter__(self) -> Env[ObsType, ActType]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Close the env; exceptions raised in the ``with`` block propagate."""
        self.close()

    def __str__(self) -> str:
        if self.spec is None:
            return f"<{type(self).__name__} instance>"
        return f"<{type(self).__name__}<{self.spec.id}>>"

    __repr__ = __str__


class Wrapper(
    Env[WrapperObsType, WrapperActType],
    Generic[WrapperObsType, WrapperActType, ObsType, ActType],
):
    """Wraps an env to change its behaviour, layer by layer.

    Forwards ``step``/``reset``/``render``/``close`` and the attributes of the contract
    (spaces, ``metadata``, ``render_mode``, ``spec``, ``np_random``) to ``self.env``. Spaces and
    ``metadata`` may be overridden by assigning them on the wrapper. Nothing else is forwarded:
    reach a lower layer's attribute with :meth:`get_wrapper_attr` / :meth:`set_wrapper_attr`.
    """

    def __init__(self, env: Env[ObsType, ActType]) -> None:
        if not isinstance(env, Env):
            raise TypeError(
                f"{type(self).__name__} expected a gymkit.Env to wrap, got {type(env).__name__}; "
                "wrap the result of gymkit.make(...) or an Env subclass instance"
            )
        self.env = env
        self._action_space: Space[Any] | None = None
        self._observation_space: Space[Any] | None = None
        self._metadata: dict[str, Any] | None = None

    def step(
        self, action: WrapperActType
    ) -> tuple[WrapperObsType, SupportsFloat, bool, bool, dict[str, Any]]:
        """Forward to ``self.env.step``; see :meth:`Env.step`."""
        return self.env.step(action)  # type: ignore[arg-type,return-value]

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[WrapperObsType, dict[str, Any]]:
        """Forward to ``self.env.reset``; see :meth:`Env.reset`."""
        return self.env.reset(seed=seed, options=options)  # type: ignore[return-value]

    def render(self) -> Any:
        """Forward to ``self.env.render``; see :meth:`Env.render`."""
        return self.env.render()

    def close(self) -> None:
        """Forward to ``self.env.close``; idempotent like every ``close``."""
        self.env.close()

    # ------------------------------------------------------------------ forwarded contract
    @property
    def action_space(self) -> Space[WrapperActType]:
        """The wrapper's own action space if assigned, else the wrapped env's."""
        if self._action_space is None:
            return self.env.action_space  # type: ignore[return-value]
        return self._action_space

    @action_space.setter
    def action_space(self, space: Space[Any]) -> None:
        self._action_space = space

    @property
    def observation_space(self) -> Space[WrapperObsType]:
        """The wrapper's own observation space if assigned, else the wrapped env's."""
        if self._observation_space is None:
            return self.env.observation_space  # type: ignore[return-value]
        return self._observation_space

    @observation_space.setter
    def observation_space(self, space: Space[Any]) -> None:
        self._observation_space = space

    @property
    def metadata(self) -> dict[str, Any]:
        """The wrapper's own metadata if assigned, else the wrapped env's."""
        if self._metadata is None:
            return self.env.metadata
        return self._metadata

    @metadata.setter
    def metadata(self, value: dict[str, Any]) -> None:
        self._metadata = value

    @property
    def render_mode(self) -> str | None:  # type: ignore[override]
        """The wrapped env's render mode (fixed at its construction)."""
        return self.env.render_mode

    @property
    def spec(self) -> EnvSpec | None:  # type: ignore[override]
        """The wrapped env's spec."""
        return self.env.spec

    @property
    def np_random(self) -> np.random.Generator:
        """The wrapped env's generator (one generator per env stack)."""
        return self.env.np_random

    @np_random.setter
    def np_random(self, value: np.random.Generator) -> None:
        self.env.np_random = value

    @property
    def np_random_seed(self) -> int:
        """The wrapped env's :attr:`Env.np_random_seed`."""
        return self.env.np_random_seed

    @property
    def unwrapped(self) -> Env[Any, Any]:
        """The innermost env."""
        return self.env.unwrapped

    # ------------------------------------------------------------------ explicit reach-through
    def has_wrapper_attr(self, name: str) -> bool:
        """Whether this wrapper or any layer below it has attribute ``name``."""
        return hasattr(self, name) or self.env.has_wrapper_attr(name)

    def get_wrapper_attr(self, name: str) -> Any:
        """Return ``name`` from this wrapper if it has it, else from the layers below.

        Raises ``AttributeError`` naming the attribute and the stack when no layer has it.
        """
        if hasattr(self, name):
            return getattr(self, name)
        try:
            return self.env.get_wrapper_attr(name)
        except AttributeError:
            raise AttributeError(f"no layer of {self!s} has attribute {name!r}") from None

    def set_wrapper_attr(self, name: str, value: Any, *, force: bool = True) -> bool:
        """Set ``name`` on the outermost layer that has it; see :meth:`Env.set_wrapper_attr`."""
        if hasattr(self, name):
            setattr(self, name, value)
            return True
        if self.env.set_wrapper_attr(name, value, force=False):
            return True
        if force:
            setattr(self, name, value)
            return True
        return False

    @classmethod
    def class_name(cls) -> str:
        """The wrapper's class name, as shown in ``str(env)``."""
        return cls.__name__

    def __str__(self) -> str:
        return f"<{self.class_name()}{self.env!s}>"

    __repr__ = __str__


class ObservationWrapper(Wrapper[WrapperObsType, ActType, ObsType, ActType]):
    """Transforms every observation from ``reset`` and ``step`` with :meth:`observation`.

    Set ``self.observation_space`` in ``__init__`` when the transform changes the space.
    """

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[WrapperObsType, dict[str, Any]]:
        """Reset the wrapped env and return ``(observation(obs), info)``."""
        obs, info = self.env.reset(seed=seed, options=options)
        return self.observation(obs), info

    def step(self, action: ActType) -> tuple[WrapperObsType, SupportsFloat, bool, bool, dict]:
        """Step the wrapped env and return its result with ``observation(obs)``."""
        obs, reward, terminated, truncated, info = self.env.step(action)
        return self.observation(obs), reward, terminated, truncated, info

    def observation(self, observation: ObsType) -> WrapperObsType:
        """Return the transformed observation (an element of ``self.observation_space``)."""
        raise NotImplementedError(f"{type(self).__name__}.observation is not implemented")


class RewardWrapper(Wrapper[ObsType, ActType, ObsType, ActType]):
    """Transforms every reward from ``step`` with :meth:`reward`."""

    def step(self, action: ActType) -> tuple[ObsType, SupportsFloat, bool, bool, dict[str, Any]]:
        """Step the wrapped env and return its result with ``reward(r)``."""
        obs, reward, terminated, truncated, info = self.env.step(action)
        return obs, self.reward(reward), terminated, truncated, info

    def reward(self, reward: SupportsFloat) -> SupportsFloat:
        """Return the transformed reward (a finite real scalar)."""
        raise NotImplementedError(f"{type(self).__name__}.reward is not implemented")


class ActionWrapper(Wrapper[ObsType, WrapperActType, ObsType, ActType]):
    """Transforms every action given to ``step`` with :meth:`action` before the wrapped env sees it.

    Set ``self.action_space`` in ``__init__`` to the space the agent acts in.
    """

    def step(
        self, action: WrapperActType
    ) -> tuple[ObsType, SupportsFloat, bool, bool, dict[str, Any]]:
        """Step the wrapped env with ``action(action)``."""
        return self.env.step(self.action(action))

    def action(self, action: WrapperActType) -> ActType:
        """Return the action the wrapped env understands (an element of its ``action_space``)."""
        raise NotImplementedError(f"{type(self).__name__}.action is not implemented")
