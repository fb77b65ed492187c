"""Pictures of an algorithmic env: the input tape (or grid) with the read head, the output
written so far against the target, and the last action.

:func:`ansi` gives text (the read head's cell on a red background); :func:`draw` gives an
``(H, W, 3) uint8`` frame of a fixed size per env, so videos of several episodes line up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from gymkit_classic.algorithmic.algorithmic_env import AlgorithmicEnv

_HEAD = "\x1b[1;41m"
_RESET = "\x1b[0m"


def _columns(env: AlgorithmicEnv) -> range:
    """The input columns to show: one blank on each side of the input and the target, widened
    to keep the read head in view."""
    assert env.target is not None
    head = env.read_head_position
    x = head[0] if isinstance(head, tuple) else head
    last = max(env.input_width, len(env.target))
    return range(min(-1, x), max(last, x) + 1)


def _grid_rows(env: AlgorithmicEnv) -> range:
    head = env.read_head_position
    if not isinstance(head, tuple):
        return range(0, 1)
    rows = int(env.rows)
    return range(min(0, head[1]), max(rows - 1, head[1]) + 1)


def _symbol(env: AlgorithmicEnv, column: int, row: int) -> int:
    if isinstance(env.read_head_position, tuple):
        return env.symbol_at((column, row))
    return env.symbol_at(column)


def _is_head(env: AlgorithmicEnv, column: int, row: int) -> bool:
    head = env.read_head_position
    return head == (column, row) if isinstance(head, tuple) else head == column


def _describe_action(env: AlgorithmicEnv) -> str:
    if env.last_action is None:
        return "Action: (none yet)"
    move, write, symbol = env.last_action
    text = f"Action: move {env.MOVEMENTS[move]}"
    if write:
        text += f", write {env.charmap[symbol]!r}"
    return text


def ansi(env: AlgorithmicEnv) -> str:
    """The env as text: input rows with the read head highlighted, output, target, action."""
    assert env.target is not None
    columns = _columns(env)
    lines = []
    for index, row in enumerate(_grid_rows(env)):
        cells = []
        for column in columns:
            char = env.charmap[_symbol(env, column, row)]
            cells.append(f"{_HEAD}{char}{_RESET}" if _is_head(env, column, row) else char)
        label = "Observation tape" if index == 0 else ""
        lines.append(f"{label:<18}: {''.join(cells)}")
    output = [env.charmap[symbol] for symbol in env.output]
    offset = -columns.start
    lines.append(f"{'Output tape':<18}: {' ' * offset}{''.join(output)}")
    target = "".join(env.charmap[s] for s in env.target)
    lines.append(f"{'Targets':<18}: {' ' * offset}{target}")
    lines.append(
        f"{_describe_action(env)}   reward {env.last_reward:+g}   "
        f"return {env.episode_total_reward:g}   step {env.time}/{env.time_limit}"
    )
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------- frames
_WIDTH = 640
_CELL_H = 40
_INK = (30, 30, 30)
_PAPER = (250, 248, 240)
_BLANK = (222, 220, 212)
_HEAD_FILL = (255, 214, 90)
_GOOD = (150, 215, 150)
_BAD = (235, 120, 110)


def draw(env: AlgorithmicEnv) -> np.ndarray:
    """The frame: input tape/grid on top (read head in yellow with a pointer), then the target
    with the write head, each written cell green (correct) or red (wrong)."""
    from gymkit.rendering import Canvas

    assert env.target is not None
    n_rows = int(getattr(env, "rows", 1))
    height = 70 + n_rows * _CELL_H + 150
    canvas = Canvas(_WIDTH, height, background=(238, 236, 228), supersample=2)
    columns = _columns(env)
    cell_w = min(44.0, (_WIDTH - 40) / len(columns))
    left = 20.0
    font = max(8, int(min(cell_w, _CELL_H) * 0.55))

    def cell_x(column: int) -> float:
        return left + (column - columns.start) * cell_w

    canvas.text((20, 10), "input", _INK, size=14)
    top = 50.0
    for row_index, row in enumerate(range(n_rows)):
        y = top + row_index * _CELL_H
        for column in columns:
            symbol = _symbol(env, column, row)
            fill = _BLANK if symbol == env.base else _PAPER
            if _is_head(env, column, row):
                fill = _HEAD_FILL
            x = cell_x(column)
            canvas.rectangle((x, y), (x + cell_w, y + _CELL_H), fill=fill, outline=_INK)
            if symbol != env.base:
                canvas.text(
                    (x + cell_w / 2, y + _CELL_H / 2),
                    env.charmap[symbol],
                    _INK,
                    size=font,
                    anchor="mm",
                )
    # the read head: a pointer above the tape; on a grid a red frame around its cell, or an
    # arrow on the grid's edge when the head has wandered above or below the grid
    head = env.read_head_position
    if isinstance(head, tuple):
        hx, hy = head
        x = cell_x(hx)
        if 0 <= hy < n_rows:
            y = top + hy * _CELL_H
            canvas.rectangle((x, y), (x + cell_w, y + _CELL_H), outline=(200, 60, 40), width=3)
        elif hy < 0:
            canvas.polygon(
                [
                    (x + cell_w / 2, top - 16),
                    (x + cell_w / 2 - 8, top - 3),
                    (x + cell_w / 2 + 8, top - 3),
                ],
                fill=(200, 60, 40),
            )
        else:
            bottom = top + n_rows * _CELL_H
            canvas.polygon(
                [
                    (x + cell_w / 2, bottom + 16),
                    (x + cell_w / 2 - 8, bottom + 3),
                    (x + cell_w / 2 + 8, bottom + 3),
                ],
                fill=(200, 60, 40),
            )
    else:
        px = cell_x(head) + cell_w / 2
        canvas.polygon([(px - 8, top - 16), (px + 8, top - 16), (px, top - 3)], fill=(200, 60, 40))

    base_y = top + n_rows * _CELL_H + 40
    canvas.text((20, base_y - 26), "target / output", _INK, size=14)
    written = env.write_head_position
    for i, symbol in enumerate(env.target):
        x = cell_x(i)
        shown = symbol
        fill = _PAPER
        if i < len(env.output):
            shown = env.output[i]
            fill = _GOOD if shown == symbol else _BAD
        canvas.rectangle((x, base_y), (x + cell_w, base_y + _CELL_H), fill=fill, outline=_INK)
        canvas.text(
            (x + cell_w / 2, base_y + _CELL_H / 2), env.charmap[shown], _INK, size=font, anchor="mm"
        )
    if written < len(env.target):  # the write head
        wx = cell_x(written) + cell_w / 2
        wy = base_y + _CELL_H + 3
        canvas.polygon([(wx, wy), (wx - 8, wy + 13), (wx + 8, wy + 13)], fill=(40, 90, 200))
    status = (
        f"{_describe_action(env)}    reward {env.last_reward:+g}    "
        f"return {env.episode_total_reward:g}    step {env.time}/{env.time_limit}"
    )
    canvas.text((20, base_y + _CELL_H + 26), status, _INK, size=14)
    return canvas.to_array()
