"""The overview's small bar chart of answers per day (or per period), as geometry for an inline SVG.

The template draws the bars (no script, no inline style: the site's CSP allows neither) and gives
the same numbers as a table, the chart's text alternative.
"""

from __future__ import annotations

from dataclasses import dataclass

from frisat.web.dashboard.daily import Period

WIDTH = 300
HEIGHT = 80
GAP = 2


@dataclass(frozen=True)
class Bar:
    period: Period
    x: float
    y: float
    width: float
    height: float


def bars(periods: list[Period], width: int = WIDTH, height: int = HEIGHT) -> list[Bar]:
    """One bar per period, side by side, heights relative to the largest period (at least 1 unit)."""
    if not periods:
        return []
    top = max(p.answers for p in periods)
    slot = width / len(periods)
    bar_width = max(slot - GAP, 1.0)
    result = []
    for i, period in enumerate(periods):
        h = max(height * period.answers / top, 1.0)
        result.append(Bar(period, round(i * slot, 2), round(height - h, 2), round(bar_width, 2), round(h, 2)))
    return result
