"""LegacyAPI: the seeds' 4-tuple API on top of a gymkit env.

Programs written for the original toolkit run with only their import changed::

    import gymkit as gym
    env = gym.make("CartPole-v1", legacy=True)
    obs = env.reset()
    obs, reward, done, info = env.step(env.action_space.sample())
    env.render()                       # mode="human" by default, as in the seeds
    frame = env.render(mode="rgb_array")

Choosing the render mode at ``render`` time. A gymkit env fixes its ``render_mode`` at
construction, while the seeds chose it per call. The adapter serves a call as follows:

1. the env's own mode → ``env.render()`` (for ``"human"`` envs, which draw themselves on every
   ``step`` and ``reset``, the call only returns ``None`` so no frame is shown twice);
2. ``"human"`` on an ``"rgb_array"`` env → the frame is shown in a window
   (:class:`gymkit.rendering.viewer.FrameViewer`, unpaced like the seeds' viewer);
3. any other mode → the adapter **re-makes** the env from ``env.spec`` with a suitable
   ``render_mode`` (``"rgb_array"`` plus the window for ``"human"`` when the env draws frames),
   and brings the new env to the exact same state by **replaying** the current episode: the
   same ``reset`` seed (or the same generator state when ``reset`` had no seed), then the same
   actions. The replayed observation must equal the last one returned, otherwise
   :class:`gymkit.error.UnsupportedMode` is raised (the env is not reproducible); the old env
   is then closed. Re-making needs an env built by ``gymkit.make`` whose spec is deterministic
   (``nondeterministic=False``) and no wrappers added by hand between ``make`` and this
   adapter — otherwise the error says to pass ``render_mode=`` to ``make``.
"""

from __future__ import annotations

import copy
from typing import Any

from gymkit import error
from gymkit.core import ActType, Env, ObsType, Wrapper

__all__ = ["LegacyAPI"]

_TEXT_MODES = ("ansi",)


def _same_observation(a: Any, b: Any) -> bool:
    """Exact equality of two observations (arrays, scalars, dicts and tuples of them)."""
    import numpy as np

    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same_observation(a[k], b[k]) for k in a)
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_same_observation(x, y) for x, y in zip(a, b))
    try:
        return bool(np.array_equal(np.asarray(a), np.asarray(b), equal_nan=True))
    except (TypeError, ValueError):
        return bool(a == b)


def _layer_names(env: Env[Any, Any]) -> list[str]:
    names = []
    while isinstance(env, Wrapper):
        names.append(type(env).__name__)
        env = env.env
    names.append(type(env).__name__)
    return names


class LegacyAPI(Wrapper[ObsType, ActType, ObsType, ActType]):
    """The seeds' API over ``env``: ``reset() -> obs``, ``step(a) -> (obs, reward, done, info)``
    with ``done = terminated or truncated`` and, when an episode ends,
    ``info["TimeLimit.truncated"] = truncated and not terminated``; ``render(mode="human")``;
    ``seed(s)`` (seeds the next ``reset``). Put it outermost: it changes the return types, so
    no gymkit wrapper can sit on top of it. ``reset_info`` holds the last ``reset``'s info.
    See the module docstring for how ``render(mode=...)`` works when ``mode`` differs from the
    env's ``render_mode``.
    """

    def __init__(self, env: Env[ObsType, ActType]) -> None:
        super().__init__(env)
        self.reset_info: dict[str, Any] = {}
        self._next_seed: int | None = None
        self._viewer: Any = None
        self._closed = False
        # What is needed to replay the current episode on a re-made env.
        self._episode_started = False
        self._episode_seed: int | None = None
        self._episode_options: dict[str, Any] | None = None
        self._episode_generator: Any = None
        self._episode_actions: list[Any] = []
        self._last_obs: Any = None

    # ------------------------------------------------------------------ seeding
    def seed(self, seed: int | None = None) -> list[int | None]:
        """Seed the next ``reset`` with ``seed`` (a non-negative int); return ``[seed]``."""
        from gymkit.utils.seeding import _check_seed

        self._next_seed = _check_seed(seed)
        return [self._next_seed]

    # ------------------------------------------------------------------ reset / step
    def reset(  # type: ignore[override]
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> ObsType:
        """Start an episode and return its first observation only (info in ``reset_info``).

        ``seed`` defaults to the one given to :meth:`seed` since the last ``reset``.
        """
        if seed is None:
            seed, self._next_seed = self._next_seed, None
        generator_before = None
        if seed is None and self.env.spec is not None:
            generator_before = copy.deepcopy(self.env.np_random)
        obs, info = self.env.reset(seed=seed, options=options)
        self._episode_started = True
        self._episode_seed = seed
        self._episode_options = options
        self._episode_generator = generator_before
        self._episode_actions = []
        self._last_obs = obs
        self.reset_info = info
        return obs

    def step(self, action: ActType) -> tuple[ObsType, float, bool, dict[str, Any]]:  # type: ignore[override]
        """Step and return ``(obs, reward, done, info)``; ``done`` when terminated or truncated."""
        obs, reward, terminated, truncated, info = self.env.step(action)
        self._episode_actions.append(copy.copy(action))  # safe from a reused action buffer
        self._last_obs = obs
        done = bool(terminated or truncated)
        if done:
            info = dict(info)
            info["TimeLimit.truncated"] = bool(truncated and not terminated)
        return obs, reward, done, info  # type: ignore[return-value]

    # ------------------------------------------------------------------ render
    def render(self, mode: str = "human") -> Any:
        """Render in ``mode`` (``"human"``, ``"rgb_array"``, ``"ansi"``, or any mode the env
        declares): a window (returns ``None``), an ``(H, W, 3) uint8`` frame, or a ``str``."""
        if self._closed:
            raise error.ClosedEnvironmentError("render() on a closed env; make a new one")
        if not isinstance(mode, str):
            raise error.UnsupportedMode(f"render mode must be a str, got {mode!r}")
        current = self.env.render_mode
        if mode == current:
            return None if mode == "human" else self.env.render()
        if mode == "human" and current == "rgb_array":
            return self._show(self.env.render())
        self._remake(self._target_mode(mode))
        return self.render(mode)

    def _show(self, frame: Any) -> None:
        if self._viewer is None:
            from gymkit.rendering.viewer import FrameViewer

            spec = self.env.spec
            self._viewer = FrameViewer(caption=spec.id if spec is not None else "gymkit")
        self._viewer.show(frame)
        return None

    def _target_mode(self, mode: str) -> str:
        """The ``render_mode`` to re-make the env with so that ``mode`` can be served."""
        modes = list(self.env.metadata.get("render_modes", []))
        if mode == "human" and "rgb_array" in modes:
            return "rgb_array"
        if mode in modes:
            return mode
        raise error.UnsupportedMode(
            f"{self.env.unwrapped!s} cannot render in mode {mode!r}; it declares "
            f"render_modes={modes}"
        )

    def _remake(self, render_mode: str) -> None:
        """Replace the env by one made with ``render_mode`` in the same state (see module doc)."""
        from gymkit.registration import make

        spec = self.env.spec
        fix = f"pass render_mode={render_mode!r} to gymkit.make(...)"
        current = self.env.render_mode
        if spec is None:
            raise error.UnsupportedMode(
                f"render(mode) needs render_mode={render_mode!r} but the env was made with "
                f"render_mode={current!r} and not by gymkit.make, so it cannot be re-made; "
                f"construct it with render_mode={render_mode!r}"
            )
        if spec.nondeterministic:
            raise error.UnsupportedMode(
                f"{spec.id} was made with render_mode={current!r} and is nondeterministic, so "
                f"it cannot be re-made in the same state for render(mode={render_mode!r}); {fix}"
            )
        new_env = make(spec, render_mode=render_mode)
        try:
            if _layer_names(new_env) != _layer_names(self.env):
                raise error.UnsupportedMode(
                    f"cannot re-make {spec.id} for render mode {render_mode!r}: the wrapped "
                    f"env {self.env!s} is not what gymkit.make builds ({new_env!s}); {fix}"
                )
            if self._episode_started:
                self._replay(new_env, spec.id, fix)
        except BaseException:
            new_env.close()
            raise
        old, self.env = self.env, new_env
        old.close()

    def _replay(self, new_env: Env[Any, Any], env_id: str, fix: str) -> None:
        if self._episode_generator is not None:
            new_env.np_random = copy.deepcopy(self._episode_generator)
        obs, _ = new_env.reset(seed=self._episode_seed, options=self._episode_options)
        for action in self._episode_actions:
            obs, *_ = new_env.step(action)
        if not _same_observation(obs, self._last_obs):
            raise error.UnsupportedMode(
                f"re-making {env_id} to change its render mode did not reproduce the current "
                f"state (replayed observation {obs!r} != {self._last_obs!r}); {fix}"
            )

    # ------------------------------------------------------------------ close
    def close(self) -> None:
        """Close the window (if any) and the env; idempotent."""
        if not self._closed:
            self._closed = True
            if self._viewer is not None:
                self._viewer.close()
                self._viewer = None
        self.env.close()
