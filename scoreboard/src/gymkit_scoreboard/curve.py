"""The learning curve as an SVG drawn by the server: each episode's return as a dot, the
100-episode moving mean as a line, the reward threshold dashed."""

from __future__ import annotations

from html import escape

import numpy as np

WIDTH, HEIGHT, PAD = 720, 320, 48


def moving_mean(values: np.ndarray, window: int = 100) -> np.ndarray:
    sums = np.cumsum(np.concatenate([[0.0], np.asarray(values, dtype=np.float64)]))
    index = np.arange(1, len(values) + 1)
    start = np.maximum(index - window, 0)
    return (sums[index] - sums[start]) / (index - start)


def learning_curve_svg(returns: list[float], threshold: float | None, title: str) -> str:
    values = np.asarray(returns, dtype=np.float64)
    n = max(len(values), 1)
    low = min([*values.tolist(), threshold if threshold is not None else 0.0, 0.0])
    high = max([*values.tolist(), threshold if threshold is not None else 1.0, 1.0])
    span = (high - low) or 1.0

    def x(i: float) -> float:
        return PAD + (WIDTH - 2 * PAD) * (i / max(n - 1, 1))

    def y(v: float) -> float:
        return HEIGHT - PAD - (HEIGHT - 2 * PAD) * ((v - low) / span)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="learning-curve" viewBox="0 0 {WIDTH} '
        f'{HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="learning curve">',
        f"<title>{escape(title)}</title>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" '
        'stroke="black"/>',
        f'<line x1="{PAD}" y1="{PAD}" x2="{PAD}" y2="{HEIGHT - PAD}" stroke="black"/>',
        f'<text x="{WIDTH / 2}" y="{HEIGHT - 12}" text-anchor="middle" font-size="12">episode '
        f"(1..{len(values)})</text>",
        f'<text x="14" y="{HEIGHT / 2}" font-size="12" transform="rotate(-90 14 {HEIGHT / 2})" '
        'text-anchor="middle">return</text>',
        f'<text x="{PAD - 4}" y="{y(high) + 4:.1f}" text-anchor="end" font-size="10">'
        f"{high:g}</text>",
        f'<text x="{PAD - 4}" y="{y(low) + 4:.1f}" text-anchor="end" font-size="10">{low:g}</text>',
    ]
    dots = "".join(f"M{x(i):.1f},{y(v):.1f}h0.1" for i, v in enumerate(values.tolist()))
    if dots:
        parts.append(
            f'<path class="returns" d="{dots}" stroke="#1f77b4" stroke-opacity="0.4" '
            'stroke-width="3" stroke-linecap="round"/>'
        )
        mean = moving_mean(values)
        line = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(mean.tolist()))
        parts.append(
            f'<polyline class="mean" points="{line}" fill="none" stroke="#d62728" '
            'stroke-width="2"/>'
        )
    if threshold is not None:
        parts.append(
            f'<line class="threshold" x1="{PAD}" y1="{y(threshold):.1f}" x2="{WIDTH - PAD}" '
            f'y2="{y(threshold):.1f}" stroke="grey" stroke-dasharray="6 4"/>'
            f'<text x="{WIDTH - PAD}" y="{y(threshold) - 4:.1f}" text-anchor="end" '
            f'font-size="10">threshold {threshold:g}</text>'
        )
    parts.append(
        f'<text x="{WIDTH - PAD}" y="{PAD - 10}" text-anchor="end" font-size="11">'
        '<tspan fill="#1f77b4">● episode return</tspan>  '
        '<tspan fill="#d62728">— mean of the last 100</tspan></text>'
    )
    parts.append("</svg>")
    return "".join(parts)
