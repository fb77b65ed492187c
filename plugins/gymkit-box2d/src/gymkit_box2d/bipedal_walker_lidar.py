"""The walker's lidar: Box2D's ray cast against the static terrain, without calling Box2D.

The reference fires ten ``world.RayCast`` calls a step, each reporting every fixture it crosses to
a Python callback that keeps the nearest piece of ground. Only the terrain is ground (the walker's
own parts are ignored) and the terrain never moves, so the answer is the smallest hit fraction
over the terrain's edges and obstacle polygons, each computed as Box2D 2.3 computes it
(``b2EdgeShape::RayCast``, ``b2PolygonShape::RayCast``): the same float32 operations in the same
order, on the vertices and normals Box2D stored. A quick double-precision walk along the terrain
finds where each ray comes down, so only the one or two edges there (and the obstacles the ray's
box touches) get the exact float32 computation. The results equal Box2D's bit for bit (the test
suite checks it against ``world.RayCast``).

Float32 arithmetic is done in doubles rounded through a one-element float32 array
(``buf[0] = x; x = buf[0]``): for +, -, *, / and sqrt of float32 numbers, the double result
rounded once to float32 is exactly the float32 result.
"""

from __future__ import annotations

import math
from array import array
from typing import Any

import numpy as np

__all__ = ["TerrainLidar"]

_NEAR = 1e-3  # metres: closer than this to a vertex, the neighbouring edge is computed too
_MISS = 2.0  # a fraction beyond any hit


def _dot32(b: array[float], nx: float, ny: float, x: float, y: float) -> float:
    """``nx * x + ny * y`` in float32 as Box2D's ``b2Dot`` computes it: each product rounded,
    then the sum, through the one-element float32 array ``b``."""
    b[0] = nx * x
    a = b[0]
    b[0] = ny * y
    b[0] = a + b[0]
    return b[0]


class TerrainLidar:
    """Rays from a point over one episode's terrain.

    ``xs``, ``ys``: the terrain's points, left to right (the edge bodies join consecutive points;
    Box2D stores them rounded to float32, as here); ``polygons``: the obstacle bodies;
    ``directions``: per ray ``(dx, dy)``, the ray ending at ``(x + dx, y - dy)``, pointing down
    and forward, ordered from the steepest to the shallowest; ``step``: the horizontal spacing of
    terrain points.
    """

    def __init__(
        self,
        xs: list[float],
        ys: list[float],
        polygons: list[Any],
        directions: tuple[tuple[float, float], ...],
        step: float,
    ) -> None:
        f32 = np.float32
        if len(xs) != len(ys):
            raise ValueError(f"lidar terrain needs as many xs as ys, got {len(xs)} and {len(ys)}")
        px = np.array(xs, dtype=f32)
        py = np.array(ys, dtype=f32)
        x1, y1 = px[:-1], py[:-1]
        ex = px[1:] - x1
        ey = py[1:] - y1
        length = np.sqrt(ey * ey + ex * ex)  # the normal (e.y, -e.x), normalised as Box2D does
        inverse = f32(1.0) / length
        self.xs = px.tolist() if len(xs) > 1 else []
        self.ys = py.tolist() if len(xs) > 1 else []
        self.ex, self.ey = ex.tolist(), ey.tolist()
        self.nx, self.ny = (ey * inverse).tolist(), (-ex * inverse).tolist()
        self.rr = (ex * ex + ey * ey).tolist()
        #: per edge: its start, direction, squared length and unit normal (one lookup a cast)
        self._edges = list(
            zip(self.xs, self.ys, self.ex, self.ey, self.rr, self.nx, self.ny, strict=False)
        )
        self.step = step
        self.directions = directions
        self.polygons = []
        for body in polygons:
            shape = body.fixtures[0].shape
            vertices = [tuple(v) for v in shape.vertices]
            normals = [tuple(n) for n in shape.normals]
            xs = [v[0] for v in vertices]
            ys = [v[1] for v in vertices]
            self.polygons.append((min(xs), max(xs), min(ys), max(ys), vertices, normals))
        slants = [d[0] / d[1] if d[1] > 0.0 else math.inf for d in directions]
        if any(d[0] < 0.0 or d[1] <= 0.0 for d in directions) or slants != sorted(slants):
            raise ValueError(
                "lidar rays must point down and forward (dx >= 0, dy > 0), from the steepest "
                f"to the shallowest; got {directions}"
            )
        self.reach = max(d[0] for d in directions) + 1.0
        self._buf = array("f", [0.0])

    # ------------------------------------------------------------------ exact pieces
    def _edge(
        self, k: int, px: float, py: float, dx: float, dy: float, numerators: dict[int, float]
    ) -> float:
        """``b2EdgeShape::RayCast`` of edge ``k`` for the ray ``p + t * d``: t, or a miss.

        ``numerators`` caches the ray-independent part per edge for the point ``p``. Where the
        ray meets the edge's line (``s``, 0 to 1 along the edge) is decided in double precision
        when it is clearly inside or outside; only within 0.001 of an end is it computed in
        float32 as Box2D does (float32 errors here are below 1e-4).
        """
        b = self._buf
        x1, y1, ex, ey, rr, nx, ny = self._edges[k]
        numerator = numerators.get(k)
        if numerator is None:
            b[0] = x1 - px
            rx = b[0]
            b[0] = y1 - py
            numerator = numerators[k] = _dot32(b, nx, ny, rx, b[0])
        b[0] = nx * dx  # _dot32(b, nx, ny, dx, dy), inlined: this runs ~10 times a step
        a = b[0]
        b[0] = ny * dy
        b[0] = a + b[0]
        denominator = b[0]
        if denominator == 0.0:
            return _MISS
        b[0] = numerator / denominator
        t = b[0]
        if t < 0.0 or t > 1.0:
            return _MISS
        s = ((px + t * dx - x1) * ex + (py + t * dy - y1) * ey) / rr
        if 0.001 < s < 0.999:
            return t
        if s < -0.001 or s > 1.001:
            return _MISS
        b[0] = t * dx
        b[0] = px + b[0]
        b[0] = b[0] - x1
        b[0] = b[0] * ex
        a = b[0]
        b[0] = t * dy
        b[0] = py + b[0]
        b[0] = b[0] - y1
        b[0] = b[0] * ey
        b[0] = a + b[0]
        b[0] = b[0] / rr
        s = b[0]
        if s < 0.0 or s > 1.0:
            return _MISS
        return t

    def _polygon(self, polygon: tuple, px: float, py: float, dx: float, dy: float) -> float:
        """``b2PolygonShape::RayCast`` of an obstacle: the entry fraction, or a miss."""
        b = self._buf
        lower, upper, entered = 0.0, 1.0, False
        for (vx, vy), (nx, ny) in zip(polygon[4], polygon[5]):
            b[0] = vx - px
            rx = b[0]
            b[0] = vy - py
            numerator = _dot32(b, nx, ny, rx, b[0])
            denominator = _dot32(b, nx, ny, dx, dy)
            if denominator == 0.0:
                if numerator < 0.0:
                    return _MISS
            else:
                if denominator < 0.0:
                    b[0] = lower * denominator
                    if numerator < b[0]:
                        b[0] = numerator / denominator
                        lower, entered = b[0], True
                elif denominator > 0.0:
                    b[0] = upper * denominator
                    if numerator < b[0]:
                        b[0] = numerator / denominator
                        upper = b[0]
            if upper < lower:
                return _MISS
        return lower if entered else _MISS

    # ------------------------------------------------------------------ rays
    def fractions(self, px: float, py: float) -> list[float]:
        """The hit fraction of every ray from ``(px, py)`` (float32 coordinates); 1.0 when a
        ray meets no ground within its length."""
        b = self._buf
        xs, ys = self.xs, self.ys
        last = len(xs) - 2  # the last edge
        if last < 0:
            return [1.0] * len(self.directions)
        k0 = min(max(int(px / self.step), 0), last)
        # a start on or under the ground: every edge along the rays gets the exact computation
        top = ys[k0] if ys[k0] > ys[k0 + 1] else ys[k0 + 1]  # the ground under the point is lower
        below = py <= top + 0.01 and py <= self._ground(px, k0) + _NEAR
        near = []
        for polygon in self.polygons:
            if polygon[1] >= px - 1.0 and polygon[0] <= px + self.reach:
                near.append(polygon)
        out = []
        edge = self._edge
        numerators: dict[int, float] = {}
        origin = start = k0 - 1 if k0 > 0 else 0  # the first edge a slanted ray may land on
        for ddx, ddy in self.directions:
            b[0] = px + ddx  # the ray's end as Box2D receives it, then p2 - p1
            b[0] = b[0] - px
            dx = b[0]
            b[0] = py - ddy
            b[0] = b[0] - py
            dy = b[0]
            best = _MISS
            if below:
                for k in range(origin, last + 1):
                    if xs[k] > px + dx + _NEAR and xs[k] > px + _NEAR:
                        break
                    t = edge(k, px, py, dx, dy, numerators)
                    if t < best:
                        best = t
            elif dx == 0.0:  # straight down: the edge under the point (and at a vertex, both)
                best = edge(k0, px, py, dx, dy, numerators)
                if k0 > 0 and px - xs[k0] < _NEAR:
                    best = min(best, edge(k0 - 1, px, py, dx, dy, numerators))
                if k0 < last and xs[k0 + 1] - px < _NEAR:
                    best = min(best, edge(k0 + 1, px, py, dx, dy, numerators))
            else:
                # Walk the vertices ahead in double precision to the edge where the ray comes
                # within 1 mm of the ground, and compute that edge exactly (with the edge before
                # it when it is the first edge looked at, and the next one when the hit is
                # within 1 mm of their shared vertex); a near miss walks on. A shallower ray is
                # higher at every x ahead, so it lands no earlier than the steeper rays before
                # it: its walk starts where theirs landed.
                slope = dy / dx
                x_end = px + dx + _NEAR
                k = start
                first = k == origin
                landing = -1
                while k <= last and xs[k] <= x_end:
                    if py + (xs[k + 1] - px) * slope <= ys[k + 1] + _NEAR:
                        if landing < 0:
                            landing = k
                        if first and k > 0:
                            best = edge(k - 1, px, py, dx, dy, numerators)
                        t = edge(k, px, py, dx, dy, numerators)
                        if t < best:
                            best = t
                        if best <= 1.0:
                            if k < last and abs(px + best * dx - xs[k + 1]) < _NEAR:
                                best = min(best, edge(k + 1, px, py, dx, dy, numerators))
                            break
                    first = False
                    k += 1
                if landing > start:
                    start = landing
            if near:
                best = self._obstacles(near, best, px, py, dx, dy)
            out.append(best if best <= 1.0 else 1.0)
        return out

    def _ground(self, x: float, k: int) -> float:
        """The terrain height at ``x`` (double precision), on edge ``k`` or its neighbours."""
        xs, ys = self.xs, self.ys
        if x <= xs[0]:
            return ys[0]
        if x >= xs[-1]:
            return ys[-1]
        while k > 0 and xs[k] > x:
            k -= 1
        while k < len(xs) - 2 and xs[k + 1] < x:
            k += 1
        x1, x2 = xs[k], xs[k + 1]
        return ys[k] + (ys[k + 1] - ys[k]) * (x - x1) / (x2 - x1)

    def _obstacles(
        self, near: list, best: float, px: float, py: float, dx: float, dy: float
    ) -> float:
        """``best`` lowered by the obstacles the ray (up to ``best``) may touch."""
        reach = best if best < 1.0 else 1.0
        x_end, y_end = px + reach * dx, py + reach * dy
        x_lo, x_hi = min(px, x_end) - _NEAR, max(px, x_end) + _NEAR
        y_lo, y_hi = min(py, y_end) - _NEAR, max(py, y_end) + _NEAR
        for polygon in near:
            if polygon[0] > x_hi or polygon[1] < x_lo or polygon[2] > y_hi or polygon[3] < y_lo:
                continue
            t = self._polygon(polygon, px, py, dx, dy)
            if t < best:
                best = t
        return best
