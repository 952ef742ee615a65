"""Box and strip plots of a measure per period (matplotlib through the project's figure helpers)."""

from __future__ import annotations

import numpy as np

from frisat.core.cases.periods import PeriodComparison
from frisat.core.cases.scheme import Scheme
from frisat.reporting.cases.texts import measure_label, measure_unit, period_label
from frisat.reporting.figures import BASE_RC, GRID, INK, MEANLINE, FigureOutput, _new_figure, _png
from frisat.reporting.labels import fmt_int, fmt_num
from frisat.reporting.language import tr


def period_boxplot(comparison: PeriodComparison, scheme: Scheme, measure_id: str, group: tuple = (),
                   slug: str = "") -> FigureOutput:
    """One box per period (median, quartiles, whiskers at 1.5 IQR) with every case as a dot, the mean
    as a diamond and n under each box. Blanked cells (n < min_n) show no box."""
    import matplotlib

    periods = [p.code for p in scheme.periods()]
    cells = [(code, comparison.values.get((measure_id, *group, code))) for code in periods]
    cells = [(code, values) for code, values in cells if values is not None]
    label = measure_label(scheme, measure_id)
    unit = measure_unit(scheme, measure_id)
    with matplotlib.rc_context(BASE_RC):
        fig = _new_figure(6.4, 3.6)
        ax = fig.add_subplot()
        rng = np.random.default_rng(0)
        ticks = []
        for i, (code, values) in enumerate(cells):
            ticks.append(f"{period_label(scheme, code)}\nn = {fmt_int(len(values))}")
            if len(values) == 0:
                continue
            ax.boxplot([values], positions=[i], widths=0.5, showfliers=False, patch_artist=True,
                       boxprops={"facecolor": "#dbe6f1", "edgecolor": INK},
                       medianprops={"color": INK, "linewidth": 2}, whiskerprops={"color": INK},
                       capprops={"color": INK})
            ax.scatter(i + rng.uniform(-0.18, 0.18, len(values)), values, s=9, color="#0b4f8a", alpha=0.55,
                       linewidths=0, zorder=3)
            ax.scatter([i], [values.mean()], marker="D", s=36, color=MEANLINE, edgecolors="white", zorder=4)
        ax.set_xticks(range(len(cells)), ticks)
        ax.set_ylabel(unit or label)
        ax.grid(axis="y", color=GRID, linewidth=0.6)
        ax.set_axisbelow(True)
        group_text = " / ".join(str(g) for g in group if str(g))
        ax.set_title(label + (f" — {group_text}" if group_text else ""), fontsize=10, loc="left")
        png = _png(fig)
    parts = [f"{period_label(scheme, code)}: n = {fmt_int(len(v))}"
             + (tr(", median %(median)s, gennemsnit %(mean)s") % {"median": fmt_num(np.median(v), 1),
                                                                    "mean": fmt_num(v.mean(), 1)} if len(v) else "")
             for code, v in cells]
    alt = tr("Boksplot af %(measure)s pr. periode.") % {"measure": label.lower()} + " " + "; ".join(parts) + "."
    return FigureOutput(slug or measure_id, label, png, alt)
