"""Shared machinery of the native batched classic-control envs.

:class:`ClassicVectorEnv` steps ``num_envs`` copies of one classic-control task with whole-batch
NumPy operations; subclasses supply the dynamics (``_advance``), the initial-state draw
(``_reset_rows``) and the observation (``_observe``). It implements the three autoreset modes,
the ``max_episode_steps`` truncation of ``TimeLimit`` and ``rgb_array`` rendering of the sub-envs.

Seeding matches the single envs exactly: sub-env ``i`` owns the random stream that the single env
seeded with the same seed would own (:class:`UniformStreams`), so ``reset(seed=s)`` gives sub-env
``i`` the initial state ``make(id).reset(seed=s + i)`` draws, episode after episode.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gymkit.error import InvalidAction, ResetNeeded
from gymkit.vector.utils import check_reset_mask
from gymkit.vector.vector_env import AutoresetMode, VectorEnv, resolve_seeds

__all__ = ["ClassicVectorEnv", "UniformStreams"]


class UniformStreams:
    """One ``numpy.random.Generator`` per sub-env, read as a stream of uniform ``[0, 1)`` doubles.

    The single envs draw with ``np_random.uniform(low, high)``, which consumes one double per
    value and returns ``low + (high - low) * u``. Drawing the same doubles ahead in blocks of
    ``block`` per sub-env (``Generator.random``) yields the identical stream, and lets a batch of
    resets read their values with one fancy-indexing operation instead of a Python loop of
    generator calls.
    """

    def __init__(self, num_envs: int, block: int = 256) -> None:
        self.block = block
        self.generators: list[np.random.Generator | None] = [None] * num_envs
        self.buffer = np.empty((num_envs, block), dtype=np.float64)
        self.position = np.full(num_envs, block, dtype=np.intp)
        self._offsets: dict[int, np.ndarray] = {}

    def seed(self, index: int, seed: int | None) -> None:
        """Restart sub-env ``index``'s stream from ``seed`` (``None``: fresh OS entropy)."""
        from gymkit.utils.seeding import np_random

        generator, _ = np_random(seed)
        self.generators[index] = generator
        self.buffer[index] = generator.random(self.block)
        self.position[index] = 0

    def _refill(self, index: int) -> None:
        generator = self.generators[index]
        if generator is None:
            self.seed(index, None)
            return
        start = int(self.position[index])
        left = self.block - start
        self.buffer[index, :left] = self.buffer[index, start:]
        self.buffer[index, left:] = generator.random(self.block - left)
        self.position[index] = 0

    def draw(self, rows: np.ndarray, count: int, by_variable: bool = False) -> np.ndarray:
        """The next ``count`` doubles of each sub-env in ``rows`` (distinct indices), as an
        array of shape ``(len(rows), count)`` (``(count, len(rows))`` with ``by_variable``)."""
        position = self.position
        starts = position[rows]
        if (starts > self.block - count).any():
            for index in rows[starts > self.block - count]:
                self._refill(int(index))
            starts = position[rows]
        position[rows] = starts + count
        offsets = self._offsets.get(count)
        if offsets is None:
            offsets = self._offsets[count] = np.arange(count, dtype=np.intp)
        flat = rows * self.block
        flat += starts
        if by_variable:
            return self.buffer.ravel().take(flat + offsets[:, None])
        return self.buffer.ravel().take(flat[:, None] + offsets)


class ClassicVectorEnv(VectorEnv[np.ndarray, np.ndarray, np.ndarray]):
    """Base of the native batched classic-control envs (see the module docstring).

    Args:
        num_envs: number of sub-envs (>= 1).
        max_episode_steps: truncate each sub-env's episode after this many steps (as
            ``TimeLimit``); ``None`` = never. ``make_vec`` passes the spec's value.
        autoreset_mode: an :class:`~gymkit.vector.AutoresetMode` or its value.
        render_mode: ``None`` or ``"rgb_array"`` (``render()`` returns one frame per sub-env).
        **env_kwargs: the options of the single env (validated by it).
    """

    single_env_class: type
    metadata: dict[str, Any] = {"render_modes": ["rgb_array"], "render_fps": 50}

    def __init__(
        self,
        num_envs: int = 1,
        *,
        max_episode_steps: int | None = None,
        autoreset_mode: AutoresetMode | str = AutoresetMode.NEXT_STEP,
        render_mode: str | None = None,
        **env_kwargs: Any,
    ) -> None:
        from gymkit.error import UnsupportedMode
        from gymkit.spaces import batch_space

        if (
            isinstance(num_envs, bool)
            or not isinstance(num_envs, (int, np.integer))
            or num_envs < 1
        ):
            raise ValueError(f"num_envs must be an int >= 1, got {num_envs!r}")
        if max_episode_steps is not None and (
            isinstance(max_episode_steps, bool)
            or not isinstance(max_episode_steps, (int, np.integer))
            or max_episode_steps < 1
        ):
            raise ValueError(
                f"max_episode_steps must be None or an int >= 1, got {max_episode_steps!r}"
            )
        if render_mode not in (None, "rgb_array"):
            raise UnsupportedMode(
                f"{type(self).__name__} supports render_mode=None or 'rgb_array', got "
                f"{render_mode!r}; render a single env for 'human'"
            )
        self.num_envs = int(num_envs)
        self.max_episode_steps = None if max_episode_steps is None else int(max_episode_steps)
        self._autoreset_mode = AutoresetMode.parse(autoreset_mode)
        self.render_mode = render_mode
        # The single env validates the options, provides the spaces and constants, and draws
        # the frames of the sub-envs.
        import inspect

        accepted = [
            name
            for name in inspect.signature(self.single_env_class).parameters
            if name != "render_mode"
        ]
        rejected = sorted(set(env_kwargs) - set(accepted))
        if rejected:
            from gymkit.error import InvalidEnvKwargs

            raise InvalidEnvKwargs(
                f"{type(self).__name__} does not accept the keyword(s) {', '.join(rejected)}; "
                f"it accepts num_envs, max_episode_steps, autoreset_mode, render_mode and the "
                f"options of {self.single_env_class.__name__}: {', '.join(accepted) or 'none'}"
            )
        self.single_env = self.single_env_class(
            render_mode="rgb_array" if render_mode else None, **env_kwargs
        )
        self.metadata = {
            "render_modes": ["rgb_array"],
            "render_fps": self.single_env.metadata["render_fps"],
            "autoreset_mode": self._autoreset_mode,
        }
        self.single_observation_space = self.single_env.observation_space
        self.single_action_space = self.single_env.action_space
        self.observation_space = batch_space(self.single_observation_space, self.num_envs)
        self.action_space = batch_space(self.single_action_space, self.num_envs)
        self.streams = UniformStreams(self.num_envs)
        self.elapsed_steps = np.zeros(self.num_envs, dtype=np.int64)
        self._needs_reset = np.zeros(self.num_envs, dtype=np.bool_)
        self._all_rows = np.arange(self.num_envs, dtype=np.intp)
        self._has_reset = False
        self._setup(**env_kwargs)

    # ------------------------------------------------------------------ subclass hooks
    def _setup(self, **env_kwargs: Any) -> None:
        """Allocate the state arrays."""
        raise NotImplementedError

    def _reset_rows(self, rows: np.ndarray, options: dict[str, Any] | None) -> None:
        """Draw new initial states for sub-envs ``rows`` from their streams."""
        raise NotImplementedError

    def _advance(
        self, actions: np.ndarray, resetting: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Advance every sub-env one step; return ``(rewards float64, terminated bool)``.

        ``resetting`` is ``None`` (every row steps for real) or the mask of the rows that are
        reset right after (their result is discarded; they must not consume random draws)."""
        raise NotImplementedError

    def _observe(self) -> np.ndarray:
        """A new ``(num_envs, *obs_shape)`` observation array of the current states."""
        raise NotImplementedError

    def _check_actions(self, actions: Any) -> np.ndarray:
        raise NotImplementedError

    def _drawing_state(self, index: int) -> None:
        """Load sub-env ``index``'s state into :attr:`single_env` for drawing."""
        raise NotImplementedError

    # ------------------------------------------------------------------ actions
    def _check_discrete(self, actions: Any) -> np.ndarray:
        array = np.asarray(actions)
        n = self.single_action_space.n
        if array.shape != (self.num_envs,) or array.dtype.kind not in "iu":
            raise InvalidAction(
                f"{type(self).__name__}.step expects an int array of shape ({self.num_envs},) "
                f"with values in [0, {n}), got {actions!r}"
            )
        if array.dtype.kind == "i" and array.dtype.itemsize == 8:
            widest = array.view(np.uint64).max()  # negatives become huge: one reduction
        else:
            widest = array.max() if array.min() >= 0 else n
        if widest >= n:
            raise InvalidAction(
                f"{type(self).__name__}.step got actions outside [0, {n}): {actions!r}"
            )
        return array

    def _check_box(self, actions: Any) -> np.ndarray:
        array = np.asarray(actions)
        shape = (self.num_envs, *self.single_action_space.shape)
        if array.shape != shape or array.dtype.kind not in "fiu":
            raise InvalidAction(
                f"{type(self).__name__}.step expects a float array of shape {shape}, got "
                f"{actions!r}"
            )
        return array

    # ------------------------------------------------------------------ contract
    def reset(
        self,
        *,
        seed: int | list[int | None] | None = None,
        options: dict[str, Any] | None = None,
    ) -> tuple[np.ndarray, dict[str, Any]]:
        """Reset every sub-env (or those of ``options["reset_mask"]``); an int ``seed`` s seeds
        sub-env ``i`` with ``s + i``. Other options go to the initial-state draw as in the single
        env. Returns ``(obs, {})``."""
        self._assert_open()
        super().reset(seed=seed)
        seeds = resolve_seeds(seed, self.num_envs)
        mask = check_reset_mask(options, self.num_envs)
        if mask is None:
            rows = self._all_rows
        else:
            rows = np.flatnonzero(mask).astype(np.intp)
            options = {k: v for k, v in options.items() if k != "reset_mask"} or None  # type: ignore[union-attr]
            if not self._has_reset and len(rows) < self.num_envs:
                raise ResetNeeded(
                    f"{type(self).__name__}: the first reset must reset every sub-env; call "
                    "reset() without reset_mask first"
                )
        for index in rows:
            if seeds[index] is not None:
                self.streams.seed(int(index), seeds[index])
        self._reset_rows(rows, options)
        self.elapsed_steps[rows] = 0
        self._needs_reset[rows] = False
        self._has_reset = True
        return self._observe(), {}

    def step(
        self, actions: Any
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
        """Step every sub-env (autoreset per the mode); return batched
        ``(obs, rewards, terminations, truncations, infos)``."""
        if not self._has_reset:
            self._assert_open()
            raise ResetNeeded(f"{type(self).__name__}.step called before reset(); reset first")
        actions = self._check_actions(actions)
        mode = self._autoreset_mode
        needs_reset = self._needs_reset
        pending = mode is AutoresetMode.NEXT_STEP and np.count_nonzero(needs_reset) > 0
        rewards, terminated = self._advance(actions, needs_reset if pending else None)
        elapsed = self.elapsed_steps
        elapsed += 1
        if self.max_episode_steps is None:
            truncated = np.zeros(self.num_envs, dtype=np.bool_)
        else:
            truncated = elapsed >= self.max_episode_steps
        infos: dict[str, Any] = {}
        if mode is AutoresetMode.NEXT_STEP:
            if pending:
                rows = np.flatnonzero(needs_reset)
                self._reset_rows(rows, None)
                elapsed[rows] = 0
                rewards[rows] = 0.0
                terminated[rows] = False
                truncated[rows] = False
            np.logical_or(terminated, truncated, out=needs_reset)
            obs = self._observe()
        elif mode is AutoresetMode.SAME_STEP:
            obs = self._observe()
            done = terminated | truncated
            if np.count_nonzero(done):
                rows = np.flatnonzero(done)
                final_obs = np.full(self.num_envs, None, dtype=object)
                for index in rows:
                    final_obs[index] = obs[index]
                infos = {
                    "final_obs": final_obs,
                    "_final_obs": done.copy(),
                    "final_info": {},
                    "_final_info": done,
                }
                self._reset_rows(rows, None)
                elapsed[rows] = 0
                obs = self._observe()
        else:
            obs = self._observe()
        return obs, rewards, terminated, truncated, infos

    def render(self) -> tuple[np.ndarray, ...] | None:
        """One ``rgb_array`` frame per sub-env (``render_mode="rgb_array"``), else ``None``."""
        self._assert_open()
        if self.render_mode is None:
            return None
        frames = []
        for index in range(self.num_envs):
            self._drawing_state(index)
            frames.append(self.single_env.render())
        return tuple(frames)

    def call(self, name: str, *args: Any, **kwargs: Any) -> tuple[Any, ...]:
        """The batched env's own attribute ``name`` (called with the arguments when callable),
        once per sub-env."""
        attr = getattr(self, name)
        value = attr(*args, **kwargs) if callable(attr) else attr
        return tuple(value for _ in range(self.num_envs))

    def get_attr(self, name: str) -> tuple[Any, ...]:
        """The attribute ``name`` of the batched env (shared by its sub-envs), per sub-env."""
        value = getattr(self, name)
        return tuple(value for _ in range(self.num_envs))

    def set_attr(self, name: str, values: Any) -> None:
        """Set a shared attribute; a list/tuple of values must hold one value for all."""
        if isinstance(values, (list, tuple)):
            if len(values) != self.num_envs or any(v != values[0] for v in values[1:]):
                raise ValueError(
                    f"{type(self).__name__} shares attributes across its sub-envs; set_attr("
                    f"{name!r}) needs a single value, got {values!r}"
                )
            values = values[0]
        setattr(self, name, values)

    def close_extras(self, **kwargs: Any) -> None:
        """Close the drawing env."""
        self.single_env.close()
