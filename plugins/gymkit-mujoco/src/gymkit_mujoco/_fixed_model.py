"""The v4 arm and pendulum tasks (InvertedPendulum, InvertedDoublePendulum, Reacher, Pusher)
take rendering options only: their model, frame skip and camera are fixed."""

from __future__ import annotations

from typing import Any

from gymkit_mujoco.base import MujocoEnv

__all__ = ["FixedModelEnv"]


class FixedModelEnv(MujocoEnv):
    """A task whose model file (``_model_file``), frame skip (``_model_frame_skip``) and free
    camera (``_model_camera``) are fixed; the constructor takes the rendering options of
    :class:`~gymkit_mujoco.base.MujocoEnv` only, then calls :meth:`_setup`. Put it before the
    task's base class among the bases."""

    _model_file: str
    _model_frame_skip: int
    _model_camera: dict[str, Any]

    def __init__(
        self,
        *,
        render_mode: str | None = None,
        width: int = 480,
        height: int = 480,
        camera_id: int | None = None,
        camera_name: str | None = None,
        max_geom: int = 1000,
        visual_options: dict[int, bool] | None = None,
    ) -> None:
        super().__init__(
            self._model_file,
            self._model_frame_skip,
            None,
            render_mode=render_mode,
            width=width,
            height=height,
            camera_id=camera_id,
            camera_name=camera_name,
            default_camera_config=self._model_camera,
            max_geom=max_geom,
            visual_options=visual_options,
        )
        self._setup()

    def _setup(self) -> None:
        """What the task does once the model is loaded (bind its views, say)."""
