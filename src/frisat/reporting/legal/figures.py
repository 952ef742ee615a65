"""Figures of the legal-quality report: funnel plot, trend against the nation and the group, law areas.

Drawn with the project's figure helpers (:mod:`frisat.reporting.figures`: Figure without pyplot, PNG at
its DPI, its colour-blind-safe palette); each returns a :class:`~frisat.reporting.figures.FigureOutput`.
"""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd

from frisat.core.legal import schema as s
from frisat.core.legal.rates import FUNNEL_CONFIDENCE, funnel_curve
from frisat.reporting.figures import BASE_RC, CAUTION, GRID, INK, MEANLINE, POINT, FigureOutput, _new_figure, _png
from frisat.reporting.language import tr
from frisat.reporting.legal.codes import area_name, percent

GROUP = "#009E73"
OTHERS = "#9aa4b1"


def _percent_axis(ax, axis: str = "y") -> None:
    formatter = matplotlib.ticker.FuncFormatter(lambda v, _pos: percent(v, 0))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(formatter)
    ax.grid(True, color=GRID, linewidth=0.5, zorder=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def funnel_figure(rates: pd.DataFrame, year: int, area: str, kommune: str | None = None,
                  group: list[str] | None = None, slug: str = "tragt") -> FigureOutput:
    """All municipalities of one year and law area: rate against decided cases, with the funnel limits."""
    group = group or []
    rows = rates[(rates[s.AAR] == year) & (rates[s.LOVOMRAADE] == area) & (rates["realitetsbehandlede"] > 0)]
    p0 = float(rows["national_rate"].iloc[0]) if len(rows) else float("nan")
    title = tr("Tragtplot %(year)s, %(area)s") % {"year": year, "area": area_name(area).lower()}
    with matplotlib.rc_context(BASE_RC):
        fig = _new_figure(7.2, 4.4)
        ax = fig.add_subplot()
        if len(rows):
            max_n = int(rows["realitetsbehandlede"].max())
            for confidence, style in zip(FUNNEL_CONFIDENCE, ("--", ":"), strict=True):
                curve = funnel_curve(p0, max_n, confidence)
                label = tr("%(c)s-grænser") % {"c": percent(confidence, 1 if confidence > 0.99 else 0)}
                ax.step(curve["n"], curve["low"], where="post", color=INK, linestyle=style, linewidth=1, label=label)
                ax.step(curve["n"], curve["high"], where="post", color=INK, linestyle=style, linewidth=1)
            ax.axhline(p0, color=MEANLINE, linewidth=1.2, label=tr("Landsniveau %(p)s") % {"p": percent(p0)})
            rest = rows[~rows[s.KOMMUNE].isin([kommune, *group])]
            ax.scatter(rest["realitetsbehandlede"], rest["rate"], s=14, color=OTHERS, zorder=3,
                       label=tr("Øvrige kommuner"))
            mine = rows[rows[s.KOMMUNE].isin(group) & (rows[s.KOMMUNE] != kommune)]
            if len(mine):
                ax.scatter(mine["realitetsbehandlede"], mine["rate"], s=26, marker="s", color=GROUP, zorder=4,
                           label=tr("Sammenligningsgruppe"))
            own = rows[rows[s.KOMMUNE] == kommune]
            if len(own):
                ax.scatter(own["realitetsbehandlede"], own["rate"], s=70, marker="D", color=POINT,
                           edgecolor=INK, zorder=5, label=kommune)
            ax.set_xscale("log")
            ax.legend(loc="upper right", fontsize=7.5, frameon=False)
        ax.set_xlabel(tr("Realitetsbehandlede sager (logaritmisk akse)"))
        ax.set_ylabel(tr("Omgørelsesprocent"))
        ax.set_ylim(0, 1)
        _percent_axis(ax)
        png = _png(fig)
    alt = (tr("Tragtplot: hver kommunes omgørelsesprocent i %(year)s mod antal realitetsbehandlede sager; "
              "landsniveauet er %(p)s, og grænserne viser, hvor langt fra landsniveauet en kommune kan ligge "
              "af tilfældige grunde.") % {"year": year, "p": percent(p0)})
    return FigureOutput(slug, title, png, alt)


def trend_figure(trend: pd.DataFrame, kommune: str, area: str, slug: str = "udvikling",
                 height: float = 3.6) -> FigureOutput:
    """The municipality's rate (with 95 % Wilson interval) by year, the national rate and the group's."""
    rows = trend[trend[s.LOVOMRAADE] == area].sort_values(s.AAR)
    title = tr("Udvikling, %(area)s") % {"area": area_name(area).lower()}
    with matplotlib.rc_context(BASE_RC):
        fig = _new_figure(7.2, height)
        ax = fig.add_subplot()
        years = rows[s.AAR].to_numpy()
        ax.fill_between(years, rows["ci_low"], rows["ci_high"], color=POINT, alpha=0.15, linewidth=0,
                        label=tr("95 %-interval"))
        ax.plot(years, rows["rate"], marker="o", color=POINT, label=kommune)
        ax.plot(years, rows["national_rate"], color=MEANLINE, linestyle="--", label=tr("Landsniveau"))
        if rows["group_rate"].notna().any():
            ax.plot(years, rows["group_rate"], color=GROUP, marker="s", linestyle="-.",
                    label=tr("Sammenligningsgruppe"))
        few = rows[rows["few_cases"]]
        if len(few):
            ax.scatter(few[s.AAR], few["rate"], s=90, facecolor="none", edgecolor=CAUTION, zorder=5,
                       label=tr("Få sager"))
        if len(years):
            ax.set_xticks(years)
        ax.set_ylabel(tr("Omgørelsesprocent"))
        ax.set_ylim(0, max(0.7, float(np.nanmax(rows["ci_high"])) if len(rows) else 0.7))
        ax.legend(loc="upper left", fontsize=7.5, frameon=False, ncol=2)
        _percent_axis(ax)
        png = _png(fig)
    alt = tr("Linjediagram: omgørelsesprocenten for %(kommune)s år for år med 95 %%-interval, landsniveauet og "
             "sammenligningsgruppen.") % {"kommune": kommune}
    return FigureOutput(slug, title, png, alt)


def areas_figure(trend: pd.DataFrame, kommune: str, year: int, slug: str = "lovomraader") -> FigureOutput:
    """Law areas side by side in one year: the municipality's rate and interval, the national rate."""
    rows = trend[(trend[s.AAR] == year) & (trend[s.LOVOMRAADE] != s.ALL_AREAS)].sort_values(s.LOVOMRAADE)
    title = tr("Lovområder side om side, %(year)s") % {"year": year}
    with matplotlib.rc_context(BASE_RC):
        fig = _new_figure(7.2, 0.5 + 0.45 * max(len(rows), 1))
        ax = fig.add_subplot()
        y = np.arange(len(rows))
        rate = rows["rate"].to_numpy()
        ax.errorbar(rate, y, xerr=[rate - rows["ci_low"].to_numpy(), rows["ci_high"].to_numpy() - rate], fmt="o",
                    color=POINT, capsize=3, label=f"{kommune} ({percent(0.95, 0)})")
        ax.scatter(rows["national_rate"], y, marker="|", s=260, color=MEANLINE, zorder=4, label=tr("Landsniveau"))
        if rows["group_rate"].notna().any():
            ax.scatter(rows["group_rate"], y, marker="s", s=28, color=GROUP, zorder=4,
                       label=tr("Sammenligningsgruppe"))
        ax.set_yticks(y, [area_name(a) for a in rows[s.LOVOMRAADE]])
        ax.set_xlim(0, 1)
        ax.invert_yaxis()
        ax.legend(loc="lower right", fontsize=7.5, frameon=False)
        _percent_axis(ax, "x")
        png = _png(fig)
    alt = tr("Prikdiagram: omgørelsesprocenten for %(kommune)s pr. lovområde i %(year)s med 95 %%-interval og "
             "landsniveauet.") % {"kommune": kommune, "year": year}
    return FigureOutput(slug, title, png, alt)
