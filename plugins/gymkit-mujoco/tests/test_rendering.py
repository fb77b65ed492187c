"""Rendering of MujocoEnv: rgb/depth frames off-screen (no display), cameras by name and id,
the free and tracking cameras, visual options, the GL backend choice and its errors, and the
``human`` mode in a real window under Xvfb."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import mujoco
import numpy as np
import pytest

from gymkit.error import GymkitWarning
from gymkit_mujoco import _gl

TESTS = Path(__file__).resolve().parent
W, H = 96, 72


def _headless_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("MUJOCO_GL", None)
    env.pop("PYOPENGL_PLATFORM", None)
    return env


def _run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    prelude = f"import sys; sys.path.insert(0, {str(TESTS)!r})\n"
    return subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_rgb_frame_is_non_blank(tiny) -> None:
    env = tiny(render_mode="rgb_array", width=W, height=H)
    env.reset(seed=0)
    frame = env.render()
    assert frame.shape == (H, W, 3) and frame.dtype == np.uint8
    assert frame.std() > 10  # floor, cart and pole: not a flat colour
    assert len(np.unique(frame.reshape(-1, 3), axis=0)) > 10
    again = env.render()
    np.testing.assert_array_equal(frame, again)  # the same state draws the same frame
    env.step([1.0, 0.0])
    for _ in range(5):
        env.step([1.0, 0.0])
    assert not np.array_equal(env.render(), frame)  # the cart moved


def test_depth_map_is_metric_and_in_range(tiny) -> None:
    env = tiny(render_mode="depth_array", width=W, height=H, camera_name="side")
    env.reset(seed=0)
    depth = env.render()
    assert depth.shape == (H, W) and depth.dtype == np.float32
    assert np.isfinite(depth).all()
    extent = env.model.stat.extent
    near, far = env.model.vis.map.znear * extent, env.model.vis.map.zfar * extent
    assert depth.min() >= near * 0.999 and depth.max() <= far * 1.001
    # the "side" camera is 3 m from the cart's plane: the cart is at about 3 m
    centre = depth[H // 2 - 3 : H // 2 + 3, W // 2 - 3 : W // 2 + 3]
    assert 2.5 < float(np.median(centre)) < 3.5
    # the rgb of the same env is still available through the renderer
    assert env.mujoco_renderer.render_rgb().shape == (H, W, 3)


def test_cameras_by_name_and_by_id(tiny) -> None:
    frames = {}
    for key, kwargs in {
        "side": {"camera_name": "side"},
        "onboard": {"camera_id": 1},
        "free": {"camera_id": -1},
    }.items():
        env = tiny(render_mode="rgb_array", width=W, height=H, **kwargs)
        env.reset(seed=0)
        frames[key] = env.render()
        camera = env.mujoco_renderer.camera
        if key == "free":
            assert camera.type == mujoco.mjtCamera.mjCAMERA_FREE
        else:
            assert camera.type == mujoco.mjtCamera.mjCAMERA_FIXED
            assert camera.fixedcamid == mujoco.mj_name2id(
                env.model, mujoco.mjtObj.mjOBJ_CAMERA, "side" if key == "side" else "onboard"
            )
    assert not np.array_equal(frames["side"], frames["onboard"])
    assert not np.array_equal(frames["side"], frames["free"])
    assert not np.array_equal(frames["onboard"], frames["free"])


def test_default_camera_config_places_the_free_camera(tiny) -> None:
    near = tiny(render_mode="rgb_array", width=W, height=H, default_camera_config={"distance": 1.0})
    far = tiny(render_mode="rgb_array", width=W, height=H, default_camera_config={"distance": 6.0})
    near.reset(seed=0)
    far.reset(seed=0)
    assert not np.array_equal(near.render(), far.render())
    camera = far.mujoco_renderer.camera
    assert camera.type == mujoco.mjtCamera.mjCAMERA_FREE and camera.distance == 6.0


def test_trackbodyid_makes_a_tracking_camera(tiny) -> None:
    config = {"trackbodyid": 1, "distance": 3.0, "lookat": [0.0, 0.0, 0.5], "elevation": -10.0}
    env = tiny(render_mode="rgb_array", width=W, height=H, default_camera_config=config)
    env.reset(seed=0)
    first = env.render()
    camera = env.mujoco_renderer.camera
    assert camera.type == mujoco.mjtCamera.mjCAMERA_TRACKING and camera.trackbodyid == 1
    env.set_state([1.2, 0.0], [0.0, 0.0])
    env.render()
    assert camera.lookat[0] == pytest.approx(1.2, abs=0.05)  # follows the cart
    static = tiny(
        render_mode="rgb_array",
        width=W,
        height=H,
        default_camera_config=config | {"type": int(mujoco.mjtCamera.mjCAMERA_FREE)},
    )
    static.reset(seed=0)
    static.set_state([1.2, 0.0], [0.0, 0.0])
    static.render()
    assert static.mujoco_renderer.camera.lookat[0] == pytest.approx(0.0)
    assert first.std() > 10


def test_visual_options_reach_the_scene(tiny) -> None:
    plain = tiny(render_mode="rgb_array", width=W, height=H, camera_name="side")
    bare = tiny(
        render_mode="rgb_array",
        width=W,
        height=H,
        camera_name="side",
        visual_options={mujoco.mjtVisFlag.mjVIS_STATIC: False},  # hide the world's geoms
    )
    plain.reset(seed=0)
    bare.reset(seed=0)
    assert bare.mujoco_renderer.option.flags[mujoco.mjtVisFlag.mjVIS_STATIC] == 0
    assert not np.array_equal(plain.render(), bare.render())  # the floor is gone


def test_max_geom_bounds_the_scene(tiny) -> None:
    env = tiny(render_mode="rgb_array", width=W, height=H, max_geom=7)
    env.reset(seed=0)
    env.render()
    assert env.mujoco_renderer._renderer.scene.maxgeom == 7


def test_render_without_a_mode_warns(tiny) -> None:
    env = tiny()
    env.reset(seed=0)
    with pytest.warns(GymkitWarning, match="render_mode"):
        assert env.render() is None
    assert env._renderer is None  # no GL context was made


def test_close_frees_the_renderer_and_a_new_frame_reopens(tiny) -> None:
    env = tiny(render_mode="rgb_array", width=W, height=H)
    env.reset(seed=0)
    first = env.render()
    env.close()
    assert env._renderer is None
    env.close()
    np.testing.assert_array_equal(env.render(), first)


def test_headless_process_chooses_egl_and_draws() -> None:
    result = _run(
        """
        import os
        from conftest import TinyCartPole
        env = TinyCartPole(render_mode="rgb_array", width=64, height=48)
        env.reset(seed=0)
        frame = env.render()
        print(os.environ["MUJOCO_GL"], frame.shape, frame.std() > 10)
        """,
        _headless_env(),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] in ("egl", "osmesa")
    assert result.stdout.strip().endswith("True")


def test_mujoco_imported_first_without_a_display_still_draws() -> None:
    result = _run(
        """
        import mujoco  # before gymkit_mujoco: MuJoCo settles on GLFW, which needs a display
        from conftest import TinyCartPole
        env = TinyCartPole(render_mode="rgb_array", width=64, height=48)
        env.reset(seed=0)
        print(env.render().std() > 10)
        """,
        _headless_env(),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_a_backend_that_cannot_work_names_the_packages() -> None:
    env = _headless_env()
    env["MUJOCO_GL"] = "glfw"  # GLFW without a display cannot make a context
    result = _run(
        """
        from gymkit.error import DependencyNotInstalled
        from conftest import TinyCartPole
        env = TinyCartPole(render_mode="rgb_array", width=64, height=48)
        env.reset(seed=0)
        try:
            env.render()
        except DependencyNotInstalled as exc:
            print(exc)
        """,
        env,
    )
    assert result.returncode == 0, result.stderr
    message = result.stdout
    assert "MUJOCO_GL='glfw'" in message and "needs a display" in message
    assert "libegl1" in message and "libosmesa6" in message


def test_choose_backend_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_gl, "CHOICE", _gl.CHOICE)  # restored after the test
    monkeypatch.delenv("MUJOCO_GL", raising=False)
    monkeypatch.delitem(sys.modules, "mujoco")
    monkeypatch.setattr(sys, "platform", "linux")
    available: set[str] = set()
    monkeypatch.setattr(_gl, "_loads", lambda names: names[0] in available)

    assert _gl.choose_backend() is None
    assert "libEGL.so.1 (libegl1" in _gl.CHOICE and "libOSMesa.so.8 (libosmesa6)" in _gl.CHOICE
    assert "MUJOCO_GL" not in os.environ

    available.add("libOSMesa.so.8")
    assert _gl.choose_backend() == "osmesa"
    assert os.environ["MUJOCO_GL"] == "osmesa"

    monkeypatch.delenv("MUJOCO_GL")
    available.add("libEGL.so.1")
    assert _gl.choose_backend() == "egl"

    monkeypatch.setenv("MUJOCO_GL", "osmesa")  # the user's choice wins, even a broken one
    available.clear()
    with pytest.warns(GymkitWarning, match="apt-get install libosmesa6"):
        assert _gl.choose_backend() == "osmesa"


@pytest.mark.xvfb
def test_human_mode_shows_frames_in_a_window(tiny, virtual_display: str) -> None:
    pytest.importorskip("pyglet")
    env = tiny(render_mode="human", width=W, height=H)
    env.reset(seed=0)  # reset shows the first frame
    viewer = env._display.viewer
    assert viewer is not None and viewer.is_open
    viewer.fps = None  # no pacing: keep the test fast
    for _ in range(5):
        env.step([0.5, 0.0])  # the task shows each step's frame
        assert env.render() is None
    # the off-screen renderer still draws real frames next to the window
    assert env.mujoco_renderer.render_rgb().std() > 10
    env.close()
    assert env._display.viewer is None and not viewer.is_open
    env.close()


@pytest.mark.xvfb
def test_a_registered_task_in_human_mode(virtual_display: str) -> None:
    pytest.importorskip("pyglet")
    import gymkit

    env = gymkit.make("InvertedPendulum-v5", render_mode="human", width=W, height=H)
    env.reset(seed=0)
    viewer = env.unwrapped._display.viewer
    assert viewer is not None and viewer.is_open
    viewer.fps = None
    for _ in range(3):
        env.step(env.action_space.sample())
    assert viewer.is_open
    env.close()
    assert not viewer.is_open
