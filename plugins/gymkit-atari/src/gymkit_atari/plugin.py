"""The gymkit plugin entry point of the Atari family: registers every id from the static game list.

Ids, as users cite them:

- ``ALE/<Game>-v5`` and ``ALE/<Game>-ram-v5``: frameskip 4, sticky actions 0.25, minimal action
  set, episodes truncated at 108,000 frames (30 minutes of play);
- ``<Game>NoFrameskip-v4``, ``<Game>-v4`` (frameskip drawn from [2, 5)) and
  ``<Game>Deterministic-v4`` (frameskip 4, 3 for Space Invaders), no sticky actions, with their
  ``-ram`` twins, for the games of the original Gym collection.
"""

from __future__ import annotations

from typing import Any

from gymkit.hookspecs import hookimpl
from gymkit_atari.games import ALL_GAMES, LEGACY_GAMES, MULTIPLAYER_ONLY, game_name

ENTRY_POINT = "gymkit_atari.env:AtariEnv"
VECTOR_ENTRY_POINT = "gymkit_atari.vector:AtariVectorEnv"
V5_MAX_FRAMES = 108_000


@hookimpl
def gymkit_family_info() -> dict[str, Any]:
    """Describe the family for ``gymkit list``."""
    return {"name": "atari", "description": "Atari 2600 games in the Arcade Learning Environment"}


@hookimpl
def gymkit_register_envs(registry: Any) -> None:
    """Register the v5 ids of every single-player ROM and the v4 ids of the legacy games."""
    for rom in ALL_GAMES:
        if rom in MULTIPLAYER_ONLY:
            continue
        name = game_name(rom)
        for obs_type, suffix in (("rgb", ""), ("ram", "-ram")):
            registry.register(
                f"ALE/{name}{suffix}-v5",
                ENTRY_POINT,
                vector_entry_point=VECTOR_ENTRY_POINT if obs_type == "rgb" else None,
                kwargs={
                    "game": rom,
                    "obs_type": obs_type,
                    "frameskip": 4,
                    "repeat_action_probability": 0.25,
                    "full_action_space": False,
                    "max_num_frames_per_episode": V5_MAX_FRAMES,
                },
            )
    for rom in LEGACY_GAMES:
        name = game_name(rom)
        deterministic_skip = 3 if rom == "space_invaders" else 4
        for obs_type, suffix in (("rgb", ""), ("ram", "-ram")):
            variants = (
                ("", (2, 5), 100_000),
                ("Deterministic", deterministic_skip, 100_000),
                ("NoFrameskip", 1, 400_000),
            )
            for variant, frameskip, max_steps in variants:
                registry.register(
                    f"{name}{suffix}{variant}-v4",
                    ENTRY_POINT,
                    max_episode_steps=max_steps,
                    nondeterministic=False,
                    kwargs={
                        "game": rom,
                        "obs_type": obs_type,
                        "frameskip": frameskip,
                        "repeat_action_probability": 0.0,
                        "full_action_space": False,
                    },
                )
