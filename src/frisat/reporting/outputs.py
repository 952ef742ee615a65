"""write_outputs: every result file of one analysis, written atomically into one folder."""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from frisat.core.analysis import UNCERTAINTY_COLUMNS, AnalysisResult
from frisat.core.extended import ExtendedResult
from frisat.core.results import ResultBundle, bundle_of
from frisat.reporting import labels, language
from frisat.reporting._files import atomic_path, write_bytes, write_text
from frisat.reporting.data_files import PROCESS_ROWS, DataFileWriter
from frisat.reporting.figure_process import Job, ScatterPainter
from frisat.reporting.figures import (
    DOT_ROWS_PER_FIGURE,
    FigureOutput,
    dot_chart,
    reading_guide,
    spor_means,
    spor_scatter,
)
from frisat.reporting.item_outputs import item_figures_for, write_items_bundle
from frisat.reporting.item_report import build_items_context
from frisat.reporting.item_tables import item_sheets, write_item_files
from frisat.reporting.panels import PanelSet
from frisat.reporting.pdf_process import PdfPrinter
from frisat.reporting.report import FigureGroups, build_context, render_html, write_pdf
from frisat.reporting.report_extended import draw_extended
from frisat.reporting.tables import to_arrow

FIGURE_FOLDER = "figurer"


def _slug(text: str) -> str:
    text = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_") or "x"


def _n_text(rows: list[dict]) -> int | None:
    ns = [int(r["n"]) for r in rows if not r["suppressed"] and not labels.is_missing(r["n"])]
    return max(ns) if ns else None


def _means_rows(summary: pd.DataFrame, spor_names: dict[str, str]) -> list[dict]:
    rows = []
    for record in summary.to_dict("records"):
        rows.append({"label": spor_names[record["spor"]], "vigt_mean": record["vigt_mean"],
                     "impl_mean": record["impl_mean"], "n": record["n"], "suppressed": record["suppressed"],
                     **{c: record.get(c) for c in UNCERTAINTY_COLUMNS}})
    return rows


def scatter_jobs(result: AnalysisResult, panels: PanelSet) -> list[Job]:
    """The arguments of the report's :func:`~frisat.reporting.figures.spor_scatter` calls, one per spor."""
    spor_names = labels.spor_labels(result.instrument)
    panel_label = panels.label if not panels.many else "Alle"
    return [(spor_names[spor], panels.panels(spor), result.config, f"spor_{spor}", panel_label)
            for spor in result.spor]


def draw_figures(result: AnalysisResult, panels: PanelSet, whole: ExtendedResult | None = None,
                 painter: ScatterPainter | None = None) -> FigureGroups:
    """All figures of the report (numbered in reading order); ``whole``: the extended chapters' tables.

    With ``painter`` — a helper process already given :func:`scatter_jobs` — the per-spor scatter
    figures are its (:mod:`frisat.reporting.figure_process`); without, they are drawn here.
    """
    config = result.config
    spor_names = labels.spor_labels(result.instrument)
    groups = FigureGroups(guide=reading_guide(result.instrument, config))

    if panels.variable is None or panels.many:
        source = panels.overall if panels.overall is not None else panels.result
        targets = [("Alle", source.summary)]
    else:
        summary = panels.result.summary
        targets = [(key, summary[summary[panels.variable].astype("string") == key]) for key in panels.keys]
    for key, part in targets:
        rows = _means_rows(part, spor_names)
        shown = [r for r in rows if not r["suppressed"]]
        title = labels.value_label(key)
        figure = spor_means(title, shown, _n_text(rows), config, f"gennemsnit_{_slug(key)}")
        if not shown:
            figure.cautions.append(f"{title}: {labels.suppressed_text(config.min_n)}.")
        groups.means.append(figure)

    if painter is None:
        groups.scatters.extend(spor_scatter(*job) for job in scatter_jobs(result, panels))

    if panels.many:
        for spor in result.spor:
            part = panels.area_rows(spor).sort_values("gap", ascending=False, na_position="last")
            rows = [{"name": labels.value_label(r[panels.variable]), "n": r["n"], "impl_mean": r["impl_mean"],
                     "vigt_mean": r["vigt_mean"], "suppressed": bool(r["suppressed"]),
                     **{c: r.get(c) for c in UNCERTAINTY_COLUMNS}}
                    for r in part.to_dict("records")]
            parts = max(1, math.ceil(len(rows) / DOT_ROWS_PER_FIGURE))
            size = math.ceil(len(rows) / parts) if rows else 1
            chunks = [rows[i:i + size] for i in range(0, len(rows), size)]
            for i, chunk in enumerate(chunks, start=1):
                groups.dots.append(dot_chart(spor_names[spor], chunk, config, f"prikker_{spor}_{i}",
                                             panels.label, (i, len(chunks))))
    if whole is not None:
        groups.extended = draw_extended(result, whole)
    if painter is not None:
        groups.scatters.extend(painter.figures())
    for number, figure in enumerate(groups.all(), start=1):
        figure.number = number
        figure.slug = f"figur_{number:02d}_{figure.slug}"
    return groups


def _write_figures(figures: list[FigureOutput], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = [write_bytes(folder / f"{f.slug}.png", f.png) for f in figures]
    keep = {p.name for p in written}
    for stale in folder.glob("figur_*.png"):
        if stale.name not in keep:
            stale.unlink(missing_ok=True)
    return written


def write_outputs(
    result: AnalysisResult,
    frame: pd.DataFrame,
    out_dir: Path,
    *,
    pdf: bool = True,
    progress: Callable[[str], None] | None = None,
    extended: ExtendedResult | None = None,
) -> list[Path]:
    """:func:`write_bundle` for an analysis computed already (``analyze(frame, …)``, ``extended`` its
    ``extended_analysis``) — for tests and scripts; ``frisat analyze`` passes the bundle of
    :func:`frisat.core.results.compute`."""
    return write_bundle(bundle_of(result, frame, extended), out_dir, pdf=pdf, progress=progress)


def write_bundle(
    bundle: ResultBundle,
    out_dir: Path,
    *,
    pdf: bool = True,
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    """Write summary.csv/.json, analysis.json, respondents.csv, resultater.xlsx, rapport.html/.pdf and figurer/.

    ``bundle`` is :func:`frisat.core.results.compute`'s: with its extended tables, each one that
    applies is written as ``{table}.csv`` and a sheet, goes into analysis.json and gets its chapter
    in the report. Nothing is computed here but files. Each file is written atomically; returns the
    paths written. ``progress`` gets a Danish message before each long step.
    """
    if not bundle.allowed:
        raise ValueError("the subset may not be shown")
    if bundle.analysis is None:  # issue 14: an instrument without the barometer's dimensions
        return write_items_bundle(bundle, out_dir, pdf=pdf, progress=progress)
    result, frame, extended = bundle.analysis, bundle.frame, bundle.extended
    say = progress or (lambda _message: None)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)

    big = len(result.respondents) >= PROCESS_ROWS
    with contextlib.ExitStack() as helpers:
        # A big analysis prints the PDF in a helper process, started now so that WeasyPrint's import
        # overlaps the figures (frisat.reporting.pdf_process).
        printer = helpers.enter_context(PdfPrinter(out_dir)) if pdf and big else None
        painter = helpers.enter_context(ScatterPainter(out_dir)) if big else None
        comments = bundle.comments
        respondents = to_arrow(result.respondents)
        say(f"Skriver summary, analysis.json, respondents.csv og resultater.xlsx "
            f"({labels.fmt_int(respondents.num_rows)} rækker)")
        extra_sheets = (item_sheets(bundle.items, bundle.item_changes, result.instrument,
                                    bundle.min_n or result.config.min_n)  # the extra questions
                        if bundle.items is not None and len(bundle.items) else ())
        data_files = helpers.enter_context(DataFileWriter(result, extended, respondents, comments, out_dir,
                                                          extra_sheets))
        del respondents  # the writer holds what it needs

        say("Beregner tal til figurerne")
        panels = PanelSet.of(bundle.panels)
        if painter is not None and language.current().danish:
            painter.draw(scatter_jobs(result, panels))  # drawn there while the rest is computed here
        else:
            painter = None
        whole = bundle.overview if extended is not None else None
        say("Tegner figurer")
        figures = draw_figures(result, panels, whole, painter)
        item_figures = item_figures_for(bundle, first_number=len(figures.all()) + 1)  # issue 14: extra questions
        context = build_context(result, frame, panels, figures, comments, extended=extended, whole=whole)
        context["items"] = build_items_context(bundle.items, bundle.item_changes, result.instrument,
                                               bundle.min_n or result.config.min_n, item_figures)
        target = out_dir / "rapport.pdf"
        with contextlib.ExitStack() as pdf_file:
            if printer is not None:
                say("Skriver rapport.pdf")
                printer.print(render_html(context, print_mode=True), pdf_file.enter_context(atomic_path(target)))
            written = _write_figures([*figures.all(), *item_figures], out_dir / FIGURE_FOLDER)
            written += write_item_files(bundle.items, bundle.item_changes, out_dir)
            say("Skriver rapport.html")
            written.append(write_text(out_dir / "rapport.html", render_html(context)))
            if printer is not None:
                printer.wait()
            elif pdf:
                say("Skriver rapport.pdf")
                write_pdf(render_html(context, print_mode=True), pdf_file.enter_context(atomic_path(target)))
        if pdf:
            written.append(target)
        say("Venter på respondents.csv og resultater.xlsx")
        written[:0] = data_files.result()
    return written
