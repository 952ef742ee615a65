"""The figures of the report, drawn with matplotlib (Agg) and returned as PNG bytes.

- :func:`reading_guide` — Figur 3.1: the four quadrants with their labels (the advice is in the text);
- :func:`spor_means` — Figur 3.3–3.5: the five spor means of one area;
- :func:`spor_scatter` — Figur 3.6–3.10: one point per respondent, one panel per area, with the
  mean lines and the midpoint lines; a 2-D density instead of points when a panel is large;
- :func:`dot_chart` — many groups: one row per group with its two means.

Colours come from the Okabe–Ito palette (safe for colour-blind readers); quadrants are also told
apart by marker shape, position and label. Every figure carries a Danish alt text.

The texts go through :func:`~frisat.reporting.language.tr` (see :mod:`frisat.reporting.language`):
Danish unless a caller draws in another language.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field

import matplotlib
import numpy as np
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import ListedColormap, LogNorm
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from frisat.core.analysis import AnalysisConfig
from frisat.core.instrument import Instrument
from frisat.core.quadrants import QUADRANTS, classify
from frisat.reporting import labels
from frisat.reporting.codes import QUADRANT_ADVICE
from frisat.reporting.figure_labels import place_labels
from frisat.reporting.labels import fmt_int, fmt_num
from frisat.reporting.language import stacked, tr
from frisat.reporting.panels import Panel

DPI = 150
DENSITY_THRESHOLD = 2000
"""A panel with more points than this is drawn as a 2-D density."""
JITTER = 0.12
SCALE_MIN, SCALE_MAX = 1.0, 10.0

INK = "#1a1a1a"
GRID = "#d0d0d0"
MIDLINE = "#4d4d4d"
MEANLINE = "#D55E00"
POINT = "#0072B2"
CAUTION = "#8a3b00"
QUADRANT_STYLE = {
    "fokus": {"color": "#D55E00", "marker": "D", "fill": "#fbe3d6"},
    "fortsaet": {"color": "#009E73", "marker": "o", "fill": "#d9f0e8"},
    "overimplementering": {"color": "#0072B2", "marker": "s", "fill": "#dbe9f5"},
    "lav_prioritet": {"color": "#6b6b6b", "marker": "^", "fill": "#ececec"},
}
DENSITY_CMAP = ListedColormap(matplotlib.colormaps["Blues"](np.linspace(0.18, 1.0, 256)), name="frisat_density")
"""Light to dark in one hue: read by lightness alone, so safe for colour-blind readers and in grey."""
HALO = [patheffects.withStroke(linewidth=3.2, foreground="white")]
BASE_RC = {"font.family": "DejaVu Sans", "font.size": 9, "axes.edgecolor": "#333333",
           "axes.labelcolor": INK, "xtick.color": INK, "ytick.color": INK, "text.color": INK}


@dataclass
class FigureOutput:
    """A rendered figure: file slug, title, PNG bytes, alt text and notes (Anm./caution)."""

    slug: str
    title: str
    png: bytes
    alt: str
    notes: list[str] = field(default_factory=list)
    cautions: list[str] = field(default_factory=list)
    number: int = 0


def _new_figure(width: float, height: float, layout: str | None = "constrained") -> Figure:
    fig = Figure(figsize=(width, height), dpi=DPI, layout=layout)
    FigureCanvasAgg(fig)
    return fig


RASTER: ContextVar[bool] = ContextVar("frisat_figure_raster", default=True)
"""Hook for the results page (issue 12 item 9): False in a block that needs the figures' texts (title,
alt text, notes) but not their pixels; every figure function then returns its texts with
:func:`size_stub` instead of a PNG, without touching matplotlib (see :func:`figure_output`)."""
_STUB = b"frisat-size:"


def figure_output(slug: str, title: str, size: tuple[float, float], draw: Callable[[], bytes], alt: str,
                  notes: Sequence[str] = (), cautions: Sequence[str] = ()) -> FigureOutput:
    """A figure from its texts and its drawing: ``draw`` (matplotlib, returning the PNG) is called only
    when :data:`RASTER` is on; otherwise the PNG is a stub with the size (``size`` in inches).

    Every figure function computes its title, alt text, notes and size from its data alone, so the
    results page gets them without laying the figure out (issue 12 item 1).
    """
    if RASTER.get():
        png = draw()
    else:
        width, height = (round(v * DPI) for v in size)
        png = _STUB + f"{width}x{height}".encode("ascii")
    return FigureOutput(slug, title, png, alt, notes=list(notes), cautions=list(cautions))


def size_stub(png: bytes) -> tuple[int, int] | None:
    """(width, height) in pixels of a figure drawn with ``RASTER`` false, else None."""
    if not png.startswith(_STUB):
        return None
    width, height = png[len(_STUB):].split(b"x")
    return int(width), int(height)


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, facecolor="white", metadata={"Software": "Frisat"})
    return buffer.getvalue()


def _style_axes(ax, config: AnalysisConfig, x_label: bool = True, y_label: bool = True) -> None:
    ax.set_xlim(SCALE_MIN - 0.3, SCALE_MAX + 0.3)
    ax.set_ylim(SCALE_MIN - 0.3, SCALE_MAX + 0.3)
    ax.set_xticks(range(1, 11))
    ax.set_yticks(range(1, 11))
    ax.set_aspect("equal", adjustable="box")
    ax.grid(True, color=GRID, linewidth=0.5, zorder=0)
    ax.axvline(config.midpoint, color=MIDLINE, linewidth=1.1, zorder=2)
    ax.axhline(config.midpoint, color=MIDLINE, linewidth=1.1, zorder=2)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if x_label:
        ax.set_xlabel(tr("Vigtighed"))
    if y_label:
        ax.set_ylabel(tr("Implementering"))


def n_equals(n: int | None) -> str:
    """``N = 1.234`` (``N ukendt`` when unknown)."""
    return f"N = {fmt_int(n)}" if n is not None else tr("N ukendt")


def too_few_text(min_n: int) -> str:
    """The box drawn instead of a panel with too few answers."""
    return tr("for få besvarelser\n(færre end %(k)d)") % {"k": min_n}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def listing(items: Sequence[str]) -> str:
    """``a, b og c``."""
    if len(items) < 2:
        return "".join(items)
    return tr("%(items)s og %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def _scale_text(instrument: Instrument, dim: str) -> str:
    dimension = instrument.dimensions.get(dim)
    scale = instrument.scales.get(dimension.scale) if dimension else None
    if scale is None or scale.min is None:
        return labels.dimension_label(instrument, dim)
    low = (scale.low_label or "").rstrip(".")
    high = (scale.high_label or "").rstrip(".")
    return f"{scale.min} = {low}, {scale.max} = {high}"


# -- Figur 3.1 ---------------------------------------------------------------------------------


def reading_guide(instrument: Instrument, config: AnalysisConfig) -> FigureOutput:
    """Figur 3.1: how to read the quadrant figures."""
    mid_text = fmt_num(config.midpoint, 1)
    parts = []
    where = {"fokus": tr("nederst til højre"), "fortsaet": tr("øverst til højre"),
             "overimplementering": tr("øverst til venstre"), "lav_prioritet": tr("nederst til venstre")}
    for quadrant in QUADRANTS:
        # VIVE's explanation of the quadrant (seed 002) is prose, not a name: translated like Frisat's own text
        parts.append(f"{where[quadrant.id]} «{labels.quadrant_label(quadrant.id)}»: {tr(QUADRANT_ADVICE[quadrant.id])}")
    alt = (tr("Læsevejledning: et koordinatsystem med vigtighed fra 1 til 10 på den vandrette akse og "
              "implementering fra 1 til 10 på den lodrette akse, delt i fire felter af linjer ved %(midpoint)s.")
           % {"midpoint": mid_text} + " " + " ".join(p[0].upper() + p[1:] for p in parts))
    size = (7.0, 6.4)

    def draw() -> bytes:
        with matplotlib.rc_context(BASE_RC):
            fig = _new_figure(*size)
            ax = fig.add_subplot()
            mid = config.midpoint
            lo, hi = SCALE_MIN - 0.3, SCALE_MAX + 0.3
            boxes = {"lav_prioritet": (lo, lo), "overimplementering": (lo, mid), "fortsaet": (mid, mid),
                     "fokus": (mid, lo)}
            for quadrant in QUADRANTS:
                x0, y0 = boxes[quadrant.id]
                width = (mid - lo) if x0 == lo else (hi - mid)
                height = (mid - lo) if y0 == lo else (hi - mid)
                style = QUADRANT_STYLE[quadrant.id]
                ax.add_patch(Rectangle((x0, y0), width, height, facecolor=style["fill"], edgecolor="none",
                                       zorder=0))
                cx, cy = x0 + width / 2, y0 + height / 2
                ax.scatter([cx], [cy + height * 0.30], marker=style["marker"], s=90, color=style["color"],
                           edgecolor="white", linewidth=0.8, zorder=3)
                ax.text(cx, cy + height * 0.14, "\n".join(textwrap.wrap(labels.quadrant_label(quadrant.id), 18)),
                        ha="center", va="center", fontsize=11, fontweight="bold", zorder=3)
                importance = tr("Høj vigtighed") if quadrant.importance_high else tr("Lav vigtighed")
                implementation = tr("høj implementering") if quadrant.implementation_high else tr("lav implementering")
                ax.text(cx, cy - height * 0.18, f"{importance}\n{implementation}",
                        ha="center", va="center", fontsize=9.5, zorder=3, linespacing=1.35, color="#333333")
            _style_axes(ax, config, x_label=False, y_label=False)
            ax.grid(False)
            ax.set_xlabel(tr("Vigtighed") + "\n" + "\n".join(textwrap.wrap(_scale_text(instrument, "vigt"), 70)))
            ax.set_ylabel(tr("Implementering") + "\n" + _scale_text(instrument, "impl").replace(", ", "\n", 1),
                          fontsize=8.5)
            return _png(fig)

    return figure_output("laesevejledning", tr("Sådan læses figurerne: prioritering af indsatsen"), size, draw,
                         alt, notes=[tr("Anm.: Figuren er inspireret af Van Ryzin og Immerwahr (2007) og af "
                                        "Figur 3.1 i VIVE-notatet af Hjelmar og Pedersen.")])


# -- Figur 3.3–3.5 -----------------------------------------------------------------------------

def quadrant_legend_handles() -> list[Line2D]:
    return [Line2D([], [], linestyle="none", marker=QUADRANT_STYLE[q.id]["marker"],
                   color=QUADRANT_STYLE[q.id]["color"], markersize=7, label=labels.quadrant_label(q.id))
            for q in QUADRANTS]


def _interval(row: dict, dim: str) -> tuple[float, float] | None:
    """The (low, high) confidence interval of one dimension of a row, or None when missing."""
    low, high = row.get(f"{dim}_ci_low"), row.get(f"{dim}_ci_high")
    if labels.is_missing(low) or labels.is_missing(high):
        return None
    return float(low), float(high)


def _error_bars(ax, row: dict, color: str, zorder: float = 3,
                effects: list | None = None) -> list[tuple[float, float, float, float]]:
    """Draw a row's intervals as error bars; returns their extents (for label placement)."""
    x, y = float(row["vigt_mean"]), float(row["impl_mean"])
    across, up = _interval(row, "vigt"), _interval(row, "impl")
    if across is None and up is None:
        return []
    xerr = [[max(0.0, x - across[0])], [max(0.0, across[1] - x)]] if across else None
    yerr = [[max(0.0, y - up[0])], [max(0.0, up[1] - y)]] if up else None
    container = ax.errorbar([x], [y], xerr=xerr, yerr=yerr, fmt="none", ecolor=color, elinewidth=1.1,
                            capsize=3, capthick=1.1, zorder=zorder)
    if effects:
        for artist in [*container.lines[1], *container.lines[2]]:
            artist.set_path_effects(effects)
    extents = []
    if across:
        extents.append((across[0], y - 0.04, across[1], y + 0.04))
    if up:
        extents.append((x - 0.04, up[0], x + 0.04, up[1]))
    return extents


def spor_means(panel_title: str, rows: Sequence[dict], n: int | None, config: AnalysisConfig,
               slug: str) -> FigureOutput:
    """Figur 3.3–3.5: the mean of each spor (importance x, implementation y) for one panel.

    ``rows`` holds one dict per spor with ``label``, ``vigt_mean``, ``impl_mean`` (unsuppressed) and,
    when known, the intervals ``vigt_ci_low`` … ``impl_ci_high`` and ``quadrant_certain``. Intervals
    are drawn as error bars; an uncertain placement (an interval crossing a dividing line) gets an
    open marker and a caution in words.
    """
    shown = [r for r in rows if not (labels.is_missing(r["vigt_mean"]) or labels.is_missing(r["impl_mean"]))]
    level = labels.confidence_text(config.confidence)
    uncertain = [labels.is_uncertain(r.get("quadrant_certain")) for r in shown]
    quadrants = classify(np.array([r["vigt_mean"] for r in shown], dtype=float),
                         np.array([r["impl_mean"] for r in shown], dtype=float),
                         config.midpoint, config.midpoint)
    with_bars = any(_interval(r, "vigt") or _interval(r, "impl") for r in shown)
    n_text = n_equals(n)
    parts = []
    for r, q, open_marker in zip(shown, quadrants, uncertain, strict=True):
        up = _interval(r, "impl")
        text = tr("%(label)s: vigtighed %(value)s") % {"label": r["label"], "value": fmt_num(r["vigt_mean"])}
        text += _interval_words(r, "vigt", level)
        text += tr(", implementering %(value)s") % {"value": fmt_num(r["impl_mean"])}
        text += f" ({labels.fmt_interval(*up)})" if up else ""
        quadrant = labels.quadrant_label(q)
        if open_marker:
            quadrant = tr("%(quadrant)s, usikker placering") % {"quadrant": quadrant}
        text += f" ({quadrant})"
        parts.append(text)
    title = tr("Gennemsnit for de fem spor – %(panel)s") % {"panel": panel_title}
    alt = (tr("%(title)s (%(n)s), vigtighed vandret og implementering lodret, med %(level)s-konfidensintervaller "
              "som streger. %(parts)s.") % {"title": title, "n": n_text, "level": level, "parts": "; ".join(parts)}
           if shown else f"{title}: {labels.suppressed_text(config.min_n)}.")
    cautions = [labels.small_n_caution()] if n is not None and n < labels.SMALL_N else []
    crossed = [f"«{r['label']}» ({labels.crossed_dimensions(r, config.midpoint)})"
               for r, open_marker in zip(shown, uncertain, strict=True) if open_marker]
    if crossed:
        cautions.append(tr("Placeringen er usikker: intervallet krydser skillelinjen for %(which)s") % {
            "which": listing(crossed)} + ".")
    notes = [tr("Anm.: %(n)s. N er antal respondenter med mindst ét indeks.") % {"n": n_text}]
    if with_bars:
        notes.append(tr("Stregerne er %(level)s-konfidensintervaller for gennemsnittene, beregnet med %(method)s. "
                        "Krydser et interval en skillelinje, er placeringen usikker (åben markør).")
                     % {"level": level, "method": labels.ci_method_text(config)})
    size = (6.6, 6.6)

    def draw() -> bytes:
        with matplotlib.rc_context(BASE_RC):
            fig = _new_figure(*size, layout=None)
            ax = fig.add_axes((0.11, 0.235, 0.84, 0.735))
            _style_axes(ax, config)
            obstacles: list[tuple[float, float, float, float]] = []
            for row, quadrant, open_marker in zip(shown, quadrants, uncertain, strict=True):
                style = QUADRANT_STYLE[quadrant]
                obstacles += _error_bars(ax, row, style["color"])
                ax.scatter([row["vigt_mean"]], [row["impl_mean"]], marker=style["marker"], s=60,
                           color="white" if open_marker else style["color"],
                           edgecolor=style["color"] if open_marker else "white",
                           linewidth=1.5 if open_marker else 0.8, zorder=4)
            handles = quadrant_legend_handles()
            if obstacles:
                handles.append(Line2D([], [], color=MIDLINE, linewidth=1.1, marker="|", markersize=7,
                                      label=tr("%(level)s-konfidensinterval") % {"level": level}))
            if any(uncertain):
                handles.append(Line2D([], [], linestyle="none", marker="o", markersize=7, markerfacecolor="white",
                                      markeredgecolor=MIDLINE, markeredgewidth=1.5,
                                      label=tr("Åben markør: usikker placering")))
            fig.legend(handles=handles, loc="lower center", ncol=2, frameon=False,
                       fontsize=8.5, title=tr("Kvadrant (markørens form) og usikkerhed"), title_fontsize=8.5,
                       bbox_to_anchor=(0.5, 0.0))
            if not shown:
                ax.text(5.5, 5.5, too_few_text(config.min_n), ha="center", va="center",
                        fontsize=11, bbox={"facecolor": "white", "edgecolor": MIDLINE, "boxstyle": "round,pad=0.4"})
            place_labels(fig, ax, [r["vigt_mean"] for r in shown], [r["impl_mean"] for r in shown],
                          [stacked(r["label"]) for r in shown], obstacles)
            return _png(fig)

    return figure_output(slug, title, size, draw, alt, notes=notes, cautions=cautions)


# -- Figur 3.6–3.10 ----------------------------------------------------------------------------


MEAN_MARKER = "P"
"""The panel mean in the respondent scatter: a filled plus, unlike any quadrant marker."""


def _mean_row(panel: Panel) -> dict:
    return {"vigt_mean": panel.vigt_mean, "impl_mean": panel.impl_mean, **panel.intervals}


def _interval_words(intervals: dict, dim: str, level: str) -> str:
    found = _interval(intervals, dim)
    if not found:
        return ""
    return " (" + tr("%(level)s-konfidensinterval %(interval)s") % {
        "level": level, "interval": labels.fmt_interval(*found)} + ")"


def _mean_marker(ax, panel: Panel) -> None:
    """The panel mean as a marker with its confidence intervals as error bars (open when uncertain)."""
    _error_bars(ax, _mean_row(panel), INK, zorder=5, effects=HALO)
    open_marker = labels.is_uncertain(panel.intervals.get("quadrant_certain"))
    ax.scatter([panel.vigt_mean], [panel.impl_mean], marker=MEAN_MARKER, s=70,
               color="white" if open_marker else INK, edgecolor=INK if open_marker else "white",
               linewidth=1.5 if open_marker else 0.9, zorder=6)


def _jittered(values: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    return values + rng.uniform(-JITTER, JITTER, size=len(values))


def spor_scatter(spor_label: str, panels: Sequence[Panel], config: AnalysisConfig, slug: str,
                 panel_label: str) -> FigureOutput:
    """Figur 3.6–3.10: one point per respondent for one spor, one panel per area."""
    count = len(panels)
    ncols = min(3, count)
    nrows = math.ceil(count / ncols)
    size = 3.2 if count > 1 else 5.0
    density = any(len(p.x) > DENSITY_THRESHOLD for p in panels)
    level = labels.confidence_text(config.confidence)
    # A fixed layout (no constrained layout): much faster, and every panel gets the same size.
    left, right, top, hgap, vgap = 0.75, 0.25, 0.62, 0.3, 0.8
    bar_width = 1.05 if density else 0.0
    width = left + ncols * size + (ncols - 1) * hgap + right + bar_width
    with_means = [p for p in panels if not p.suppressed and not (math.isnan(p.vigt_mean) or math.isnan(p.impl_mean))]
    uncertain = [p for p in with_means if labels.is_uncertain(p.intervals.get("quadrant_certain"))]
    uncertain_keys = {p.key for p in uncertain}
    with_bars = any(_interval(p.intervals, "impl") or _interval(p.intervals, "vigt") for p in with_means)
    n_handles = 2 + any(0 < len(p.x) <= DENSITY_THRESHOLD for p in panels) + bool(with_means) + bool(uncertain)
    legend_columns = min(n_handles, 3) if width > 7 else 1
    bottom = 0.72 + 0.2 * math.ceil(n_handles / legend_columns)
    height = top + nrows * size + (nrows - 1) * vgap + bottom
    shown = [p for p in panels if not p.suppressed]
    details = []
    for p in panels:
        if p.suppressed:
            details.append(tr("%(panel)s: for få besvarelser") % {"panel": p.title})
        else:
            detail = tr("%(panel)s: N = %(n)s, gennemsnitlig vigtighed %(vigt)s%(vigt_interval)s og implementering "
                        "%(impl)s%(impl_interval)s") % {
                "panel": p.title, "n": fmt_int(p.n), "vigt": fmt_num(p.vigt_mean),
                "vigt_interval": _interval_words(p.intervals, "vigt", level), "impl": fmt_num(p.impl_mean),
                "impl_interval": _interval_words(p.intervals, "impl", level)}
            if p.key in uncertain_keys:
                detail = tr("%(detail)s, usikker placering") % {"detail": detail}
            details.append(detail)
    values = {"spor": spor_label, "panel": tr(panel_label).lower(), "midpoint": fmt_num(config.midpoint, 1)}
    if density:
        alt = (tr("Tæthedsdiagram (antal respondenter pr. felt) for %(spor)s: vigtighed vandret og implementering "
                  "lodret (1–10), ét panel pr. %(panel)s, med stiplede gennemsnitslinjer og skillelinjer ved "
                  "%(midpoint)s.") if count > 1 else
               tr("Tæthedsdiagram (antal respondenter pr. felt) for %(spor)s: vigtighed vandret og implementering "
                  "lodret (1–10), alle respondenter, med stiplede gennemsnitslinjer og skillelinjer ved "
                  "%(midpoint)s.")) % values
    else:
        alt = (tr("Punktdiagram med én prik pr. respondent for %(spor)s: vigtighed vandret og implementering "
                  "lodret (1–10), ét panel pr. %(panel)s, med stiplede gennemsnitslinjer og skillelinjer ved "
                  "%(midpoint)s.") if count > 1 else
               tr("Punktdiagram med én prik pr. respondent for %(spor)s: vigtighed vandret og implementering "
                  "lodret (1–10), alle respondenter, med stiplede gennemsnitslinjer og skillelinjer ved "
                  "%(midpoint)s.")) % values
    alt += " " + "; ".join(details) + "."
    notes = [tr("Anm.: %(panels)s.") % {"panels": ". ".join(f"{p.title}: N = {fmt_int(p.n)}" for p in shown)}
             if shown else tr("Anm.: Ingen paneler med nok besvarelser.")]
    if density:
        notes.append(tr("Paneler med mere end %(n)s respondenter vises som tæthed: jo mørkere felt, jo flere "
                        "respondenter.") % {"n": fmt_int(DENSITY_THRESHOLD)})
    if with_bars:
        notes.append(tr("Den sorte markør er panelets gennemsnit; stregerne gennem den er %(level)s-"
                        "konfidensintervaller, beregnet med %(method)s. Krydser et interval en skillelinje, er "
                        "placeringen usikker (åben markør).")
                     % {"level": level, "method": labels.ci_method_text(config)})
    cautions = [f"{p.title}: {_lower_first(labels.small_n_caution())}" for p in panels if p.small]
    cautions += [f"{p.title}: {_lower_first(tr('Placeringen er usikker: intervallet krydser skillelinjen'))} "
                 f"({labels.crossed_dimensions(_mean_row(p), config.midpoint)})" for p in uncertain]

    def draw() -> bytes:
        rng = np.random.default_rng(20240601)
        with matplotlib.rc_context(BASE_RC):
            fig = _new_figure(width, height, layout=None)
            axes = []
            for i in range(count):
                row, col = divmod(i, ncols)
                x0 = left + col * (size + hgap)
                y0 = height - top - (row + 1) * size - row * vgap
                axes.append(fig.add_axes((x0 / width, y0 / height, size / width, size / height)))
            hexes = []
            for i, ax in enumerate(axes):
                panel = panels[i]
                _style_axes(ax, config, x_label=i + ncols >= count, y_label=i % ncols == 0)
                if panel.suppressed:
                    ax.set_title(f"{panel.title}", fontsize=10, fontweight="bold")
                    ax.text(5.5, 5.5, too_few_text(config.min_n), ha="center",
                            va="center", fontsize=10, color=INK,
                            bbox={"facecolor": "white", "edgecolor": MIDLINE, "boxstyle": "round,pad=0.4"})
                    continue
                title = f"{panel.title} (N = {fmt_int(panel.n)})"
                if panel.small:
                    title += "\n⚠ " + tr("Få besvarelser")
                ax.set_title(title, fontsize=10, fontweight="bold", color=CAUTION if panel.small else INK)
                if len(panel.x) > DENSITY_THRESHOLD:
                    ax.grid(False)
                    for line in ax.lines:
                        line.set_path_effects(HALO)
                    hexes.append(ax.hexbin(_jittered(panel.x, rng), _jittered(panel.y, rng), gridsize=30,
                                           extent=(0.7, 10.3, 0.7, 10.3), mincnt=1, cmap=DENSITY_CMAP,
                                           linewidths=0.2, edgecolors="face", zorder=1))
                elif len(panel.x):
                    ax.scatter(_jittered(panel.x, rng), _jittered(panel.y, rng), s=22, marker="o",
                               color=POINT, alpha=0.65, edgecolor="white", linewidth=0.4, zorder=3)
                if not (math.isnan(panel.vigt_mean) or math.isnan(panel.impl_mean)):
                    effects = HALO if len(panel.x) > DENSITY_THRESHOLD else None
                    for line, value in ((ax.axvline, panel.vigt_mean), (ax.axhline, panel.impl_mean)):
                        line(value, color=MEANLINE, linestyle=(0, (5, 3)), linewidth=1.4, zorder=4,
                             path_effects=effects)
                    _mean_marker(ax, panel)
            if hexes:
                sizes = [float(h.get_array().max()) for h in hexes if h.get_array().size]
                norm = LogNorm(vmin=1, vmax=max([*sizes, 2.0]))
                for h in hexes:
                    h.set_norm(norm)
                bar_axes = fig.add_axes(((width - right - bar_width + 0.2) / width, (bottom + 0.1) / height,
                                         0.14 / width, (height - top - bottom - 0.2) / height))
                bar = fig.colorbar(hexes[0], cax=bar_axes)
                bar.set_label(tr("Antal respondenter pr. felt (log. skala)"))
            handles = [
                Line2D([], [], color=MIDLINE, linewidth=1.1,
                       label=tr("Skillelinjer ved %(midpoint)s") % {"midpoint": fmt_num(config.midpoint, 1)}),
                Line2D([], [], color=MEANLINE, linewidth=1.3, linestyle=(0, (5, 3)),
                       label=tr("Gennemsnitslinjer (panelets gennemsnit)")),
            ]
            if any(0 < len(p.x) <= DENSITY_THRESHOLD for p in panels):
                handles.insert(0, Line2D([], [], linestyle="none", marker="o", color=POINT, alpha=0.6,
                                         label=tr("Én respondent (let spredt, så ens svar ses)")))
            if with_means:
                mean_label = (tr("Gennemsnit med %(level)s-konfidensinterval") % {"level": level} if with_bars
                              else tr("Gennemsnit"))
                handles.append(Line2D([], [], color=INK, linewidth=1.1, marker=MEAN_MARKER, markersize=7,
                                      markerfacecolor=INK, markeredgecolor="white", label=mean_label))
            if uncertain:
                handles.append(Line2D([], [], linestyle="none", marker=MEAN_MARKER, markersize=7,
                                      markerfacecolor="white", markeredgecolor=INK, markeredgewidth=1.5,
                                      label=tr("Åben markør: usikker placering")))
            fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.0),
                       ncol=legend_columns, frameon=False, fontsize=8.5)
            return _png(fig)

    return figure_output(slug, tr("Implementering og vigtighed – %(spor)s") % {"spor": spor_label}, (width, height),
                         draw, alt, notes=notes, cautions=cautions)


# -- many groups -------------------------------------------------------------------------------

DOT_ROWS_PER_FIGURE = 50
UNCERTAIN_MARK = "?"
"""Added after a group's name in a dot chart when its placement is uncertain."""


def dot_chart(spor_label: str, rows: Sequence[dict], config: AnalysisConfig, slug: str, group_label: str,
              part: tuple[int, int] = (1, 1)) -> FigureOutput:
    """Group means of one spor, one row per group (``name``, ``n``, ``impl_mean``, ``vigt_mean``,
    ``suppressed`` and, when known, the intervals ``impl_ci_low`` … ``vigt_ci_high`` and
    ``quadrant_certain``), in the given order. Intervals are drawn as error bars; a group whose
    placement is uncertain gets "?" after its name."""
    level = labels.confidence_text(config.confidence)
    offset = 0.16
    shown = [r for r in rows if not r["suppressed"]]
    bars = any(_interval(r, dim) and not labels.is_missing(r[f"{dim}_mean"])
               for r in shown for dim in ("impl", "vigt"))
    text = ""
    if shown:
        first, last = shown[0], shown[-1]
        text = " " + tr("Øverst %(first)s (vigtighed %(first_vigt)s, implementering %(first_impl)s); nederst %(last)s "
                        "(vigtighed %(last_vigt)s, implementering %(last_impl)s).") % {
            "first": first["name"], "first_vigt": fmt_num(first["vigt_mean"]),
            "first_impl": fmt_num(first["impl_mean"]), "last": last["name"],
            "last_vigt": fmt_num(last["vigt_mean"]), "last_impl": fmt_num(last["impl_mean"])}
    uncertain = [r["name"] for r in shown if labels.is_uncertain(r.get("quadrant_certain"))]
    if uncertain:
        text += " " + tr("Usikker placering (et interval krydser skillelinjen): %(groups)s.") % {
            "groups": ", ".join(uncertain)}
    suffix = " (" + tr("del %(part)s af %(parts)s") % {"part": part[0], "parts": part[1]} + ")" if part[1] > 1 else ""
    values = {"spor": spor_label, "suffix": suffix, "level": level, "n": fmt_int(len(rows)),
              "groups": tr(group_label).lower(), "text": text}
    alt = (tr("Prikdiagram for %(spor)s%(suffix)s: gennemsnitlig implementering (cirkel) og vigtighed (rombe) med "
              "%(level)s-konfidensintervaller som vandrette streger for %(n)s grupper efter %(groups)s, sorteret "
              "efter forskellen mellem vigtighed og implementering, største forskel øverst.%(text)s Alle værdier "
              "står i tabellerne.") if bars else
           tr("Prikdiagram for %(spor)s%(suffix)s: gennemsnitlig implementering (cirkel) og vigtighed (rombe) for "
              "%(n)s grupper efter %(groups)s, sorteret efter forskellen mellem vigtighed og implementering, "
              "største forskel øverst.%(text)s Alle værdier står i tabellerne.")) % values
    cautions = [tr("%(caution)s (markeret med ⚠)") % {"caution": labels.small_n_caution()}] if any(
        r["n"] < labels.SMALL_N for r in shown) else []
    if uncertain:
        marked = {"n": fmt_int(len(uncertain)), "mark": UNCERTAIN_MARK}
        cautions.append((tr("Placeringen er usikker: intervallet krydser skillelinjen for %(n)s gruppe (markeret med "
                            "%(mark)s).") if len(uncertain) == 1 else
                         tr("Placeringen er usikker: intervallet krydser skillelinjen for %(n)s grupper (markeret "
                            "med %(mark)s).")) % marked)
    notes = [tr("Anm.: N står ved hver gruppe. Sorteret efter forskel (vigtighed − implementering).")]
    if bars:
        notes.append(tr("Stregerne er %(level)s-konfidensintervaller for gennemsnittene (cirkel: implementering, "
                        "rombe: vigtighed). Jo kortere streg, jo mere sikkert er gennemsnittet.") % {"level": level})
    title = tr("Gennemsnit pr. %(groups)s – %(spor)s%(suffix)s") % {
        "groups": tr(group_label).lower(), "spor": spor_label, "suffix": suffix}
    size = (7.0, 1.3 + 0.24 * len(rows))

    def draw() -> bytes:
        with matplotlib.rc_context(BASE_RC):
            fig = _new_figure(*size)
            ax = fig.add_subplot()
            positions = np.arange(len(rows))[::-1]
            names = []
            for pos, row in zip(positions, rows, strict=True):
                if row["suppressed"]:
                    names.append(row["name"])
                    ax.text(SCALE_MIN, pos, labels.suppressed_text(config.min_n), va="center",
                            fontsize=7.5, color=INK, style="italic")
                    continue
                mark = (" ⚠" if row["n"] < labels.SMALL_N else "") + (
                    f" {UNCERTAIN_MARK}" if labels.is_uncertain(row.get("quadrant_certain")) else "")
                names.append(f"{row['name']} (N = {fmt_int(row['n'])}){mark}")
                ax.plot([row["impl_mean"], row["vigt_mean"]], [pos - offset, pos + offset], color="#9a9a9a",
                        linewidth=1, zorder=2)
                for dim, shift, color in (("impl", -offset, POINT), ("vigt", offset, MEANLINE)):
                    found = _interval(row, dim)
                    if found and not labels.is_missing(row[f"{dim}_mean"]):
                        ax.plot(found, [pos + shift, pos + shift], color=color, linewidth=1.1, zorder=2.5,
                                solid_capstyle="butt")
            ok = [(p, r) for p, r in zip(positions, rows, strict=True) if not r["suppressed"]]
            if ok:
                ax.scatter([r["impl_mean"] for _, r in ok], [p - offset for p, _ in ok], marker="o", s=22,
                           color=POINT, zorder=3, label=tr("Implementering"))
                ax.scatter([r["vigt_mean"] for _, r in ok], [p + offset for p, _ in ok], marker="D", s=20,
                           color=MEANLINE, zorder=3, label=tr("Vigtighed"))
            if bars:
                ax.plot([], [], color=MIDLINE, linewidth=1.1,
                        label=tr("%(level)s-konfidensinterval") % {"level": level})
            ax.axvline(config.midpoint, color=MIDLINE, linewidth=1.1, zorder=1)
            ax.set_yticks(positions, names, fontsize=7.5)
            ax.set_ylim(-0.7, len(rows) - 0.3)
            ax.set_xlim(SCALE_MIN - 0.2, SCALE_MAX + 0.2)
            ax.set_xticks(range(1, 11))
            ax.grid(True, axis="x", color=GRID, linewidth=0.5)
            ax.set_xlabel(tr("Gennemsnit (1–10)"))
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
            fig.legend(loc="outside lower center", ncol=3, frameon=False, fontsize=8.5)
            return _png(fig)

    return figure_output(slug, title, size, draw, alt, notes=notes, cautions=cautions)
