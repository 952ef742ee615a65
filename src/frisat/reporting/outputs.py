"""write_outputs: every result file of one analysis, written atomically into one folder."""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pyarrow as pa

from frisat.core.analysis import UNCERTAINTY_COLUMNS, AnalysisResult
from frisat.core.extended import TABLES as EXTENDED_TABLES
from frisat.core.extended import ExtendedResult
from frisat.core.results import ResultBundle, bundle_of
from frisat.reporting import labels
from frisat.reporting._files import atomic_path, write_bytes, write_text
from frisat.reporting.excel import write_xlsx
from frisat.reporting.figures import (
    DOT_ROWS_PER_FIGURE,
    FigureOutput,
    dot_chart,
    reading_guide,
    spor_means,
    spor_scatter,
)
from frisat.reporting.panels import PanelSet
from frisat.reporting.report import FigureGroups, build_context, render_html, write_pdf
from frisat.reporting.report_extended import draw_extended
from frisat.reporting.tables import to_arrow, write_analysis_json, write_csv, write_summary_json

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


def draw_figures(result: AnalysisResult, panels: PanelSet, whole: ExtendedResult | None = None) -> FigureGroups:
    """All figures of the report (numbered in reading order); ``whole``: the extended chapters' tables."""
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

    panel_label = panels.label if not panels.many else "Alle"
    for spor in result.spor:
        groups.scatters.append(spor_scatter(spor_names[spor], panels.panels(spor), config,
                                            f"spor_{spor}", panel_label))

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


def _write_tables(result: AnalysisResult, respondents: pa.Table, comments: pd.DataFrame,
                  out_dir: Path, extended: ExtendedResult | None = None) -> list[Path]:
    """respondents.csv and resultater.xlsx (runs beside the report: Arrow and zlib release the GIL)."""
    return [write_csv(respondents, out_dir / "respondents.csv"),
            write_xlsx(result, respondents, comments, out_dir / "resultater.xlsx", extended)]


def _write_extended_tables(extended: ExtendedResult | None, out_dir: Path) -> list[Path]:
    """``{table}.csv`` for each extended table that applies; a stale file of one that does not is removed."""
    tables = extended.tables() if extended is not None else {}
    written = []
    for name in EXTENDED_TABLES:
        target = out_dir / f"{name}.csv"
        if name in tables:
            written.append(write_csv(tables[name], target))
        elif extended is not None:
            target.unlink(missing_ok=True)
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
    result, frame, extended = bundle.analysis, bundle.frame, bundle.extended
    say = progress or (lambda _message: None)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)

    say("Skriver summary.csv, summary.json og analysis.json")
    written = [write_csv(result.summary, out_dir / "summary.csv"),
               write_summary_json(result, out_dir / "summary.json"),
               write_analysis_json(result, extended, out_dir / "analysis.json"),
               *_write_extended_tables(extended, out_dir)]
    n_first = len(written)

    comments = bundle.comments
    respondents = to_arrow(result.respondents)
    # The table thread gets its own copies of the small tables; the big one is immutable Arrow.
    table_view = dataclasses.replace(result, summary=result.summary.copy(), counts=result.counts.copy(),
                                     comments=comments.copy())
    say(f"Skriver respondents.csv og resultater.xlsx ({labels.fmt_int(respondents.num_rows)} rækker)")
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="frisat-tabeller") as pool:
        tables = pool.submit(_write_tables, table_view, respondents, table_view.comments, out_dir, extended)

        panels = PanelSet.of(bundle.panels)
        whole = bundle.overview if extended is not None else None
        say("Tegner figurer")
        figures = draw_figures(result, panels, whole)
        written += _write_figures(figures.all(), out_dir / FIGURE_FOLDER)

        say("Skriver rapport.html")
        context = build_context(result, frame, panels, figures, comments, extended=extended, whole=whole)
        written.append(write_text(out_dir / "rapport.html", render_html(context)))
        if pdf:
            say("Skriver rapport.pdf")
            target = out_dir / "rapport.pdf"
            with atomic_path(target) as tmp:
                write_pdf(render_html(context, print_mode=True), tmp)
            written.append(target)
        say("Venter på respondents.csv og resultater.xlsx")
        written[n_first:n_first] = tables.result()
    return written
