"""The native MuJoCo vector env: sub-env ``i`` is the single env seeded ``seed + i``, step for step,
in every autoreset mode and at any thread count; bad arguments are refused with clear errors."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gymkit
from gymkit.error import ClosedEnvironmentError, InvalidAction, InvalidEnvKwargs, ResetNeeded
from gymkit.spaces import Box
from gymkit.vector import AutoresetMode, SyncVectorEnv
from gymkit.vector.testing import check_vector_rollout
from gymkit.vector.utils import unbatch_info
from gymkit.wrappers.common import TimeLimit
from gymkit_mujoco import vector
from gymkit_mujoco.base import MujocoEnv
from gymkit_mujoco.vector import MujocoVectorEnv, default_num_threads

#: A pole on a cart with no floor: random pushes topple it within a few dozen steps, so
#: episodes end often (terminations as well as truncations in short rollouts).
SWING_MJCF = """
<mujoco model="vector_swing">
  <option timestep="0.01"/>
  <worldbody>
    <body name="cart">
      <joint name="slide" type="slide" axis="1 0 0" damping="0.05"/>
      <geom type="box" size="0.15 0.1 0.05" mass="1"/>
      <body name="pole" pos="0 0 0.05">
        <joint name="hinge" type="hinge" axis="0 1 0"/>
        <geom type="capsule" fromto="0 0 0 0 0 0.5" size="0.03" mass="0.2"/>
      </body>
    </body>
  </worldbody>
  <actuator>
    <motor joint="slide" gear="8" ctrlrange="-1 1" ctrllimited="true"/>
    <motor joint="hinge" gear="0.5" ctrlrange="-1 1" ctrllimited="true"/>
  </actuator>
</mujoco>
"""


class Swing(MujocoEnv):
    """Keep the pole up: reward ``cos(angle)`` minus a control cost; terminated past 0.6 rad.

    ``fail_at``: raise in ``step`` once the cart passes this position (to test error paths)."""

    def __init__(
        self,
        frame_skip: int = 2,
        reset_noise_scale: float = 0.05,
        fail_at: float | None = None,
        **kwargs: Any,
    ) -> None:
        space = Box(-np.inf, np.inf, shape=(4,), dtype=np.float64)
        super().__init__(None, frame_skip, space, xml_string=SWING_MJCF, **kwargs)
        self.reset_noise_scale = reset_noise_scale
        self.fail_at = fail_at

    def reset_model(self) -> np.ndarray:
        scale = self.reset_noise_scale
        qpos = self.init_qpos + self.np_random.uniform(-scale, scale, self.model.nq)
        qvel = self.init_qvel + scale * self.np_random.standard_normal(self.model.nv)
        self.set_state(qpos, qvel)
        return self.state_vector()

    def _get_reset_info(self) -> dict[str, Any]:
        return {"x_position": float(self.data.qpos[0])}

    def step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        action = self.check_action(action)
        self.do_simulation(action, self.frame_skip)
        obs = self.state_vector()
        if self.fail_at is not None and obs[0] > self.fail_at:
            raise RuntimeError(f"the cart passed {self.fail_at}")
        ctrl_cost = 0.1 * float(np.square(action).sum())
        upright = float(np.cos(obs[1]))
        info = {
            "x_position": float(obs[0]),
            "reward_upright": upright,
            "reward_ctrl": -ctrl_cost,
            "tilted": bool(abs(obs[1]) > 0.3),
        }
        return obs, upright - ctrl_cost, bool(abs(obs[1]) > 0.6), False, info


def swing_fns(n: int, limit: int | None, **kwargs: Any) -> list[Any]:
    """``n`` single-env factories as ``make`` would wrap them (``TimeLimit`` at ``limit``)."""

    def make() -> Any:
        env = Swing(**kwargs)
        return env if limit is None else TimeLimit(env, limit)

    return [make] * n


def actions_for(space: Box, steps: int, n: int, seed: int) -> np.ndarray:
    """``steps`` batches of ``n`` actions, drawn a little beyond the bounds (MuJoCo clamps)."""
    rng = np.random.default_rng(seed)
    low, high = 1.2 * space.low, 1.2 * space.high
    return rng.uniform(low, high, size=(steps, n, *space.shape)).astype(space.dtype)


MODES = [m.value for m in AutoresetMode]


# ---------------------------------------------------------------- equivalence with single envs
@settings(max_examples=12)
@given(
    num_envs=st.integers(1, 5),
    num_threads=st.integers(1, 3),
    seed=st.integers(0, 2**31 - 1),
    limit=st.one_of(st.none(), st.integers(3, 40)),
    mode=st.sampled_from(MODES),
)
def test_sub_env_i_is_the_single_env_seeded_seed_plus_i(
    num_envs: int, num_threads: int, seed: int, limit: int | None, mode: str
) -> None:
    """The law: whatever the thread count, the vector env returns bit for bit what independent
    single envs seeded ``seed + i`` (TimeLimit-wrapped as make() does) return."""
    env = MujocoVectorEnv(
        num_envs,
        env_class=Swing,
        max_episode_steps=limit,
        autoreset_mode=mode,
        num_threads=num_threads,
    )
    with env:
        actions = actions_for(env.single_action_space, 60, num_envs, seed)
        ends = check_vector_rollout(
            env, swing_fns(num_envs, limit), seed, actions, mode, rtol=0, atol=0
        )
    assert ends > 0  # the rollout exercised the autoreset path


@pytest.mark.parametrize("mode", MODES)
def test_infos_are_batched_as_sync_vector_env_batches_them(mode: str) -> None:
    """Rewards terms, flags, reset infos and (same_step) final_obs/final_info: the same keys,
    masks, dtypes and values as SyncVectorEnv of the same single envs."""
    n, limit = 4, 9
    native = MujocoVectorEnv(
        n, env_class=Swing, max_episode_steps=limit, autoreset_mode=mode, num_threads=2
    )
    sync = SyncVectorEnv(swing_fns(n, limit), autoreset_mode=mode)
    with native, sync:
        assert_same_batch(native.reset(seed=11), sync.reset(seed=11))
        for batch in actions_for(native.single_action_space, 40, n, 3):
            native_out, sync_out = native.step(batch), sync.step(batch)
            assert_same_batch(native_out, sync_out)
            if mode == "disabled":
                done = native_out[2] | native_out[3]
                if done.any():
                    options = {"reset_mask": done}
                    assert_same_batch(native.reset(options=options), sync.reset(options=options))


def assert_same_batch(native: tuple[Any, ...], sync: tuple[Any, ...]) -> None:
    for a, b in zip(native[:-1], sync[:-1]):
        np.testing.assert_array_equal(a, b)
        assert a.dtype == b.dtype
    assert_same_infos(native[-1], sync[-1])


def assert_same_infos(a: dict[str, Any], b: dict[str, Any]) -> None:
    assert sorted(a) == sorted(b)
    for key, value in a.items():
        other = b[key]
        if isinstance(value, dict):
            assert_same_infos(value, other)
        elif value.dtype == object:
            assert other.dtype == object
            for x, y in zip(value, other):
                if isinstance(x, dict):
                    assert_same_infos(x, y)
                else:
                    np.testing.assert_array_equal(x, y)
        else:
            assert value.dtype == other.dtype, key
            np.testing.assert_array_equal(value, other)


def test_a_list_of_seeds_seeds_each_sub_env() -> None:
    seeds = [5, None, 7]
    with MujocoVectorEnv(3, env_class=Swing, num_threads=2) as env:
        obs, info = env.reset(seed=seeds)
        for i in (0, 2):
            single, single_info = Swing().reset(seed=seeds[i])
            np.testing.assert_array_equal(obs[i], single)
            assert unbatch_info(info, i) == single_info


def test_reset_options_and_masks_reach_only_the_masked_sub_envs() -> None:
    with MujocoVectorEnv(3, env_class=Swing, autoreset_mode="disabled") as env:
        first, _ = env.reset(seed=0)
        env.step(np.zeros((3, 2), dtype=np.float32))
        stepped = env.step(np.zeros((3, 2), dtype=np.float32))[0]
        mask = np.array([False, True, False])
        obs, infos = env.reset(seed=[None, 1, None], options={"reset_mask": mask})
        np.testing.assert_array_equal(obs[[0, 2]], stepped[[0, 2]])
        np.testing.assert_array_equal(obs[1], first[1])  # seed 1 is what reset(seed=0) gave it
        assert infos["_x_position"].tolist() == [False, True, False]
        assert env.elapsed_steps.tolist() == [2, 0, 2]


@pytest.mark.parametrize("threads", [1, 2, 4])
def test_thread_count_and_copies(threads: int) -> None:
    with MujocoVectorEnv(4, env_class=Swing, num_threads=threads, copy=False) as env:
        assert env.num_threads == threads
        obs, _ = env.reset(seed=0)
        again = env.step(np.zeros((4, 2)))[0]
        assert again is obs  # the internal buffer, as asked
        assert len(env.envs) == 4 and len({id(e.data) for e in env.envs}) == 4
    with MujocoVectorEnv(3, env_class=Swing, num_threads=8) as env:
        assert env.num_threads == 3  # more threads than sub-envs would idle
    assert default_num_threads(1) == 1
    assert 1 <= default_num_threads(64) <= 64


def test_close_stops_the_worker_threads() -> None:
    before = threading.active_count()
    env = MujocoVectorEnv(4, env_class=Swing, num_threads=3)
    assert threading.active_count() == before + 2  # the caller steps the first chunk
    env.reset(seed=0)
    env.close()
    env.close()  # idempotent
    assert threading.active_count() == before
    with pytest.raises(ClosedEnvironmentError):
        env.reset()


def test_an_unclosed_vector_env_is_collected_and_its_threads_end() -> None:
    import gc
    import weakref

    before = threading.active_count()
    env = MujocoVectorEnv(4, env_class=Swing, num_threads=3)
    env.reset(seed=0)
    env.step(np.zeros((4, 2)))
    ref = weakref.ref(env)
    del env
    gc.collect()
    assert ref() is None
    assert threading.active_count() == before


class ThreadRecordingSwing(Swing):
    """Swing that remembers which threads stepped it."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.threads: set[int] = set()

    def step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        self.threads.add(threading.get_ident())
        return super().step(action)


def test_sub_env_0_is_always_stepped_by_the_calling_thread() -> None:
    with MujocoVectorEnv(6, env_class=ThreadRecordingSwing, num_threads=3) as env:
        env.reset(seed=0)
        for _ in range(30):
            env.step(np.zeros((6, 2)))
        assert env.envs[0].threads == {threading.get_ident()}


def test_an_error_in_a_worker_thread_reaches_the_caller_naming_the_sub_env() -> None:
    with MujocoVectorEnv(4, env_class=Swing, num_threads=2, fail_at=0.05) as env:
        env.reset(seed=0)
        push = np.tile(np.array([1.0, 0.0], dtype=np.float32), (4, 1))
        with pytest.raises(RuntimeError, match=r"the cart passed 0\.05") as caught:
            for _ in range(50):
                env.step(push)
        notes = " ".join(getattr(caught.value, "__notes__", []))
        assert "in sub-env" in notes or not hasattr(caught.value, "add_note")


def test_render_first_or_all() -> None:
    kwargs = {"env_class": Swing, "render_mode": "rgb_array", "width": 24, "height": 16}
    try:
        with MujocoVectorEnv(3, num_threads=2, **kwargs) as env:
            env.reset(seed=0)
            frames = env.render()
    except Exception as exc:  # no GL backend on this machine
        pytest.skip(f"no off-screen rendering here: {exc}")
    assert len(frames) == 3 and all(f.shape == (16, 24, 3) for f in frames)
    with MujocoVectorEnv(3, render_envs="first", **kwargs) as env:
        env.reset(seed=0)
        (frame,) = env.render()
        assert frame.shape == (16, 24, 3)
        assert [e.render_mode for e in env.envs] == ["rgb_array", None, None]
    with MujocoVectorEnv(2, num_threads=2, **{**kwargs, "render_mode": "depth_array"}) as env:
        env.reset(seed=0)
        depths = env.render()
        assert len(depths) == 2 and all(d.shape == (16, 24) for d in depths)
    with MujocoVectorEnv(2, env_class=Swing) as env:
        env.reset(seed=0)
        assert env.render() is None
    # "human" shows sub-env 0 only (one window, driven from the calling thread's chunk)
    with MujocoVectorEnv(3, env_class=Swing, render_mode="human") as env:
        assert [e.render_mode for e in env.envs] == ["human", None, None]
        assert env.metadata["render_fps"] == env.envs[0].metadata["render_fps"] == 50


# ---------------------------------------------------------------- errors
@pytest.mark.parametrize("bad", [0, -3, 2.0, True, "4", None])
def test_bad_num_envs_is_refused(bad: Any) -> None:
    with pytest.raises(ValueError, match=rf"num_envs must be an int >= 1, got {bad!r}"):
        MujocoVectorEnv(bad, env_class=Swing)


@pytest.mark.parametrize("bad", [0, -1, 1.5, False, "2"])
def test_bad_num_threads_is_refused(bad: Any) -> None:
    with pytest.raises(ValueError, match=rf"num_threads must be None or an int >= 1, got {bad!r}"):
        MujocoVectorEnv(2, env_class=Swing, num_threads=bad)


def test_bad_vector_options_are_refused() -> None:
    with pytest.raises(ValueError, match="max_episode_steps must be None or an int >= 1"):
        MujocoVectorEnv(2, env_class=Swing, max_episode_steps=0)
    with pytest.raises(ValueError, match="autoreset_mode must be one of"):
        MujocoVectorEnv(2, env_class=Swing, autoreset_mode="sometimes")
    with pytest.raises(ValueError, match="render_envs must be 'all' or 'first', got 'some'"):
        MujocoVectorEnv(2, env_class=Swing, render_envs="some")
    with pytest.raises(gymkit.error.UnsupportedMode, match="render_mode must be None or one of"):
        MujocoVectorEnv(2, env_class=Swing, render_mode="ansi")
    with pytest.raises(InvalidEnvKwargs, match=r"does not accept the keyword\(s\) gravity"):
        MujocoVectorEnv(2, env_class=Swing, gravity=3.0)
    with pytest.raises(TypeError, match="needs the single env class"):
        MujocoVectorEnv(2)
    with pytest.raises(TypeError, match=r"env_class must be a gymkit\.Env subclass"):
        MujocoVectorEnv(2, env_class=dict)


def test_bad_calls_are_refused() -> None:
    with MujocoVectorEnv(3, env_class=Swing, num_threads=2) as env:
        with pytest.raises(ResetNeeded, match="before reset"):
            env.step(np.zeros((3, 2)))
        with pytest.raises(ResetNeeded, match="first reset must reset every sub-env"):
            env.reset(options={"reset_mask": np.array([True, False, False])})
        env.reset(seed=0)
        with pytest.raises(InvalidAction, match=r"shape \(3, 2\) \(one action per sub-env\)"):
            env.step(np.zeros((2, 2)))
        with pytest.raises(InvalidAction, match=r"expects a float array"):
            env.step([["a", "b"]] * 3)
        bad = np.zeros((3, 2))
        bad[2, 1] = np.nan
        with pytest.raises(InvalidAction, match=r"NaN or inf in the actions of sub-env\(s\) \[2\]"):
            env.step(bad)
        with pytest.raises(ValueError, match=r"reset_mask.\] must be a bool array of shape"):
            env.reset(options={"reset_mask": [1, 0, 1]})
        # nothing was stepped by the refused calls: the sub-envs are still at their first step
        assert env.elapsed_steps.tolist() == [0, 0, 0]


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")  # Swing's ctrl cost
def test_huge_finite_actions_are_not_mistaken_for_inf() -> None:
    with MujocoVectorEnv(2, env_class=Swing) as env:
        env.reset(seed=0)
        env.step(np.full((2, 2), 1e200))  # the dot product overflows; every entry is finite
        assert env.elapsed_steps.tolist() == [1, 1]


# ---------------------------------------------------------------- the task vector envs
TASK_CLASSES = [(task, suffix) for task in vector._TASK_MODULES for suffix in ("", "V4")]


def test_every_task_has_a_vector_class_naming_its_single_env() -> None:
    for task, suffix in TASK_CLASSES:
        cls = getattr(vector, f"{task}{suffix}VectorEnv")
        assert issubclass(cls, MujocoVectorEnv)
        module = vector._TASK_MODULES[task]
        assert cls.env_entry_point == f"gymkit_mujoco.{module}:{task}{suffix}Env"
        with pytest.raises(TypeError, match="always vectorises"):
            cls(1, env_class=Swing)


@pytest.mark.filterwarnings("ignore:Pusher-v4's object weighs")  # expected, tested with Pusher
@pytest.mark.parametrize(("task", "suffix"), TASK_CLASSES)
def test_task_vector_env_matches_its_single_envs(task: str, suffix: str) -> None:
    version = "v4" if suffix else "v5"
    env_id = f"{task}-{version}"
    cls = getattr(vector, f"{task}{suffix}VectorEnv")
    single = gymkit.spec(env_id)
    env = cls(num_envs=3, num_threads=2, max_episode_steps=25, **single.kwargs)
    fns = [lambda: gymkit.make(env_id, max_episode_steps=25, disable_env_checker=True)] * 3
    with env:
        actions = actions_for(env.single_action_space, 30, 3, 0)
        check_vector_rollout(env, fns, 123, actions, "next_step", rtol=0, atol=0)
    # the infos (every reward term) as SyncVectorEnv of the same single envs batches them
    native = cls(num_envs=3, num_threads=2, max_episode_steps=25, **single.kwargs)
    with native, SyncVectorEnv(fns) as sync:
        assert_same_batch(native.reset(seed=4), sync.reset(seed=4))
        for batch in actions:
            assert_same_batch(native.step(batch), sync.step(batch))


@pytest.mark.parametrize(("task", "suffix"), [("Hopper", ""), ("Ant", "V4")])
def test_make_vec_native_builds_the_task_vector_env(task: str, suffix: str) -> None:
    env_id = f"{task}-{'v4' if suffix else 'v5'}"
    if gymkit.spec(env_id).vector_entry_point is None:
        pytest.fail(f"{env_id} has no vector_entry_point")
    with gymkit.make_vec(env_id, num_envs=2, vector_kwargs={"num_threads": 2}) as env:
        assert type(env).__name__ == f"{task}{suffix}VectorEnv"
        assert env.num_threads == 2
        assert env.spec.id == env_id
        obs, _ = env.reset(seed=0)
        assert obs.shape == (2, *env.single_observation_space.shape)
