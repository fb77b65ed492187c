"""The wrappers ``make`` applies to every env: the passive checker, order enforcing, time limit."""

from __future__ import annotations

import time
from collections import deque
from typing import TYPE_CHECKING, Any, SupportsFloat

from gymkit import error
from gymkit.core import ActType, Env, ObsType, Wrapper

if TYPE_CHECKING:
    from gymkit.registration import EnvSpec

__all__ = [
    "Autoreset",
    "OrderEnforcing",
    "PassiveEnvChecker",
    "RecordEpisodeStatistics",
    "TimeLimit",
]


class TimeLimit(Wrapper[ObsType, ActType, ObsType, ActType]):
    """Truncate every episode after ``max_episode_steps`` steps.

    The step that reaches the limit returns ``truncated=True`` (``terminated`` is the env's own);
    ``reset`` starts the count again. ``spec`` reports ``max_episode_steps``.
    """

    def __init__(self, env: Env[ObsType, ActType], max_episode_steps: int) -> None:
        if (
            isinstance(max_episode_steps, bool)
            or not isinstance(max_episode_steps, int)
            or max_episode_steps < 1
        ):
            raise error.InvalidWrapperArgument(
                f"TimeLimit needs max_episode_steps as a positive int, got {max_episode_steps!r}"
            )
        super().__init__(env)
        self._max_episode_steps = max_episode_steps
        self._elapsed_steps: int | None = None
        self._spec_cache: tuple[EnvSpec | None, EnvSpec | None] = (None, None)

    @property
    def max_episode_steps(self) -> int:
        """The number of steps after which an episode is truncated."""
        return self._max_episode_steps

    @property
    def elapsed_steps(self) -> int | None:
        """Steps taken since the last ``reset`` (``None`` before the first one)."""
        return self._elapsed_steps

    def step(self, action: ActType) -> tuple[ObsType, SupportsFloat, bool, bool, dict[str, Any]]:
        """Step the env; ``truncated`` becomes ``True`` on the ``max_episode_steps``-th step."""
        obs, reward, terminated, truncated, info = self.env.step(action)
        elapsed = (self._elapsed_steps or 0) + 1
        self._elapsed_steps = elapsed
        if elapsed >= self._max_episode_steps:
            truncated = True
        return obs, reward, terminated, truncated, info

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[ObsType, dict[str, Any]]:
        """Reset the env and the step count."""
        self._elapsed_steps = 0
        return self.env.reset(seed=seed, options=options)

    @property
    def spec(self) -> EnvSpec | None:  # type: ignore[override]
        """The wrapped env's spec with this wrapper's ``max_episode_steps``."""
        inner = self.env.spec
        if inner is None or inner.max_episode_steps == self._max_episode_steps:
            return inner
        cached_inner, cached = self._spec_cache
        if cached_inner is not inner:
            cached = inner.replace(max_episode_steps=self._max_episode_steps)
            self._spec_cache = (inner, cached)
        return cached


class OrderEnforcing(Wrapper[ObsType, ActType, ObsType, ActType]):
    """Refuse ``step`` (and ``render``, unless disabled) before the first ``reset``.

    Raises :class:`gymkit.error.ResetNeeded` naming the call and the fix.
    """

    def __init__(
        self, env: Env[ObsType, ActType], disable_render_order_enforcing: bool = False
    ) -> None:
        super().__init__(env)
        self._has_reset = False
        self._disable_render_order_enforcing = bool(disable_render_order_enforcing)

    @property
    def has_reset(self) -> bool:
        """Whether ``reset`` has been called at least once."""
        return self._has_reset

    def step(self, action: ActType) -> tuple[ObsType, SupportsFloat, bool, bool, dict[str, Any]]:
        """Step the env; :class:`~gymkit.error.ResetNeeded` before the first ``reset``."""
        if not self._has_reset:
            raise error.ResetNeeded(
                f"step() was called on {self.env} before reset(); call env.reset() first"
            )
        return self.env.step(action)

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[ObsType, dict[str, Any]]:
        """Reset the env and allow ``step``."""
        self._has_reset = True
        return self.env.reset(seed=seed, options=options)

    def render(self) -> Any:
        """Render the env; :class:`~gymkit.error.ResetNeeded` before the first ``reset``."""
        if not self._disable_render_order_enforcing and not self._has_reset:
            raise error.ResetNeeded(
                f"render() was called on {self.env} before reset(); call env.reset() first "
                "(or wrap with OrderEnforcing(env, disable_render_order_enforcing=True))"
            )
        return self.env.render()


class PassiveEnvChecker(Wrapper[ObsType, ActType, ObsType, ActType]):
    """Check an env against the contract without changing what it does.

    At construction: the spaces, ``metadata`` and ``render_mode``. On the first ``reset``, the
    first ``step`` and the first ``render``: the returned structure, the observation against
    ``observation_space`` and the first action against ``action_space``. Afterwards every call
    is forwarded unchecked. An action outside ``action_space`` raises
    :class:`gymkit.error.InvalidAction`; a broken return structure raises
    :class:`gymkit.error.EnvContractViolation`; anything suspicious but legal warns with
    :class:`gymkit.error.PassiveCheckWarning`. The checks live in
    :mod:`gymkit.utils.passive_env_checker`.
    """

    def __init__(self, env: Env[ObsType, ActType]) -> None:
        from gymkit.utils import passive_env_checker as checks

        super().__init__(env)
        checks.check_env_structure(env)
        self._checked_reset = False
        self._checked_step = False
        self._checked_render = False

    def step(self, action: ActType) -> tuple[ObsType, SupportsFloat, bool, bool, dict[str, Any]]:
        """Step the env; the first call checks the action and the result."""
        if self._checked_step:
            return self.env.step(action)
        from gymkit.utils import passive_env_checker as checks

        checks.check_action(self.env, action)
        result = self.env.step(action)
        checks.check_step_result(self.env, result)
        self._checked_step = True
        return result

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[ObsType, dict[str, Any]]:
        """Reset the env; the first call checks the result."""
        if self._checked_reset:
            return self.env.reset(seed=seed, options=options)
        from gymkit.utils import passive_env_checker as checks

        result = self.env.reset(seed=seed, options=options)
        checks.check_reset_result(self.env, result)
        self._checked_reset = True
        return result

    def render(self) -> Any:
        """Render the env; the first call checks the frame against ``render_mode``."""
        if self._checked_render:
            return self.env.render()
        from gymkit.utils import passive_env_checker as checks

        frame = self.env.render()
        checks.check_render_result(self.env, frame)
        self._checked_render = True
        return frame


# ----------------------------------------------------------------------------- episode bookkeeping
class RecordEpisodeStatistics(Wrapper[ObsType, ActType, ObsType, ActType]):
    """Record each episode's return, length and wall time.

    When an episode ends (``terminated`` or ``truncated``) the step's info gains
    ``info[stats_key] = {"r": return, "l": length, "t": seconds since its reset}`` (``t``
    rounded to microseconds), and the three values are appended to :attr:`return_queue`,
    :attr:`length_queue` and :attr:`time_queue`, deques holding the last ``buffer_length``
    episodes. :attr:`episode_count` counts finished episodes. An env that already puts
    ``stats_key`` into its info is an error (choose another ``stats_key``).
    """

    def __init__(
        self, env: Env[ObsType, ActType], buffer_length: int = 100, stats_key: str = "episode"
    ) -> None:
        super().__init__(env)
        if (
            isinstance(buffer_length, bool)
            or not isinstance(buffer_length, int)
            or buffer_length < 1
        ):
            raise error.InvalidWrapperArgument(
                f"RecordEpisodeStatistics needs an int buffer_length >= 1, got {buffer_length!r}"
            )
        self.stats_key = stats_key
        self.buffer_length = buffer_length
        self.episode_count = 0
        self.episode_returns = 0.0
        self.episode_lengths = 0
        self.episode_start_time = time.perf_counter()
        self.return_queue: deque[float] = deque(maxlen=buffer_length)
        self.length_queue: deque[int] = deque(maxlen=buffer_length)
        self.time_queue: deque[float] = deque(maxlen=buffer_length)

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[ObsType, dict[str, Any]]:
        """Reset and start counting a new episode."""
        result = self.env.reset(seed=seed, options=options)
        self.episode_returns = 0.0
        self.episode_lengths = 0
        self.episode_start_time = time.perf_counter()
        return result

    def step(self, action: ActType) -> tuple[ObsType, SupportsFloat, bool, bool, dict[str, Any]]:
        """Step, accumulate, and at an episode's end add its statistics to the info."""
        obs, reward, terminated, truncated, info = self.env.step(action)
        self.episode_returns += float(reward)
        self.episode_lengths += 1
        if terminated or truncated:
            if self.stats_key in info:
                raise error.InvalidWrapperArgument(
                    "RecordEpisodeStatistics: the wrapped env already sets "
                    f"info[{self.stats_key!r}]; pass another stats_key"
                )
            elapsed = round(time.perf_counter() - self.episode_start_time, 6)
            info = {
                **info,
                self.stats_key: {
                    "r": self.episode_returns,
                    "l": self.episode_lengths,
                    "t": elapsed,
                },
            }
            self.return_queue.append(self.episode_returns)
            self.length_queue.append(self.episode_lengths)
            self.time_queue.append(elapsed)
            self.episode_count += 1
            self.episode_returns = 0.0
            self.episode_lengths = 0
            self.episode_start_time = time.perf_counter()
        return obs, reward, terminated, truncated, info


class Autoreset(Wrapper[ObsType, ActType, ObsType, ActType]):
    """Reset the env automatically, on the step after an episode ends ("next-step" autoreset).

    The step that ends an episode is returned unchanged (with its ``terminated``/``truncated``
    flag and final observation). The next ``step`` call ignores its action, resets the wrapped
    env, and returns ``(reset_obs, 0.0, False, False, reset_info)``. This is the same rule as
    the vector envs' default ``AutoresetMode.NEXT_STEP``. Calling ``reset`` yourself clears a
    pending autoreset.
    """

    def __init__(self, env: Env[ObsType, ActType]) -> None:
        super().__init__(env)
        self.autoreset = False

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[ObsType, dict[str, Any]]:
        """Reset and clear any pending autoreset."""
        self.autoreset = False
        return self.env.reset(seed=seed, options=options)

    def step(self, action: ActType) -> tuple[ObsType, SupportsFloat, bool, bool, dict[str, Any]]:
        """Step, or reset if the previous step ended an episode."""
        if self.autoreset:
            self.autoreset = False
            obs, info = self.env.reset()
            return obs, 0.0, False, False, info
        obs, reward, terminated, truncated, info = self.env.step(action)
        self.autoreset = bool(terminated or truncated)
        return obs, reward, terminated, truncated, info
