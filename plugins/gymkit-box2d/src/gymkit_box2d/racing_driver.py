"""A scripted CarRacing driver that follows the track's centre line (privileged: it reads the
car's pose and the track, not the pixels).

It steers toward a point a few tiles ahead of the nearest centre-line point and holds a cruise
speed, slower before sharp bends. At the default cruise speed it completes a lap on typical
tracks in about 1200-1400 steps (so beyond CarRacing-v3's 1000-step limit; use the bare env or
raise ``max_episode_steps`` to see ``lap_finished``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from gymkit_box2d.car_racing import CarRacingEnv

__all__ = ["track_follower"]

LOOKAHEAD = 6  # tiles ahead of the nearest one to aim at
SEARCH = 15  # tiles ahead of the last nearest one searched for the new nearest
BEND_HORIZON = 12  # tiles ahead whose heading change marks a bend


def _wrap(angle: float) -> float:
    return (angle + math.pi) % (2 * math.pi) - math.pi


def track_follower(env: CarRacingEnv, cruise: float = 45.0) -> Callable[[Any], np.ndarray]:
    """A fresh policy for the episode ``env`` (unwrapped, already reset) is in: it maps any
    observation to a continuous action ``(steer, gas, brake)`` (float32)."""
    if env.track is None or env.car is None:
        raise RuntimeError("track_follower needs a reset CarRacingEnv; call env.reset() first")
    points = env.track.points
    n = len(points)
    nearest = 0

    def policy(observation: Any) -> np.ndarray:
        nonlocal nearest
        car = env.car
        assert car is not None
        hull = car.hull
        x, y = hull.position
        nearest = (
            min(
                range(nearest, nearest + SEARCH),
                key=lambda k: (points[k % n][2] - x) ** 2 + (points[k % n][3] - y) ** 2,
            )
            % n
        )
        _, _, tx, ty = points[(nearest + LOOKAHEAD) % n]
        heading = hull.angle + math.pi / 2  # the car's nose points along its local +y
        error = _wrap(math.atan2(ty - y, tx - x) - heading)
        vx, vy = hull.linearVelocity
        speed = math.hypot(vx, vy)
        bend = abs(_wrap(points[(nearest + BEND_HORIZON) % n][1] - points[nearest][1]))
        target = cruise if bend < 0.5 else 0.6 * cruise
        gas = 0.6 if speed < target else 0.0
        brake = 0.3 if speed > target + 8 else 0.0
        steer = max(-1.0, min(1.0, -3.0 * error))  # positive action steers right
        return np.array([steer, gas, brake], dtype=np.float32)

    return policy
