"""The downloads of the results page, written by frisat.reporting / frisat.io into a temporary
folder that is removed before the response is sent.

Each download is made from the same :class:`~frisat.web.results.pipeline.Prepared` subset as the
page, so the filters and the anonymity rules hold for it too.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from frisat.core.analysis import AnalysisResult
from frisat.core.disclosure import k_anonymous
from frisat.core.extended import TABLES as EXTENDED_TABLES
from frisat.core.extended import ExtendedResult
from frisat.core.results import ResultBundle
from frisat.io import write_responses
from frisat.reporting.codes import written_table
from frisat.reporting.excel import _codebook_rows, write_workbook, write_xlsx
from frisat.reporting.item_outputs import item_figures_for
from frisat.reporting.item_report import build_items_context
from frisat.reporting.item_tables import (
    changes_csv_table,
    codebook_notes,
    item_sheets,
    items_csv_table,
)
from frisat.reporting.outputs import draw_figures
from frisat.reporting.panels import PanelSet
from frisat.reporting.report import build_context, render_html, write_pdf
from frisat.reporting.tables import to_arrow, write_csv
from frisat.web.common.downloads import BOM, csv_filename, excel_from_data
from frisat.web.results.pipeline import Prepared, pseudonymised

RAW_BLANK_ORDER = ("gruppe", "enhed", "omraade")
"""Background columns blanked, in this order, for rows that would otherwise single out fewer than k."""
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Kind:
    filename: str
    content_type: str
    label: object
    raw: bool = False
    """Respondent-level data: only for users who may download raw data."""
    table: str = ""
    """For the CSV of an extended table: its name in :class:`~frisat.core.extended.ExtendedResult`."""
    items: str = ""
    """For items.csv / item_changes.csv: the bundle's attribute (``items`` / ``item_changes``)."""
    excel_of: str = ""
    """For the Excel variant of a CSV (``…-excel.csv``): the kind of its data variant."""


KINDS: dict[str, Kind] = {
    "resultater.xlsx": Kind("resultater.xlsx", XLSX, _("Resultater (Excel, .xlsx)")),
    "summary.csv": Kind("summary.csv", "text/csv; charset=utf-8", _("Gruppetal (CSV)")),
    "rapport.pdf": Kind("rapport.pdf", "application/pdf", _("Rapport (PDF)")),
    "besvarelser.sav": Kind("besvarelser.sav", "application/x-spss-sav", _("Besvarelser (SPSS, .sav med labels)"),
                            raw=True),
    "besvarelser.csv": Kind("besvarelser.csv", "text/csv; charset=utf-8", _("Besvarelser (CSV)"), raw=True),
}
EXTENDED_LABELS = {
    "derived_importance": _("Udtalt og afledt vigtighed (CSV)"),
    "relative_importance": _("Relativ vigtighed (CSV)"),
    "points": _("Pointfordeling (CSV)"),
    "group_differences": _("Forskelle mellem respondentgrupper (CSV)"),
    "changes": _("Ændringer mellem bølger (CSV)"),
    "trend": _("Udvikling over bølger (CSV)"),
    "followup": _("Enheder, der skiller sig ud (CSV)"),
}
"""The extended tables (frisat.core.extended.TABLES), each a CSV download named as by ``frisat analyze``."""
KINDS.update({f"{name}.csv": Kind(f"{name}.csv", "text/csv; charset=utf-8", EXTENDED_LABELS.get(name, name),
                                  table=name) for name in EXTENDED_TABLES})
KINDS.update({
    "items.csv": Kind("items.csv", "text/csv; charset=utf-8", _("Svar pr. spørgsmål (CSV)"), items="items"),
    "item_changes.csv": Kind("item_changes.csv", "text/csv; charset=utf-8",
                             _("Ændring pr. spørgsmål mellem bølger (CSV)"), items="item_changes"),
})
"""The item tables (issue 14), named and written exactly as by ``frisat analyze``."""
BAROMETER_ONLY = ("summary.csv", "rapport.pdf")
"""Downloads of the barometer analysis: not offered for an instrument with items only."""


def _with_excel_variants(kinds: dict[str, Kind]) -> dict[str, Kind]:
    """Each CSV twice (issue 13): «…-excel.csv» for a Danish Excel (``;``, decimal comma, BOM) listed
    first, and «…-data.csv» for R/pandas (``,``, decimal point, no BOM; the URL keeps the name
    ``X.csv``, as ``frisat analyze`` writes it)."""
    out: dict[str, Kind] = {}
    for kind, spec in kinds.items():
        if not kind.endswith(".csv"):
            out[kind] = spec
            continue
        stem = kind.removesuffix(".csv")
        out[f"{stem}-excel.csv"] = replace(spec, filename=csv_filename(stem, "excel"), excel_of=kind,
                                           label=format_lazy("{} – {}", spec.label, _("til Excel")))
        out[kind] = replace(spec, filename=csv_filename(stem, "data"),
                            label=format_lazy("{} – {}", spec.label, _("data til R/pandas")))
    return out


KINDS = _with_excel_variants(KINDS)



def available(kind: str, extended: ExtendedResult | None, bundle: ResultBundle | None = None) -> bool:
    """Whether the download ``kind`` applies: an extended table's CSV only when the table does, an
    item table's only when the bundle has it, the barometer's files only with a barometer analysis."""
    spec = KINDS[kind]
    if spec.excel_of:
        return available(spec.excel_of, extended, bundle)
    if spec.items:
        return bundle is not None and getattr(bundle, spec.items) is not None
    if kind in BAROMETER_ONLY and bundle is not None and bundle.analysis is None:
        return False
    return not spec.table or (extended is not None and spec.table in extended.tables())


@dataclass(frozen=True)
class Download:
    filename: str
    content_type: str
    data: bytes


def _in_temp_dir(write: Callable[[Path], Path]) -> bytes:
    with tempfile.TemporaryDirectory(prefix="frisat-resultater-") as folder:
        return write(Path(folder)).read_bytes()


def _respondent_rows(prepared: Prepared, result: AnalysisResult, include: bool):
    """result.respondents for the Respondenter sheet: empty unless the user may have raw data;
    with new ids and no submission order in anonymous rounds."""
    respondents = result.respondents
    if not include:
        return to_arrow(respondents.iloc[0:0])
    if any(m.anonymous for m in prepared.choices.rounds):
        _frame, mapping = pseudonymised(prepared.frame)
        respondents = respondents.assign(respondent_id=respondents["respondent_id"].astype(str).map(mapping))
        respondents = respondents.sort_values([*result.by, "spor", "respondent_id"], kind="stable")
    return to_arrow(respondents.reset_index(drop=True))


def build(kind: str, prepared: Prepared, result: AnalysisResult | None, *, include_respondents: bool,
          selection_note: str, extended: ExtendedResult | None = None, include_comments: bool = True) -> Download:
    """The file ``kind`` (a key of :data:`KINDS`) for the prepared subset.

    ``extended`` (:attr:`ResultBundle.extended <frisat.core.results.ResultBundle.extended>`) adds the
    extended tables to resultater.xlsx and the report, and is needed for their CSV files. The item
    tables of the bundle are sheets of resultater.xlsx and the files items.csv / item_changes.csv.
    ``include_comments`` false (the read-only role): no open comments in the files.
    """
    spec = KINDS[kind]
    if spec.excel_of:
        data_file = build(spec.excel_of, prepared, result, include_respondents=include_respondents,
                          selection_note=selection_note, extended=extended, include_comments=include_comments)
        return Download(spec.filename, spec.content_type, excel_from_data(data_file.data))
    if spec.raw:
        frame = prepared.raw
        if any(m.anonymous for m in prepared.choices.rounds):
            # no row's background columns single out fewer than k respondents
            frame = k_anonymous(frame, RAW_BLANK_ORDER, prepared.choices.k, keep=("kommune", "maaling"))
            frame, _mapping = pseudonymised(frame.reset_index(drop=True))
        data = _in_temp_dir(lambda d: write_responses(frame, d / spec.filename, prepared.instrument))
        if kind.endswith(".csv"):
            # the data variant has no BOM (frisat.io writes the canonical file with one for Excel)
            data = data.removeprefix(BOM.encode("utf-8"))
        return Download(spec.filename, spec.content_type, data)
    bundle = prepared.bundle
    if spec.items:
        table = getattr(bundle, spec.items)
        if table is None:
            raise ValueError(f"the table {spec.items} does not apply")
        written = items_csv_table(table) if spec.items == "items" else changes_csv_table(table)
        data = _in_temp_dir(lambda d: write_csv(written, d / spec.filename))
        return Download(spec.filename, spec.content_type, data)
    extra = item_sheets(bundle.items, bundle.item_changes, prepared.instrument, bundle.min_n)
    if result is None and kind == "resultater.xlsx":  # an instrument with items only
        codebook = [row for sheet in extra for row in _codebook_rows(sheet)]
        data = _in_temp_dir(lambda d: write_workbook(d / spec.filename, extra, codebook,
                                                     codebook_notes(bundle.min_n)))
        return Download(spec.filename, spec.content_type, data)
    assert result is not None
    if spec.table:
        if not available(kind, extended):
            raise ValueError(f"the table {spec.table} does not apply")
        table = written_table(spec.table, extended.tables()[spec.table], result.instrument,
                              extended.config.followup_top)
        data = _in_temp_dir(lambda d: write_csv(table, d / spec.filename))
    elif kind == "summary.csv":
        data = _in_temp_dir(lambda d: write_csv(result.summary, d / spec.filename))
    elif kind == "resultater.xlsx":
        rows = _respondent_rows(prepared, result, include_respondents)
        comments = bundle.comments if include_comments else bundle.comments.iloc[0:0]
        data = _in_temp_dir(lambda d: write_xlsx(result, rows, comments, d / spec.filename, extended, extra))
    else:
        data = _in_temp_dir(lambda d: _write_pdf(prepared, result, extended, d / spec.filename, selection_note,
                                                 include_comments))
    return Download(spec.filename, spec.content_type, data)


def _write_pdf(prepared: Prepared, result: AnalysisResult, extended: ExtendedResult | None, target: Path,
               selection_note: str, include_comments: bool = True) -> Path:
    bundle = prepared.bundle  # computed once by frisat.core.results.compute
    comments = bundle.comments if include_comments else bundle.comments.iloc[0:0]
    panels = PanelSet.of(bundle.panels)
    whole = bundle.overview if extended is not None else None
    figures = draw_figures(result, panels, whole)
    context = build_context(result, prepared.frame, panels, figures, comments, extended=extended,
                            whole=whole)
    if bundle.items is not None:  # issue 14: the extra questions' chapter, as in frisat analyze's report
        extra = item_figures_for(bundle, first_number=len(figures.all()) + 1)
        context["items"] = build_items_context(bundle.items, bundle.item_changes, result.instrument, bundle.min_n,
                                               extra)
    context["notes"] = [selection_note, *context["notes"]]
    write_pdf(render_html(context), target)
    return target
