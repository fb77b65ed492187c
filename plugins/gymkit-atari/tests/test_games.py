"""The static game list matches the ROMs ale-py ships, and registration stays cheap."""

from __future__ import annotations

import subprocess
import sys

import pytest
from ale_py import roms

import gymkit
from gymkit.error import DependencyNotInstalled
from gymkit.registration import Registry
from gymkit_atari.games import ALL_GAMES, LEGACY_GAMES, MULTIPLAYER_ONLY, game_name, rom_for_name


def test_static_list_matches_installed_ale_py():
    assert sorted(ALL_GAMES) == sorted(roms.get_all_rom_ids())
    assert len(ALL_GAMES) == len(set(ALL_GAMES))


def test_legacy_and_multiplayer_games_are_known_roms():
    assert set(LEGACY_GAMES) <= set(ALL_GAMES)
    assert set(MULTIPLAYER_ONLY) <= set(ALL_GAMES)


def test_names():
    assert game_name("ms_pacman") == "MsPacman"
    assert game_name("tic_tac_toe_3d") == "TicTacToe3D"
    assert rom_for_name("MsPacman") == "ms_pacman"
    assert rom_for_name("pong") == "pong"
    assert rom_for_name("Pongg") is None


def test_every_id_is_registered():
    ids = set(gymkit.registry)
    for rom in ALL_GAMES:
        name = game_name(rom)
        registered = f"ALE/{name}-v5" in ids
        assert registered == (rom not in MULTIPLAYER_ONLY), rom
        assert (f"ALE/{name}-ram-v5" in ids) == registered
    for rom in LEGACY_GAMES:
        name = game_name(rom)
        for variant in ("", "Deterministic", "NoFrameskip"):
            assert f"{name}{variant}-v4" in ids
            assert f"{name}-ram{variant}-v4" in ids


def test_standard_spec_values():
    v5 = gymkit.spec("ALE/Pong-v5")
    assert v5.kwargs["frameskip"] == 4
    assert v5.kwargs["repeat_action_probability"] == 0.25
    assert v5.kwargs["max_num_frames_per_episode"] == 108_000
    assert v5.vector_entry_point is not None
    assert gymkit.spec("PongNoFrameskip-v4").kwargs["frameskip"] == 1
    assert gymkit.spec("PongNoFrameskip-v4").max_episode_steps == 400_000
    assert gymkit.spec("Pong-v4").kwargs["frameskip"] == (2, 5)
    assert gymkit.spec("SpaceInvadersDeterministic-v4").kwargs["frameskip"] == 3
    assert gymkit.spec("Breakout-ram-v4").kwargs["obs_type"] == "ram"


def test_registration_loads_no_emulator():
    code = (
        "import sys, gymkit; gymkit.spec('ALE/Pong-v5'); "
        "assert 'ale_py' not in sys.modules, 'registration imported ale_py'; "
        "assert 'gymkit_atari.env' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_without_the_plugin_every_id_style_names_the_install_command():
    registry = Registry(discover_plugins=False)  # as if gymkit-atari were not installed
    for env_id in (
        "ALE/Pong-v5",
        "ALE/MsPacman-ram-v5",
        "PongNoFrameskip-v4",
        "Pong-v4",
        "Breakout-ram-v4",
        "Pong-ramDeterministic-v4",
    ):
        with pytest.raises(DependencyNotInstalled, match=r"pip install 'gymkit\[atari\]'"):
            registry.find(env_id)
