"""Vector adapters: :func:`to_gymnasium_vector` and :func:`from_gymnasium_vector`.

Both libraries batch the same way (a batched space per spaces kind, ``infos`` as one dict of
arrays with ``"_key"`` masks, ``final_obs`` / ``final_info`` in same-step mode,
``options={"reset_mask": mask}`` in disabled mode), so batches pass through unchanged; the
autoreset mode is carried over as the other library's enum member of the same name.
"""

from __future__ import annotations

from typing import Any

import gymnasium
import numpy as np
from gymnasium.vector import AutoresetMode as GymnasiumMode

import gymkit.vector
from gymkit.vector import AutoresetMode as GymkitMode
from gymkit_gymnasium.adapters import gymkit_spec_of, gymnasium_spec_of
from gymkit_gymnasium.spaces import from_gymnasium_space, to_gymnasium_space

__all__ = [
    "FromGymnasiumVector",
    "ToGymnasiumVector",
    "from_gymnasium_vector",
    "gymkit_autoreset_mode",
    "gymnasium_autoreset_mode",
    "to_gymnasium_vector",
]


def gymnasium_autoreset_mode(mode: GymkitMode | str) -> GymnasiumMode:
    """Gymnasium's ``AutoresetMode`` member for gymkit's ``mode`` (same name)."""
    return GymnasiumMode[GymkitMode.parse(mode).name]


def gymkit_autoreset_mode(mode: GymnasiumMode | str) -> GymkitMode:
    """gymkit's ``AutoresetMode`` member for Gymnasium's ``mode`` (a member or its value)."""
    if isinstance(mode, str):
        try:
            mode = GymnasiumMode(mode)
        except ValueError:
            raise ValueError(
                f"unknown Gymnasium autoreset mode {mode!r}; expected one of "
                f"{[m.value for m in GymnasiumMode]}"
            ) from None
    return GymkitMode[mode.name]


def _describe(obj: object) -> str:
    kind = type(obj)
    return f"{obj!r:.80} (type {kind.__module__}.{kind.__qualname__})"


def _check_batch(env: Any, where: str) -> None:
    """Refuse spaces with graph elements: neither library batches graphs."""
    from gymkit_gymnasium.spaces import element_converter

    if element_converter(env.single_observation_space, to="gymkit") is not None or (
        element_converter(env.single_action_space, to="gymkit") is not None
    ):
        from gymkit.error import UnsupportedSpace

        raise UnsupportedSpace(
            f"{where}: spaces holding a Graph have no batched form to convert; adapt the "
            "single envs instead (to_gymnasium / from_gymnasium)"
        )


# ----------------------------------------------------------------------------- gymkit → Gymnasium
class ToGymnasiumVector(gymnasium.vector.VectorEnv[Any, Any, Any]):
    """A ``gymnasium.vector.VectorEnv`` running a gymkit vector env (``gymkit_env``)."""

    def __init__(self, env: gymkit.vector.VectorEnv[Any, Any, Any]) -> None:
        _check_batch(env, "to_gymnasium_vector")
        self.gymkit_env = env
        self.num_envs = env.num_envs
        self.single_observation_space = to_gymnasium_space(env.single_observation_space)
        self.single_action_space = to_gymnasium_space(env.single_action_space)
        self.observation_space = to_gymnasium_space(env.observation_space)
        self.action_space = to_gymnasium_space(env.action_space)
        self.metadata = {
            **env.metadata,
            "autoreset_mode": gymnasium_autoreset_mode(env.autoreset_mode),
        }
        self.render_mode = env.render_mode
        self.spec = gymnasium_spec_of(env.spec)
        # Batches pass through unchanged: step is the gymkit vector env's own bound method.
        self.step = env.step  # type: ignore[method-assign]

    def step(self, actions: Any) -> tuple[Any, Any, Any, Any, dict[str, Any]]:
        """Step every gymkit sub-env; the batches pass through unchanged."""
        return self.gymkit_env.step(actions)

    def reset(
        self,
        *,
        seed: int | list[int | None] | None = None,
        options: dict[str, Any] | None = None,
    ) -> tuple[Any, dict[str, Any]]:
        """Reset the gymkit vector env (an int ``seed`` s seeds sub-env i with s + i)."""
        return self.gymkit_env.reset(seed=seed, options=options)

    def render(self) -> tuple[Any, ...] | None:
        """The sub-envs' frames."""
        return self.gymkit_env.render()

    def close_extras(self, **kwargs: Any) -> None:
        """Close the gymkit vector env."""
        self.gymkit_env.close(**kwargs)

    def call(self, name: str, *args: Any, **kwargs: Any) -> tuple[Any, ...]:
        """Call ``name`` on every gymkit sub-env."""
        return self.gymkit_env.call(name, *args, **kwargs)

    def get_attr(self, name: str) -> tuple[Any, ...]:
        """Attribute ``name`` of every gymkit sub-env."""
        return self.gymkit_env.get_attr(name)

    def set_attr(self, name: str, values: Any) -> None:
        """Set attribute ``name`` on the gymkit sub-envs."""
        self.gymkit_env.set_attr(name, values)

    @property
    def np_random(self) -> np.random.Generator:
        """The gymkit vector env's own generator."""
        return self.gymkit_env.np_random

    @np_random.setter
    def np_random(self, value: np.random.Generator) -> None:
        self.gymkit_env.np_random = value

    @property
    def np_random_seed(self) -> int | None:
        """The seed of the gymkit vector env's generator."""
        return self.gymkit_env.np_random_seed

    def __repr__(self) -> str:
        return f"ToGymnasiumVector({self.gymkit_env})"


def to_gymnasium_vector(vec_env: gymkit.vector.VectorEnv[Any, Any, Any]) -> ToGymnasiumVector:
    """A ``gymnasium.vector.VectorEnv`` running the gymkit vector env ``vec_env`` (e.g.
    ``gymkit.make_vec("CartPole-v1", 8)``), with its autoreset mode. Raises ``TypeError`` naming
    the fix for anything else."""
    if isinstance(vec_env, gymkit.vector.VectorEnv):
        return ToGymnasiumVector(vec_env)
    if isinstance(vec_env, gymkit.Env):
        hint = "it is a single gymkit env: use to_gymnasium(env), or gymkit.make_vec(id, n)"
    elif isinstance(vec_env, gymnasium.vector.VectorEnv):
        hint = "it is already a Gymnasium vector env: use it as is"
    else:
        hint = "pass a gymkit vector env, e.g. to_gymnasium_vector(gymkit.make_vec(id, 8))"
    raise TypeError(
        f"to_gymnasium_vector expects a gymkit.vector.VectorEnv, got {_describe(vec_env)}; {hint}"
    )


# ----------------------------------------------------------------------------- Gymnasium → gymkit
class FromGymnasiumVector(gymkit.vector.VectorEnv[Any, Any, Any]):
    """A gymkit vector env running a Gymnasium vector env (``gymnasium_env``)."""

    def __init__(self, env: gymnasium.vector.VectorEnv[Any, Any, Any]) -> None:
        _check_batch(env, "from_gymnasium_vector")
        self.gymnasium_env = env
        self.num_envs = env.num_envs
        self.single_observation_space = from_gymnasium_space(env.single_observation_space)
        self.single_action_space = from_gymnasium_space(env.single_action_space)
        self.observation_space = from_gymnasium_space(env.observation_space)
        self.action_space = from_gymnasium_space(env.action_space)
        mode = env.metadata.get("autoreset_mode", GymnasiumMode.NEXT_STEP)
        self.metadata = {**env.metadata, "autoreset_mode": gymkit_autoreset_mode(mode)}
        self.render_mode = env.render_mode
        self.spec = gymkit_spec_of(env.spec)

    def step(self, actions: Any) -> tuple[Any, Any, Any, Any, dict[str, Any]]:
        """Step every Gymnasium sub-env; the batches pass through unchanged."""
        self._assert_open()
        return self.gymnasium_env.step(actions)

    def reset(
        self,
        *,
        seed: int | list[int | None] | None = None,
        options: dict[str, Any] | None = None,
    ) -> tuple[Any, dict[str, Any]]:
        """Reset the Gymnasium vector env (an int ``seed`` s seeds sub-env i with s + i)."""
        self._assert_open()
        return self.gymnasium_env.reset(seed=seed, options=options)

    def render(self) -> tuple[Any, ...] | None:
        """The sub-envs' frames."""
        return self.gymnasium_env.render()

    def close_extras(self, **kwargs: Any) -> None:
        """Close the Gymnasium vector env."""
        self.gymnasium_env.close(**kwargs)

    def call(self, name: str, *args: Any, **kwargs: Any) -> tuple[Any, ...]:
        """Call ``name`` on every Gymnasium sub-env."""
        return self.gymnasium_env.call(name, *args, **kwargs)

    def get_attr(self, name: str) -> tuple[Any, ...]:
        """Attribute ``name`` of every Gymnasium sub-env."""
        return self.gymnasium_env.get_attr(name)

    def set_attr(self, name: str, values: Any) -> None:
        """Set attribute ``name`` on the Gymnasium sub-envs."""
        self.gymnasium_env.set_attr(name, values)

    @property
    def np_random(self) -> np.random.Generator:
        """The Gymnasium vector env's own generator."""
        return self.gymnasium_env.np_random

    @np_random.setter
    def np_random(self, value: np.random.Generator) -> None:
        self.gymnasium_env.np_random = value

    @property
    def np_random_seed(self) -> int | None:
        """The seed of the Gymnasium vector env's generator."""
        return self.gymnasium_env.np_random_seed


def from_gymnasium_vector(
    vec_env: gymnasium.vector.VectorEnv[Any, Any, Any] | str,
    num_envs: int | None = None,
    **kwargs: Any,
) -> FromGymnasiumVector:
    """A gymkit vector env running a Gymnasium vector env.

    ``vec_env`` is a ``gymnasium.vector.VectorEnv``, or a Gymnasium id: then
    ``gymnasium.make_vec(vec_env, num_envs, **kwargs)`` builds it (Gymnasium's own native
    vector envs, e.g. its batched CartPole, become gymkit vector envs this way). Raises
    ``TypeError`` naming the fix for anything else.
    """
    if isinstance(vec_env, str):
        if num_envs is None:
            raise TypeError(
                f"from_gymnasium_vector({vec_env!r}) needs num_envs, e.g. "
                f"from_gymnasium_vector({vec_env!r}, 8)"
            )
        from gymkit_gymnasium.bridge import gymnasium_make

        vec_env = gymnasium_make(vec_env, num_envs=num_envs, **kwargs)
    elif num_envs is not None or kwargs:
        raise TypeError(
            "from_gymnasium_vector takes num_envs and make_vec keywords only with a Gymnasium id; "
            "a ready vector env is adapted as it is"
        )
    if isinstance(vec_env, gymnasium.vector.VectorEnv):
        return FromGymnasiumVector(vec_env)
    if isinstance(vec_env, gymnasium.Env):
        hint = "it is a single Gymnasium env: use from_gymnasium(env)"
    elif isinstance(vec_env, gymkit.vector.VectorEnv):
        hint = "it is already a gymkit vector env: use it as is"
    else:
        hint = "pass a gymnasium.vector.VectorEnv, e.g. gymnasium.make_vec('CartPole-v1', 8)"
    raise TypeError(
        "from_gymnasium_vector expects a gymnasium.vector.VectorEnv or a Gymnasium id, got "
        f"{_describe(vec_env)}; {hint}"
    )
