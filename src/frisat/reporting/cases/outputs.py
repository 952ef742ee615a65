"""Writing the outputs of `frisat cases analyze` into a folder.

- ``periods.csv`` and ``period_changes.csv``: the contract in docs/cases.md, written by the same
  writer as ``frisat analyze``'s CSV files (:func:`frisat.reporting.tables.write_csv`: formulas
  neutralised; UTF-8, ``,`` and ``.``);
- ``rapport.html`` and ``rapport.pdf``: the report (figures embedded, every number with its n);
- ``sager.xlsx``: the two tables with Danish headings and a sheet about the method;
- ``figurer/*.png``: one box/strip plot per measure (× group).
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import numpy as np
import openpyxl
import pandas as pd

from frisat.cells import neutralise_value
from frisat.core.cases.periods import PeriodComparison
from frisat.core.cases.scheme import Scheme
from frisat.reporting._files import atomic_path, write_bytes, write_text
from frisat.reporting.cases.figures import period_boxplot
from frisat.reporting.cases.texts import measure_label, note_sentence, period_label
from frisat.reporting.labels import fmt_int, fmt_num
from frisat.reporting.report import write_pdf
from frisat.reporting.tables import write_csv

HEADINGS = {
    "measure": "Mål", "period": "Periode", "n": "Antal sager (n)", "mean": "Gennemsnit", "sd": "Spredning (sd)",
    "median": "Median", "q1": "Nedre kvartil", "q3": "Øvre kvartil", "mean_ci_low": "Gennemsnit, 95 %-interval fra",
    "mean_ci_high": "Gennemsnit, 95 %-interval til", "limit": "Grænse", "share_within": "Andel inden for grænsen",
    "share_ci_low": "Andel, 95 %-interval fra", "share_ci_high": "Andel, 95 %-interval til", "caution": "Forsigtighed",
    "from_period": "Fra periode", "to_period": "Til periode", "diff_mean": "Forskel i gennemsnit",
    "diff_ci_low": "Forskel i gennemsnit, 95 %-interval fra", "diff_ci_high": "Forskel i gennemsnit, 95 %-interval til",
    "diff_median": "Forskel i median", "median_ci_low": "Forskel i median, 95 %-interval fra",
    "median_ci_high": "Forskel i median, 95 %-interval til", "diff_share": "Forskel i andel",
    "share_diff_ci_low": "Forskel i andel, 95 %-interval fra",
    "share_diff_ci_high": "Forskel i andel, 95 %-interval til",
    "n_from": "n (fra)", "n_to": "n (til)",
}
CAUTION_WORDS = {"small_n": "få sager", "suppressed": "for få sager – kun n vises", "": ""}


@dataclass
class CaseReportInput:
    comparison: PeriodComparison
    scheme: Scheme
    frame: pd.DataFrame
    source: str


def _shown(table: pd.DataFrame, scheme: Scheme) -> pd.DataFrame:
    """Measure and period names instead of ids (for the workbook)."""
    shown = table.copy()
    shown["measure"] = [measure_label(scheme, m) for m in shown["measure"]]
    for column in ("period", "from_period", "to_period"):
        if column in shown:
            shown[column] = [period_label(scheme, p) for p in shown[column]]
    if "caution" in shown:
        shown["caution"] = [CAUTION_WORDS.get(c, c) for c in shown["caution"].fillna("")]
    return shown


def write_workbook(data: CaseReportInput, target: Path, notes: list[str]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, table in (("Perioder", data.comparison.periods), ("Ændringer", data.comparison.changes)):
        ws = wb.create_sheet(title)
        shown = _shown(table, data.scheme)
        ws.append([neutralise_value(HEADINGS.get(c, c)) for c in shown.columns])
        for row in shown.itertuples(index=False):
            ws.append([None if isinstance(v, float) and np.isnan(v) else neutralise_value(v) for v in row])
        for i in range(1, len(shown.columns) + 1):
            ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width = 18
    about = wb.create_sheet("Om tallene")
    for line in _method_lines(data) + notes:
        about.append([neutralise_value(line)])
    about.column_dimensions["A"].width = 120
    with atomic_path(target) as tmp:
        wb.save(tmp)
    return target


def _method_lines(data: CaseReportInput) -> list[str]:
    c = data.comparison
    return [
        f"Skema: {data.scheme.title} ({data.scheme.id}). Datafil: {Path(data.source).name}.",
        "Gennemsnit med 95 %-interval efter t-fordelingen; median og kvartiler med lineær interpolation.",
        "Forskelle er senere periode minus tidligere periode. Forskel i gennemsnit: Welchs interval "
        "(ulige varianser).",
        f"Forskel i median: percentil-bootstrap med B = {fmt_int(c.n_boot)} gentagelser og frø (seed) {c.seed}; "
        "samme data og frø giver samme interval.",
        "Andel inden for en grænse (værdi ≤ grænsen): Wilsons interval; forskel i andele: Newcombes interval.",
        f"Celler med under {c.min_n} sager viser kun antallet; under {c.small_n} sager er tallene markeret som usikre.",
    ]


def _between(low: object, high: object, decimals: int = 1, suffix: str = "") -> str:
    """«−10,6 til −0,7» (an en dash between negative numbers is hard to read); empty when missing."""
    if pd.isna(low) or pd.isna(high):
        return ""
    return f"{fmt_num(low, decimals)} til {fmt_num(high, decimals)}{suffix}"


def _summary(scheme: Scheme, c: PeriodComparison, measure_id: str, unit: str) -> list[str]:
    """Plain Danish: the change from the first to the last period with data, per group."""
    sentences = []
    changes = c.changes[c.changes["measure"] == measure_id]
    periods = c.periods[c.periods["measure"] == measure_id]
    if changes.empty:
        return sentences
    first, last = changes["from_period"].iloc[0], changes["to_period"].iloc[-1]
    for _, change in changes[(changes["from_period"] == first) & (changes["to_period"] == last)].iterrows():
        if pd.isna(change["diff_mean"]):
            continue
        key = periods
        for b in c.by:
            key = key[key[b] == change[b]]
        before = key[key["period"] == first].iloc[0]
        after = key[key["period"] == last].iloc[0]
        group = " / ".join(str(change[b]) for b in c.by if str(change[b]))
        start, end = period_label(scheme, first).lower(), period_label(scheme, last).lower()
        word = "faldt" if change["diff_mean"] < 0 else "steg" if change["diff_mean"] > 0 else "var uændret"
        sentences.append(
            (f"{group}: " if group else "")
            + f"Gennemsnittet {word} fra {fmt_num(before['mean'], 1)} {unit} ({start}, "
            f"n = {fmt_int(before['n'])}) til {fmt_num(after['mean'], 1)} {unit} ({end}, "
            f"n = {fmt_int(after['n'])}); forskellen er {fmt_num(change['diff_mean'], 1)} "
            f"(95 %-interval {_between(change['diff_ci_low'], change['diff_ci_high'])})."
            + (" Intervallet rummer 0, så forskellen kan skyldes tilfældigheder i stikprøven."
               if change["diff_ci_low"] <= 0 <= change["diff_ci_high"] else ""))
    return sentences


def change_sentences(data: CaseReportInput) -> list[tuple[str, str]]:
    """(measure label, sentence) for each measure's change from the first to the last period with data
    (the political overview's effects; the same sentences as the report)."""
    return [(measure.label, sentence) for measure in data.scheme.measures
            for sentence in _summary(data.scheme, data.comparison, measure.id, measure.unit)]


def _context(data: CaseReportInput, figures: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    scheme, c = data.scheme, data.comparison
    period_field = data.frame[scheme.period_field].astype(object)
    basis = [{"label": p.label, "n": fmt_int(int((period_field == p.code).sum()))} for p in scheme.periods()]
    sections = []
    for measure in scheme.measures:
        rows = c.periods[c.periods["measure"] == measure.id]
        changes = c.changes[c.changes["measure"] == measure.id]
        decimals = 1
        sections.append({
            "id": measure.id, "label": measure.label, "unit": measure.unit,
            "limit": fmt_num(c.limits.get(measure.id), 0) if measure.id in c.limits else "",
            "rows": [{
                "group": " / ".join(str(r[b]) for b in c.by if str(r[b])),
                "period": period_label(scheme, r["period"]), "n": fmt_int(r["n"]),
                "mean": fmt_num(r["mean"], decimals), "ci": _between(r["mean_ci_low"], r["mean_ci_high"], decimals),
                "sd": fmt_num(r["sd"], decimals), "median": fmt_num(r["median"], decimals),
                "quartiles": _between(r["q1"], r["q3"], decimals),
                "share": fmt_num(100 * r["share_within"], 0) + " %" if pd.notna(r.get("share_within")) else "",
                "share_ci": _between(100 * r["share_ci_low"], 100 * r["share_ci_high"], 0, " %")
                if pd.notna(r.get("share_ci_low")) else "",
                "caution": CAUTION_WORDS.get(r["caution"] if isinstance(r["caution"], str) else "", ""),
            } for _, r in rows.iterrows()],
            "changes": [{
                "group": " / ".join(str(r[b]) for b in c.by if str(r[b])),
                "from": period_label(scheme, r["from_period"]), "to": period_label(scheme, r["to_period"]),
                "n": f"{fmt_int(r['n_from'])} / {fmt_int(r['n_to'])}",
                "diff_mean": fmt_num(r["diff_mean"], decimals),
                "mean_ci": _between(r["diff_ci_low"], r["diff_ci_high"], decimals),
                "diff_median": fmt_num(r["diff_median"], decimals),
                "median_ci": _between(r["median_ci_low"], r["median_ci_high"], decimals),
                "diff_share": fmt_num(100 * r["diff_share"], 0) if pd.notna(r.get("diff_share")) else "",
                "share_ci": _between(100 * r["share_diff_ci_low"], 100 * r["share_diff_ci_high"], 0)
                if pd.notna(r.get("share_diff_ci_low")) else "",
            } for _, r in changes.iterrows()],
            "figures": figures.get(measure.id, []),
            "summary": _summary(scheme, c, measure.id, measure.unit),
        })
    return {"scheme": scheme, "source": Path(data.source).name, "n_total": fmt_int(len(data.frame)),
            "basis": basis, "sections": sections, "notes": notes, "method": _method_lines(data),
            "has_limits": bool(c.limits), "by": c.by, "date": dt.date.today().strftime("%d-%m-%Y")}


def render_html(context: dict[str, Any]) -> str:
    env = jinja2.Environment(loader=jinja2.PackageLoader("frisat.reporting.cases", "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    css = resources.files("frisat.reporting").joinpath("templates/rapport.css").read_text(encoding="utf-8")
    return env.get_template("sager_rapport.html.j2").render(css=css, **context)


def write_case_outputs(data: CaseReportInput, out_dir: Path, *, pdf: bool = True) -> list[Path]:
    """Write every output into ``out_dir`` (created); the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [write_csv(data.comparison.periods, out_dir / "periods.csv"),
               write_csv(data.comparison.changes, out_dir / "period_changes.csv")]
    notes = list(dict.fromkeys(note_sentence(n, data.scheme) for n in data.comparison.notes))
    figures: dict[str, list[dict[str, str]]] = {}
    figure_dir = out_dir / "figurer"
    figure_dir.mkdir(exist_ok=True)
    groups = sorted({key[1:-1] for key in data.comparison.values}, key=lambda g: tuple(map(str, g)))
    for measure in data.scheme.measures:
        for group in groups:
            slug = re.sub(r"[^\w]+", "-", "-".join([measure.id, *(str(g) for g in group)])).strip("-")
            figure = period_boxplot(data.comparison, data.scheme, measure.id, group, slug)
            written.append(write_bytes(figure_dir / f"{slug}.png", figure.png))
            figures.setdefault(measure.id, []).append({
                "title": figure.title + (" — " + " / ".join(map(str, group)) if any(map(str, group)) else ""),
                "alt": figure.alt, "src": "data:image/png;base64," + base64.b64encode(figure.png).decode()})
    html = render_html(_context(data, figures, notes))
    written.append(write_text(out_dir / "rapport.html", html))
    if pdf:
        write_pdf(html, out_dir / "rapport.pdf")
        written.append(out_dir / "rapport.pdf")
    written.append(write_workbook(data, out_dir / "sager.xlsx", notes))
    return written
