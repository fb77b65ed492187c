"""Single-env adapters: :func:`to_gymnasium` (gymkit → Gymnasium) and :func:`from_gymnasium`.

Each adapter holds the other library's env and forwards everything: spaces are converted once
at construction (:mod:`gymkit_gymnasium.spaces`), observations and actions pass through
unchanged (only graph elements are rebuilt; without a graph, the adapter's ``step`` and
``reset`` *are* the wrapped env's bound methods, so a step costs nothing extra), and the random
generator is the wrapped env's own (``np_random`` reads and writes it), so ``reset(seed=s)`` on
the adapter seeds the same stream as on the wrapped env. ``render``, ``close``, ``render_mode``,
``metadata`` and ``spec`` carry over.
"""

from __future__ import annotations

from typing import Any, SupportsFloat

import gymnasium
import numpy as np
from gymnasium.envs.registration import EnvSpec as GymnasiumSpec

import gymkit
from gymkit.registration import EnvSpec as GymkitSpec
from gymkit_gymnasium.ids import gymkit_id
from gymkit_gymnasium.spaces import element_converter, from_gymnasium_space, to_gymnasium_space

__all__ = [
    "FromGymnasium",
    "ToGymnasium",
    "from_gymnasium",
    "gymkit_spec_of",
    "gymnasium_spec_of",
    "make_gymnasium",
    "to_gymnasium",
]


def _describe(obj: object) -> str:
    kind = type(obj)
    return f"{obj!r:.80} (type {kind.__module__}.{kind.__qualname__})"


# ----------------------------------------------------------------------------- specs
def make_gymnasium(gymkit_id: str, **kwargs: Any) -> gymnasium.Env[Any, Any]:
    """``to_gymnasium(gymkit.make(gymkit_id, **kwargs))``: the entry point of the Gymnasium spec
    of an adapted env, so ``gymnasium.make(adapted.spec)`` builds the same env again."""
    return to_gymnasium(gymkit.make(gymkit_id, **kwargs))


def gymnasium_spec_of(spec: GymkitSpec | None) -> GymnasiumSpec | None:
    """A Gymnasium ``EnvSpec`` describing the gymkit env of ``spec`` (``None`` for ``None``).

    Its entry point is :func:`make_gymnasium` with ``gymkit_id`` in the kwargs; the time limit
    stays gymkit's (inside the env), so ``max_episode_steps`` is informational.
    """
    if spec is None:
        return None
    return GymnasiumSpec(
        id=spec.id,
        entry_point=make_gymnasium,
        reward_threshold=spec.reward_threshold,
        nondeterministic=spec.nondeterministic,
        max_episode_steps=None,
        order_enforce=False,
        disable_env_checker=True,
        kwargs={"gymkit_id": spec.id, **spec.kwargs},
    )


def gymkit_spec_of(spec: GymnasiumSpec | None) -> GymkitSpec | None:
    """A gymkit ``EnvSpec`` for the Gymnasium env of ``spec``: id ``gymnasium/<its id>``,
    made through the bridge (``None`` for ``None``)."""
    if spec is None:
        return None
    from gymkit_gymnasium.bridge import make_bridged

    return GymkitSpec(
        gymkit_id(spec.id),
        make_bridged,
        reward_threshold=spec.reward_threshold,
        nondeterministic=spec.nondeterministic,
        max_episode_steps=spec.max_episode_steps,
        kwargs={"gymnasium_id": spec.id, **spec.kwargs},
    )


# ----------------------------------------------------------------------------- gymkit → Gymnasium
class ToGymnasium(gymnasium.Env[Any, Any]):
    """A ``gymnasium.Env`` running a gymkit env (see :func:`to_gymnasium`).

    ``gymkit_env`` is the adapted env. ``unwrapped`` is this adapter (the innermost Gymnasium
    env); ``np_random`` and ``_np_random`` are the gymkit env's generator.
    """

    def __init__(self, env: gymkit.Env[Any, Any]) -> None:
        self.gymkit_env = env
        self.observation_space = to_gymnasium_space(env.observation_space)
        self.action_space = to_gymnasium_space(env.action_space)
        self.metadata = dict(env.metadata)
        self.render_mode = env.render_mode
        self.spec = gymnasium_spec_of(env.spec)
        self._obs_out = element_converter(env.observation_space, to="gymnasium")
        self._action_in = element_converter(env.action_space, to="gymkit")
        if self._obs_out is None and self._action_in is None:
            # Nothing to convert (every space but a graph): step and reset are the gymkit env's
            # own bound methods, so the adapter adds no call to a step (see the benchmark).
            self.step = env.step  # type: ignore[method-assign]
            self.reset = env.reset  # type: ignore[method-assign]

    def step(self, action: Any) -> tuple[Any, SupportsFloat, bool, bool, dict[str, Any]]:
        """Step the gymkit env (the action converted only if it holds a graph)."""
        if self._action_in is not None:
            action = self._action_in(action)
        obs, reward, terminated, truncated, info = self.gymkit_env.step(action)
        if self._obs_out is not None:
            obs = self._obs_out(obs)
        return obs, reward, terminated, truncated, info

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[Any, dict[str, Any]]:
        """Reset the gymkit env with ``seed`` and ``options``."""
        obs, info = self.gymkit_env.reset(seed=seed, options=options)
        if self._obs_out is not None:
            obs = self._obs_out(obs)
        return obs, info

    def render(self) -> Any:
        """The gymkit env's frame for its ``render_mode``."""
        return self.gymkit_env.render()

    def close(self) -> None:
        """Close the gymkit env (idempotent, as gymkit's ``close`` is)."""
        self.gymkit_env.close()

    @property
    def np_random(self) -> np.random.Generator:
        """The gymkit env's generator."""
        return self.gymkit_env.np_random

    @np_random.setter
    def np_random(self, value: np.random.Generator) -> None:
        self.gymkit_env.np_random = value

    @property
    def _np_random(self) -> np.random.Generator | None:  # type: ignore[override]
        # Gymnasium's env checker reads env.unwrapped._np_random directly.
        return self.gymkit_env.unwrapped._np_random

    @_np_random.setter
    def _np_random(self, value: np.random.Generator | None) -> None:
        if value is not None:
            self.gymkit_env.np_random = value

    @property
    def np_random_seed(self) -> int:
        """The seed of the gymkit env's generator."""
        return self.gymkit_env.np_random_seed

    def __str__(self) -> str:
        return f"<ToGymnasium{self.gymkit_env}>"


def to_gymnasium(env: gymkit.Env[Any, Any]) -> ToGymnasium:
    """A ``gymnasium.Env`` running the gymkit env ``env``: for SB3, CleanRL and any code written
    against Gymnasium. Raises ``TypeError`` naming the fix when ``env`` is not a gymkit env."""
    if isinstance(env, gymkit.Env):
        return ToGymnasium(env)
    from gymkit.vector import VectorEnv

    if isinstance(env, VectorEnv):
        hint = "it is a gymkit vector env: use to_gymnasium_vector(vec_env)"
    elif isinstance(env, gymnasium.Env):
        hint = "it is already a Gymnasium env: use it as is (from_gymnasium converts it to gymkit)"
    elif isinstance(env, str):
        hint = f"make it first: to_gymnasium(gymkit.make({env!r}))"
    else:
        hint = "pass a gymkit.Env, e.g. to_gymnasium(gymkit.make('CartPole-v1'))"
    raise TypeError(f"to_gymnasium expects a gymkit.Env, got {_describe(env)}; {hint}")


# ----------------------------------------------------------------------------- Gymnasium → gymkit
class FromGymnasium(gymkit.Env[Any, Any]):
    """A gymkit env running a Gymnasium env (see :func:`from_gymnasium`).

    ``gymnasium_env`` is the adapted env; ``np_random`` is its generator.
    """

    def __init__(self, env: gymnasium.Env[Any, Any]) -> None:
        self.gymnasium_env = env
        self.observation_space = from_gymnasium_space(env.observation_space)
        self.action_space = from_gymnasium_space(env.action_space)
        self.metadata = dict(env.metadata)
        self.metadata.setdefault("render_modes", [])
        self.render_mode = env.render_mode
        self.spec = gymkit_spec_of(env.spec)
        self._obs_out = element_converter(env.observation_space, to="gymkit")
        self._action_in = element_converter(env.action_space, to="gymnasium")
        if self._obs_out is None and self._action_in is None:
            # Nothing to convert: step and reset are the Gymnasium env's own bound methods.
            self.step = env.step  # type: ignore[method-assign]
            self.reset = env.reset  # type: ignore[method-assign]

    def step(self, action: Any) -> tuple[Any, SupportsFloat, bool, bool, dict[str, Any]]:
        """Step the Gymnasium env (the action converted only if it holds a graph)."""
        if self._action_in is not None:
            action = self._action_in(action)
        obs, reward, terminated, truncated, info = self.gymnasium_env.step(action)
        if self._obs_out is not None:
            obs = self._obs_out(obs)
        return obs, reward, terminated, truncated, info

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[Any, dict[str, Any]]:
        """Reset the Gymnasium env with ``seed`` and ``options``."""
        obs, info = self.gymnasium_env.reset(seed=seed, options=options)
        if self._obs_out is not None:
            obs = self._obs_out(obs)
        return obs, info

    def render(self) -> Any:
        """The Gymnasium env's frame for its ``render_mode``."""
        return self.gymnasium_env.render()

    def close(self) -> None:
        """Close the Gymnasium env; a second call does nothing."""
        if not getattr(self, "_closed", False):
            self._closed = True
            self.gymnasium_env.close()

    @property
    def np_random(self) -> np.random.Generator:
        """The Gymnasium env's generator."""
        return self.gymnasium_env.np_random

    @np_random.setter
    def np_random(self, value: np.random.Generator) -> None:
        self.gymnasium_env.np_random = value

    @property
    def _np_random(self) -> np.random.Generator | None:  # type: ignore[override]
        return self.gymnasium_env.unwrapped._np_random

    @_np_random.setter
    def _np_random(self, value: np.random.Generator | None) -> None:
        if value is not None:
            self.gymnasium_env.np_random = value

    @property
    def np_random_seed(self) -> int:
        """The seed of the Gymnasium env's generator."""
        return int(self.gymnasium_env.np_random_seed)

    def __str__(self) -> str:
        return f"<FromGymnasium{self.gymnasium_env}>"


def from_gymnasium(env: gymnasium.Env[Any, Any]) -> FromGymnasium:
    """A gymkit env running the Gymnasium env ``env``: gymkit's wrappers, vector envs, Monitor
    and certifier then work on it. Raises ``TypeError`` naming the fix for anything else, and
    :class:`~gymkit.error.UnsupportedSpace` for a space gymkit cannot represent."""
    if isinstance(env, gymnasium.Env):
        return FromGymnasium(env)
    if isinstance(env, gymnasium.vector.VectorEnv):
        hint = "it is a Gymnasium vector env: use from_gymnasium_vector(vec_env)"
    elif isinstance(env, gymkit.Env):
        hint = "it is already a gymkit env: use it as is (to_gymnasium converts it to Gymnasium)"
    elif isinstance(env, str):
        hint = (
            f"make it first: from_gymnasium(gymnasium.make({env!r})), or let the bridge do it: "
            f"gymkit.make({gymkit_id(env)!r})"
        )
    elif hasattr(env, "step") and hasattr(env, "reset"):
        hint = (
            "it looks like an env of another API (e.g. the old gym package): port it to "
            "gymnasium.Env (Gymnasium 1.x: reset -> (obs, info), step -> 5-tuple) first"
        )
    else:
        hint = "pass a gymnasium.Env, e.g. from_gymnasium(gymnasium.make('CartPole-v1'))"
    raise TypeError(f"from_gymnasium expects a gymnasium.Env, got {_describe(env)}; {hint}")
