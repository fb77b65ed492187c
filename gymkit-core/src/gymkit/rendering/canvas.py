"""A headless 2D canvas that rasterises with Pillow and hands back ``(H, W, 3) uint8`` frames.

Coordinates are pixels with the origin at the top-left, or at the bottom-left with
``origin="bottom-left"`` (the convention of physics pictures: y grows upwards). Nothing here
needs a display or OpenGL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

import numpy as np

from gymkit.error import DependencyNotInstalled

try:
    from PIL import Image, ImageDraw, ImageFont
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise DependencyNotInstalled(
        "rendering frames needs Pillow; install it with pip install 'gymkit-core[render]'"
    ) from exc

Color = tuple[int, int, int]
Point = tuple[float, float]


class Canvas:
    """A ``width`` x ``height`` RGB drawing surface.

    ``supersample`` > 1 draws at that multiple of the size and downsamples in :meth:`to_array`,
    which smooths edges at a proportional cost. All drawing methods take coordinates in the
    canvas's own (not supersampled) pixels.
    """

    def __init__(
        self,
        width: int,
        height: int,
        background: Color = (255, 255, 255),
        *,
        origin: Literal["top-left", "bottom-left"] = "top-left",
        supersample: int = 1,
    ) -> None:
        if width <= 0 or height <= 0:
            raise ValueError(f"canvas size must be positive, got {width}x{height}")
        if origin not in ("top-left", "bottom-left"):
            raise ValueError(f"origin must be 'top-left' or 'bottom-left', got {origin!r}")
        self.width, self.height = int(width), int(height)
        self.origin = origin
        self._k = int(supersample)
        self._image = Image.new("RGB", (self.width * self._k, self.height * self._k), background)
        self._draw = ImageDraw.Draw(self._image)

    # ---------------------------------------------------------------- coordinates
    def _xy(self, point: Point) -> tuple[float, float]:
        x, y = point
        if self.origin == "bottom-left":
            y = self.height - y
        return x * self._k, y * self._k

    def _points(self, points: Iterable[Point]) -> list[tuple[float, float]]:
        return [self._xy(p) for p in points]

    # ---------------------------------------------------------------- drawing
    def fill(self, color: Color) -> None:
        """Paint the whole canvas with ``color``."""
        self._draw.rectangle((0, 0, *self._image.size), fill=color)

    def rectangle(
        self,
        corner0: Point,
        corner1: Point,
        fill: Color | None = None,
        outline: Color | None = None,
        width: int = 1,
    ) -> None:
        """Axis-aligned rectangle between two opposite corners."""
        (x0, y0), (x1, y1) = self._xy(corner0), self._xy(corner1)
        box = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        self._draw.rectangle(box, fill=fill, outline=outline, width=width * self._k)

    def polygon(
        self,
        points: Sequence[Point],
        fill: Color | None = None,
        outline: Color | None = None,
        width: int = 1,
    ) -> None:
        """Closed polygon through ``points``."""
        self._draw.polygon(self._points(points), fill=fill, outline=outline, width=width * self._k)

    def circle(
        self,
        center: Point,
        radius: float,
        fill: Color | None = None,
        outline: Color | None = None,
        width: int = 1,
    ) -> None:
        """Circle of ``radius`` pixels around ``center``."""
        x, y = self._xy(center)
        r = radius * self._k
        self._draw.ellipse(
            (x - r, y - r, x + r, y + r), fill=fill, outline=outline, width=width * self._k
        )

    def line(self, points: Sequence[Point], color: Color, width: int = 1) -> None:
        """Polyline through ``points``."""
        self._draw.line(
            self._points(points), fill=color, width=max(1, width * self._k), joint="curve"
        )

    def text(
        self,
        position: Point,
        text: str,
        color: Color = (0, 0, 0),
        size: int = 12,
        anchor: str = "la",
    ) -> None:
        """``text`` at ``position`` in Pillow's built-in font; ``anchor`` as in Pillow
        (``"la"`` left-ascender, ``"mm"`` centred)."""
        font = _font(size * self._k)
        self._draw.text(self._xy(position), text, fill=color, font=font, anchor=anchor)

    def paste(self, frame: np.ndarray, position: Point) -> None:
        """Paste an ``(h, w, 3) uint8`` frame with its top-left corner at ``position``."""
        image = Image.fromarray(np.ascontiguousarray(frame, dtype=np.uint8), "RGB")
        if self._k != 1:
            image = image.resize(
                (image.width * self._k, image.height * self._k), Image.Resampling.NEAREST
            )
        x, y = self._xy(position)
        self._image.paste(image, (round(x), round(y)))

    # ---------------------------------------------------------------- output
    def to_array(self) -> np.ndarray:
        """The frame as a fresh ``(height, width, 3) uint8`` array."""
        image = self._image
        if self._k != 1:
            # the image is exactly k times the size: averaging k x k blocks is the right
            # downsampling and ~15x faster than a Lanczos resize
            image = image.reduce(self._k)
        return np.asarray(image, dtype=np.uint8).copy()


_FONTS: dict[int, ImageFont.ImageFont | ImageFont.FreeTypeFont] = {}


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    if size not in _FONTS:
        _FONTS[size] = ImageFont.load_default(size=size)
    return _FONTS[size]
