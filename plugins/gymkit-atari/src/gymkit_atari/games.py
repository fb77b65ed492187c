"""The static game list: which ROMs exist and under which names, known without loading ale-py.

Registration reads only this module, so registering its 580 ids costs no emulator start and no ROM
read. A test checks the list against the ROMs the installed ale-py ships.
"""

from __future__ import annotations

# Every ROM id shipped by ale-py (snake_case, as ale-py names them).
ALL_GAMES: tuple[str, ...] = (
    "adventure", "air_raid", "alien", "amidar", "assault", "asterix", "asteroids", "atlantis2",
    "atlantis", "backgammon", "bank_heist", "basic_math", "battle_zone", "beam_rider", "berzerk",
    "blackjack", "bowling", "boxing", "breakout", "carnival", "casino", "centipede",
    "chopper_command", "combat", "crazy_climber", "crossbow", "darkchambers", "defender",
    "demon_attack", "donkey_kong", "double_dunk", "earthworld", "elevator_action", "enduro",
    "entombed", "et", "fishing_derby", "flag_capture", "freeway", "frogger", "frostbite",
    "galaxian", "gopher", "gravitar", "hangman", "haunted_house", "hero", "human_cannonball",
    "ice_hockey", "jamesbond", "journey_escape", "joust", "kaboom", "kangaroo", "keystone_kapers",
    "king_kong", "klax", "koolaid", "krull", "kung_fu_master", "laser_gates", "lost_luggage",
    "mario_bros", "maze_craze", "miniature_golf", "montezuma_revenge", "mr_do", "ms_pacman",
    "name_this_game", "othello", "pacman", "phoenix", "pitfall2", "pitfall", "pong", "pooyan",
    "private_eye", "qbert", "riverraid", "road_runner", "robotank", "seaquest", "sir_lancelot",
    "skiing", "solaris", "space_invaders", "space_war", "star_gunner", "superman", "surround",
    "tennis", "tetris", "tic_tac_toe_3d", "time_pilot", "trondead", "turmoil", "tutankham",
    "up_n_down", "venture", "video_checkers", "video_chess", "video_cube", "video_pinball",
    "warlords", "wizard_of_wor", "word_zapper", "yars_revenge", "zaxxon",
)  # fmt: skip

# ROMs with no single-player mode: no v5 id (they need a second player).
MULTIPLAYER_ONLY: frozenset[str] = frozenset({"combat", "joust", "maze_craze", "warlords"})

# The games of the original Gym Atari collection, which also have the classic v4 ids.
LEGACY_GAMES: tuple[str, ...] = (
    "adventure", "air_raid", "alien", "amidar", "assault", "asterix", "asteroids", "atlantis",
    "bank_heist", "battle_zone", "beam_rider", "berzerk", "bowling", "boxing", "breakout",
    "carnival", "centipede", "chopper_command", "crazy_climber", "defender", "demon_attack",
    "double_dunk", "elevator_action", "enduro", "fishing_derby", "freeway", "frostbite", "gopher",
    "gravitar", "hero", "ice_hockey", "jamesbond", "journey_escape", "kangaroo", "krull",
    "kung_fu_master", "montezuma_revenge", "ms_pacman", "name_this_game", "phoenix", "pitfall",
    "pong", "pooyan", "private_eye", "qbert", "riverraid", "road_runner", "robotank", "seaquest",
    "skiing", "solaris", "space_invaders", "star_gunner", "tennis", "time_pilot", "tutankham",
    "up_n_down", "venture", "video_pinball", "wizard_of_wor", "yars_revenge", "zaxxon",
)  # fmt: skip


def game_name(rom: str) -> str:
    """The PascalCase name used in ids: ``"ms_pacman"`` → ``"MsPacman"``."""
    return rom.title().replace("_", "")


def rom_for_name(name: str) -> str | None:
    """The ROM id for a PascalCase or snake_case game name, or ``None`` if unknown."""
    if name in ALL_GAMES:
        return name
    for rom in ALL_GAMES:
        if game_name(rom) == name:
            return rom
    return None
