"""Labels beside the points of a quadrant figure, clear of each other, of the points and of the error bars.

Used by :mod:`frisat.reporting.figures` and :mod:`frisat.reporting.figures_extended` while drawing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

LABEL_SIZE = 8.5
_DIRECTIONS = ((1, 0, "left", "center"), (-1, 0, "right", "center"), (0, 1, "center", "bottom"),
               (0, -1, "center", "top"), (1, 1, "left", "bottom"), (1, -1, "left", "top"),
               (-1, 1, "right", "bottom"), (-1, -1, "right", "top"))


def _overlap(box: Bbox, others: Sequence[Bbox]) -> float:
    """Total area of ``box`` that overlaps the other boxes."""
    total = 0.0
    for other in others:
        cut = Bbox.intersection(box, other)
        if cut is not None:
            total += cut.width * cut.height
    return total


def _outside(box: Bbox, frame: Bbox) -> float:
    """Area of ``box`` outside ``frame`` (weighted, so labels stay inside the axes)."""
    cut = Bbox.intersection(box, frame)
    inside = cut.width * cut.height if cut is not None else 0.0
    return 4 * (box.width * box.height - inside)


def place_labels(fig: Figure, ax, xs: Sequence[float], ys: Sequence[float], texts: Sequence[str],
                  obstacles: Sequence[tuple[float, float, float, float]] = ()) -> None:
    """Label each point with its text.

    First each label is tried right next to its point (where it overlaps no other label, point or
    obstacle — data rectangles (x0, y0, x1, y1) such as error bars — and stays inside the axes).
    When the points are too crowded for that, the labels are set in a column beside the cluster,
    in the points' vertical order, with a thin leader line to each point.
    """
    if not texts:
        return
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    scale = fig.dpi / 72
    sizes = []
    for text in texts:
        probe = ax.text(0, 0, text, fontsize=LABEL_SIZE)
        extent = probe.get_window_extent(renderer)
        probe.remove()
        margin = 2 * 0.15 * LABEL_SIZE * scale
        sizes.append((extent.width + margin, extent.height + margin))
    pixels = [tuple(ax.transData.transform((x, y))) for x, y in zip(xs, ys, strict=True)]
    blocked = [Bbox(ax.transData.transform([(x0, y0), (x1, y1)])) for x0, y0, x1, y1 in obstacles]
    places = _near_places(pixels, sizes, frame, scale, blocked)
    if places is None:
        places = _column_places(pixels, sizes, frame, scale, blocked)
    box_style = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85}
    to_data = ax.transData.inverted()
    for (x, y), text, (anchor, ha, va, leader) in zip(zip(xs, ys, strict=True), texts, places, strict=True):
        ax.annotate(text, (x, y), xytext=tuple(to_data.transform(anchor)), textcoords="data", ha=ha, va=va,
                    fontsize=LABEL_SIZE, zorder=5, bbox=box_style,
                    arrowprops={"arrowstyle": "-", "color": "#555555", "lw": 0.6, "shrinkA": 0,
                                "shrinkB": 4} if leader else None)


def _box_at(anchor: tuple[float, float], size: tuple[float, float], ha: str, va: str) -> Bbox:
    width, height = size
    x0 = {"left": anchor[0], "right": anchor[0] - width, "center": anchor[0] - width / 2}[ha]
    y0 = {"bottom": anchor[1], "top": anchor[1] - height, "center": anchor[1] - height / 2}[va]
    return Bbox.from_bounds(x0, y0, width, height)


def _near_places(pixels, sizes, frame: Bbox, scale: float, blocked: Sequence[Bbox] = ()):
    """Labels right beside their points, or None when any label has no free place there."""
    pad = 6 * scale
    points = [Bbox.from_extents(px - pad, py - pad, px + pad, py + pad) for px, py in pixels]
    placed: list[Bbox] = []
    places = []
    for i, (px, py) in enumerate(pixels):
        others = [*(b for j, b in enumerate(points) if j != i), *blocked]
        found = None
        for dx, dy, ha, va in _DIRECTIONS:
            norm = math.hypot(dx, dy)
            anchor = (px + dx / norm * 6 * scale, py + dy / norm * 6 * scale)
            box = _box_at(anchor, sizes[i], ha, va)
            if _outside(box, frame) == 0 and _overlap(box, [*others, *placed]) == 0:
                found = (anchor, ha, va, False)
                placed.append(box)
                break
        if found is None:
            return None
        places.append(found)
    return places


def _column_places(pixels, sizes, frame: Bbox, scale: float, blocked: Sequence[Bbox] = ()):
    """Labels in a column beside the points (and clear of the obstacles, when there is room), in
    the points' vertical order, with leader lines."""
    gap = 2 * scale
    widest = max(w for w, _ in sizes)
    offset = 28 * scale
    left = min([min(px for px, _ in pixels) - offset, *(b.x0 - 8 * scale for b in blocked)])
    right = max([max(px for px, _ in pixels) + offset, *(b.x1 + 8 * scale for b in blocked)])
    left_room = left - frame.x0
    right_room = frame.x1 - right
    on_left = left_room >= right_room
    if on_left:
        x = max(left, frame.x0 + widest + gap)
        ha = "right"
    else:
        x = min(right, frame.x1 - widest - gap)
        ha = "left"
    order = sorted(range(len(pixels)), key=lambda i: -pixels[i][1])
    ys: dict[int, float] = {}
    previous = None
    for i in order:
        height = sizes[i][1]
        y = pixels[i][1]
        if previous is not None:
            y = min(y, previous - height - gap)
        ys[i] = y
        previous = y
    # Centre the column on the points, then keep it inside the axes.
    shift = float(np.mean([pixels[i][1] for i in order]) - np.mean([ys[i] for i in order]))
    top = max(ys[i] + sizes[i][1] / 2 for i in order) + shift
    lowest = min(ys[i] - sizes[i][1] / 2 for i in order) + shift
    if top > frame.y1 - gap:
        shift -= top - (frame.y1 - gap)
    elif lowest < frame.y0 + gap:
        shift += frame.y0 + gap - lowest
    for i in order:
        ys[i] += shift
    return [((x, ys[i]), ha, "center", True) for i in range(len(pixels))]
