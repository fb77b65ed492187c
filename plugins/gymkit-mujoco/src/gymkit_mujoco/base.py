"""The base of every MuJoCo env: :class:`MujocoEnv` (model loading, stepping, state, rendering).

A task subclasses it, builds its spaces, and writes ``step`` and :meth:`MujocoEnv.reset_model`::

    class Slider(MujocoEnv):
        def __init__(self, **kwargs):
            super().__init__(None, 2, obs_space, xml_string=MJCF, **kwargs)

        def reset_model(self):
            qpos = self.init_qpos + self.np_random.uniform(-0.1, 0.1, self.model.nq)
            self.set_state(qpos, self.init_qvel)
            return self.state_vector()

        def step(self, action):
            self.do_simulation(self.check_action(action), self.frame_skip)
            ...

The model comes from an MJCF file (an absolute path, or a file name in ``gymkit_mujoco/assets``)
or from an MJCF string. Every bad argument raises a :class:`~gymkit.error.InvalidEnvKwargs`
naming it; a model that is missing or does not compile raises :class:`MujocoModelError` (a
subclass) keeping MuJoCo's own message and naming the file.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import numpy as np

from gymkit.core import Env
from gymkit.error import Error, InvalidAction, InvalidEnvKwargs
from gymkit.spaces import Box, Space
from gymkit.utils.display import WindowedRendering
from gymkit_mujoco.engine import mujoco
from gymkit_mujoco.rendering import CAMERA_CONFIG_KEYS, MujocoRenderer

__all__ = [
    "ASSETS_DIR",
    "InvalidState",
    "MujocoEnv",
    "MujocoModelError",
    "MujocoModelNotFound",
    "resolve_model_path",
]

#: The directory holding the family's own MJCF files; bare file names are looked up here.
ASSETS_DIR = Path(__file__).resolve().parent / "assets"

_RENDER_MODES = ["human", "rgb_array", "depth_array"]


class MujocoModelError(InvalidEnvKwargs, ValueError):
    """A MuJoCo model that cannot be built; the message keeps MuJoCo's and names the source."""


class MujocoModelNotFound(MujocoModelError, FileNotFoundError):
    """The MJCF file given as the model does not exist; the message names the paths tried."""


class InvalidState(Error, ValueError):
    """A ``qpos``/``qvel`` given to :meth:`MujocoEnv.set_state` of the wrong shape or not finite."""


def resolve_model_path(model_path: str | os.PathLike[str]) -> Path:
    """The MJCF file ``model_path`` names: an absolute (or ``~``/``./``-relative) path as is, a
    bare name in :data:`ASSETS_DIR` first, then relative to the working directory.

    Raises :class:`MujocoModelNotFound` naming every path tried when none is a file.
    """
    if not isinstance(model_path, (str, os.PathLike)):
        raise InvalidEnvKwargs(
            f"the model path (xml_file) must be a str or os.PathLike, got {model_path!r} of type "
            f"{type(model_path).__name__}"
        )
    raw = os.fspath(model_path)
    given = Path(raw).expanduser()
    if given.is_absolute() or raw.startswith(("~", "./", "../", ".\\", "..\\")):
        candidates = [given]
    else:
        candidates = [ASSETS_DIR / given, Path.cwd() / given]
    for candidate in candidates:
        if candidate.is_file():
            return candidate.resolve()
    tried = ", ".join(repr(str(c)) for c in candidates)
    raise MujocoModelNotFound(
        f"MuJoCo model file {raw!r} does not exist (looked at {tried}); pass xml_file= the path "
        f"of an MJCF file, or the name of one in {str(ASSETS_DIR)!r}"
    )


def _load_model(
    model_path: str | os.PathLike[str] | None, xml_string: str | None
) -> tuple[mujoco.MjModel, Path | None]:
    if model_path is not None and xml_string is not None:
        raise InvalidEnvKwargs(
            "give the MuJoCo model either as model_path (xml_file) or as xml_string, not both"
        )
    if model_path is None:
        if xml_string is None:
            raise InvalidEnvKwargs(
                "no MuJoCo model: pass model_path (xml_file) = an MJCF file, or xml_string = MJCF"
            )
        if not isinstance(xml_string, str):
            raise InvalidEnvKwargs(
                f"xml_string must be a str holding MJCF, got {type(xml_string).__name__}"
            )
        try:
            return mujoco.MjModel.from_xml_string(xml_string), None
        except ValueError as exc:
            raise MujocoModelError(
                f"MuJoCo could not compile the MJCF string given as xml_string: {str(exc).strip()}"
            ) from exc
    path = resolve_model_path(model_path)
    try:
        return mujoco.MjModel.from_xml_path(str(path)), path
    except ValueError as exc:
        raise MujocoModelError(
            f"MuJoCo could not compile the model file {str(path)!r}: {str(exc).strip()}"
        ) from exc


def _positive_int(owner: str, name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise InvalidEnvKwargs(
            f"{owner}: {name} must be a positive int, got {value!r} of type {type(value).__name__}"
        )
    if value <= 0:
        raise InvalidEnvKwargs(f"{owner}: {name} must be a positive int (>= 1), got {value!r}")
    return int(value)


class MujocoEnv(Env[np.ndarray, np.ndarray]):
    """A MuJoCo simulation as an env: subclass it and write ``step`` and :meth:`reset_model`.

    Args:
        model_path: the MJCF file (see :func:`resolve_model_path`), or ``None`` with
            ``xml_string``.
        frame_skip: MuJoCo steps per env step (an int >= 1); :attr:`dt` is
            ``model.opt.timestep * frame_skip``.
        observation_space: the task's observation space (``None``: the subclass sets it).
        xml_string: MJCF text, instead of ``model_path``.
        render_mode: ``"human"``, ``"rgb_array"``, ``"depth_array"`` or ``None``.
        width, height: the rendered frame's size in pixels.
        camera_id, camera_name: a camera of the model (at most one of them; ``-1`` or neither
            is the free camera, placed by ``default_camera_config``).
        default_camera_config: the free camera's ``distance``, ``elevation``, ``azimuth``,
            ``lookat`` and ``trackbodyid``/``type`` (a tracking camera), as in Gymnasium.
        max_geom: the most geoms a rendered scene holds.
        visual_options: ``{mujoco.mjtVisFlag: bool}`` flags of the rendered scene.

    After construction: ``model``, ``data``, ``init_qpos``/``init_qvel`` (copies of the model's
    initial state), ``frame_skip``, ``action_space`` (a float32 Box from the actuators' control
    ranges) and ``observation_space``.
    """

    metadata: dict[str, Any] = {"render_modes": _RENDER_MODES, "render_fps": None}
    #: Whether :meth:`do_simulation` computes ``data.cfrc_ext``/``cfrc_int``/``cacc``
    #: (``mj_rnePostConstraint``) after stepping. A task that never reads them sets this to
    #: ``False`` and saves the call (and, in the threaded vector env, a GIL hand-off).
    compute_contact_forces: bool = True

    def __init__(
        self,
        model_path: str | os.PathLike[str] | None,
        frame_skip: int,
        observation_space: Space[Any] | None,
        *,
        xml_string: str | None = None,
        render_mode: str | None = None,
        width: int = 480,
        height: int = 480,
        camera_id: int | None = None,
        camera_name: str | None = None,
        default_camera_config: dict[str, Any] | None = None,
        max_geom: int = 1000,
        visual_options: dict[int, bool] | None = None,
    ) -> None:
        owner = type(self).__name__
        self.frame_skip = _positive_int(owner, "frame_skip", frame_skip)
        self.width = _positive_int(owner, "width", width)
        self.height = _positive_int(owner, "height", height)
        self.max_geom = _positive_int(owner, "max_geom", max_geom)
        self.model, self.fullpath = _load_model(model_path, xml_string)
        # the off-screen buffer must hold a frame of the requested size
        self.model.vis.global_.offwidth = max(self.model.vis.global_.offwidth, self.width)
        self.model.vis.global_.offheight = max(self.model.vis.global_.offheight, self.height)
        self.data = mujoco.MjData(self.model)
        self.init_qpos = self.data.qpos.ravel().copy()
        self.init_qvel = self.data.qvel.ravel().copy()

        self.camera_id = self._check_camera(camera_id, camera_name)
        self.camera_name = camera_name
        self.default_camera_config = _check_camera_config(default_camera_config)
        self.visual_options = _check_visual_options(visual_options)

        self.metadata = {
            **type(self).metadata,
            "render_modes": list(_RENDER_MODES),
            "render_fps": round(1.0 / self.dt),
        }
        self.render_mode = self._check_render_mode(render_mode)
        self._renderer: MujocoRenderer | None = None
        self._display = WindowedRendering(type(self).__name__, modes=_RENDER_MODES)

        self.action_space = self._set_action_space()
        if observation_space is not None:
            self.observation_space = observation_space

    # ------------------------------------------------------------------ construction helpers
    def _set_action_space(self) -> Box:
        """The float32 Box of the actuators' control ranges (``model.actuator_ctrlrange``)."""
        low, high = self.model.actuator_ctrlrange.copy().astype(np.float32).T
        self.action_space = Box(low=low, high=high, dtype=np.float32)
        return self.action_space

    def _check_camera(self, camera_id: int | None, camera_name: str | None) -> int | None:
        """The camera id to render from (``None`` = the free camera); raise on a bad one."""
        if camera_id is not None and camera_name is not None:
            raise InvalidEnvKwargs(
                f"{type(self).__name__}: give camera_id ({camera_id!r}) or camera_name "
                f"({camera_name!r}), not both"
            )
        names = [self.model.camera(i).name for i in range(self.model.ncam)]
        if camera_name is not None:
            if not isinstance(camera_name, str) or camera_name not in names:
                raise InvalidEnvKwargs(
                    f"{type(self).__name__}: camera_name={camera_name!r} is not a camera of the "
                    f"model; its cameras are {names} (or leave camera_name unset for the free "
                    "camera)"
                )
            return names.index(camera_name)
        if camera_id is not None:
            if isinstance(camera_id, bool) or not isinstance(camera_id, (int, np.integer)):
                raise InvalidEnvKwargs(
                    f"{type(self).__name__}: camera_id must be an int, got {camera_id!r} of type "
                    f"{type(camera_id).__name__}"
                )
            if not -1 <= camera_id < self.model.ncam:
                raise InvalidEnvKwargs(
                    f"{type(self).__name__}: camera_id={camera_id!r} is out of range; the model "
                    f"has {self.model.ncam} camera(s) {names}, so use -1 (free camera) .. "
                    f"{self.model.ncam - 1}"
                )
            return None if camera_id == -1 else int(camera_id)
        return None

    # ------------------------------------------------------------------ simulation
    @property
    def dt(self) -> float:
        """Seconds of simulated time per env step: ``model.opt.timestep * frame_skip``."""
        # model.opt is one live MjOption (the model's own memory) that costs ~1 us to look up;
        # kept per instance and rebound after a copy (__getstate__ drops it)
        try:
            opt = self._opt
        except AttributeError:
            opt = self._opt = self.model.opt
        return float(opt.timestep) * self.frame_skip

    def check_action(self, action: Any) -> np.ndarray:
        """``action`` as a float64 array of the action space's shape; :class:`InvalidAction`
        naming the env, the value and the expected shape when it has another shape, is not
        numeric, or holds NaN/inf. Values outside the bounds pass (MuJoCo clamps controls)."""
        try:
            array = np.asarray(action, dtype=np.float64)
        except (TypeError, ValueError):
            raise InvalidAction(
                f"{type(self).__name__}: action {action!r} is not an array of numbers; expected "
                f"a float array of shape {self.action_space.shape}"
            ) from None
        if array.shape != self.action_space.shape:
            raise InvalidAction(
                f"{type(self).__name__}: action {action!r} has shape {array.shape}; expected "
                f"shape {self.action_space.shape} (one control per actuator)"
            )
        # the dot product (vdot: any shape) is finite exactly when every entry is, unless it
        # overflows (huge finite entries): only then the elementwise test (the dot is cheaper)
        if not math.isfinite(np.vdot(array, array)) and not np.isfinite(array).all():
            raise InvalidAction(
                f"{type(self).__name__}: action {action!r} holds NaN or inf; every control must "
                "be a finite number"
            )
        return array

    def do_simulation(self, ctrl: Any, n_frames: int) -> None:
        """Set ``data.ctrl = ctrl``, advance ``n_frames`` MuJoCo steps (one ``mj_step`` call),
        then compute the contact forces (``mj_rnePostConstraint``) so ``data.cfrc_ext`` is
        valid — unless the task set :attr:`compute_contact_forces` to ``False``."""
        model, data = self.model, self.data
        data.ctrl[:] = ctrl
        mujoco.mj_step(model, data, n_frames)
        if self.compute_contact_forces:
            mujoco.mj_rnePostConstraint(model, data)

    def set_state(self, qpos: Any, qvel: Any) -> None:
        """Set the generalised positions ``qpos`` (``(model.nq,)``) and velocities ``qvel``
        (``(model.nv,)``) and recompute the derived quantities (``mj_forward``).

        :class:`InvalidState` (the env untouched) for a wrong shape, a non-numeric or a
        non-finite entry."""
        try:
            qpos = np.asarray(qpos, dtype=np.float64)
            qvel = np.asarray(qvel, dtype=np.float64)
        except (TypeError, ValueError):
            raise InvalidState(
                f"{type(self).__name__}.set_state: qpos {qpos!r} and qvel {qvel!r} must be arrays "
                f"of numbers of shapes ({self.model.nq},) and ({self.model.nv},)"
            ) from None
        if qpos.shape != (self.model.nq,):
            raise InvalidState(
                f"{type(self).__name__}.set_state: qpos has shape {qpos.shape}; expected "
                f"({self.model.nq},) (model.nq)"
            )
        if qvel.shape != (self.model.nv,):
            raise InvalidState(
                f"{type(self).__name__}.set_state: qvel has shape {qvel.shape}; expected "
                f"({self.model.nv},) (model.nv)"
            )
        for name, value in (("qpos", qpos), ("qvel", qvel)):
            if not np.isfinite(value).all():
                raise InvalidState(
                    f"{type(self).__name__}.set_state: {name} {value!r} holds NaN or inf; every "
                    "entry must be finite"
                )
        self.data.qpos[:] = qpos
        self.data.qvel[:] = qvel
        if self.model.na == 0:
            self.data.act[:] = None
        mujoco.mj_forward(self.model, self.data)

    def state_vector(self) -> np.ndarray:
        """A copy of the state: ``concat(qpos, qvel)``."""
        return np.concatenate((self.data.qpos.flat, self.data.qvel.flat))

    def get_body_com(self, body_name: str) -> np.ndarray:
        """The world position of body ``body_name`` (``data.xpos``), a view."""
        return self.data.body(body_name).xpos

    # ------------------------------------------------------------------ episode
    def reset_model(self) -> np.ndarray:
        """Draw the initial state (noise from :attr:`np_random`), set it with
        :meth:`set_state`, and return the first observation. Every task implements this."""
        raise NotImplementedError(f"{type(self).__name__}.reset_model is not implemented")

    def _get_reset_info(self) -> dict[str, Any]:
        """The ``info`` of ``reset``; tasks override it (default ``{}``)."""
        return {}

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict[str, Any]]:
        """Reseed (with ``seed``), reset MuJoCo's data to the model's initial state, then let
        :meth:`reset_model` place the task; returns ``(obs, info)``."""
        super().reset(seed=seed)
        mujoco.mj_resetData(self.model, self.data)
        obs = self.reset_model()
        info = self._get_reset_info()
        if self.render_mode == "human":
            self.render()
        return obs, info

    # ------------------------------------------------------------------ rendering
    @property
    def mujoco_renderer(self) -> MujocoRenderer:
        """The off-screen renderer, made on first use (needs a working GL backend)."""
        if self._renderer is None:
            self._renderer = MujocoRenderer(
                self.model,
                self.data,
                width=self.width,
                height=self.height,
                camera_id=self.camera_id,
                default_camera_config=self.default_camera_config,
                max_geom=self.max_geom,
                visual_options=self.visual_options,
            )
        return self._renderer

    def _draw(self) -> np.ndarray:
        if self.render_mode == "depth_array":
            return self.mujoco_renderer.render_depth()
        return self.mujoco_renderer.render_rgb()

    def render(self) -> np.ndarray | None:
        """``rgb_array``: an ``(H, W, 3)`` uint8 frame; ``depth_array``: an ``(H, W)`` float32
        depth map in metres; ``human``: the frame shown in a window (returns ``None``)."""
        return self._display.render(self.render_mode, self._draw, self.metadata["render_fps"])

    def close(self) -> None:
        """Close the window and free the renderer's GL context; idempotent."""
        self._display.close()
        if self._renderer is not None:
            self._renderer.close()
            self._renderer = None

    # ------------------------------------------------------------------ copies
    #: Attributes a task caches as live views into ``data``/``model`` (set by
    #: :meth:`_bind_views`): left out of a copy, which rebuilds them on its own state.
    _VIEWS: tuple[str, ...] = ()

    def _bind_views(self) -> None:
        """Cache a task's live views into ``data``/``model``; called again on a copy (after
        unpickling). None here: a task that caches views overrides it."""

    def __getstate__(self) -> dict[str, Any]:
        # a GL context cannot travel: a copy makes its own renderer on its first frame
        state = {**self.__dict__, "_renderer": None}
        state.pop("_opt", None)  # bound to this model: a copy rebinds to its own (see dt)
        for name in self._VIEWS:
            state.pop(name, None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._bind_views()


def _check_camera_config(config: dict[str, Any] | None) -> dict[str, Any]:
    if config is None:
        return {}
    if not isinstance(config, dict):
        raise InvalidEnvKwargs(
            f"default_camera_config must be a dict, got {config!r} of type {type(config).__name__}"
        )
    unknown = sorted(str(key) for key in config if key not in CAMERA_CONFIG_KEYS)
    if unknown:
        raise InvalidEnvKwargs(
            f"default_camera_config has unknown key(s) {unknown}; the keys are "
            f"{list(CAMERA_CONFIG_KEYS)} (attributes of mujoco.MjvCamera)"
        )
    if "lookat" in config and np.shape(config["lookat"]) != (3,):
        raise InvalidEnvKwargs(
            f"default_camera_config['lookat'] must be 3 numbers (x, y, z), got {config['lookat']!r}"
        )
    for key in ("distance", "azimuth", "elevation"):
        if key in config:
            value = config[key]
            if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
                raise InvalidEnvKwargs(
                    f"default_camera_config[{key!r}] must be a number, got {value!r}"
                )
    return dict(config)


def _check_visual_options(options: dict[int, bool] | None) -> dict[int, bool]:
    if options is None:
        return {}
    if not isinstance(options, dict):
        raise InvalidEnvKwargs(
            f"visual_options must be a dict {{mujoco.mjtVisFlag: bool}}, got {options!r}"
        )
    checked: dict[int, bool] = {}
    count = int(mujoco.mjtVisFlag.mjNVISFLAG)
    for flag, value in options.items():
        if isinstance(flag, bool) or not isinstance(flag, (int, np.integer, mujoco.mjtVisFlag)):
            raise InvalidEnvKwargs(
                f"visual_options key {flag!r} is not a mujoco.mjtVisFlag (an int in [0, {count}))"
            )
        if not 0 <= int(flag) < count:
            raise InvalidEnvKwargs(
                f"visual_options key {flag!r} is out of range; mujoco.mjtVisFlag values are "
                f"0 .. {count - 1}"
            )
        checked[int(flag)] = bool(value)
    return checked
