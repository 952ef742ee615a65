"""The extended chapters of the report (issue 4): figures and plain-Danish text from ExtendedResult.

The files (CSV, XLSX, analysis.json) hold the extended tables grouped like the main analysis
(``--by``). The report shows the whole — everybody the main analysis shows, as one group — so
that each figure stays readable whatever the grouping: :func:`overview` computes those tables with
``by=()`` on the same visible answers (respondents of suppressed groups left out). Without a
grouping the two are the same. Counts for the group-level tables are summarised in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from frisat.core.analysis import AnalysisResult
from frisat.core.design import Design
from frisat.core.extended import ExtendedResult, extended_analysis
from frisat.core.quadrants import QUADRANTS
from frisat.reporting import labels
from frisat.reporting.codes import (
    DISAGREEMENTS,
    QUADRANT_LABELS,
    REASON_LABELS,
    note_text,
    note_texts,
)
from frisat.reporting.extended_labels import DIMENSION_LABELS
from frisat.reporting.figures import FigureOutput
from frisat.reporting.figures_extended import (
    arrows_figure,
    derived_figure,
    difference_figure,
    points_figure,
    relative_figure,
    trend_figure,
)
from frisat.reporting.labels import fmt_int, fmt_interval, fmt_num
from frisat.reporting.language import tr
from frisat.reporting.views import extended as views
from frisat.reporting.views.model import figure_spec
from frisat.reporting.views.sentences import disagreement_sentence

OVERVIEW_TABLES = ("derived_importance", "relative_importance", "points", "group_differences", "changes", "trend",
                   "positions")
SENTENCES = 8
"""Disagreement sentences per list (all rows are in derived_importance.csv)."""
FOLLOWUP_PER_REASON = 8
"""Follow-up rows shown per reason (all are in followup.csv)."""
HIGHLIGHT_DIFFERENCES = 5


@dataclass
class ExtendedFigures:
    """The figures of the extended chapters, in reading order."""

    importance: list[FigureOutput] = field(default_factory=list)
    groups: list[FigureOutput] = field(default_factory=list)
    waves: list[FigureOutput] = field(default_factory=list)

    def all(self) -> list[FigureOutput]:
        return [*self.importance, *self.groups, *self.waves]


def overview(result: AnalysisResult, frame: pd.DataFrame, extended: ExtendedResult) -> ExtendedResult:
    """The extended tables for everybody the main analysis shows, as one group (see the module doc)."""
    if not extended.enabled or not result.by:
        return extended
    whole = extended_analysis(frame, result.instrument, result, extended.config, by=(), only=OVERVIEW_TABLES)
    whole.design, whole.followup, whole.unit_by = extended.design, extended.followup, extended.unit_by
    whole.waves, whole.groups = extended.waves, extended.groups
    return whole


def _records(table: pd.DataFrame | None) -> list[dict[str, Any]]:
    if table is None or table.empty:
        return []
    return table.astype(object).where(table.notna(), None).to_dict("records")


def _max_n(rows: Sequence[dict], column: str = "n") -> int | None:
    known = [int(r[column]) for r in rows if not r.get("suppressed") and not labels.is_missing(r.get(column))]
    return max(known) if known else None


# -- figures ------------------------------------------------------------------------------------


def draw_extended(result: AnalysisResult, whole: ExtendedResult) -> ExtendedFigures:
    """The figures of the extended chapters from the overall tables (``whole``)."""
    figures = ExtendedFigures()
    if not whole.enabled:
        return figures
    config = result.config
    names = labels.spor_labels(result.instrument)
    derived = _records(whole.derived_importance)
    if derived:
        figures.importance.append(derived_figure(derived, names, _max_n(derived), config, "afledt_vigtighed"))
    relative = _records(whole.relative_importance)
    if relative:
        spor_rows = [r for r in relative if r["level"] == "spor"]
        items = [r for r in relative if r["level"] != "spor"]
        figures.importance.append(relative_figure(spor_rows, items, names, _max_n(spor_rows), config,
                                                  "relativ_vigtighed"))
    points = _records(whole.points)
    if points:
        total = result.instrument.allocation.total if result.instrument.allocation else 100
        figures.importance.append(points_figure(points, names, total, config, "point"))
    differences = _records(whole.group_differences)
    if differences:
        group_label = labels.column_label(whole.config.group_column)
        figures.groups.append(difference_figure(differences, names, group_label, config, "gruppeforskelle"))
    positions = _records(whole.positions)
    trend = _records(whole.trend)
    if positions:
        n_text = _wave_n_text(trend, whole.waves)
        figures.waves.append(arrows_figure(positions, names, whole.waves, config, "pile", n_text))
    if trend:
        figures.waves.append(trend_figure(trend, names, whole.waves, config, "udvikling"))
    return figures


def _wave_n_text(trend: list[dict], waves: Sequence[str]) -> str:
    parts = []
    for wave in waves:
        n = _max_n([r for r in trend if str(r["wave"]) == str(wave)])
        if n is not None:
            parts.append(tr("måling %(wave)s: N = %(n)s") % {"wave": wave, "n": fmt_int(n)})
    return "; ".join(parts) if parts else tr("N ukendt")


# -- text and tables ----------------------------------------------------------------------------


def _indicator_text(result: AnalysisResult, spor: str, indicator: str) -> str:
    try:
        return result.instrument.column(f"{spor}_impl_{indicator}").text
    except KeyError:
        return f"indikator {indicator}"


def _group_of(row: dict, by: Sequence[str]) -> str:
    return labels.group_name([row[c] for c in by])


def _derived_context(result: AnalysisResult, extended: ExtendedResult, whole: ExtendedResult) -> dict[str, Any]:
    names = labels.spor_labels(result.instrument)
    rows = _records(whole.derived_importance)
    shown = [r for r in rows if not r["suppressed"]]
    flagged = [r for r in shown if r.get("agreement") in DISAGREEMENTS]
    sentences = [disagreement_sentence(r, names[r["spor"]], _indicator_text(result, r["spor"], r["indicator"])).text
                 for r in flagged]
    unknown = sorted({names[r["spor"]] for r in shown if r.get("agreement") is None})
    spread = _stated_spread(shown)
    agree = bool(shown) and not flagged and len(unknown) < len(names)
    group_lines: list[str] = []
    group_total = 0
    group_count = 0
    if result.by and extended.derived_importance is not None:
        by = list(extended.by)
        for r in _records(extended.derived_importance):
            if r["suppressed"] or r.get("agreement") not in DISAGREEMENTS:
                continue
            group_total += 1
            if len(group_lines) < SENTENCES:
                sentence = disagreement_sentence(r, names[r["spor"]],
                                                 _indicator_text(result, r["spor"], r["indicator"])).text
                group_lines.append(f"{_group_of(r, by)}: {sentence}")
        group_count = len({tuple(r[c] for c in by) for r in _records(extended.derived_importance)
                           if not r["suppressed"] and r.get("agreement") in DISAGREEMENTS})
    return {"sentences": sentences, "agree": agree, "unknown": unknown, "group_lines": group_lines,
            "spread": fmt_num(spread) if spread is not None else "",
            "group_total": fmt_int(group_total), "group_count": fmt_int(group_count),
            "group_more": group_total > len(group_lines)}


def _stated_spread(rows: list[dict]) -> float | None:
    """The largest distance between the stated means of two indicators of the same spor."""
    spreads = []
    for spor in dict.fromkeys(r["spor"] for r in rows):
        means = [r["stated_mean"] for r in rows if r["spor"] == spor and r.get("stated_mean") is not None]
        if len(means) > 1:
            spreads.append(max(means) - min(means))
    return max(spreads) if spreads else None


def _relative_context(result: AnalysisResult, whole: ExtendedResult) -> dict[str, Any]:
    names = labels.spor_labels(result.instrument)
    rows = [r for r in _records(whole.relative_importance) if r["level"] == "spor" and not r["suppressed"]
            and r.get("centred_mean") is not None]
    if not rows:
        return {"text": ""}
    rows.sort(key=lambda r: -r["centred_mean"])
    raw = [r["raw_mean"] for r in rows if r.get("raw_mean") is not None]
    level = labels.confidence_text(result.config.confidence)
    top, bottom = rows[0], rows[-1]
    text = (f"Målt på de rå svar ligger sporenes gennemsnitlige vigtighed mellem {fmt_num(min(raw))} og "
            f"{fmt_num(max(raw))} på skalaen fra 1 til 10. Relativt til respondenternes egne svar er "
            f"«{names[top['spor']]}» vigtigst ({fmt_num(top['centred_mean'], 2)} point over eget gennemsnit, "
            f"{level}-KI {fmt_interval(top.get('centred_ci_low'), top.get('centred_ci_high'))}) og "
            f"«{names[bottom['spor']]}» mindst vigtig ({fmt_num(bottom['centred_mean'], 2)}, "
            f"{level}-KI {fmt_interval(bottom.get('centred_ci_low'), bottom.get('centred_ci_high'))}).") if raw else ""
    return {"text": text}


def _points_context(result: AnalysisResult, whole: ExtendedResult) -> dict[str, Any] | None:
    rows = [r for r in _records(whole.points) if not r["suppressed"] and r.get("mean_points") is not None]
    if whole.points is None:
        return None
    names = labels.spor_labels(result.instrument)
    if not rows:
        return {"text": f"Pointfordelingen: {labels.suppressed_text(result.config.min_n)}."}
    rows.sort(key=lambda r: -r["mean_points"])
    return {"text": f"Flest point får «{names[rows[0]['spor']]}» (gennemsnit {fmt_num(rows[0]['mean_points'], 1)}), "
                    f"færrest «{names[rows[-1]['spor']]}» ({fmt_num(rows[-1]['mean_points'], 1)})."}


def _clearest(rows: list[dict], column: str) -> list[dict]:
    """The shown rows whose interval excludes 0, largest ``column`` first, at most HIGHLIGHT_DIFFERENCES."""
    clear = [r for r in rows if not r["suppressed"] and r.get("significant") is True]
    return sorted(clear, key=lambda r: -abs(r[column]))[:HIGHLIGHT_DIFFERENCES]


def _difference_lines(result: AnalysisResult, rows: list[dict]) -> list[str]:
    names = labels.spor_labels(result.instrument)
    level = labels.confidence_text(result.config.confidence)
    lines = []
    for r in _clearest(rows, "difference"):
        word = "højere" if r["difference"] > 0 else "lavere"
        what = "implementeringen" if r["dimension"] == "impl" else "vigtigheden"
        lines.append(f"{labels.value_label(r['group']).capitalize()} vurderer {what} af «{names[r['spor']]}» "
                     f"{fmt_num(abs(r['difference']))} point {word} end {labels.value_label(r['reference'])} "
                     f"({level}-KI for forskellen {fmt_interval(r.get('ci_low'), r.get('ci_high'))}).")
    return lines


def _change_lines(result: AnalysisResult, rows: list[dict]) -> list[str]:
    names = labels.spor_labels(result.instrument)
    level = labels.confidence_text(result.config.confidence)
    lines = []
    for r in _clearest(rows, "change"):
        verb = "steget" if r["change"] > 0 else "faldet"
        what = "Implementeringen" if r["dimension"] == "impl" else "Vigtigheden"
        lines.append(f"{what} af «{names[r['spor']]}» er {verb} fra {fmt_num(r['mean_from'])} til "
                     f"{fmt_num(r['mean_to'])} fra måling {r['wave_from']} til {r['wave_to']} ({level}-KI for "
                     f"ændringen {fmt_interval(r.get('ci_low'), r.get('ci_high'))}).")
    return lines


def _design_context(result: AnalysisResult, extended: ExtendedResult) -> dict[str, Any] | None:
    design = extended.design
    if design is None:
        return None
    names = labels.spor_labels(result.instrument)
    shown = result.summary[~result.summary["suppressed"].astype(bool)]
    per_spor = []
    for spor in result.spor:
        part = shown[shown["spor"] == spor]
        per_spor.append({"spor": names[spor], "impl": fmt_int(int(part["impl_n"].fillna(0).sum())),
                         "vigt": fmt_int(int(part["vigt_n"].fillna(0).sum()))})
    groups = views.design_rows(extended, result.config.min_n)
    mapping = ", ".join(f"{labels.value_label(g)}: {DIMENSION_LABELS.get(d, d).lower()}"
                        for g, d in sorted(design.group_dimensions.items()))
    return {"split": design.design != Design.BOTH, "kind": str(design.design), "text": _design_text(design, mapping),
            "mapping": mapping, "per_spor": per_spor, "groups": groups}


def _design_text(design, mapping: str) -> str:
    """The design in one sentence, with Danish number formatting."""
    if not design.respondents:
        return "Ingen besvarelser med svar på implementering eller vigtighed."
    counts = (f"{fmt_int(design.n_impl)} har svaret på implementering og {fmt_int(design.n_vigt)} på vigtighed "
              f"({fmt_int(design.both)} på begge)")
    if design.design == Design.GROUP:
        return f"Delt design efter respondentgruppe ({mapping}): {counts}."
    if design.design == Design.HALF:
        return f"Delt design, hvor hver respondent har fået én dimension: {counts}."
    return f"Alle respondenter har fået begge dimensioner: {counts}."


def _followup_context(result: AnalysisResult, extended: ExtendedResult) -> dict[str, Any] | None:
    if extended.followup is None:
        return None
    unit_by = list(extended.unit_by)
    rows = views.followup_rows(result, extended)
    shown: list[views.FollowupRow] = []
    per_reason: dict[str, int] = {}
    for row in rows:
        count = per_reason.get(row.code, 0)
        per_reason[row.code] = count + 1
        if count < FOLLOWUP_PER_REASON:
            shown.append(row)
    totals = [f"{REASON_LABELS.get(k, k).lower()}: {fmt_int(v)}" for k, v in per_reason.items()]
    return {"rows": shown, "total": fmt_int(len(rows)), "more": len(rows) > len(shown),
            "per_reason": FOLLOWUP_PER_REASON, "totals": "; ".join(totals),
            "unit_label": " / ".join(labels.column_label(c) for c in unit_by),
            "latest": extended.waves[-1] if extended.waves else "",
            "previous": extended.waves[-2] if len(extended.waves) > 1 else ""}


def comment_counts(result: AnalysisResult, comments: pd.DataFrame) -> list[dict[str, Any]]:
    """Shown comments per spor × quadrant (the groups below k are already left out of ``comments``)."""
    names = labels.spor_labels(result.instrument)
    if comments.empty:
        return []
    quadrant = comments["placement"].astype("string").fillna("__none")
    counts = pd.crosstab(comments["spor"].astype("string"), quadrant)
    rows = []
    for spor in result.spor:
        if spor not in counts.index:
            continue
        cells = [fmt_int(int(counts.loc[spor, q.id])) if q.id in counts.columns else "0" for q in QUADRANTS]
        cells.append(fmt_int(int(counts.loc[spor, "__none"])) if "__none" in counts.columns else "0")
        rows.append({"spor": names[spor], "cells": cells, "total": fmt_int(int(counts.loc[spor].sum()))})
    return rows


GUIDE = (
    ("Angivet og afledt vigtighed",
     "Det, respondenterne siger er vigtigt, sammenlignet med det, der faktisk hænger sammen med deres samlede "
     "vurdering af sporet. Uenighed mellem de to er værd at undersøge nærmere."),
    ("Relativ vigtighed",
     "Hvert vigtighedssvar minus respondentens eget gennemsnit. Viser, hvad der er vigtigere end andet, selv når "
     "alle svarer «særdeles vigtigt»."),
    ("Fordeling af point",
     "Hvor respondenterne har fordelt 100 point mellem sporene. De skal vælge, så alt kan ikke være lige vigtigt."),
    ("Forskelle mellem grupper",
     "Forskellen i gennemsnit mellem fx ledere og medarbejdere, med et interval. Rører intervallet ikke 0, er "
     "forskellen tydelig."),
    ("Udvikling og pile",
     "Pilene viser, hvor hvert spor har flyttet sig i kvadranten fra én måling til den næste; linjediagrammet "
     "viser alle målinger."),
    ("Enheder til opfølgning",
     "En liste over enheder, der skiller sig ud, med begrundelsen — et grundlag for at vælge cases til interview."),
)


def build_extended_context(result: AnalysisResult, extended: ExtendedResult | None, whole: ExtendedResult | None,
                           figures: ExtendedFigures, comments: pd.DataFrame) -> dict[str, Any]:
    """Everything the extended chapters of the template show (``enabled`` false: nothing)."""
    if extended is None or whole is None or not extended.enabled:
        return {"enabled": False}
    names = {"importance": [figure_spec(f) for f in figures.importance],
             "groups": [figure_spec(f) for f in figures.groups],
             "waves": [figure_spec(f) for f in figures.waves]}
    missing = note_texts(extended.not_applicable)
    grouping = " × ".join(labels.column_label(c) for c in result.by)
    differences = _records(whole.group_differences)
    change_rows = _records(whole.changes)
    return {
        "enabled": True,
        "guide": [{"title": t, "text": x} for t, x in GUIDE],
        "scope": grouping,
        "notes": [note_text(n) for n in extended.notes],
        "figures": names,
        "design": _design_context(result, extended),
        "derived": _derived_context(result, extended, whole) if whole.derived_importance is not None else None,
        "derived_missing": missing.get("derived_importance", ""),
        "relative": _relative_context(result, whole) if whole.relative_importance is not None else None,
        "relative_missing": missing.get("relative_importance", ""),
        "points": _points_context(result, whole),
        "points_missing": missing.get("points", ""),
        "groups": {
            "label": labels.column_label(extended.config.group_column),
            "names": ", ".join(labels.value_label(g) for g in extended.groups),
            "rows": views.difference_rows(result, whole.group_differences),
            "lines": _difference_lines(result, differences),
        } if whole.group_differences is not None else None,
        "groups_missing": missing.get("group_differences", ""),
        "waves": {
            "names": ", ".join(extended.waves),
            "rows": views.change_rows(result, whole.changes),
            "lines": _change_lines(result, change_rows),
            "unit_label": labels.column_label(extended.config.unit_column).lower(),
        } if whole.changes is not None else None,
        "waves_missing": missing.get("changes", "") or missing.get("trend", ""),
        "followup": _followup_context(result, extended),
        "followup_missing": missing.get("followup", ""),
        "comment_counts": comment_counts(result, comments),
        "quadrant_titles": [QUADRANT_LABELS[q.id] for q in QUADRANTS] + [labels.NO_QUADRANT],
        "fokus_label": QUADRANT_LABELS["fokus"],
    }
