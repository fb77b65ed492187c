"""``AtariVectorEnv``: ale-py's threaded C++ vector env behind gymkit's :class:`VectorEnv` API.

``gymkit.make_vec("ALE/Pong-v5", num_envs=8)`` builds it (the v5 specs' ``vector_entry_point``).
The sub-envs run in C++ worker threads with the DQN preprocessing built in (frame skip with
max-pooling, resize, grayscale, frame stack, noop reset), so observations are
``(stack_num, img_height, img_width)`` (``+ (3,)`` in colour) per sub-env — the same layout as
``FrameStackObservation(AtariPreprocessing(env), stack_num)`` on a single env.

ale-py is imported when the vector env is built, never at registration.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gymkit import spaces
from gymkit.error import Error, InvalidAction, UnsupportedMode
from gymkit.vector.vector_env import AutoresetMode, NativeVectorEnv, resolve_seeds
from gymkit_atari.env import _check_frameskip, _import_ale, checked_rom

__all__ = ["AtariVectorEnv"]

# gymkit's autoreset modes → the names ALE's vector interface knows (it has no DISABLED mode).
_ALE_AUTORESET = {AutoresetMode.NEXT_STEP: "NextStep", AutoresetMode.SAME_STEP: "SameStep"}
_INT32_MAX = 2**31 - 1


def ale_seed(seed: int) -> int:
    """The emulator seed that a gymkit seed stands for — the one :class:`AtariEnv` draws on
    ``reset(seed=seed)`` — so a sub-env seeded ``s`` and a single env seeded ``s`` play alike."""
    from gymkit.utils.seeding import np_random

    generator, _ = np_random(seed)
    return int(generator.integers(0, _INT32_MAX))


class AtariVectorEnv(NativeVectorEnv[np.ndarray, np.ndarray, np.ndarray]):
    """``num_envs`` copies of one Atari game, stepped by ale-py's C++ worker threads.

    The single-env options (from the spec; see :class:`~gymkit_atari.env.AtariEnv`):

    - ``game``, ``repeat_action_probability``, ``full_action_space`` as for the single env;
    - ``frameskip``: a fixed int (a ``(low, high)`` range needs ``vectorization_mode="sync"``);
    - ``obs_type``: ``"rgb"`` or ``"grayscale"`` (both are screen observations; the channel
      format is ``grayscale``'s); ``"ram"`` is refused;
    - ``max_num_frames_per_episode`` (emulator frames) and ``max_episode_steps`` (steps, as
      ``TimeLimit``): the episode is truncated at whichever comes first;
    - ``mode`` / ``difficulty`` must stay ``None`` (the vector interface plays the defaults).

    Vector options: ``num_envs``; ``autoreset_mode`` ``"next_step"`` (default) or
    ``"same_step"`` (ALE has no ``"disabled"`` mode); ``render_mode`` ``None`` only (render a
    single env to watch); ``batch_size`` (``None`` = ``num_envs``; smaller → EnvPool-style
    :meth:`send`/:meth:`recv` with the first ``batch_size`` sub-envs to finish);
    ``num_threads`` (``None`` = one per core, at most ``batch_size``);
    ``thread_affinity_offset`` (``None`` = no pinning; ``k`` pins thread ``t`` to core ``k + t``).

    Preprocessing options (ALE's, with the DQN defaults): ``img_height``/``img_width`` (84),
    ``grayscale`` (``None`` = True), ``stack_num`` (4), ``maxpool`` (max of the last two frames
    of each skip, True), ``noop_max`` (30; a reset plays a random number of NOOPs in
    ``[0, noop_max]``), ``use_fire_reset`` (press FIRE after a reset in games that need it,
    False), ``episodic_life`` (a life loss ends the episode, False), ``life_loss_info``
    (a life loss sets ``terminated`` without resetting, False), ``reward_clipping`` (rewards
    clipped to their sign, False).

    ``reset(seed=s)`` seeds sub-env ``i`` with ``s + i`` — through the same emulator seed
    :class:`AtariEnv` uses, so with ``noop_max=0`` a sub-env replays the single env's game
    (sticky actions included). Rewards are float64, ``infos`` holds ``lives``,
    ``frame_number`` and ``episode_frame_number``.

    Differences from a single env that come from ALE's vector env itself: on the step an
    episode ends it stops repeating the action at the game's end, so that step's observation
    can lag the single env's by up to ``frameskip - 1`` frames and, with sticky actions, the
    sub-env's random stream (hence its next games) differs from the single env's after the
    first episode; in ``same_step`` mode the ending step's ``infos`` describe the new episode.
    With ``batch_size < num_envs`` (ALE's asynchronous mode), ale-py 0.12.1 can starve a
    sub-env (4 envs, batch 2, 2 threads never return env 3): prefer the default batch size.
    """

    metadata: dict[str, Any] = {"render_modes": [], "autoreset_mode": AutoresetMode.NEXT_STEP}

    def __init__(
        self,
        num_envs: int = 1,
        *,
        game: str = "pong",
        obs_type: str = "rgb",
        frameskip: int = 4,
        repeat_action_probability: float = 0.25,
        full_action_space: bool = False,
        mode: int | None = None,
        difficulty: int | None = None,
        max_num_frames_per_episode: int | None = None,
        max_episode_steps: int | None = None,
        autoreset_mode: AutoresetMode | str = AutoresetMode.NEXT_STEP,
        render_mode: str | None = None,
        img_height: int = 84,
        img_width: int = 84,
        grayscale: bool | None = None,
        stack_num: int = 4,
        maxpool: bool = True,
        noop_max: int = 30,
        use_fire_reset: bool = False,
        episodic_life: bool = False,
        life_loss_info: bool = False,
        reward_clipping: bool = False,
        batch_size: int | None = None,
        num_threads: int | None = None,
        thread_affinity_offset: int | None = None,
    ) -> None:
        if isinstance(num_envs, bool) or not isinstance(num_envs, (int, np.integer)):
            raise ValueError(f"num_envs must be an int >= 1, got {num_envs!r}")
        if num_envs < 1:
            raise ValueError(f"num_envs must be an int >= 1, got {num_envs!r}")
        self.num_envs = int(num_envs)
        rom = checked_rom(game)
        parsed_mode = AutoresetMode.parse(autoreset_mode)
        if parsed_mode not in _ALE_AUTORESET:
            raise UnsupportedMode(
                f"AtariVectorEnv supports autoreset_mode 'next_step' and 'same_step' (ALE's "
                f"vector env resets ended episodes itself), got {parsed_mode.value!r}; for "
                "'disabled' use make_vec(..., vectorization_mode='sync', "
                "vector_kwargs={'autoreset_mode': 'disabled'})"
            )
        if render_mode is not None:
            raise UnsupportedMode(
                f"AtariVectorEnv has no render modes (ALE's vector env returns preprocessed "
                f"observations only), got render_mode={render_mode!r}; render a single env "
                "(gymkit.make(id, render_mode='rgb_array')) or use vectorization_mode='sync'"
            )
        if obs_type == "ram":
            raise Error(
                "AtariVectorEnv observes the screen; obs_type='ram' needs "
                "make_vec(..., vectorization_mode='sync')"
            )
        if obs_type not in ("rgb", "grayscale"):
            raise Error(f"obs_type must be 'rgb' or 'grayscale', got {obs_type!r}")
        if grayscale is None:
            grayscale = True
        elif obs_type == "grayscale" and not grayscale:
            raise Error("obs_type='grayscale' contradicts grayscale=False; drop one of them")
        if _check_frameskip(frameskip) is None:
            raise Error(
                f"AtariVectorEnv needs a fixed int frameskip, got the range {frameskip!r}; "
                "use make_vec(..., vectorization_mode='sync') for random frame skips"
            )
        if mode is not None or difficulty is not None:
            raise Error(
                f"AtariVectorEnv plays the game's default mode and difficulty, got mode={mode!r}"
                f", difficulty={difficulty!r}; use make_vec(..., vectorization_mode='sync')"
            )
        if not 0.0 <= float(repeat_action_probability) <= 1.0:
            raise Error(
                f"repeat_action_probability must be in [0, 1], got {repeat_action_probability}"
            )
        for name, value, low in (
            ("img_height", img_height, 1),
            ("img_width", img_width, 1),
            ("stack_num", stack_num, 1),
            ("noop_max", noop_max, 0),
        ):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
                raise Error(f"{name} must be an int >= {low}, got {value!r}")
        for name, limit in (
            ("max_num_frames_per_episode", max_num_frames_per_episode),
            ("max_episode_steps", max_episode_steps),
        ):
            if limit is not None and (not isinstance(limit, (int, np.integer)) or limit < 1):
                raise Error(f"{name} must be None or an int >= 1, got {limit!r}")
        if batch_size is None:
            batch_size = self.num_envs
        if not isinstance(batch_size, (int, np.integer)) or not 1 <= batch_size <= num_envs:
            raise Error(f"batch_size must be None or an int in [1, {num_envs}], got {batch_size!r}")
        if num_threads is not None and (
            not isinstance(num_threads, (int, np.integer)) or num_threads < 1
        ):
            raise Error(f"num_threads must be None or an int >= 1, got {num_threads!r}")
        if thread_affinity_offset is not None and (
            not isinstance(thread_affinity_offset, (int, np.integer)) or thread_affinity_offset < 0
        ):
            raise Error(
                "thread_affinity_offset must be None or an int >= 0, got "
                f"{thread_affinity_offset!r}"
            )

        # ALE's vector env counts the frames of agent steps (not the reset NOOPs) against its
        # limit, so a step limit is exactly `steps * frameskip` frames.
        limits = [_INT32_MAX]
        if max_num_frames_per_episode is not None:
            limits.append(int(max_num_frames_per_episode))
        if max_episode_steps is not None:
            limits.append(int(max_episode_steps) * int(frameskip))

        ale_py, roms = _import_ale()
        from ale_py._ale_py import ALEVectorInterface

        ale_py.ALEInterface.setLoggerMode(ale_py.LoggerMode.Error)
        self.game = rom
        self.frameskip = int(frameskip)
        self.batch_size = int(batch_size)
        self._autoreset_mode = parsed_mode
        self._ale: Any = ALEVectorInterface(
            rom_path=str(roms.get_rom_path(rom)),
            num_envs=self.num_envs,
            frame_skip=self.frameskip,
            stack_num=int(stack_num),
            img_height=int(img_height),
            img_width=int(img_width),
            grayscale=bool(grayscale),
            maxpool=bool(maxpool),
            noop_max=int(noop_max),
            use_fire_reset=bool(use_fire_reset),
            episodic_life=bool(episodic_life),
            life_loss_info=bool(life_loss_info),
            reward_clipping=bool(reward_clipping),
            max_episode_steps=min(limits),
            repeat_action_probability=float(repeat_action_probability),
            full_action_space=bool(full_action_space),
            batch_size=self.batch_size,
            num_threads=0 if num_threads is None else int(num_threads),
            thread_affinity_offset=-1 if thread_affinity_offset is None else thread_affinity_offset,
            autoreset_mode=_ALE_AUTORESET[parsed_mode],
        )
        self._action_set = list(self._ale.get_action_set())
        shape: tuple[int, ...] = (int(stack_num), int(img_height), int(img_width))
        if not grayscale:
            shape += (3,)
        self.single_observation_space = spaces.Box(0, 255, shape, np.uint8)
        self.single_action_space = spaces.Discrete(len(self._action_set))
        self.observation_space = spaces.batch_space(self.single_observation_space, self.num_envs)
        self.action_space = spaces.batch_space(self.single_action_space, self.num_envs)
        self.metadata = {"render_modes": [], "autoreset_mode": parsed_mode}
        self._strengths = np.ones(self.batch_size, dtype=np.float32)
        self._has_reset = False
        self._seeded = False
        # the sub-envs ALE returned last, in its order: the ones the next send() steps
        self._ale_ids: np.ndarray | None = None

    # ------------------------------------------------------------------ helpers
    def get_action_meanings(self) -> list[str]:
        """The name of each action index (as :meth:`AtariEnv.get_action_meanings`)."""
        return [a.name for a in self._action_set]

    def _check_actions(self, actions: Any, count: int) -> np.ndarray:
        array = np.asarray(actions)
        n = len(self._action_set)
        if (
            array.shape != (count,)
            or array.dtype.kind not in "iu"
            or (count and (array.min() < 0 or array.max() >= n))
        ):
            raise InvalidAction(
                f"AtariVectorEnv expects an int array of shape ({count},) with values in "
                f"[0, {n}), got {actions!r}"
            )
        return array

    def _infos(self, info: dict[str, Any], rows: int) -> dict[str, Any]:
        infos: dict[str, Any] = {}
        for key in ("lives", "frame_number", "episode_frame_number"):
            infos[key] = info[key]
            infos["_" + key] = np.ones(rows, dtype=np.bool_)
        return infos

    def _same_step_infos(
        self, infos: dict[str, Any], info: dict[str, Any], done: np.ndarray
    ) -> dict[str, Any]:
        final = info.get("final_obs")
        if final is not None and done.any():
            final_obs = np.full(len(done), None, dtype=object)
            for row in np.flatnonzero(done):
                final_obs[row] = final[row]
            infos["final_obs"] = final_obs
            infos["_final_obs"] = done.copy()
            infos["final_info"] = {}
            infos["_final_info"] = done.copy()
        return infos

    # ------------------------------------------------------------------ contract
    def reset(
        self,
        *,
        seed: int | list[int | None] | None = None,
        options: dict[str, Any] | None = None,
    ) -> tuple[np.ndarray, dict[str, Any]]:
        """Reset every sub-env; an int ``seed`` s seeds sub-env ``i`` with ``s + i`` (a list:
        one seed or ``None`` per sub-env). Returns ``(obs, infos)``; with ``batch_size <
        num_envs`` these are the first ``batch_size`` sub-envs to finish resetting, named by
        ``infos["env_id"]`` (the others come back from later :meth:`recv` calls).

        ``options["reset_mask"]`` (partial resets) belongs to the ``disabled`` autoreset mode,
        which ALE's vector env does not have: it is refused.
        """
        self._assert_open()
        if options and "reset_mask" in options:
            raise Error(
                "AtariVectorEnv resets every sub-env (reset_mask belongs to autoreset_mode="
                "'disabled', which ALE's vector env does not support); call reset() without it"
            )
        if options:
            raise Error(f"AtariVectorEnv.reset takes no options, got {sorted(options)}")
        super().reset(seed=seed)
        seeds = resolve_seeds(seed, self.num_envs)
        if not self._seeded and all(s is None for s in seeds):
            # first reset without a seed: fresh entropy, so unseeded vector envs differ
            draws = self.np_random.integers(0, _INT32_MAX, size=self.num_envs)
            ale_seeds = [int(s) for s in draws]
        else:
            ale_seeds = [-1 if s is None else ale_seed(int(s)) for s in seeds]
        self._seeded = True
        obs, info = self._ale.reset(np.arange(self.num_envs, dtype=np.int32), ale_seeds)
        self._has_reset = True
        obs, _, _, _, infos, _ = self._collect(obs, None, None, None, info)
        return obs, infos

    def step(
        self, actions: Any
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
        """Step every sub-env (autoreset per the mode); return batched
        ``(obs, rewards, terminations, truncations, infos)``."""
        if self.batch_size != self.num_envs:
            raise Error(
                f"AtariVectorEnv was built with batch_size={self.batch_size} < num_envs="
                f"{self.num_envs}: step it with send(actions, env_ids) / recv()"
            )
        self._require_reset()
        if self._ale_ids is None:
            raise Error("a send() is pending: recv() its results before calling step()")
        actions = self._check_actions(actions, self.num_envs)
        ale = self._ale
        ale.send(actions, self._strengths)
        obs, rewards, terminations, truncations, info = ale.recv()
        infos = self._infos(info, self.num_envs)
        if self._autoreset_mode is AutoresetMode.SAME_STEP:
            infos = self._same_step_infos(infos, info, terminations | truncations)
        return obs, rewards.astype(np.float64), terminations, truncations, infos

    def send(self, actions: Any, env_ids: Any = None) -> None:
        """Start stepping the sub-envs returned by the last :meth:`reset`/:meth:`recv` (all of
        them unless ``batch_size < num_envs``) with ``actions``, one per sub-env in ascending
        id order — or in the order of ``env_ids`` when given. ALE steps exactly the sub-envs it
        returned last, so ``env_ids`` must name those; then :meth:`recv` the next batch."""
        self._require_reset()
        ale_ids = self._ale_ids
        if ale_ids is None:
            raise Error("send() is already pending: recv() its results before sending again")
        actions = self._check_actions(actions, len(ale_ids))
        ids = np.sort(ale_ids) if env_ids is None else np.asarray(env_ids).reshape(-1)
        if env_ids is not None and sorted(ids.tolist()) != sorted(ale_ids.tolist()):
            raise Error(
                f"ALE's vector env steps the sub-envs it returned last "
                f"({sorted(ale_ids.tolist())}); send got env_ids {ids.tolist()}"
            )
        if not np.array_equal(ids, ale_ids):
            # actions[k] belongs to ids[k]; ALE wants them in the order it returned the ids
            by_id = np.argsort(ids)
            actions = actions[by_id[np.searchsorted(ids[by_id], ale_ids)]]
        self._ale.send(actions, self._strengths)
        self._ale_ids = None

    def recv(
        self, batch_size: int | None = None, timeout: float | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict[str, Any], np.ndarray]:
        """The results of the first ``batch_size`` sub-envs (fixed at construction) to finish,
        as ``(obs, rewards, terminations, truncations, infos, env_ids)``, rows ascending by
        ``env_ids``. ``timeout`` is not supported (ALE waits for its threads)."""
        if batch_size is not None and batch_size != self.batch_size:
            raise Error(
                f"AtariVectorEnv's batch size is fixed at construction ({self.batch_size}), "
                f"got recv(batch_size={batch_size})"
            )
        if timeout is not None:
            raise Error("AtariVectorEnv.recv has no timeout: ALE's threads always answer")
        self._require_reset()
        if self._ale_ids is not None:
            raise Error("recv() without a pending send(): send actions first")
        obs, rewards, terminations, truncations, info = self._ale.recv()
        obs, rewards, terminations, truncations, infos, env_ids = self._collect(
            obs, rewards, terminations, truncations, info
        )
        return obs, rewards.astype(np.float64), terminations, truncations, infos, env_ids

    def _collect(
        self,
        obs: np.ndarray,
        rewards: Any,
        terminations: Any,
        truncations: Any,
        info: dict[str, Any],
    ) -> tuple[Any, Any, Any, Any, dict[str, Any], np.ndarray]:
        """Remember which sub-envs ALE returned (in its order) and sort the rows by env id."""
        env_ids = np.asarray(info["env_id"])
        self._ale_ids = env_ids
        order = np.argsort(env_ids, kind="stable")
        if not np.array_equal(order, np.arange(len(order))):
            obs = obs[order]
            if rewards is not None:
                rewards, terminations, truncations = (
                    rewards[order],
                    terminations[order],
                    truncations[order],
                )
            info = {k: (v[order] if len(v) == len(order) else v) for k, v in info.items()}
            env_ids = env_ids[order]
        infos = self._infos(info, len(env_ids))
        if len(env_ids) < self.num_envs:
            infos["env_id"] = env_ids
            infos["_env_id"] = np.ones(len(env_ids), dtype=np.bool_)
        if rewards is not None and self._autoreset_mode is AutoresetMode.SAME_STEP:
            infos = self._same_step_infos(infos, info, terminations | truncations)
        return obs, rewards, terminations, truncations, infos, env_ids

    def _require_reset(self) -> None:
        self._assert_open()
        if not self._has_reset:
            from gymkit.error import ResetNeeded

            raise ResetNeeded("AtariVectorEnv.step called before reset(); reset first")

    def render(self) -> tuple[Any, ...] | None:
        """``None``: the native Atari vector env has no render modes."""
        self._assert_open()
        return None

    def set_attr(self, name: str, values: Any) -> None:
        """Refused: the sub-envs live in C++ and their settings are fixed at construction."""
        raise Error(
            f"AtariVectorEnv's sub-envs are configured at construction; cannot set {name!r}"
        )

    def close_extras(self, **kwargs: Any) -> None:
        """Stop ALE's worker threads."""
        self._ale = None
