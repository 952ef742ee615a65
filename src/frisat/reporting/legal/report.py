"""The legal-quality reports as self-contained HTML (figures as base64 PNG) and PDF (WeasyPrint).

- :func:`analysis_context`: ``frisat legal analyze`` — funnel plot, trend against the nation and the
  comparison group, law areas side by side, tables;
- :func:`agenda_context`: ``frisat legal agenda`` — the one-page basis for the kommunalbestyrelse's yearly
  discussion of Danmarkskortet (with an empty box for the council's decision);
- :func:`explain_context`: ``frisat legal explain`` — the fixed-effects table with its plain reading.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import pandas as pd

from frisat.core.legal import schema as s
from frisat.core.legal.compare import trend as trend_table
from frisat.core.legal.rates import RatesResult
from frisat.reporting._files import write_text
from frisat.reporting.figures import FigureOutput
from frisat.reporting.language import current, tr
from frisat.reporting.legal import codes
from frisat.reporting.legal.codes import area_name, funnel_label, number, percent
from frisat.reporting.legal.figures import areas_figure, funnel_figure, trend_figure

if TYPE_CHECKING:
    from frisat.core.legal.regression import RegressionResult


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("frisat.reporting.legal", "templates"),
                              autoescape=True, undefined=jinja2.StrictUndefined)


def figure_data(fig: FigureOutput) -> dict[str, Any]:
    """A figure for the HTML templates: title, alt text and the PNG (raw and as base64)."""
    return {"title": fig.title, "alt": fig.alt, "data": base64.b64encode(fig.png).decode("ascii"), "png": fig.png,
            "slug": fig.slug}


def _base(title: str, overtitle: str, meta: dict[str, str], notes: list[str], synthetic: str = "") -> dict[str, Any]:
    return {"lang": "da" if current().danish else "en", "title": title, "overtitle": overtitle,
            "snapshot": codes.snapshot_line(meta), "notes": notes,
            "legend": tr("Sager = realitetsbehandlede sager; Procent = omgørelsesprocent; Land = landsniveau; "
                         "Gruppe = sammenligningsgruppen; Tragt = placering i tragtplottet (95 %-grænser)."),
            "synthetic": synthetic, "facts": [], "sections": [], "citation": tr("Kilde til definitioner og metode: ")
            + codes.SEED_003 + "."}


def _trend_rows(trend: pd.DataFrame, area: str) -> dict[str, Any]:
    rows = trend[trend[s.LOVOMRAADE] == area].sort_values(s.AAR)
    return {"caption": tr("År for år, %(area)s") % {"area": area_name(area).lower()},
            "headers": [tr("År"), tr("Sager"), tr("Omgjort"), tr("Procent"),
                        tr("95 %-interval"), tr("Land"), tr("Gruppe"), tr("Tragt"),
                        tr("Få sager")],
            "numeric": {0, 1, 2, 3, 5, 6},
            "rows": [[r.aar, r.realitetsbehandlede, r.omgjort, percent(r.rate),
                      f"{percent(r.ci_low)} – {percent(r.ci_high)}", percent(r.national_rate), percent(r.group_rate),
                      funnel_label(r.funnel_position), tr("ja") if r.few_cases else ""]
                     for r in rows.itertuples(index=False)]}


def _areas_rows(trend: pd.DataFrame, year: int) -> dict[str, Any]:
    rows = trend[trend[s.AAR] == year].sort_values(s.LOVOMRAADE, key=lambda c: c == s.ALL_AREAS)
    return {"caption": tr("Lovområder %(year)s") % {"year": year},
            "headers": [tr("Lovområde"), tr("Sager"), tr("Procent"), tr("95 %-interval"),
                        tr("Land"), tr("Gruppe"), tr("Tragt")],
            "numeric": {1, 2, 4, 5},
            "rows": [[area_name(r.lovomraade), r.realitetsbehandlede, percent(r.rate),
                      f"{percent(r.ci_low)} – {percent(r.ci_high)}", percent(r.national_rate), percent(r.group_rate),
                      funnel_label(r.funnel_position)] for r in rows.itertuples(index=False)]}


def _latest(result: RatesResult, area: str, kommune: str | None) -> int | None:
    rows = result.rates[result.rates[s.LOVOMRAADE] == area]
    if kommune:
        rows = rows[rows[s.KOMMUNE] == kommune]
    return int(rows[s.AAR].max()) if len(rows) else None


def analysis_context(result: RatesResult, meta: dict[str, str], kommune: str | None = None,
                     area: str = s.ALL_AREAS, group: list[str] | None = None, synthetic: str = "",
                     ) -> tuple[dict[str, Any], list[FigureOutput], pd.DataFrame | None]:
    """The report of ``frisat legal analyze`` (and its figures, and the kommune's trend table)."""
    group = group or []
    who = kommune or tr("alle kommuner")
    ctx = _base(tr("Omgørelsesprocent – %(who)s") % {"who": who}, tr("Retssikkerhed: Ankestyrelsens omgørelser"),
                meta, codes.note_texts(result.notes), synthetic)
    figures: list[FigureOutput] = []
    year = _latest(result, area, kommune)
    ctx["sections"].append({"heading": tr("Hvad tallet er"), "paragraphs": [
        tr("Seed 003 definerer: %(q)s") % {"q": codes.glossed(codes.DEFINITION_QUOTE)},
        tr("Omgørelsesprocent = (ændret/ophævet + hjemvist) ÷ realitetsbehandlede sager (alle sager minus "
           "afviste/henviste), med 95 %-interval (Wilson)."),
        tr("Tragtplottet viser, hvor langt fra landsniveauet en kommune med et givet antal sager kan ligge af rene "
           "tilfældigheder (95 %- og 99,8 %-grænser, binomialfordelingen omkring landsniveauet). Ligger en kommune "
           "inden for tragten, kan forskellen til landsniveauet skyldes tilfældigheder.")],
        "figures": [], "tables": [], "blank": ""})
    trend = None
    if year is not None:
        funnel = funnel_figure(result.rates, year, area, kommune, group)
        figures.append(funnel)
        section: dict[str, Any] = {"heading": tr("Alle kommuner mod landsniveauet, %(year)s") % {"year": year},
                                   "paragraphs": [], "figures": [figure_data(funnel)], "tables": [], "blank": ""}
        if kommune:
            trend = trend_table(result.rates, kommune, group)
            own = trend[(trend[s.LOVOMRAADE] == area) & (trend[s.AAR] == year)]
            if len(own):
                r = own.iloc[0]
                section["paragraphs"].append(codes.funnel_sentence(kommune, r["funnel_position"], year, area))
                ctx["facts"] = [
                    {"value": percent(r["rate"]), "label": f"{kommune} {year}"},
                    {"value": f"{percent(r['ci_low'], 0)}–{percent(r['ci_high'], 0)}", "label": tr("95 %-interval")},
                    {"value": percent(r["national_rate"]), "label": tr("Landsniveau")},
                    {"value": percent(r["group_rate"]), "label": tr("Sammenligningsgruppe")},
                    {"value": str(int(r["realitetsbehandlede"])), "label": tr("Realitetsbehandlede sager")}]
        else:
            rows = result.rates[(result.rates[s.AAR] == year) & (result.rates[s.LOVOMRAADE] == area)]
            rows = rows.sort_values("rate", ascending=False)
            section["tables"].append({
                "caption": tr("Kommunerne %(year)s, %(area)s") % {"year": year, "area": area_name(area).lower()},
                "headers": [tr("Kommune"), tr("Realitetsbehandlede"), tr("Omgørelsesprocent"), tr("95 %-interval"),
                            tr("Tragt"), tr("Få sager")], "numeric": {1, 2},
                "rows": [[r.kommune, r.realitetsbehandlede, percent(r.rate),
                          f"{percent(r.ci_low)} – {percent(r.ci_high)}", funnel_label(r.funnel_position),
                          tr("ja") if r.few_cases else ""] for r in rows.itertuples(index=False)]})
        ctx["sections"].append(section)
    if kommune and trend is not None and len(trend):
        fig = trend_figure(trend, kommune, area)
        figures.append(fig)
        members = ", ".join(k for k in group if k != kommune) or tr("ingen valgt")
        ctx["sections"].append({"heading": tr("Udvikling mod landsniveauet og sammenligningsgruppen"),
                                "paragraphs": [tr("Sammenligningsgruppe: %(m)s.") % {"m": members}],
                                "figures": [figure_data(fig)], "tables": [_trend_rows(trend, area)], "blank": ""})
        if year is not None and (trend[s.LOVOMRAADE] != s.ALL_AREAS).any():
            fig = areas_figure(trend, kommune, year)
            figures.append(fig)
            ctx["sections"].append({"heading": tr("Lovområder side om side"), "paragraphs": [],
                                    "figures": [figure_data(fig)], "tables": [_areas_rows(trend, year)], "blank": ""})
    return ctx, figures, trend


def agenda_context(result: RatesResult, meta: dict[str, str], kommune: str, group: list[str],
                   synthetic: str = "") -> dict[str, Any]:
    """One page for the kommunalbestyrelse: rates by law area, trend, funnel position, comparison group."""
    trend = trend_table(result.rates, kommune, group)
    year = int(trend[s.AAR].max()) if len(trend) else None
    ctx = _base(tr("Dagsordenspunkt: Danmarkskortet – %(kommune)s") % {"kommune": kommune},
                tr("Kommunalbestyrelsens årlige drøftelse af Ankestyrelsens omgørelser"), meta,
                codes.note_texts(n for n in result.notes if n.code not in ("shifted_year", "incomplete_years")),
                synthetic)
    if year is None:
        return ctx
    own = trend[(trend[s.AAR] == year) & (trend[s.LOVOMRAADE] == s.ALL_AREAS)]
    paragraphs = []
    if len(own):
        r = own.iloc[0]
        paragraphs.append(tr("I %(year)s blev %(x)s af %(n)s realitetsbehandlede klagesager omgjort: %(rate)s "
                             "(95 %%-interval %(low)s – %(high)s) mod %(nat)s på landsplan.") % {
            "year": year, "x": int(r["omgjort"]), "n": int(r["realitetsbehandlede"]), "rate": percent(r["rate"]),
            "low": percent(r["ci_low"]), "high": percent(r["ci_high"]), "nat": percent(r["national_rate"])})
        paragraphs.append(codes.funnel_sentence(kommune, r["funnel_position"], year, s.ALL_AREAS))
    ctx["sections"].append({"heading": tr("Sagen"), "paragraphs": paragraphs, "figures": [],
                            "tables": [_areas_rows(trend, year)], "blank": ""})
    fig = trend_figure(trend, kommune, s.ALL_AREAS, height=1.75)
    ctx["sections"].append({"heading": tr("Udvikling"), "paragraphs": [], "figures": [figure_data(fig)], "tables": [],
                            "blank": ""})
    ctx["sections"].append({"heading": tr("Indstilling og beslutning"), "paragraphs": [
        tr("Kommunalbestyrelsen drøfter Ankestyrelsens tal og beslutter, om der er behov for en handleplan.")],
        "figures": [], "tables": [], "blank": tr("Beslutning, handleplan, ansvarlig og dato:")})
    return ctx


def explain_context(result: RegressionResult, meta: dict[str, str], notes: list[str],
                    synthetic: str = "") -> dict[str, Any]:
    """The fixed-effects table (seed 003, Tabel 2's FE model) with n and the plain reading."""
    ctx = _base(tr("Hvad hænger sammen med omgørelsesprocenten?"), tr("Analyse: faste effekter for kommunerne"),
                meta, notes, synthetic)
    ctx["facts"] = [{"value": str(result.n), "label": tr("kommune-år (n)")},
                    {"value": str(result.n_kommuner), "label": tr("kommuner")}]
    table = {"caption": tr("Koefficienter (procentpoint pr. enhed), standardfejl klynget på kommune"),
             "headers": [tr("Variabel"), tr("Koefficient"), tr("Standardfejl"), tr("p-værdi"), tr("95 %-interval")],
             "numeric": {1, 2, 3},
             "rows": [[r.variabel, number(r.koefficient, 3), number(r.std_fejl, 3), number(r.p_vaerdi, 3),
                       f"{number(r.ci_low, 3)} – {number(r.ci_high, 3)}"]
                      for r in result.table.itertuples(index=False)]}
    ctx["sections"].append({"heading": tr("Resultat"), "paragraphs": codes.regression_reading(result),
                            "figures": [], "tables": [table], "blank": ""})
    return ctx


def render_html(context: dict[str, Any]) -> str:
    return _environment().get_template("legal.html.j2").render(**context)


def write_report(context: dict[str, Any], out_dir: Path, stem: str) -> list[Path]:
    """``stem``.html and ``stem``.pdf in ``out_dir``."""
    from frisat.reporting.report import write_pdf

    html = render_html(context)
    html_path = write_text(out_dir / f"{stem}.html", html)
    pdf_path = out_dir / f"{stem}.pdf"
    write_pdf(html, pdf_path)
    return [html_path, pdf_path]
