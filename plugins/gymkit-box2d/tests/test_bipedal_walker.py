"""BipedalWalker: spaces, generation, lidar, reward, errors, the scripted gait and rendering."""

from __future__ import annotations

import math

import Box2D
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gymkit
from gymkit.error import InvalidAction, InvalidEnvKwargs, ResetNeeded
from gymkit_box2d.bipedal_walker import _LIDAR_DIRECTIONS, TERRAIN_STEP, BipedalWalkerEnv


def _run_gait(env: BipedalWalkerEnv, seed: int, steps: int) -> tuple[float, bool, float]:
    """Walk with the scripted gait; return (metres moved, fell, total reward)."""
    obs, _ = env.reset(seed=seed)
    start = env.hull.position.x
    policy = env.heuristic_policy()
    total = 0.0
    for _ in range(steps):
        obs, reward, terminated, truncated, _ = env.step(policy(obs))
        total += reward
        if terminated or truncated:
            break
    return env.hull.position.x - start, env.game_over, total


def test_spaces_and_metadata_are_gymnasiums() -> None:
    env = BipedalWalkerEnv()
    assert env.action_space.shape == (4,) and env.action_space.dtype == np.float32
    assert np.all(env.action_space.low == -1) and np.all(env.action_space.high == 1)
    space = env.observation_space
    assert space.shape == (24,) and space.dtype == np.float32
    assert space.low[0] == np.float32(-math.pi) and space.high[1] == 5.0
    assert space.low[8] == 0.0 and space.high[8] == 5.0  # contact flags
    assert np.all(space.low[14:] == -1.0) and np.all(space.high[14:] == 1.0)
    assert env.metadata == {"render_modes": ["human", "rgb_array"], "render_fps": 50}


@pytest.mark.parametrize(
    ("env_id", "limit", "hardcore"),
    [("BipedalWalker-v3", 1600, False), ("BipedalWalkerHardcore-v3", 2000, True)],
)
def test_registered_ids(env_id: str, limit: int, hardcore: bool) -> None:
    env = gymkit.make(env_id)
    assert env.spec.max_episode_steps == limit and env.spec.reward_threshold == 300
    assert env.unwrapped.hardcore is hardcore
    obs, info = env.reset(seed=3)
    assert obs in env.observation_space and info == {}
    assert (len(env.unwrapped.obstacle_poly) > 0) is hardcore
    env.close()


@pytest.mark.parametrize("hardcore", [False, True])
def test_same_seed_same_terrain_and_episode(hardcore: bool) -> None:
    actions = np.random.default_rng(0).uniform(-1, 1, (60, 4)).astype(np.float32)

    def episode(env: BipedalWalkerEnv, seed: int) -> tuple[list[float], list[np.ndarray]]:
        observations = [env.reset(seed=seed)[0]]
        observations += [env.step(a)[0] for a in actions]
        return list(env.terrain_y), observations

    env = BipedalWalkerEnv(hardcore=hardcore)
    first = episode(env, 5)
    other = episode(env, 6)
    again = episode(BipedalWalkerEnv(hardcore=hardcore), 5)
    assert first[0] == again[0] and first[0] != other[0]
    assert all(np.array_equal(a, b) for a, b in zip(first[1], again[1]))
    assert len(first[0]) == 200 and first[0][0] == pytest.approx(400 / 30 / 4)


def test_hardcore_terrain_has_stumps_pits_and_stairs() -> None:
    env = BipedalWalkerEnv(hardcore=True)
    heights = set()
    for seed in range(5):
        env.reset(seed=seed)
        for polygon in env.obstacle_poly:
            ys = [y for _, y in polygon]
            heights.add(round((max(ys) - min(ys)) / TERRAIN_STEP))
    # stumps are 1 or 2 steps high, pit walls 4, stair steps 1
    assert {1, 2, 4} <= heights


class _Nearest(Box2D.b2RayCastCallback):
    """The reference's lidar callback: the nearest ground fixture (category bit 1)."""

    def ReportFixture(self, fixture, point, normal, fraction):
        if not fixture.filterData.categoryBits & 1:
            return -1.0
        self.fraction = fraction
        return fraction


def _box2d_fractions(env: BipedalWalkerEnv, x: float, y: float) -> list[float]:
    """The ten lidar fractions from ``(x, y)`` by Box2D's own world ray cast."""
    fractions = []
    for dx, dy in _LIDAR_DIRECTIONS:
        ray = _Nearest()
        ray.fraction = 1.0
        env.world.RayCast(ray, (x, y), (x + dx, y - dy))
        fractions.append(ray.fraction)
    return fractions


@settings(max_examples=20)
@given(
    seed=st.integers(0, 2**31 - 1),
    hardcore=st.booleans(),
    actions=st.lists(
        st.lists(st.floats(-1, 1, width=32), min_size=4, max_size=4), min_size=1, max_size=40
    ),
)
def test_lidar_equals_box2d_ray_cast(seed: int, hardcore: bool, actions: list) -> None:
    """gymkit's lidar gives exactly what Box2D's world ray cast (nearest ground) gives."""
    env = BipedalWalkerEnv(hardcore=hardcore)
    obs, _ = env.reset(seed=seed)
    for action in [None, *actions]:
        if action is not None:
            obs = env.step(np.array(action, dtype=np.float32))[0]
        x, y = env.hull.position
        expected = _box2d_fractions(env, x, y)
        assert env._lidar.fractions(x, y) == expected
        assert obs[14:].tolist() == np.array(expected, dtype=np.float32).tolist()
    # rays from all over the terrain agree too: from high up, near the ground, from exactly above
    # terrain vertices, from under the ground; obstacles included
    for k in range(0, 199, 3):
        x0, ground = env.terrain_x[k], env.terrain_y[k]
        for x in (x0, x0 + 0.2 * TERRAIN_STEP, x0 + 0.999 * TERRAIN_STEP):
            for y in (ground - 0.3, ground + 0.05, ground + 0.6, ground + 1.9, ground + 4.0):
                x32, y32 = float(np.float32(x)), float(np.float32(y))
                assert env._lidar.fractions(x32, y32) == _box2d_fractions(env, x32, y32), (x, y)


def test_standing_still_costs_nothing_and_falling_costs_100() -> None:
    env = BipedalWalkerEnv()
    env.reset(seed=0)
    zero = np.zeros(4, dtype=np.float32)
    rewards = [env.step(zero)[1] for _ in range(5)]
    assert all(abs(r) < 0.5 for r in rewards)
    # flail until the hull hits the ground
    rng = np.random.default_rng(1)
    for _ in range(2000):
        _, reward, terminated, truncated, info = env.step(
            rng.choice([-1.0, 1.0], 4).astype(np.float32)
        )
        if terminated:
            break
    assert terminated and env.game_over and reward == -100.0 and not truncated and info == {}


def test_torque_cost_and_out_of_range_actions_act_as_clipped() -> None:
    a, b = BipedalWalkerEnv(), BipedalWalkerEnv()
    a.reset(seed=2)
    b.reset(seed=2)
    big = np.array([3.0, -2.0, 1.5, -7.0], dtype=np.float32)
    unit = np.sign(big)
    for _ in range(20):
        ra, rb = a.step(big), b.step(unit)
        assert np.array_equal(ra[0], rb[0]) and ra[1] == rb[1]
    env = BipedalWalkerEnv()
    env.reset(seed=0)
    for action, cost in (([1, -1, 0.5, 0], 0.028 * 2.5), ([0, 0, 0, 0], 0.0)):
        before = env.prev_shaping
        reward = env.step(np.array(action, dtype=np.float32))[1]
        x, angle = env.hull.position.x, env.hull.angle
        assert env.prev_shaping == 130 * x / 30 - 5 * abs(angle)
        assert reward == pytest.approx(env.prev_shaping - before - cost, abs=1e-5)
    float64 = env.step(np.array([1e-9, 0.0, 0.0, 0.0]))  # float64 actions are accepted
    assert float64[0].dtype == np.float32


@pytest.mark.parametrize(
    "action",
    [
        np.zeros(3, dtype=np.float32),
        np.zeros((4, 1), dtype=np.float32),
        [0.0, 0.0],
        "left",
        np.array([0.0, np.nan, 0.0, 0.0], dtype=np.float32),
        np.array([np.inf, 0.0, 0.0, 0.0]),
        None,
    ],
)
def test_bad_actions_raise_a_clear_error(action: object) -> None:
    env = BipedalWalkerEnv()
    env.reset(seed=0)
    with pytest.raises(InvalidAction, match=r"BipedalWalkerEnv\.step") as excinfo:
        env.step(action)
    message = str(excinfo.value)
    assert "[-1, 1]" in message or "finite" in message


def test_step_before_reset_and_bad_kwargs() -> None:
    with pytest.raises(ResetNeeded, match="reset"):
        BipedalWalkerEnv().step(np.zeros(4, dtype=np.float32))
    for bad in ("yes", 1, None, 0.0):
        with pytest.raises(InvalidEnvKwargs, match="hardcore must be a bool"):
            BipedalWalkerEnv(hardcore=bad)
    with pytest.raises(InvalidEnvKwargs, match="hardcore"):
        gymkit.make("BipedalWalker-v3", hardcore="true")
    assert BipedalWalkerEnv(hardcore=np.bool_(True)).hardcore is True


@pytest.mark.parametrize("seed", [0, 7, 42, 2024, 99_999])
def test_scripted_gait_walks_30_metres_in_1600_steps(seed: int) -> None:
    """Box2D lengths are metres (the picture scale is 30 px per metre)."""
    env = gymkit.make("BipedalWalker-v3")
    obs, _ = env.reset(seed=seed)
    walker = env.unwrapped
    start = walker.hull.position.x
    policy = env.get_wrapper_attr("heuristic_policy")()
    for _ in range(1600):
        action = policy(obs)
        assert action in env.action_space
        obs, _, terminated, truncated, _ = env.step(action)
        if terminated or truncated:
            break
    # Over seeds 0-79: 79 walks reach 30 m (mean 75 m); seed 77 falls at 19.6 m; 15 of the 80
    # walks end in a fall (the others walk the whole 1600 steps or reach the far end).
    assert walker.hull.position.x - start >= 30.0


def test_a_fresh_policy_per_episode_is_independent() -> None:
    env = BipedalWalkerEnv()
    first = _run_gait(env, 11, 300)
    second = _run_gait(env, 11, 300)
    assert first == second and first[0] > 3.0 and not first[1]


def test_rgb_array_frames_follow_the_walker() -> None:
    env = BipedalWalkerEnv(render_mode="rgb_array", hardcore=True)
    env.reset(seed=1)
    frame = env.render()
    assert frame.shape == (400, 600, 3) and frame.dtype == np.uint8
    assert tuple(frame[5, 5]) == (215, 215, 255)  # sky in the top-left corner
    colours = {tuple(c) for c in frame.reshape(-1, 3)[::7]}
    assert (127, 51, 229) in colours  # the hull
    assert (102, 153, 76) in colours  # the ground
    policy = env.heuristic_policy()
    obs = env.reset(seed=1)[0]
    for _ in range(200):
        obs = env.step(policy(obs))[0]
    later = env.render()
    assert later.shape == frame.shape and not np.array_equal(later, frame)
    env.close()
    env.close()


def test_render_without_mode_warns() -> None:
    env = BipedalWalkerEnv()
    env.reset(seed=0)
    with pytest.warns(UserWarning, match="render_mode"):
        assert env.render() is None


def test_keys_to_action_covers_every_motor_combination() -> None:
    from gymkit.utils.play import action_for_keys, normalize_keys_to_action

    env = BipedalWalkerEnv()
    table = normalize_keys_to_action(env.keys_to_action)
    assert len(table) == 3**4 - 1
    assert all(action in env.action_space for action in table.values())
    assert action_for_keys({"q"}, table, env.noop).tolist() == [1, 0, 0, 0]
    assert action_for_keys({"q", "s", "l", "p"}, table, env.noop).tolist() == [1, -1, -1, 1]
    assert action_for_keys(set(), table, env.noop).tolist() == [0, 0, 0, 0]


@pytest.mark.xvfb
def test_human_window_and_play(virtual_display: str) -> None:
    pytest.importorskip("pyglet")
    from gymkit.rendering.viewer import FrameViewer
    from gymkit.utils.play import play

    env = BipedalWalkerEnv(render_mode="human")
    env.metadata = {**BipedalWalkerEnv.metadata, "render_fps": 1000}
    assert env.reset(seed=0)[0] in env.observation_space
    window = env._display.viewer
    assert window is not None and window.is_open
    for _ in range(3):
        env.step(np.zeros(4, dtype=np.float32))
        assert env.render() is None
    env.close()
    assert env._display.viewer is None and not window.is_open

    actions = []

    class Recording(BipedalWalkerEnv):
        def step(self, action):  # type: ignore[override]
            actions.append(np.array(action))
            return super().step(action)

    viewer = FrameViewer(fps=None)
    viewer.pressed_keys.update({"q", "semicolon"})
    play(Recording(render_mode="rgb_array"), seed=0, max_steps=4, viewer=viewer)
    assert len(actions) == 4
    assert all(a.tolist() == [1.0, 0.0, 0.0, -1.0] for a in actions)
    assert not viewer.is_open


@pytest.mark.parametrize("hardcore", [False, True])
def test_pickle_replays_to_the_same_state(hardcore: bool) -> None:
    import pickle

    fresh = pickle.loads(pickle.dumps(BipedalWalkerEnv(hardcore=hardcore)))
    assert fresh.hardcore is hardcore and fresh.hull is None
    env = gymkit.make("BipedalWalker-v3", hardcore=hardcore)
    obs, _ = env.reset(seed=8)
    policy = env.get_wrapper_attr("heuristic_policy")()
    for _ in range(120):
        obs = env.step(policy(obs))[0]
    clone = pickle.loads(pickle.dumps(env))
    assert clone.unwrapped.hull.position == env.unwrapped.hull.position
    for _ in range(60):
        action = policy(obs)
        a, b = env.step(action), clone.step(action)
        obs = a[0]
        assert np.array_equal(a[0], b[0]) and a[1:] == b[1:]
    assert env.reset()[0].tolist() == clone.reset()[0].tolist()  # the generator came along


def test_an_overlong_episode_refuses_to_pickle(monkeypatch: pytest.MonkeyPatch) -> None:
    import pickle

    from gymkit_box2d import bipedal_walker

    monkeypatch.setattr(bipedal_walker, "_MAX_REPLAY", 10)
    env = BipedalWalkerEnv()
    env.reset(seed=0)
    for _ in range(12):
        env.step(np.zeros(4, dtype=np.float32))
    with pytest.raises(TypeError, match="longer than 10 steps; reset"):
        pickle.dumps(env)
    env.reset(seed=0)
    assert pickle.loads(pickle.dumps(env)).hull is not None
