"""Drawing CarRacing without pygame: the 96x96 observation and the 600x400 ``rgb_array`` frame.

The reference task lays its picture out on a 1000x800 window (camera following the car, car at
(500, 600) facing up, indicator strip along the bottom 100 rows) and shrinks that window to the
output size. :class:`Painter` keeps that layout but maps the window's coordinates straight onto
the output (supersampled ``SUPERSAMPLE`` times each way, then box-averaged, which is what an
area-averaging shrink of the large window computes), so no large picture is drawn. Road tiles
and grass patches are transformed in one numpy operation and only those whose bounding box
meets the picture are drawn.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from gymkit_box2d.car_dynamics import (
    HULL_COLOR,
    HULL_POLYGONS,
    SIZE,
    WHEEL_COLOR,
    WHEEL_POLYGON,
    WHEEL_R,
    WHEEL_STRIPE_COLOR,
    WHEEL_W,
)
from gymkit_box2d.racing_track import GRASS_DIM, PLAYFIELD, SCALE

if TYPE_CHECKING:
    from gymkit_box2d.car_dynamics import Car
    from gymkit_box2d.racing_track import TrackGeometry

__all__ = ["SUPERSAMPLE", "Painter"]

WINDOW_W, WINDOW_H = 1000, 800  # the layout's reference window
ZOOM = 2.7
SUPERSAMPLE = 3
FRAME_SUPERSAMPLE = 2
TEXT_CACHE_SIZE = 4096

_HULL_LOCAL = [tuple((x * SIZE, y * SIZE) for x, y in p) for p in HULL_POLYGONS]
_WHEEL_LOCAL = tuple((x * SIZE, y * SIZE) for x, y in WHEEL_POLYGON)


def _grass_squares() -> np.ndarray:
    squares = []
    for gx in range(-20, 20, 2):
        for gy in range(-20, 20, 2):
            x0, y0 = GRASS_DIM * gx, GRASS_DIM * gy
            squares.append(
                [
                    (x0 + GRASS_DIM, y0),
                    (x0, y0),
                    (x0, y0 + GRASS_DIM),
                    (x0 + GRASS_DIM, y0 + GRASS_DIM),
                ]
            )
    return np.array(squares, dtype=np.float64)


_GRASS = _grass_squares()
_FIELD = np.array(
    [
        [
            (PLAYFIELD, PLAYFIELD),
            (PLAYFIELD, -PLAYFIELD),
            (-PLAYFIELD, -PLAYFIELD),
            (-PLAYFIELD, PLAYFIELD),
        ]
    ]
)


def _font() -> Any:
    try:
        return ImageFont.load_default(size=42)
    except (TypeError, OSError, ImportError):  # Pillow < 10.1 or without FreeType: bitmap font
        return ImageFont.load_default()


class _Text:
    """The score text, rendered once per string and scale (white glyphs on a black box)."""

    def __init__(self) -> None:
        self.font = _font()
        self.cache: dict[
            tuple[str, float, float], tuple[Image.Image, tuple[int, int, int, int]]
        ] = {}

    def draw(
        self, canvas: Image.Image, text: str, kx: float, ky: float, color: tuple[int, int, int]
    ) -> None:
        key = (text, kx, ky)
        entry = self.cache.get(key)
        if entry is None:
            entry = self._render(text, kx, ky)
            if len(self.cache) >= TEXT_CACHE_SIZE:
                self.cache.clear()
            self.cache[key] = entry
        mask, box = entry
        draw = ImageDraw.Draw(canvas)
        draw.rectangle(box, fill=(0, 0, 0))
        canvas.paste(color, (box[0], box[1] + _round(2 * ky)), mask)

    def _render(
        self, text: str, kx: float, ky: float
    ) -> tuple[Image.Image, tuple[int, int, int, int]]:
        left, top, right, bottom = self.font.getbbox(text)
        width, height = max(right - left, 1), max(bottom - top, 1)
        glyphs = Image.new("L", (width, height), 0)
        ImageDraw.Draw(glyphs).text((-left, -top), text, fill=255, font=self.font)
        # the text box of the layout: centred at (60, 750), 42 px high; the glyphs' ink spans
        # about 32 rows starting 2 rows below the box top
        box_w = width + 3
        x0 = 60 - box_w / 2
        y0 = 750 - 21
        mask = glyphs.resize(
            (max(1, _round(width * kx)), max(1, _round(32 * ky))), Image.Resampling.BOX
        )
        box = (_round(x0 * kx), _round(y0 * ky), _round((x0 + box_w) * kx), _round((y0 + 42) * ky))
        return mask, box


def _shrink_transfer(src: int, dst: int) -> np.ndarray:
    """What the reference's 16.16 fixed-point area shrink from ``src`` to ``dst`` pixels does to
    a flat run of each value 0..255, per output pixel: ``(dst, 256)``. Its truncations darken
    flat colours by a level or two, which the reference observation shows."""
    values = np.arange(256, dtype=np.int64)
    space = 0x10000 * src // dst
    recip = 0x100000000 // space
    out = np.zeros((dst, 256), dtype=np.int64)
    acc = np.zeros(256, dtype=np.int64)
    counter = space
    j = 0
    for _ in range(src):
        if counter > 0x10000:
            acc = acc + values
            counter -= 0x10000
        else:
            frac = 0x10000 - counter
            out[j] = ((acc + ((values * counter) >> 16)) * recip) >> 16
            j += 1
            acc = (values * frac) >> 16
            counter = space - frac
    return out[:j]


_LEVELS: dict[tuple[int, int], list[int]] = {}


def _levels(width: int, height: int) -> list[int]:
    """A 768-entry ``Image.point`` table: the shrink's effect on flat colours (the most common
    outcome over output pixels), first along x then along y."""
    table = _LEVELS.get((width, height))
    if table is None:
        tx = _shrink_transfer(WINDOW_W, width)
        ty = _shrink_transfer(WINDOW_H, height)
        along_x = [int(np.bincount(tx[:, v]).argmax()) for v in range(256)]
        modes = [int(np.bincount(ty[:, along_x[v]]).argmax()) for v in range(256)]
        table = _LEVELS[(width, height)] = modes * 3
    return table


def _round(value: float) -> int:
    return math.floor(value + 0.5)


class Painter:
    """Draws the scene of one track: call :meth:`set_scene` at each reset, then
    :meth:`observation` / :meth:`frame` for the car's current state."""

    def __init__(self) -> None:
        self._polys = _GRASS
        self._centres = _GRASS_CENTRES
        self._radii = _GRASS_RADII
        self._colors: list[tuple[int, int, int]] = [(102, 230, 102)] * len(_GRASS)
        self._tile_slot: list[int] = []
        self._road = (102, 102, 102)
        self._bg = (102, 204, 102)
        self._grass = (102, 230, 102)
        self._toned: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
        self._text = _Text()

    def set_scene(
        self, track: TrackGeometry, road_color: Any, bg_color: Any, grass_color: Any
    ) -> None:
        """Take the road polygons (tiles, each followed by its kerb) and the colours."""
        kerbs = {i: (quad, rgb) for i, quad, rgb in track.kerbs}
        polys: list[Any] = []
        colors: list[tuple[int, int, int]] = []
        slots: list[int] = []
        road = np.asarray(road_color, dtype=np.float64)
        for i, quad in enumerate(track.tiles):
            slots.append(len(polys))
            polys.append(quad)
            shade = road + 0.01 * (i % 3) * 255
            colors.append((int(shade[0]), int(shade[1]), int(shade[2])))
            if i in kerbs:
                polys.append(kerbs[i][0])
                colors.append(kerbs[i][1])
        # the grass patches come first in the arrays: they are drawn under the road
        self._road = _rgb(road_color)
        self._bg = _rgb(bg_color)
        self._grass = _rgb(grass_color)
        road_polys = np.array(polys, dtype=np.float64).reshape(-1, 4, 2)
        self._polys = np.concatenate([_GRASS, road_polys])
        centres, radii = _bounding_circles(road_polys)
        self._centres = np.concatenate([_GRASS_CENTRES, centres])
        self._radii = np.concatenate([_GRASS_RADII, radii])
        self._colors = [self._grass] * len(_GRASS) + colors
        self._tile_slot = [len(_GRASS) + slot for slot in slots]
        self._toned = {}

    def repaint_tile(self, idx: int) -> None:
        """A touched tile loses its shading: paint it in the plain road colour."""
        if idx < len(self._tile_slot):
            slot = self._tile_slot[idx]
            self._colors[slot] = self._road
            for size, toned in self._toned.items():
                toned[slot] = _Tone(_levels(*size))(self._road)

    # -- pictures -------------------------------------------------------------------------------

    def observation(self, car: Car, t: float, reward: float) -> np.ndarray:
        """The 96x96x3 uint8 observation (no skid marks)."""
        return self._draw(car, t, reward, 96, 96, SUPERSAMPLE, particles=False)

    def frame(self, car: Car, t: float, reward: float, width: int, height: int) -> np.ndarray:
        """A ``height x width x 3`` uint8 picture with skid marks (``rgb_array``)."""
        return self._draw(car, t, reward, width, height, FRAME_SUPERSAMPLE, particles=True)

    def _draw(
        self, car: Car, t: float, reward: float, width: int, height: int, ss: int, particles: bool
    ) -> np.ndarray:
        cw, ch = width * ss, height * ss
        kx, ky = cw / WINDOW_W, ch / WINDOW_H
        tone = _Tone(_levels(width, height))
        hull = car.hull
        px, py = hull.position
        angle = -hull.angle
        zoom = 0.1 * SCALE * max(1 - t, 0) + ZOOM * SCALE * min(t, 1)
        c, s = math.cos(angle), math.sin(angle)
        # world -> canvas: rotate by angle about the car, scale by zoom, put the car at
        # (500, 200) of the window, flip vertically, map window pixels onto canvas pixels
        a11, a12 = kx * zoom * c, -kx * zoom * s
        a21, a22 = -ky * zoom * s, -ky * zoom * c
        b1 = kx * 500.5 - 0.5 - a11 * px - a12 * py
        b2 = ky * 599.5 - 0.5 - a21 * px - a22 * py
        camera = (a11, a12, b1, a21, a22, b2)
        matrix = np.array([[a11, a21], [a12, a22]])
        offset = np.array([b1, b2])
        stretch = zoom * max(kx, ky)  # canvas pixels per world unit, at most

        field = (_FIELD[0] @ matrix + offset).tolist()
        if _covers(field, cw, ch):
            canvas = Image.new("RGB", (cw, ch), tone(self._bg))
            draw = ImageDraw.Draw(canvas)
        else:
            canvas = Image.new("RGB", (cw, ch), (0, 0, 0))
            draw = ImageDraw.Draw(canvas)
            draw.polygon([tuple(point) for point in field], fill=tone(self._bg))
        fill_poly = draw.polygon
        colors = self._toned.get((width, height))
        if colors is None:  # the scene's colours as this picture size shows them
            colors = self._toned[width, height] = [tone(color) for color in self._colors]
        idx = _visible_indices(self._centres, self._radii, matrix, offset, stretch, cw, ch)
        if idx:
            quads = (self._polys[idx] @ matrix + offset).reshape(len(idx), 8).tolist()
            for i, quad in zip(idx, quads):
                fill_poly(quad, fill=colors[i])
        if particles:
            line_width = max(1, _round(2 * kx))
            for particle in car.particles:
                points = [_apply(camera, x, y) for x, y in particle.points]
                draw.line(points, fill=tone(particle.color), width=line_width)
        _draw_car(fill_poly, car, camera, tone)
        self._draw_indicators(draw, car, kx, ky, tone)
        self._text.draw(canvas, f"{reward:04.0f}", kx, ky, tone((255, 255, 255)))
        if ss > 1:
            canvas = canvas.reduce(ss)
        return np.array(canvas)

    def _draw_indicators(
        self, draw: ImageDraw.ImageDraw, car: Car, kx: float, ky: float, tone: _Tone
    ) -> None:
        s = WINDOW_W / 40.0
        h = WINDOW_H / 40.0
        H = WINDOW_H

        def rect(x0: float, y0: float, x1: float, y1: float, color: tuple[int, int, int]) -> None:
            xa, xb = (x0, x1) if x0 <= x1 else (x1, x0)
            ya, yb = (y0, y1) if y0 <= y1 else (y1, y0)
            left, top = _round(xa * kx), _round(ya * ky)
            right, bottom = _round(xb * kx), _round(yb * ky)
            if right > left and bottom > top:
                draw.rectangle((left, top, right - 1, bottom - 1), fill=tone(color))

        rect(0, H - 5 * h, WINDOW_W, H, (0, 0, 0))

        def vertical(place: int, value: float, color: tuple[int, int, int]) -> None:
            rect(place * s, H - (h + h * value), (place + 1) * s, H - h, color)

        def horizontal(place: int, value: float, color: tuple[int, int, int]) -> None:
            rect(place * s, H - 4 * h, (place + value) * s, H - 2 * h, color)

        hull = car.hull
        vx, vy = hull.linearVelocity
        speed = math.sqrt(vx * vx + vy * vy)
        if abs(speed) > 1e-4:
            vertical(5, 0.02 * speed, (255, 255, 255))
        for place, wheel, color in zip((7, 8, 9, 10), car.wheels, _ABS_COLORS):
            if abs(wheel.omega) > 1e-4:
                vertical(place, 0.01 * wheel.omega, color)
        steering = car.wheels[0].joint.angle
        if abs(steering) > 1e-4:
            horizontal(20, -10.0 * steering, (0, 255, 0))
        yaw_rate = hull.angularVelocity
        if abs(yaw_rate) > 1e-4:
            horizontal(30, -0.8 * yaw_rate, (255, 0, 0))


_ABS_COLORS = ((0, 0, 255), (0, 0, 255), (51, 0, 255), (51, 0, 255))


class _Tone:
    """Maps drawing colours through a level table (see :func:`_levels`)."""

    __slots__ = ("table",)

    def __init__(self, table: list[int]) -> None:
        self.table = table

    def __call__(self, color: tuple[int, int, int]) -> tuple[int, int, int]:
        table = self.table
        return (table[color[0]], table[color[1]], table[color[2]])


Camera = tuple[float, float, float, float, float, float]


def _apply(camera: Camera, x: float, y: float) -> tuple[float, float]:
    a11, a12, b1, a21, a22, b2 = camera
    return (a11 * x + a12 * y + b1, a21 * x + a22 * y + b2)


def _draw_car(fill_poly: Any, car: Car, camera: Camera, tone: _Tone) -> None:
    """Wheels (with their rotation stripe) under the hull, as the reference draws them."""
    wheel_color = tone(WHEEL_COLOR)
    stripe_color = tone(WHEEL_STRIPE_COLOR)
    for wheel in car.wheels:
        body = wheel.body
        to_canvas = _compose(camera, body.position, body.angle)
        fill_poly([_apply(to_canvas, x, y) for x, y in _WHEEL_LOCAL], fill=wheel_color)
        stripe = _stripe(wheel.phase)
        if stripe is not None:
            fill_poly([_apply(to_canvas, x, y) for x, y in stripe], fill=stripe_color)
    hull = car.hull
    to_canvas = _compose(camera, hull.position, hull.angle)
    hull_color = tone(HULL_COLOR)
    for local in _HULL_LOCAL:
        fill_poly([_apply(to_canvas, x, y) for x, y in local], fill=hull_color)


def _compose(camera: Camera, position: Any, angle: float) -> Camera:
    """``camera`` after the body transform (rotation by ``angle``, then ``position``)."""
    a11, a12, b1, a21, a22, b2 = camera
    c, s = math.cos(angle), math.sin(angle)
    x, y = position[0], position[1]
    return (
        a11 * c + a12 * s,
        -a11 * s + a12 * c,
        a11 * x + a12 * y + b1,
        a21 * c + a22 * s,
        -a21 * s + a22 * c,
        a21 * x + a22 * y + b2,
    )


def _bounding_circles(polys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    centres = polys.mean(axis=1)
    radii = np.sqrt(((polys - centres[:, None, :]) ** 2).sum(axis=2)).max(axis=1)
    return centres, radii


_GRASS_CENTRES, _GRASS_RADII = _bounding_circles(_GRASS)


def _covers(quad: list[list[float]], width: int, height: int) -> bool:
    """Whether the convex ``quad`` (canvas coordinates) contains the whole canvas."""
    corners = ((0.0, 0.0), (width, 0.0), (0.0, height), (width, height))
    positive = negative = False
    for i in range(4):
        x0, y0 = quad[i]
        x1, y1 = quad[(i + 1) % 4]
        for cx, cy in corners:
            cross = (x1 - x0) * (cy - y0) - (y1 - y0) * (cx - x0)
            if cross >= 0:
                positive = True
            if cross <= 0:
                negative = True
    return positive != negative


def _visible_indices(
    centres: np.ndarray,
    radii: np.ndarray,
    matrix: np.ndarray,
    offset: np.ndarray,
    stretch: float,
    width: int,
    height: int,
) -> list[int]:
    """Indices of the shapes whose bounding circle (world units) meets the canvas."""
    half = np.array([width / 2, height / 2])
    distance = np.abs(centres @ matrix + (offset - half))
    seen = (distance <= half + (radii * stretch + 1.0)[:, None]).all(axis=1)
    return np.flatnonzero(seen).tolist()


def _rgb(color: Any) -> tuple[int, int, int]:
    r, g, b = (int(v) for v in color)
    return (r, g, b)


def _stripe(phase: float) -> tuple[tuple[float, float], ...] | None:
    """The lighter band across a wheel showing its rotation, or ``None`` when out of sight."""
    s1, s2 = math.sin(phase), math.sin(phase + 1.2)
    if s1 > 0 and s2 > 0:
        return None
    c1, c2 = math.cos(phase), math.cos(phase + 1.2)
    if s1 > 0:
        c1 = math.copysign(1.0, c1) if c1 != 0 else 0.0
    if s2 > 0:
        c2 = math.copysign(1.0, c2) if c2 != 0 else 0.0
    w, r = WHEEL_W * SIZE, WHEEL_R * SIZE
    return ((-w, r * c1), (w, r * c1), (w, r * c2), (-w, r * c2))
