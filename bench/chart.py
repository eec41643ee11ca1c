"""A dependency-free SVG line chart: seconds and peak memory against rows, log-scaled."""

from __future__ import annotations

import math
from collections.abc import Sequence

Series = tuple[str, Sequence[tuple[float, float]]]
_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e")


def _panel(x0: int, title: str, unit: str, series: Sequence[Series], width: int, height: int) -> list[str]:
    points = [p for _, data in series for p in data if p[0] > 0 and p[1] > 0]
    if not points:
        return []
    lx = [math.log10(p[0]) for p in points]
    ly = [math.log10(p[1]) for p in points]
    xmin, xmax = min(lx) - 0.1, max(lx) + 0.1
    ymin, ymax = min(ly) - 0.2, max(ly) + 0.2
    left, top, w, h = x0 + 60, 40, width - 90, height - 90

    def sx(v: float) -> float:
        return left + (math.log10(v) - xmin) / (xmax - xmin) * w

    def sy(v: float) -> float:
        return top + h - (math.log10(v) - ymin) / (ymax - ymin) * h

    out = [
        f'<text x="{left + w / 2}" y="20" text-anchor="middle" font-weight="bold">{title}</text>',
        f'<rect x="{left}" y="{top}" width="{w}" height="{h}" fill="none" stroke="#999"/>',
        f'<text x="{left + w / 2}" y="{top + h + 40}" text-anchor="middle">rows (log)</text>',
        f'<text x="{x0 + 14}" y="{top + h / 2}" transform="rotate(-90 {x0 + 14} {top + h / 2})" '
        f'text-anchor="middle">{unit} (log)</text>',
    ]
    for exp in range(math.floor(xmin), math.ceil(xmax) + 1):
        if xmin <= exp <= xmax:
            out.append(
                f'<text x="{sx(10**exp)}" y="{top + h + 16}" text-anchor="middle" font-size="11">1e{exp}</text>'
            )
    for exp in range(math.floor(ymin), math.ceil(ymax) + 1):
        if ymin <= exp <= ymax:
            out.append(
                f'<text x="{left - 6}" y="{sy(10**exp) + 4}" text-anchor="end" font-size="11">{10**exp:g}</text>'
            )
    for i, (name, data) in enumerate(series):
        colour = _COLOURS[i % len(_COLOURS)]
        pts = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in data if x > 0 and y > 0)
        out.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"/>')
        out += [
            f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="3" fill="{colour}"/>'
            for x, y in data
            if x > 0 and y > 0
        ]
        out.append(
            f'<text x="{left + 8}" y="{top + 16 + 14 * i}" fill="{colour}" font-size="12">{name}</text>'
        )
    return out


def svg_chart(time_series: Sequence[Series], memory_series: Sequence[Series]) -> str:
    """Two panels side by side: seconds vs rows and peak RSS (MB) vs rows."""
    width, height = 520, 360
    body = _panel(0, "Time", "seconds", time_series, width, height)
    body += _panel(width, "Peak memory", "MB", memory_series, width, height)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * width}" height="{height}" '
        f'font-family="sans-serif" font-size="13">\n' + "\n".join(body) + "\n</svg>\n"
    )
