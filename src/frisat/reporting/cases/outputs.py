"""Writing the outputs of `frisat cases analyze` into a folder.

- ``periods.csv`` and ``period_changes.csv``: the contract in docs/cases.md, written by the same
  writer as ``frisat analyze``'s CSV files (:func:`frisat.reporting.tables.write_csv`: formulas
  neutralised; UTF-8, ``,`` and ``.``);
- ``rapport.html`` and ``rapport.pdf``: the report (figures embedded, every number with its n);
- ``sager.xlsx``: the two tables with headings, sheet names and names in the current language
  (:func:`frisat.reporting.language.use`; Danish by default) and a sheet about the method;
- ``figurer/*.png``: one box/strip plot per measure (× group).

The report, figures and workbook follow the current language; the CSV files are the same in every
language (the contract).
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
from frisat.reporting.cases.texts import measure_label, measure_unit, note_sentence, period_label, scheme_name
from frisat.reporting.labels import fmt_int, fmt_num
from frisat.reporting.language import current, tr
from frisat.reporting.report import write_pdf
from frisat.reporting.tables import write_csv


def headings() -> dict[str, str]:
    """The workbook's headings of the CSV columns (the CSV files keep the column names: the contract)."""
    return {
        "measure": tr("Mål"), "period": tr("Periode"), "n": tr("Antal sager (n)"), "mean": tr("Gennemsnit"),
        "sd": tr("Spredning (sd)"), "median": tr("Median"), "q1": tr("Nedre kvartil"), "q3": tr("Øvre kvartil"),
        "mean_ci_low": tr("Gennemsnit, 95 %-interval fra"), "mean_ci_high": tr("Gennemsnit, 95 %-interval til"),
        "limit": tr("Grænse"), "share_within": tr("Andel inden for grænsen"),
        "share_ci_low": tr("Andel, 95 %-interval fra"), "share_ci_high": tr("Andel, 95 %-interval til"),
        "caution": tr("Forsigtighed"), "from_period": tr("Fra periode"), "to_period": tr("Til periode"),
        "diff_mean": tr("Forskel i gennemsnit"), "diff_ci_low": tr("Forskel i gennemsnit, 95 %-interval fra"),
        "diff_ci_high": tr("Forskel i gennemsnit, 95 %-interval til"), "diff_median": tr("Forskel i median"),
        "median_ci_low": tr("Forskel i median, 95 %-interval fra"),
        "median_ci_high": tr("Forskel i median, 95 %-interval til"), "diff_share": tr("Forskel i andel"),
        "share_diff_ci_low": tr("Forskel i andel, 95 %-interval fra"),
        "share_diff_ci_high": tr("Forskel i andel, 95 %-interval til"),
        "n_from": tr("n (fra)"), "n_to": tr("n (til)"),
    }


def caution_words(code: object) -> str:
    """The ``caution`` column's code in words (empty for no caution)."""
    if code == "small_n":
        return tr("få sager")
    if code == "suppressed":
        return tr("for få sager – kun n vises")
    return ""


def sheet_names() -> tuple[str, str, str]:
    """The workbook's sheets: the periods, the changes and the method."""
    return tr("Perioder"), tr("Ændringer"), tr("Om tallene")


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
        shown["caution"] = [caution_words(c) for c in shown["caution"].fillna("")]
    return shown


def write_workbook(data: CaseReportInput, target: Path, notes: list[str]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    periods_sheet, changes_sheet, about_sheet = sheet_names()
    words = headings()
    for title, table in ((periods_sheet, data.comparison.periods), (changes_sheet, data.comparison.changes)):
        ws = wb.create_sheet(title)
        shown = _shown(table, data.scheme)
        ws.append([neutralise_value(words.get(c, c)) for c in shown.columns])
        for row in shown.itertuples(index=False):
            ws.append([None if isinstance(v, float) and np.isnan(v) else neutralise_value(v) for v in row])
        for i in range(1, len(shown.columns) + 1):
            ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width = 18
    about = wb.create_sheet(about_sheet)
    for line in _method_lines(data) + notes:
        about.append([neutralise_value(line)])
    about.column_dimensions["A"].width = 120
    with atomic_path(target) as tmp:
        wb.save(tmp)
    return target


def _method_lines(data: CaseReportInput) -> list[str]:
    c = data.comparison
    return [
        tr("Skema: %(title)s (%(id)s). Datafil: %(file)s.") % {
            "title": scheme_name(data.scheme.title), "id": data.scheme.id, "file": Path(data.source).name},
        tr("Gennemsnit med 95 %-interval efter t-fordelingen; median og kvartiler med lineær interpolation."),
        tr("Forskelle er senere periode minus tidligere periode. Forskel i gennemsnit: Welchs interval "
           "(ulige varianser)."),
        tr("Forskel i median: percentil-bootstrap med B = %(n_boot)s gentagelser og frø (seed) %(seed)s; "
           "samme data og frø giver samme interval.") % {"n_boot": fmt_int(c.n_boot), "seed": c.seed},
        tr("Andel inden for en grænse (værdi ≤ grænsen): Wilsons interval; forskel i andele: Newcombes interval."),
        tr("Celler med under %(min_n)s sager viser kun antallet; under %(small_n)s sager er tallene markeret som "
           "usikre.") % {"min_n": c.min_n, "small_n": c.small_n},
    ]


def _between(low: object, high: object, decimals: int = 1, percent: bool = False) -> str:
    """«−10,6 til −0,7» (an en dash between negative numbers is hard to read); empty when missing."""
    if pd.isna(low) or pd.isna(high):
        return ""
    suffix = current().percent if percent else ""
    return tr("%(low)s til %(high)s") % {"low": fmt_num(low, decimals), "high": fmt_num(high, decimals) + suffix}


def _summary(scheme: Scheme, c: PeriodComparison, measure_id: str) -> list[str]:
    """In plain words: the change from the first to the last period with data, per group."""
    sentences = []
    unit = measure_unit(scheme, measure_id)
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
        if change["diff_mean"] < 0:
            template = tr("Gennemsnittet faldt fra %(before)s %(unit)s (%(start)s, n = %(n_before)s) til %(after)s "
                          "%(unit)s (%(end)s, n = %(n_after)s); forskellen er %(diff)s (95 %%-interval %(ci)s).")
        elif change["diff_mean"] > 0:
            template = tr("Gennemsnittet steg fra %(before)s %(unit)s (%(start)s, n = %(n_before)s) til %(after)s "
                          "%(unit)s (%(end)s, n = %(n_after)s); forskellen er %(diff)s (95 %%-interval %(ci)s).")
        else:
            template = tr("Gennemsnittet var uændret fra %(before)s %(unit)s (%(start)s, n = %(n_before)s) til "
                          "%(after)s %(unit)s (%(end)s, n = %(n_after)s); forskellen er %(diff)s (95 %%-interval "
                          "%(ci)s).")
        sentence = template % {
            "before": fmt_num(before["mean"], 1), "unit": unit, "start": start, "n_before": fmt_int(before["n"]),
            "after": fmt_num(after["mean"], 1), "end": end, "n_after": fmt_int(after["n"]),
            "diff": fmt_num(change["diff_mean"], 1), "ci": _between(change["diff_ci_low"], change["diff_ci_high"])}
        if change["diff_ci_low"] <= 0 <= change["diff_ci_high"]:
            sentence += " " + tr("Intervallet rummer 0, så forskellen kan skyldes tilfældigheder i stikprøven.")
        sentences.append((f"{group}: " if group else "") + sentence)
    return sentences


def change_sentences(data: CaseReportInput) -> list[tuple[str, str]]:
    """(measure label, sentence) for each measure's change from the first to the last period with data
    (the political overview's effects; the same sentences as the report)."""
    return [(measure_label(data.scheme, measure.id), sentence) for measure in data.scheme.measures
            for sentence in _summary(data.scheme, data.comparison, measure.id)]


def _context(data: CaseReportInput, figures: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    scheme, c = data.scheme, data.comparison
    period_field = data.frame[scheme.period_field].astype(object)
    basis = [{"label": scheme_name(p.label), "n": fmt_int(int((period_field == p.code).sum()))}
             for p in scheme.periods()]
    sections = []
    for measure in scheme.measures:
        rows = c.periods[c.periods["measure"] == measure.id]
        changes = c.changes[c.changes["measure"] == measure.id]
        decimals = 1
        sections.append({
            "id": measure.id, "label": measure_label(scheme, measure.id), "unit": measure_unit(scheme, measure.id),
            "limit": fmt_num(c.limits.get(measure.id), 0) if measure.id in c.limits else "",
            "rows": [{
                "group": " / ".join(str(r[b]) for b in c.by if str(r[b])),
                "period": period_label(scheme, r["period"]), "n": fmt_int(r["n"]),
                "mean": fmt_num(r["mean"], decimals), "ci": _between(r["mean_ci_low"], r["mean_ci_high"], decimals),
                "sd": fmt_num(r["sd"], decimals), "median": fmt_num(r["median"], decimals),
                "quartiles": _between(r["q1"], r["q3"], decimals),
                "share": fmt_num(100 * r["share_within"], 0) + current().percent
                if pd.notna(r.get("share_within")) else "",
                "share_ci": _between(100 * r["share_ci_low"], 100 * r["share_ci_high"], 0, percent=True)
                if pd.notna(r.get("share_ci_low")) else "",
                "caution": caution_words(r["caution"]),
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
            "summary": _summary(scheme, c, measure.id),
        })
    return {"scheme": scheme, "title": scheme_name(scheme.title), "lang": "da" if current().danish else "en",
            "source": Path(data.source).name, "n_total": fmt_int(len(data.frame)),
            "basis": basis, "sections": sections, "notes": notes, "method": _method_lines(data),
            "has_limits": bool(c.limits), "by": c.by, "date": dt.date.today().strftime("%d-%m-%Y")}


def render_html(context: dict[str, Any]) -> str:
    env = jinja2.Environment(loader=jinja2.PackageLoader("frisat.reporting.cases", "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    env.globals["tr"] = tr
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
