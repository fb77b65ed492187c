"""Certification targets for MiniGrid through the bridge (``minigrid_targets:EmptyImage``).

MiniGrid's observation is a Dict holding a ``MissionSpace`` (a custom Gymnasium space of mission
strings), which gymkit cannot represent; its own ``ImgObsWrapper`` keeps the image, so the
bridged env is made with it (``gymnasium_wrappers``).
"""

from __future__ import annotations

from typing import Any

from minigrid.wrappers import ImgObsWrapper

import gymkit


def EmptyImage(render_mode: str | None = None) -> Any:
    """``gymnasium/MiniGrid-Empty-5x5-v0`` with ``ImgObsWrapper``."""
    return gymkit.make(
        "gymnasium/MiniGrid-Empty-5x5-v0",
        gymnasium_wrappers=[ImgObsWrapper],
        render_mode=render_mode,
    ).unwrapped


def DoorKeyImage(render_mode: str | None = None) -> Any:
    """``gymnasium/MiniGrid-DoorKey-5x5-v0`` with ``ImgObsWrapper``."""
    return gymkit.make(
        "gymnasium/MiniGrid-DoorKey-5x5-v0",
        gymnasium_wrappers=[ImgObsWrapper],
        render_mode=render_mode,
    ).unwrapped
