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

from typing import TYPE_CHECKING, Any, cast

import numpy as np

from gymkit.error import InvalidAction, ResetNeeded
from gymkit.vector.utils import check_reset_mask
from gymkit.vector.vector_env import AutoresetMode, NativeVectorEnv, resolve_seeds

if TYPE_CHECKING:
    from gymkit.spaces import Discrete

__all__ = ["ClassicVectorEnv", "UniformStreams"]


class UniformStreams:
    """One ``numpy.random.Generator`` per sub-env, read as a stream of uniform ``[0, 1)`` doubles.

    The single envs draw with ``np_random.uniform(low, high)``, which consumes one double per
    value and returns ``low + (high - low) * u``. Drawing the same doubles ahead in blocks of
    ``block`` per sub-env (``Generator.random``) yields the identical stream, and lets a batch of
    resets read their values with one fancy-indexing operation instead of a Python loop of
    generator calls.

    Refills are amortised: every sub-env is guaranteed at least ``budget`` unread doubles; a
    draw within the budget needs no check, and when the budget runs out one sweep tops up every
    sub-env that has read more than half its block (each sub-env refills once per half block
    it reads, whichever rows are drawn).

    Args:
        num_envs: number of sub-envs (streams).
        block: doubles read ahead per sub-env; default about 8 MiB in all, 256 to 4096 each.
        unit: when every draw reads the same number of doubles (an env whose only random use
            is its reset), that number: the stream is then kept unit by unit and
            :meth:`draw_units` reads a batch of resets with one row gather.
        order: with ``unit``, a permutation of ``range(unit)``: :meth:`draw_units` returns the
            doubles of each unit in this order (column ``j`` holds draw ``order[j]``).
    """

    def __init__(
        self,
        num_envs: int,
        block: int | None = None,
        unit: int | None = None,
        order: tuple[int, ...] | None = None,
    ) -> None:
        if block is None:
            block = max(256, min(4096, (1 << 20) // max(num_envs, 1)))
        if unit is not None:
            if unit < 1:
                raise ValueError(f"unit must be >= 1, got {unit}")
            block = max(2 * unit, block - block % (2 * unit))
            self._order = None if order is None else np.array(order, dtype=np.intp)
            if self._order is not None and sorted(self._order.tolist()) != list(range(unit)):
                raise ValueError(f"order must be a permutation of range({unit}), got {order}")
        elif order is not None:
            raise ValueError("order needs unit (the number of doubles each draw reads)")
        if block < 2:
            raise ValueError(f"block must be >= 2, got {block}")
        self.block = block
        self.unit = unit
        self.generators: list[np.random.Generator | None] = [None] * num_envs
        self.buffer = np.empty((num_envs, block), dtype=np.float64)
        self._flat = self.buffer.reshape(-1)  # a view: the buffer in one row
        self._base = np.arange(num_envs, dtype=np.intp) * block
        # absolute index (into the flat buffer) of each sub-env's next unread double
        self._next = self._base + block  # everything read: the first draw refills
        self._budget = 0
        self._offsets: dict[int, np.ndarray] = {}
        if unit is not None:
            self._units = self.buffer.reshape(-1, unit)  # a view: one unit per row
            self._unit_step = np.array(1, dtype=np.intp)
            self._next //= unit  # in units

    @property
    def position(self) -> np.ndarray:
        """How many doubles of its block each sub-env has read."""
        if self.unit is not None:
            return self._next * self.unit - self._base
        return self._next - self._base

    def _set_position(self, index: int, read: int) -> None:
        absolute = self._base[index] + read
        self._next[index] = absolute if self.unit is None else absolute // self.unit

    def _fill(self, index: int, start: int, generator: np.random.Generator) -> None:
        fresh = self.buffer[index, start:]
        generator.random(out=fresh)
        if self.unit is not None and self._order is not None:
            units = fresh.reshape(-1, self.unit)
            units[:] = units.take(self._order, axis=1)

    def seed(self, index: int, seed: int | None) -> None:
        """Restart sub-env ``index``'s stream from ``seed`` (``None``: fresh OS entropy)."""
        from gymkit.utils.seeding import np_random

        generator, _ = np_random(seed)
        self.generators[index] = generator
        self._fill(index, 0, generator)
        self._set_position(index, 0)

    def _refill(self, index: int) -> None:
        generator = self.generators[index]
        if generator is None:
            self.seed(index, None)
            return
        read = int(self._next[index]) * (self.unit or 1) - int(self._base[index])
        left = self.block - read
        row = self.buffer[index]
        row[:left] = row[read:]
        self._fill(index, left, generator)
        self._set_position(index, 0)

    def _sweep(self) -> None:
        half = self.block // 2
        for index in np.flatnonzero(self.position > half):
            self._refill(int(index))
        self._budget = self.block - half

    def draw(self, rows: np.ndarray, count: int, by_variable: bool = False) -> np.ndarray:
        """The next ``count`` doubles of each sub-env in ``rows`` (distinct indices), as an
        array of shape ``(len(rows), count)`` (``(count, len(rows))`` with ``by_variable``)."""
        if self.unit is not None:
            if count != self.unit:
                raise ValueError(
                    f"these streams are read {self.unit} doubles at a time, not {count}"
                )
            units = self.draw_units(rows)
            return units.T.copy() if by_variable else units
        if count > self._budget:
            if 2 * count > self.block:
                raise ValueError(
                    f"UniformStreams(block={self.block}) draws at most {self.block // 2} "
                    f"doubles at once, {count} asked; make the block larger"
                )
            self._sweep()
        self._budget -= count
        nxt = self._next
        flat = nxt.take(rows)
        nxt[rows] = flat + count
        offsets = self._offsets.get(count)
        if offsets is None:
            offsets = self._offsets[count] = np.arange(count, dtype=np.intp)
        if by_variable:
            return self._flat.take(flat + offsets[:, None])
        return self._flat.take(flat[:, None] + offsets)

    def draw_units(self, rows: np.ndarray) -> np.ndarray:
        """With ``unit``: the next unit of each sub-env in ``rows`` (distinct indices), as a
        new ``(len(rows), unit)`` array whose columns follow ``order``."""
        if self.unit > self._budget:  # type: ignore[operator]
            self._sweep()
        self._budget -= self.unit  # type: ignore[operator]
        nxt = self._next
        units = nxt.take(rows)
        nxt[rows] = units + self._unit_step
        return self._units.take(units, axis=0)


class ClassicVectorEnv(NativeVectorEnv[np.ndarray, np.ndarray, np.ndarray]):
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
    #: the subclass's random use, when it is only its reset: doubles per reset, and the order
    #: (a permutation) in which its state layout wants them (see :class:`UniformStreams`)
    _reset_draws: int | None = None
    _reset_draw_order: tuple[int, ...] | None = None
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
        self.streams = UniformStreams(
            self.num_envs, unit=self._reset_draws, order=self._reset_draw_order
        )
        # episode clocks: a step counter shared by all sub-envs and the count at which each
        # sub-env's episode began (one subtraction instead of a per-step increment per env)
        self._clock = 0
        self._episode_start = np.zeros(self.num_envs, dtype=np.int64)
        self._needs_reset = np.zeros(self.num_envs, dtype=np.bool_)
        self._all_rows = np.arange(self.num_envs, dtype=np.intp)
        self._has_reset = False
        self._setup(**env_kwargs)

    @property
    def elapsed_steps(self) -> np.ndarray:
        """Steps taken in each sub-env's current episode (what ``TimeLimit`` counts)."""
        return self._clock - self._episode_start

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
        n = int(cast("Discrete", self.single_action_space).n)
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
        shape = (self.num_envs, *(self.single_action_space.shape or ()))
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
        self._episode_start[rows] = self._clock
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
        self._clock += 1
        start = self._episode_start
        if self.max_episode_steps is None:
            truncated = np.zeros(self.num_envs, dtype=np.bool_)
        else:
            truncated = start <= self._clock - self.max_episode_steps
        infos: dict[str, Any] = {}
        if mode is AutoresetMode.NEXT_STEP:
            if pending:
                rows = np.flatnonzero(needs_reset)
                self._reset_rows(rows, None)
                start[rows] = self._clock
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
                start[rows] = self._clock
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
        """Close the drawing env; later steps raise (``ClosedEnvironmentError``)."""
        self._has_reset = False
        self.single_env.close()
