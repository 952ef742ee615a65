"""The figures of the report, drawn with matplotlib (Agg) and returned as PNG bytes.

- :func:`reading_guide` — Figur 3.1: the four quadrants with their labels and advice;
- :func:`spor_means` — Figur 3.3–3.5: the five spor means of one area;
- :func:`spor_scatter` — Figur 3.6–3.10: one point per respondent, one panel per area, with the
  mean lines and the midpoint lines; a 2-D density instead of points when a panel is large;
- :func:`dot_chart` — many groups: one row per group with its two means.

Colours come from the Okabe–Ito palette (safe for colour-blind readers); quadrants are also told
apart by marker shape, position and label. Every figure carries a Danish alt text.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import ListedColormap, LogNorm
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.transforms import Bbox

from frisat.core.analysis import AnalysisConfig
from frisat.core.instrument import Instrument
from frisat.core.quadrants import QUADRANT_BY_ID, QUADRANTS, classify
from frisat.reporting import labels
from frisat.reporting.labels import fmt_int, fmt_num
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
DENSITY_CMAP = ListedColormap(
    matplotlib.colormaps["cividis_r"](np.linspace(0.12, 1.0, 256)), name="frisat_density"
)
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
        ax.set_xlabel("Vigtighed")
    if y_label:
        ax.set_ylabel("Implementering")


def _scale_text(instrument: Instrument, dim: str) -> str:
    dimension = instrument.dimensions.get(dim)
    scale = instrument.scales.get(dimension.scale) if dimension else None
    if scale is None or scale.min is None:
        return labels.dimension_label(instrument, dim)
    low = (scale.low_label or "").rstrip(".")
    high = (scale.high_label or "").rstrip(".")
    return f"{scale.min} = {low.lower()}, {scale.max} = {high.lower()}"


# -- Figur 3.1 ---------------------------------------------------------------------------------


def reading_guide(instrument: Instrument, config: AnalysisConfig) -> FigureOutput:
    """Figur 3.1: how to read the quadrant figures."""
    with matplotlib.rc_context(BASE_RC):
        fig = _new_figure(7.0, 6.4)
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
            ax.text(cx, cy + height * 0.14, "\n".join(textwrap.wrap(quadrant.label, 18)),
                    ha="center", va="center", fontsize=11, fontweight="bold", zorder=3)
            ax.text(cx, cy - height * 0.20, "\n".join(textwrap.wrap(quadrant.advice, 30)),
                    ha="center", va="center", fontsize=8.3, zorder=3, linespacing=1.25)
        _style_axes(ax, config, x_label=False, y_label=False)
        ax.grid(False)
        ax.set_xlabel("Vigtighed\n" + "\n".join(textwrap.wrap(_scale_text(instrument, "vigt"), 70)))
        ax.set_ylabel("Implementering\n" + "\n".join(textwrap.wrap(_scale_text(instrument, "impl"), 60)))
        png = _png(fig)
    mid_text = fmt_num(config.midpoint, 1)
    parts = []
    where = {"fokus": "nederst til højre", "fortsaet": "øverst til højre",
             "overimplementering": "øverst til venstre", "lav_prioritet": "nederst til venstre"}
    for quadrant in QUADRANTS:
        parts.append(f"{where[quadrant.id]} «{quadrant.label}»: {quadrant.advice}")
    alt = (f"Læsevejledning: et koordinatsystem med vigtighed fra 1 til 10 på den vandrette akse og "
           f"implementering fra 1 til 10 på den lodrette akse, delt i fire felter af linjer ved {mid_text}. "
           + " ".join(p[0].upper() + p[1:] for p in parts))
    return FigureOutput("figur_laesevejledning", "Sådan læses figurerne: prioritering af indsatsen",
                        png, alt, notes=["Anm.: Figuren er inspireret af Van Ryzin og Immerwahr (2007) og "
                                         "VIVE (2024), Figur 3.1."])


# -- Figur 3.3–3.5 -----------------------------------------------------------------------------

_DIRECTIONS = ((1, 0, "left", "center"), (-1, 0, "right", "center"), (0, 1, "center", "bottom"),
               (0, -1, "center", "top"), (1, 1, "left", "bottom"), (1, -1, "left", "top"),
               (-1, 1, "right", "bottom"), (-1, -1, "right", "top"))


def _place_labels(fig: Figure, ax, xs: Sequence[float], ys: Sequence[float], texts: Sequence[str]) -> None:
    """Put each label next to its point where it overlaps no other label, point or the axes edge."""
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    pad = 7 * fig.dpi / 72
    taken = []
    for x, y in zip(xs, ys, strict=True):
        px, py = ax.transData.transform((x, y))
        taken.append(Bbox.from_extents(px - pad, py - pad, px + pad, py + pad))
    for x, y, text in zip(xs, ys, texts, strict=True):
        placed = None
        for distance in (8, 16, 26, 40, 56):
            for dx, dy, ha, va in _DIRECTIONS:
                note = ax.annotate(
                    text, (x, y), xytext=(dx * distance, dy * distance), textcoords="offset points",
                    ha=ha, va=va, fontsize=8.5, zorder=5,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none",
                          "alpha": 0.85},
                    arrowprops={"arrowstyle": "-", "color": "#555555", "lw": 0.6} if distance > 8 else None,
                )
                box = note.get_window_extent(renderer)
                inside = (box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0
                          and box.y1 <= frame.y1)
                if inside and not any(box.overlaps(other) for other in taken):
                    placed = note
                    break
                note.remove()
            if placed is not None:
                break
        if placed is None:
            placed = ax.annotate(text, (x, y), xytext=(8, 0), textcoords="offset points", ha="left",
                                 va="center", fontsize=8.5, zorder=5)
        taken.append(placed.get_window_extent(renderer))


def quadrant_legend_handles() -> list[Line2D]:
    return [Line2D([], [], linestyle="none", marker=QUADRANT_STYLE[q.id]["marker"],
                   color=QUADRANT_STYLE[q.id]["color"], markersize=7, label=q.label) for q in QUADRANTS]


def spor_means(panel_title: str, rows: Sequence[dict], n: int | None, config: AnalysisConfig,
               slug: str) -> FigureOutput:
    """Figur 3.3–3.5: the mean of each spor (importance x, implementation y) for one panel.

    ``rows`` holds one dict per spor with ``label``, ``vigt_mean``, ``impl_mean`` (unsuppressed).
    """
    shown = [r for r in rows if not (labels.is_missing(r["vigt_mean"]) or labels.is_missing(r["impl_mean"]))]
    with matplotlib.rc_context(BASE_RC):
        fig = _new_figure(6.6, 6.4, layout=None)
        ax = fig.add_axes((0.11, 0.21, 0.84, 0.75))
        _style_axes(ax, config)
        quadrants = classify(np.array([r["vigt_mean"] for r in shown], dtype=float),
                             np.array([r["impl_mean"] for r in shown], dtype=float),
                             config.midpoint, config.midpoint)
        for row, quadrant in zip(shown, quadrants, strict=True):
            style = QUADRANT_STYLE[quadrant]
            ax.scatter([row["vigt_mean"]], [row["impl_mean"]], marker=style["marker"], s=60,
                       color=style["color"], edgecolor="white", linewidth=0.8, zorder=4)
        fig.legend(handles=quadrant_legend_handles(), loc="lower center", ncol=2, frameon=False,
                   fontsize=8.5, title="Kvadrant (markørens form)", title_fontsize=8.5,
                   bbox_to_anchor=(0.5, 0.0))
        if not shown:
            ax.text(5.5, 5.5, "Ingen gennemsnit at vise", ha="center", va="center", fontsize=11)
        _place_labels(fig, ax, [r["vigt_mean"] for r in shown], [r["impl_mean"] for r in shown],
                      [r["label"] for r in shown])
        png = _png(fig)
    n_text = f"N = {fmt_int(n)}" if n is not None else "N ukendt"
    values = "; ".join(
        f"{r['label']}: vigtighed {fmt_num(r['vigt_mean'])}, implementering {fmt_num(r['impl_mean'])} "
        f"({QUADRANT_BY_ID[q].label})" for r, q in zip(shown, quadrants, strict=True)
    )
    alt = (f"Gennemsnit for de fem spor – {panel_title} ({n_text}), vigtighed vandret og implementering "
           f"lodret. {values}." if shown else f"Gennemsnit for de fem spor – {panel_title}: ingen værdier.")
    cautions = [labels.SMALL_N_CAUTION] if n is not None and n < labels.SMALL_N else []
    return FigureOutput(slug, f"Gennemsnit for de fem spor – {panel_title}", png, alt,
                        notes=[f"Anm.: {n_text}. N er antal respondenter med mindst ét indeks."],
                        cautions=cautions)


# -- Figur 3.6–3.10 ----------------------------------------------------------------------------


def _jittered(values: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    return values + rng.uniform(-JITTER, JITTER, size=len(values))


def spor_scatter(spor_label: str, panels: Sequence[Panel], config: AnalysisConfig, slug: str,
                 panel_label: str) -> FigureOutput:
    """Figur 3.6–3.10: one point per respondent for one spor, one panel per area."""
    count = len(panels)
    ncols = min(3, count)
    nrows = math.ceil(count / ncols)
    size = 3.3 if count > 1 else 5.6
    rng = np.random.default_rng(20240601)
    density = any(len(p.x) > DENSITY_THRESHOLD for p in panels)
    with matplotlib.rc_context(BASE_RC):
        fig = _new_figure(size * ncols + (0.9 if density else 0.2), size * nrows + 0.7)
        axes = fig.subplots(nrows, ncols, squeeze=False)
        hexes = []
        for i, ax in enumerate(axes.flat):
            if i >= count:
                ax.remove()
                continue
            panel = panels[i]
            _style_axes(ax, config, x_label=i // ncols == nrows - 1 or i + ncols >= count,
                        y_label=i % ncols == 0)
            if panel.suppressed:
                ax.set_title(f"{panel.title}", fontsize=10, fontweight="bold")
                ax.text(5.5, 5.5, "for få besvarelser\n" + f"(færre end {config.min_n})", ha="center",
                        va="center", fontsize=10, color=INK,
                        bbox={"facecolor": "white", "edgecolor": MIDLINE, "boxstyle": "round,pad=0.4"})
                continue
            title = f"{panel.title} (N = {fmt_int(panel.n)})"
            if panel.small:
                title += "\n⚠ Få besvarelser"
            ax.set_title(title, fontsize=10, fontweight="bold", color=CAUTION if panel.small else INK)
            if len(panel.x) > DENSITY_THRESHOLD:
                hexes.append(ax.hexbin(_jittered(panel.x, rng), _jittered(panel.y, rng), gridsize=30,
                                       extent=(0.7, 10.3, 0.7, 10.3), mincnt=1, cmap=DENSITY_CMAP,
                                       linewidths=0.2, edgecolors="face", zorder=1))
            elif len(panel.x):
                ax.scatter(_jittered(panel.x, rng), _jittered(panel.y, rng), s=16, marker="o",
                           color=POINT, alpha=0.6, edgecolor="white", linewidth=0.3, zorder=3)
            if not (math.isnan(panel.vigt_mean) or math.isnan(panel.impl_mean)):
                ax.axvline(panel.vigt_mean, color=MEANLINE, linestyle=(0, (5, 3)), linewidth=1.3, zorder=4)
                ax.axhline(panel.impl_mean, color=MEANLINE, linestyle=(0, (5, 3)), linewidth=1.3, zorder=4)
        if hexes:
            top = max(float(h.get_array().max()) for h in hexes if h.get_array().size) if any(
                h.get_array().size for h in hexes) else 1.0
            norm = LogNorm(vmin=1, vmax=max(top, 2.0))
            for h in hexes:
                h.set_norm(norm)
            bar = fig.colorbar(hexes[0], ax=[a for a in axes.flat if a.figure is fig], shrink=0.75,
                               pad=0.02, aspect=30)
            bar.set_label("Antal respondenter pr. felt (logaritmisk skala)")
        handles = [
            Line2D([], [], color=MIDLINE, linewidth=1.1, label=f"Skillelinjer ved {fmt_num(config.midpoint, 1)}"),
            Line2D([], [], color=MEANLINE, linewidth=1.3, linestyle=(0, (5, 3)),
                   label="Gennemsnitslinjer (panelets gennemsnit)"),
        ]
        if any(0 < len(p.x) <= DENSITY_THRESHOLD for p in panels):
            handles.insert(0, Line2D([], [], linestyle="none", marker="o", color=POINT, alpha=0.6,
                                     label="Én respondent (let spredt, så ens svar ses)"))
        fig.legend(handles=handles, loc="outside lower center", ncol=min(3, len(handles)), frameon=False,
                   fontsize=8.5)
        png = _png(fig)
    shown = [p for p in panels if not p.suppressed]
    kind = ("Tæthedsdiagram (antal respondenter pr. felt) " if density else "Punktdiagram med én prik pr. "
            "respondent ")
    details = []
    for p in panels:
        if p.suppressed:
            details.append(f"{p.title}: for få besvarelser")
        else:
            details.append(f"{p.title}: N = {fmt_int(p.n)}, gennemsnitlig vigtighed {fmt_num(p.vigt_mean)} og "
                           f"implementering {fmt_num(p.impl_mean)}")
    alt = (f"{kind}for {spor_label}: vigtighed vandret og implementering lodret (1–10), "
           f"{'ét panel pr. ' + panel_label.lower() if count > 1 else 'alle respondenter'}, med stiplede "
           f"gennemsnitslinjer og skillelinjer ved {fmt_num(config.midpoint, 1)}. " + "; ".join(details) + ".")
    notes = ["Anm.: " + ". ".join(f"{p.title}: N = {fmt_int(p.n)}" for p in shown) + "." if shown else
             "Anm.: Ingen paneler med nok besvarelser."]
    if density:
        notes.append("Paneler med mere end " + fmt_int(DENSITY_THRESHOLD) + " respondenter vises som "
                     "tæthed: jo mørkere felt, jo flere respondenter.")
    cautions = [f"{p.title}: {labels.SMALL_N_CAUTION.lower()}" for p in panels if p.small]
    return FigureOutput(slug, f"Implementering og vigtighed af arbejdet med {spor_label.lower()}", png, alt,
                        notes=notes, cautions=cautions)


# -- many groups -------------------------------------------------------------------------------

DOT_ROWS_PER_FIGURE = 50


def dot_chart(spor_label: str, rows: Sequence[dict], config: AnalysisConfig, slug: str, group_label: str,
              part: tuple[int, int] = (1, 1)) -> FigureOutput:
    """Group means of one spor, one row per group (``name``, ``n``, ``impl_mean``, ``vigt_mean``,
    ``suppressed``), in the given order."""
    height = 1.3 + 0.2 * len(rows)
    with matplotlib.rc_context(BASE_RC):
        fig = _new_figure(7.0, height)
        ax = fig.add_subplot()
        positions = np.arange(len(rows))[::-1]
        names = []
        for pos, row in zip(positions, rows, strict=True):
            if row["suppressed"]:
                names.append(row["name"])
                ax.text(SCALE_MIN, pos, f"for få besvarelser (færre end {config.min_n})", va="center",
                        fontsize=7.5, color=INK, style="italic")
                continue
            names.append(f"{row['name']} (N = {fmt_int(row['n'])})" + (" ⚠" if row["n"] < labels.SMALL_N else ""))
            ax.plot([row["impl_mean"], row["vigt_mean"]], [pos, pos], color="#9a9a9a", linewidth=1, zorder=2)
        ok = [(p, r) for p, r in zip(positions, rows, strict=True) if not r["suppressed"]]
        if ok:
            ax.scatter([r["impl_mean"] for _, r in ok], [p for p, _ in ok], marker="o", s=22, color=POINT,
                       zorder=3, label="Implementering")
            ax.scatter([r["vigt_mean"] for _, r in ok], [p for p, _ in ok], marker="D", s=20, color=MEANLINE,
                       zorder=3, label="Vigtighed")
        ax.axvline(config.midpoint, color=MIDLINE, linewidth=1.1, zorder=1)
        ax.set_yticks(positions, names, fontsize=7.5)
        ax.set_ylim(-0.7, len(rows) - 0.3)
        ax.set_xlim(SCALE_MIN - 0.2, SCALE_MAX + 0.2)
        ax.set_xticks(range(1, 11))
        ax.grid(True, axis="x", color=GRID, linewidth=0.5)
        ax.set_xlabel("Gennemsnit (1–10)")
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        fig.legend(loc="outside lower center", ncol=2, frameon=False, fontsize=8.5)
        png = _png(fig)
    shown = [r for r in rows if not r["suppressed"]]
    text = ""
    if shown:
        first, last = shown[0], shown[-1]
        text = (f" Øverst {first['name']} (vigtighed {fmt_num(first['vigt_mean'])}, implementering "
                f"{fmt_num(first['impl_mean'])}); nederst {last['name']} (vigtighed {fmt_num(last['vigt_mean'])}, "
                f"implementering {fmt_num(last['impl_mean'])}).")
    suffix = f" (del {part[0]} af {part[1]})" if part[1] > 1 else ""
    alt = (f"Prikdiagram for {spor_label}{suffix}: gennemsnitlig implementering (cirkel) og vigtighed "
           f"(rombe) for {fmt_int(len(rows))} grupper efter {group_label.lower()}, sorteret efter forskellen "
           f"mellem vigtighed og implementering, største forskel øverst.{text} Alle værdier står i tabellerne.")
    cautions = [labels.SMALL_N_CAUTION + " (markeret med ⚠)"] if any(
        r["n"] < labels.SMALL_N for r in shown) else []
    return FigureOutput(slug, f"Gennemsnit pr. {group_label.lower()} – {spor_label}{suffix}", png, alt,
                        notes=["Anm.: N står ved hver gruppe. Sorteret efter forskel (vigtighed − implementering)."],
                        cautions=cautions)
