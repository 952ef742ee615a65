"""rapport.html and rapport.pdf: the Danish report, built from the analysis and the panel figures.

The HTML is self-contained (CSS inline, figures as base64 PNG); the PDF is WeasyPrint's print of
the same HTML. All numbers come from :mod:`frisat.core` results; this module only selects,
formats and lays them out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd

from frisat.core.analysis import AnalysisResult
from frisat.core.extended import ExtendedResult
from frisat.core.quadrants import QUADRANTS
from frisat.reporting import labels
from frisat.reporting.codes import QUADRANT_ADVICE, QUADRANT_LABELS, note_text
from frisat.reporting.figures import FigureOutput
from frisat.reporting.labels import fmt_int, fmt_num
from frisat.reporting.panels import PanelSet
from frisat.reporting.report_extended import ExtendedFigures, build_extended_context
from frisat.reporting.views import summary
from frisat.reporting.views.model import figure_spec
from frisat.reporting.views.summary import comment_quadrants

__all__ = ["FigureGroups", "build_context", "comment_quadrants", "render_html", "write_pdf"]

COMMENTS_PER_CELL = 5
"""Comments shown per spor × area × quadrant (all are in resultater.xlsx)."""
COMMENTS_PER_QUADRANT = 12
"""Comments shown per spor × quadrant when comments are not split by area."""
HIGHLIGHT_NAMES = 6
PRINT_TABLE_ROWS = 300
"""Above this many group × spor rows the PDF shows one compact table instead of the full tables
(WeasyPrint lays out about a thousand table cells a second); the HTML always has the full tables."""
QUADRANT_SYMBOLS = {"fokus": "◆", "fortsaet": "●", "overimplementering": "■", "lav_prioritet": "▲"}
"""Print symbols of the quadrants, the same shapes as the figure markers."""
UNCERTAIN_MARK = "?"
"""Added to a quadrant symbol in the compact print table when the placement is uncertain."""

MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
          "november", "december")


def danish_date(day: dt.date) -> str:
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


@dataclass
class FigureGroups:
    """The figures of the report, in the order they appear."""

    guide: FigureOutput
    means: list[FigureOutput] = field(default_factory=list)
    scatters: list[FigureOutput] = field(default_factory=list)
    dots: list[FigureOutput] = field(default_factory=list)
    extended: ExtendedFigures = field(default_factory=ExtendedFigures)
    """The figures of the extended chapters (issue 4), after the spor figures."""

    def all(self) -> list[FigureOutput]:
        return [self.guide, *self.means, *self.scatters, *self.dots, *self.extended.all()]


# -- helpers -----------------------------------------------------------------------------------


def _group_values(record: dict[str, Any], by: Sequence[str]) -> list[str]:
    return [str(record[c]) for c in by]


def _name_list(names: list[str]) -> str:
    if len(names) <= HIGHLIGHT_NAMES:
        return ", ".join(names[:-1]) + (" og " if len(names) > 1 else "") + names[-1]
    rest = len(names) - HIGHLIGHT_NAMES + 1
    return ", ".join(names[: HIGHLIGHT_NAMES - 1]) + f" og {fmt_int(rest)} andre grupper"


# -- the sections ------------------------------------------------------------------------------


def _highlights(result: AnalysisResult) -> list[str]:
    summary = result.summary
    spor_names = labels.spor_labels(result.instrument)
    shown = summary[~summary["suppressed"]]
    out = []
    fokus_label = QUADRANT_LABELS["fokus"]
    any_fokus = False
    for spor in result.spor:
        rows = shown[(shown["spor"] == spor) & (shown["quadrant_absolute"] == "fokus")]
        if rows.empty:
            continue
        any_fokus = True
        if result.by:
            rows = rows.sort_values("gap", ascending=False, kind="stable")
            names = [labels.group_name(_group_values(r, result.by)) for r in rows.to_dict("records")]
            total = int((shown["spor"] == spor).sum())
            if len(names) == total:
                text = f"for alle {fmt_int(total)} grupper"
            else:
                text = f"for {fmt_int(len(names))} af {fmt_int(total)} grupper"
            area = next((c for c in ("omraade",) if c in result.by and len(result.by) > 1), None)
            if area:
                per_area = rows[area].astype("string").value_counts()
                text += " (" + ", ".join(f"{labels.value_label(k)}: {fmt_int(v)}" for k, v in per_area.items()) + ")"
            lead = "størst forskel hos" if len(names) > HIGHLIGHT_NAMES else "nemlig"
            out.append(f"«{spor_names[spor]}» ligger i «{fokus_label}» {text}; {lead} {_name_list(names)}.")
        else:
            out.append(f"«{spor_names[spor]}» ligger i «{fokus_label}».")
    valid = shown.dropna(subset=["quadrant_absolute"])
    if not any_fokus and not valid.empty:
        counts = valid["quadrant_absolute"].value_counts()
        top = str(counts.index[0])
        out.append(f"Intet spor ligger i «{fokus_label}». Flest gennemsnit ({fmt_int(counts.iloc[0])} af "
                   f"{fmt_int(len(valid))}) ligger i «{QUADRANT_LABELS[top]}».")
    gaps = shown.dropna(subset=["gap"])
    if not gaps.empty:
        row = gaps.loc[gaps["gap"].idxmax()].to_dict()
        where = f" for {labels.group_name(_group_values(row, result.by))}" if result.by else ""
        out.append(f"Den største forskel mellem vigtighed og implementering er i «{spor_names[row['spor']]}»"
                   f"{where}: vigtighed {fmt_num(row['vigt_mean'])} mod implementering "
                   f"{fmt_num(row['impl_mean'])} (forskel {fmt_num(row['gap'])}).")
        low = gaps.loc[gaps["impl_mean"].idxmin()].to_dict()
        where = f" for {labels.group_name(_group_values(low, result.by))}" if result.by else ""
        out.append(f"Lavest implementering: «{spor_names[low['spor']]}»{where} "
                   f"(gennemsnit {fmt_num(low['impl_mean'])}).")
    counts = result.counts
    n_hidden = int(counts["suppressed"].sum())
    if n_hidden:
        out.append(f"{fmt_int(n_hidden)} {'gruppe har' if n_hidden == 1 else 'grupper har'} færre end "
                   f"{result.config.min_n} besvarelser og vises ikke.")
    small = counts[~counts["suppressed"] & (counts["respondents"] < labels.SMALL_N)]
    if len(small):
        out.append(f"{fmt_int(len(small))} {'gruppe har' if len(small) == 1 else 'grupper har'} færre end "
                   f"{labels.SMALL_N} besvarelser: fortolk deres resultater med stor forsigtighed.")
    uncertain_line = _uncertain_highlight(result, shown)
    if uncertain_line:
        out.append(uncertain_line)
    return out


def _uncertain_highlight(result: AnalysisResult, shown: pd.DataFrame) -> str:
    """One sentence on the placements whose interval crosses a dividing line."""
    if "quadrant_certain" not in shown.columns:
        return ""
    known = shown[shown["quadrant_certain"].notna()]
    uncertain = known[~known["quadrant_certain"].astype(bool)]
    if uncertain.empty:
        return ""
    level = labels.confidence_text(result.config.confidence)
    spor_names = labels.spor_labels(result.instrument)
    if not result.by:
        names = [f"«{spor_names[s]}»" for s in uncertain["spor"]]
        return f"Placeringen af {_name_list(names)} er usikker: {level}-konfidensintervallet krydser en skillelinje."
    return (f"{fmt_int(len(uncertain))} af {fmt_int(len(known))} placeringer (gruppe × spor) er usikre: "
            f"{level}-konfidensintervallet krydser en skillelinje. Det står under Bemærkning i tabellerne.")


def _method(result: AnalysisResult) -> dict[str, Any]:
    inst = result.instrument
    dims = []
    for dim in ("impl", "vigt"):
        d = inst.dimensions[dim]
        scale = inst.scales[d.scale]
        dims.append({"label": d.label, "question": d.question, "min": scale.min, "max": scale.max,
                     "low": scale.low_label or "", "high": scale.high_label or "",
                     "dont_know": scale.dont_know, "stem": _stem(result, dim)})
    spor = []
    for section in inst.spor:
        items = []
        for q in section.questions:
            if q.type == "matrix" and q.dimension == "impl":
                items = [{"id": k, "text": v, "overall": k == section.overall_item} for k, v in (q.items or {}).items()]
        spor.append({"title": section.title, "short": section.label, "items": items,
                     "has_comment": inst.comment_column(section.id) is not None})
    n_items = len(inst.item_columns(inst.spor[0].id, "impl")) if inst.spor else 4
    return {"dimensions": dims, "spor": spor, "n_items": n_items}


def _stem(result: AnalysisResult, dim: str) -> str:
    for section in result.instrument.spor:
        for q in section.questions:
            if q.type == "matrix" and q.dimension == dim:
                return q.text
    return ""


def _compact_rows(result: AnalysisResult) -> list[dict[str, Any]]:
    """One row per group with, per spor, "implementering / vigtighed symbol" (for the PDF)."""
    summary = result.summary
    by = list(result.by)
    lookup: dict[tuple, dict[str, Any]] = {}
    for r in summary.to_dict("records"):
        lookup[(*(str(r[c]) for c in by), r["spor"])] = r
    rows = []
    for record in result.counts.to_dict("records"):
        key = tuple(str(record[c]) for c in by)
        suppressed = bool(record["suppressed"])
        row = {"groups": [labels.value_label(v) for v in key] or ["Alle"], "suppressed": suppressed}
        if not suppressed:
            n = int(record["respondents"])
            cells = []
            for spor in result.spor:
                r = lookup.get((*key, spor))
                if r is None or r["suppressed"]:
                    cells.append("for få")
                    continue
                symbol = QUADRANT_SYMBOLS.get(r["quadrant_absolute"], "")
                if labels.is_uncertain(r.get("quadrant_certain")):
                    symbol += UNCERTAIN_MARK
                cells.append(f"{fmt_num(r['impl_mean'])} / {fmt_num(r['vigt_mean'])} {symbol}".strip())
            row.update(n=fmt_int(n), small=n < labels.SMALL_N, cells=cells)
        rows.append(row)
    return rows


def comment_sections(result: AnalysisResult, comments: pd.DataFrame,
                     panels: PanelSet) -> list[summary.CommentSection]:
    """The comments per spor and quadrant, split by the panels' areas when the analysis is grouped by them."""
    if panels.variable in result.by and not panels.many:
        return summary.comment_sections(result, comments, COMMENTS_PER_CELL, area=panels.variable,
                                        area_keys=panels.keys)
    return summary.comment_sections(result, comments, COMMENTS_PER_QUADRANT)


def build_context(result: AnalysisResult, frame: pd.DataFrame, panels: PanelSet, figures: FigureGroups,
                  comments: pd.DataFrame, today: dt.date | None = None, extended: ExtendedResult | None = None,
                  whole: ExtendedResult | None = None) -> dict[str, Any]:
    """Everything the template shows, as plain formatted values.

    ``extended`` are the extended tables (files) and ``whole`` their overall version for the report
    (:func:`frisat.reporting.report_extended.overview`); without them the extended chapters are left out.
    """
    inst = result.instrument
    config = result.config
    spor_names = labels.spor_labels(inst)
    grouping = " × ".join(labels.column_label(c) for c in result.by) or "ingen (alle i én gruppe)"
    excluded = {spor_names[s]: fmt_int(n) for s, n in panels.excluded.items() if n}
    count_rows = summary.count_rows(result)
    key = summary.key_figures(result)
    return {
        "title": "Frisættelsesbarometeret",
        "instrument": {"title": inst.title, "source": inst.source, "intro": inst.intro,
                       "additions": list(inst.additions)},
        "date": danish_date(today or dt.date.today()),
        "source_file": frame.attrs.get("source"),
        "demo_note": frame.attrs.get("demo"),
        "n_respondents": key.n_respondents,
        "grouping": grouping,
        "n_groups": key.n_groups,
        "by_labels": [labels.column_label(c) for c in result.by] or ["Gruppe"],
        "highlights": _highlights(result),
        "notes": [note_text(n) for n in result.notes],
        "method": _method(result),
        "min_n": config.min_n,
        "min_answered": config.min_answered,
        "midpoint": fmt_num(config.midpoint, 1),
        "outlier_iqr": fmt_num(config.outlier_iqr, 1),
        "confidence": labels.confidence_text(config.confidence),
        "ci_method": labels.ci_method_text(config),
        "uncertain_text": labels.UNCERTAIN_TEXT,
        "small_n": labels.SMALL_N,
        "small_caution": labels.SMALL_N_CAUTION,
        "suppressed_text": labels.suppressed_text(config.min_n),
        "counts": count_rows,
        "suppressed_groups": [" / ".join(r.groups) for r in count_rows if r.suppressed],
        "small_groups": [" / ".join(r.groups) for r in count_rows if r.small],
        "any_small": bool((~result.counts["suppressed"] & (result.counts["respondents"] < labels.SMALL_N)).any()),
        "any_suppressed": bool(result.counts["suppressed"].any()),
        "panel_label": panels.label,
        "many_panels": panels.many,
        "excluded": excluded,
        "figures": {
            "guide": figure_spec(figures.guide),
            "means": [figure_spec(f) for f in figures.means],
            "scatters": [figure_spec(f) for f in figures.scatters],
            "dots": [figure_spec(f) for f in figures.dots],
        },
        "tables": summary.summary_tables(result),
        "print_full_tables": len(result.summary) <= PRINT_TABLE_ROWS,
        "compact": _compact_rows(result) if len(result.summary) > PRINT_TABLE_ROWS else [],
        "spor_titles": [spor_names[s] for s in result.spor],
        "quadrant_symbols": [{"symbol": QUADRANT_SYMBOLS[q.id], "label": QUADRANT_LABELS[q.id]} for q in QUADRANTS],
        "uncertain_mark": UNCERTAIN_MARK,
        "comments": comment_sections(result, comments, panels),
        "comments_per_cell": COMMENTS_PER_CELL if (panels.variable in result.by and not panels.many)
        else COMMENTS_PER_QUADRANT,
        "quadrants": [{"label": QUADRANT_LABELS[q.id], "advice": QUADRANT_ADVICE[q.id]} for q in QUADRANTS],
        "extended": build_extended_context(result, extended, whole, figures.extended, comments),
    }


# -- rendering ---------------------------------------------------------------------------------


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("frisat.reporting", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def render_html(context: dict[str, Any], *, print_mode: bool = False) -> str:
    """The report as one self-contained HTML document.

    ``print_mode`` renders the variant WeasyPrint prints: the same document, except that with many
    groups the full tables give way to one compact table (the HTML file always has them all).
    """
    css = resources.files("frisat.reporting").joinpath("templates/rapport.css").read_text(encoding="utf-8")
    return _environment().get_template("rapport.html.j2").render(css=css, print_mode=print_mode, **context)


def write_pdf(html: str, target: Path) -> None:
    """Print the HTML to PDF with WeasyPrint (print CSS included in the HTML)."""
    import logging

    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    # Only embedded data: URLs are ever read; nothing is fetched from disk or network.
    fetcher = URLFetcher(allowed_protocols={"data"})
    HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf(str(target))
