"""Shapes the toy-text pictures share, drawn on a :class:`gymkit.rendering.Canvas`.

Every function takes the canvas and a box ``(x0, y0, x1, y1)`` in pixels (origin top-left) and
draws inside it; nothing here keeps state, so a frame depends only on the env's state.
"""

from __future__ import annotations

from typing import Any

Box = tuple[float, float, float, float]
Color = tuple[int, int, int]

#: unit vectors of the four grid moves, indexed by direction name
DIRECTIONS = {"left": (-1, 0), "down": (0, 1), "right": (1, 0), "up": (0, -1), None: (0, 1)}

ANSI_RESET = "\x1b[0m"


def ansi_highlight(text: str, background: int = 41) -> str:
    """``text`` on a coloured background (41 red, 42 green, 43 yellow, 44 blue) in ANSI codes."""
    return f"\x1b[1;{background}m{text}{ANSI_RESET}"


def ansi_colour(text: str, foreground: int) -> str:
    """``text`` in a bold foreground colour (31 red .. 36 cyan) in ANSI codes."""
    return f"\x1b[1;{foreground}m{text}{ANSI_RESET}"


def rounded_rectangle(
    canvas: Any,
    box: Box,
    radius: float,
    fill: Color,
    outline: Color | None = None,
    width: int = 1,
) -> None:
    """A filled rectangle with quarter-circle corners of ``radius`` pixels, optionally outlined."""
    x0, y0, x1, y1 = box
    r = max(0.0, min(radius, (x1 - x0) / 2, (y1 - y0) / 2))
    if outline is not None:
        _rounded(canvas, (x0, y0, x1, y1), r, outline)
        x0, y0, x1, y1 = x0 + width, y0 + width, x1 - width, y1 - width
        r = max(0.0, r - width)
    _rounded(canvas, (x0, y0, x1, y1), r, fill)


def _rounded(canvas: Any, box: Box, r: float, fill: Color) -> None:
    x0, y0, x1, y1 = box
    canvas.rectangle((x0 + r, y0), (x1 - r, y1), fill=fill)
    canvas.rectangle((x0, y0 + r), (x1, y1 - r), fill=fill)
    for cx, cy in ((x0 + r, y0 + r), (x1 - r, y0 + r), (x0 + r, y1 - r), (x1 - r, y1 - r)):
        canvas.circle((cx, cy), r, fill=fill)


def walker(canvas: Any, box: Box, facing: str | None, body: Color, fallen: bool = False) -> None:
    """A small hooded figure standing in ``box``, eyes turned towards ``facing``
    (``"left"``/``"right"``/``"up"``/``"down"``/``None``); ``fallen`` draws crossed-out eyes."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    cx = (x0 + x1) / 2
    skin = (250, 214, 170)
    dark = (40, 40, 40)
    # legs and boots
    canvas.rectangle((cx - w * 0.16, y0 + h * 0.72), (cx - w * 0.05, y0 + h * 0.9), fill=dark)
    canvas.rectangle((cx + w * 0.05, y0 + h * 0.72), (cx + w * 0.16, y0 + h * 0.9), fill=dark)
    # tunic: a trapezoid
    canvas.polygon(
        [
            (cx - w * 0.14, y0 + h * 0.42),
            (cx + w * 0.14, y0 + h * 0.42),
            (cx + w * 0.26, y0 + h * 0.76),
            (cx - w * 0.26, y0 + h * 0.76),
        ],
        fill=body,
    )
    # head and pointed hood
    head_r = w * 0.15
    head_y = y0 + h * 0.32
    canvas.polygon(
        [(cx - w * 0.19, head_y), (cx + w * 0.19, head_y), (cx + w * 0.04, y0 + h * 0.04)],
        fill=body,
    )
    canvas.circle((cx, head_y), head_r, fill=skin)
    dx, dy = DIRECTIONS.get(facing, (0, 1))
    eye_dx, eye_dy = dx * head_r * 0.35, dy * head_r * 0.25
    for side in (-1, 1):
        ex = cx + side * head_r * 0.4 + eye_dx
        ey = head_y + eye_dy
        if facing == "up":
            continue  # seen from behind: no eyes
        if fallen:
            s = head_r * 0.22
            canvas.line([(ex - s, ey - s), (ex + s, ey + s)], dark, width=2)
            canvas.line([(ex - s, ey + s), (ex + s, ey - s)], dark, width=2)
        else:
            canvas.circle((ex, ey), max(1.5, head_r * 0.16), fill=dark)


def flag(canvas: Any, box: Box, cloth: Color) -> None:
    """A flag on a pole planted in ``box``."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    pole_x = x0 + w * 0.35
    canvas.rectangle(
        (pole_x - w * 0.03, y0 + h * 0.15), (pole_x + w * 0.03, y0 + h * 0.88), fill=(90, 70, 50)
    )
    canvas.polygon(
        [
            (pole_x + w * 0.03, y0 + h * 0.15),
            (x0 + w * 0.8, y0 + h * 0.3),
            (pole_x + w * 0.03, y0 + h * 0.46),
        ],
        fill=cloth,
    )
    canvas.rectangle(
        (x0 + w * 0.22, y0 + h * 0.86), (x0 + w * 0.5, y0 + h * 0.9), fill=(90, 70, 50)
    )


def present(canvas: Any, box: Box) -> None:
    """A wrapped gift box with a ribbon and bow (FrozenLake's goal)."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    bx0, by0, bx1, by1 = x0 + w * 0.22, y0 + h * 0.4, x1 - w * 0.22, y1 - h * 0.14
    canvas.rectangle((bx0, by0), (bx1, by1), fill=(205, 40, 55), outline=(130, 20, 30))
    canvas.rectangle(
        (bx0 - w * 0.04, by0 - h * 0.08),
        (bx1 + w * 0.04, by0 + h * 0.06),
        fill=(225, 55, 70),
        outline=(130, 20, 30),
    )
    mid = (x0 + x1) / 2
    ribbon = (250, 215, 60)
    canvas.rectangle((mid - w * 0.05, by0 - h * 0.08), (mid + w * 0.05, by1), fill=ribbon)
    canvas.circle((mid - w * 0.09, by0 - h * 0.14), w * 0.07, fill=ribbon)
    canvas.circle((mid + w * 0.09, by0 - h * 0.14), w * 0.07, fill=ribbon)
