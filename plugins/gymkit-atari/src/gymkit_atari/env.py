"""``AtariEnv``: one Atari 2600 game in the Arcade Learning Environment, behind the gymkit contract.

ale-py (the emulator and the ROMs) is imported when an env is constructed, never at registration.
"""

from __future__ import annotations

import difflib
from typing import Any

import numpy as np

import gymkit
from gymkit import spaces
from gymkit.error import DependencyNotInstalled, Error, InvalidAction
from gymkit_atari.games import ALL_GAMES, MULTIPLAYER_ONLY, game_name, rom_for_name

OBS_TYPES = ("rgb", "grayscale", "ram")
RAM_SIZE = 128

# Keys for `gymkit play`: each word of an action meaning ("UPRIGHTFIRE") and the key that spells it.
_MEANING_KEYS = {"UP": "up", "RIGHT": "right", "LEFT": "left", "DOWN": "down", "FIRE": "space"}


def _import_ale() -> Any:
    try:
        import ale_py
        from ale_py import roms
    except ImportError as exc:
        raise DependencyNotInstalled(
            f"Atari envs need ale-py ({exc}); install them with pip install 'gymkit[atari]'"
        ) from exc
    return ale_py, roms


class AtariEnv(gymkit.Env[np.ndarray, np.int64]):
    """An Atari 2600 game.

    Args:
        game: ROM id (``"pong"``, ``"ms_pacman"``) or its PascalCase name (``"MsPacman"``).
        mode, difficulty: game mode and difficulty switch; ``None`` keeps the ROM's default.
        obs_type: ``"rgb"`` (``(H, W, 3)``), ``"grayscale"`` (``(H, W)``) or ``"ram"`` (128
            bytes); the screen is 210x160 for most games (up to 250x160 for a few).
        frameskip: emulator frames per step: an int, or ``(low, high)`` to draw uniformly from
            ``[low, high)`` each step.
        repeat_action_probability: per-frame probability that the emulator repeats the previous
            action instead of the new one ("sticky actions").
        full_action_space: all 18 actions instead of the game's minimal set.
        max_num_frames_per_episode: emulator frames after which the episode is truncated.
        render_mode: ``"rgb_array"`` or ``"human"``.

    ``info`` holds ``lives``, ``episode_frame_number`` and ``frame_number``. ``terminated`` is
    the game being over; ``truncated`` is the frame limit being reached.

    ``metadata["render_fps"]`` is the emulator's 60 frames per second divided by the (mean)
    frameskip, so ``human`` rendering and ``gymkit play`` run at the game's real speed.
    ``keys_to_action`` / ``noop`` are the keyboard map of ``gymkit play`` (arrows move, space
    fires); :meth:`get_keys_to_action` returns the same map.

    The multiplayer-only ROMs (combat, joust, maze_craze, warlords) are refused: ALE cannot run
    them as a single-player game.
    """

    metadata = {"render_modes": ["rgb_array", "human"], "render_fps": 60}
    #: frames per second of the Atari 2600 (NTSC)
    FRAME_RATE = 60
    #: freshly loaded emulator states kept for seeded resets (see ``_reseed``)
    SEEDED_STATES_KEPT = 8

    def __init__(
        self,
        game: str = "pong",
        mode: int | None = None,
        difficulty: int | None = None,
        obs_type: str = "rgb",
        frameskip: int | tuple[int, int] = 4,
        repeat_action_probability: float = 0.25,
        full_action_space: bool = False,
        max_num_frames_per_episode: int | None = None,
        render_mode: str | None = None,
    ) -> None:
        rom = checked_rom(game)
        if obs_type not in OBS_TYPES:
            raise Error(f"obs_type must be one of {OBS_TYPES}, got {obs_type!r}")
        self._fixed_skip = _check_frameskip(frameskip)
        if not 0.0 <= float(repeat_action_probability) <= 1.0:
            raise Error(
                f"repeat_action_probability must be in [0, 1], got {repeat_action_probability}"
            )
        if max_num_frames_per_episode is not None and max_num_frames_per_episode <= 0:
            raise Error(
                f"max_num_frames_per_episode must be positive or None, "
                f"got {max_num_frames_per_episode}"
            )
        self.render_mode = self._check_render_mode(render_mode)
        if self._fixed_skip is not None:
            mean_skip: float = self._fixed_skip
        else:
            low, high = frameskip  # type: ignore[misc]
            mean_skip = (low + high - 1) / 2
        self.metadata = {**self.metadata, "render_fps": round(self.FRAME_RATE / mean_skip)}

        self.game = rom
        self.obs_type = obs_type
        self.frameskip = frameskip
        self.repeat_action_probability = float(repeat_action_probability)
        self.full_action_space = bool(full_action_space)
        self.max_num_frames_per_episode = max_num_frames_per_episode

        ale_py, roms = _import_ale()
        ale_py.ALEInterface.setLoggerMode(ale_py.LoggerMode.Error)
        self._rom_path = str(roms.get_rom_path(rom))
        self.ale = ale_py.ALEInterface()
        self._seeded_states: dict[int, Any] = {}
        # An unseeded env still gets its own emulator seed (fresh entropy through np_random),
        # so two unseeded envs do not replay the same sticky-action draws.
        self._load(seed=self._ale_seed())
        modes, difficulties = self.ale.getAvailableModes(), self.ale.getAvailableDifficulties()
        if mode is not None and mode not in modes:
            raise Error(f"mode {mode} is not available for {rom}; available modes: {modes}")
        if difficulty is not None and difficulty not in difficulties:
            raise Error(
                f"difficulty {difficulty} is not available for {rom}; "
                f"available difficulties: {difficulties}"
            )
        self.mode, self.difficulty = mode, difficulty
        self._apply_mode()

        actions = (
            self.ale.getLegalActionSet() if full_action_space else (self.ale.getMinimalActionSet())
        )
        self._action_set = list(actions)
        self.action_space = spaces.Discrete(len(self._action_set))
        # Most ROMs draw 210x160; a few (Adventure, Pacman, Pooyan, ...) draw taller screens.
        height, width = (int(v) for v in self.ale.getScreenDims())
        self.screen_shape = (height, width)
        if obs_type == "ram":
            self.observation_space = spaces.Box(0, 255, (RAM_SIZE,), np.uint8)
            self._observe = self.ale.getRAM
        elif obs_type == "grayscale":
            self.observation_space = spaces.Box(0, 255, (height, width), np.uint8)
            self._observe = self.ale.getScreenGrayscale
        else:
            self.observation_space = spaces.Box(0, 255, (height, width, 3), np.uint8)
            self._observe = self.ale.getScreenRGB
        # What `gymkit play` reads: the key chords of this game's action set, and the action
        # taken while no mapped chord is held.
        meanings = self.get_action_meanings()
        self.keys_to_action = self.get_keys_to_action()
        self.noop = meanings.index("NOOP") if "NOOP" in meanings else 0
        self._viewer: Any = None

    # ------------------------------------------------------------------ emulator set-up
    def _load(self, seed: int | None) -> None:
        """(Re)load the ROM; ALE reads its settings, the seed included, at load time."""
        ale = self.ale
        if seed is not None:
            ale.setInt("random_seed", seed)
        ale.setFloat("repeat_action_probability", self.repeat_action_probability)
        ale.setInt("max_num_frames_per_episode", self.max_num_frames_per_episode or 0)
        ale.loadROM(self._rom_path)

    def _reseed(self, ale_seed: int) -> None:
        """Put the emulator in the state a fresh ROM load with ``ale_seed`` gives.

        Loading a ROM costs ~0.1 s, so the freshly loaded state (emulator and RNG) of the last
        few seeds is kept and restored instead: seeded resets that repeat a seed (evaluation
        episodes, replays, conformance checks) cost a restore, and replay the same game.
        """
        cached = self._seeded_states.pop(ale_seed, None)
        if cached is None:
            self._load(seed=ale_seed)
            self._apply_mode()
            cached = self.ale.cloneState(include_rng=True)
        else:
            self.ale.restoreState(cached)
        self._seeded_states[ale_seed] = cached  # most recently used last
        while len(self._seeded_states) > self.SEEDED_STATES_KEPT:
            del self._seeded_states[next(iter(self._seeded_states))]

    def _ale_seed(self) -> int:
        """A seed for the emulator drawn from :attr:`np_random` (reseeded by ``reset(seed=…)``)."""
        return int(self.np_random.integers(0, 2**31 - 1))

    def _apply_mode(self) -> None:
        if self.mode is not None:
            self.ale.setMode(self.mode)
        if self.difficulty is not None:
            self.ale.setDifficulty(self.difficulty)

    # ------------------------------------------------------------------ the contract
    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict[str, Any]]:
        """Start a new game. ``reset(seed=s)`` reseeds the emulator (sticky actions included),
        so the same seed and actions replay the same game."""
        super().reset(seed=seed)
        if seed is not None:
            self._reseed(self._ale_seed())
        self.ale.reset_game()
        obs = self._observe()
        if self.render_mode == "human":
            self.render()
        return obs, self._info()

    def step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        """Play ``action`` (an index into the action set) for ``frameskip`` frames."""
        try:
            if action < 0:
                raise IndexError
            ale_action = self._action_set[action]
        except (IndexError, TypeError):
            raise InvalidAction(
                f"action {action!r} is outside {self.action_space}; "
                f"expected an int in [0, {len(self._action_set)})"
            ) from None
        frames = self._fixed_skip or int(self.np_random.integers(*self.frameskip))  # type: ignore[misc]
        ale = self.ale
        act = ale.act
        reward = 0
        for _ in range(frames):
            reward += act(ale_action)
        terminated = ale.game_over(with_truncation=False)
        truncated = ale.game_truncated()
        obs = self._observe()
        if self.render_mode == "human":
            self.render()
        return obs, float(reward), terminated, truncated, self._info()

    def render(self) -> np.ndarray | None:
        """``rgb_array``: the emulator screen (``(H, W, 3)`` uint8, 210x160 for most games);
        ``human``: the screen shown in a window at ``render_fps``."""
        if self.render_mode == "rgb_array":
            return self.ale.getScreenRGB()
        if self.render_mode == "human":
            if self._viewer is None:
                from gymkit.rendering.viewer import FrameViewer

                self._viewer = FrameViewer(
                    caption=f"gymkit — {game_name(self.game)}",
                    fps=self.metadata["render_fps"],
                    zoom=3.0,
                )
            self._viewer.show(self.ale.getScreenRGB())
        return None

    def close(self) -> None:
        """Close the window if one is open (idempotent)."""
        if self._viewer is not None:
            self._viewer.close()
            self._viewer = None

    # ------------------------------------------------------------------ Atari extras
    def get_action_meanings(self) -> list[str]:
        """The name of each action index, e.g. ``["NOOP", "FIRE", "RIGHT", ...]``."""
        return [a.name for a in self._action_set]

    def get_keys_to_action(self) -> dict[tuple[str, ...], int]:
        """Keyboard chords for ``gymkit play``: arrows to move, space to fire."""
        meanings = self.get_action_meanings()
        mapping: dict[tuple[str, ...], int] = {}
        for index, meaning in enumerate(meanings):
            keys = []
            rest = meaning
            for word, key in _MEANING_KEYS.items():
                if word in rest:
                    keys.append(key)
                    rest = rest.replace(word, "", 1)
            if meaning == "NOOP" or rest:
                continue
            mapping[tuple(sorted(keys))] = index
        return mapping

    def clone_state(self, include_rng: bool = False) -> Any:
        """A snapshot of the emulator (with its RNG when ``include_rng``) for
        :meth:`restore_state`.

        ALE keeps the sticky-action "previous action" outside its snapshots: with sticky
        actions, a restored game replays exactly when the action played last before restoring
        is the one played last before cloning (with ``repeat_action_probability=0``, always).
        For the same reason an ``AtariEnv`` does not pickle."""
        return self.ale.cloneState(include_rng=include_rng)

    def restore_state(self, state: Any) -> None:
        """Return the emulator to a snapshot taken by :meth:`clone_state`."""
        self.ale.restoreState(state)

    def _info(self) -> dict[str, Any]:
        ale = self.ale
        return {
            "lives": ale.lives(),
            "episode_frame_number": ale.getEpisodeFrameNumber(),
            "frame_number": ale.getFrameNumber(),
        }


def checked_rom(game: str) -> str:
    """The ROM id ``game`` names (ROM id or PascalCase name); an error naming close matches for
    an unknown game, and for the multiplayer-only ROMs."""
    rom = rom_for_name(game)
    if rom is None:
        close = difflib.get_close_matches(game, [*ALL_GAMES, *map(game_name, ALL_GAMES)], 3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise Error(f"unknown Atari game {game!r}{hint}")
    if rom in MULTIPLAYER_ONLY:
        # ALE cannot run these ROMs single-player, and its loadROM ends the whole process
        # (exit status 1) instead of raising: refuse before it gets the chance.
        raise Error(
            f"{rom!r} is a multiplayer-only ROM, which ALE cannot run as a single-player "
            f"env; pick another game (gymkit list --namespace ALE)"
        )
    return rom


def _check_frameskip(frameskip: Any) -> int | None:
    """The fixed frameskip, or ``None`` for a valid ``(low, high)`` range; raise otherwise."""
    if isinstance(frameskip, (int, np.integer)) and not isinstance(frameskip, bool):
        if frameskip <= 0:
            raise Error(f"frameskip must be positive, got {frameskip}")
        return int(frameskip)
    if (
        isinstance(frameskip, (tuple, list))
        and len(frameskip) == 2
        and all(isinstance(v, (int, np.integer)) for v in frameskip)
        and 0 < frameskip[0] < frameskip[1]
    ):
        return None
    raise Error(
        f"frameskip must be a positive int or a (low, high) pair with 0 < low < high, "
        f"got {frameskip!r}"
    )
