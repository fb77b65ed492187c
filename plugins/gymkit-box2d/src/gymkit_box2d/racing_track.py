"""CarRacing's random closed track: checkpoints, the path through them, tiles and kerbs.

Pure geometry, no Box2D. :func:`generate_track` draws 12 checkpoints around a circle (random
angle jitter and radius), steers a point with bounded turn rate from checkpoint to checkpoint for
several laps, then cuts one closed lap out of the path. It returns ``None`` when the lap does not
close well; the env then draws a new one, as the reference task does, so the same ``np_random``
gives the same track.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = [
    "BORDER",
    "GRASS_DIM",
    "PLAYFIELD",
    "SCALE",
    "TRACK_DETAIL_STEP",
    "TRACK_RAD",
    "TRACK_WIDTH",
    "TrackGeometry",
    "generate_track",
]

SCALE = 6.0  # world units per track unit
TRACK_RAD = 900 / SCALE  # the track is a heavily morphed circle of this radius
PLAYFIELD = 2000 / SCALE  # leaving [-PLAYFIELD, PLAYFIELD]^2 ends the episode
TRACK_DETAIL_STEP = 21 / SCALE
TRACK_TURN_RATE = 0.31
TRACK_WIDTH = 40 / SCALE
BORDER = 8 / SCALE
BORDER_MIN_COUNT = 4
GRASS_DIM = PLAYFIELD / 20.0
CHECKPOINTS = 12
START_ALPHA = 2 * math.pi * (-0.5) / CHECKPOINTS

Point = tuple[float, float]
Quad = list[Point]


class TrackGeometry:
    """A generated track.

    ``points``: ``(alpha, beta, x, y)`` per tile (polar angle around the centre, heading, centre
    line position); ``tiles``: the road quad of tile ``i`` (from point ``i`` back to point
    ``i - 1``); ``kerbs``: ``(tile index, quad, rgb)`` of the red-white kerbs on hard turns, in
    tile order.
    """

    __slots__ = ("kerbs", "points", "tiles")

    def __init__(
        self,
        points: list[tuple[float, float, float, float]],
        tiles: list[Quad],
        kerbs: list[tuple[int, Quad, tuple[int, int, int]]],
    ) -> None:
        self.points = points
        self.tiles = tiles
        self.kerbs = kerbs


def _checkpoints(np_random: Any) -> list[tuple[float, float, float]]:
    checkpoints = []
    for c in range(CHECKPOINTS):
        noise = np_random.uniform(0, 2 * math.pi * 1 / CHECKPOINTS)
        alpha = 2 * math.pi * c / CHECKPOINTS + noise
        rad = np_random.uniform(TRACK_RAD / 3, TRACK_RAD)
        if c == 0:
            alpha = 0
            rad = 1.5 * TRACK_RAD
        elif c == CHECKPOINTS - 1:
            alpha = 2 * math.pi * c / CHECKPOINTS
            rad = 1.5 * TRACK_RAD
        checkpoints.append((alpha, rad * math.cos(alpha), rad * math.sin(alpha)))
    return checkpoints


def _trace_path(
    checkpoints: list[tuple[float, float, float]],
) -> list[tuple[float, float, float, float]]:
    """Steer from checkpoint to checkpoint for up to five laps (2500 points at most)."""
    x, y, beta = 1.5 * TRACK_RAD, 0.0, 0.0
    target = 0
    laps = 0
    crossed_below = False
    path: list[tuple[float, float, float, float]] = []
    for _ in range(2500):
        alpha = math.atan2(y, x)
        if crossed_below and alpha > 0:
            laps += 1
            crossed_below = False
        if alpha < 0:
            crossed_below = True
            alpha += 2 * math.pi
        # the next checkpoint ahead of alpha (wrapping alpha back a turn when none is left)
        while True:
            found = False
            while True:
                dest_alpha, dest_x, dest_y = checkpoints[target % CHECKPOINTS]
                if alpha <= dest_alpha:
                    found = True
                    break
                target += 1
                if target % CHECKPOINTS == 0:
                    break
            if found:
                break
            alpha -= 2 * math.pi

        r1x = math.cos(beta)
        r1y = math.sin(beta)
        p1x = -r1y
        p1y = r1x
        # the destination seen along the radial direction decides the turn
        proj = r1x * (dest_x - x) + r1y * (dest_y - y)
        while beta - alpha > 1.5 * math.pi:
            beta -= 2 * math.pi
        while beta - alpha < -1.5 * math.pi:
            beta += 2 * math.pi
        prev_beta = beta
        proj *= SCALE
        if proj > 0.3:
            beta -= min(TRACK_TURN_RATE, abs(0.001 * proj))
        if proj < -0.3:
            beta += min(TRACK_TURN_RATE, abs(0.001 * proj))
        x += p1x * TRACK_DETAIL_STEP
        y += p1y * TRACK_DETAIL_STEP
        path.append((alpha, prev_beta * 0.5 + beta * 0.5, x, y))
        if laps > 4:
            break
    return path


def _closed_lap(
    path: list[tuple[float, float, float, float]],
) -> list[tuple[float, float, float, float]] | None:
    """The last complete lap between two passes through the start angle, or ``None``."""
    first = last = -1
    i = len(path)
    while True:
        i -= 1
        if i == 0:
            return None
        through_start = path[i][0] > START_ALPHA and path[i - 1][0] <= START_ALPHA
        if through_start and last == -1:
            last = i
        elif through_start and first == -1:
            first = i
            break
    lap = path[first : last - 1]
    beta0 = lap[0][1]
    perp_x = math.cos(beta0)
    perp_y = math.sin(beta0)
    gx = perp_x * (lap[0][2] - lap[-1][2])
    gy = perp_y * (lap[0][3] - lap[-1][3])
    if math.sqrt(gx * gx + gy * gy) > TRACK_DETAIL_STEP:
        return None  # head and tail are not glued together well enough
    return lap


def _kerbed(lap: list[tuple[float, float, float, float]]) -> list[bool]:
    """Which tiles get a kerb: those ending BORDER_MIN_COUNT consecutive sharp same-way turns,
    spread over the BORDER_MIN_COUNT tiles before them."""
    n = len(lap)
    sharp = [False] * n
    for i in range(n):
        good = True
        oneside = 0
        for neg in range(BORDER_MIN_COUNT):
            beta1 = lap[i - neg][1]
            beta2 = lap[i - neg - 1][1]
            good &= abs(beta1 - beta2) > TRACK_TURN_RATE * 0.2
            oneside += (beta1 > beta2) - (beta1 < beta2)
        sharp[i] = good and abs(oneside) == BORDER_MIN_COUNT
    kerbed = list(sharp)
    for i in range(n):
        for neg in range(BORDER_MIN_COUNT):
            kerbed[i - neg] |= kerbed[i]
    return kerbed


def generate_track(np_random: Any) -> TrackGeometry | None:
    """One attempt at a track from ``np_random`` (24 uniform draws); ``None`` if it failed."""
    lap = _closed_lap(_trace_path(_checkpoints(np_random)))
    if lap is None:
        return None
    kerbed = _kerbed(lap)
    tiles: list[Quad] = []
    kerbs: list[tuple[int, Quad, tuple[int, int, int]]] = []
    for i in range(len(lap)):
        _, beta1, x1, y1 = lap[i]
        _, beta2, x2, y2 = lap[i - 1]
        c1, s1 = math.cos(beta1), math.sin(beta1)
        c2, s2 = math.cos(beta2), math.sin(beta2)
        left1 = (x1 - TRACK_WIDTH * c1, y1 - TRACK_WIDTH * s1)
        right1 = (x1 + TRACK_WIDTH * c1, y1 + TRACK_WIDTH * s1)
        left2 = (x2 - TRACK_WIDTH * c2, y2 - TRACK_WIDTH * s2)
        right2 = (x2 + TRACK_WIDTH * c2, y2 + TRACK_WIDTH * s2)
        tiles.append([left1, right1, right2, left2])
        if kerbed[i]:
            side = float((beta2 > beta1) - (beta2 < beta1))
            kerbs.append(
                (
                    i,
                    [
                        (x1 + side * TRACK_WIDTH * c1, y1 + side * TRACK_WIDTH * s1),
                        (
                            x1 + side * (TRACK_WIDTH + BORDER) * c1,
                            y1 + side * (TRACK_WIDTH + BORDER) * s1,
                        ),
                        (
                            x2 + side * (TRACK_WIDTH + BORDER) * c2,
                            y2 + side * (TRACK_WIDTH + BORDER) * s2,
                        ),
                        (x2 + side * TRACK_WIDTH * c2, y2 + side * TRACK_WIDTH * s2),
                    ],
                    (255, 255, 255) if i % 2 == 0 else (255, 0, 0),
                )
            )
    return TrackGeometry(lap, tiles, kerbs)
