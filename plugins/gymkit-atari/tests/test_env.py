"""AtariEnv: every game makes and steps; v5/v4 semantics; seeding; options; errors."""

from __future__ import annotations

import numpy as np
import pytest

import gymkit
from gymkit.error import Error, InvalidAction
from gymkit_atari.env import AtariEnv
from gymkit_atari.games import ALL_GAMES, MULTIPLAYER_ONLY, game_name

SINGLE_PLAYER = [rom for rom in ALL_GAMES if rom not in MULTIPLAYER_ONLY]


@pytest.mark.parametrize("rom", SINGLE_PLAYER)
def test_every_game_makes_and_steps(rom):
    with gymkit.make(f"ALE/{game_name(rom)}-v5") as env:
        obs, info = env.reset(seed=0)
        assert obs.shape == env.observation_space.shape and obs.dtype == np.uint8
        assert obs.shape[1:] == (160, 3) and 210 <= obs.shape[0] <= 250
        assert set(info) >= {"lives", "episode_frame_number", "frame_number"}
        for _ in range(5):
            obs, reward, terminated, truncated, info = env.step(env.action_space.sample())
            assert obs in env.observation_space
            assert isinstance(reward, float)
            assert isinstance(terminated, bool) and isinstance(truncated, bool)


@pytest.mark.parametrize("rom", sorted(MULTIPLAYER_ONLY))
def test_multiplayer_only_roms_are_refused_with_a_clear_error(rom):
    # ALE's loadROM would end the process for these; the env must refuse them first.
    with pytest.raises(Error, match="multiplayer-only"):
        AtariEnv(rom)


def test_taller_screens_are_described_by_the_observation_space():
    env = gymkit.make("ALE/Pacman-v5", obs_type="grayscale")
    assert env.observation_space.shape == (250, 160)
    assert env.reset(seed=0)[0].shape == (250, 160)


def _frames_per_step(env_id: str, steps: int = 20) -> list[int]:
    env = gymkit.make(env_id)
    _, info = env.reset(seed=3)
    counts, last = [], info["episode_frame_number"]
    for _ in range(steps):
        _, _, _, _, info = env.step(0)
        counts.append(info["episode_frame_number"] - last)
        last = info["episode_frame_number"]
    return counts


def test_v5_skips_four_frames_with_sticky_actions():
    assert set(_frames_per_step("ALE/Pong-v5")) == {4}
    env = gymkit.make("ALE/Pong-v5")
    assert env.unwrapped.ale.getFloat("repeat_action_probability") == pytest.approx(0.25)


def test_v4_variants():
    assert set(_frames_per_step("PongNoFrameskip-v4")) == {1}
    assert set(_frames_per_step("PongDeterministic-v4")) == {4}
    stochastic = _frames_per_step("Pong-v4", steps=200)
    assert set(stochastic) == {2, 3, 4}
    env = gymkit.make("PongNoFrameskip-v4")
    assert env.unwrapped.ale.getFloat("repeat_action_probability") == 0.0


def _same_frames(a: list[np.ndarray], b: list[np.ndarray]) -> bool:
    return all(np.array_equal(x, y) for x, y in zip(a, b))


def test_sticky_actions_act_on_the_game():
    # With probability 1 the emulator keeps repeating the first action (NOOP) forever: pressing
    # RIGHT changes nothing. Without sticky actions RIGHT moves the paddle.
    def frames(sticky: float, action: int) -> list[np.ndarray]:
        env = gymkit.make("ALE/Pong-v5", repeat_action_probability=sticky)
        env.reset(seed=0)
        return [env.step(action)[0] for _ in range(40)]

    assert _same_frames(frames(1.0, 2), frames(1.0, 0))
    assert not _same_frames(frames(0.0, 2), frames(0.0, 0))


def test_only_sticky_ids_depend_on_the_seed():
    # v4 ids have no sticky actions and a fixed frameskip: every seed plays the same game.
    # v5 ids draw sticky actions from the seed: different seeds, different games.
    assert _same_frames(
        _trajectory(gymkit.make("BreakoutNoFrameskip-v4"), seed=1),
        _trajectory(gymkit.make("BreakoutNoFrameskip-v4"), seed=2),
    )
    assert not _same_frames(
        _trajectory(gymkit.make("ALE/Breakout-v5"), seed=1),
        _trajectory(gymkit.make("ALE/Breakout-v5"), seed=2),
    )


def test_ids_without_a_native_vector_env_vectorize_single_envs():
    envs = gymkit.make_vec("ALE/Pong-ram-v5", num_envs=2)
    assert type(envs).__name__ == "SyncVectorEnv"
    obs, _ = envs.reset(seed=0)
    assert obs.shape == (2, 128)
    envs.close()


def _trajectory(env: gymkit.Env, seed: int, steps: int = 150) -> list[np.ndarray]:
    obs, _ = env.reset(seed=seed)
    frames = [obs]
    rng = np.random.default_rng(0)
    for _ in range(steps):
        obs, *_ = env.step(int(rng.integers(env.action_space.n)))
        frames.append(obs)
    return frames


def test_seeding_reproduces_games_with_sticky_actions():
    a = _trajectory(gymkit.make("ALE/Breakout-v5"), seed=11)
    b = _trajectory(gymkit.make("ALE/Breakout-v5"), seed=11)
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    c = _trajectory(gymkit.make("ALE/Breakout-ram-v5"), seed=11)
    d = _trajectory(gymkit.make("ALE/Breakout-ram-v5"), seed=12)
    assert any(not np.array_equal(x, y) for x, y in zip(c, d))


def test_a_repeated_seed_replays_the_game_on_the_same_env():
    # Seeded resets restore a cached freshly-loaded emulator instead of reloading the ROM; the
    # game must be the one a fresh env plays from that seed, sticky actions included.
    env = gymkit.make("ALE/Breakout-v5")
    first = _trajectory(env, seed=3)
    other = _trajectory(env, seed=4)
    again = _trajectory(env, seed=3)
    fresh = _trajectory(gymkit.make("ALE/Breakout-v5"), seed=3)
    assert all(np.array_equal(x, y) for x, y in zip(first, again))
    assert all(np.array_equal(x, y) for x, y in zip(first, fresh))
    assert any(not np.array_equal(x, y) for x, y in zip(first, other))


def test_obs_types():
    assert gymkit.make("ALE/Pong-ram-v5").reset(seed=0)[0].shape == (128,)
    gray = gymkit.make("ALE/Pong-v5", obs_type="grayscale")
    assert gray.reset(seed=0)[0].shape == (210, 160)
    assert gray.observation_space.shape == (210, 160)


def test_action_sets_and_meanings():
    env = gymkit.make("ALE/Pong-v5")
    assert env.action_space.n == 6
    meanings = env.unwrapped.get_action_meanings()
    assert meanings == ["NOOP", "FIRE", "RIGHT", "LEFT", "RIGHTFIRE", "LEFTFIRE"]
    assert gymkit.make("ALE/Pong-v5", full_action_space=True).action_space.n == 18
    keys = env.unwrapped.get_keys_to_action()
    assert keys[("space",)] == 1 and keys[("right",)] == 2 and keys[("right", "space")] == 4


def test_clone_and_restore_state():
    env = gymkit.make("ALE/Pong-v5", repeat_action_probability=0.0)
    env.reset(seed=0)
    for _ in range(30):
        env.step(2)
    state = env.unwrapped.clone_state()
    after = [env.step(3)[0] for _ in range(10)]
    env.unwrapped.restore_state(state)
    again = [env.step(3)[0] for _ in range(10)]
    assert all(np.array_equal(x, y) for x, y in zip(after, again))


def test_clone_and_restore_with_the_rng_replay_sticky_games():
    env = gymkit.make("ALE/Breakout-v5")  # sticky actions 0.25
    env.reset(seed=0)
    for _ in range(30):
        env.step(1)
    state = env.unwrapped.clone_state(include_rng=True)
    actions = [2, 3, 3, 1, 2] * 8
    after = [env.step(a)[0] for a in actions]
    env.step(1)  # ALE keeps the sticky "previous action" outside snapshots: match it
    env.unwrapped.restore_state(state)
    again = [env.step(a)[0] for a in actions]
    assert all(np.array_equal(x, y) for x, y in zip(after, again))


def test_modes_and_difficulties():
    env = AtariEnv("pong", mode=1, difficulty=3)
    env.reset(seed=0)
    with pytest.raises(Error, match="available modes"):
        AtariEnv("pong", mode=99)
    with pytest.raises(Error, match="available difficulties"):
        AtariEnv("pong", difficulty=42)


def test_bad_arguments_are_named():
    with pytest.raises(Error, match="did you mean"):
        AtariEnv("pongg")
    with pytest.raises(Error, match="obs_type"):
        AtariEnv("pong", obs_type="rgbd")
    with pytest.raises(Error, match="frameskip"):
        AtariEnv("pong", frameskip=(5, 2))
    with pytest.raises(Error, match="repeat_action_probability"):
        AtariEnv("pong", repeat_action_probability=1.5)
    env = AtariEnv("pong")
    env.reset(seed=0)
    with pytest.raises(InvalidAction, match="outside"):
        env.step(17)


def test_truncation_at_the_frame_limit():
    env = gymkit.make("ALE/Pong-v5", max_num_frames_per_episode=40)
    env.reset(seed=0)
    truncated = False
    for _ in range(10):
        _, _, terminated, truncated, info = env.step(0)
        if truncated:
            break
    assert truncated and not terminated
    assert info["episode_frame_number"] == 40


def test_rgb_array_render_is_the_screen():
    env = gymkit.make("ALE/Pong-v5", render_mode="rgb_array")
    obs, _ = env.reset(seed=0)
    frame = env.render()
    assert frame.shape == (210, 160, 3) and frame.dtype == np.uint8
    assert np.array_equal(frame, obs)
