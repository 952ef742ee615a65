"""The figures of the extended analysis (issue 4), drawn with matplotlib like :mod:`figures`.

- :func:`derived_figure` — stated importance beside derived importance (β) per indicator;
- :func:`relative_figure` — relative (within-respondent centred) importance with intervals;
- :func:`points_figure` — the mean allocation of 100 points over the spor;
- :func:`difference_figure` — differences between respondent groups with intervals (forest plot);
- :func:`arrows_figure` — the quadrant plot with an arrow from each spor's old to its new position;
- :func:`trend_figure` — every spor's mean across all waves, with intervals.

Rows handed to these functions are the rows of the core tables; rows with ``suppressed`` true are
never drawn (the figure says "for få besvarelser" instead). No meaning rests on colour alone:
markers differ in shape, lines are labelled directly, and every figure has a Danish alt text and
a note in words under it. The texts go through :func:`~frisat.reporting.language.tr`, like those of
:mod:`~frisat.reporting.figures`.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from frisat.core.analysis import AnalysisConfig
from frisat.core.quadrants import classify
from frisat.reporting import labels
from frisat.reporting.codes import DISAGREEMENTS
from frisat.reporting.figure_labels import place_labels
from frisat.reporting.figures import (
    BASE_RC,
    GRID,
    INK,
    MEANLINE,
    MIDLINE,
    POINT,
    QUADRANT_STYLE,
    FigureOutput,
    _new_figure,
    _png,
    _style_axes,
    figure_output,
    n_equals,
    quadrant_legend_handles,
    too_few_text,
)
from frisat.reporting.labels import fmt_int, fmt_num
from frisat.reporting.language import current, stacked, tr

DIMENSION_MARKERS = {"impl": ("o", POINT, "Implementering"), "vigt": ("D", MEANLINE, "Vigtighed")}
SPOR_MARKERS = ("o", "s", "D", "^", "v", "P", "X", "*")
DANISH_TICKS = FuncFormatter(lambda value, _pos: f"{value:g}".replace("-", "−").replace(".", current().decimal))
"""Axis numbers with a decimal comma (the decimal sign of the current language)."""
FLAG = "◆"
"""Marks an indicator whose stated and derived importance disagree (besides the words)."""


def _missing(value: object) -> bool:
    return labels.is_missing(value)


def _shown(rows: Sequence[dict], *columns: str) -> list[dict]:
    """The rows that may be drawn: not suppressed and with every given column present."""
    return [r for r in rows if not r.get("suppressed") and not any(_missing(r.get(c)) for c in columns)]


def _dimension_name(dim: str) -> str:
    """«Implementering» / «Vigtighed» (the dimension's name in :data:`DIMENSION_MARKERS`)."""
    return tr("Implementering") if dim == "impl" else tr("Vigtighed") if dim == "vigt" else dim


def _too_few(ax, config: AnalysisConfig, x: float = 0.5, y: float = 0.5) -> None:
    ax.text(x, y, too_few_text(config.min_n), ha="center", va="center", fontsize=10,
            transform=ax.transAxes, bbox={"facecolor": "white", "edgecolor": MIDLINE, "boxstyle": "round,pad=0.4"})


def _finish_axes(ax) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _n_text(n: int | None) -> str:
    return n_equals(n)


def _interval_text(low: object, high: object, level: str) -> str:
    if _missing(low) or _missing(high):
        return ""
    return " (" + tr("%(level)s-KI %(interval)s") % {"level": level, "interval": labels.fmt_interval(low, high)} + ")"


# -- derived importance -------------------------------------------------------------------------


def derived_figure(rows: Sequence[dict], spor_names: dict[str, str], n: int | None, config: AnalysisConfig,
                   slug: str, title_suffix: str = "") -> FigureOutput:
    """Stated importance (mean, 1–10) beside derived importance (β) for indicators a–c of each spor.

    ``rows`` are rows of :func:`frisat.core.derived_importance.derived_importance` for one group.
    """
    shown = [r for r in rows if not r.get("suppressed")]
    count = max(len(rows), 1)
    height = 1.6 + 0.26 * count
    flagged = [r for r in shown if r.get("agreement") in DISAGREEMENTS]
    parts = [tr("%(spor)s %(indicator)s: angivet %(stated)s, β %(beta)s") % {
        "spor": spor_names.get(r["spor"], r["spor"]), "indicator": r["indicator"],
        "stated": fmt_num(r.get("stated_mean")), "beta": fmt_num(r.get("beta")) or tr("ukendt")} for r in shown]
    title = tr("Angivet og afledt vigtighed") + title_suffix
    alt = (tr("To panelværdier pr. indikator%(suffix)s (%(n)s): til venstre den angivne vigtighed (gennemsnit "
              "1–10), til højre den afledte vigtighed (β, sammenhængen med sporets samlede vurdering).")
           % {"suffix": title_suffix, "n": _n_text(n)} + " " + "; ".join(parts) + "." if shown else
           f"{title}: {labels.suppressed_text(config.min_n)}.")
    notes = [tr("Anm.: %(n)s. Sådan læses figuren: jo længere søjlen til højre er, jo stærkere hænger indikatorens "
                "implementering sammen med respondenternes samlede vurdering af sporet (indikator d). Står en "
                "indikator højt til venstre men kort til højre, siger respondenterne, at den er vigtig, uden at den "
                "præger deres samlede vurdering.") % {"n": _n_text(n)}]
    if flagged:
        notes.append(tr("%(flag)s = angivet og afledt vigtighed er uenige (forklaret i teksten).") % {"flag": FLAG})

    def draw() -> bytes:
        with matplotlib.rc_context(BASE_RC):
            fig = _new_figure(7.4, height)
            left, right = fig.subplots(1, 2, sharey=True, gridspec_kw={"width_ratios": [1, 1]})
            positions = np.arange(len(rows))[::-1]
            names = []
            for pos, row in zip(positions, rows, strict=True):
                flag = f" {FLAG}" if row.get("agreement") in DISAGREEMENTS else ""
                names.append(f"{spor_names.get(row['spor'], row['spor'])} · {row['indicator']}{flag}")
                if row.get("suppressed"):
                    left.text(1.1, pos, labels.suppressed_text(config.min_n), va="center", fontsize=7.5,
                              style="italic")
                    continue
                if not _missing(row.get("stated_mean")):
                    left.scatter([row["stated_mean"]], [pos], marker="D", s=24, color=MEANLINE, zorder=3)
                if not _missing(row.get("beta")):
                    right.barh([pos], [row["beta"]], height=0.55, color=POINT, edgecolor="white", zorder=3)
                    right.text(row["beta"], pos, f" {fmt_num(row['beta'])}", va="center",
                               ha="left" if row["beta"] >= 0 else "right", fontsize=7)
                else:
                    right.text(0.02, pos, tr("kan ikke beregnes"), va="center", fontsize=7, style="italic")
            for index in range(1, len(rows)):
                if rows[index]["spor"] != rows[index - 1]["spor"]:
                    for ax in (left, right):
                        ax.axhline(positions[index] + 0.5, color=GRID, linewidth=0.8)
            left.set_yticks(positions, names, fontsize=7.5)
            left.set_ylim(-0.7, len(rows) - 0.3)
            left.set_xlim(1, 10.3)
            left.set_xticks(range(1, 11))
            left.set_xlabel(tr("Gennemsnit (1–10)"))
            left.set_title(tr("Angivet vigtighed"), fontsize=9.5, fontweight="bold")
            betas = [float(r["beta"]) for r in shown if not _missing(r.get("beta"))]
            low = min([0.0, *betas]) - 0.05
            high = max([0.3, *betas]) + 0.15
            right.set_xlim(low, high)
            right.axvline(0, color=MIDLINE, linewidth=0.9)
            right.set_xlabel(tr("β (sammenhæng med «alt i alt»)"))
            right.set_title(tr("Afledt vigtighed"), fontsize=9.5, fontweight="bold")
            right.tick_params(axis="y", length=0)
            right.xaxis.set_major_formatter(DANISH_TICKS)
            for ax in (left, right):
                ax.grid(True, axis="x", color=GRID, linewidth=0.5)
                _finish_axes(ax)
            if not shown:
                _too_few(right, config)
            return _png(fig)

    return figure_output(slug, title, (7.4, height), draw, alt, notes=notes)


# -- relative importance ------------------------------------------------------------------------


def _interval_rows(ax, rows: Sequence[dict], value: str, low: str, high: str, label_of, marker: str,
                   color: str) -> list[str]:
    positions = np.arange(len(rows))[::-1]
    names = []
    for pos, row in zip(positions, rows, strict=True):
        names.append(label_of(row))
        if row.get("suppressed") or _missing(row.get(value)):
            ax.text(0.0, pos, " " + tr("for få besvarelser"), va="center", fontsize=7.5, style="italic")
            continue
        if not (_missing(row.get(low)) or _missing(row.get(high))):
            ax.plot([row[low], row[high]], [pos, pos], color=color, linewidth=1.2, zorder=2)
        ax.scatter([row[value]], [pos], marker=marker, s=26, color=color, zorder=3, edgecolor="white",
                   linewidth=0.6)
    ax.set_yticks(positions, names, fontsize=7.5)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.grid(True, axis="x", color=GRID, linewidth=0.5)
    _finish_axes(ax)
    return names


def relative_figure(spor_rows: Sequence[dict], indicator_rows: Sequence[dict], spor_names: dict[str, str],
                    n: int | None, config: AnalysisConfig, slug: str, title_suffix: str = "") -> FigureOutput:
    """Relative importance: the spor (top) and the indicators (bottom) by centred mean with intervals."""
    level = labels.confidence_text(config.confidence)
    spor_rows = sorted(spor_rows, key=lambda r: (_missing(r.get("centred_mean")), -(r.get("centred_mean") or 0)))
    indicator_rows = sorted(indicator_rows,
                            key=lambda r: (_missing(r.get("centred_mean")), -(r.get("centred_mean") or 0)))
    height = 2.4 + 0.22 * (len(spor_rows) + len(indicator_rows))
    shown_spor = _shown(spor_rows, "centred_mean")
    shown_items = _shown(indicator_rows, "centred_mean")
    order = ", ".join(f"{spor_names.get(r['spor'], r['spor'])} {fmt_num(r['centred_mean'])}"
                      f"{_interval_text(r.get('centred_ci_low'), r.get('centred_ci_high'), level)}"
                      for r in shown_spor)
    title = tr("Relativ vigtighed") + title_suffix
    items = ""
    if shown_items:
        items = " " + tr("Vigtigste indikator: %(first_spor)s %(first)s; mindst vigtige: %(last_spor)s %(last)s.") % {
            "first_spor": spor_names.get(shown_items[0]["spor"], ""), "first": shown_items[0]["indicator"],
            "last_spor": spor_names.get(shown_items[-1]["spor"], ""), "last": shown_items[-1]["indicator"]}
    alt = (tr("%(title)s (%(n)s), sorteret fra mest til mindst vigtig, med %(level)s-konfidensintervaller som "
              "streger. Spor: %(order)s.") % {"title": title, "n": _n_text(n), "level": level, "order": order}
           + items if shown_spor else f"{title}: {labels.suppressed_text(config.min_n)}.")
    notes = [tr("Anm.: %(n)s. Sådan læses figuren: hvert svar om vigtighed er trukket fra respondentens eget "
                "gennemsnit over alle vigtighedsspørgsmål. Til højre for 0-linjen er det, respondenterne finder "
                "vigtigere end det, de ellers svarer; til venstre det mindre vigtige. Det kommer uden om, at næsten "
                "alle svarer «særdeles vigtigt» til alt. Stregerne er %(level)s-konfidensintervaller.")
             % {"n": _n_text(n), "level": level}]

    def draw() -> bytes:
        with matplotlib.rc_context(BASE_RC):
            fig = _new_figure(7.0, height)
            top, bottom = fig.subplots(2, 1, gridspec_kw={"height_ratios": [max(len(spor_rows), 1) + 1.5,
                                                                             max(len(indicator_rows), 1) + 1.5]})
            _interval_rows(top, spor_rows, "centred_mean", "centred_ci_low", "centred_ci_high",
                           lambda r: spor_names.get(r["spor"], r["spor"]), "s", POINT)
            _interval_rows(bottom, indicator_rows, "centred_mean", "centred_ci_low", "centred_ci_high",
                           lambda r: f"{spor_names.get(r['spor'], r['spor'])} · {r['indicator']}", "o", POINT)
            values = [v for r in [*spor_rows, *indicator_rows] if not r.get("suppressed")
                      for v in (r.get("centred_ci_low"), r.get("centred_ci_high"), r.get("centred_mean"))
                      if not _missing(v)]
            reach = max([0.5, *(abs(float(v)) for v in values)]) * 1.1
            for ax, title in ((top, tr("Spor")), (bottom, tr("Indikatorer"))):
                ax.axvline(0, color=MIDLINE, linewidth=1.0)
                ax.set_xlim(-reach, reach)
                ax.xaxis.set_major_formatter(DANISH_TICKS)
                ax.set_title(title, fontsize=9.5, loc="left", fontweight="bold")
            bottom.set_xlabel(tr("Point over (+) eller under (−) respondentens eget gennemsnit"))
            if not _shown(spor_rows, "centred_mean"):
                _too_few(top, config)
            return _png(fig)

    return figure_output(slug, title, (7.0, height), draw, alt, notes=notes)


# -- points ----------------------------------------------------------------------------------------


def points_figure(rows: Sequence[dict], spor_names: dict[str, str], total: int, config: AnalysisConfig,
                  slug: str, title_suffix: str = "") -> FigureOutput:
    """The mean allocation of ``total`` points per spor (bars) with intervals; the even split marked."""
    level = labels.confidence_text(config.confidence)
    rows = sorted(rows, key=lambda r: (_missing(r.get("mean_points")), -(r.get("mean_points") or 0)))
    shown = _shown(rows, "mean_points")
    drawn = {id(r) for r in shown}
    even = total / max(len(rows), 1)
    n = max((int(r["n"]) for r in shown if not _missing(r.get("n"))), default=None)
    parts = [tr("%(spor)s %(points)s point") % {"spor": spor_names.get(r["spor"], r["spor"]),
                                                 "points": fmt_num(r["mean_points"], 1)}
             + _interval_text(r.get("ci_low"), r.get("ci_high"), level) for r in shown]
    alt = (tr("Søjlediagram over fordelingen af %(total)s point%(suffix)s (%(n)s): %(parts)s. Den stiplede linje "
              "ved %(even)s point er en lige fordeling.") % {
        "total": fmt_int(total), "suffix": title_suffix, "n": _n_text(n), "parts": "; ".join(parts),
        "even": fmt_num(even, 0)}
           if shown else tr("Fordeling af point") + f"{title_suffix}: {labels.suppressed_text(config.min_n)}.")
    notes = [tr("Anm.: %(n)s (respondenter med en gyldig fordeling). Sådan læses figuren: respondenterne har fordelt "
                "%(total)s point mellem sporene. Et spor over den stiplede linje har fået mere end sin lige andel; "
                "det er tvunget til at vælge, så loftseffekten ikke skjuler prioriteringen. Stregerne er "
                "%(level)s-konfidensintervaller.") % {"n": _n_text(n), "total": fmt_int(total), "level": level}]
    title = tr("Fordeling af %(total)s point") % {"total": fmt_int(total)} + title_suffix

    def draw() -> bytes:
        with matplotlib.rc_context(BASE_RC):
            fig = _new_figure(7.0, 1.6 + 0.42 * max(len(rows), 1))
            ax = fig.add_subplot()
            positions = np.arange(len(rows))[::-1]
            for pos, row in zip(positions, rows, strict=True):
                if id(row) in drawn:
                    ax.barh([pos], [row["mean_points"]], height=0.6, color=POINT, edgecolor="white", zorder=2)
                    if not (_missing(row.get("ci_low")) or _missing(row.get("ci_high"))):
                        ax.plot([row["ci_low"], row["ci_high"]], [pos, pos], color=INK, linewidth=1.2, zorder=3)
                    ax.text(max(row.get("ci_high") or 0, row["mean_points"]) + total * 0.01, pos,
                            fmt_num(row["mean_points"], 1), va="center", fontsize=8)
                else:
                    ax.text(0.5, pos, tr("for få besvarelser"), va="center", fontsize=7.5, style="italic")
            ax.axvline(even, color=MIDLINE, linestyle=(0, (4, 3)), linewidth=1.1,
                       label=tr("Lige fordeling (%(points)s point)") % {"points": fmt_num(even, 0)})
            ax.set_yticks(positions, [spor_names.get(r["spor"], r["spor"]) for r in rows], fontsize=8.5)
            ax.set_xlim(0, max([even * 2, *(float(r.get("ci_high") or r["mean_points"]) for r in shown)]) * 1.15)
            ax.set_xlabel(tr("Gennemsnitligt antal point (af %(total)s)") % {"total": fmt_int(total)})
            ax.grid(True, axis="x", color=GRID, linewidth=0.5)
            _finish_axes(ax)
            fig.legend(loc="outside lower center", frameon=False, fontsize=8.5)
            return _png(fig)

    return figure_output(slug, title, (7.0, 1.6 + 0.42 * max(len(rows), 1)), draw, alt, notes=notes)


# -- groups side by side -----------------------------------------------------------------------


def difference_figure(rows: Sequence[dict], spor_names: dict[str, str], group_label: str, config: AnalysisConfig,
                      slug: str, title_suffix: str = "") -> FigureOutput:
    """Forest plot: per spor × dimension the difference group − reference with its interval.

    ``rows`` are rows of :func:`frisat.core.comparisons.compare_groups` for one ``by`` cell.
    """
    level = labels.confidence_text(config.confidence)
    plural = tr(group_label.lower() + ("" if group_label.lower().endswith("r") else "r"))  # «respondentgrupper»
    pairs = list(dict.fromkeys((str(r["group"]), str(r["reference"])) for r in rows))
    many = len(pairs) > 1
    height = 1.8 + 0.24 * max(len(rows), 1)
    shown = _shown(rows, "difference")
    parts = []
    for r in shown:
        pair = f" ({labels.value_label(r['group'])} − {labels.value_label(r['reference'])})" if many else ""
        parts.append(f"{spor_names.get(r['spor'], r['spor'])}, {_dimension_name(r['dimension']).lower()}"
                     f"{pair}: {fmt_num(r['difference'])}{_interval_text(r.get('ci_low'), r.get('ci_high'), level)}")
    ns = [f"{labels.value_label(r['group'])} N = {fmt_int(r.get('n_group'))}, "
          f"{labels.value_label(r['reference'])} N = {fmt_int(r.get('n_reference'))}" for r in shown[:1]]
    n_text = ns[0] if ns else n_equals(None)
    title = tr("Forskelle mellem %(groups)s") % {"groups": plural} + title_suffix
    alt = (tr("%(title)s (%(n)s) pr. spor og dimension, med %(level)s-konfidensintervaller som streger og en "
              "lodret linje ved 0: %(parts)s.") % {"title": title, "n": n_text, "level": level,
                                                   "parts": "; ".join(parts)}
           if shown else f"{title}: {labels.suppressed_text(config.min_n)}.")
    notes = [tr("Anm.: %(n)s (det første spor; N for hvert spor står i tabellen). Sådan læses figuren: en markør til "
                "højre for 0-linjen betyder, at den første gruppe i gennemsnit svarer højere end referencegruppen; til "
                "venstre lavere. Stregen er %(level)s-konfidensintervallet; rører den ikke 0-linjen (fyldt markør), er "
                "forskellen tydelig. Cirkel = implementering, rombe = vigtighed.") % {"n": n_text, "level": level}]

    def draw() -> bytes:
        with matplotlib.rc_context(BASE_RC):
            fig = _new_figure(7.2, height)
            ax = fig.add_subplot()
            positions = np.arange(len(rows))[::-1]
            names = []
            reach = 0.5
            for pos, row in zip(positions, rows, strict=True):
                marker, color, _name = DIMENSION_MARKERS.get(row["dimension"], ("o", POINT, row["dimension"]))
                pair = f" · {labels.value_label(row['group'])} − {labels.value_label(row['reference'])}" if many else ""
                names.append(f"{spor_names.get(row['spor'], row['spor'])} · {_dimension_name(row['dimension']).lower()}"
                             f"{pair}")
                if row.get("suppressed") or _missing(row.get("difference")):
                    ax.text(0, pos, "  " + tr("for få besvarelser"), va="center", fontsize=7.5, style="italic")
                    continue
                if not (_missing(row.get("ci_low")) or _missing(row.get("ci_high"))):
                    ax.plot([row["ci_low"], row["ci_high"]], [pos, pos], color=color, linewidth=1.2, zorder=2)
                    reach = max(reach, abs(float(row["ci_low"])), abs(float(row["ci_high"])))
                reach = max(reach, abs(float(row["difference"])))
                filled = row.get("significant") is True or row.get("significant") == True  # noqa: E712
                ax.scatter([row["difference"]], [pos], marker=marker, s=30, zorder=3,
                           color=color if filled else "white", edgecolor=color, linewidth=1.3)
            ax.axvline(0, color=MIDLINE, linewidth=1.0)
            ax.set_yticks(positions, names, fontsize=7.5)
            ax.set_ylim(-0.7, len(rows) - 0.3)
            ax.set_xlim(-reach * 1.15, reach * 1.15)
            ax.xaxis.set_major_formatter(DANISH_TICKS)
            ax.grid(True, axis="x", color=GRID, linewidth=0.5)
            _finish_axes(ax)
            group, reference = pairs[0] if pairs else ("", "")
            ax.set_xlabel(tr("Forskel i gennemsnit (indekspoint)") if many else
                          tr("Forskel: %(group)s − %(reference)s (indekspoint)") % {
                              "group": labels.value_label(group), "reference": labels.value_label(reference)})
            handles = [Line2D([], [], linestyle="none", marker=m, color=c, label=_dimension_name(dim))
                       for dim, (m, c, _name) in DIMENSION_MARKERS.items()]
            handles.append(Line2D([], [], linestyle="none", marker="o", markerfacecolor="white", markeredgecolor=INK,
                                  label=tr("Åben markør: intervallet rummer 0")))
            fig.legend(handles=handles, loc="outside lower center", ncol=3, frameon=False, fontsize=8)
            return _png(fig)

    return figure_output(slug, title, (7.2, height), draw, alt, notes=notes)


# -- waves -----------------------------------------------------------------------------------------


def _quadrant(vigt: object, impl: object, config: AnalysisConfig) -> str:
    return str(classify(np.array([float(vigt)]), np.array([float(impl)]), config.midpoint, config.midpoint)[0])


def arrows_figure(rows: Sequence[dict], spor_names: dict[str, str], waves: Sequence[str], config: AnalysisConfig,
                  slug: str, n_text: str, title_suffix: str = "") -> FigureOutput:
    """The quadrant plot with an arrow per spor from its position in one wave to the next.

    ``rows`` are rows of :func:`frisat.core.waves.positions` for one group (all consecutive wave
    pairs); the arrows of one spor are chained, and the spor is labelled at its last position.
    """
    shown = _shown(rows, "vigt_from", "impl_from", "vigt_to", "impl_to")
    by_spor: dict[str, list[dict]] = {}
    for row in shown:
        by_spor.setdefault(row["spor"], []).append(row)
    parts = []
    for spor, steps in by_spor.items():
        path = [_position(steps[0]["vigt_from"], steps[0]["impl_from"], steps[0]["wave_from"])]
        path += [_position(s["vigt_to"], s["impl_to"], s["wave_to"]) for s in steps]
        route = path[0]
        for step in path[1:]:
            route = tr("%(route)s til %(next)s") % {"route": route, "next": step}
        quadrant = _quadrant(steps[-1]["vigt_to"], steps[-1]["impl_to"], config)
        parts.append(tr("%(spor)s: fra %(path)s, nu i «%(quadrant)s»") % {
            "spor": spor_names.get(spor, spor), "path": route, "quadrant": labels.quadrant_label(quadrant)})
    alt = (tr("Kvadrantfigur%(suffix)s (%(n)s) med en pil for hvert spor fra gennemsnittet i én måling til den "
              "næste, vigtighed vandret og implementering lodret, skillelinjer ved %(midpoint)s.") % {
        "suffix": title_suffix, "n": n_text, "midpoint": fmt_num(config.midpoint, 1)} + " " + "; ".join(parts) + "."
           if shown else tr("Udvikling i kvadranten") + f"{title_suffix}: {labels.suppressed_text(config.min_n)}.")
    notes = [tr("Anm.: %(n)s. Sådan læses figuren: hver pil går fra sporets gennemsnit i den tidligere måling (åben "
                "markør) til gennemsnittet i den senere (fyldt markør). En pil opad betyder, at implementeringen er "
                "steget; en pil mod højre, at vigtigheden er steget. Om ændringen er større end tilfældet, står i "
                "tabellen over ændringer.") % {"n": n_text}]
    limits = _zoom_limits(shown, config) if shown else None
    if limits is not None:
        notes.append(tr("Akserne viser kun det udsnit af skalaen fra 1 til 10, hvor sporene ligger (med "
                        "skillelinjerne), så pilene kan ses."))

    def draw() -> bytes:
        with matplotlib.rc_context(BASE_RC):
            fig = _new_figure(6.6, 6.8, layout=None)
            ax = fig.add_axes((0.11, 0.22, 0.84, 0.74))
            _style_axes(ax, config)
            ends = []
            for number, (spor, steps) in enumerate(by_spor.items()):
                last = steps[-1]
                quadrant = _quadrant(last["vigt_to"], last["impl_to"], config)
                style = QUADRANT_STYLE[quadrant]
                first = steps[0]
                ax.scatter([first["vigt_from"]], [first["impl_from"]], marker=style["marker"], s=40, color="white",
                           edgecolor=style["color"], linewidth=1.3, zorder=4)
                for step in steps:
                    ax.annotate("", (step["vigt_to"], step["impl_to"]), xytext=(step["vigt_from"], step["impl_from"]),
                                arrowprops={"arrowstyle": "-|>", "color": style["color"], "lw": 1.4,
                                            "shrinkA": 3, "shrinkB": 4}, zorder=3)
                ax.scatter([last["vigt_to"]], [last["impl_to"]], marker=style["marker"], s=55, color=style["color"],
                           edgecolor="white", linewidth=0.8, zorder=5)
                ends.append((float(last["vigt_to"]), float(last["impl_to"]), stacked(spor_names.get(spor, spor)),
                             number))
            handles = quadrant_legend_handles()
            handles.append(Line2D([], [], linestyle="none", marker="o", markerfacecolor="white", markeredgecolor=INK,
                                  label=tr("Åben: måling %(wave)s") % {"wave": waves[0]} if waves
                                  else tr("Åben: første måling")))
            handles.append(Line2D([], [], linestyle="none", marker="o", color=INK,
                                  label=tr("Fyldt: måling %(wave)s") % {"wave": waves[-1]} if waves
                                  else tr("Fyldt: seneste måling")))
            fig.legend(handles=handles, loc="lower center", ncol=2, frameon=False, fontsize=8.5,
                       title=tr("Kvadrant i seneste måling (markørens form)"), title_fontsize=8.5,
                       bbox_to_anchor=(0.5, 0.0))
            if limits is not None:
                ax.set_xlim(*limits[0])
                ax.set_ylim(*limits[1])
            if not shown:
                _too_few(ax, config)
            place_labels(fig, ax, [e[0] for e in ends], [e[1] for e in ends], [e[2] for e in ends])
            return _png(fig)

    return figure_output(slug, tr("Fra måling til måling i kvadranten") + title_suffix, (6.6, 6.8), draw, alt,
                         notes=notes)


def _position(vigt: object, impl: object, wave: object) -> str:
    return tr("vigtighed %(vigt)s, implementering %(impl)s (måling %(wave)s)") % {
        "vigt": fmt_num(vigt), "impl": fmt_num(impl), "wave": wave}


ZOOM_MARGIN = 0.7


def _zoom_limits(rows: Sequence[dict], config: AnalysisConfig
                 ) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """The (x, y) limits that show only the part of the 1–10 square where the arrows are (and the dividing
    lines), with the same span on both axes so directions stay true; None when that is the whole square."""
    xs = [float(r[c]) for r in rows for c in ("vigt_from", "vigt_to")]
    ys = [float(r[c]) for r in rows for c in ("impl_from", "impl_to")]
    ranges = []
    for values in (xs, ys):
        low = min(min(values) - ZOOM_MARGIN, config.midpoint - 0.3)
        high = max(max(values) + ZOOM_MARGIN, config.midpoint + 0.3)
        ranges.append((low, high))
    span = max(high - low for low, high in ranges)
    if span >= 9.6 - 1e-9:
        return None
    limits = []
    for low, high in ranges:
        centre = (low + high) / 2
        start = min(max(centre - span / 2, 0.7), 10.3 - span)
        limits.append((start, start + span))
    return limits[0], limits[1]


def trend_figure(rows: Sequence[dict], spor_names: dict[str, str], waves: Sequence[str], config: AnalysisConfig,
                 slug: str, title_suffix: str = "") -> FigureOutput:
    """Mean per spor across all waves, one panel per dimension, with intervals and direct labels.

    ``rows`` are rows of :func:`frisat.core.waves.trend` for one group.
    """
    level = labels.confidence_text(config.confidence)
    order = {w: i for i, w in enumerate(waves)}
    spor_ids = list(dict.fromkeys(r["spor"] for r in rows))
    parts = []
    for spor in spor_ids:
        for dim in ("impl", "vigt"):
            points = sorted((r for r in _shown(rows, "mean") if r["spor"] == spor and r["dimension"] == dim),
                            key=lambda r: order.get(str(r["wave"]), 0))
            if points:
                parts.append(f"{spor_names.get(spor, spor)}, {_dimension_name(dim).lower()}: "
                             + ", ".join(f"{r['wave']}: {fmt_num(r['mean'])} (N = {fmt_int(r.get('n'))})"
                                         for r in points))
    alt = (tr("Linjediagram%(suffix)s over gennemsnittet for hvert spor i målingerne %(waves)s, implementering til "
              "venstre og vigtighed til højre, med %(level)s-konfidensintervaller som lodrette streger.") % {
        "suffix": title_suffix, "waves": ", ".join(waves), "level": level} + " " + "; ".join(parts) + "."
           if parts else tr("Udvikling") + f"{title_suffix}: {labels.suppressed_text(config.min_n)}.")
    notes = [tr("Anm.: N for hver måling står i figurteksten og i trend.csv. Sådan læses figuren: hver linje er ét "
                "spor (markørens form og navnet ved linjens ende viser hvilket). Stiger linjen, er gennemsnittet "
                "steget fra måling til måling. De lodrette streger er %(level)s-konfidensintervaller; overlapper de "
                "meget, kan forskellen være tilfældig. Den vandrette linje ligger ved %(midpoint)s.")
             % {"level": level, "midpoint": fmt_num(config.midpoint, 1)}]

    def draw() -> bytes:
        with matplotlib.rc_context(BASE_RC):
            fig = _new_figure(7.4, 4.2)
            axes = fig.subplots(1, 2, sharey=True)
            axes[0].set_ylim(*_trend_range(_shown(rows, "mean"), config))
            for ax, dim in zip(axes, ("impl", "vigt"), strict=True):
                label_points = []
                for number, spor in enumerate(spor_ids):
                    points = sorted((r for r in _shown(rows, "mean") if r["spor"] == spor and r["dimension"] == dim),
                                    key=lambda r: order.get(str(r["wave"]), 0))
                    if not points:
                        continue
                    xs = [order.get(str(r["wave"]), 0) + (number - 2) * 0.04 for r in points]
                    ys = [float(r["mean"]) for r in points]
                    marker = SPOR_MARKERS[number % len(SPOR_MARKERS)]
                    ax.plot(xs, ys, color=INK, linewidth=0.9, alpha=0.7, zorder=2)
                    ax.scatter(xs, ys, marker=marker, s=28, color=INK, zorder=3,
                               label=stacked(spor_names.get(spor, spor)))
                    for x, r in zip(xs, points, strict=True):
                        if not (_missing(r.get("ci_low")) or _missing(r.get("ci_high"))):
                            ax.plot([x, x], [r["ci_low"], r["ci_high"]], color=INK, linewidth=0.8, alpha=0.8, zorder=2)
                    label_points.append((xs[-1], ys[-1], stacked(spor_names.get(spor, spor))))
                ax.axhline(config.midpoint, color=MIDLINE, linewidth=1.0, zorder=1)
                ax.set_title(_dimension_name(dim), fontsize=10, fontweight="bold")
                ax.set_xticks(range(len(waves)), [str(w) for w in waves])
                ax.set_xlim(-0.3, len(waves) - 1 + 1.75)
                ax.set_xlabel(tr("Måling"))
                ax.grid(True, axis="y", color=GRID, linewidth=0.5)
                _finish_axes(ax)
                _label_ends(ax, label_points)
            axes[0].set_ylabel(tr("Gennemsnit (skala 1–10)"))
            axes[0].yaxis.set_major_formatter(DANISH_TICKS)
            handles, names = axes[0].get_legend_handles_labels()
            if not handles:
                handles, names = axes[1].get_legend_handles_labels()
            if handles:
                fig.legend(handles, names, loc="outside lower center", ncol=min(len(names), 3), frameon=False,
                           fontsize=8)
            if not _shown(rows, "mean"):
                _too_few(axes[0], config)
            return _png(fig)

    return figure_output(slug, tr("Udvikling over alle målinger") + title_suffix, (7.4, 4.2), draw, alt,
                         notes=notes)


def _trend_range(rows: Sequence[dict], config: AnalysisConfig) -> tuple[float, float]:
    """The part of the 1–10 scale the trend needs: every mean and interval, and the midpoint line."""
    values = [float(r[c]) for r in rows for c in ("mean", "ci_low", "ci_high") if not _missing(r.get(c))]
    if not values:
        return 1.0, 10.3
    low = max(1.0, min(min(values), config.midpoint) - 0.6)
    high = min(10.3, max(max(values), config.midpoint) + 0.6)
    return low, high


def _label_ends(ax, points: list[tuple[float, float, str]]) -> None:
    """Name each line at its right end, nudging labels apart vertically (labels of two lines — a name
    with its translation, :func:`~frisat.reporting.language.stacked` — get twice the room and are
    kept below the top of the axes)."""
    if not points:
        return
    points = sorted(points, key=lambda p: p[1])
    placed: list[float] = []
    low, high = ax.get_ylim() if ax.get_ylim()[1] > ax.get_ylim()[0] else (1.0, 10.3)
    lines = max(text.count("\n") + 1 for _x, _y, text in points)
    gap = (high - low) * 0.045 * lines
    for _x, y, _text in points:
        placed.append(y if not placed or y - placed[-1] >= gap else placed[-1] + gap)
    if lines > 1 and placed[-1] > high - gap / 2:
        placed = [at - (placed[-1] - (high - gap / 2)) for at in placed]
    for (x, y, text), at in zip(points, placed, strict=True):
        ax.annotate(text, (x, y), xytext=(x + 0.15, at), textcoords="data", fontsize=7, va="center",
                    arrowprops={"arrowstyle": "-", "color": "#888888", "lw": 0.5} if abs(at - y) > 0.05 else None)
