"""HeuristicAgent: plays with the hand-written controller an env ships with.

The protocol: an env that has a scripted or hand-tuned controller defines a method
``heuristic_policy(self) -> Callable[[observation], action]`` returning a fresh policy for one
episode (it may keep state between steps, e.g. a gait phase). The agent asks for a new one at
each episode start, through ``env.get_wrapper_attr("heuristic_policy")``, so it works on the
bare env and through any wrapper stack. ``gymkit run ID --agent heuristic`` drives it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gymkit import error
from gymkit.core import Env

__all__ = ["HEURISTIC_METHOD", "HeuristicAgent"]

#: the env method the agent calls at each episode start
HEURISTIC_METHOD = "heuristic_policy"


class HeuristicAgent:
    """Acts with ``env``'s own controller (see the module docstring).

    Raises :class:`gymkit.error.InvalidWrapperArgument` naming the env and the agents that do
    work on it when the env has no ``heuristic_policy`` method.
    """

    def __init__(self, env: Env[Any, Any]) -> None:
        if not env.has_wrapper_attr(HEURISTIC_METHOD) or not callable(
            env.get_wrapper_attr(HEURISTIC_METHOD)
        ):
            name = env.spec.id if env.spec is not None else type(env.unwrapped).__name__
            raise error.InvalidWrapperArgument(
                f"{name} has no hand-written controller (its env defines no "
                f"{HEURISTIC_METHOD}() method), so the heuristic agent cannot play it; use "
                "--agent random or --agent cem"
            )
        self.env = env
        self._policy: Callable[[Any], Any] | None = None

    @classmethod
    def for_env(cls, env: Env[Any, Any]) -> HeuristicAgent:
        """The heuristic agent of ``env``."""
        return cls(env)

    def begin_episode(self) -> None:
        """Take a fresh policy from the env for the episode that starts now."""
        self._policy = self.env.get_wrapper_attr(HEURISTIC_METHOD)()

    def act(self, observation: Any) -> Any:
        """The controller's action for ``observation`` (a policy is taken on first use)."""
        if self._policy is None:
            self.begin_episode()
        assert self._policy is not None
        return self._policy(observation)

    def run_episode(self, *, seed: int | None = None) -> tuple[float, int]:
        """Play one episode of the agent's env with a fresh policy; return
        ``(return, length)``."""
        from gymkit.agents.cem import run_episode

        self.begin_episode()
        policy = self._policy
        assert policy is not None
        return run_episode(self.env, policy, seed=seed)
